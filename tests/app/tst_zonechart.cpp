// Chart series stay within their point budget (about 2x the plot width), the
// standalone builder produces a complete chart, the panel follows live.
#include "apptestutil.h"
#include "charts/markeroverlay.h"
#include "charts/zonechart.h"
#include "charts/zonechartbuilder.h"
#include "charts/zonechartdata.h"
#include "charts/zonechartpanel.h"
#include "charts/zoneseriesset.h"
#include "sim/simulation.h"

#include <QChart>
#include <QGraphicsScene>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTest>
#include <QValueAxis>

using namespace wm::gui;

namespace {
struct Run {
    std::shared_ptr<const wm::Snapshot> snap;
    std::vector<wm::Event> events;
};

Run runFor(const char *scenario, wm::usec_t until)
{
    wm::Simulation sim(wm::test::loadScenario(scenario));
    sim.runUntil(until);
    Run r;
    r.snap = std::make_shared<const wm::Snapshot>(sim.snapshot(true));
    r.events.assign(sim.events().events().begin(), sim.events().events().end());
    return r;
}
} // namespace

class TestZoneChart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { m_run = runFor("default.yaml", 45'000'000); }

    void seriesNeverExceedBudget_data()
    {
        QTest::addColumn<int>("width");
        QTest::newRow("narrow 300 px") << 300;
        QTest::newRow("wide 1400 px") << 1400;
    }

    void seriesNeverExceedBudget()
    {
        QFETCH(int, width);
        ZoneChart chart(ChartTheme::light());
        chart.resize(width, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        const int plot = chart.plotWidth();
        QVERIFY(plot > 0 && plot <= width);
        for (const auto &z : m_run.snap->zones) {
            if (z.managed <= 0)
                continue;
            for (auto [from, to] : {std::pair<wm::usec_t, wm::usec_t> {0, m_run.snap->now}, {19'000'000, 21'000'000}}) {
                chart.setData(computeZoneChartData(*m_run.snap, z.id, m_run.events, from, to, plot));
                QVERIFY2(chart.seriesSet()->maxSeriesPoints() <= 2 * plot + 2,
                    qPrintable(QStringLiteral("%1 points for %2 px").arg(chart.seriesSet()->maxSeriesPoints()).arg(plot)));
                QVERIFY(chart.seriesSet()->freeSeries()->count() > 10);
                QCOMPARE(chart.seriesSet()->axisX()->min(), static_cast<double>(from) / 1e6);
            }
        }
    }

    void builderMakesCompleteChart()
    {
        ChartCaption caption {QStringLiteral("default"), QStringLiteral("vanilla"), 1, QStringLiteral("0.1.0"), {}};
        const int normal = 2;
        std::unique_ptr<QChart> chart(buildZoneChart(*m_run.snap, normal, m_run.events, 0, m_run.snap->now, 1000, caption));
        QVERIFY(chart->title().contains(QLatin1String("Normal")));
        QVERIFY(chart->legend()->isVisible());
        const auto axes = chart->axes();
        QStringList titles;
        for (auto *a : axes)
            titles << a->titleText();
        QVERIFY(titles.contains(QStringLiteral("time (s)")));
        QVERIFY(titles.contains(QStringLiteral("pages")));
        QVERIFY(chart->series().size() >= 6);
        QVERIFY(caption.text().contains(QLatin1String("seed 1")));
        // An exported zone chart opens on the watermarks, like the window: every
        // watermark line drawn, the GFP_ATOMIC floor included (DMA32's carries
        // lowmem_reserve[Normal], far above its high mark), lies inside the scale.
        for (const auto &z : m_run.snap->zones) {
            if (z.managed <= 0)
                continue;
            std::unique_ptr<QChart> zc(buildZoneChart(*m_run.snap, z.id, m_run.events, 0, m_run.snap->now, 1000, caption));
            auto *ay = qobject_cast<QValueAxis *>(zc->axes(Qt::Vertical).value(0));
            QVERIFY(ay);
            for (auto *series : zc->series()) {
                auto *line = qobject_cast<QLineSeries *>(series);
                if (!line || series->name() == QLatin1String("free pages"))
                    continue;
                for (const QPointF &p : line->points())
                    QVERIFY2(p.y() <= ay->max(),
                        qPrintable(QStringLiteral("%1: %2 at %3 above the scale %4")
                                       .arg(zc->title(), series->name())
                                       .arg(p.y())
                                       .arg(ay->max())));
            }
        }
        // The exported legend: the failure count in the name; a marker series with
        // nothing drawn has no legend entry.
        {
            QGraphicsScene scene; // laid out as when it is rendered for export
            QChart *zc = buildZoneChart(*m_run.snap, normal, m_run.events, 0, m_run.snap->now, 1000, caption);
            scene.addItem(zc);
            zc->resize(1200, 600);
            qint64 failures = 0;
            for (const auto &z : m_run.snap->zones)
                if (z.id == normal)
                    failures = z.counters[wm::Counter::SimAtomicFailures];
            QVERIFY(failures > 0);
            bool named = false;
            for (auto *s : zc->series()) {
                named = named || s->name() == QStringLiteral("atomic failures: %L1").arg(failures);
                if (auto *sc = qobject_cast<QScatterSeries *>(s))
                    for (auto *marker : zc->legend()->markers(sc))
                        QVERIFY2(marker->isVisible() == (sc->count() > 0), qPrintable(sc->name()));
            }
            QVERIFY(named);
        }
        std::unique_ptr<QChart> machine(buildMachineChart(*m_run.snap, m_run.events, 0, m_run.snap->now, 800, caption));
        QVERIFY(machine->series().size() >= 3);
        // The machine chart: ticks on round seconds (45 s: every 10 s, no "7.5"),
        // the reference line apart from the zones, DMA flagged as off the scale.
        auto *mx = qobject_cast<QValueAxis *>(machine->axes(Qt::Horizontal).value(0));
        QVERIFY(mx);
        QCOMPARE(mx->tickType(), QValueAxis::TicksDynamic);
        QCOMPARE(mx->tickInterval(), 10.0);
        QCOMPARE(mx->labelFormat(), QStringLiteral("%.0f"));
        QStringList names;
        for (auto *s : machine->series())
            names << s->name();
        QVERIFY2(names.filter(QStringLiteral("DMA (above the scale")).size() == 1, qPrintable(names.join(QLatin1String(", "))));
        QColor refColour;
        for (auto *s : machine->series()) {
            auto *line = qobject_cast<QLineSeries *>(s);
            if (line && s->name().startsWith(QLatin1String("high watermark")))
                refColour = line->pen().color();
        }
        for (auto *s : machine->series())
            if (auto *line = qobject_cast<QLineSeries *>(s); line && !s->name().startsWith(QLatin1String("high watermark")))
                QVERIFY2(line->pen().color() != refColour, qPrintable(s->name()));
    }

    // DMA's GFP_ATOMIC floor carries lowmem_reserve[Normal] (setup_per_zone_lowmem_reserve()),
    // which exceeds all 3840 pages it manages: no Normal-class atomic request ever uses
    // the zone. The line would stand above the zone's size and squash its own
    // watermarks, so it is left out and the title says why; Normal keeps its line.
    void atomicFloorAboveTheZoneIsNotDrawn()
    {
        const auto &zones = m_run.snap->zones;
        const auto dma = std::find_if(zones.begin(), zones.end(), [](const auto &z) { return z.type == wm::ZoneType::DMA; });
        const auto normal
            = std::find_if(zones.begin(), zones.end(), [](const auto &z) { return z.type == wm::ZoneType::Normal; });
        QVERIFY(dma != zones.end() && normal != zones.end());
        QVERIFY(dma->atomicFloor > dma->managed);
        const auto d = computeZoneChartData(*m_run.snap, dma->id, m_run.events, 0, m_run.snap->now, 800);
        QVERIFY(d.atomicFloor.isEmpty());
        QCOMPARE(d.floorAboveManaged, static_cast<double>(dma->atomicFloor));
        QVERIFY2(d.yWatermarks < static_cast<double>(dma->atomicFloor), qPrintable(QString::number(d.yWatermarks)));
        const auto n = computeZoneChartData(*m_run.snap, normal->id, m_run.events, 0, m_run.snap->now, 800);
        QVERIFY(!n.atomicFloor.isEmpty());
        QCOMPARE(n.floorAboveManaged, 0.0);
        ZoneChart chart(ChartTheme::light());
        chart.setZoneTitle(QStringLiteral("DMA"));
        chart.setData(d);
        QCOMPARE(chart.chart()->title(),
            QStringLiteral("DMA \u00b7 GFP_ATOMIC floor %L1 > managed (lowmem_reserve): not drawn").arg(dma->atomicFloor));
        chart.setData(n);
        QCOMPARE(chart.chart()->title(), QStringLiteral("DMA"));
    }

    void panelFollowsLiveAndZooms()
    {
        ZoneChartPanel panel;
        panel.resize(900, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setSnapshot(m_run.snap, &m_run.events);
        QCOMPARE(panel.charts().size(), std::size_t(3)); // DMA, DMA32, Normal
        QCOMPARE(panel.range().second, static_cast<double>(m_run.snap->now) / 1e6);
        panel.setRange(10, 12);
        QVERIFY(!panel.followLive());
        for (auto *c : panel.charts())
            QCOMPARE(c->seriesSet()->axisX()->max(), 12.0);
        panel.setFollowLive(true);
        QCOMPARE(panel.range().first, 0.0);
        // The cursor never goes past the simulated present, nor before 0.
        const double now = static_cast<double>(m_run.snap->now) / 1e6;
        panel.setCursorTime(now + 5);
        QCOMPARE(panel.cursorTime().value_or(-1), now);
        panel.setCursorTime(-1);
        QCOMPARE(panel.cursorTime().value_or(-1), 0.0);
    }

    void tickLabelsShowTheStep_data()
    {
        QTest::addColumn<double>("step");
        QTest::addColumn<int>("decimals");
        QTest::newRow("10 s") << 10.0 << 0;
        QTest::newRow("2.5 s") << 2.5 << 1;
        QTest::newRow("0.25 s") << 0.25 << 2;
        QTest::newRow("0.2 s (not exact in binary)") << 0.2 << 1;
        QTest::newRow("0.0002 s, a 1 ms span") << 0.0002 << 4;
    }
    void tickLabelsShowTheStep()
    {
        QFETCH(double, step);
        QFETCH(int, decimals);
        QCOMPARE(tickDecimals(step), decimals);
        // Neighbouring labels differ.
        const QString fmt = QStringLiteral("%.%1f").arg(decimals);
        QVERIFY(QString::asprintf(qPrintable(fmt), 2 * step) != QString::asprintf(qPrintable(fmt), 3 * step));
    }

    // Labels of parameter-edit and caption lines never overlap, whatever the
    // spacing of the lines; a label that would leave the plot goes left of its line.
    void markerLabelsNeverOverlap_data()
    {
        QTest::addColumn<QList<double>>("xs");
        QTest::addColumn<double>("width");
        QTest::addColumn<int>("placed");
        QTest::newRow("far apart: all on the first row") << QList<double> {10, 200, 400} << 80.0 << 3;
        QTest::newRow("two edits 1 s apart (20 px)") << QList<double> {100, 120} << 120.0 << 2;
        QTest::newRow("five lines in 40 px: three rows, two without a label")
            << QList<double> {100, 110, 120, 130, 140} << 120.0 << 3;
        QTest::newRow("at the right edge, next to a neighbour") << QList<double> {420, 560} << 120.0 << 2;
    }
    void markerLabelsNeverOverlap()
    {
        QFETCH(QList<double>, xs);
        QFETCH(double, width);
        QFETCH(int, placed);
        const QRectF area(0, 0, 600, 300);
        const std::vector<double> x(xs.begin(), xs.end());
        const auto rects = placeMarkerLabels(x, std::vector<double>(x.size(), width), area, 14);
        QCOMPARE(
            static_cast<int>(std::count_if(rects.begin(), rects.end(), [](const auto &r) { return r.has_value(); })), placed);
        for (std::size_t i = 0; i < rects.size(); ++i) {
            if (!rects[i])
                continue;
            QVERIFY2(rects[i]->right() <= area.right(), "inside the plot on the right");
            // Next to its own line: starts just right of it or ends just left of it.
            QVERIFY(qAbs(rects[i]->left() - x[i]) <= 3.01 || qAbs(rects[i]->right() - x[i]) <= 3.01);
            for (std::size_t j = 0; j < i; ++j)
                if (rects[j])
                    QVERIFY2(
                        !rects[i]->intersects(*rects[j]), qPrintable(QStringLiteral("labels %1 and %2 overlap").arg(j).arg(i)));
        }
    }

    // A run that has just started shows its first second, not its first tick
    // stretched across the chart.
    void panelAtStartShowsFirstSecond()
    {
        wm::Simulation sim(wm::test::loadScenario("default.yaml"));
        sim.step();
        const auto snap = std::make_shared<const wm::Snapshot>(sim.snapshot(true));
        const std::vector<wm::Event> events(sim.events().events().begin(), sim.events().events().end());
        ZoneChartPanel panel;
        panel.resize(900, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setSnapshot(snap, &events);
        QCOMPARE(panel.range().first, 0.0);
        QCOMPARE(panel.range().second, 1.0);
        for (auto *c : panel.charts())
            QCOMPARE(c->seriesSet()->axisX()->labelFormat(), QStringLiteral("%.1f"));
    }

private:
    Run m_run;
};

QTEST_MAIN(TestZoneChart)
#include "tst_zonechart.moc"
