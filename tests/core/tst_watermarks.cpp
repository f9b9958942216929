// Watermark maths of mm/page_alloc.c and mm/khugepaged.c against the worked
// vectors of docs/model.md §2.8 (x86-64, 4 KiB pages, pageblock 512, ratios 256/256/32).
#include "mm/watermarks.h"

#include <QTest>

using namespace wm;

namespace {

struct ZoneRow {
    ZoneType type;
    pages_t managed;
};
using Machine = QList<ZoneRow>;

std::vector<ZoneWatermarkInput> inputs(const Machine &m)
{
    std::vector<ZoneWatermarkInput> in;
    for (const auto &z : m)
        in.push_back({z.type, z.managed});
    return in;
}

const Machine kTV1 {{ZoneType::Normal, 262144}};
const Machine kTV2 {{ZoneType::DMA, 3977}, {ZoneType::DMA32, 750000}, {ZoneType::Normal, 3400000}};
const Machine kTV3 {{ZoneType::DMA, 3977}, {ZoneType::DMA32, 750000}, {ZoneType::Normal, 66300000}};
const Machine kTV4 {{ZoneType::DMA, 3840}, {ZoneType::DMA32, 772915}, {ZoneType::Normal, 458752}, {ZoneType::Movable, 0}};
// A populated ZONE_MOVABLE as large as Normal (kernelcore=/movablecore= split of 2 GiB).
const Machine kNormalPlusMovable {{ZoneType::Normal, 262144}, {ZoneType::Movable, 262144}};

} // namespace

Q_DECLARE_METATYPE(Machine)

class TestWatermarks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // __setup_per_zone_wmarks(): min = min_free_kbytes/4 split by managed share of the lowmem
    // zones (HighMem/Movable: clamp(managed/1024, 32, 128)); step = max(tmp/4, managed*wsf/10000);
    // low/high/promo = min + 1/2/3 steps. boost_watermark()'s cap max(pageblock, high*15000/10000),
    // reserve_highatomic_pageblock()'s cap ALIGN(managed/100, pageblock).
    void setupPerZoneWmarks_data()
    {
        QTest::addColumn<Machine>("machine");
        QTest::addColumn<qint64>("minFreeKbytes");
        QTest::addColumn<qint64>("wsf");
        QTest::addColumn<int>("zone");
        QTest::addColumn<qint64>("min");
        QTest::addColumn<qint64>("low");
        QTest::addColumn<qint64>("high");
        QTest::addColumn<qint64>("promo");
        QTest::addColumn<qint64>("maxBoost"); // -1: boost_watermark() refuses (no value in the table)
        QTest::addColumn<qint64>("highatomicMax");

        QTest::newRow("TV1 1GiB Normal sqrt default")
            << kTV1 << 4096LL << 10LL << 0 << 1024LL << 1286LL << 1548LL << 1810LL << 2322LL << 3072LL;
        QTest::newRow("TV2 16GiB DMA sqrt default") << kTV2 << 16305LL << 10LL << 0 << 3LL << 6LL << 9LL << 12LL << 512LL << 0LL;
        QTest::newRow("TV2 16GiB DMA32 sqrt default")
            << kTV2 << 16305LL << 10LL << 1 << 735LL << 1485LL << 2235LL << 2985LL << 3352LL << 7680LL;
        QTest::newRow("TV2 16GiB Normal sqrt default")
            << kTV2 << 16305LL << 10LL << 2 << 3336LL << 6736LL << 10136LL << 13536LL << 15204LL << 34304LL;
        QTest::newRow("TV2' DMA THP value") << kTV2 << 67584LL << 10LL << 0 << 16LL << 20LL << 24LL << 28LL << 512LL << 0LL;
        QTest::newRow("TV2' DMA32 THP value")
            << kTV2 << 67584LL << 10LL << 1 << 3050LL << 3812LL << 4574LL << 5336LL << 6861LL << 7680LL;
        QTest::newRow("TV2' Normal THP value")
            << kTV2 << 67584LL << 10LL << 2 << 13829LL << 17286LL << 20743LL << 24200LL << 31114LL << 34304LL;
        QTest::newRow("TV2'' DMA32 wsf 100")
            << kTV2 << 16305LL << 100LL << 1 << 735LL << 8235LL << 15735LL << 23235LL << 23602LL << 7680LL;
        QTest::newRow("TV2'' Normal wsf 100")
            << kTV2 << 16305LL << 100LL << 2 << 3336LL << 37336LL << 71336LL << 105336LL << 107004LL << 34304LL;
        QTest::newRow("TV3 256GiB DMA32") << kTV3 << 65509LL << 10LL << 1 << 183LL << 933LL << 1683LL << 2433LL << 2524LL
                                          << 7680LL;
        QTest::newRow("TV3 256GiB Normal") << kTV3 << 65509LL << 10LL << 2 << 16192LL << 82492LL << 148792LL << 215092LL
                                           << 223188LL << 663040LL;
        QTest::newRow("TV4 6.18 VM DMA") << kTV4 << 67584LL << 10LL << 0 << 52LL << 65LL << 78LL << 91LL << 512LL << 0LL;
        QTest::newRow("TV4 6.18 VM DMA32") << kTV4 << 67584LL << 10LL << 1 << 10569LL << 13211LL << 15853LL << 18495LL << 23779LL
                                           << 8192LL;
        QTest::newRow("TV4 6.18 VM Normal") << kTV4 << 67584LL << 10LL << 2 << 6273LL << 7841LL << 9409LL << 10977LL << 14113LL
                                            << 4608LL;
        QTest::newRow("TV4 6.18 VM empty Movable clamped to 32")
            << kTV4 << 67584LL << 10LL << 3 << 32LL << 32LL << 32LL << 32LL << -1LL << 0LL;
        // __setup_per_zone_wmarks(): lowmem_pages counts neither HighMem nor Movable, so
        // L = 262144 (Normal only) and pages_min = 65536 / 4 = 16384.
        // Normal: tmp = 16384 * 262144 / 262144 = 16384 = min;
        //   step = max(16384 >> 2 = 4096, 262144 * 10 / 10000 = 262) = 4096;
        //   low 20480, high 24576, promo 28672; max_boost 24576 * 15000 / 10000 = 36864;
        //   highatomic ALIGN(262144 / 100 = 2621, 512) = 3072.
        // (Movable counted as lowmem would give L = 524288 and min 8192.)
        QTest::newRow("Normal+Movable: Movable not in lowmem_pages, Normal min 16384")
            << kNormalPlusMovable << 65536LL << 10LL << 0 << 16384LL << 20480LL << 24576LL << 28672LL << 36864LL << 3072LL;
        // Movable: min = clamp(262144 / 1024 = 256, SWAP_CLUSTER_MAX 32, 128) = 128, but the
        //   step uses the uncapped tmp = 16384: step = max(4096, 262) = 4096;
        //   low 128 + 4096 = 4224, high 8320, promo 12416; max_boost 8320 * 1.5 = 12480;
        //   highatomic 3072.
        QTest::newRow("Normal+Movable: Movable min capped at 128, step from uncapped tmp")
            << kNormalPlusMovable << 65536LL << 10LL << 1 << 128LL << 4224LL << 8320LL << 12416LL << 12480LL << 3072LL;
    }
    void setupPerZoneWmarks()
    {
        QFETCH(Machine, machine);
        QFETCH(qint64, minFreeKbytes);
        QFETCH(qint64, wsf);
        QFETCH(int, zone);
        QFETCH(qint64, min);
        QFETCH(qint64, low);
        QFETCH(qint64, high);
        QFETCH(qint64, promo);
        QFETCH(qint64, maxBoost);
        QFETCH(qint64, highatomicMax);

        const auto w = wm::setupPerZoneWmarks(inputs(machine), minFreeKbytes, wsf);
        const auto &z = w[static_cast<std::size_t>(zone)];
        QCOMPARE(z.min(), min);
        QCOMPARE(z.low(), low);
        QCOMPARE(z.high(), high);
        QCOMPARE(z.promo(), promo);
        const auto managed = machine[zone].managed;
        const auto b = wm::boostWatermark(0, managed, z.high(), kWatermarkBoostFactorDefault);
        if (maxBoost < 0) {
            QVERIFY(!b.boosted);
        } else {
            QVERIFY(b.boosted);
            QCOMPARE(b.maxBoost, maxBoost);
        }
        QCOMPARE(wm::highatomicMax(managed), highatomicMax);
    }

    // __setup_per_zone_wmarks() before commit 795ae7a0de6b (v4.6): low = min + min/4, high = min + min/2.
    void setupPerZoneWmarksPre46()
    {
        const auto w = wm::setupPerZoneWmarksPre46(inputs(kTV4), 67584);
        QCOMPARE(w[1].min(), 10569);
        QCOMPARE(w[1].low(), 10569 + 10569 / 4);
        QCOMPARE(w[1].high(), 10569 + 10569 / 2);
        QCOMPARE(w[3].min(), 32); // HighMem/Movable clamp is older than v4.6 for HighMem
    }

    // calculate_min_free_kbytes(): clamp(int_sqrt(lowmem_kbytes * 16), 128, 262144); the table in its comment.
    void calculateMinFreeKbytes_data()
    {
        QTest::addColumn<qint64>("lowmemPages");
        QTest::addColumn<qint64>("minFreeKbytes");
        QTest::newRow("16MB -> 512k") << 4096LL << 512LL;
        QTest::newRow("1GB -> 4096k") << 262144LL << 4096LL;
        QTest::newRow("16GB -> 16384k") << 4194304LL << 16384LL;
        QTest::newRow("TV2 lowmem -> 16305k") << 4153977LL << 16305LL;
        QTest::newRow("TV3 lowmem -> 65509k") << 67053977LL << 65509LL;
        QTest::newRow("below 1MiB clamps to 128") << 64LL << 128LL;
        QTest::newRow("no memory clamps to 128") << 0LL << 128LL;
        QTest::newRow("4TiB reaches 262144") << (1LL << 30) << 262144LL;
        QTest::newRow("16TiB clamps to 262144") << (1LL << 32) << 262144LL;
        // lowmem_kbytes * 16 would wrap 64 bits here (256 nodes of 2^50 pages).
        QTest::newRow("2^58 pages: the clamp, no wrap") << (1LL << 58) << 262144LL;
    }
    void calculateMinFreeKbytes()
    {
        QFETCH(qint64, lowmemPages);
        QFETCH(qint64, minFreeKbytes);
        QCOMPARE(wm::calculateMinFreeKbytes(lowmemPages), minFreeKbytes);
    }

    // set_recommended_min_free_kbytes() (mm/khugepaged.c): 512 * 11 pages per populated zone
    // <= ZONE_NORMAL, capped at nr_free_buffer_pages() / 20.
    void recommendedMinFreeKbytes_data()
    {
        QTest::addColumn<int>("zones");
        QTest::addColumn<qint64>("freeBufferPages");
        QTest::addColumn<qint64>("minFreeKbytes");
        QTest::newRow("1 zone") << 1 << 4194304LL << 22528LL;
        QTest::newRow("2 zones") << 2 << 4194304LL << 45056LL;
        QTest::newRow("3 zones") << 3 << 4194304LL << 67584LL;
        QTest::newRow("4 zones") << 4 << 4194304LL << 90112LL;
        QTest::newRow("capped at 5% of nr_free_buffer_pages()") << 3 << 20000LL << 4000LL;
    }
    void recommendedMinFreeKbytes()
    {
        QFETCH(int, zones);
        QFETCH(qint64, freeBufferPages);
        QFETCH(qint64, minFreeKbytes);
        QCOMPARE(wm::recommendedMinFreeKbytes(zones, freeBufferPages), minFreeKbytes);
    }

    // nr_free_buffer_pages() = nr_free_zone_pages(gfp_zone(GFP_USER)): managed minus
    // high_wmark_pages over the zones <= ZONE_NORMAL; Movable and HighMem do not count.
    void nrFreeBufferPages()
    {
        const auto marks = wm::setupPerZoneWmarks(inputs(kTV4), 67584, 10);
        // TV4's high marks: 78, 15853, 9409; Movable's 32 is not counted.
        QCOMPARE(wm::nrFreeBufferPages(inputs(kTV4), marks), pages_t {(3840 - 78) + (772915 - 15853) + (458752 - 9409)});
    }

    // init_per_zone_wmark_min() + khugepaged_min_free_kbytes_update(): the THP value wins when
    // larger; its 5% cap sees managed minus the high marks of the sqrt default.
    void bootMinFreeKbytes_data()
    {
        QTest::addColumn<Machine>("zones");
        QTest::addColumn<bool>("thp");
        QTest::addColumn<qint64>("minFreeKbytes");
        QTest::newRow("TV4 VM with THP: 3 zones -> 67584") << kTV4 << true << 67584LL;
        QTest::newRow("TV4 VM without THP: sqrt default 8892") << kTV4 << false << 8892LL;
        QTest::newRow("TV3 256GiB: THP 67584 beats sqrt 65509") << kTV3 << true << 67584LL;
        const Machine huge {{ZoneType::DMA, 3977}, {ZoneType::DMA32, 750000}, {ZoneType::Normal, (1LL << 32) - 753977}};
        QTest::newRow("16TiB: sqrt clamp 262144 beats THP") << huge << true << 262144LL;
        // 512 MiB VM: sqrt default 2882 kB (720 pages) gives high 31 in DMA and 1046 in DMA32;
        // (3809 + 124954) / 20 = 6438 pages = 25752 kB, not 129840 / 20 = 6492 pages.
        const Machine small {{ZoneType::DMA, 3840}, {ZoneType::DMA32, 126000}};
        QTest::newRow("512MiB VM: THP value capped by nr_free_buffer_pages()") << small << true << 25752LL;
    }
    void bootMinFreeKbytes()
    {
        QFETCH(Machine, zones);
        QFETCH(bool, thp);
        QFETCH(qint64, minFreeKbytes);
        QCOMPARE(wm::bootMinFreeKbytes(inputs(zones), 10, thp), minFreeKbytes);
    }

    // setup_per_zone_lowmem_reserve(): lowmem_reserve[i][j] = sum(managed[i+1..j]) / ratio[i];
    // 0 when ratio[i] == 0 or zone i is empty; v6.12 also 0 when zone j is empty.
    void setupPerZoneLowmemReserve_data()
    {
        QTest::addColumn<QList<qint64>>("managed"); // by zone type: DMA, DMA32, Normal, HighMem, Movable
        QTest::addColumn<bool>("emptyUpperZoneIsZero");
        QTest::addColumn<int>("zone");
        QTest::addColumn<QList<qint64>>("expected");
        const QList<qint64> tv4 {3840, 772915, 458752, 0, 0};
        const QList<qint64> tv2 {3977, 750000, 3400000, 0, 0};
        QTest::newRow("TV4 DMA cumulative (v6.18)") << tv4 << false << 0 << QList<qint64> {0, 3019, 4811, 4811, 4811};
        QTest::newRow("TV4 DMA32 cumulative (v6.18)") << tv4 << false << 1 << QList<qint64> {0, 0, 1792, 1792, 1792};
        QTest::newRow("TV4 Normal ratio 32 over empty zones") << tv4 << false << 2 << QList<qint64> {0, 0, 0, 0, 0};
        QTest::newRow("TV2 DMA cumulative with empty Movable (v6.18)")
            << tv2 << false << 0 << QList<qint64> {0, 2929, 16210, 16210, 16210};
        QTest::newRow("TV2 DMA32 cumulative with empty Movable (v6.18)")
            << tv2 << false << 1 << QList<qint64> {0, 0, 13281, 13281, 13281};
        QTest::newRow("TV2 DMA empty-zone rule (v6.12)") << tv2 << true << 0 << QList<qint64> {0, 2929, 16210, 0, 0};
        QTest::newRow("empty DMA zone reserves nothing")
            << QList<qint64> {0, 750000, 3400000, 0, 0} << false << 0 << QList<qint64> {0, 0, 0, 0, 0};
    }
    void setupPerZoneLowmemReserve()
    {
        QFETCH(QList<qint64>, managed);
        QFETCH(bool, emptyUpperZoneIsZero);
        QFETCH(int, zone);
        QFETCH(QList<qint64>, expected);
        std::array<pages_t, kMaxNrZones> m {};
        for (int i = 0; i < kMaxNrZones; ++i)
            m[static_cast<std::size_t>(i)] = managed[i];
        const auto table = wm::setupPerZoneLowmemReserve(m, {256, 256, 32, 0, 0}, emptyUpperZoneIsZero);
        const auto &row = table[static_cast<std::size_t>(zone)];
        QCOMPARE(QList<qint64>(row.begin(), row.end()), expected);
    }

    // boost_watermark(): factor 0 disables; zones smaller than 4 pageblocks are not boosted
    // (commit 14f69140ff9c); cap = max(pageblock, high * factor / 10000); one pageblock per
    // event; the last step is partial.
    void boostWatermark_data()
    {
        QTest::addColumn<qint64>("current");
        QTest::addColumn<qint64>("managed");
        QTest::addColumn<qint64>("high");
        QTest::addColumn<qint64>("factor");
        QTest::addColumn<bool>("boosted");
        QTest::addColumn<qint64>("newBoost");
        QTest::addColumn<qint64>("maxBoost");
        QTest::newRow("factor 0 disables boosting") << 0LL << 262144LL << 1548LL << 0LL << false << 0LL << 0LL;
        QTest::newRow("small zone below 4 pageblocks refused") << 0LL << 2047LL << 1548LL << 15000LL << false << 0LL << 0LL;
        QTest::newRow("zone of exactly 4 pageblocks boosted") << 0LL << 2048LL << 1548LL << 15000LL << true << 512LL << 2322LL;
        QTest::newRow("high 0 (watermarks not set up) refused") << 0LL << 262144LL << 0LL << 15000LL << false << 0LL << 0LL;
        QTest::newRow("cap at least one pageblock") << 0LL << 3840LL << 78LL << 15000LL << true << 512LL << 512LL;
        QTest::newRow("first event adds one pageblock") << 0LL << 772915LL << 15853LL << 15000LL << true << 512LL << 23779LL;
        QTest::newRow("second event adds another pageblock")
            << 512LL << 772915LL << 15853LL << 15000LL << true << 1024LL << 23779LL;
        QTest::newRow("last step is partial") << 2048LL << 262144LL << 1548LL << 15000LL << true << 2322LL << 2322LL;
        QTest::newRow("at the cap it stays") << 2322LL << 262144LL << 1548LL << 15000LL << true << 2322LL << 2322LL;
        QTest::newRow("factor 30000 doubles the cap") << 0LL << 262144LL << 1548LL << 30000LL << true << 512LL << 4644LL;
    }
    void boostWatermark()
    {
        QFETCH(qint64, current);
        QFETCH(qint64, managed);
        QFETCH(qint64, high);
        QFETCH(qint64, factor);
        QFETCH(bool, boosted);
        QFETCH(qint64, newBoost);
        QFETCH(qint64, maxBoost);
        const auto r = wm::boostWatermark(current, managed, high, factor);
        QCOMPARE(r.boosted, boosted);
        if (boosted) {
            QCOMPARE(r.newBoost, newBoost);
            QCOMPARE(r.maxBoost, maxBoost);
        } else {
            QCOMPARE(r.newBoost, current);
        }
    }

    // Repeated events climb in whole pageblocks to the cap.
    void boostWatermarkPageblockSteps()
    {
        pages_t boost = 0;
        QList<qint64> steps;
        for (int i = 0; i < 6; ++i) {
            const auto r = wm::boostWatermark(boost, 262144, 1548, kWatermarkBoostFactorDefault);
            QVERIFY(r.boosted);
            boost = r.newBoost;
            steps.append(boost);
        }
        QCOMPARE(steps, (QList<qint64> {512, 1024, 1536, 2048, 2322, 2322}));
    }

    // mult_frac() and int_sqrt() helpers.
    void helpers()
    {
        QCOMPARE(multFrac(772915, 10, 10000), 772);
        QCOMPARE(multFrac(15853, 15000, 10000), 23779);
        // A 2^40-page zone's boost cap at watermark_boost_factor INT_MAX: exact, past
        // where (x % d) * n stays small; and a result beyond 64 bits saturates.
        QCOMPARE(multFrac(std::int64_t {1} << 40, 2147483647, 10000), std::int64_t {236118324033531097});
        QCOMPARE(multFrac(std::int64_t {1} << 62, std::int64_t {1} << 40, 3), std::numeric_limits<std::int64_t>::max());
        QCOMPARE(intSqrt(0), 0);
        QCOMPARE(intSqrt(15), 3);
        QCOMPARE(intSqrt(16), 4);
        QCOMPARE(intSqrt(std::uint64_t {1} << 62), std::int64_t {1} << 31);
    }
};

QTEST_GUILESS_MAIN(TestWatermarks)
#include "tst_watermarks.moc"
