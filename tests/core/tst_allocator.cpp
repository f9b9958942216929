// The allocation paths of v6.12 mm/page_alloc.c: __alloc_pages_noprof()'s fast
// path at LOW, __alloc_pages_slowpath() at MIN with reserves, direct reclaim,
// OOM, warn_alloc()'s ratelimit, zonelist fallback and the highatomic reserve.
#include "mm/allocator.h"
#include "mm/kernel.h"
#include "mm/watermark_ok.h"
#include "sim/snapshot.h"
#include "testscenarios.h"

#include <QTest>

using namespace wm;

namespace {
Scenario oneNormalZone(pages_t free, pages_t file, pages_t anon = 0)
{
    // TV1: min 1024 low 1286 high 1548
    Scenario s = test::machine({{test::zone(ZoneType::Normal, 262144, free, file, anon)}}, 4096);
    s.name = "one";
    return s;
}

// Nothing reclaimable (no file pages, no swap); an OOM kill frees `killPages`
// of the zone's `anon` pages.
Scenario oomMachine(pages_t free, pages_t anon, pages_t killPages = 0)
{
    Scenario s = oneNormalZone(free, 0, anon);
    s.reclaim.swap = false;
    s.reclaim.oomKillPages = killPages;
    return s;
}
} // namespace

class TestAllocator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fastPath_stopsAtLowWatermark();
    void slowpath_gfpAtomicDipsTo3EighthsOfMinThenFails();
    void slowpath_wakeAllKswapds();
    void wakeAllKswapds_everyNodeOfTheZonelist();
    void atomic_neverReclaims();
    void unreserveHighatomicPageblock_afterReclaimWithoutAPage();
    void directReclaim_progressResetsKswapdFailures();
    void allowDirectReclaim_hopelessNodeIsNotThrottled();
    void throttleDirectReclaim_wakesKswapdCappedAtNormal();
    void warnAlloc_ratelimitedToOnePer10s();
    void warnAlloc_gfpNowarnIsSilent();
    void directReclaim_countsAllocstallOnClasszone();
    void directReclaim_throttledBelowHalfSummedMin();
    void oom_whenNothingReclaimable();
    void shouldReclaimRetry_exhaustsHighatomicReserveBeforeOom();
    void allocPagesMayOom_killsOnlyWhereTheKernelWould_data();
    void allocPagesMayOom_killsOnlyWhereTheKernelWould();
    void zonelist_fallsBackToOtherNode();
    void gfpZonelist_thisnodeUsesTheNofallbackList();
    void slowpath_costlyOrderGoesToNopageAfterOneReclaimRound();
    void shouldReclaimRetry_costlyOrderGivesUpAfterMaxReclaimRetries();
    void allocPagesMayOom_retriesWhileTheKillerMakesProgress();
    void slowpath_gfpNofailNeverFails();
    void gfpPfmemallocFlags_memallocIgnoresWatermarks_data();
    void gfpPfmemallocFlags_memallocIgnoresWatermarks();
    void gfpPfmemallocFlags_memallocLeavesTheHighatomicReserve();
    void throttleDirectReclaim_spentBudgetWaitsWithoutWakingKswapd();
    void highatomic_reservedAfterOrder2AtomicSuccess();
    void bulk_equalsPerRequest_data();
    void bulk_equalsPerRequest();
};

void TestAllocator::fastPath_stopsAtLowWatermark()
{
    Kernel k(oneNormalZone(2000, 1000), 100);
    Allocator a(k);
    std::vector<Placement> placed;
    // GFP_KERNEL fast path: free > low (1286) for each request: 2000 - 1286 = 714 pass at LOW.
    const Zone &z = k.zone(0);
    QCOMPARE(z.lowWmarkPages(), pages_t {1286});
    const auto got = a.allocBatch({gfp::KERNEL, 0, 0, false}, 714, placed);
    QCOMPARE(got, std::int64_t {714});
    QCOMPARE(z.free, pages_t {1286});
    QCOMPARE(k.counters()[Counter::SimSlowpathEntries], std::int64_t {0});
    QCOMPARE(z.counters[Counter::Pgalloc], std::int64_t {714});
}

void TestAllocator::slowpath_gfpAtomicDipsTo3EighthsOfMinThenFails()
{
    // GFP_ATOMIC: ALLOC_MIN_RESERVE + ALLOC_NON_BLOCK: threshold 1024 - 512 - 128 = 384 (TV1).
    Kernel k(oneNormalZone(1286, 0), 100);
    Allocator a(k);
    std::vector<Placement> placed;
    const auto got = a.allocBatch({gfp::ATOMIC_, 0, 0, false}, 2000, placed);
    QCOMPARE(k.zone(0).free, pages_t {384});
    QCOMPARE(got, std::int64_t {1286 - 384});
    QCOMPARE(k.counters()[Counter::SimAtomicFailures], std::int64_t {2000 - (1286 - 384)});
    QCOMPARE(k.counters()[Counter::SimAtomicFailuresOrder0], k.counters()[Counter::SimAtomicFailures]);
    // GFP_NOWAIT gets no discount: it fails at min.
    Kernel k2(oneNormalZone(1286, 0), 100);
    Allocator a2(k2);
    a2.allocBatch({gfp::NOWAIT, 0, 0, false}, 2000, placed);
    QCOMPARE(k2.zone(0).free, pages_t {1024});
    // Its failures are allocation failures, not atomic ones (no __GFP_HIGH).
    QCOMPARE(k2.counters()[Counter::SimAllocFailures], std::int64_t {2000 - (1286 - 1024)});
    QCOMPARE(k2.counters()[Counter::SimAtomicFailures], std::int64_t {0});
}

void TestAllocator::slowpath_wakeAllKswapds()
{
    Kernel k(oneNormalZone(1300, 100000), 100);
    Allocator a(k);
    std::vector<Placement> placed;
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Sleeping);
    a.allocBatch({gfp::KERNEL, 0, 0, false}, 100, placed); // falls below low -> slowpath -> wake
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Running);
    QCOMPARE(k.counters()[Counter::SimKswapdWakeups], std::int64_t {1});
}

void TestAllocator::wakeAllKswapds_everyNodeOfTheZonelist()
{
    // wake_all_kswapds(): wakeup_kswapd() once per pgdat of the zonelist, so a
    // slowpath entry on node 0 also wakes node 1's kswapd when node 1 is below high.
    // min 1024, low 1286, high 1548 in each zone; node 2 is balanced and stays asleep.
    Scenario s = test::machine(
        {{test::zone(ZoneType::Normal, 262144, 1100, 100000)}, {test::zone(ZoneType::Normal, 262144, 1200, 100000)},
            {test::zone(ZoneType::Normal, 262144, 100000, 100000)}},
        12288);
    Kernel k(s, 100);
    Allocator a(k);
    std::vector<Placement> placed;
    // Node 2 serves the request at low; the slowpath is not entered: nobody wakes.
    a.allocBatch({gfp::KERNEL, 0, 0, false}, 1, placed);
    QCOMPARE(k.counters()[Counter::SimKswapdWakeups], std::int64_t {0});
    // With node 2 below low too, the slowpath wakes the kswapd of every node.
    k.zone(2).free = 1000;
    a.allocBatch({gfp::KERNEL, 0, 0, false}, 1, placed);
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Running);
    QCOMPARE(k.node(1).kswapd.state, KswapdState::Running);
    QCOMPARE(k.node(2).kswapd.state, KswapdState::Running);
    QCOMPARE(k.counters()[Counter::SimKswapdWakeups], std::int64_t {3});
}

void TestAllocator::atomic_neverReclaims()
{
    // __alloc_pages_slowpath(): "Caller is not willing to reclaim, we can't
    // balance anything" -- GFP_ATOMIC fails below its floor although 100000
    // clean page cache pages could be reclaimed.
    Kernel k(oneNormalZone(389, 100000), 100); // GFP_ATOMIC floor 384
    Allocator a(k);
    std::vector<Placement> placed;
    QCOMPARE(a.allocBatch({gfp::ATOMIC_, 0, 0, false}, 10, placed), std::int64_t {5}); // 389 -> 384
    QCOMPARE(k.counters()[Counter::SimAtomicFailures], std::int64_t {5});
    QCOMPARE(k.counters()[Counter::Allocstall], std::int64_t {0});
    QCOMPARE(k.counters()[Counter::PgstealDirect], std::int64_t {0});
    QCOMPARE(k.zone(0).fileLru, pages_t {100000});
}

void TestAllocator::unreserveHighatomicPageblock_afterReclaimWithoutAPage()
{
    // __alloc_pages_direct_reclaim(): reclaim made progress but no page came
    // of it -> unreserve_highatomic_pageblock(ac, false) gives one reserved
    // block back (keeping one), drain, retry. Three reserved blocks (1536
    // pages) hide 1536 of the 2400 free pages from GFP_KERNEL (min 1024).
    Kernel k(oneNormalZone(2400, 100000), 100);
    k.zone(0).nrReservedHighatomic = 3 * kPageblockNrPages;
    Allocator a(k);
    std::vector<Placement> placed;
    QCOMPARE(a.allocBatch({gfp::KERNEL, 0, 0, false}, 1, placed), std::int64_t {1});
    QCOMPARE(k.counters()[Counter::Allocstall], std::int64_t {1}); // 2432 free, 896 usable: still short
    QCOMPARE(k.zone(0).nrReservedHighatomic, 2 * kPageblockNrPages); // one block back: 1408 usable

    // `drained` is local to each __alloc_pages_direct_reclaim() call: every
    // reclaim round that makes progress without a page may release a block.
    // Four blocks hide all 2000 free pages; round 1 releases one (496 usable),
    // round 2 another (1040 usable > min): served, two blocks left.
    Kernel k2(oneNormalZone(2000, 100000), 100);
    k2.zone(0).nrReservedHighatomic = 4 * kPageblockNrPages;
    Allocator a2(k2);
    QCOMPARE(a2.allocBatch({gfp::KERNEL, 0, 0, false}, 1, placed), std::int64_t {1});
    QCOMPARE(k2.counters()[Counter::Allocstall], std::int64_t {2});
    QCOMPARE(k2.zone(0).nrReservedHighatomic, 2 * kPageblockNrPages);
}

void TestAllocator::directReclaim_progressResetsKswapdFailures()
{
    // shrink_node(): "if (reclaimable) pgdat->kswapd_failures = 0" -- direct
    // reclaim progress makes a hopeless node hopeful again.
    Kernel k(oneNormalZone(1000, 100000), 100);
    k.node(0).kswapd.failures = kMaxReclaimFailures;
    Allocator a(k);
    std::vector<Placement> placed;
    QCOMPARE(a.allocBatch({gfp::KERNEL, 0, 0, false}, 1, placed), std::int64_t {1});
    QCOMPARE(k.counters()[Counter::Allocstall], std::int64_t {1});
    QCOMPARE(k.node(0).kswapd.failures, 0);
}

void TestAllocator::allowDirectReclaim_hopelessNodeIsNotThrottled()
{
    // allow_direct_reclaim(): "if (pgdat->kswapd_failures >= MAX_RECLAIM_RETRIES)
    // return true" -- kswapd has given up on the node, so waiting for it would
    // hang: 400 free is below half the min (1024 / 2), yet the task reclaims.
    Kernel k(oneNormalZone(400, 100000), 100);
    k.node(0).kswapd.failures = kMaxReclaimFailures;
    Allocator a(k);
    std::vector<Placement> placed;
    // It reclaims until our per-tick direct-reclaim bound is spent (then waits
    // for the next tick's budget, not for kswapd).
    QCOMPARE(a.allocBatch({gfp::KERNEL, 0, 0, false}, 1, placed), std::int64_t {0});
    QVERIFY(k.counters()[Counter::Allocstall] > 0);
    QVERIFY(k.counters()[Counter::PgstealDirect] > 0);
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Sleeping); // nobody woke it
    // The same node with kswapd still hopeful: throttled, kswapd woken, no reclaim.
    Kernel k2(oneNormalZone(400, 100000), 100);
    Allocator a2(k2);
    QCOMPARE(a2.allocBatch({gfp::KERNEL, 0, 0, false}, 1, placed), std::int64_t {0});
    QCOMPARE(a2.lastThrottled(), std::int64_t {1});
    QCOMPARE(k2.counters()[Counter::Allocstall], std::int64_t {0});
}

void TestAllocator::throttleDirectReclaim_wakesKswapdCappedAtNormal()
{
    // throttle_direct_reclaim() -> allow_direct_reclaim(): kswapd is woken with
    // kswapd_highest_zoneidx at most ZONE_NORMAL, even for a movable request.
    Scenario s = test::machine(
        {{test::zone(ZoneType::Normal, 262144, 400, 5000), test::zone(ZoneType::Movable, 262144, 100, 5000)}}, 4096);
    Kernel k(s, 100);
    k.node(0).kswapd.state = KswapdState::Napping; // no wakeup_kswapd() yet: only the throttle wakes it
    Allocator a(k);
    std::vector<Placement> placed;
    QCOMPARE(a.allocBatch({gfp::HIGHUSER_MOVABLE & ~gfp::KSWAPD_RECLAIM, 0, 0, false}, 1, placed), std::int64_t {0});
    QCOMPARE(a.lastThrottled(), std::int64_t {1});
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Running);
    QCOMPARE(k.node(0).kswapd.highestZoneidx, zoneIndex(ZoneType::Normal));
}

void TestAllocator::warnAlloc_ratelimitedToOnePer10s()
{
    // warn_alloc(): DEFINE_RATELIMIT_STATE(nopage_rs, 10*HZ, 1).
    Kernel k(oneNormalZone(384, 0), 100);
    Allocator a(k);
    std::vector<Placement> placed;
    a.allocBatch({gfp::ATOMIC_, 0, 0, false}, 59, placed);
    QCOMPARE(k.counters()[Counter::SimWarnAllocMessages], std::int64_t {1});
    QCOMPARE(k.counters()[Counter::SimWarnAllocSuppressed], std::int64_t {58});
    k.setNow(9'999'000);
    a.allocBatch({gfp::ATOMIC_, 0, 0, false}, 1, placed);
    QCOMPARE(k.counters()[Counter::SimWarnAllocMessages], std::int64_t {1});
    // ___ratelimit(): the window ends only after begin + 10 s.
    k.setNow(10'000'000);
    a.allocBatch({gfp::ATOMIC_, 0, 0, false}, 1, placed);
    QCOMPARE(k.counters()[Counter::SimWarnAllocMessages], std::int64_t {1});
    k.setNow(10'001'000);
    a.allocBatch({gfp::ATOMIC_, 0, 0, false}, 1, placed);
    QCOMPARE(k.counters()[Counter::SimWarnAllocMessages], std::int64_t {2});
    // The new message reports the callbacks suppressed in the last window.
    const Event *last = nullptr;
    for (const auto &e : k.events().events())
        if (e.kind == EventKind::WarnAlloc)
            last = &e;
    QVERIFY(last);
    QCOMPARE(last->a, std::int64_t {60});
}

void TestAllocator::warnAlloc_gfpNowarnIsSilent()
{
    Kernel k(oneNormalZone(384, 0), 100);
    Allocator a(k);
    std::vector<Placement> placed;
    a.allocBatch({gfp::ATOMIC_ | gfp::NOWARN, 0, 0, false}, 10, placed);
    QCOMPARE(k.counters()[Counter::SimAtomicFailures], std::int64_t {10});
    QCOMPARE(k.counters()[Counter::SimWarnAllocMessages], std::int64_t {0});
}

void TestAllocator::directReclaim_countsAllocstallOnClasszone()
{
    // __alloc_pages_direct_reclaim() -> __perform_reclaim() -> try_to_free_pages(): SWAP_CLUSTER_MAX
    // pages; do_try_to_free_pages() counts __count_zid_vm_events(ALLOCSTALL, highest_zoneidx).
    Kernel k(oneNormalZone(1024, 5000), 100);
    Allocator a(k);
    std::vector<Placement> placed;
    const auto got = a.allocBatch({gfp::KERNEL, 0, 0, false}, 1, placed);
    QCOMPARE(got, std::int64_t {1});
    QCOMPARE(k.zone(0).counters[Counter::Allocstall], std::int64_t {1});
    QCOMPARE(k.counters()[Counter::PgstealDirect], std::int64_t {32});
    QCOMPARE(k.zone(0).fileLru, pages_t {5000 - 32});
    QCOMPARE(k.zone(0).free, pages_t {1024 + 32 - 1});
    // A movable request's classzone is ZONE_MOVABLE (gfp_zone()): it counts in
    // allocstall_movable although this machine has no Movable zone.
    QCOMPARE(a.allocBatch({gfp::HIGHUSER_MOVABLE, 0, 0, false}, 40, placed), std::int64_t {40});
    QCOMPARE(k.zone(0).counters[Counter::Allocstall], std::int64_t {1});
    QCOMPARE(k.allocstallNoZone()[static_cast<std::size_t>(zoneIndex(ZoneType::Movable))], std::int64_t {1});
    QCOMPARE(k.node(0).counters[Counter::Allocstall], std::int64_t {2});
    Snapshot snap;
    snap.zones = {ZoneState {}};
    snap.zones[0].type = ZoneType::Normal;
    snap.zones[0].counters = k.zone(0).counters;
    snap.allocstallNoZone = k.allocstallNoZone();
    QCOMPARE(zoneTypeCounter(snap, Counter::Allocstall, ZoneType::Movable), std::int64_t {1});
    QCOMPARE(zoneTypeCounter(snap, Counter::Allocstall, ZoneType::Normal), std::int64_t {1});
}

void TestAllocator::directReclaim_throttledBelowHalfSummedMin()
{
    // allow_direct_reclaim(): free <= sum(min)/2 -> throttle and wake kswapd directly.
    Kernel k(oneNormalZone(400, 5000), 100);
    Allocator a(k);
    std::vector<Placement> placed;
    // The throttled request waits: neither served nor failed, retried by the workload.
    QCOMPARE(a.allocBatch({gfp::KERNEL, 0, 0, false}, 5, placed), std::int64_t {0});
    QCOMPARE(a.lastThrottled(), std::int64_t {5});
    QVERIFY(!a.lastWaitIsRetry());
    QCOMPARE(k.counters()[Counter::SimAllocFailures], std::int64_t {0});
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Running);
    QCOMPARE(k.counters()[Counter::SimSlowpathEntries], std::int64_t {5});
    // Next tick: the 5 still sleep inside the slowpath, plus 1 new arrival.
    // Only the new one enters __alloc_pages_slowpath().
    QCOMPARE(a.allocBatch({gfp::KERNEL, 0, 0, false}, 6, placed, false, 5), std::int64_t {0});
    QCOMPARE(a.lastThrottled(), std::int64_t {6});
    QCOMPARE(k.counters()[Counter::SimSlowpathEntries], std::int64_t {6});
}

void TestAllocator::oom_whenNothingReclaimable()
{
    // __alloc_pages_may_oom(): nothing reclaimable -> the OOM killer frees a victim's anon memory.
    Kernel k(oomMachine(1000, 50000, 4000), 100);
    Allocator a(k);
    std::vector<Placement> placed;
    const auto got = a.allocBatch({gfp::KERNEL, 0, 0, false}, 1, placed);
    QCOMPARE(got, std::int64_t {1});
    QCOMPARE(k.counters()[Counter::SimOomKills], std::int64_t {1});
    QCOMPARE(k.zone(0).anonLru, pages_t {46000});
    // No anon left either: the blocking request fails.
    Kernel k2(oomMachine(1000, 0), 100);
    Allocator a2(k2);
    QCOMPARE(a2.allocBatch({gfp::KERNEL, 0, 0, false}, 1, placed), std::int64_t {0});
    QCOMPARE(k2.counters()[Counter::SimAllocFailures], std::int64_t {1});
}

void TestAllocator::shouldReclaimRetry_exhaustsHighatomicReserveBeforeOom()
{
    // should_reclaim_retry()'s out: label, "Before OOM, exhaust
    // highatomic_reserve": unreserve_highatomic_pageblock(ac, true) releases
    // even the last block, returns true, and the request goes round again
    // (goto retry) instead of reaching __alloc_pages_may_oom(). One reserved
    // block hides 512 of the 1500 free pages: 988 usable, below min 1024;
    // released, 1500 are usable and the request is served without a kill.
    Kernel k(oomMachine(1500, 50000, 4000), 100);
    k.zone(0).nrReservedHighatomic = kPageblockNrPages;
    Allocator a(k);
    std::vector<Placement> placed;
    QCOMPARE(a.allocBatch({gfp::KERNEL, 0, 0, false}, 1, placed), std::int64_t {1});
    QCOMPARE(k.zone(0).nrReservedHighatomic, pages_t {0});
    QCOMPARE(k.counters()[Counter::SimOomKills], std::int64_t {0});
    QCOMPARE(k.zone(0).anonLru, pages_t {50000});
    QCOMPARE(k.counters()[Counter::Allocstall], std::int64_t {2}); // the round before and the round after
    // __GFP_NORETRY goes to nopage before should_reclaim_retry(): the block stays.
    Kernel k2(oomMachine(1500, 50000, 4000), 100);
    k2.zone(0).nrReservedHighatomic = kPageblockNrPages;
    Allocator a2(k2);
    QCOMPARE(a2.allocBatch({gfp::KERNEL | gfp::NORETRY, 0, 0, false}, 1, placed), std::int64_t {0});
    QCOMPARE(k2.zone(0).nrReservedHighatomic, kPageblockNrPages);
}

void TestAllocator::allocPagesMayOom_killsOnlyWhereTheKernelWould_data()
{
    QTest::addColumn<unsigned>("gfpMask");
    QTest::addColumn<bool>("killed");
    QTest::addColumn<bool>("failed");
    QTest::addColumn<bool>("waits");
    // Nothing reclaimable anywhere (no file pages, no swap), both zones at min.
    QTest::newRow("GFP_KERNEL: out_of_memory() kills, the retry succeeds") << unsigned(gfp::KERNEL) << true << false << false;
    QTest::newRow("__GFP_RETRY_MAYFAIL: no kill, fails") << unsigned(gfp::KERNEL | gfp::RETRY_MAYFAIL) << false << true << false;
    QTest::newRow("__GFP_THISNODE: no kill, fails") << unsigned(gfp::KERNEL | gfp::THISNODE) << false << true << false;
    QTest::newRow("__GFP_NORETRY: no kill, fails") << unsigned(gfp::KERNEL | gfp::NORETRY) << false << true << false;
    QTest::newRow("classzone DMA32 (GFP_KERNEL|__GFP_DMA32): no kill for lowmem, fails")
        << unsigned(gfp::KERNEL | gfp::DMA32) << false << true << false;
    QTest::newRow("GFP_NOFS: out_of_memory() reports progress without a kill, the task retries")
        << unsigned(gfp::NOFS) << false << false << true;
    QTest::newRow("GFP_NOIO: likewise") << unsigned(gfp::NOIO) << false << false << true;
}

void TestAllocator::allocPagesMayOom_killsOnlyWhereTheKernelWould()
{
    // __alloc_pages_may_oom() (v6.12): no OOM kill for costly orders,
    // __GFP_RETRY_MAYFAIL | __GFP_THISNODE, or highest_zoneidx < ZONE_NORMAL;
    // out_of_memory() returns true without killing when __GFP_FS is clear.
    QFETCH(unsigned, gfpMask);
    QFETCH(bool, killed);
    QFETCH(bool, failed);
    QFETCH(bool, waits);
    // min 1024 in each zone
    Scenario s = test::machine(
        {{test::zone(ZoneType::DMA32, 262144, 1000, 0, 50000), test::zone(ZoneType::Normal, 262144, 1000, 0, 50000)}}, 8192);
    s.reclaim.swap = false;
    s.reclaim.oomKillPages = 4000;
    Kernel k(s, 100);
    Allocator a(k);
    std::vector<Placement> placed;
    const auto got = a.allocBatch({gfpMask, 0, 0, false}, 1, placed);
    QCOMPARE(k.counters()[Counter::SimOomKills], std::int64_t {killed ? 1 : 0});
    QCOMPARE(k.counters()[Counter::SimAllocFailures], std::int64_t {failed ? 1 : 0});
    QCOMPARE(a.lastThrottled(), std::int64_t {waits ? 1 : 0});
    QCOMPARE(got, std::int64_t {killed ? 1 : 0});
}

void TestAllocator::zonelist_fallsBackToOtherNode()
{
    // build_zonelists(): the local node's zones first, then the other node's.
    Scenario s;
    s.nodes.push_back({{test::zone(ZoneType::Normal, 262144, 1500, 0)}});
    s.nodes.push_back({{test::zone(ZoneType::Normal, 262144, 100000, 0)}});
    s.sysctls.minFreeKbytes = 8192;
    Kernel k(s, 100);
    Allocator a(k);
    std::vector<Placement> placed;
    const auto got = a.allocBatch({gfp::ATOMIC_, 0, 0, false}, 5000, placed);
    QCOMPARE(got, std::int64_t {5000});
    QCOMPARE(placed.size(), std::size_t {2});
    QCOMPARE(placed[0].zone, 0);
    QCOMPARE(placed[1].zone, 1);
    QCOMPARE(k.zonelist(1, 2).front(), 1);
}

void TestAllocator::gfpZonelist_thisnodeUsesTheNofallbackList()
{
    // gfp_zonelist(): __GFP_THISNODE selects ZONELIST_NOFALLBACK, the node's own
    // zones only; node 1's free pages are out of reach.
    Scenario s;
    s.nodes.push_back({{test::zone(ZoneType::Normal, 262144, 300, 0)}});
    s.nodes.push_back({{test::zone(ZoneType::Normal, 262144, 100000, 0)}});
    s.sysctls.minFreeKbytes = 8192;
    Kernel k(s, 100);
    Allocator a(k);
    std::vector<Placement> placed;
    QCOMPARE(a.allocBatch({gfp::ATOMIC_ | gfp::THISNODE, 0, 0, false}, 10, placed), std::int64_t {0});
    QCOMPARE(k.zone(1).free, pages_t {100000});
    QCOMPARE(k.counters()[Counter::SimAtomicFailures], std::int64_t {10});
    QCOMPARE(k.zonelist(0, 2, true), std::vector<int> {0});
    QCOMPARE(k.zonelist(0, 2).size(), std::size_t {2});
}

void TestAllocator::slowpath_costlyOrderGoesToNopageAfterOneReclaimRound()
{
    // __alloc_pages_slowpath(): "Do not loop if specifically requested" and
    // costly_order && !__GFP_RETRY_MAYFAIL -> nopage after one direct reclaim.
    // No free order-4 block ever exists here (high_order_fraction 0).
    auto run = [](gfp_t mask) {
        Scenario s = oneNormalZone(100000, 200000);
        s.nodes[0].zones[0].highOrderFraction = 0;
        s.reclaim.directReclaimRate = 1e9;
        Kernel k(s, 100);
        k.refillDirectReclaimBudget();
        Allocator a(k);
        std::vector<Placement> placed;
        const auto got = a.allocBatch({mask, 4, 0, false}, 1, placed);
        return std::make_tuple(got, k.counters()[Counter::SimAllocFailures], k.zone(0).counters[Counter::Allocstall]);
    };
    const auto [got, failures, stalls] = run(gfp::KERNEL);
    QCOMPARE(got, std::int64_t {0});
    QCOMPARE(failures, std::int64_t {1});
    QCOMPARE(stalls, std::int64_t {1});
    // With __GFP_RETRY_MAYFAIL should_reclaim_retry() decides: no zone could
    // ever serve order 4 here, even with everything reclaimed, so it gives up
    // after the first round too (and costly orders never OOM-kill).
    const auto [got2, failures2, stalls2] = run(gfp::KERNEL | gfp::RETRY_MAYFAIL);
    QCOMPARE(got2, std::int64_t {0});
    QCOMPARE(failures2, std::int64_t {1});
    QCOMPARE(stalls2, std::int64_t {1});
}

void TestAllocator::shouldReclaimRetry_costlyOrderGivesUpAfterMaxReclaimRetries()
{
    // should_reclaim_retry(): "Costly allocations might have made a progress
    // but this doesn't mean their order will become available", so every round
    // counts as no progress, and no_progress_loops > MAX_RECLAIM_RETRIES (16)
    // ends the retries: 17 rounds of 32 pages. Free starts far below min
    // (min 4096; 17 rounds lift it by 544, not enough) but above the throttle
    // (half the min).
    Scenario s = test::machine({{test::zone(ZoneType::Normal, 262144, 2100, 200000)}}, 16384);
    Kernel k(s, 100);
    QCOMPARE(k.zone(0).minWmarkPages(), pages_t {4096});
    k.node(0).directReclaimBudget = 1'000'000;
    Allocator a(k);
    std::vector<Placement> placed;
    QCOMPARE(a.allocBatch({gfp::KERNEL | gfp::RETRY_MAYFAIL, 4, 0, false}, 1, placed), std::int64_t {0});
    QCOMPARE(k.zone(0).counters[Counter::Allocstall], std::int64_t {kMaxReclaimRetries + 1});
    QCOMPARE(k.counters()[Counter::SimAllocFailures], std::int64_t {1});
}

void TestAllocator::allocPagesMayOom_retriesWhileTheKillerMakesProgress()
{
    // __alloc_pages_slowpath(): "Retry as long as the OOM killer is making
    // progress". A victim too small to lift the zone over min: the task does
    // not fail, it retries next tick, and a later kill lets it through.
    Kernel k(oomMachine(900, 50000, 100), 100);
    Allocator a(k);
    std::vector<Placement> placed;
    QCOMPARE(a.allocBatch({gfp::KERNEL, 0, 0, false}, 1, placed), std::int64_t {0});
    QCOMPARE(a.lastThrottled(), std::int64_t {1});
    QVERIFY(a.lastWaitIsRetry()); // not throttle_direct_reclaim()
    QCOMPARE(k.counters()[Counter::SimOomKills], std::int64_t {1});
    QCOMPARE(k.counters()[Counter::SimAllocFailures], std::int64_t {0});
    QCOMPARE(a.allocBatch({gfp::KERNEL, 0, 0, false}, 1, placed), std::int64_t {1}); // 1100 free after the second kill
    QCOMPARE(k.counters()[Counter::SimOomKills], std::int64_t {2});
    QCOMPARE(k.counters()[Counter::SimAllocFailures], std::int64_t {0});
}

void TestAllocator::slowpath_gfpNofailNeverFails()
{
    // __GFP_NOFAIL: __alloc_pages_may_oom() counts "out_of_memory() ||
    // WARN_ON_ONCE(__GFP_NOFAIL)" as progress and gives the request
    // ALLOC_NO_WATERMARKS (__alloc_pages_cpuset_fallback()); otherwise nopage
    // goes back to retry. Nothing reclaimable and nothing to kill; min is 1024.
    for (const gfp_t mask : {gfp::KERNEL, gfp::NOFS}) {
        Kernel k(oomMachine(400, 0), 100); // below even ALLOC_MIN_RESERVE's 512
        Allocator a(k);
        std::vector<Placement> placed;
        QCOMPARE(a.allocBatch({mask | gfp::NOFAIL, 0, 0, false}, 1, placed), std::int64_t {1});
        QCOMPARE(k.zone(0).free, pages_t {399});
        // Without __GFP_NOFAIL: GFP_KERNEL fails (no victim), GFP_NOFS waits to retry.
        QCOMPARE(a.allocBatch({mask, 0, 0, false}, 1, placed), std::int64_t {0});
        QCOMPARE(k.counters()[Counter::SimAllocFailures], std::int64_t {mask == gfp::KERNEL ? 1 : 0});
    }
    {
        Kernel k(oomMachine(0, 0), 100); // not a page left: it waits and retries
        Allocator a(k);
        std::vector<Placement> placed;
        QCOMPARE(a.allocBatch({gfp::KERNEL | gfp::NOFAIL, 0, 0, false}, 1, placed), std::int64_t {0});
        QCOMPARE(a.lastThrottled(), std::int64_t {1});
        QVERIFY(a.lastWaitIsRetry());
        QCOMPARE(k.counters()[Counter::SimAllocFailures], std::int64_t {0});
    }
}

void TestAllocator::gfpPfmemallocFlags_memallocIgnoresWatermarks_data()
{
    QTest::addColumn<unsigned>("gfpMask");
    QTest::addColumn<bool>("served");
    // 100 free pages: far below GFP_ATOMIC's floor of 384.
    QTest::newRow("GFP_ATOMIC: fails at 3/8 of min") << unsigned(gfp::ATOMIC_) << false;
    QTest::newRow("GFP_ATOMIC|__GFP_MEMALLOC: ALLOC_NO_WATERMARKS, served") << unsigned(gfp::ATOMIC_ | gfp::MEMALLOC) << true;
    QTest::newRow("__GFP_MEMALLOC|__GFP_NOMEMALLOC: NOMEMALLOC wins, fails")
        << unsigned(gfp::ATOMIC_ | gfp::MEMALLOC | gfp::NOMEMALLOC) << false;
}

void TestAllocator::gfpPfmemallocFlags_memallocIgnoresWatermarks()
{
    // __alloc_pages_slowpath() retry: __gfp_pfmemalloc_flags() gives
    // __GFP_MEMALLOC ALLOC_NO_WATERMARKS; get_page_from_freelist() then takes
    // any free page (try_this_zone).
    QFETCH(unsigned, gfpMask);
    QFETCH(bool, served);
    Kernel k(oneNormalZone(100, 0), 100);
    Allocator a(k);
    std::vector<Placement> placed;
    QCOMPARE(a.allocBatch({gfpMask, 0, 0, false}, 1, placed), std::int64_t {served ? 1 : 0});
    QCOMPARE(k.zone(0).free, pages_t {served ? 99 : 100});
}

void TestAllocator::gfpPfmemallocFlags_memallocLeavesTheHighatomicReserve()
{
    // ALLOC_NO_WATERMARKS skips the watermark check, not the freelists:
    // rmqueue_buddy() falls back to MIGRATE_HIGHATOMIC only for ALLOC_OOM or
    // ALLOC_NON_BLOCK, which __gfp_pfmemalloc_flags() does not add for
    // __GFP_MEMALLOC. 600 free with a 512-page reserve: 88 pages to take.
    Kernel k(oneNormalZone(600, 0), 100);
    k.zone(0).nrReservedHighatomic = kPageblockNrPages;
    Allocator a(k);
    std::vector<Placement> placed;
    const gfp_t mask = (gfp::KERNEL | gfp::MEMALLOC) & ~gfp::DIRECT_RECLAIM; // no reclaim, no OOM: just the freelists
    QCOMPARE(a.allocBatch({mask, 0, 0, false}, 100, placed), std::int64_t {88});
    QCOMPARE(k.zone(0).free, pages_t {512});
}

void TestAllocator::throttleDirectReclaim_spentBudgetWaitsWithoutWakingKswapd()
{
    // allow_direct_reclaim() is true (free is above half the summed min), so
    // throttle_direct_reclaim() wakes nobody; only our per-tick bound on direct
    // reclaim (reclaim.direct_reclaim_rate) makes the task wait.
    Scenario s = oneNormalZone(1000, 50000);
    s.reclaim.directReclaimRate = 32000; // 32 pages per 1 ms tick: one try
    Kernel k(s, 100);
    k.refillDirectReclaimBudget();
    Allocator a(k);
    std::vector<Placement> placed;
    // No __GFP_KSWAPD_RECLAIM: only the throttle could wake kswapd.
    const gfp_t mask = gfp::KERNEL & ~gfp::KSWAPD_RECLAIM;
    QCOMPARE(a.allocBatch({mask, 0, 0, false}, 100, placed), std::int64_t {8});
    QCOMPARE(a.lastThrottled(), std::int64_t {92});
    QCOMPARE(k.node(0).kswapd.state, KswapdState::Sleeping);
}

void TestAllocator::highatomic_reservedAfterOrder2AtomicSuccess()
{
    // reserve_highatomic_pageblock(): after an ALLOC_HIGHATOMIC success, up to ~1% of the zone.
    Kernel k(oneNormalZone(1288, 0), 100);
    Allocator a(k);
    std::vector<Placement> placed;
    const auto got = a.allocBatch({gfp::ATOMIC_, 2, 0, false}, 1, placed); // below LOW: slowpath with HIGHATOMIC
    QCOMPARE(got, std::int64_t {1});
    QCOMPARE(k.zone(0).nrReservedHighatomic, pages_t {512});
    QCOMPARE(highatomicMax(262144), pages_t {3072});
    // "if 1% of a zone falls below a pageblock size, then don't reserve any
    // pageblocks": 40000 managed pages, 1% is 400 < 512. min there: 4096 kB / 4
    // = 1024 pages, all of them this zone's; low = 1024 + max(256, 40) = 1280,
    // so 1200 free sends the request to the slowpath (floor 384).
    Scenario small = test::machine({{test::zone(ZoneType::Normal, 40000, 1200, 0)}}, 4096);
    Kernel k2(small, 100);
    Allocator a2(k2);
    QCOMPARE(k2.zone(0).lowWmarkPages(), pages_t {1280}); // the slowpath, where ALLOC_HIGHATOMIC is set
    QCOMPARE(a2.allocBatch({gfp::ATOMIC_, 2, 0, false}, 1, placed), std::int64_t {1});
    QCOMPARE(k2.zone(0).nrReservedHighatomic, pages_t {0});
}

void TestAllocator::bulk_equalsPerRequest_data()
{
    QTest::addColumn<uint>("mask");
    QTest::addColumn<int>("order");
    QTest::addColumn<qint64>("free");
    QTest::newRow("GFP_ATOMIC crossing low and min") << uint(gfp::ATOMIC_) << 0 << qint64(3000);
    QTest::newRow("GFP_KERNEL with direct reclaim") << uint(gfp::KERNEL) << 0 << qint64(1500);
    QTest::newRow("GFP_NOWAIT") << uint(gfp::NOWAIT) << 0 << qint64(2000);
    QTest::newRow("order-2 GFP_ATOMIC") << uint(gfp::ATOMIC_) << 2 << qint64(3000);
}

void TestAllocator::bulk_equalsPerRequest()
{
    QFETCH(uint, mask);
    QFETCH(int, order);
    QFETCH(qint64, free);
    Kernel bulk(oneNormalZone(free, 3000, 1000), 1000);
    Kernel one(oneNormalZone(free, 3000, 1000), 1000);
    Allocator ab(bulk), ao(one);
    std::vector<Placement> pb, po;
    const auto gb = ab.allocBatch({mask, order, 0, false}, 4000, pb, false);
    const auto go = ao.allocBatch({mask, order, 0, false}, 4000, po, true);
    QCOMPARE(gb, go);
    QCOMPARE(bulk.zone(0).free, one.zone(0).free);
    QCOMPARE(bulk.zone(0).fileLru, one.zone(0).fileLru);
    for (int i = 0; i < kNumCounters; ++i)
        QVERIFY2(bulk.counters().v[static_cast<std::size_t>(i)] == one.counters().v[static_cast<std::size_t>(i)],
            (std::string(counterName(static_cast<Counter>(i))) + " "
                + std::to_string(bulk.counters().v[static_cast<std::size_t>(i)]) + " vs "
                + std::to_string(one.counters().v[static_cast<std::size_t>(i)]))
                .c_str());
}

QTEST_APPLESS_MAIN(TestAllocator)
#include "tst_allocator.moc"
