// Simulation > Compare with the model… (RecordingCompareView): a recording against a simulation of
// the same machine in the window.
// - with a recording open the action is enabled; it fits the scenario, runs measureDistance off the
//   GUI thread and shows the distance table: each counter's recorded and model value equal those
//   measureDistance gives when called here directly (pgsteal_kswapd of bursty-50ms: 1896215
//   recorded), each zone's row, a verdict per checked tolerance;
// - each zone's chart has the recorded and the modelled free pages at every compared sample, on
//   one time axis for all zones;
// - the toolbar's Compare opens the same comparison for a recording;
// - with a simulated run (no recording) the action is disabled;
// - the charts export as images, the table as CSV.
#include "apptestutil.h"
#include "charts/recordingoverlaychart.h"
#include "mainwindow.h"
#include "playbacktoolbar.h"
#include "recording/distance.h"
#include "recording/fit.h"
#include "recording/pcp_archive.h"
#include "recordingcompareview.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace wm;
using namespace wm::gui;

namespace {

QString bursty()
{
    return QStringLiteral(WM_TEST_DATA "/pcp/bursty-50ms/bursty-50ms");
}

RecordingCompareView *openView()
{
    for (QWidget *w : QApplication::topLevelWidgets())
        if (auto *v = qobject_cast<RecordingCompareView *>(w); v && v->isVisible())
            return v;
    return nullptr;
}

int rowOf(const QTableWidget *t, const QString &first)
{
    for (int r = 0; r < t->rowCount(); ++r)
        if (t->item(r, 0) && t->item(r, 0)->text() == first)
            return r;
    return -1;
}

} // namespace

class TestRecordingCompare : public QObject
{
    Q_OBJECT

    std::unique_ptr<MainWindow> m_window;
    RecordingCompareView *m_view = nullptr;
    std::optional<recording::Recording> m_rec;
    recording::DistanceReport m_direct;
    recording::DistanceSeries m_directSeries;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("watermarkexplorer-tests"));

        // What measureDistance gives for the fitted scenario, computed here without the window.
        auto read = recording::readPcpArchive(bursty().toStdString());
        QVERIFY(read.ok());
        m_rec = std::move(read.recording);
        std::string why;
        const auto fit = recording::fitScenario(*m_rec, why);
        QVERIFY2(fit, why.c_str());
        m_direct = recording::measureDistance(*m_rec, fit->scenario, &m_directSeries);
        QVERIFY(!m_direct.zones.empty());

        // The window with the recording open, the comparison triggered from the menu.
        m_window = std::make_unique<MainWindow>();
        m_window->resize(1400, 900);
        m_window->show();
        m_window->openRecording(bursty());
        QTRY_VERIFY_WITH_TIMEOUT(m_window->playingRecording(), 20000);
        QAction *action = m_window->compareWithModelAction();
        QVERIFY(action);
        QVERIFY(action->isEnabled());
        action->trigger();
        m_view = openView();
        QVERIFY(m_view);
        QTRY_VERIFY_WITH_TIMEOUT(!m_view->isRunning() && m_view->result().ok, 120000);
    }

    void cleanupTestCase()
    {
        for (QWidget *w : QApplication::topLevelWidgets())
            if (qobject_cast<RecordingCompareView *>(w))
                w->close();
        m_window.reset();
    }

    void counterRows_data()
    {
        QTest::addColumn<QString>("counter");
        QTest::addColumn<qint64>("recorded"); // -1: as measureDistance says
        QTest::newRow("pgsteal_kswapd: 1896215 pages reclaimed by kswapd in the recording")
            << QStringLiteral("pgsteal_kswapd") << qint64(1896215);
        QTest::newRow("pageoutrun: kswapd's runs") << QStringLiteral("pageoutrun") << qint64(-1);
        QTest::newRow("pgscan_kswapd: scanned by kswapd") << QStringLiteral("pgscan_kswapd") << qint64(-1);
        QTest::newRow("pgsteal_direct: reclaimed by direct reclaim") << QStringLiteral("pgsteal_direct") << qint64(-1);
        QTest::newRow("allocstall: summed over the zones") << QStringLiteral("allocstall") << qint64(-1);
    }

    void counterRows()
    {
        QFETCH(QString, counter);
        QFETCH(qint64, recorded);
        const recording::CounterDistance *direct = nullptr;
        for (const auto &c : m_direct.counters)
            if (c.name == counter.toStdString())
                direct = &c;
        QVERIFY2(direct, "measureDistance reports the counter");
        if (recorded >= 0)
            QCOMPARE(direct->recorded, recorded);
        const QTableWidget *t = m_view->counterTable();
        const int r = rowOf(t, counter);
        QVERIFY2(r >= 0, qPrintable(counter));
        QCOMPARE(t->item(r, 1)->text(), QString::number(direct->recorded));
        QCOMPARE(t->item(r, 2)->text(), QString::number(direct->model));
        QCOMPARE(t->horizontalHeaderItem(3)->text(), QStringLiteral("model vs recorded"));
        const QString verdict = t->item(r, 5)->text();
        if (!direct->tolerance) {
            QCOMPARE(verdict, QStringLiteral("not checked"));
        } else {
            QCOMPARE(verdict, direct->within() ? QStringLiteral("within") : QStringLiteral("beyond"));
            // Beyond stands out.
            QCOMPARE(t->item(r, 0)->background().color() == QColor(255, 215, 215), !direct->within());
        }
    }

    void zoneRowsAndCharts()
    {
        const QTableWidget *t = m_view->zoneTable();
        QCOMPARE(t->rowCount(), static_cast<int>(m_direct.zones.size()));
        QCOMPARE(m_view->charts()->zoneCount(), static_cast<int>(m_direct.zones.size()));
        const std::size_t samples = m_rec->samples() - recording::firstCompleteSample(*m_rec);
        QCOMPARE(samples, m_rec->samples()); // this archive's first sample is complete
        const auto range0 = m_view->charts()->timeRange(0);
        for (std::size_t k = 0; k < m_direct.zones.size(); ++k) {
            const auto &z = m_direct.zones[k];
            const QString name = QStringLiteral("%1 %2").arg(z.node).arg(QString::fromStdString(z.zone));
            const int r = rowOf(t, name);
            QVERIFY2(r >= 0, qPrintable(name));
            QCOMPARE(t->item(r, 2)->text(), QString::number(z.rmsFreePages, 'f', 0));
            QCOMPARE(t->item(r, 3)->text(), QString::number(z.rmsRelative(), 'f', 2));
            QCOMPARE(t->item(r, 6)->text(), QString::number(z.recordedBelowLowS, 'f', 2));
            QCOMPARE(t->item(r, 7)->text(), QString::number(z.modelBelowLowS, 'f', 2));
            // Every sample on the chart, recorded and modelled, on the same time axis for all zones.
            const int zi = static_cast<int>(k);
            // A sample without this zone's free pages (this archive has two) is no point.
            const auto &recFree = m_directSeries.recordedFree[k];
            QCOMPARE(recFree.size(), samples);
            const auto present
                = std::count_if(recFree.begin(), recFree.end(), [](std::int64_t v) { return v != recording::kMissing; });
            QVERIFY(present > 0);
            QCOMPARE(m_view->charts()->pointCount(zi, QStringLiteral("recorded")), static_cast<int>(present));
            QCOMPARE(m_view->charts()->pointCount(zi, QStringLiteral("model")), static_cast<int>(samples));
            QCOMPARE(m_view->charts()->pointCount(zi, QStringLiteral("min")), static_cast<int>(samples));
            QCOMPARE(m_view->charts()->timeRange(zi), range0);
        }
        QCOMPARE(range0.second, m_directSeries.seconds.back());
    }

    void statusNamesTheScenarioAndTheVerdict()
    {
        const QString text = m_view->statusLabel()->text();
        QVERIFY2(text.contains(QLatin1String("fitted")), qPrintable(text));
        QVERIFY2(text.contains(m_direct.within() ? QLatin1String("Every tolerance holds") : QLatin1String("Beyond a tolerance")),
            qPrintable(text));
    }

    void exports()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString csv = dir.filePath(QStringLiteral("table.csv"));
        QCOMPARE(m_view->exportTableTo(csv), QString());
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY2(text.contains("pgsteal_kswapd,1896215,"), text.constData());
        QStringList written;
        QCOMPARE(m_view->exportChartsTo(dir.filePath(QStringLiteral("cmp.png")), &written), QString());
        QCOMPARE(written.size(), static_cast<int>(m_direct.zones.size()));
        for (const QString &p : written) {
            const QImage img(p);
            QVERIFY2(!img.isNull(), qPrintable(p));
            QCOMPARE(img.size(), QSize(1400, 500));
        }
    }

    void toolbarCompareComparesWithTheModel()
    {
        const int before = static_cast<int>(QApplication::topLevelWidgets().size());
        m_window->toolBar()->compareAction->trigger();
        int views = 0;
        for (QWidget *w : QApplication::topLevelWidgets())
            views += qobject_cast<RecordingCompareView *>(w) && w->isVisible() ? 1 : 0;
        QCOMPARE(views, 2);
        QVERIFY(static_cast<int>(QApplication::topLevelWidgets().size()) > before);
    }

    void disabledForASimulatedRun()
    {
        MainWindow w;
        w.show();
        const wm::Scenario s = wm::test::loadScenario("default.yaml");
        w.loadScenario(s, QStringLiteral("default.yaml"));
        QVERIFY(!w.playingRecording());
        QVERIFY(!w.compareWithModelAction()->isEnabled());
        QCOMPARE(w.compareWithModel(), nullptr);
        // Open a recording, then a scenario again: disabled again.
        w.openRecording(bursty());
        QTRY_VERIFY_WITH_TIMEOUT(w.playingRecording(), 20000);
        QVERIFY(w.compareWithModelAction()->isEnabled());
        w.loadScenario(s, QStringLiteral("default.yaml"));
        QVERIFY(!w.compareWithModelAction()->isEnabled());
    }
};

QTEST_MAIN(TestRecordingCompare)
#include "tst_recordingcompare.moc"
