// The simulation worker: edits reach the next tick, stepping is deterministic,
// shutting down during a max-speed run is quick.
#include "apptestutil.h"
#include "sim/simulationcontroller.h"
#include "sim/simulationworker.h"
#include "sim/snapshotmailbox.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace wm::gui;

class TestSimulationWorker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parameterEditReachesNextTick()
    {
        SnapshotMailbox mailbox;
        SimulationWorker worker(&mailbox);
        worker.load(wm::test::loadScenario("default.yaml"));
        worker.stepBy(50'000); // 50 ms
        const wm::usec_t before = worker.simulation()->now();
        const auto wsfBefore = worker.simulation()->snapshot(false).tunables.watermarkScaleFactor;
        QVERIFY(wsfBefore != 200);

        QSignalSpy spy(&worker, &SimulationWorker::parameterResult);
        worker.setParameter(QStringLiteral("vm.watermark_scale_factor"), QStringLiteral("200"));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(2).toBool(), true);
        QCOMPARE(spy.at(0).at(4).value<wm::usec_t>(), before); // applied at the tick boundary, before the next tick
        worker.stepTick();
        const auto snap = worker.simulation()->snapshot(false);
        QCOMPARE(snap.tunables.watermarkScaleFactor, 200);
        QCOMPARE(snap.now, before + worker.simulation()->scenario().tick);
        // The edit is recorded for saving back as a timeline entry.
        const auto &applied = worker.simulation()->appliedCommands();
        QVERIFY(std::any_of(applied.begin(), applied.end(), [&](const wm::TimelineEntry &e) {
            return e.key == "vm.watermark_scale_factor" && e.value == "200" && e.at == before;
        }));
        // And the GUI sees it in the mailbox.
        auto frame = mailbox.take();
        QVERIFY(frame);
        QCOMPARE(frame->snapshot->tunables.watermarkScaleFactor, 200);
    }

    void refusedEditChangesNothing()
    {
        SnapshotMailbox mailbox;
        SimulationWorker worker(&mailbox);
        worker.load(wm::test::loadScenario("default.yaml"));
        QSignalSpy spy(&worker, &SimulationWorker::parameterResult);
        worker.setParameter(QStringLiteral("vm.watermark_scale_factor"), QStringLiteral("5000"));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(2).toBool(), false);
        QVERIFY(!spy.at(0).at(3).toString().isEmpty());
        QCOMPARE(worker.simulation()->snapshot(false).tunables.watermarkScaleFactor, 10);
    }

    void pauseThenStepIsDeterministic()
    {
        auto run = [] {
            SnapshotMailbox mailbox;
            SimulationWorker worker(&mailbox);
            worker.load(wm::test::loadScenario("default.yaml"));
            worker.pause();
            worker.stepTick();
            worker.stepBy(100'000);
            worker.setParameter(QStringLiteral("vm.min_free_kbytes"), QStringLiteral("90000"));
            worker.stepBy(1'000'000);
            return worker.simulation()->snapshot(true);
        };
        const wm::Snapshot a = run();
        const wm::Snapshot b = run();
        QCOMPARE(a.now, b.now);
        QVERIFY(a.now >= 1'101'000);
        QVERIFY(a.zones == b.zones);
        QVERIFY(a.nodes == b.nodes);
        QVERIFY(a.counters == b.counters);
        QVERIFY(a.series == b.series);
        QCOMPARE(a.eventsTotal, b.eventsTotal);
    }

    void mailboxKeepsEveryEvent()
    {
        SnapshotMailbox mailbox;
        SimulationWorker worker(&mailbox);
        worker.load(wm::test::loadScenario("default.yaml"));
        std::int64_t seen = 0;
        for (int i = 0; i < 5; ++i) {
            worker.stepBy(500'000); // publishes each time
            if (i % 2 == 1)
                continue; // GUI missed a frame: events must accumulate
            auto f = mailbox.take();
            QVERIFY(f);
            seen += static_cast<std::int64_t>(f->events.size());
        }
        if (auto f = mailbox.take())
            seen += static_cast<std::int64_t>(f->events.size());
        QCOMPARE(seen, worker.simulation()->events().totalAdded());
    }

    void closingDuringMaxSpeedRunIsQuick()
    {
        auto controller = std::make_unique<SimulationController>();
        QSignalSpy frames(controller.get(), &SimulationController::frameReady);
        wm::Scenario s = wm::test::loadScenario("default.yaml");
        s.duration = 3600LL * 1'000'000; // long enough to still run when we close
        controller->load(s);
        controller->setSpeed(0);
        controller->play();
        QTRY_VERIFY_WITH_TIMEOUT(controller->status().running && controller->status().maxSpeed, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(frames.count() >= 3, 5000);
        QElapsedTimer t;
        t.start();
        QVERIFY(controller->shutdown(1000));
        controller.reset();
        QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
    }
};

QTEST_MAIN(TestSimulationWorker)
#include "tst_simulationworker.moc"
