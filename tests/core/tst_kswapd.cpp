// kswapd (v6.12 mm/vmscan.c): wakeup_kswapd(), pgdat_balanced(),
// kswapd_try_to_sleep()'s HZ/10 nap and the *_wmark_hit_quickly counters,
// balance_pgdat()'s boost snapshot, boosted reclaim without swap, and
// kswapd_failures making a node hopeless.
#include "mm/kernel.h"
#include "mm/kswapd.h"
#include "testscenarios.h"

#include <QTest>

using namespace wm;

namespace {
Scenario node(pages_t free, pages_t file, pages_t anon = 0, bool swap = true)
{
    // min 1024 low 1286 high 1548
    Scenario s = test::machine({{test::zone(ZoneType::Normal, 262144, free, file, anon)}}, 4096);
    s.reclaim.kswapdFileRate = 100000; // 100 pages per 1 ms tick
    s.reclaim.kswapdAnonRate = 10000;
    s.reclaim.swap = swap;
    return s;
}

void tick(Kernel &k, KswapdModel &m)
{
    m.runTick(k.node(0));
    k.setNow(k.now() + k.tick());
}
} // namespace

class TestKswapd : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wakeupKswapd_notWhenBalancedAndUnboosted();
    void wakeupKswapd_whenBoostedEvenIfBalanced();
    void balancePgdat_reclaimsToHighThenNapsThenSleeps();
    void kswapdTryToSleep_lowWmarkHitQuicklyWhenWokenDuringNap();
    void kswapdTryToSleep_highWmarkHitQuicklyWhenUnbalancedAfterNap();
    void balancePgdat_clearsBoostSnapshotAtOut();
    void balancePgdat_boostedReclaimDoesNotSwap();
    void balancePgdat_unbalancedWithBoostRestartsAsNormalReclaim();
    void kswapdFailures_16MakeTheNodeHopeless();
    void balancePgdat_slowRateIsNotAFailedRun();
    void kswapdShrinkNode_highOrderRunDropsToOrder0AfterCompactGap();
    void balancePgdat_failureCountedPerRunNotPerPass();
    void kswapdHighestZoneidx_keepsTheLastRunsWhenNoneRequested();
    void minFreeKbytesSysctlHandler_clearsTheBoost();
    void pgdatBalanced_anyZoneAboveHighIncludingReserve();
};

void TestKswapd::wakeupKswapd_notWhenBalancedAndUnboosted()
{
    Kernel k(node(2000, 10000), 100);
    k.wakeupKswapd(k.zone(0), gfp::KERNEL, 0, 2);
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Sleeping);
}

void TestKswapd::wakeupKswapd_whenBoostedEvenIfBalanced()
{
    // wakeup_kswapd(): pgdat_balanced() && !pgdat_watermark_boosted() -> no wake.
    Kernel k(node(20000, 10000), 100);
    QVERIFY(k.boostWatermark(k.zone(0), EventReason::Extfrag));
    QCOMPARE(k.zone(0).watermarkBoost, pages_t {512});
    k.wakeupKswapd(k.zone(0), 0, 0, 2);
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Running);
}

void TestKswapd::balancePgdat_reclaimsToHighThenNapsThenSleeps()
{
    Kernel k(node(1000, 10000), 100);
    KswapdModel m(k);
    k.wakeupKswapd(k.zone(0), gfp::KERNEL, 0, 2);
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Running);
    int ticks = 0;
    while (k.node(0).kswapd.state == KswapdState::Running && ticks < 100) {
        tick(k, m);
        ++ticks;
    }
    // Reclaims until free > high (1548) at 100 pages per tick: 6 ticks.
    QCOMPARE(ticks, 6);
    QVERIFY(k.zone(0).free > 1548);
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Napping);
    QCOMPARE(k.counters()[Counter::Pageoutrun], std::int64_t {1});
    for (int i = 0; i < 99; ++i)
        tick(k, m);
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Napping);
    tick(k, m);
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Sleeping);
    QCOMPARE(k.counters()[Counter::KswapdLowWmarkHitQuickly], std::int64_t {0});
    QCOMPARE(k.counters()[Counter::KswapdHighWmarkHitQuickly], std::int64_t {0});
}

void TestKswapd::kswapdTryToSleep_lowWmarkHitQuicklyWhenWokenDuringNap()
{
    Kernel k(node(1000, 10000), 100);
    KswapdModel m(k);
    k.wakeupKswapd(k.zone(0), gfp::KERNEL, 0, 2);
    int guard = 0;
    while (k.node(0).kswapd.state == KswapdState::Running && guard++ < 1000)
        tick(k, m);
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Napping);
    k.zone(0).free = 1200; // an allocation burst during the nap
    k.wakeupKswapd(k.zone(0), gfp::KERNEL, 0, 2);
    tick(k, m);
    QCOMPARE(k.counters()[Counter::KswapdLowWmarkHitQuickly], std::int64_t {1});
    QCOMPARE(k.counters()[Counter::Pageoutrun], std::int64_t {2});
}

void TestKswapd::kswapdTryToSleep_highWmarkHitQuicklyWhenUnbalancedAfterNap()
{
    Kernel k(node(1000, 10000), 100);
    KswapdModel m(k);
    k.wakeupKswapd(k.zone(0), gfp::KERNEL, 0, 2);
    int guard = 0;
    while (k.node(0).kswapd.state == KswapdState::Running && guard++ < 1000)
        tick(k, m);
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Napping);
    k.zone(0).free = 1400; // below high but nobody called wakeup_kswapd
    for (int i = 0; i < 100; ++i)
        tick(k, m);
    QCOMPARE(k.counters()[Counter::KswapdHighWmarkHitQuickly], std::int64_t {1});
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Running);
}

void TestKswapd::balancePgdat_clearsBoostSnapshotAtOut()
{
    // balance_pgdat(): zone->watermark_boost -= min(watermark_boost, zone_boosts[i]) at out:.
    Kernel k(node(1400, 100000), 100);
    KswapdModel m(k);
    k.boostWatermark(k.zone(0), EventReason::Extfrag);
    k.boostWatermark(k.zone(0), EventReason::Extfrag);
    QCOMPARE(k.zone(0).watermarkBoost, pages_t {1024});
    k.wakeupKswapd(k.zone(0), 0, 0, 2);
    tick(k, m); // snapshot taken at entry
    k.boostWatermark(k.zone(0), EventReason::Extfrag); // a boost during the run survives
    int guard = 0;
    while (k.node(0).kswapd.state == KswapdState::Running && guard++ < 1000)
        tick(k, m);
    QCOMPARE(k.zone(0).watermarkBoost, pages_t {512});
    QVERIFY(k.zone(0).free > 1548 + 1024);
}

void TestKswapd::balancePgdat_boostedReclaimDoesNotSwap()
{
    // may_swap = !nr_boost_reclaim: a balanced node with a boost reclaims file only.
    Scenario s = test::machine(
        {{test::zone(ZoneType::DMA32, 262144, 100000, 0, 0), test::zone(ZoneType::Normal, 262144, 1700, 0, 50000)}}, 8192);
    Kernel k(s, 100);
    KswapdModel m(k);
    k.boostWatermark(k.zone(1), EventReason::Extfrag);
    k.wakeupKswapd(k.zone(1), 0, 0, 2);
    for (int i = 0; i < 10; ++i)
        tick(k, m);
    QCOMPARE(k.zone(1).anonLru, pages_t {50000});
    QCOMPARE(k.counters()[Counter::Pswpout], std::int64_t {0});
    QCOMPARE(k.zone(1).watermarkBoost, pages_t {0}); // cleared at out: although nothing was reclaimed
    // balance_pgdat(): "if (nr_boost_reclaim && !nr_reclaimed) break;" leaves
    // the priority loop only; the run reclaimed nothing, so kswapd_failures++.
    QCOMPARE(k.node(0).kswapd.failures, 1);
}

void TestKswapd::balancePgdat_unbalancedWithBoostRestartsAsNormalReclaim()
{
    // balance_pgdat(): "If boosting is not possible (node unbalanced) ... restart as
    // normal reclaim": nr_boost_reclaim = 0, so may_swap comes back. Normal zone: min 1024,
    // high 1548, one boost of 512 -> boosted high 2060. 1000 free, no page cache, 50000 anon
    // pages: boosted reclaim could reclaim nothing; normal reclaim swaps 10 pages per 1 ms
    // tick (kswapdAnonRate 10000/s).
    Kernel k(node(1000, 0, 50000), 100);
    KswapdModel m(k);
    QVERIFY(k.boostWatermark(k.zone(0), EventReason::Extfrag));
    QCOMPARE(k.zone(0).highWmarkPages(), pages_t {2060});
    k.wakeupKswapd(k.zone(0), gfp::KERNEL, 0, 2);
    for (int i = 0; i < 10; ++i)
        tick(k, m);
    // 10 ticks x 10 pages, in one run that keeps making progress.
    QCOMPARE(k.node(0).counters[Counter::Pswpout], std::int64_t {100});
    QCOMPARE(k.zone(0).free, pages_t {1100});
    QCOMPARE(k.node(0).kswapd.failures, 0);
    QCOMPARE(k.counters()[Counter::Pageoutrun], std::int64_t {1});
    QCOMPARE(k.counters()[Counter::SimKswapdBoostReclaimed], std::int64_t {0}); // no longer boost reclaim
    QCOMPARE(k.zone(0).watermarkBoost, pages_t {512}); // cleared only at out:
    // Balanced once free > 2060: 1000 + 10 * 107 = 2070 after 107 ticks in all; out: then
    // returns the 512-page boost snapshot and kswapd naps (balanced at the unboosted 1548).
    int ticks = 10;
    while (k.node(0).kswapd.state == KswapdState::Running && ticks < 1000) {
        tick(k, m);
        ++ticks;
    }
    QCOMPARE(ticks, 107);
    QCOMPARE(k.zone(0).free, pages_t {2070});
    QCOMPARE(k.node(0).counters[Counter::Pswpout], std::int64_t {1070});
    QCOMPARE(k.zone(0).watermarkBoost, pages_t {0});
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Napping);
}

void TestKswapd::kswapdFailures_16MakeTheNodeHopeless()
{
    Kernel k(node(1000, 0, 0, false), 100);
    KswapdModel m(k);
    k.wakeupKswapd(k.zone(0), gfp::KERNEL, 0, 2);
    for (int i = 0; i < 200; ++i)
        tick(k, m);
    QCOMPARE(k.node(0).kswapd.failures, kMaxReclaimFailures);
    // prepare_kswapd_sleep() lets a hopeless kswapd sleep; wakeup_kswapd() won't wake it.
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Sleeping);
    k.wakeupKswapd(k.zone(0), gfp::KERNEL, 0, 2);
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Sleeping);
}

void TestKswapd::balancePgdat_slowRateIsNotAFailedRun()
{
    // balance_pgdat() counts kswapd_failures only for a run that reclaimed
    // nothing from pages it could reclaim. Anon through swap at 400 pages/s in
    // 1 ms ticks is a page every 2.5 ticks: the ticks in between are not
    // failed runs, and the rate holds (40 pages in 100 ms, not 0 or 100).
    Scenario s = node(1000, 0, 200000);
    s.reclaim.kswapdAnonRate = 400;
    Kernel k(s, 100);
    KswapdModel m(k);
    k.wakeupKswapd(k.zone(0), gfp::KERNEL, 0, 2);
    for (int i = 0; i < 100; ++i)
        tick(k, m);
    QCOMPARE(k.node(0).kswapd.failures, 0);
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Running);
    QCOMPARE(k.zone(0).free, pages_t {1040});
    QCOMPARE(k.node(0).counters[Counter::Pswpout], std::int64_t {40});
}

void TestKswapd::kswapdShrinkNode_highOrderRunDropsToOrder0AfterCompactGap()
{
    // wakeup_kswapd(order 4) on a node with memory above high but no free
    // order-4 block: balance_pgdat() runs at order 4, reclaims, and once
    // compact_gap(4) = 32 pages are reclaimed kswapd_shrink_node() rechecks at
    // order 0 ("the system cannot be rebalanced for high-order allocations").
    Scenario s = node(2000, 10000);
    s.nodes[0].zones[0].highOrderFraction = 0;
    Kernel k(s, 100);
    KswapdModel m(k);
    k.wakeupKswapd(k.zone(0), gfp::KERNEL, 4, 2);
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Running);
    tick(k, m);
    QCOMPARE(k.node(0).counters[Counter::PgstealKswapd], std::int64_t {100}); // one tick of reclaim, not none
    QCOMPARE(k.node(0).kswapd.reclaimOrder, 0);
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Napping); // balanced at order 0
}

void TestKswapd::balancePgdat_failureCountedPerRunNotPerPass()
{
    // balance_pgdat(): "if (!sc.nr_reclaimed) pgdat->kswapd_failures++" after
    // the priority loop, with sc.nr_reclaimed the whole run's total. 150 file
    // pages, 100 per tick, no swap, free stays below high (1548).
    Kernel k(node(1000, 150, 0, false), 100);
    KswapdModel m(k);
    k.wakeupKswapd(k.zone(0), gfp::KERNEL, 0, 2);
    tick(k, m); // reclaims 100
    tick(k, m); // reclaims 50
    tick(k, m); // nothing left: the run ends having reclaimed 150
    QCOMPARE(k.zone(0).free, pages_t {1150});
    QCOMPARE(k.node(0).kswapd.failures, 0);
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Running); // not balanced: straight into the next run
    tick(k, m); // a run that reclaims nothing
    QCOMPARE(k.node(0).kswapd.failures, 1);
    QCOMPARE(k.counters()[Counter::Pageoutrun], std::int64_t {2});
    // shrink_node(): any progress makes the node hopeful again.
    k.zone(0).fileLru = 64;
    tick(k, m);
    QCOMPARE(k.node(0).kswapd.failures, 0);
}

void TestKswapd::kswapdHighestZoneidx_keepsTheLastRunsWhenNoneRequested()
{
    // kswapd(): highest_zoneidx = kswapd_highest_zoneidx(pgdat, highest_zoneidx)
    // returns the previous run's index when no wakeup asked for one. Woken for
    // DMA32, whose LRUs are empty, kswapd goes round again without a request:
    // it must keep reclaiming for DMA32 (nothing, so failures) and leave
    // Normal's page cache alone.
    Scenario s = test::machine(
        {{test::zone(ZoneType::DMA32, 262144, 1000, 0), test::zone(ZoneType::Normal, 262144, 1000, 50000)}}, 8192);
    s.reclaim.kswapdFileRate = 100000;
    s.reclaim.swap = false;
    Kernel k(s, 100);
    KswapdModel m(k);
    k.wakeupKswapd(k.zone(0), 0, 0, zoneIndex(ZoneType::DMA32));
    for (int i = 0; i < 5; ++i)
        tick(k, m);
    QCOMPARE(k.zone(1).fileLru, pages_t {50000});
    QCOMPARE(k.node(0).kswapd.failures, 5);
    // A request for Normal widens the next run.
    k.wakeupKswapd(k.zone(1), gfp::KERNEL, 0, zoneIndex(ZoneType::Normal));
    tick(k, m);
    QVERIFY(k.zone(1).fileLru < 50000);
}

void TestKswapd::minFreeKbytesSysctlHandler_clearsTheBoost()
{
    // min_free_kbytes_sysctl_handler() -> setup_per_zone_wmarks() ->
    // __setup_per_zone_wmarks() sets zone->watermark_boost = 0.
    Kernel k(node(20000, 10000), 100);
    QVERIFY(k.boostWatermark(k.zone(0), EventReason::Extfrag));
    QCOMPARE(k.zone(0).watermarkBoost, pages_t {512});
    k.writeMinFreeKbytes(8192, EventReason::Sysctl);
    QCOMPARE(k.zone(0).watermarkBoost, pages_t {0});
    QCOMPARE(k.zone(0).watermark[0], pages_t {2048});
}

void TestKswapd::pgdatBalanced_anyZoneAboveHighIncludingReserve()
{
    // pgdat_balanced(): ANY managed zone <= idx at high + lowmem_reserve[idx].
    Kernel k(test::tv4Machine(1000, 20000), 100);
    // DMA32: high 15853 + reserve 1792 = 17645 < 20000 -> balanced although Normal is at 1000.
    QVERIFY(k.pgdatBalanced(k.node(0), 0, 2));
    k.zone(1).free = 17645;
    QVERIFY(!k.pgdatBalanced(k.node(0), 0, 2));
    k.zone(1).free = 17646;
    QVERIFY(k.pgdatBalanced(k.node(0), 0, 2));
}

QTEST_APPLESS_MAIN(TestKswapd)
#include "tst_kswapd.moc"
