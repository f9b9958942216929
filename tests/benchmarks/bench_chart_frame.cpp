// One frame of chart work with every zone of scenarios/network-burst.yaml
// (2 nodes) live: decimate + replace() + axes for all charts (target <= 8 ms),
// and the same plus painting the panel into an image.
#include "charts/zonechartpanel.h"
#include "scenario/loader.h"
#include "sim/simulation.h"
#include "sim/simulationcontroller.h"

#include <QElapsedTimer>
#include <QTimer>

#include <QImage>
#include <QPainter>
#include <QTest>

using namespace wm::gui;

class BenchChartFrame : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        auto r = wm::loadScenarioFile(std::string(WM_SOURCE_DIR) + "/scenarios/network-burst.yaml");
        QVERIFY(r.ok());
        wm::Simulation sim(*r.scenario);
        sim.runUntil(std::min<wm::usec_t>(r.scenario->duration, 60'000'000));
        m_snap = std::make_shared<const wm::Snapshot>(sim.snapshot(true));
        m_events.assign(sim.events().events().begin(), sim.events().events().end());
        m_panel = std::make_unique<ZoneChartPanel>();
        m_panel->resize(1200, 1000);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
        m_panel->setSnapshot(m_snap, &m_events);
        QCoreApplication::processEvents();
        qInfo("zones live: %zu, events: %zu, simulated %.1f s", m_panel->charts().size(), m_events.size(),
            static_cast<double>(m_snap->now) / 1e6);
    }

    void frameUpdate()
    {
        QBENCHMARK
        {
            m_panel->refresh();
        }
    }

    void frameUpdateAndPaint()
    {
        QImage img(m_panel->size(), QImage::Format_ARGB32_Premultiplied);
        QBENCHMARK
        {
            m_panel->refresh();
            QPainter p(&img);
            m_panel->render(&p);
        }
    }

    // GUI event-loop latency while the worker runs at max speed and every frame
    // is drawn: a 5 ms timer's lateness (max and 99th percentile) over 3 s.
    void eventLoopLatencyAtMaxSpeed()
    {
        auto r = wm::loadScenarioFile(std::string(WM_SOURCE_DIR) + "/scenarios/network-burst.yaml");
        QVERIFY(r.ok());
        wm::Scenario s = *r.scenario;
        s.duration = 3600LL * 1'000'000;
        SimulationController controller;
        std::vector<wm::Event> events;
        std::shared_ptr<const wm::Snapshot> keep;
        int frames = 0;
        double updateMs = 0, frameMs = 0;
        connect(&controller, &SimulationController::frameReady, this, [&](const Frame &f) {
            if (f.restarted)
                events.clear();
            events.insert(events.end(), f.events.begin(), f.events.end());
            keep = f.snapshot;
            QElapsedTimer ft;
            ft.start();
            m_panel->setSnapshot(keep, &events);
            updateMs += ft.nsecsElapsed() / 1e6;
            m_panel->repaint();
            frameMs += ft.nsecsElapsed() / 1e6;
            ++frames;
        });
        controller.load(s);
        controller.setSpeed(0);
        controller.play();
        std::vector<qint64> late;
        QElapsedTimer clock;
        clock.start();
        QTimer probe;
        probe.setTimerType(Qt::PreciseTimer);
        qint64 expected = 5;
        connect(&probe, &QTimer::timeout, this, [&] {
            late.push_back(std::max<qint64>(0, clock.elapsed() - expected));
            expected = clock.elapsed() + 5;
        });
        probe.start(5);
        QTRY_VERIFY_WITH_TIMEOUT(clock.elapsed() > 3000, 10000);
        probe.stop();
        const double simSeconds = keep ? static_cast<double>(keep->now) / 1e6 : 0;
        controller.shutdown();
        std::sort(late.begin(), late.end());
        qInfo("per frame: update %.1f ms, update+paint %.1f ms (mean over %d frames)", updateMs / std::max(frames, 1),
            frameMs / std::max(frames, 1), frames);
        QVERIFY(!late.empty());
        const qint64 p99 = late[late.size() * 99 / 100];
        qInfo("event-loop latency at max speed: max %lld ms, p99 %lld ms, median %lld ms over %zu probes; "
              "%d frames drawn in 3 s; %.1f simulated s in 3 s; %zu events",
            static_cast<long long>(late.back()), static_cast<long long>(p99), static_cast<long long>(late[late.size() / 2]),
            late.size(), frames, simSeconds, events.size());
    }

    void cleanupTestCase() { m_panel.reset(); }

private:
    std::shared_ptr<const wm::Snapshot> m_snap;
    std::vector<wm::Event> m_events;
    std::unique_ptr<ZoneChartPanel> m_panel;
};

QTEST_MAIN(BenchChartFrame)
#include "bench_chart_frame.moc"
