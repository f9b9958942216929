// The tick loop: determinism, the batch split against per-request processing,
// an allocator-independent request stream, timeline parameter changes that go
// through the kernel's sysctl handlers, and bounded recording.
#include "mm/kernel.h"
#include "scenario/loader.h"
#include "sim/recorder.h"
#include "sim/simulation.h"
#include "testscenarios.h"
#include "workload/free_queue.h"
#include "workload/workload.h"

#include <QTest>

using namespace wm;

namespace {
Scenario burstScenario()
{
    Scenario s = test::tv4Machine(20000, 20000);
    s.duration = 3'000'000;
    auto cache = test::source("pagecache", gfp::HIGHUSER_MOVABLE, 80000);
    cache.lifetime.kind = LifetimeKind::PageCache;
    auto skb = test::source("skb", gfp::ATOMIC_, 500, RateKind::Bursts);
    skb.rate.burstRate = 400000;
    skb.rate.period = 1'000'000;
    skb.rate.burstLength = 200'000;
    skb.rate.phase = 500'000;
    skb.slabRefill = true;
    skb.lifetime.kind = LifetimeKind::Exponential;
    skb.lifetime.duration = 100'000;
    auto kernel = test::source("kernel", gfp::KERNEL, 3000);
    kernel.lifetime.duration = 300'000;
    s.sources = {cache, skb, kernel};
    s.reclaim.kswapdFileRate = 300000;
    s.nodes[0].zones[2].extfragFallbackRate = 2;
    return s;
}

Scenario loadShipped(const char *name)
{
    const auto r = loadScenarioFile(std::string(WM_SOURCE_DIR) + "/scenarios/" + name);
    if (!r.ok())
        qFatal("%s does not load", name);
    return *r.scenario;
}
} // namespace

class TestSimulation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sameSeed_identicalResults();
    void differentSeed_differentResults();
    void bulk_equalsPerRequestProcessing_data();
    void bulk_equalsPerRequestProcessing();
    void requestStream_independentOfAllocatorOutcome();
    void timeline_setWatermarkScaleFactor_runsSetupPerZoneWmarks();
    void apply_refusesBootOnlyAndBadValues();
    void recorder_boundedForAnyDuration();
    void recorder_keepsExtremesAcrossMerges();
    void freeQueue_longLifetimesOverflowTheWheel();
    void tickNotDividingDuration_lastTickIsCutShort();
    void oomRetryWaits_areNotCountedAsThrottled();
    void rateAt_patterns();
    void stealSuitableFallback_boostWakesKswapdForTheZonesOwnIndex_data();
    void stealSuitableFallback_boostWakesKswapdForTheZonesOwnIndex();
    void lowmemReserveRatioSysctlHandler_recomputesProtection();
    void allocateSlab_firstTryGfp_data();
    void allocateSlab_firstTryGfp();
    void allocateSlab_blockingCallerReclaimsOnlyForTheMinimumOrder();
    void shippedScenarios_showAtomicFailures_data();
    void shippedScenarios_showAtomicFailures();
};

void TestSimulation::sameSeed_identicalResults()
{
    Simulation a(burstScenario()), b(burstScenario());
    a.runToEnd();
    b.runToEnd();
    QVERIFY(a.counters() == b.counters());
    QVERIFY(a.recorder().series() == b.recorder().series());
    QCOMPARE(a.events().totalAdded(), b.events().totalAdded());
    QVERIFY(a.counters()[Counter::SimAtomicFailures] > 0);
}

void TestSimulation::differentSeed_differentResults()
{
    Scenario s = burstScenario();
    Simulation a(s);
    s.seed = 2;
    Simulation b(s);
    a.runToEnd();
    b.runToEnd();
    QVERIFY(a.counters()[Counter::SimAllocRequests] != b.counters()[Counter::SimAllocRequests]);
}

void TestSimulation::bulk_equalsPerRequestProcessing_data()
{
    QTest::addColumn<QString>("policy");
    QTest::newRow("vanilla") << QStringLiteral("vanilla");
    QTest::newRow("static-wsf") << QStringLiteral("static-wsf");
}

void TestSimulation::bulk_equalsPerRequestProcessing()
{
    // The design's rule: requests of one source in one tick may be processed in
    // bulk, but a watermark crossing inside a batch must split it exactly as
    // per-request processing would.
    QFETCH(QString, policy);
    Scenario s = burstScenario();
    s.duration = 1'500'000;
    s.policy.id = policy.toStdString();
    SimOptions bulkOpts, oneOpts;
    oneOpts.perRequest = true;
    Simulation bulk(s, bulkOpts), one(s, oneOpts);
    bulk.runToEnd();
    one.runToEnd();
    for (int i = 0; i < kNumCounters; ++i)
        QVERIFY2(bulk.counters().v[static_cast<std::size_t>(i)] == one.counters().v[static_cast<std::size_t>(i)],
            counterName(static_cast<Counter>(i)).data());
    QVERIFY(bulk.recorder().series() == one.recorder().series());
    QVERIFY(bulk.counters()[Counter::SimSlowpathEntries] > 0);
}

void TestSimulation::requestStream_independentOfAllocatorOutcome()
{
    // The same seed gives the same requests whatever the kernel does with them:
    // here a machine with ten times less memory.
    Scenario s = burstScenario();
    Simulation a(s);
    for (auto &z : s.nodes[0].zones)
        z.free /= 10;
    Simulation b(s);
    a.runToEnd();
    b.runToEnd();
    QCOMPARE(a.counters()[Counter::SimAllocRequests], b.counters()[Counter::SimAllocRequests]);
    QVERIFY(a.counters()[Counter::SimAtomicFailures] != b.counters()[Counter::SimAtomicFailures]);
}

void TestSimulation::timeline_setWatermarkScaleFactor_runsSetupPerZoneWmarks()
{
    // watermark_scale_factor_sysctl_handler() -> setup_per_zone_wmarks(): TV2''-style step change.
    Scenario s = test::tv4Machine();
    s.duration = 20'000;
    TimelineEntry e;
    e.at = 10'000;
    e.kind = TimelineKind::Set;
    e.key = "vm.watermark_scale_factor";
    e.value = "100";
    s.timeline.push_back(e);
    Simulation sim(s);
    sim.runUntil(10'000);
    QCOMPARE(sim.kernel().zone(2).lowWmarkPages(), pages_t {7841});
    sim.step();
    // Normal: min 6273, step = max(6273/4, mult_frac(458752, 100, 10000) = 4587) -> low 10860.
    QCOMPARE(sim.kernel().zone(2).lowWmarkPages(), pages_t {6273 + 4587});
    QCOMPARE(sim.kernel().zone(2).minWmarkPages(), pages_t {6273});
}

void TestSimulation::lowmemReserveRatioSysctlHandler_recomputesProtection()
{
    // lowmem_reserve_ratio_sysctl_handler() -> setup_per_zone_lowmem_reserve():
    // DMA32's protection against Normal requests is managed(Normal) / ratio[DMA32].
    Simulation sim(test::tv4Machine());
    QCOMPARE(sim.kernel().zone(1).lowmemReserve[2], pages_t {458752 / 256}); // 1792
    QVERIFY(sim.apply({"vm.lowmem_reserve_ratio", "256 32 32 0 0"}).empty());
    QCOMPARE(sim.kernel().zone(1).lowmemReserve[2], pages_t {458752 / 32}); // 14336
    // A ratio of 0 turns the protection off.
    QVERIFY(sim.apply({"vm.lowmem_reserve_ratio", "256 0 32 0 0"}).empty());
    QCOMPARE(sim.kernel().zone(1).lowmemReserve[2], pages_t {0});
}

void TestSimulation::apply_refusesBootOnlyAndBadValues()
{
    Simulation sim(test::tv4Machine());
    QVERIFY(!sim.apply({"vm.watermark_scale_factor", "5000"}).empty());
    QVERIFY(!sim.apply({"seed", "3"}).empty());
    QVERIFY(!sim.apply({"vm.nonsense", "3"}).empty());
    QCOMPARE(sim.kernel().tunables().watermarkScaleFactor, std::int64_t {10});
    QVERIFY(sim.apply({"vm.min_free_kbytes", "135168"}).empty());
    QCOMPARE(sim.kernel().tunables().minFreeKbytes, std::int64_t {135168});
    QCOMPARE(sim.kernel().tunables().userMinFreeKbytes, std::int64_t {135168});
    QCOMPARE(sim.appliedCommands().size(), std::size_t {1});
    // Once the run has ended an edit has no tick left to act in (and saved as a
    // timeline entry at the duration it would not load): refused.
    sim.runToEnd();
    QVERIFY(QString::fromStdString(sim.apply({"vm.watermark_scale_factor", "100"})).contains("ended"));
    QCOMPARE(sim.appliedCommands().size(), std::size_t {1});
}

void TestSimulation::recorder_boundedForAnyDuration()
{
    // One hour of 1 ms ticks into 256 buckets per zone. Every 10 s one tick dips to 0 free
    // pages with a 512-page boost. 3.6e6 ticks need a bucket width of 1 ms * 2^k with
    // 3.6e6 / 2^k <= 256, i.e. 2^14 ms = 16.384 s: 3.6e9 / 16.384e6 = 219.7 -> 220 buckets,
    // each of them spanning at least one dip (they are 10 s apart).
    Recorder r(2, 1000, 256);
    const std::vector<ZoneSample> samples(2, ZoneSample {100, 1, 2, 3, 0, 1, 0, 0, 0});
    const std::vector<ZoneSample> dip(2, ZoneSample {0, 513, 514, 515, 512, 1, 0, 0, 0});
    for (usec_t t = 0; t < 3'600'000'000; t += 1000)
        r.record(t, t % 10'000'000 == 0 ? dip : samples);
    for (const auto &s : r.series()) {
        QCOMPARE(s.bucketWidth, usec_t {16'384'000});
        QCOMPARE(s.buckets.size(), std::size_t {220});
        for (const auto &b : s.buckets) {
            QCOMPARE(b.freeMin, pages_t {0}); // the dip survives every merge
            QCOMPARE(b.freeMax, pages_t {100});
            QCOMPARE(b.boostMax, pages_t {512});
        }
    }
    const std::size_t bytes = r.bytes();
    Recorder longer(2, 1000, 256);
    for (usec_t t = 0; t < 7'200'000'000; t += 1000)
        longer.record(t, samples);
    QCOMPARE(longer.bytes(), bytes);
}

void TestSimulation::recorder_keepsExtremesAcrossMerges()
{
    Recorder r(1, 1000, 16);
    for (usec_t t = 0; t < 1'000'000; t += 1000) {
        pages_t free = t == 123'000 ? 7 : (t == 777'000 ? 99999 : 5000);
        r.record(t, {ZoneSample {free, 1, 2, 3, 0, 1, 0, 0, 0}});
    }
    pages_t lo = 1 << 30, hi = 0;
    for (const auto &b : r.series()[0].buckets) {
        lo = std::min(lo, b.freeMin);
        hi = std::max(hi, b.freeMax);
    }
    QCOMPARE(lo, pages_t {7});
    QCOMPARE(hi, pages_t {99999});
    const auto shown = decimateForDisplay(r.series()[0].buckets, 0, 1'000'000, 4);
    QVERIFY(shown.size() <= 4);
}

void TestSimulation::tickNotDividingDuration_lastTickIsCutShort()
{
    // 2 s in 7 ms ticks: 285 whole ticks and a last one of 5 ms. The run ends
    // at 2 s (not 2.002 s), and a constant 1000/s source makes 2000 requests.
    Scenario s = test::tv4Machine();
    s.duration = 2'000'000;
    s.tick = 7'000;
    s.sources = {test::source("steady", gfp::KERNEL, 1000, RateKind::Constant)};
    Simulation sim(s);
    int steps = 0;
    while (!sim.finished()) {
        sim.step();
        ++steps;
    }
    QCOMPARE(steps, 286);
    QCOMPARE(sim.now(), usec_t {2'000'000});
    QCOMPARE(sim.counters()[Counter::SimAllocRequests], std::int64_t {2000});
}

void TestSimulation::oomRetryWaits_areNotCountedAsThrottled()
{
    // A GFP_KERNEL stream with nothing reclaimable and OOM victims too small
    // to lift the zone over min: its requests wait to retry after the OOM step
    // ("Retry as long as the OOM killer is making progress"). Free stays above
    // half the min, so throttle_direct_reclaim() never sleeps: those waits are
    // sim_alloc_retry_wait_us, not sim_throttle_wait_us.
    Scenario s = test::machine({{test::zone(ZoneType::Normal, 262144, 900, 0, 100000)}}, 4096);
    s.reclaim.swap = false;
    s.reclaim.oomKillPages = 10;
    s.duration = 200'000;
    s.sources = {test::source("k", gfp::KERNEL, 20000, RateKind::Constant)};
    s.sources[0].lifetime.kind = LifetimeKind::Forever;
    Simulation sim(s);
    sim.runToEnd();
    QVERIFY(sim.counters()[Counter::SimOomKills] > 0);
    QVERIFY(sim.counters()[Counter::SimAllocRetryWaitUs] > 0);
    QCOMPARE(sim.counters()[Counter::SimThrottleWaitUs], std::int64_t {0});
    QCOMPARE(sim.counters()[Counter::SimDirectReclaimThrottled], std::int64_t {0});
}

void TestSimulation::freeQueue_longLifetimesOverflowTheWheel()
{
    FreeQueue q(64);
    q.schedule(0, 10, 0, 5);
    q.schedule(0, 1000, 1, 7);
    q.schedule(0, 64, 0, 3);
    std::vector<std::pair<std::int64_t, pages_t>> seen;
    for (std::int64_t t = 1; t <= 1100; ++t)
        q.takeDue(t, [&](int, pages_t p) { seen.emplace_back(t, p); });
    QCOMPARE(seen.size(), std::size_t {3});
    QCOMPARE(seen[0], std::make_pair(std::int64_t {10}, pages_t {5}));
    QCOMPARE(seen[1], std::make_pair(std::int64_t {64}, pages_t {3}));
    QCOMPARE(seen[2], std::make_pair(std::int64_t {1000}, pages_t {7}));
}

void TestSimulation::stealSuitableFallback_boostWakesKswapdForTheZonesOwnIndex_data()
{
    QTest::addColumn<unsigned>("gfpMask");
    QTest::addColumn<bool>("wakes");
    QTest::newRow("GFP_KERNEL|__GFP_DMA32: ALLOC_KSWAPD, kswapd woken for DMA32") << unsigned(gfp::KERNEL | gfp::DMA32) << true;
    QTest::newRow("without __GFP_KSWAPD_RECLAIM: boosted silently")
        << unsigned((gfp::KERNEL | gfp::DMA32) & ~gfp::KSWAPD_RECLAIM) << false;
}

void TestSimulation::stealSuitableFallback_boostWakesKswapdForTheZonesOwnIndex()
{
    // steal_suitable_fallback() -> boost_watermark(); "if (boost_watermark(zone)
    // && (alloc_flags & ALLOC_KSWAPD)) set_bit(ZONE_BOOSTED_WATERMARK)", and
    // rmqueue() then wakes kswapd with the boosted zone's own index
    // (wakeup_kswapd(zone, 0, 0, zone_idx(zone))): a DMA32 steal asks for a
    // DMA32 run, not a Normal one. Without ALLOC_KSWAPD nobody is woken.
    QFETCH(unsigned, gfpMask);
    QFETCH(bool, wakes);
    Scenario s = test::machine(
        {{test::zone(ZoneType::DMA32, 262144, 200000, 10000), test::zone(ZoneType::Normal, 262144, 200000, 10000)}}, 8192);
    s.nodes[0].zones[0].extfragFallbackRate = 1e6; // a steal every tick
    s.sources = {test::source("dma32", gfpMask, 1000, RateKind::Constant)}; // unmovable, in DMA32
    Kernel k(s, 100);
    Allocator a(k);
    Workload w(s, 1);
    w.allocate(0, 0, s.tick, k, a, false);
    w.extfrag(s.tick, k);
    QVERIFY(k.zone(0).watermarkBoost > 0);
    QCOMPARE(k.zone(1).watermarkBoost, pages_t {0}); // no unmovable allocation landed in Normal
    QCOMPARE(k.node(0).kswapd.state, wakes ? KswapdState::Running : KswapdState::Sleeping);
    if (wakes)
        QCOMPARE(k.node(0).kswapd.highestZoneidx, zoneIndex(ZoneType::DMA32));
}

void TestSimulation::allocateSlab_firstTryGfp_data()
{
    QTest::addColumn<unsigned>("gfpMask");
    QTest::addColumn<int>("slabOrder");
    QTest::addColumn<unsigned>("firstTry");
    QTest::newRow("GFP_ATOMIC: quiet, no retry")
        << unsigned(gfp::ATOMIC_) << 2 << unsigned(gfp::ATOMIC_ | gfp::NOWARN | gfp::NORETRY);
    QTest::newRow("GFP_KERNEL: quiet, no reclaim, no kswapd, no reserves")
        << unsigned(gfp::KERNEL) << 2 << unsigned(gfp::IO | gfp::FS | gfp::NOWARN | gfp::NORETRY | gfp::NOMEMALLOC);
    QTest::newRow("__GFP_NOFAIL dropped") << unsigned(gfp::KERNEL | gfp::NOFAIL) << 2
                                          << unsigned(gfp::IO | gfp::FS | gfp::NOWARN | gfp::NORETRY | gfp::NOMEMALLOC);
    QTest::newRow("slab order = minimum order: reclaim kept")
        << unsigned(gfp::KERNEL) << 0 << unsigned(gfp::KERNEL | gfp::NOWARN | gfp::NORETRY);
}

void TestSimulation::allocateSlab_firstTryGfp()
{
    // allocate_slab() (mm/slub.c): alloc_gfp = (flags | __GFP_NOWARN | __GFP_NORETRY) & ~__GFP_NOFAIL;
    // if ((alloc_gfp & __GFP_DIRECT_RECLAIM) && oo_order(oo) > oo_order(s->min))
    //         alloc_gfp = (alloc_gfp | __GFP_NOMEMALLOC) & ~__GFP_RECLAIM;
    QFETCH(unsigned, gfpMask);
    QFETCH(int, slabOrder);
    QFETCH(unsigned, firstTry);
    QCOMPARE(unsigned(Workload::slabFirstTryGfp(gfpMask, slabOrder, 0)), firstTry);
}

void TestSimulation::allocateSlab_blockingCallerReclaimsOnlyForTheMinimumOrder()
{
    // A GFP_KERNEL slab refill with free pages just below min: the order-2
    // tries fail without direct reclaim; the first order-0 retry reclaims 32
    // pages (one allocstall) and those after it pass at min.
    // min 1024
    Scenario s = test::machine({{test::zone(ZoneType::Normal, 262144, 1000, 100000)}}, 4096);
    s.duration = 1000;
    auto slab = test::source("slab", gfp::KERNEL, 3000, RateKind::Constant); // 3 per 1 ms tick
    slab.slabRefill = true;
    slab.slabOrder = 2;
    s.sources = {slab};
    Simulation sim(s);
    sim.runToEnd();
    const auto c = sim.counters();
    QCOMPARE(c[Counter::SimHighOrderFailures], std::int64_t {3});
    QCOMPARE(c[Counter::SimAllocFailures], std::int64_t {3}); // the three quiet order-2 tries
    QCOMPARE(c[Counter::SimWarnAllocMessages], std::int64_t {0});
    QCOMPARE(c[Counter::Allocstall], std::int64_t {1});
    QCOMPARE(c[Counter::SimKswapdWakeups], std::int64_t {1}); // by the order-0 slowpath only
}

void TestSimulation::rateAt_patterns()
{
    SourceSpec s;
    s.rate.kind = RateKind::Bursts;
    s.rate.rate = 10;
    s.rate.burstRate = 1000;
    s.rate.period = 1'000'000;
    s.rate.burstLength = 100'000;
    s.rate.phase = 500'000;
    QCOMPARE(Workload::rateAt(s, 0, 10'000'000), 10.0);
    QCOMPARE(Workload::rateAt(s, 550'000, 10'000'000), 1000.0);
    QCOMPARE(Workload::rateAt(s, 650'000, 10'000'000), 10.0);
    QCOMPARE(Workload::rateAt(s, 1'500'000, 10'000'000), 1000.0);
    s.rate.kind = RateKind::Ramp;
    s.rate.rate = 0;
    s.rate.rampTo = 100;
    QCOMPARE(Workload::rateAt(s, 5'000'000, 10'000'000), 50.0);
    s.rate.kind = RateKind::Piecewise;
    s.rate.points = {{0, 1}, {2'000'000, 7}};
    QCOMPARE(Workload::rateAt(s, 2'500'000, 10'000'000), 7.0);
    s.stop = 2'000'000;
    QCOMPARE(Workload::rateAt(s, 2'500'000, 10'000'000), 0.0);
}

void TestSimulation::shippedScenarios_showAtomicFailures_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("default") << QStringLiteral("default.yaml");
    QTest::newRow("network-burst") << QStringLiteral("network-burst.yaml");
}

void TestSimulation::shippedScenarios_showAtomicFailures()
{
    // The shipped scenarios are tuned so that the stock kernel drops atomics.
    QFETCH(QString, file);
    Simulation sim(loadShipped(file.toUtf8().constData()));
    sim.runToEnd();
    QVERIFY(sim.counters()[Counter::SimAtomicFailures] > 0);
    QVERIFY(sim.counters()[Counter::PgstealKswapd] > 0);
    // Failures mean the machine was at the GFP_ATOMIC floor in those ticks,
    // even when kswapd lifted free pages again before the tick ended.
    QVERIFY(sim.counters()[Counter::SimTimeBelowAtomicFloorMs] > 0);
    // Reclaim stall, throttle wait and throttled requests are counted per node
    // (throttle_direct_reclaim() waits on the preferred node's pgdat): the
    // machine's value is the sum of the nodes'.
    for (Counter c : {Counter::SimDirectReclaimStallUs, Counter::SimThrottleWaitUs, Counter::SimDirectReclaimThrottled,
             Counter::SimAllocRetryWaitUs}) {
        std::int64_t nodes = 0;
        for (const auto &nd : sim.kernel().machine().nodes)
            nodes += nd.counters[c];
        QCOMPARE(sim.counters()[c], nodes);
    }
}

QTEST_APPLESS_MAIN(TestSimulation)
#include "tst_simulation.moc"
