// v3 of the atomic-boost series: "[PATCH v3 1/1] mm/page_alloc: auto-tune
// watermarks on atomic allocation failure", wujing, 5 Jan 2026,
// <20260105115943.1361645-2-realwujing@qq.com> (docs/model.md §8.5).
#include "tst_policy_util.h"

#include <QTest>

using namespace wm;
using namespace wm::ptest;

class TestPolicyV3 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // boost_watermark() on EVERY zone of the zonelist, the other node's
    // included; once per 10 s globally.
    void v3BoostsEveryZoneOfZonelistOncePer10s()
    {
        auto k = kernel(machine("v3", true));
        Zone &n0Normal = zoneOf(*k, 0, ZoneType::Normal);
        Zone &n0Dma32 = zoneOf(*k, 0, ZoneType::DMA32);
        Zone &n1Normal = zoneOf(*k, 1, ZoneType::Normal);
        k->setNow(kSec);
        QVERIFY(k->policy().onAllocFail(*k, ctx(*k, gfp::ATOMIC_, 0, 4)));
        QCOMPARE(n0Normal.watermarkBoost, kPageblockNrPages);
        QCOMPARE(n0Dma32.watermarkBoost, kPageblockNrPages);
        QCOMPARE(n1Normal.watermarkBoost, kPageblockNrPages);
        QCOMPARE(k->counters()[Counter::SimBoostsAtomicFailure], 3);
        QCOMPARE(k->counters()[Counter::SimDebounceSuppressed], 3);
        // From node 1 5 s later: the global debounce holds.
        k->setNow(6 * kSec);
        QVERIFY(!k->policy().onAllocFail(*k, ctx(*k, gfp::ATOMIC_, 1)));
        QCOMPARE(n1Normal.watermarkBoost, kPageblockNrPages);
        k->setNow(11 * kSec + 1);
        QVERIFY(k->policy().onAllocFail(*k, ctx(*k, gfp::ATOMIC_, 1)));
        QCOMPARE(n1Normal.watermarkBoost, 2 * kPageblockNrPages);
        QCOMPARE(n0Normal.watermarkBoost, 2 * kPageblockNrPages);
        // kswapd was woken on both nodes.
        QVERIFY(k->node(0).kswapd.state == KswapdState::Running);
        QVERIFY(k->node(1).kswapd.state == KswapdState::Running);
    }

    // The unmodified boost_watermark(): nothing with watermark_boost_factor = 0,
    // and the buggy test fires on a GFP_KERNEL failure too.
    void v3NativeBoostAndBuggyTest()
    {
        auto k = kernel(machine("v3"));
        k->writeWatermarkBoostFactor(0);
        for (auto &z : k->machine().zones)
            z.free = 1000; // below low: a wakeup would start kswapd
        k->setNow(kSec);
        k->policy().onAllocFail(*k, ctx(*k, gfp::ATOMIC_));
        QCOMPARE(zoneOf(*k, 0, ZoneType::Normal).watermarkBoost, 0);
        // "if (boost_watermark(zone)) wakeup_kswapd(...)": no boost, no wakeup.
        QCOMPARE(k->node(0).kswapd.state, KswapdState::Sleeping);
        auto k2 = kernel(machine("v3"));
        k2->setNow(kSec);
        QVERIFY(k2->policy().onAllocFail(*k2, ctx(*k2, gfp::KERNEL)));
        QCOMPARE(zoneOf(*k2, 0, ZoneType::Normal).watermarkBoost, kPageblockNrPages);
    }
};

QTEST_GUILESS_MAIN(TestPolicyV3)
#include "tst_policy_v3.moc"
