// Properties every policy shares: the registry lists all ten; the request
// stream does not depend on the policy (same seed -> same sim_alloc_requests);
// the bulk contract of policy.h (a hook called with count = n behaves exactly
// like n calls with count = 1).
#include "tst_policy_util.h"

#include "policy/registry.h"
#include "sim/simulation.h"

#include <QTest>

using namespace wm;
using namespace wm::ptest;

namespace {
const QStringList kAll {"vanilla", "v1", "v2", "v3", "v4", "v5", "v10", "static-min-free", "static-wsf", "no-boost"};

// A 2-node box whose page cache fills memory, GFP_ATOMIC skb slab refills in bursts.
Scenario storm(const std::string &policy)
{
    Scenario s;
    s.name = "storm";
    s.nodes.push_back({{zone(ZoneType::DMA32, 200000, 4000, 180000), zone(ZoneType::Normal, 600000, 8000, 560000)}});
    s.nodes.push_back({{zone(ZoneType::Normal, 800000, 10000, 760000)}});
    s.policy.id = policy;
    s.duration = 3'000'000;
    s.seed = 7;
    s.reclaim.kswapdFileRate = 300000; // a slow kswapd: the burst outruns it
    SourceSpec cache;
    cache.name = "pagecache";
    cache.gfpMask = gfp::HIGHUSER_MOVABLE;
    cache.gfp = formatGfp(cache.gfpMask);
    cache.rate.kind = RateKind::Poisson;
    cache.rate.rate = 300000;
    cache.lifetime.kind = LifetimeKind::PageCache;
    SourceSpec skb;
    skb.name = "skb";
    skb.gfpMask = gfp::ATOMIC_;
    skb.gfp = formatGfp(skb.gfpMask);
    skb.slabRefill = true;
    skb.slabOrder = 2;
    skb.rate.kind = RateKind::Bursts;
    skb.rate.rate = 2000;
    skb.rate.burstRate = 400000;
    skb.rate.period = 1'000'000;
    skb.rate.burstLength = 300'000;
    skb.rate.phase = 200'000;
    skb.lifetime.kind = LifetimeKind::Exponential;
    skb.lifetime.duration = 200'000;
    SourceSpec nowait = skb;
    nowait.name = "nowait";
    nowait.gfpMask = gfp::NOWAIT;
    nowait.gfp = formatGfp(nowait.gfpMask);
    nowait.slabRefill = false;
    nowait.rate.burstRate = 50000;
    s.sources = {cache, skb, nowait};
    return s;
}

struct State {
    std::vector<pages_t> boosts;
    std::vector<std::array<pages_t, 4>> wm;
    std::vector<std::int64_t> scale;
    std::vector<usec_t> last;
    KernelTunables tun;
    CounterSet counters;
    bool operator==(const State &) const = default;
};
State state(const Kernel &k)
{
    State s;
    for (const auto &z : k.machine().zones) {
        s.boosts.push_back(z.watermarkBoost);
        s.wm.push_back(z.watermark);
        s.scale.push_back(z.watermarkScaleBoost);
        s.last.push_back(z.lastBoostTime);
    }
    s.tun = k.tunables();
    s.counters = k.counters();
    return s;
}
} // namespace

class TestPolicyCommon : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void registryListsAllTenPolicies()
    {
        QStringList ids;
        for (const auto &p : policyInfos()) {
            ids << QString::fromStdString(p.id);
            QVERIFY2(!p.summary.empty() && !p.title.empty(), p.id.c_str());
            for (const auto &kn : p.knobs) {
                QVERIFY(kn.min <= kn.defaultValue && kn.defaultValue <= kn.max);
                QVERIFY(validatePolicyKnob(p.id, kn.name, kn.defaultValue).empty());
            }
        }
        QCOMPARE(ids, kAll);
    }

    // The shared request stream: every policy sees the same requests for a seed.
    void sameAllocRequestsForEveryPolicy()
    {
        std::int64_t requests = -1;
        for (const auto &id : kAll) {
            Simulation sim(storm(id.toStdString()), SimOptions {false, 16, 1000, false});
            sim.runToEnd();
            const auto c = sim.counters();
            if (id == QLatin1String("vanilla"))
                QVERIFY2(c[Counter::SimAtomicFailures] > 0, "the storm must make GFP_ATOMIC fail with the stock kernel");
            if (requests < 0)
                requests = c[Counter::SimAllocRequests];
            QVERIFY2(c[Counter::SimAllocRequests] == requests, qPrintable(id));
        }
        QVERIFY(requests > 0);
    }

    // policy.h: "a policy must behave exactly as if the hook were called count times in a row".
    // Where each version hooks in (kernel-model.md §2.1): v1-v3 only at the
    // fail: label, v4/v5 at slowpath entry and at fail:, v10 at slowpath entry.
    // A hook a version does not have must leave the kernel untouched.
    void hooksOnlyWhereTheVersionHasThem_data()
    {
        QTest::addColumn<QString>("policy");
        QTest::addColumn<bool>("actsAtEntry");
        QTest::addColumn<bool>("actsAtFail");
        QTest::newRow("v1: fail: only") << QStringLiteral("v1") << false << true;
        QTest::newRow("v2: fail: only") << QStringLiteral("v2") << false << true;
        QTest::newRow("v3: fail: only") << QStringLiteral("v3") << false << true;
        QTest::newRow("v4: both") << QStringLiteral("v4") << true << true;
        QTest::newRow("v5: both") << QStringLiteral("v5") << true << true;
        QTest::newRow("v10: slowpath entry") << QStringLiteral("v10") << true << false;
        QTest::newRow("vanilla: neither") << QStringLiteral("vanilla") << false << false;
    }
    void hooksOnlyWhereTheVersionHasThem()
    {
        QFETCH(QString, policy);
        QFETCH(bool, actsAtEntry);
        QFETCH(bool, actsAtFail);
        for (bool atFail : {false, true}) {
            auto k = kernel(machine(policy.toStdString(), true, 4194304));
            const State before = state(*k);
            k->setNow(kSec);
            const auto c = ctx(*k, gfp::ATOMIC_);
            if (atFail)
                k->policy().onAllocFail(*k, c);
            else
                k->policy().onSlowpathEntry(*k, c);
            runTimers(*k, kSec + 1000); // work scheduled by the hook runs at the next tick
            const bool acted = !(state(*k) == before);
            QCOMPARE(acted, atFail ? actsAtFail : actsAtEntry);
        }
    }

    void bulkEqualsRepeatedCalls_data()
    {
        QTest::addColumn<QString>("policy");
        QTest::addColumn<bool>("failure");
        QTest::addColumn<uint>("mask");
        for (const auto &id : kAll)
            for (bool failure : {false, true})
                for (uint mask : {uint(gfp::ATOMIC_), uint(gfp::NOWAIT)})
                    QTest::addRow(
                        "%s %s %s", qPrintable(id), failure ? "fail" : "slowpath", mask == gfp::ATOMIC_ ? "atomic" : "nowait")
                        << id << failure << mask;
    }
    void bulkEqualsRepeatedCalls()
    {
        QFETCH(QString, policy);
        QFETCH(bool, failure);
        QFETCH(uint, mask);
        const Scenario s = machine(policy.toStdString(), true, 4194304);
        auto bulk = kernel(s);
        auto single = kernel(s);
        for (usec_t t : {kSec, 3 * kSec, 12 * kSec}) {
            for (Kernel *k : {bulk.get(), single.get()}) {
                runTimers(*k, t);
                const int n = k == bulk.get() ? 1 : 6;
                for (int i = 0; i < n; ++i) {
                    const auto c = ctx(*k, mask, 0, k == bulk.get() ? 6 : 1);
                    if (failure)
                        k->policy().onAllocFail(*k, c);
                    else
                        k->policy().onSlowpathEntry(*k, c);
                }
            }
            QVERIFY(state(*bulk) == state(*single));
        }
    }
};

QTEST_GUILESS_MAIN(TestPolicyCommon)
#include "tst_policy_common.moc"
