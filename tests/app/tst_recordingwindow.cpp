// The window plays a recording (a PCP archive from this VM's kernel, tests/data/pcp) as a run:
// - played to the end, each zone chart ends on the archive's last free/min/low/high (read here
//   with readPcpArchive, independently of the player);
// - every change of the zone's watermarks is in the event log (as many as the CLI's recording
//   summary counts) and marked on its chart; kswapd's work is shaded where pgscan_kswapd or
//   pageoutrun rose;
// - the parameters dock is hidden, the counters dock lists the recorded mem.vmstat counters,
//   the derivation dock gives the zoneinfo checker's verdict;
// - a damaged archive shows its errors and leaves the window and its run as they were.
#include "apptestutil.h"
#include "charts/zonechart.h"
#include "charts/zonechartpanel.h"
#include "charts/zoneseriesset.h"
#include "cli/recordingsummary.h"
#include "export/exportactions.h"
#include "mainwindow.h"
#include "panels/countersdock.h"
#include "panels/countersmodel.h"
#include "panels/derivationdock.h"
#include "panels/eventlogmodel.h"
#include "panels/parametersdock.h"
#include "recording/pcp_archive.h"
#include "scenario/loader.h"
#include "sim/simulationcontroller.h"

#include <QApplication>
#include <QDialog>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace wm;
using namespace wm::gui;
using wm::recording::ZoneMetric;

namespace {

QString archive(const char *name)
{
    return QStringLiteral(WM_TEST_DATA "/pcp/%1/%1").arg(QString::fromLatin1(name));
}

const ZoneChart *chartOf(const MainWindow &w, int zoneId)
{
    for (const ZoneChart *c : w.chartPanel()->charts())
        if (c->property("zoneId").toInt() == zoneId)
            return c;
    return nullptr;
}

} // namespace

class TestRecordingWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("watermarkexplorer-tests"));
    }

    void playsToTheEnd_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("zone");
        QTest::addColumn<int>("watermarkChanges"); // the CLI's "marks moved" for the zone
        QTest::addColumn<bool>("kswapdBusy");
        QTest::newRow("page-cache-fill (pmlogger, 100 ms): Normal grows, its marks are recomputed 85 times, kswapd busy")
            << QStringLiteral("page-cache-fill") << QStringLiteral("Normal") << 85 << true;
        QTest::newRow("page-cache-fill (pmlogger, 100 ms): DMA32's marks move with Normal's growth")
            << QStringLiteral("page-cache-fill") << QStringLiteral("DMA32") << -1 << true;
        QTest::newRow("bursty-50ms (pmlogger, 50 ms): Normal at 50 ms")
            << QStringLiteral("bursty-50ms") << QStringLiteral("Normal") << -1 << false;
    }

    void playsToTheEnd()
    {
        QFETCH(QString, name);
        QFETCH(QString, zone);
        QFETCH(int, watermarkChanges);
        QFETCH(bool, kswapdBusy);
        const QString path = archive(name.toLatin1().constData());

        // The archive's own values, read independently of the window.
        const auto read = wm::recording::readPcpArchive(path.toStdString());
        QVERIFY(read.ok());
        const wm::recording::Recording &rec = *read.recording;
        const auto *rz = rec.zone(0, zone.toStdString());
        QVERIFY(rz);
        const std::size_t last = rec.samples() - 1;
        int expectedChanges = -1;
        for (const auto &zs : wm::cli::summarizeRecording(rec).zones)
            if (zs.node == 0 && zs.zone == zone.toStdString())
                expectedChanges = static_cast<int>(zs.watermarkChanges);
        QVERIFY(expectedChanges >= 0);
        if (watermarkChanges >= 0)
            QCOMPARE(expectedChanges, watermarkChanges);
        const auto scan = rec.counterDelta("pgscan_kswapd", 0, last).value_or(0);
        if (kswapdBusy)
            QVERIFY2(scan > 0, "the archive has kswapd at work");

        MainWindow w;
        w.resize(1400, 900);
        w.show();
        w.setSpeed(0); // as fast as possible
        w.openRecording(path, true);
        QTRY_VERIFY_WITH_TIMEOUT(w.playingRecording(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(w.currentSnapshot() && w.currentSnapshot()->recorded && w.currentSnapshot()->finished, 60000);
        const auto snap = w.currentSnapshot();
        QCOMPARE(snap->recorded->sample, last);
        QCOMPARE(snap->now, static_cast<usec_t>(std::llround(rec.seconds[last] * 1e6)));

        int zoneId = -1;
        for (const auto &z : snap->zones)
            if (z.node == 0 && wm::zoneName(z.type) == zone.toStdString())
                zoneId = z.id;
        QVERIFY(zoneId >= 0);

        // The last half second, so the chart's points are the samples themselves.
        const double end = static_cast<double>(snap->now) / 1e6;
        w.chartPanel()->setRange(end - 0.5, end);
        const ZoneChart *chart = chartOf(w, zoneId);
        QVERIFY(chart);
        const ZoneChartData &d = chart->seriesSet()->data();
        QVERIFY(!d.free.isEmpty() && !d.min.isEmpty() && !d.low.isEmpty() && !d.high.isEmpty());
        QCOMPARE(d.free.back().x(), end);
        QCOMPARE(static_cast<std::int64_t>(d.free.back().y()), rz->lastAt(ZoneMetric::Free, last));
        QCOMPARE(static_cast<std::int64_t>(d.min.back().y()), rz->lastAt(ZoneMetric::Min, last));
        QCOMPARE(static_cast<std::int64_t>(d.low.back().y()), rz->lastAt(ZoneMetric::Low, last));
        QCOMPARE(static_cast<std::int64_t>(d.high.back().y()), rz->lastAt(ZoneMetric::High, last));

        // Every change of the marks is logged (and explained), and marked on the chart.
        int logged = 0;
        QString firstText;
        for (const auto &e : w.eventLog()->events())
            if (e.kind == EventKind::WatermarksChanged && e.zone == zoneId) {
                ++logged;
                if (firstText.isEmpty())
                    firstText = QString::fromStdString(e.text);
            }
        QCOMPARE(logged, expectedChanges);
        if (logged > 0)
            QVERIFY2(firstText.contains(QLatin1String("min/low/high")) && firstText.contains(zone), qPrintable(firstText));
        w.chartPanel()->setRange(0, end);
        const ZoneChartData &all = chart->seriesSet()->data();
        const auto marks = std::count_if(all.lines.begin(), all.lines.end(), [](const ChartVLine &l) { return l.watermarks; });
        QCOMPARE(static_cast<int>(marks), std::min(expectedChanges, 200));

        // kswapd shading where pgscan_kswapd/pageoutrun rose; none where neither did.
        if (kswapdBusy)
            QVERIFY2(!all.kswapdAwake.empty(), "kswapd's work is shaded");
        if (scan == 0 && rec.counterDelta("pageoutrun", 0, last).value_or(0) == 0)
            QVERIFY(all.kswapdAwake.empty());

        // A recording's parameters cannot be edited; its counters and verdicts are shown.
        QVERIFY(!w.parametersDock()->isVisible());
        QVERIFY(!w.parametersDock()->isEnabled());
        auto *counters = w.findChild<CountersDock *>();
        QVERIFY(counters);
        counters->update(*snap);
        bool hasScan = false;
        for (int r = 0; r < counters->model()->rowCount(); ++r)
            hasScan |= counters->model()->index(r, CountersModel::Name).data().toString() == QLatin1String("pgscan_kswapd");
        QVERIFY2(hasScan, "the counters dock lists mem.vmstat.pgscan_kswapd");
        QCOMPARE(
            counters->model()->headerData(CountersModel::FixedColumns, Qt::Horizontal).toString(), QStringLiteral("rate /s"));
        const QString html = DerivationDock::derivationHtml(*snap, zoneId);
        QVERIFY2(html.contains(QLatin1String("verdict")), qPrintable(html.left(200)));

        // Exported like a run: the charts and the CSVs, through the same export code.
        namespace ex = wm::exporter;
        QTemporaryDir out;
        QVERIFY(out.isValid());
        const wm::Scenario named = w.scenarioWithEdits();
        QCOMPARE(QString::fromStdString(named.name), name);
        const auto &events = w.eventLog()->events();
        for (const char *file : {"zone.png", "zone.svg", "zone.pdf"}) {
            const QString p = out.filePath(QString::fromLatin1(file));
            QCOMPARE(ex::exportChartTo(p, *snap, events, named, zoneId), QString());
            QVERIFY2(QFileInfo(p).size() > 1000, file);
        }
        QCOMPARE(ex::exportSeriesCsvTo(out.filePath(QStringLiteral("series.csv")), *snap), QString());
        QFile csv(out.filePath(QStringLiteral("series.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = csv.readAll().split('\n');
        // One row per sample and drawn zone (the recorder keeps every sample of these short archives), and a header.
        QVERIFY2(rows.size() >= static_cast<qsizetype>(rec.samples()), qPrintable(QString::number(rows.size())));
        QCOMPARE(ex::exportEventsCsvTo(out.filePath(QStringLiteral("events.csv")), *snap, events), QString());
        QFile ev(out.filePath(QStringLiteral("events.csv")));
        QVERIFY(ev.open(QIODevice::ReadOnly));
        QVERIFY(ev.readAll().contains("watermarks_changed") == (expectedChanges > 0));
        w.controller()->shutdown();
    }

    // The transport plays recorded time: a tick is one sample, +1 s a second of samples, reset the first.
    void transportStepsThroughSamples()
    {
        MainWindow w;
        w.show();
        w.openRecording(archive("bursty-50ms"));
        QTRY_VERIFY_WITH_TIMEOUT(w.playingRecording() && w.currentSnapshot() && w.currentSnapshot()->recorded, 20000);
        QCOMPARE(w.currentSnapshot()->recorded->sample, std::size_t {0});
        QVERIFY(!w.controller()->status().running);
        w.controller()->stepTick();
        QTRY_COMPARE_WITH_TIMEOUT(w.currentSnapshot()->recorded->sample, std::size_t {1}, 20000);
        const usec_t before = w.currentSnapshot()->now;
        w.controller()->stepBy(1'000'000);
        QTRY_VERIFY_WITH_TIMEOUT(w.currentSnapshot()->now > before + 900'000, 20000);
        QVERIFY(w.currentSnapshot()->now <= before + 1'000'000);
        w.controller()->reset();
        QTRY_COMPARE_WITH_TIMEOUT(w.currentSnapshot()->recorded->sample, std::size_t {0}, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(w.eventLog()->events().empty() || w.eventLog()->events().back().at == 0, 20000);
        w.setSpeed(4);
        w.play();
        QTRY_VERIFY_WITH_TIMEOUT(w.currentSnapshot()->now >= 1'000'000, 10000);
        w.controller()->pause();
        QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->status().running, 20000);
        const usec_t paused = w.currentSnapshot()->now;
        QTest::qWait(200);
        QCOMPARE(w.currentSnapshot()->now, paused);
        w.controller()->shutdown();
    }

    // Open a recording, then a scenario: the run is back with its parameters dock.
    void aScenarioAfterARecordingIsARunAgain()
    {
        MainWindow w;
        w.show();
        w.openRecording(archive("bursty-50ms"));
        QTRY_VERIFY_WITH_TIMEOUT(w.playingRecording() && w.currentSnapshot() && w.currentSnapshot()->recorded, 20000);
        QVERIFY(w.openScenario(QStringLiteral(WM_SOURCE_DIR "/scenarios/default.yaml")));
        QVERIFY(!w.playingRecording());
        QTRY_VERIFY_WITH_TIMEOUT(w.currentSnapshot() && !w.currentSnapshot()->recorded, 10000);
        QVERIFY(w.parametersDock()->isEnabled());
        w.controller()->shutdown();
    }

    void damagedArchiveShowsErrorsAndKeepsTheWindow_data()
    {
        QTest::addColumn<bool>("replaceMeta");
        QTest::addColumn<QByteArray>("meta"); // what the .meta file is replaced with
        QTest::addColumn<qint64>("volumeBytes"); // the .0 file cut to this size (-1 = leave it)
        QTest::newRow("metadata replaced by garbage") << true << QByteArray("this is not a PCP archive\n") << qint64(-1);
        QTest::newRow("empty metadata file") << true << QByteArray() << qint64(-1);
        QTest::newRow("data volume cut to its header") << false << QByteArray() << qint64(132);
    }

    void damagedArchiveShowsErrorsAndKeepsTheWindow()
    {
        QFETCH(bool, replaceMeta);
        QFETCH(QByteArray, meta);
        QFETCH(qint64, volumeBytes);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString base = dir.filePath(QStringLiteral("damaged"));
        for (const char *ext : {".meta", ".index", ".0"})
            QVERIFY(QFile::copy(archive("page-cache-fill") + QLatin1String(ext), base + QLatin1String(ext)));
        if (replaceMeta) {
            QFile f(base + QStringLiteral(".meta"));
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(meta);
        }
        if (volumeBytes >= 0)
            QVERIFY(QFile::resize(base + QStringLiteral(".0"), volumeBytes));

        MainWindow w;
        w.show();
        auto s = wm::loadScenarioFile(WM_SOURCE_DIR "/scenarios/default.yaml");
        QVERIFY(s.ok());
        w.loadScenario(*s.scenario, QStringLiteral("default.yaml"));
        w.setSpeed(10);
        w.play();
        QTRY_VERIFY_WITH_TIMEOUT(w.currentSnapshot() && w.currentSnapshot()->now > 100'000, 10000);

        test::DialogCloser closer;
        w.openRecording(base);
        QTRY_VERIFY_WITH_TIMEOUT(!closer.title.isEmpty(), 20000);
        QCOMPARE(closer.title, QStringLiteral("Cannot open recording"));
        QVERIFY2(!closer.text.isEmpty(), "the reader's errors are listed");
        QVERIFY2(closer.summary.contains(QLatin1String("the current run is unchanged")), qPrintable(closer.summary));

        // The run goes on, the window is usable: a good archive opens after the bad one.
        QVERIFY(!w.playingRecording());
        const usec_t before = w.currentSnapshot()->now;
        QTRY_VERIFY_WITH_TIMEOUT(w.currentSnapshot()->now > before, 10000);
        QVERIFY(!w.currentSnapshot()->recorded);
        QVERIFY(w.parametersDock()->isEnabled());
        w.openRecording(archive("bursty-50ms"));
        QTRY_VERIFY_WITH_TIMEOUT(w.playingRecording() && w.currentSnapshot() && w.currentSnapshot()->recorded, 20000);
        w.controller()->shutdown();
    }
};

QTEST_MAIN(TestRecordingWindow)
#include "tst_recordingwindow.moc"
