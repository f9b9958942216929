// v5 of the atomic-boost series: "[PATCH v5] mm/page_alloc: boost watermarks
// on atomic allocation failure", Qiliang Yuan, 21 Jan 2026,
// <20260121064849.34497-1-realwujing@gmail.com> (docs/model.md §8.7).
#include "tst_policy_util.h"

#include <QTest>

using namespace wm;
using namespace wm::ptest;

class TestPolicyV5 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Native boost_watermark() on the preferred zone only, at slowpath entry or
    // failure, per-zone 1 s debounce shared by both hooks.
    void v5PreferredZoneOnlyOneSecondDebounce()
    {
        auto k = kernel(machine("v5", true));
        Zone &pref = zoneOf(*k, 0, ZoneType::Normal);
        k->setNow(kSec);
        QVERIFY(k->policy().onSlowpathEntry(*k, ctx(*k, gfp::ATOMIC_, 0, 5)));
        QCOMPARE(pref.watermarkBoost, kPageblockNrPages);
        QCOMPARE(zoneOf(*k, 0, ZoneType::DMA32).watermarkBoost, 0);
        QCOMPARE(zoneOf(*k, 1, ZoneType::Normal).watermarkBoost, 0);
        QCOMPARE(k->counters()[Counter::SimDebounceSuppressed], 4);
        // wakeup_kswapd() for the boosted zone's node only.
        QCOMPARE(k->node(0).kswapd.state, KswapdState::Running);
        QCOMPARE(k->node(1).kswapd.state, KswapdState::Sleeping);
        // The failure of the same request: debounced (shared last_boost_jiffies).
        QVERIFY(!k->policy().onAllocFail(*k, ctx(*k, gfp::ATOMIC_, 0, 1)));
        k->setNow(kSec + 999'999);
        QVERIFY(!k->policy().onAllocFail(*k, ctx(*k, gfp::ATOMIC_)));
        QCOMPARE(pref.watermarkBoost, kPageblockNrPages);
        k->setNow(2 * kSec + 1);
        QVERIFY(k->policy().onAllocFail(*k, ctx(*k, gfp::ATOMIC_)));
        QCOMPARE(pref.watermarkBoost, 2 * kPageblockNrPages);
        QCOMPARE(k->counters()[Counter::SimBoostsAtomicSlowpath], 1);
        QCOMPARE(k->counters()[Counter::SimBoostsAtomicFailure], 1);
        // Strict test: GFP_KERNEL / GFP_NOWAIT do nothing.
        k->setNow(10 * kSec);
        QVERIFY(!k->policy().onAllocFail(*k, ctx(*k, gfp::NOWAIT)));
        QVERIFY(!k->policy().onAllocFail(*k, ctx(*k, gfp::KERNEL)));
    }

    // boost_watermark() as v4 left it for all callers: max(pageblock,
    // managed >> 10). v6 then named the shift ATOMIC_BOOST_SCALE_SHIFT.
    void v5StepIsV4sManagedShift10()
    {
        auto k = kernel(machine("v5", false, 4194304)); // 16 GiB Normal
        Zone &pref = zoneOf(*k, 0, ZoneType::Normal);
        QCOMPARE(k->policy().boostStep(pref), pages_t {4096});
        k->setNow(kSec);
        QVERIFY(k->policy().onSlowpathEntry(*k, ctx(*k, gfp::ATOMIC_)));
        QCOMPARE(pref.watermarkBoost, pages_t {4096});
        QCOMPARE(k->policy().boostStep(zoneOf(*k, 0, ZoneType::DMA32)), pages_t {772915 >> 10}); // 754
        // step_shift 0: the unmodified boost_watermark(), one pageblock.
        k->policy().setKnob("step_shift", 0);
        QCOMPARE(k->policy().boostStep(pref), kPageblockNrPages);
    }

    // The cap follows watermark_boost_factor: nothing at all when it is 0.
    void v5NothingWhenBoostFactorZero()
    {
        auto k = kernel(machine("v5", true));
        k->writeWatermarkBoostFactor(0);
        for (int i = 1; i <= 5; ++i) {
            k->setNow(i * 2 * kSec);
            k->policy().onSlowpathEntry(*k, ctx(*k, gfp::ATOMIC_));
        }
        for (const auto &z : k->machine().zones)
            QCOMPARE(z.watermarkBoost, 0);
        QCOMPARE(k->counters()[Counter::SimBoostsAtomicSlowpath], 0);
    }
};

QTEST_GUILESS_MAIN(TestPolicyV5)
#include "tst_policy_v5.moc"
