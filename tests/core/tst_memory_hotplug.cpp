// Zones whose managed pages change while the machine runs (docs/model.md §2.9): memory hot(un)plug
// through online_pages()/offline_pages() (mm/memory_hotplug.c), which call
// init_per_zone_wmark_min() (mm/page_alloc.c: calculate_min_free_kbytes(), setup_per_zone_wmarks(),
// setup_per_zone_lowmem_reserve(), then khugepaged_min_free_kbytes_update()); and a balloon's
// adjust_managed_page_count(), which recomputes lowmem_reserve (v6.18) but not the watermarks.
#include "mm/kernel.h"
#include "sim/simulation.h"
#include "testscenarios.h"

#include <QTest>

using namespace wm;
using test::zone;

namespace {

// This VM's boot (tests/data/pcp/README.md, 6.18): DMA 3840, DMA32 772845, Normal 2621440
// managed, THP on, min_free_kbytes 67584 (khugepaged's recommended value for 3 zones).
Scenario vmAtBoot(bool thp = true)
{
    Scenario s;
    s.nodes.push_back(
        {{zone(ZoneType::DMA, 3840, 3840), zone(ZoneType::DMA32, 772845, 300000), zone(ZoneType::Normal, 2621440, 1000000)}});
    s.sysctls.thp = thp;
    s.duration = 1'000'000;
    return s;
}

const Zone &zoneOf(const Kernel &k, ZoneType t)
{
    for (const auto &z : k.machine().zones)
        if (z.type == t)
            return z;
    qFatal("no zone");
}

} // namespace

class TestMemoryHotplug : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // online_pages() -> init_per_zone_wmark_min(): the recorded kernel's own numbers. The
    // page-cache-fill archive (tests/data/pcp) starts with Normal at 2621440 managed pages and
    // ends at 5394258 after 88 hot-added 128 MiB blocks, min_free_kbytes 67584 throughout, and
    // the kernel's marks DMA 10/13/16, DMA32 2116/2888/3660, Normal 14769/20163/25557.
    // By hand: pages_min 16896 split by managed share of 6170943 lowmem pages; step =
    // max(min/4, managed*10/10000). calculate_min_free_kbytes() alone would lower it to about
    // 19,900 (int_sqrt of the lowmem pages above high, in kB, times 16), and khugepaged_min_free_kbytes_update() raises it
    // back to 67584 (5632 pages * 3 zones * 4 kB), so min_free_kbytes does not move.
    void onlinePagesRecomputesLikeTheRecordedKernel()
    {
        Kernel k(vmAtBoot(), 1000);
        QCOMPARE(k.tunables().minFreeKbytes, 67584);
        QCOMPARE(zoneOf(k, ZoneType::Normal).watermark[0], 13034); // the archive's first sample
        QCOMPARE(k.hotplugManagedPages(0, ZoneType::Normal, 5394258), std::string());
        QCOMPARE(k.tunables().minFreeKbytes, 67584);
        const std::array<std::array<pages_t, 3>, 3> want {{{10, 13, 16}, {2116, 2888, 3660}, {14769, 20163, 25557}}};
        for (int i = 0; i < 3; ++i) {
            const Zone &z = k.machine().zones[static_cast<std::size_t>(i)];
            QCOMPARE(z.watermark[0], want[i][0]);
            QCOMPARE(z.watermark[1], want[i][1]);
            QCOMPARE(z.watermark[2], want[i][2]);
        }
        QCOMPARE(zoneOf(k, ZoneType::Normal).free, 1000000 + (5394258 - 2621440)); // the new pages are free
    }

    // calculate_min_free_kbytes(): "if (new_min_free_kbytes > user_min_free_kbytes)" replace it,
    // else keep the user's value. Without THP (no khugepaged): a never-written value follows the
    // new default; a written larger one stays.
    void calculateMinFreeKbytesRespectsTheUsersValue_data()
    {
        QTest::addColumn<qint64>("userValue"); // -1: never written
        QTest::addColumn<qint64>("want");
        // nr_free_buffer_pages() counts managed above high, with Normal's new managed and the
        // marks still those of the boot value. Never written, no THP: the boot value is
        // int_sqrt(3398125 * 4 * 16) = 14747, whose highs are DMA 10, DMA32 2382, Normal 8085, so
        // (3840-10) + (772845-2382) + (5394258-8085) = 6160466 pages and int_sqrt(6160466*4*16)
        // = 19856. Written 10000 at boot: highs 8, 2112, 7170, 6161653 pages, 19858 > 10000.
        QTest::newRow("never written: the new default") << -1LL << 19856LL;
        QTest::newRow("written below the new default: replaced") << 10000LL << 19858LL;
        QTest::newRow("written above the new default: kept") << 30000LL << 30000LL;
    }
    void calculateMinFreeKbytesRespectsTheUsersValue()
    {
        QFETCH(qint64, userValue);
        QFETCH(qint64, want);
        Scenario s = vmAtBoot(false);
        if (userValue >= 0)
            s.sysctls.minFreeKbytes = userValue;
        Kernel k(s, 1000);
        QCOMPARE(k.hotplugManagedPages(0, ZoneType::Normal, 5394258), std::string());
        QCOMPARE(k.tunables().minFreeKbytes, want);
    }

    // __setup_per_zone_wmarks() zeroes watermark_boost: a hotplug ends a fragmentation boost.
    void hotplugResetsTheBoost()
    {
        Kernel k(vmAtBoot(), 1000);
        Zone &normal = k.machine().zones[2];
        QVERIFY(k.boostWatermark(normal, EventReason::Extfrag));
        QVERIFY(normal.watermarkBoost > 0);
        QCOMPARE(k.hotplugManagedPages(0, ZoneType::Normal, 2621440 + 32768), std::string());
        QCOMPARE(k.machine().zones[2].watermarkBoost, 0);
    }

    // offline_pages(): pages that cannot be isolated make it fail with -EBUSY; the zone is unchanged.
    void offlinePagesNeedsFreePages()
    {
        Kernel k(vmAtBoot(), 1000);
        const auto before = k.machine().zones[2];
        const std::string e = k.hotplugManagedPages(0, ZoneType::Normal, 2621440 - 1000001);
        QVERIFY2(e.find("-EBUSY") != std::string::npos, e.c_str());
        QCOMPARE(k.machine().zones[2].managed, before.managed);
        QCOMPARE(k.machine().zones[2].watermark, before.watermark);
        QCOMPARE(k.hotplugManagedPages(0, ZoneType::Normal, 2621440 - 500000), std::string());
        QCOMPARE(k.machine().zones[2].free, 500000);
        QVERIFY(k.machine().zones[2].watermark[0] < before.watermark[0]);
    }

    // build_all_zonelists() when online_pages() populates an empty zone: a Movable zone of 0
    // pages is not on any zonelist until memory is onlined into it.
    void onliningAnEmptyZoneAddsItToTheZonelist()
    {
        Scenario s = vmAtBoot();
        s.nodes[0].zones.push_back(zone(ZoneType::Movable, 0, 0));
        Kernel k(s, 1000);
        const int movable = 3;
        const auto &before = k.zonelist(0, zoneIndex(ZoneType::Movable));
        QVERIFY(std::find(before.begin(), before.end(), movable) == before.end());
        QCOMPARE(k.hotplugManagedPages(0, ZoneType::Movable, 262144), std::string());
        const auto &after = k.zonelist(0, zoneIndex(ZoneType::Movable));
        QVERIFY(std::find(after.begin(), after.end(), movable) != after.end());
        // ZONE_MOVABLE's min: clamp(managed/1024, 32, 128) (__setup_per_zone_wmarks()).
        QCOMPARE(k.machine().zones[3].watermark[0], 128);
    }

    // adjust_managed_page_count() (a balloon inflating): managed and free fall, the watermarks
    // stay as computed (the kernel does not recompute them: the drift the zoneinfo checker
    // explains), lowmem_reserve follows (v6.18).
    void balloonKeepsTheWatermarks()
    {
        Kernel k(vmAtBoot(), 1000);
        const auto before = k.machine().zones;
        QCOMPARE(k.balloonPages(0, ZoneType::Normal, 262144), std::string());
        const Zone &normal = k.machine().zones[2];
        QCOMPARE(normal.managed, 2621440 - 262144);
        QCOMPARE(normal.free, 1000000 - 262144);
        QCOMPARE(normal.watermark, before[2].watermark);
        // DMA32's protection against Normal requests: Normal's managed / ratio 256.
        QCOMPARE(k.machine().zones[1].lowmemReserve[2], (2621440 - 262144) / 256);
        QVERIFY(k.balloonPages(0, ZoneType::Normal, 2000000).find("free") != std::string::npos);
    }

    // The simulation applies `machine.node0.normal.managed` from the timeline at its time, as
    // memory hot-add: the marks move then and the event log says why.
    void timelineEntryIsAHotplug()
    {
        Scenario s = vmAtBoot();
        TimelineEntry e;
        e.at = 500'000;
        e.kind = TimelineKind::Set;
        e.key = "machine.node0.normal.managed";
        e.value = "5394258 pages";
        s.timeline.push_back(e);
        Simulation sim(s);
        while (sim.now() < 400'000)
            sim.step();
        QCOMPARE(sim.kernel().machine().zones[2].watermark[0], 13034);
        sim.runToEnd();
        QCOMPARE(sim.kernel().machine().zones[2].watermark[0], 14769);
        bool hotplugRecompute = false;
        for (const auto &ev : sim.events().events())
            hotplugRecompute = hotplugRecompute
                || (ev.kind == EventKind::WatermarksRecomputed && ev.reason == EventReason::Hotplug && ev.at == 500'000);
        QVERIFY(hotplugRecompute);
    }
};

QTEST_GUILESS_MAIN(TestMemoryHotplug)
#include "tst_memory_hotplug.moc"
