// The watermark checks: __zone_watermark_ok(), zone_watermark_fast() and
// gfp_to_alloc_flags() (v6.12 mm/page_alloc.c), table-driven over the GFP
// classes of docs/model.md §3.5 and §4.
#include "mm/gfp.h"
#include "mm/kernel.h"
#include "mm/watermark_ok.h"
#include "testscenarios.h"

#include <QTest>

using namespace wm;

class TestWatermarkOk : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void gfpToAllocFlags_table_data();
    void gfpToAllocFlags_table();
    void gfpZone_table_data();
    void gfpZone_table();
    void parseAndFormatGfp();
    void zoneWatermarkOk_thresholds_data();
    void zoneWatermarkOk_thresholds();
    void zoneWatermarkFast_boostEscapeHatchForGfpHighOrder0();
    void zoneWatermarkFast_noEscapeHatchForGfpNowaitOrHighOrder();
    void zoneWatermarkUnusableFree_highatomicOnlyWithoutReserves();
    void zoneWatermarkOkSafe_kswapdCountsNoHighatomicPages();
    void lowmemReserve_protectsDma32FromNormalRequests();
    void zoneWatermarkOk_highatomicReserveServesHighatomicAndOom_data();
    void zoneWatermarkOk_highatomicReserveServesHighatomicAndOom();
    void zoneWatermarkCapacity_equalsPerRequestLoop_data();
    void zoneWatermarkCapacity_equalsPerRequestLoop();
};

void TestWatermarkOk::gfpToAllocFlags_table_data()
{
    QTest::addColumn<uint>("mask");
    QTest::addColumn<int>("order");
    QTest::addColumn<uint>("expected");
    using namespace alloc;
    QTest::newRow("GFP_ATOMIC order 0: MIN_RESERVE|NON_BLOCK|KSWAPD, no CPUSET")
        << uint(gfp::ATOMIC_) << 0 << uint(WMARK_MIN | MIN_RESERVE | NON_BLOCK | KSWAPD);
    QTest::newRow("GFP_ATOMIC order 2: + HIGHATOMIC")
        << uint(gfp::ATOMIC_) << 2 << uint(WMARK_MIN | MIN_RESERVE | NON_BLOCK | KSWAPD | HIGHATOMIC);
    QTest::newRow("GFP_NOWAIT: NON_BLOCK only (no discount), keeps CPUSET")
        << uint(gfp::NOWAIT) << 0 << uint(WMARK_MIN | NON_BLOCK | KSWAPD | CPUSET);
    QTest::newRow("GFP_KERNEL: CPUSET|KSWAPD") << uint(gfp::KERNEL) << 0 << uint(WMARK_MIN | CPUSET | KSWAPD);
    QTest::newRow("GFP_HIGHUSER_MOVABLE: + CMA (gfp_to_alloc_flags_cma())")
        << uint(gfp::HIGHUSER_MOVABLE) << 0 << uint(WMARK_MIN | CPUSET | KSWAPD | CMA);
    QTest::newRow("GFP_KERNEL|__GFP_HIGH: MIN_RESERVE, blocking")
        << uint(gfp::KERNEL | gfp::HIGH) << 0 << uint(WMARK_MIN | CPUSET | KSWAPD | MIN_RESERVE);
    QTest::newRow("GFP_ATOMIC|__GFP_NOMEMALLOC: no NON_BLOCK")
        << uint(gfp::ATOMIC_ | gfp::NOMEMALLOC) << 0 << uint(WMARK_MIN | MIN_RESERVE | KSWAPD);
    QTest::newRow("raw 0x0: nothing but MIN|NON_BLOCK|CPUSET") << 0u << 0 << uint(WMARK_MIN | NON_BLOCK | CPUSET);
}

void TestWatermarkOk::gfpToAllocFlags_table()
{
    QFETCH(uint, mask);
    QFETCH(int, order);
    QFETCH(uint, expected);
    QCOMPARE(wm::gfpToAllocFlags(mask, order), expected);
}

void TestWatermarkOk::gfpZone_table_data()
{
    QTest::addColumn<uint>("mask");
    QTest::addColumn<int>("zone");
    QTest::newRow("GFP_KERNEL -> Normal") << uint(gfp::KERNEL) << zoneIndex(ZoneType::Normal);
    QTest::newRow("GFP_ATOMIC -> Normal") << uint(gfp::ATOMIC_) << zoneIndex(ZoneType::Normal);
    QTest::newRow("GFP_HIGHUSER_MOVABLE -> Movable") << uint(gfp::HIGHUSER_MOVABLE) << zoneIndex(ZoneType::Movable);
    QTest::newRow("GFP_DMA32 -> DMA32") << uint(gfp::KERNEL | gfp::DMA32) << zoneIndex(ZoneType::DMA32);
    QTest::newRow("GFP_DMA -> DMA") << uint(gfp::KERNEL | gfp::DMA) << zoneIndex(ZoneType::DMA);
}

void TestWatermarkOk::gfpZone_table()
{
    QFETCH(uint, mask);
    QFETCH(int, zone);
    QCOMPARE(zoneIndex(wm::gfpZone(mask)), zone);
}

void TestWatermarkOk::parseAndFormatGfp()
{
    // GFP bit values of v6.12 include/linux/gfp_types.h.
    QCOMPARE(*parseGfp("GFP_ATOMIC"), gfp_t {0x820});
    QCOMPARE(*parseGfp("GFP_KERNEL"), gfp_t {0xcc0});
    QCOMPARE(*parseGfp("GFP_NOWAIT"), gfp_t {0x2800});
    QCOMPARE(*parseGfp("GFP_KERNEL | __GFP_HIGH"), gfp_t {0xce0});
    QCOMPARE(*parseGfp("0x480020"), gfp_t {0x480020});
    std::string err;
    QVERIFY(!parseGfp("GFP_BOGUS", &err));
    QVERIFY(err.find("GFP_BOGUS") != std::string::npos);
    QVERIFY(!parseGfp("GFP_ATOMIC|", &err));
    QCOMPARE(formatGfp(gfp::ATOMIC_), std::string("0x820(GFP_ATOMIC)"));
}

void TestWatermarkOk::zoneWatermarkOk_thresholds_data()
{
    // An unboosted zone with min m = 1000 and no reserve: the thresholds of the
    // slowpath table (docs/model.md §3.5): free must EXCEED the threshold.
    QTest::addColumn<uint>("mask");
    QTest::addColumn<uint>("extraFlags"); // alloc flags not derived from the mask
    QTest::addColumn<qint64>("threshold");
    QTest::newRow("GFP_KERNEL at min: m") << uint(gfp::KERNEL) << 0u << qint64(1000);
    QTest::newRow("GFP_NOWAIT at min: m (NON_BLOCK alone gives no discount)") << uint(gfp::NOWAIT) << 0u << qint64(1000);
    QTest::newRow("GFP_ATOMIC: m - m/2 - (m - m/2)/4 = 375") << uint(gfp::ATOMIC_) << 0u << qint64(375);
    QTest::newRow("GFP_KERNEL|__GFP_HIGH (blocking): m/2") << uint(gfp::KERNEL | gfp::HIGH) << 0u << qint64(500);
    // An OOM victim (oom_reserves_allowed() -> ALLOC_OOM): a further half.
    QTest::newRow("GFP_KERNEL + ALLOC_OOM: m/2") << uint(gfp::KERNEL) << uint(alloc::OOM) << qint64(500);
    QTest::newRow("GFP_ATOMIC + ALLOC_OOM: 375 - 375/2 = 188") << uint(gfp::ATOMIC_) << uint(alloc::OOM) << qint64(188);
}

void TestWatermarkOk::zoneWatermarkOk_thresholds()
{
    // __zone_watermark_ok(): the ALLOC_RESERVES discounts (v6.12).
    QFETCH(uint, mask);
    QFETCH(uint, extraFlags);
    QFETCH(qint64, threshold);
    Zone z;
    z.managed = 100000;
    z.watermark = {1000, 1250, 1500, 1750};
    const unsigned flags = gfpToAllocFlags(mask, 0) | extraFlags;
    z.free = threshold;
    QVERIFY(!zoneWatermarkOk(z, 0, z.minWmarkPages(), zoneIndex(ZoneType::Normal), flags, z.free));
    z.free = threshold + 1;
    QVERIFY(zoneWatermarkOk(z, 0, z.minWmarkPages(), zoneIndex(ZoneType::Normal), flags, z.free));
}

void TestWatermarkOk::zoneWatermarkFast_boostEscapeHatchForGfpHighOrder0()
{
    // zone_watermark_fast(): an order-0 ALLOC_MIN_RESERVE request that fails the
    // boosted MIN check is re-checked against the unboosted _watermark[WMARK_MIN].
    Zone z;
    z.managed = 100000;
    z.watermark = {1000, 1250, 1500, 1750};
    z.watermarkBoost = 5000;
    z.free = 400; // above the unboosted atomic floor 375, far below the boosted one
    const unsigned atomic = gfpToAllocFlags(gfp::ATOMIC_, 0);
    QVERIFY(!zoneWatermarkOk(z, 0, z.minWmarkPages(), 2, atomic, z.free));
    QVERIFY(zoneWatermarkFast(z, 0, z.minWmarkPages(), 2, atomic));
    QCOMPARE(atomicFloor(z), pages_t {375});
}

void TestWatermarkOk::zoneWatermarkFast_noEscapeHatchForGfpNowaitOrHighOrder()
{
    Zone z;
    z.managed = 100000;
    z.watermark = {1000, 1250, 1500, 1750};
    z.watermarkBoost = 5000;
    z.free = 5500; // above the unboosted min, below the boosted one
    QVERIFY(!zoneWatermarkFast(z, 0, z.minWmarkPages(), 2, gfpToAllocFlags(gfp::NOWAIT, 0)));
    QVERIFY(!zoneWatermarkFast(z, 0, z.minWmarkPages(), 2, gfpToAllocFlags(gfp::KERNEL, 0)));
    z.free = 2000;
    QVERIFY(!zoneWatermarkFast(z, 1, z.minWmarkPages(), 2, gfpToAllocFlags(gfp::ATOMIC_, 1)));
}

void TestWatermarkOk::zoneWatermarkUnusableFree_highatomicOnlyWithoutReserves()
{
    // __zone_watermark_unusable_free(): free highatomic pages are unusable for
    // requests without ALLOC_RESERVES (GFP_KERNEL), usable for GFP_ATOMIC.
    Zone z;
    z.free = 10000;
    z.nrReservedHighatomic = 1024;
    QCOMPARE(zoneWatermarkUnusableFree(z, 0, gfpToAllocFlags(gfp::KERNEL, 0)), pages_t {1024});
    QCOMPARE(zoneWatermarkUnusableFree(z, 0, gfpToAllocFlags(gfp::ATOMIC_, 0)), pages_t {0});
    QCOMPARE(zoneWatermarkUnusableFree(z, 2, gfpToAllocFlags(gfp::ATOMIC_, 2)), pages_t {3});
}

void TestWatermarkOk::zoneWatermarkOkSafe_kswapdCountsNoHighatomicPages()
{
    // zone_watermark_ok_safe(z, order, mark, highest_zoneidx), as
    // pgdat_balanced() calls it: alloc_flags 0, so the free highatomic pages
    // are unusable. 1600 free over high 1548 is balanced, until 512 of them
    // sit in a reserved highatomic block.
    Kernel k(test::machine({{test::zone(ZoneType::Normal, 262144, 1600, 0)}}, 4096), 100);
    Zone &z = k.zone(0);
    QCOMPARE(z.highWmarkPages(), pages_t {1548});
    QVERIFY(zoneWatermarkOkSafe(z, 0, z.highWmarkPages(), 2));
    QVERIFY(zoneWatermarkFast(z, 0, z.lowWmarkPages(), 2, alloc::WMARK_LOW)); // the fast path passes low (1286)
    z.nrReservedHighatomic = kPageblockNrPages;
    QVERIFY(!zoneWatermarkOkSafe(z, 0, z.highWmarkPages(), 2));
    QVERIFY(!zoneWatermarkFast(z, 0, z.lowWmarkPages(), 2, alloc::WMARK_LOW)); // 1088 usable
    // rmqueue_buddy() lets ALLOC_NON_BLOCK (GFP_ATOMIC) fall back to the
    // MIGRATE_HIGHATOMIC free lists: for it the reserve still counts.
    // A mark of 3200 leaves GFP_ATOMIC a threshold of 1200: 1600 free pass, the
    // 1088 outside the reserve would not.
    QVERIFY(zoneWatermarkFast(z, 0, 3200, 2, gfpToAllocFlags(gfp::ATOMIC_, 0)));
}

void TestWatermarkOk::lowmemReserve_protectsDma32FromNormalRequests()
{
    // docs/model.md §2.8 worked check on TV4: GFP_ATOMIC on DMA32 with
    // classzone Normal needs free > 3964 + 1792; GFP_KERNEL's fast path > 13211 + 1792.
    Kernel k(test::tv4Machine(), 100);
    const Zone &dma32 = *k.machine().zoneAt(0, ZoneType::DMA32);
    QCOMPARE(dma32.lowmemReserve[2], pages_t {1792});
    QCOMPARE(watermarkThreshold(dma32, dma32.minWmarkPages(), 2, gfpToAllocFlags(gfp::ATOMIC_, 0)), pages_t {3964 + 1792});
    QCOMPARE(watermarkThreshold(dma32, dma32.lowWmarkPages(), 2, alloc::WMARK_LOW), pages_t {13211 + 1792});
}

void TestWatermarkOk::zoneWatermarkOk_highatomicReserveServesHighatomicAndOom_data()
{
    // __zone_watermark_ok() (v6.12), high-order part: after the order-0 check passes, the
    // request needs a free block of at least `order`: in the MIGRATE_PCPTYPES free lists,
    // or in MIGRATE_HIGHATOMIC but only "if (alloc_flags & (ALLOC_HIGHATOMIC|ALLOC_OOM))".
    // The zone: min 1000, 5000 free, one reserved highatomic pageblock (512 pages, order 9),
    // and no other free block of order >= 1 (highOrderFraction 0).
    QTest::addColumn<uint>("flags");
    QTest::addColumn<int>("order");
    QTest::addColumn<bool>("ok");
    using namespace alloc;
    QTest::newRow("GFP_ATOMIC order 2 (ALLOC_HIGHATOMIC): the reserve serves it")
        << gfpToAllocFlags(gfp::ATOMIC_, 2) << 2 << true;
    QTest::newRow("ALLOC_OOM order 2: the reserve serves it") << uint(WMARK_MIN | OOM) << 2 << true;
    QTest::newRow("WMARK_MIN|ALLOC_NON_BLOCK order 2: no HIGHATOMIC/OOM, no ordinary block")
        << uint(WMARK_MIN | NON_BLOCK) << 2 << false;
    QTest::newRow("GFP_ATOMIC without HIGHATOMIC (order-0 flags) at order 2") << gfpToAllocFlags(gfp::ATOMIC_, 0) << 2 << false;
    QTest::newRow("GFP_KERNEL order 2: no reserve access") << uint(WMARK_MIN | CPUSET | KSWAPD) << 2 << false;
    QTest::newRow("ALLOC_HIGHATOMIC order 9: the 512-page block is exactly big enough")
        << gfpToAllocFlags(gfp::ATOMIC_, 9) << 9 << true;
    QTest::newRow("ALLOC_HIGHATOMIC order 10: larger than a reserved pageblock")
        << gfpToAllocFlags(gfp::ATOMIC_, 10) << 10 << false;
}

void TestWatermarkOk::zoneWatermarkOk_highatomicReserveServesHighatomicAndOom()
{
    QFETCH(uint, flags);
    QFETCH(int, order);
    QFETCH(bool, ok);
    Zone z;
    z.managed = 100000;
    z.watermark = {1000, 1250, 1500, 1750};
    z.free = 5000;
    z.nrReservedHighatomic = kPageblockNrPages;
    z.highOrderFraction = 0;
    // The order-0 part passes in every row (free - unusable >= 5000 - 1023 - 512 = 3465 > the
    // threshold, at most 1000): the result is the free-block walk's.
    QCOMPARE(zoneWatermarkOk(z, order, z.minWmarkPages(), zoneIndex(ZoneType::Normal), flags, z.free), ok);
    QCOMPARE(zoneHasFreeBlock(z, order, flags, z.free), ok);
}

void TestWatermarkOk::zoneWatermarkCapacity_equalsPerRequestLoop_data()
{
    QTest::addColumn<uint>("mask");
    QTest::addColumn<int>("order");
    QTest::addColumn<int>("wmark");
    QTest::addColumn<qint64>("boost");
    QTest::newRow("GFP_KERNEL fast path at LOW") << uint(gfp::KERNEL) << 0 << 1 << qint64(0);
    QTest::newRow("GFP_ATOMIC slowpath at MIN") << uint(gfp::ATOMIC_) << 0 << 0 << qint64(0);
    QTest::newRow("GFP_ATOMIC slowpath at MIN, boosted") << uint(gfp::ATOMIC_) << 0 << 0 << qint64(3000);
    QTest::newRow("order-2 atomic with highatomic") << uint(gfp::ATOMIC_) << 2 << 0 << qint64(0);
    QTest::newRow("GFP_NOWAIT boosted") << uint(gfp::NOWAIT) << 0 << 0 << qint64(700);
}

void TestWatermarkOk::zoneWatermarkCapacity_equalsPerRequestLoop()
{
    // The batch split of get_page_from_freelist(): the bulk capacity equals
    // taking requests one at a time until zone_watermark_fast() fails.
    QFETCH(uint, mask);
    QFETCH(int, order);
    QFETCH(int, wmark);
    QFETCH(qint64, boost);
    Zone z;
    z.managed = 200000;
    z.watermark = {1000, 1250, 1500, 1750};
    z.watermarkBoost = boost;
    z.lowmemReserve[2] = 100;
    z.nrReservedHighatomic = 512;
    z.highOrderFraction = 0.4;
    const unsigned flags = wmark == 1 ? alloc::WMARK_LOW : gfpToAllocFlags(mask, order);
    for (pages_t start : {0, 300, 1400, 2600, 5000}) {
        z.free = start;
        const auto bulk = zoneWatermarkCapacity(z, order, static_cast<WatermarkIndex>(wmark), 2, flags, 100000);
        Zone one = z;
        std::int64_t n = 0;
        while (one.free >= (pages_t {1} << order)
            && zoneWatermarkFast(one, order, one.wmarkPages(static_cast<WatermarkIndex>(wmark)), 2, flags)) {
            one.free -= pages_t {1} << order;
            ++n;
        }
        QCOMPARE(bulk, n);
    }
}

QTEST_APPLESS_MAIN(TestWatermarkOk)
#include "tst_watermark_ok.moc"
