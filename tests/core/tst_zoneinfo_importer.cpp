// import-zoneinfo (core/zoneinfo/importer.h): every sample of tests/data/zoneinfo becomes a
// scenario that the loader accepts, that round-trips through the writer, and whose initial
// watermarks (__setup_per_zone_wmarks() over its zones) equal hand-derived literals.
#include "mm/kernel.h"
#include "scenario/loader.h"
#include "scenario/writer.h"
#include "zoneinfo/importer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace wm;

namespace {

std::string readData(const QString &name)
{
    QFile f(QStringLiteral(WM_TEST_DATA "/zoneinfo/") + name);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

// The importable samples that initialWatermarks_data() has a row for.
const QStringList kSamplesWithExpectedMarks {QStringLiteral("x86-vm-6.18-3zones.txt"),
    QStringLiteral("prometheus-procfs-fixture.txt"), QStringLiteral("lkml-kravetz-2023-6.6rc1-next-2node-16G.txt"),
    QStringLiteral("blog-arm64-2node-6.10plus-elided.txt")};

using Marks = QList<QList<qint64>>; // per populated zone, in scenario order: min, low, high, promo

} // namespace

Q_DECLARE_METATYPE(Marks)

class TestZoneinfoImporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Every file in tests/data/zoneinfo: zoneinfo files import; others fail with diagnostics.
    void everySampleFile_data()
    {
        QTest::addColumn<QString>("file");
        const auto files
            = QDir(QStringLiteral(WM_TEST_DATA "/zoneinfo")).entryList({QStringLiteral("*")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 4);
        for (const auto &f : files)
            QTest::newRow(qPrintable(f)) << f;
    }
    void everySampleFile()
    {
        QFETCH(QString, file);
        const std::string text = readData(file);
        const auto parsed = parseZoneinfo(text, file.toStdString());
        const auto imported = importZoneinfo(parsed);
        if (!parsed.ok()) {
            // x86-vm-6.18-3zones.buddyinfo-pagetypeinfo.txt is /proc/buddyinfo, not zoneinfo.
            QVERIFY(!imported.ok());
            QVERIFY(!imported.errors.empty());
            QVERIFY(imported.errors.front().line > 0);
            return;
        }
        QVERIFY(imported.ok());
        const Scenario &sc = *imported.scenario;

        // The writer's YAML passes the loader and gives the same scenario back.
        const std::string yaml = writeScenarioYaml(sc);
        const auto loaded = loadScenarioText(yaml, "imported.yaml");
        if (!loaded.ok()) {
            for (const auto &d : loaded.diagnostics)
                qWarning("%s", formatDiagnostic(d, yaml).c_str());
        }
        QVERIFY(loaded.ok());
        QVERIFY(*loaded.scenario == sc);

        // Its initial watermarks are checked against literals in initialWatermarks(): every
        // importable sample must have a row there.
        QVERIFY2(kSamplesWithExpectedMarks.contains(file),
            qPrintable(file + QStringLiteral(": add its hand-derived marks to initialWatermarks_data()")));

        // Every zone's pages add up; nothing negative.
        for (const auto &n : sc.nodes)
            for (const auto &z : n.zones) {
                QVERIFY(z.managed > 0);
                QVERIFY(z.free >= 0 && z.fileLru >= 0 && z.anonLru >= 0 && z.unreclaimable >= 0);
                QVERIFY(z.free + z.fileLru + z.anonLru + z.unreclaimable <= z.managed);
            }
        QCOMPARE(sc.duration, 60'000'000);
        QVERIFY(sc.name.find(QFileInfo(file).fileName().toStdString()) != std::string::npos);
        QVERIFY(sc.description.find(QFileInfo(file).fileName().toStdString()) != std::string::npos);
    }

    // The imported scenario's initial watermarks (the Kernel booted from it):
    // __setup_per_zone_wmarks() over its
    // populated zones with the resolved min_free_kbytes (set_recommended_min_free_kbytes()
    // when the file does not say: 512 * 11 pages = 22528 kB per populated zone <= Normal).
    // Where the file reproduces exactly (docs/model.md §12) the expected values are the
    // marks printed in the file; where its managed pages drifted or it carries an unprinted
    // boost, the printed marks cannot match the current managed pages, and the values are
    // worked by hand: pages_min = min_free_kbytes / 4, L = sum of managed,
    // min = pages_min * managed / L, step = max(min / 4, managed * 10 / 10000),
    // low/high/promo = min + 1/2/3 steps.
    void initialWatermarks_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<qint64>("minFreeKbytes");
        QTest::addColumn<Marks>("marks");
        // Header min_free_kbytes 67584; every zone exact: the min/low/high/promo printed in
        // the file (DMA lines 66-69, DMA32 112-115, Normal 158-161).
        QTest::newRow("x86 6.18 VM: the marks printed in the file")
            << QStringLiteral("x86-vm-6.18-3zones.txt") << 67584LL
            << Marks {{52, 65, 78, 91}, {10569, 13211, 15853, 18495}, {6273, 7841, 9409, 10977}};
        // 3 populated zones: 3 * 22528 = 67584 kB, pages_min 16896, L = 3956 + 742806 + 1268711 = 2015473.
        // DMA: printed 33/41/49 (exact). DMA32 (printed 19510/21059/22608, boost 13312 + drift):
        //   16896 * 742806 / 2015473 = 6227, step max(1556, 742) = 1556.
        // Normal (printed 11176/13842/16508, boost 512 + drift): 16896 * 1268711 / 2015473 = 10635,
        //   step max(2658, 1268) = 2658.
        QTest::newRow("prometheus: DMA as printed, DMA32/Normal hand-derived")
            << QStringLiteral("prometheus-procfs-fixture.txt") << 67584LL
            << Marks {{33, 41, 49, 57}, {6227, 7783, 9339, 10895}, {10635, 13293, 15951, 18609}};
        // 4 populated zones: 4 * 22528 = 90112 kB, pages_min 22528,
        // L = 3840 + 496486 + 1552266 + 2086594 = 4139186 (every zone drifted; printed
        // 21/26/31, 2687/3358/4029, 8473/10591/12709, 11345/14181/17017).
        //   DMA 22528 * 3840 / L = 20, step max(5, 3) = 5; DMA32 2702, step max(675, 496) = 675;
        //   node 0 Normal 8448, step max(2112, 1552) = 2112; node 1 Normal 11356, step max(2839, 2086) = 2839.
        QTest::newRow("kravetz 2 nodes: hand-derived from the current managed pages")
            << QStringLiteral("lkml-kravetz-2023-6.6rc1-next-2node-16G.txt") << 90112LL
            << Marks {{20, 25, 30, 35}, {2702, 3377, 4052, 4727}, {8448, 10560, 12672, 14784}, {11356, 14195, 17034, 19873}};
        // 2 populated DMA zones: 2 * 22528 = 45056 kB, pages_min 11264, L = 248725 + 256381 = 505106
        // (both drifted; printed 5512/6890/8268 and 5751/7188/8625).
        //   node 0: 11264 * 248725 / L = 5546, step max(1386, 248) = 1386;
        //   node 1: 5717, step max(1429, 256) = 1429.
        QTest::newRow("arm64 2 DMA-only nodes: hand-derived from the current managed pages") << QStringLiteral(
            "blog-arm64-2node-6.10plus-elided.txt") << 45056LL << Marks {{5546, 6932, 8318, 9704}, {5717, 7146, 8575, 10004}};
    }
    void initialWatermarks()
    {
        QFETCH(QString, file);
        QFETCH(qint64, minFreeKbytes);
        QFETCH(Marks, marks);
        const auto r = importZoneinfo(parseZoneinfo(readData(file), file.toStdString()));
        QVERIFY(r.ok());
        const Scenario &sc = *r.scenario;
        QVERIFY(sc.sysctls.minFreeKbytes.has_value());
        QCOMPARE(*sc.sysctls.minFreeKbytes, minFreeKbytes);
        QCOMPARE(sc.sysctls.watermarkScaleFactor, 10);
        // The watermarks the simulated kernel boots with from this scenario.
        const Kernel k(sc, 100);
        QCOMPARE(k.tunables().minFreeKbytes, minFreeKbytes);
        const auto &zones = k.machine().zones;
        QCOMPARE(static_cast<qsizetype>(zones.size()), marks.size());
        for (std::size_t i = 0; i < zones.size(); ++i)
            QCOMPARE(QList<qint64>(zones[i].watermark.begin(), zones[i].watermark.end()), marks[static_cast<qsizetype>(i)]);
    }

    // x86 VM (TV4): 3 populated zones, unreclaimable = managed - free - file - anon.
    void x86VmMachine()
    {
        const auto parsed = parseZoneinfo(readData(QStringLiteral("x86-vm-6.18-3zones.txt")), "x86-vm-6.18-3zones.txt");
        const auto r = importZoneinfo(parsed);
        QVERIFY(r.ok());
        const auto &sc = *r.scenario;
        QCOMPARE(sc.nodes.size(), std::size_t {1});
        const auto &zones = sc.nodes[0].zones;
        QCOMPARE(zones.size(), std::size_t {3}); // empty Movable and Device left out
        QCOMPARE(zones[2].type, ZoneType::Normal);
        QCOMPARE(zones[2].managed, 458752);
        QCOMPARE(zones[2].free, 231013);
        QCOMPARE(zones[2].fileLru, 144431 + 39123);
        QCOMPARE(zones[2].anonLru, 1286 + 382);
        QCOMPARE(zones[2].unreclaimable, 458752 - 231013 - 183554 - 1668);
        QCOMPARE(zones[1].unreclaimable, 0);
        QCOMPARE(sc.sysctls.minFreeKbytes, std::optional<std::int64_t>(67584));
        QCOMPARE(sc.sysctls.watermarkScaleFactor, 10);
        QCOMPARE(sc.sysctls.watermarkBoostFactor, 15000);
        QVERIFY(sc.sysctls.thp);
        QCOMPARE(r.sysctls.source(), SysctlSource::Header);
    }

    // The default workload: a page-cache reader and bursts of GFP_ATOMIC order-2 slab refills
    // whose 200 ms burst allocates about node 0 Normal's low - min gap (TV4: 7841 - 6273 = 1568).
    void defaultWorkload()
    {
        const auto r = importZoneinfo(parseZoneinfo(readData(QStringLiteral("x86-vm-6.18-3zones.txt")), "x86"));
        QVERIFY(r.ok());
        const auto &src = r.scenario->sources;
        QCOMPARE(src.size(), std::size_t {2});
        QCOMPARE(src[0].gfp, std::string("GFP_HIGHUSER_MOVABLE"));
        QCOMPARE(src[0].rate.kind, RateKind::Poisson);
        QCOMPARE(src[0].lifetime.kind, LifetimeKind::PageCache);
        QCOMPARE(src[0].node, 0);
        QCOMPARE(src[1].gfp, std::string("GFP_ATOMIC"));
        QVERIFY(src[1].slabRefill);
        QCOMPARE(src[1].slabOrder, 2);
        QCOMPARE(src[1].order, 0);
        QCOMPARE(src[1].rate.kind, RateKind::Bursts);
        QCOMPARE(src[1].rate.burstLength, 200'000);
        QCOMPARE(src[1].lifetime.kind, LifetimeKind::Fixed);
        QCOMPARE(src[1].lifetime.duration, 5000);
        const double pagesPerBurst = src[1].rate.burstRate * 0.2 * 4;
        QVERIFY(std::abs(pagesPerBurst - 1568) <= 4);
    }

    // arm64 sample: 2 nodes with only a DMA zone each; the workload sizes from DMA (no Normal/DMA32).
    void arm64TwoNodesDmaOnly()
    {
        const auto r = importZoneinfo(parseZoneinfo(readData(QStringLiteral("blog-arm64-2node-6.10plus-elided.txt")), "arm64"));
        QVERIFY(r.ok());
        QCOMPARE(r.scenario->nodes.size(), std::size_t {2});
        for (const auto &n : r.scenario->nodes) {
            QCOMPARE(n.zones.size(), std::size_t {1});
            QCOMPARE(n.zones[0].type, ZoneType::DMA);
        }
        QCOMPARE(*r.scenario->sysctls.minFreeKbytes, 45056);
        QVERIFY(r.scenario->sources[1].rate.burstRate > 0);
    }

    // Flags win over the header, as in `zoneinfo` (the initial watermarks follow them).
    void flagsOverrideHeader()
    {
        ZoneinfoCheckOptions o;
        o.flags.minFreeKbytes = 131072;
        o.flags.watermarkScaleFactor = 50;
        const auto r = importZoneinfo(parseZoneinfo(readData(QStringLiteral("x86-vm-6.18-3zones.txt")), "x86"), o);
        QVERIFY(r.ok());
        QCOMPARE(*r.scenario->sysctls.minFreeKbytes, 131072);
        QCOMPARE(r.scenario->sysctls.watermarkScaleFactor, 50);
        QCOMPARE(r.sysctls.source(), SysctlSource::Flags);
    }

    // Sparse node ids are renumbered densely and said so; a node without memory is left out.
    void sparseNodes()
    {
        const std::string text = "Node 0, zone Normal\n pages free 1000\n min 10\n low 12\n high 14\n managed 100000\n"
                                 "Node 1, zone Normal\n pages free 0\n min 0\n low 0\n high 0\n managed 0\n"
                                 "Node 3, zone Normal\n pages free 2000\n min 10\n low 12\n high 14\n managed 100000\n";
        const auto r = importZoneinfo(parseZoneinfo(text, "sparse"));
        QVERIFY(r.ok());
        QCOMPARE(r.scenario->nodes.size(), std::size_t {2});
        QCOMPARE(r.scenario->nodes[1].zones[0].free, 2000);
        QVERIFY(!r.notes.empty());
        const auto loaded = loadScenarioText(writeScenarioYaml(*r.scenario), "sparse.yaml");
        QVERIFY(loaded.ok());
    }

    void errors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("not zoneinfo") << "hello\n";
        QTest::newRow("no populated zone") << "Node 0, zone Normal\n min 0\n low 0\n high 0\n managed 0\n";
        QTest::newRow("parse error") << "Node 0, zone Normal\n min x\n";
    }
    void errors()
    {
        QFETCH(QString, text);
        const auto r = importZoneinfo(parseZoneinfo(text.toStdString(), "bad"));
        QVERIFY(!r.ok());
        QVERIFY(!r.scenario);
        QVERIFY(!r.errors.empty());
        QCOMPARE(r.errors.front().file, std::string("bad"));
    }

    // The live machine imports too, when there is one.
    void liveProcZoneinfo()
    {
        std::string text, error;
        if (!readZoneinfoFile("/proc/zoneinfo", text, error))
            QSKIP("no /proc/zoneinfo here");
        ZoneinfoCheckOptions o;
        o.proc = readProcSysctls();
        const auto r = importZoneinfo(parseZoneinfo(text, "/proc/zoneinfo"), o);
        QVERIFY(r.ok());
        QVERIFY(loadScenarioText(writeScenarioYaml(*r.scenario), "live.yaml").ok());
    }
};

QTEST_GUILESS_MAIN(TestZoneinfoImporter)
#include "tst_zoneinfo_importer.moc"
