// Export formats checked for real (properties, not bitmaps; docs/architecture.md §10):
// PNG size, SVG well-formed with axis titles, PDF with a page, CSV rows and
// quoting, the /proc/zoneinfo snapshot round-tripping through the checker as
// `exact` (with and without a boost), and failed writes leaving no file.
#include "apptestutil.h"

#include "charts/chartrender.h"
#include "charts/exportcharts.h"
#include "charts/heatmapchart.h"
#include "charts/zonechartbuilder.h"
#include "export/atomicfile.h"
#include "export/csvexport.h"
#include "export/exportactions.h"
#include "export/procsnapshot.h"
#include "export/runbundle.h"
#include "export/trace.h"
#include "scenario/params.h"
#include "sim/simulation.h"
#include "zoneinfo/checker.h"
#include "zoneinfo/parser.h"

#include <QApplication>
#include <QChart>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineSeries>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>
#include <QXmlStreamReader>

#include <unistd.h>

using namespace wm;

namespace {

Scenario shortScenario(const char *name, const char *duration)
{
    Scenario s = test::loadScenario(name);
    if (std::string e = applyParam(s, "duration", duration); !e.empty())
        qFatal("%s", e.c_str());
    s.seed = 1;
    return s;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

struct Built {
    Snapshot snap;
    std::vector<Event> events;
    Scenario scenario;
};

Built runShort()
{
    Scenario s = shortScenario("network-burst.yaml", "3s");
    SimOptions o;
    o.recorderCapacity = 4000;
    Simulation sim(s, o);
    sim.runToEnd();
    Built b {sim.snapshot(true), {sim.events().events().begin(), sim.events().events().end()}, sim.scenario()};
    return b;
}

ChartCaption caption()
{
    ChartCaption c;
    c.scenario = QStringLiteral("test");
    c.policy = QStringLiteral("vanilla");
    c.seed = 1;
    return c;
}

std::string checkVerdicts(const std::string &text, bool *allExact)
{
    const auto parsed = parseZoneinfo(text, "snapshot");
    if (!parsed.ok())
        return "parse failed";
    const auto result = checkZoneinfo(parsed);
    std::string out;
    for (const auto &z : result.zones)
        out += z.zone + "@" + std::to_string(z.node) + "=" + std::string(zoneVerdictName(z.verdict)) + " ";
    *allExact = result.allExact();
    for (const auto &z : result.zones)
        *allExact = *allExact && z.verdict == ZoneVerdict::Exact;
    return out;
}

} // namespace

class TstExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // compare's overlay: policies that coincide stay visible (each its own
    // width and dash pattern), the scale opens on the watermarks and the title
    // says what it clips.
    void overlayChartKeepsEveryPolicyVisible()
    {
        auto bucketsWith = [](wm::pages_t free, wm::pages_t spike) {
            std::vector<wm::SeriesBucket> v;
            for (int i = 0; i < 100; ++i) {
                wm::SeriesBucket b;
                b.t0 = b.t1 = i * 10'000;
                b.freeMin = b.freeMax = b.freeLast = i == 50 ? spike : free;
                b.high = b.highMax = 10'000;
                v.push_back(b);
            }
            return v;
        };
        const std::vector<gui::OverlaySeries> series {{QStringLiteral("vanilla"), bucketsWith(12'000, 240'000)},
            {QStringLiteral("v4"), bucketsWith(12'000, 240'000)}, {QStringLiteral("v10"), bucketsWith(12'000, 240'000)}};
        gui::ChartPtr chart(gui::buildOverlayChart(
            QStringLiteral("Free pages"), QStringLiteral("free pages"), series, 0, 1'000'000, 800, caption()));
        QList<QPen> pens;
        for (auto *s : chart->series())
            pens << qobject_cast<QLineSeries *>(s)->pen();
        QCOMPARE(pens.size(), 3);
        for (int i = 1; i < pens.size(); ++i) {
            QVERIFY(pens[i].style() != pens[i - 1].style());
            QVERIFY(pens[i].widthF() < pens[i - 1].widthF());
        }
        auto *ay = qobject_cast<QValueAxis *>(chart->axes(Qt::Vertical).value(0));
        QVERIFY(ay && ay->max() < 240'000 && ay->max() >= 25'000);
        QVERIFY2(chart->title().contains(QLatin1String("clipped")), qPrintable(chart->title()));
    }

    void pngHasRequestedSize()
    {
        const Built b = runShort();
        QTemporaryDir dir;
        gui::ChartPtr chart(buildZoneChart(b.snap, 2, b.events, 0, b.snap.now, 900, caption()));
        gui::ChartRenderOptions o;
        o.size = QSize(900, 450);
        const QString path = dir.filePath(QStringLiteral("zone.png"));
        QCOMPARE(gui::renderChart(chart.get(), path, o), QString());
        QImage img(path);
        QVERIFY(!img.isNull());
        QCOMPARE(img.size(), QSize(900, 450));
        QCOMPARE(img.devicePixelRatio(), 1.0);
        // Not blank: the chart drew something besides the white background.
        int nonWhite = 0;
        for (int y = 0; y < img.height(); y += 7)
            for (int x = 0; x < img.width(); x += 7)
                nonWhite += img.pixel(x, y) != qRgb(255, 255, 255);
        QVERIFY2(nonWhite > 50, qPrintable(QString::number(nonWhite)));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {QStringLiteral("zone.png")}); // no temp left
    }

    void svgIsXmlWithAxisTitlesAndMetadata()
    {
        const Built b = runShort();
        QTemporaryDir dir;
        gui::ChartPtr chart(buildMachineChart(b.snap, b.events, 0, b.snap.now, 800, caption()));
        gui::ChartRenderOptions o;
        o.size = QSize(800, 400);
        o.description = caption().text();
        const QString path = dir.filePath(QStringLiteral("machine.svg"));
        QCOMPARE(gui::renderChart(chart.get(), path, o), QString());
        const QByteArray svg = readAll(path);
        QXmlStreamReader xml(svg);
        QString text, title, desc;
        bool sawSvg = false;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement()) {
                if (xml.name() == QLatin1String("svg"))
                    sawSvg = true;
                else if (xml.name() == QLatin1String("title"))
                    title = xml.readElementText();
                else if (xml.name() == QLatin1String("desc"))
                    desc = xml.readElementText();
            } else if (xml.isCharacters()) {
                text += xml.text();
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(sawSvg);
        QVERIFY2(text.contains(QLatin1String("time (s)")), "x axis title missing");
        QVERIFY2(text.contains(QLatin1String("free / high (%)")), "y axis title missing");
        QVERIFY(title.contains(QLatin1String("All zones")));
        QCOMPARE(desc, caption().text());
    }

    void pdfHasOnePage()
    {
        const Built b = runShort();
        QTemporaryDir dir;
        gui::ChartPtr chart(buildZoneChart(b.snap, 2, b.events, 0, b.snap.now, 800, caption()));
        const QString path = dir.filePath(QStringLiteral("zone.pdf"));
        QCOMPARE(gui::renderChart(chart.get(), path, {}), QString());
        const QByteArray pdf = readAll(path);
        QVERIFY(pdf.startsWith("%PDF"));
        QVERIFY(pdf.contains("/Type /Page\n") || pdf.contains("/Type /Page ") || pdf.contains("/Type /Page/")
            || pdf.contains("/Type /Page>"));
        QCOMPARE(
            pdf.count("/Type /Page\n") + pdf.count("/Type /Page ") + pdf.count("/Type /Page>") + pdf.count("/Type /Page/"), 1);
    }

    void sweepChartsRender()
    {
        QTemporaryDir dir;
        std::vector<gui::SweepPoint> pts {{1, 10, 8, 12}, {2, 5, 4, 6}, {3, 2, 1, 3}};
        gui::ChartPtr line(gui::buildSweepLineChart(
            QStringLiteral("t"), QStringLiteral("vm.min_free_kbytes"), QStringLiteral("failures"), pts, caption()));
        QCOMPARE(gui::renderChart(line.get(), dir.filePath(QStringLiteral("l.svg")), {}), QString());
        QVERIFY(readAll(dir.filePath(QStringLiteral("l.svg"))).contains("vm.min_free_kbytes"));
        std::vector<gui::HeatmapCell> cells;
        for (double x : {1.0, 2.0})
            for (double y : {10.0, 20.0, 30.0})
                cells.push_back({x, y, x * y});
        gui::ChartPtr heat(gui::buildHeatmapChart(QStringLiteral("h"), QStringLiteral("xparam"), QStringLiteral("yparam"),
            QStringLiteral("metric"), {1, 2}, {10, 20, 30}, cells, caption()));
        const QString png = dir.filePath(QStringLiteral("h.png"));
        gui::ChartRenderOptions o;
        o.size = QSize(700, 500);
        QCOMPARE(gui::renderChart(heat.get(), png, o), QString());
        QCOMPARE(QImage(png).size(), QSize(700, 500));
        QCOMPARE(gui::renderChart(heat.get(), dir.filePath(QStringLiteral("h.svg")), o), QString());
        const QByteArray svg = readAll(dir.filePath(QStringLiteral("h.svg")));
        QVERIFY(svg.contains("xparam") && svg.contains("yparam") && svg.contains("metric"));
    }

    void seriesCsvHasHeaderAndOneRowPerBucket()
    {
        const Built b = runShort();
        const std::string csv = exporter::seriesCsv(b.snap);
        const QStringList lines = QString::fromStdString(csv).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.first(),
            QStringLiteral("time_s,node,zone,free_min,free_max,free,min,low,high,boost,min_unboosted,atomic_floor,file,anon"));
        std::size_t buckets = 0;
        for (const auto &s : b.snap.series)
            buckets += s.buckets.size();
        QCOMPARE(static_cast<std::size_t>(lines.size() - 1), buckets);
        for (const auto &l : lines)
            QCOMPARE(l.count(QLatin1Char(',')), 13);
    }

    void eventsCsvQuotes()
    {
        Snapshot snap;
        ZoneState z;
        z.id = 0;
        z.node = 0;
        z.type = ZoneType::Normal;
        snap.zones.push_back(z);
        std::vector<Event> ev;
        ev.push_back({1500000, EventKind::Caption, EventReason::None, -1, -1, 0, 0, "burst, then \"quiet\"\nagain"});
        ev.push_back({2000000, EventKind::Boost, EventReason::Extfrag, 0, 0, 512, 1024, {}});
        const std::string csv = exporter::eventsCsv(ev, snap);
        QCOMPARE(QString::fromStdString(csv),
            QStringLiteral("time_s,kind,reason,node,zone,a,b,text\n"
                           "1.500000,caption,,,,0,0,\"burst, then \"\"quiet\"\"\nagain\"\n"
                           "2.000000,boost,extfrag,0,Normal,512,1024,\n"));
        QCOMPARE(exporter::csvField("plain"), std::string("plain"));
        QCOMPARE(exporter::csvField("a,b"), std::string("\"a,b\""));
    }

    void traceLinesHaveKernelLayout()
    {
        const Built b = runShort();
        Event wake {12345678, EventKind::KswapdWake, EventReason::None, 0, -1, 2, 0, {}};
        const auto lines = exporter::traceLines(wake, b.snap);
        QCOMPARE(lines.size(), std::size_t(2));
        QVERIFY(QString::fromStdString(lines[1]).endsWith(
            QLatin1String("[000] .....    12.345678: mm_vmscan_kswapd_wake: nid=0 order=0")));
        Event wm {0, EventKind::WatermarksRecomputed, EventReason::Boot, -1, -1, b.snap.tunables.minFreeKbytes,
            b.snap.tunables.watermarkScaleFactor, {}};
        const auto wl = exporter::traceLines(wm, b.snap);
        QCOMPARE(wl.size(), b.snap.zones.size());
        // Recomputed marks equal the simulation's unboosted marks (vanilla).
        const auto &z = b.snap.zones[2];
        QVERIFY2(QString::fromStdString(wl[2]).endsWith(
                     QStringLiteral("node_id=0 zone name=Normal watermark min=%1 low=%2 high=%3 promo=%4")
                         .arg(z.watermark[0])
                         .arg(z.watermark[1])
                         .arg(z.watermark[2])
                         .arg(z.watermark[3])),
            wl[2].c_str());
        Event fail {1000, EventKind::AtomicFailure, EventReason::None, 0, 2, 37, 0, {}};
        QVERIFY(QString::fromStdString(exporter::traceLines(fail, b.snap)[0])
                    .contains(QLatin1String("mm_page_alloc: page=0000000000000000 pfn=0x0 order=0 migratetype=0 "
                                            "gfp_flags=GFP_ATOMIC failed=37")));
    }

    void zoneinfoRoundTripExact_data()
    {
        QTest::addColumn<bool>("wantBoost");
        QTest::newRow("no boost") << false;
        QTest::newRow("with boost") << true;
    }

    void zoneinfoRoundTripExact()
    {
        QFETCH(bool, wantBoost);
        Scenario s = shortScenario("network-burst.yaml", "60s");
        QCOMPARE(s.policy.id, std::string("vanilla"));
        SimOptions o;
        o.record = false;
        Simulation sim(s, o);
        // Mid-run: step in 100 ms slices until the state we want.
        std::optional<Snapshot> found;
        for (usec_t t = 100000; t <= s.duration && !found; t += 100000) {
            sim.runUntil(t);
            Snapshot snap = sim.snapshot(false);
            bool anyBoost = false;
            for (const auto &z : snap.zones)
                anyBoost = anyBoost || z.boost > 0;
            if (anyBoost == wantBoost)
                found = snap;
        }
        // network-burst.yaml boosts within its 60 s and also runs unboosted: both rows must
        // find their state, or the round trip below is never checked for it.
        QVERIFY2(found,
            wantBoost ? "network-burst.yaml never reached a boosted zone in 60 s"
                      : "network-burst.yaml never had every zone unboosted in 60 s");
        const std::string text = exporter::zoneinfoText(*found, {s.name, WM_VERSION});
        bool exact = false;
        const std::string verdicts = checkVerdicts(text, &exact);
        QVERIFY2(exact, (verdicts + "\n" + text.substr(0, 2000)).c_str());
        // The parser sees the printed boost and the header sysctls.
        const auto parsed = parseZoneinfo(text, "snapshot");
        QCOMPARE(parsed.header.minFreeKbytes.value_or(-1), found->tunables.minFreeKbytes);
        // Every zone of the machine, plus the empty ones the kernel prints in
        // the short form (an absent zone of a node, ZONE_MOVABLE): managed 0.
        std::size_t matched = 0;
        for (const auto &pz : parsed.zones) {
            const auto it = std::find_if(found->zones.begin(), found->zones.end(),
                [&](const wm::ZoneState &z) { return z.node == pz.node && pz.type && z.type == *pz.type; });
            if (it == found->zones.end()) {
                QCOMPARE(pz.managed, pages_t(0));
                continue;
            }
            ++matched;
            QCOMPARE(pz.boost.value_or(-1), it->boost);
            QCOMPARE(pz.min, it->min());
            QCOMPARE(pz.free.value_or(-1), it->free);
            QCOMPARE(pz.fileLru.value_or(-1), it->fileLru);
        }
        QCOMPARE(matched, found->zones.size());
        // Every node lists the same zones, each with one protection entry per zone.
        const auto check = checkZoneinfo(parsed);
        for (const auto &z : check.zones) {
            QVERIFY2(z.protectionExact.has_value(), z.zone.c_str());
            QVERIFY2(*z.protectionExact, z.zone.c_str());
        }
    }

    void vmstatHasKernelNamesThenSim()
    {
        const Built b = runShort();
        const QStringList lines
            = QString::fromStdString(exporter::vmstatBody(b.snap)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.first().section(QLatin1Char(' '), 0, 0), QStringLiteral("nr_free_pages"));
        int firstSim = -1, lastKernel = -1;
        QStringList names;
        for (int i = 0; i < lines.size(); ++i) {
            const QStringList f = lines[i].split(QLatin1Char(' '));
            QCOMPARE(f.size(), 2);
            bool ok = false;
            f[1].toLongLong(&ok);
            QVERIFY(ok);
            names << f[0];
            if (f[0].startsWith(QLatin1String("sim_"))) {
                if (firstSim < 0)
                    firstSim = i;
            } else {
                lastKernel = i;
            }
        }
        QVERIFY(firstSim > lastKernel);
        for (const char *n : {"pgalloc_normal", "allocstall_dma32", "pgscan_kswapd", "pgsteal_direct",
                 "kswapd_low_wmark_hit_quickly", "sim_atomic_failures"})
            QVERIFY2(names.contains(QLatin1String(n)), n);
        // In the kernel's order (vmstat_text[], mm/vmstat.c).
        const auto before = [&](const char *first, const char *second) {
            return names.indexOf(QLatin1String(first)) >= 0
                && names.indexOf(QLatin1String(first)) < names.indexOf(QLatin1String(second));
        };
        QVERIFY(before("pswpout", "pgalloc_dma"));
        QVERIFY(before("allocstall_movable", "pgsteal_kswapd"));
        QVERIFY(before("pgsteal_direct", "pgscan_kswapd"));
        QVERIFY(before("kswapd_high_wmark_hit_quickly", "pageoutrun"));
    }

    void bundleWritesEveryFileAndManifest()
    {
        const Built b = runShort();
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("a/b/bundle"));
        QCOMPARE(exporter::exportBundleTo(dir, b.snap, b.events, b.scenario), QString());
        const auto m = QJsonDocument::fromJson(readAll(QDir(dir).filePath(QStringLiteral("manifest.json")))).object();
        QCOMPARE(m.value(QStringLiteral("version")).toString(), QStringLiteral(WM_VERSION));
        QStringList names;
        for (const auto &f : m.value(QStringLiteral("files")).toArray()) {
            const auto o = f.toObject();
            names << o.value(QStringLiteral("name")).toString();
            QCOMPARE(o.value(QStringLiteral("bytes")).toInteger(), QFileInfo(QDir(dir).filePath(names.last())).size());
        }
        for (const char *n : {"series.csv", "events.csv", "trace.txt", "zoneinfo.txt", "vmstat.txt", "scenario.yaml",
                 "machine.png", "machine.svg", "machine.pdf", "zone-0-Normal.png", "zone-1-Normal.svg", "zone-0-DMA32.pdf"})
            QVERIFY2(names.contains(QLatin1String(n)), n);
        QStringList onDisk = QDir(dir).entryList(QDir::Files);
        onDisk.removeAll(QStringLiteral("manifest.json"));
        names.sort();
        onDisk.sort();
        QCOMPARE(onDisk, names); // nothing unlisted, no temp files
    }

    void unwritableTargetsGiveErrorAndNoFile()
    {
        QTemporaryDir tmp;
        // A path under a regular file.
        const QString file = tmp.filePath(QStringLiteral("plain"));
        QVERIFY(exporter::writeFileAtomic(file, QByteArray("x")).isEmpty());
        QString err = exporter::ensureDirectory(file + QStringLiteral("/sub"));
        QVERIFY2(err.contains(QLatin1String("not a directory")) || err.contains(QLatin1String("exists")), qPrintable(err));
        err = exporter::writeFileAtomic(file + QStringLiteral("/x.png"), QByteArray("x"));
        QVERIFY(!err.isEmpty());
        const Built b = runShort();
        err = exporter::exportChartTo(file + QStringLiteral("/x.png"), b.snap, b.events, b.scenario, 2);
        QVERIFY(!err.isEmpty());
        err = exporter::exportBundleTo(file + QStringLiteral("/bundle"), b.snap, b.events, b.scenario);
        QVERIFY(!err.isEmpty());
        // A directory we cannot write (root ignores mode bits: use procfs then).
        QString ro = tmp.filePath(QStringLiteral("ro"));
        QVERIFY(QDir().mkpath(ro));
        QFile::setPermissions(ro, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        if (::geteuid() == 0)
            ro = QStringLiteral("/proc/self");
        err = exporter::exportChartTo(ro + QStringLiteral("/chart.png"), b.snap, b.events, b.scenario, 2);
        QVERIFY2(!err.isEmpty(), "write into a read-only directory succeeded");
        QVERIFY(!QFile::exists(ro + QStringLiteral("/chart.png")));
        if (::geteuid() != 0)
            QCOMPARE(QDir(ro).entryList(QDir::Files | QDir::Hidden), QStringList());
        QFile::setPermissions(
            tmp.filePath(QStringLiteral("ro")), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        // Unknown format.
        QVERIFY(!exporter::exportChartTo(tmp.filePath(QStringLiteral("c.bmpx")), b.snap, b.events, b.scenario, 2).isEmpty());
        QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("c.bmpx"))));
    }

    void failedWriterLeavesNoTemp()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("out.txt"));
        const QString err = exporter::writeFileAtomic(path, [](QIODevice &dev) -> QString {
            dev.write("half");
            return QStringLiteral("simulated failure");
        });
        QVERIFY(err.contains(QLatin1String("simulated failure")));
        QCOMPARE(QDir(tmp.path()).entryList(QDir::Files | QDir::Hidden), QStringList());
    }
};

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    TstExport t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_export.moc"
