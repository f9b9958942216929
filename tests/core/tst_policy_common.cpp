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
    // Where each version hooks in (docs/model.md §8.1): v1-v3 only at the
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

    // The debounce of every debounced version is time_after(jiffies, last + interval)
    // (include/linux/jiffies.h; atomic_boost::debounceExpired()): strictly after. A trigger
    // at exactly last + interval is suppressed (and counted), one tick later it fires.
    void debounceIsTimeAfterStrict_data()
    {
        QTest::addColumn<QString>("policy");
        QTest::addColumn<bool>("failure");
        QTest::addColumn<qint64>("intervalUs");
        QTest::newRow("v2 fail: global 10 s") << QStringLiteral("v2") << true << qint64(10'000'000);
        QTest::newRow("v3 fail: global 10 s") << QStringLiteral("v3") << true << qint64(10'000'000);
        QTest::newRow("v4 slowpath: per zone 10 s") << QStringLiteral("v4") << false << qint64(10'000'000);
        QTest::newRow("v4 fail: per zone 10 s") << QStringLiteral("v4") << true << qint64(10'000'000);
        QTest::newRow("v5 slowpath: per zone 1 s") << QStringLiteral("v5") << false << qint64(1'000'000);
        QTest::newRow("v5 fail: per zone 1 s") << QStringLiteral("v5") << true << qint64(1'000'000);
        QTest::newRow("v10 slowpath: per zone 1 s") << QStringLiteral("v10") << false << qint64(1'000'000);
    }
    void debounceIsTimeAfterStrict()
    {
        QFETCH(QString, policy);
        QFETCH(bool, failure);
        QFETCH(qint64, intervalUs);
        // One Normal zone: a per-zone debounce has no second zone to move on to.
        auto k = kernel(singleZone(policy.toStdString()));
        auto trigger = [&](usec_t t) {
            runTimers(*k, t);
            const auto c = ctx(*k, gfp::ATOMIC_);
            return failure ? k->policy().onAllocFail(*k, c) : k->policy().onSlowpathEntry(*k, c);
        };
        QVERIFY(trigger(kSec));
        QCOMPARE(k->counters()[Counter::SimDebounceSuppressed], 0);
        QVERIFY2(!trigger(kSec + intervalUs), "time_after(last + interval, last + interval) is false");
        QCOMPARE(k->counters()[Counter::SimDebounceSuppressed], 1);
        QVERIFY2(trigger(kSec + intervalUs + 1), "one tick after last + interval the debounce has expired");
        QCOMPARE(k->counters()[Counter::SimDebounceSuppressed], 1);
    }

    // `hookActs`: whether this hook of this version does anything for this mask, so that a
    // row comparing two untouched kernels is told apart from one comparing two changed ones.
    // v1-v3 act at fail: with the buggy `gfp_mask & GFP_ATOMIC` test, which GFP_NOWAIT
    // (0x2800, __GFP_KSWAPD_RECLAIM) passes; v4/v5 at both hooks and v10 at slowpath entry
    // with the strict `(gfp_mask & GFP_ATOMIC) == GFP_ATOMIC`, which GFP_NOWAIT fails.
    // vanilla and the static policies have no hooks.
    void bulkEqualsRepeatedCalls_data()
    {
        QTest::addColumn<QString>("policy");
        QTest::addColumn<bool>("failure");
        QTest::addColumn<uint>("mask");
        QTest::addColumn<bool>("hookActs");
        const QStringList buggyTestAtFail {"v1", "v2", "v3"};
        const QStringList strictTestBothHooks {"v4", "v5"};
        for (const auto &id : kAll)
            for (bool failure : {false, true})
                for (uint mask : {uint(gfp::ATOMIC_), uint(gfp::NOWAIT)}) {
                    const bool atomic = mask == gfp::ATOMIC_;
                    const bool acts = (buggyTestAtFail.contains(id) && failure) || (strictTestBothHooks.contains(id) && atomic)
                        || (id == QLatin1String("v10") && !failure && atomic);
                    QTest::addRow("%s %s %s (%s)", qPrintable(id), failure ? "fail" : "slowpath", atomic ? "atomic" : "nowait",
                        acts ? "hook acts" : "hook inert")
                        << id << failure << mask << acts;
                }
    }
    void bulkEqualsRepeatedCalls()
    {
        QFETCH(QString, policy);
        QFETCH(bool, failure);
        QFETCH(uint, mask);
        QFETCH(bool, hookActs);
        const Scenario s = machine(policy.toStdString(), true, 4194304);
        auto bulk = kernel(s);
        auto single = kernel(s);
        const State initial = state(*bulk);
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
        // v1/v2 act through a work item: the one queued at 1 s has run by 3 s.
        QCOMPARE(!(state(*bulk) == initial), hookActs);
    }
};

QTEST_GUILESS_MAIN(TestPolicyCommon)
#include "tst_policy_common.moc"
