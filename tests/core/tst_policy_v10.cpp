// v10 of the atomic-boost series: "[PATCH v10] mm/page_alloc: boost watermarks
// on atomic allocation failure", Qiliang Yuan, 14 Feb 2026,
// <20260214-wujing-mm-page_alloc-v8-v10-1-bdfea431fd97@gmail.com>, Acked-by
// Vlastimil Babka (docs/model.md §8.9; step and cap not verified: knobs).
#include "tst_policy_util.h"

#include <QTest>

using namespace wm;
using namespace wm::ptest;

namespace {
pages_t expectedStep(const Zone &z)
{
    return std::max<pages_t>(kPageblockNrPages, z.managed * 10 / 10000);
}
} // namespace

class TestPolicyV10 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Every eligible zone of the zonelist (both nodes), ~0.1% of managed, one
    // step per zone per second; works with watermark_boost_factor = 0.
    void v10BoostsEveryEligibleZone_data()
    {
        QTest::addColumn<int>("boostFactor");
        QTest::newRow("wbf=15000") << 15000;
        QTest::newRow("wbf=0") << 0;
    }
    void v10BoostsEveryEligibleZone()
    {
        QFETCH(int, boostFactor);
        auto k = kernel(machine("v10", true));
        k->writeWatermarkBoostFactor(boostFactor);
        k->setNow(kSec);
        QVERIFY(k->policy().onSlowpathEntry(*k, ctx(*k, gfp::ATOMIC_, 0, 10)));
        for (const auto &z : k->machine().zones)
            QCOMPARE(z.watermarkBoost, expectedStep(z));
        QCOMPARE(k->counters()[Counter::SimBoostsAtomicSlowpath], 3);
        QCOMPARE(k->counters()[Counter::SimDebounceSuppressed], 9);
        QVERIFY(k->node(0).kswapd.state == KswapdState::Running);
        QVERIFY(k->node(1).kswapd.state == KswapdState::Running);
        // 1 s debounce per zone.
        k->setNow(kSec + 500'000);
        QVERIFY(!k->policy().onSlowpathEntry(*k, ctx(*k, gfp::ATOMIC_, 1)));
        k->setNow(2 * kSec + 1);
        QVERIFY(k->policy().onSlowpathEntry(*k, ctx(*k, gfp::ATOMIC_, 1)));
        for (const auto &z : k->machine().zones)
            QCOMPARE(z.watermarkBoost, 2 * expectedStep(z));
    }

    // Eligible = zones <= the classzone: a GFP_DMA32 atomic request boosts only DMA32.
    void v10RespectsClasszoneAndStrictTest()
    {
        auto k = kernel(machine("v10", true));
        k->setNow(kSec);
        const int dma32 = zoneIndex(ZoneType::DMA32);
        QVERIFY(k->policy().onSlowpathEntry(*k, ctx(*k, gfp::ATOMIC_ | gfp::DMA32, 0, 1, 0, dma32)));
        QVERIFY(zoneOf(*k, 0, ZoneType::DMA32).watermarkBoost > 0);
        QCOMPARE(zoneOf(*k, 0, ZoneType::Normal).watermarkBoost, 0);
        QCOMPARE(zoneOf(*k, 1, ZoneType::Normal).watermarkBoost, 0);
        QVERIFY(!k->policy().onSlowpathEntry(*k, ctx(*k, gfp::NOWAIT)));
        QVERIFY(!k->policy().onSlowpathEntry(*k, ctx(*k, gfp::ATOMIC_, 0, 1, 1)));
        QVERIFY(!k->policy().onAllocFail(*k, ctx(*k, gfp::ATOMIC_)));
    }

    // at_failure = 1: the other reading of where v10 fires (docs/model.md
    // §8.13 note 2): nothing at slowpath entry, the same boost at fail:.
    void v10AtFailureKnobBoostsOnlyAtFail()
    {
        Scenario s = machine("v10", true);
        s.policy.knobs["at_failure"] = 1;
        auto k = kernel(s);
        k->setNow(kSec);
        QVERIFY(!k->policy().onSlowpathEntry(*k, ctx(*k, gfp::ATOMIC_)));
        for (const auto &z : k->machine().zones)
            QCOMPARE(z.watermarkBoost, 0);
        QVERIFY(k->policy().onAllocFail(*k, ctx(*k, gfp::ATOMIC_)));
        for (const auto &z : k->machine().zones)
            QCOMPARE(z.watermarkBoost, expectedStep(z));
        QCOMPARE(k->counters()[Counter::SimBoostsAtomicFailure], 3);
        QCOMPARE(k->counters()[Counter::SimBoostsAtomicSlowpath], 0);
    }

    // The cap knob: max(pageblock, high x cap_factor / 10000), independent of the sysctl.
    void v10CapKnob()
    {
        Scenario s = machine("v10");
        s.policy.knobs["cap_factor"] = 5000;
        s.policy.knobs["debounce_ms"] = 0;
        auto k = kernel(s);
        k->writeWatermarkBoostFactor(0);
        for (int i = 1; i <= 200; ++i) {
            k->setNow(i * 1000);
            k->policy().onSlowpathEntry(*k, ctx(*k, gfp::ATOMIC_));
        }
        for (const auto &z : k->machine().zones) {
            const pages_t high = z.watermark[static_cast<std::size_t>(WatermarkIndex::High)];
            QCOMPARE(z.watermarkBoost, std::max<pages_t>(kPageblockNrPages, high * 5000 / 10000));
        }
    }
};

QTEST_GUILESS_MAIN(TestPolicyV10)
#include "tst_policy_v10.moc"
