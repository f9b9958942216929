// The main window's file paths, driven without a modal dialog blocking the test:
// - a bad scenario (or zoneinfo file) shows the diagnostics dialog (closed by a
//   timer that also reads its text) and leaves the running simulation untouched;
// - Save writes YAML that loads back to the scenario with the GUI edits as
//   timeline entries;
// - every File > Export action exists, and the headless *To variants it calls
//   produce files from the current snapshot;
// - File > Import /proc/zoneinfo loads the imported machine;
// - the views follow the run: a refusal goes when the timeline sets its
//   field, the derivation follows a zone chosen while paused, Reset follows
//   live again, and Fork is not offered once the run has finished.
#include "apptestutil.h"

#include "charts/zonechartpanel.h"
#include "export/exportactions.h"
#include "mainwindow.h"
#include "panels/captionbanner.h"
#include "panels/derivationdock.h"
#include "panels/eventlogmodel.h"
#include "panels/parametersdock.h"
#include "playbacktoolbar.h"
#include "scenario/loader.h"
#include "scenariofiles.h"
#include "sim/simulationcontroller.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>

using namespace wm;
using namespace wm::gui;

namespace {

// Writes `text` to `name` in `dir`; returns its path, or "" if it cannot.
QString writeFile(const QTemporaryDir &dir, const char *name, const QByteArray &text)
{
    const QString path = dir.filePath(QString::fromLatin1(name));
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size() ? path : QString();
}

// The newest snapshot once the simulation reached `atLeast` (nullptr after 10 s).
std::shared_ptr<const Snapshot> waitForTime(MainWindow &w, usec_t atLeast)
{
    QElapsedTimer clock;
    clock.start();
    while (!(w.currentSnapshot() && w.currentSnapshot()->now >= atLeast) && clock.elapsed() < 10000)
        QTest::qWait(5);
    const auto s = w.currentSnapshot();
    return s && s->now >= atLeast ? s : nullptr;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // QSettings go to a test location
        QCoreApplication::setOrganizationName(QStringLiteral("watermarkexplorer-tests"));
    }

    void badScenarioShowsDiagnosticsAndKeepsTheRun()
    {
        MainWindow w;
        w.loadScenario(test::loadScenario("default.yaml"), QStringLiteral("default.yaml"));
        w.setSpeed(10);
        w.play();
        const auto before = waitForTime(w, 200'000);
        QVERIFY(before);
        const Scenario scenarioBefore = w.currentScenario();

        QTemporaryDir dir;
        const QString bad = writeFile(
            dir, "bad.yaml", "name: broken\nnodes:\n  - zones:\n      - type: Normal\n        managed: -5\nduration: soon\n");
        QVERIFY(!bad.isEmpty());
        test::DialogCloser closer;
        QVERIFY(!w.openScenario(bad));
        QCOMPARE(closer.objectName, QStringLiteral("scenarioDiagnostics"));
        QVERIFY2(!closer.text.isEmpty(), "the diagnostics dialog lists the errors");
        QVERIFY2(closer.text.contains(QStringLiteral("bad.yaml")), qPrintable(closer.text));
        QVERIFY2(closer.summary.contains(QLatin1String("the current run is unchanged")), qPrintable(closer.summary));

        // Untouched: same scenario, same run (time keeps growing, no restart).
        QVERIFY(w.currentScenario() == scenarioBefore);
        QVERIFY(w.controller()->status().running);
        const auto after = waitForTime(w, before->now + 100'000);
        QVERIFY(after && after->now > before->now);
        QCOMPARE(after->seed, before->seed);
        w.controller()->shutdown();
    }

    // Nothing loaded yet (the file given on the command line is broken): the
    // dialog says the default opens instead, not that a run is unchanged.
    void badScenarioWithNothingLoadedSaysWhatHappens()
    {
        MainWindow w;
        QTemporaryDir dir;
        const QString bad = writeFile(dir, "bad.yaml", "name: broken\n");
        QVERIFY(!bad.isEmpty());
        test::DialogCloser closer;
        QVERIFY(!w.openScenario(bad));
        QVERIFY2(closer.summary.contains(QLatin1String("the default scenario opens instead")), qPrintable(closer.summary));
    }

    void badZoneinfoShowsDiagnosticsAndKeepsTheRun()
    {
        MainWindow w;
        w.loadScenario(test::loadScenario("default.yaml"), QStringLiteral("default.yaml"));
        const auto before = waitForTime(w, 0);
        QVERIFY(before);
        const Scenario scenarioBefore = w.currentScenario();
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("zoneinfo.txt"));
        {
            QFile f(bad);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("this is not /proc/zoneinfo\n");
        }
        test::DialogCloser closer;
        QVERIFY(!w.importZoneinfo(bad));
        QCOMPARE(closer.objectName, QStringLiteral("scenarioDiagnostics"));
        QVERIFY(!closer.text.isEmpty());
        QVERIFY(w.currentScenario() == scenarioBefore);
        QCOMPARE(w.currentSnapshot()->seed, before->seed);
        w.controller()->shutdown();
    }

    void importZoneinfoLoadsTheMachine()
    {
        MainWindow w;
        const QString file = QStringLiteral(WM_TEST_DATA "/zoneinfo/x86-vm-6.18-3zones.txt");
        QString errors;
        const auto s = ScenarioFiles::importZoneinfoQuiet(file, &errors);
        QVERIFY2(s, qPrintable(errors));
        QVERIFY(!s->nodes.empty());
        QVERIFY(w.importZoneinfo(file));
        QVERIFY(w.currentScenario() == *s);
        const auto snap = waitForTime(w, 0);
        QVERIFY(snap && !snap->zones.empty());
        w.controller()->shutdown();
    }

    // A file whose printed marks the rules do not reproduce (managed-page drift on
    // the 2-node 6.6 box): the window says so, with the file's and the simulated
    // marks, instead of silently showing other numbers. An exact file says nothing.
    void importZoneinfoTellsWhichZonesDiffer()
    {
        MainWindow w;
        QVERIFY(w.importZoneinfo(QStringLiteral(WM_TEST_DATA "/zoneinfo/lkml-kravetz-2023-6.6rc1-next-2node-16G.txt")));
        QTRY_VERIFY_WITH_TIMEOUT(w.banner()->isVisibleTo(&w), 10000);
        const QString text = w.banner()->text();
        QVERIFY2(text.contains(QLatin1String("4 of the populated zones")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("node 1 Normal (drift): file 11,345/14,181/17,017, simulated 11,356/14,195/17,034")),
            qPrintable(text));

        QVERIFY(w.importZoneinfo(QStringLiteral(WM_TEST_DATA "/zoneinfo/x86-vm-6.18-3zones.txt")));
        QTRY_VERIFY_WITH_TIMEOUT(w.currentSnapshot() && w.currentSnapshot()->zones.size() == 3, 10000);
        QTest::qWait(50);
        QVERIFY(!w.banner()->isVisibleTo(&w));
        w.controller()->shutdown();
    }

    // A lesson opened paused shows its opening caption (at 0 s) at once, before
    // any tick has run; it used to appear only after Play.
    void openingCaptionShowsBeforePlay()
    {
        MainWindow w;
        const Scenario lesson = loadScenarioFile(WM_SOURCE_DIR "/scenarios/lessons/01-watermarks.yaml").scenario.value();
        QVERIFY(!lesson.timeline.empty() && lesson.timeline.front().at == 0);
        w.loadScenario(lesson, QStringLiteral("01-watermarks.yaml"));
        const auto snap = waitForTime(w, 0);
        QVERIFY(snap);
        QCOMPARE(snap->now, usec_t {0});
        QTRY_VERIFY_WITH_TIMEOUT(w.banner()->isVisibleTo(&w), 5000);
        QCOMPARE(w.banner()->text(), QString::fromStdString(lesson.timeline.front().text));
        w.controller()->shutdown();
    }

    // File > This machine: /proc/zoneinfo with /proc/sys/vm (Linux, when readable).
    void thisMachineImportsProcZoneinfo()
    {
        if (!QFile::exists(QStringLiteral("/proc/zoneinfo")))
            QSKIP("no /proc/zoneinfo here");
        QString errors;
        const auto s = ScenarioFiles::importZoneinfoQuiet(QStringLiteral("/proc/zoneinfo"), &errors);
        QVERIFY2(s, qPrintable(errors));
        QVERIFY(!s->nodes.empty());
        QVERIFY(s->sourcePath.empty()); // Save never suggests a path under /proc
    }

    void saveWritesEditsAsTimelineEntries()
    {
        MainWindow w;
        const Scenario original = test::loadScenario("default.yaml");
        w.loadScenario(original, QStringLiteral("default.yaml"));
        w.setSpeed(10);
        w.play();
        QVERIFY(waitForTime(w, 100'000));
        w.controller()->setParameter(QStringLiteral("vm.watermark_scale_factor"), QStringLiteral("150"));
        QTRY_VERIFY_WITH_TIMEOUT(w.scenarioWithEdits().timeline.size() > original.timeline.size(), 10000);
        w.controller()->pause();
        const Scenario edited = w.scenarioWithEdits();
        const auto added = std::find_if(edited.timeline.begin(), edited.timeline.end(), [](const TimelineEntry &e) {
            return e.kind == TimelineKind::Set && e.key == "vm.watermark_scale_factor" && e.value == "150";
        });
        QVERIFY(added != edited.timeline.end());
        QVERIFY(added->at > 0);

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("session.yaml"));
        QCOMPARE(ScenarioFiles::saveTo(path, edited), QString());
        const auto back = loadScenarioFile(path.toStdString());
        QVERIFY(back.ok());
        QVERIFY2(*back.scenario == edited, "the saved file loads back to the edited scenario");
        QCOMPARE(back.scenario->timeline.size(), original.timeline.size() + 1);
        QVERIFY(
            std::find(back.scenario->timeline.begin(), back.scenario->timeline.end(), *added) != back.scenario->timeline.end());
        // The file as its author wrote it, comments included, with the edit added.
        QFile saved(path), source(QString::fromStdString(original.sourcePath));
        QVERIFY(saved.open(QIODevice::ReadOnly) && source.open(QIODevice::ReadOnly));
        const QByteArray savedText = saved.readAll();
        QVERIFY(savedText.startsWith(source.readAll().left(200)));
        QVERIFY(savedText.contains("# The basics a student should see"));
        w.controller()->shutdown();
    }

    // The parameters dock shows the value in force: a timeline `set` of the file
    // changes the field as it is applied, and Reset brings the file's value back.
    void parametersDockFollowsTheTimeline()
    {
        MainWindow w;
        Scenario s = test::loadScenario("default.yaml");
        TimelineEntry set;
        set.at = 50'000;
        set.kind = TimelineKind::Set;
        set.key = "vm.watermark_scale_factor";
        set.value = "100";
        s.timeline.insert(s.timeline.begin(), set);
        w.loadScenario(s, QStringLiteral("timeline.yaml"));
        QLineEdit *field = w.parametersDock()->field(QStringLiteral("vm.watermark_scale_factor"));
        QVERIFY(field);
        QCOMPARE(field->text(), QStringLiteral("10"));
        w.controller()->stepBy(40'000);
        QVERIFY(waitForTime(w, 40'000));
        QCOMPARE(field->text(), QStringLiteral("10"));
        w.controller()->stepBy(20'000);
        QVERIFY(waitForTime(w, 60'000));
        QTRY_COMPARE(field->text(), QStringLiteral("100"));
        w.controller()->reset();
        QTRY_COMPARE(field->text(), QStringLiteral("10"));
        w.controller()->shutdown();
    }

    // The policy box restarts the run under the chosen policy with the edits
    // made so far as timeline entries.
    void choosingAPolicyRestartsTheRunWithTheEdits()
    {
        MainWindow w;
        w.loadScenario(test::loadScenario("default.yaml"), QStringLiteral("default.yaml"));
        QComboBox *box = w.parametersDock()->policyBox();
        QVERIFY(box);
        QCOMPARE(box->currentData().toString(), QStringLiteral("vanilla"));
        QVERIFY(box->findData(QStringLiteral("v10")) >= 0);
        w.setSpeed(10);
        w.play();
        QVERIFY(waitForTime(w, 100'000));
        w.controller()->setParameter(QStringLiteral("vm.watermark_scale_factor"), QStringLiteral("150"));
        const auto hasEdit = [](const Scenario &s) {
            return std::any_of(s.timeline.begin(), s.timeline.end(),
                [](const TimelineEntry &e) { return e.key == "vm.watermark_scale_factor" && e.value == "150"; });
        };
        QTRY_VERIFY_WITH_TIMEOUT(hasEdit(w.scenarioWithEdits()), 10000);
        const auto before = waitForTime(w, 300'000);
        QVERIFY(before);
        // Slow down first: at 10x the new run could pass `before` (300 ms in
        // 30 ms of wall time) before a loaded machine delivers its first frame.
        w.setSpeed(0.1);
        w.setPolicy(QStringLiteral("v10"));
        QCOMPARE(w.currentScenario().policy.id, std::string("v10"));
        QVERIFY(hasEdit(w.currentScenario()));
        QCOMPARE(w.parametersDock()->policyBox()->currentData().toString(), QStringLiteral("v10"));
        // A new run: time starts again, under v10.
        QTRY_VERIFY_WITH_TIMEOUT(
            w.currentSnapshot() && w.currentSnapshot()->now < before->now && w.currentSnapshot()->policy == "v10", 10000);
        w.controller()->shutdown();
    }

    // The walkthrough: 5000 refused, then the file's timeline sets 100; the
    // field shows 100 without the refusal of 5000 under it.
    void refusalGoesWhenTheTimelineSetsTheField()
    {
        MainWindow w;
        Scenario s = test::loadScenario("default.yaml");
        TimelineEntry set;
        set.at = 50'000;
        set.kind = TimelineKind::Set;
        set.key = "vm.watermark_scale_factor";
        set.value = "100";
        s.timeline.insert(s.timeline.begin(), set);
        w.loadScenario(s, QStringLiteral("timeline.yaml"));
        const QString key = QStringLiteral("vm.watermark_scale_factor");
        QLineEdit *field = w.parametersDock()->field(key);
        QLabel *msg = w.parametersDock()->messageLabel(key);
        QVERIFY(field && msg);
        QVERIFY(waitForTime(w, 0));
        field->setText(QStringLiteral("5000"));
        QVERIFY(w.parametersDock()->submit(key, field->text()).contains(QLatin1String("out of range 1..3000")));
        QVERIFY(!msg->isHidden());
        w.controller()->stepBy(60'000);
        QVERIFY(waitForTime(w, 60'000));
        QTRY_COMPARE(field->text(), QStringLiteral("100"));
        QVERIFY2(msg->isHidden(), qPrintable(msg->text()));
        QCOMPARE(field->styleSheet(), QString());
        w.controller()->shutdown();
    }

    // Paused, the user picks another zone in "Why this watermark?": the
    // derivation of that zone shows at once, from the newest snapshot (no new
    // frame comes while paused).
    void derivationFollowsAZoneChosenWhilePaused()
    {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.loadScenario(test::loadScenario("network-burst.yaml"), QStringLiteral("network-burst.yaml"));
        w.controller()->stepBy(100'000);
        QVERIFY(waitForTime(w, 100'000));
        QTRY_VERIFY(!w.controller()->status().running);
        const auto snap = w.currentSnapshot();
        auto *dock = w.findChild<DerivationDock *>();
        QVERIFY(dock && dock->isVisible());
        auto *box = dock->findChild<QComboBox *>();
        auto *text = dock->findChild<QTextBrowser *>();
        QVERIFY(box && text);
        QTRY_VERIFY(box->count() >= 2);
        const auto heading = [&snap](int zoneId) {
            for (const auto &z : snap->zones)
                if (z.id == zoneId)
                    return QStringLiteral("Node %1 %2 at t = %3 s")
                        .arg(z.node)
                        .arg(QString::fromUtf8(zoneName(z.type)))
                        .arg(static_cast<double>(snap->now) / 1e6, 0, 'f', 3);
            return QString();
        };
        QTRY_VERIFY2(text->toPlainText().contains(heading(box->currentData().toInt())), qPrintable(text->toPlainText().left(80)));
        const int before = box->currentData().toInt();
        QTest::keyClick(box, box->currentIndex() + 1 < box->count() ? Qt::Key_Down : Qt::Key_Up);
        const int chosen = box->currentData().toInt();
        QVERIFY(chosen != before);
        QCOMPARE(dock->zone(), chosen);
        QVERIFY2(text->toPlainText().contains(heading(chosen)),
            qPrintable(QStringLiteral("expected \"%1\", shown \"%2\"").arg(heading(chosen), text->toPlainText().left(80))));
        w.controller()->shutdown();
    }

    // Reset starts the run again at t = 0: the charts leave a zoomed window of
    // the old run and follow live again.
    void resetFollowsLiveAgain()
    {
        MainWindow w;
        w.loadScenario(test::loadScenario("default.yaml"), QStringLiteral("default.yaml"));
        w.controller()->stepBy(1'000'000);
        QVERIFY(waitForTime(w, 1'000'000));
        ZoneChartPanel *charts = w.chartPanel();
        charts->setRange(0.6, 0.8); // a drag-zoom
        QVERIFY(!charts->followLive());
        w.toolBar()->resetAction->trigger();
        QTRY_VERIFY(w.currentSnapshot() && w.currentSnapshot()->now == 0);
        QVERIFY(charts->followLive());
        QVERIFY(charts->followAction()->isChecked());
        QTRY_COMPARE(charts->range().first, 0.0);
        QTRY_VERIFY2(charts->range().second <= 1.0, qPrintable(QString::number(charts->range().second)));
        w.controller()->shutdown();
    }

    // A fork at the end of a finished run has nothing left to differ: two
    // identical runs. Fork is disabled (and says why) until Reset or Open.
    void forkIsNotOfferedOnceTheRunHasFinished()
    {
        MainWindow w;
        Scenario s = test::loadScenario("default.yaml");
        s.duration = 200'000;
        w.loadScenario(s, QStringLiteral("short.yaml"));
        QAction *fork = w.toolBar()->forkAction;
        QWidget *button = w.toolBar()->widgetForAction(fork);
        QVERIFY(button);
        QVERIFY(waitForTime(w, 0));
        QVERIFY(fork->isEnabled());
        const QString tip = fork->toolTip();

        w.controller()->stepBy(1'000'000);
        QTRY_VERIFY(w.currentSnapshot() && w.currentSnapshot()->now >= s.duration);
        QTRY_VERIFY(!fork->isEnabled());
        QVERIFY(!button->isEnabled());
        QVERIFY2(fork->toolTip().contains(QLatin1String("finished")), qPrintable(fork->toolTip()));
        QVERIFY(w.toolBar()->compareAction->isEnabled()); // comparing whole runs still makes sense

        w.toolBar()->resetAction->trigger();
        QTRY_VERIFY(fork->isEnabled());
        QCOMPARE(fork->toolTip(), tip);

        w.controller()->stepBy(1'000'000);
        QTRY_VERIFY(!fork->isEnabled());
        w.loadScenario(s, QStringLiteral("short.yaml")); // File > Open
        QTRY_VERIFY(fork->isEnabled());
        QVERIFY(button->isEnabled());
        w.controller()->shutdown();
    }

    void toolbarHasExport()
    {
        MainWindow w;
        QVERIFY(w.toolBar()->actions().contains(w.toolBar()->exportAction));
        QCOMPARE(w.toolBar()->exportAction->menu(), w.exportMenu());
    }

    void exportActionsProduceFiles()
    {
        MainWindow w;
        w.resize(1200, 900);
        w.loadScenario(test::loadScenario("default.yaml"), QStringLiteral("default.yaml"));
        w.setSpeed(0); // max
        w.play();
        const auto snap = waitForTime(w, 2'000'000);
        QVERIFY(snap);
        w.controller()->pause();
        QTRY_VERIFY(!w.controller()->status().running);
        const auto final = w.currentSnapshot();

        QStringList names;
        for (QAction *a : w.exportMenu()->actions())
            if (!a->isSeparator())
                names << a->objectName();
        const QStringList expected {QStringLiteral("exportZoneChart"), QStringLiteral("exportMachineChart"),
            QStringLiteral("exportBundle"), QStringLiteral("exportZoneinfo"), QStringLiteral("exportVmstat"),
            QStringLiteral("exportSeriesCsv"), QStringLiteral("exportEventsCsv")};
        QCOMPARE(names, expected);

        namespace ex = wm::exporter;
        const auto &events = w.eventLog()->events();
        const Scenario scenario = w.scenarioWithEdits();
        QTemporaryDir dir;
        auto path = [&dir](const char *name) { return dir.filePath(QString::fromLatin1(name)); };
        const int zone = w.chartPanel()->selectedZone();
        QVERIFY(zone >= 0);
        QCOMPARE(ex::exportChartTo(path("zone.png"), *final, events, scenario, zone), QString());
        QCOMPARE(QImage(path("zone.png")).size(), QSize(1200, 600));
        QCOMPARE(ex::exportChartTo(path("zone.svg"), *final, events, scenario, zone), QString());
        QCOMPARE(ex::exportChartTo(path("machine.pdf"), *final, events, scenario, -1), QString());
        QVERIFY(QFile(path("machine.pdf")).size() > 1000);
        QCOMPARE(ex::exportBundleTo(path("bundle"), *final, events, scenario), QString());
        for (const char *f : {"bundle/manifest.json", "bundle/series.csv", "bundle/events.csv", "bundle/machine.png"})
            QVERIFY2(QFile::exists(path(f)), f);
        // The bundle's scenario is the one with the edits, and it loads again.
        const auto bundled = loadScenarioFile(path("bundle/scenario.yaml").toStdString());
        QVERIFY(bundled.ok());
        QVERIFY(*bundled.scenario == scenario);
        QCOMPARE(ex::exportProcSnapshotTo(path("snap.txt"), *final, scenario, ex::ProcFile::Zoneinfo), QString());
        QCOMPARE(ex::exportProcSnapshotTo(path("snap2.txt"), *final, scenario, ex::ProcFile::Vmstat), QString());
        QFile zi(path("snap.txt")), vm(path("snap2.txt"));
        QVERIFY(zi.open(QIODevice::ReadOnly) && vm.open(QIODevice::ReadOnly));
        QVERIFY(zi.readAll().contains("pages free"));
        QVERIFY(vm.readAll().contains("nr_free_pages"));
        QCOMPARE(ex::exportSeriesCsvTo(path("series.csv"), *final), QString());
        QCOMPARE(ex::exportEventsCsvTo(path("events.csv"), *final, events), QString());
        QFile series(path("series.csv")), ev(path("events.csv"));
        QVERIFY(series.open(QIODevice::ReadOnly) && ev.open(QIODevice::ReadOnly));
        QVERIFY(series.readAll().count('\n') > 10);
        QVERIFY(ev.readAll().count('\n') >= static_cast<qsizetype>(events.size()) + 1);
        w.controller()->shutdown();
    }

    // The whole window (charts, event log, counters, derivation) at max speed:
    // a 5 ms timer's lateness, measured in a plain event loop (no qWait sleeps).
    void eventLoopLatencyAtMaxSpeed()
    {
        MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        Scenario s = test::loadScenario("network-burst.yaml");
        s.duration = 3600LL * 1'000'000;
        w.loadScenario(s, QStringLiteral("network-burst.yaml"));
        w.setSpeed(0);
        w.play();
        std::vector<qint64> late;
        QElapsedTimer clock;
        clock.start();
        qint64 expected = 5;
        QTimer probe;
        probe.setTimerType(Qt::PreciseTimer);
        connect(&probe, &QTimer::timeout, this, [&] {
            late.push_back(std::max<qint64>(0, clock.elapsed() - expected));
            expected = clock.elapsed() + 5;
        });
        probe.start(5);
        QEventLoop loop;
        QTimer::singleShot(4000, &loop, &QEventLoop::quit);
        loop.exec();
        probe.stop();
        const auto snap = w.currentSnapshot();
        w.controller()->shutdown();
        QVERIFY(snap);
        std::sort(late.begin(), late.end());
        QVERIFY(late.size() > 20);
        const qint64 p99 = late[late.size() * 99 / 100], median = late[late.size() / 2];
        qInfo("main window at max speed: latency max %lld ms, p99 %lld ms, median %lld ms over %zu probes in 4 s; "
              "%.0f simulated s, %zu events in the log",
            static_cast<long long>(late.back()), static_cast<long long>(p99), static_cast<long long>(median), late.size(),
            static_cast<double>(snap->now) / 1e6, w.eventLog()->events().size());
        QVERIFY2(median < 50, "the GUI stays responsive at max speed");
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
