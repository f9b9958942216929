#pragma once
// Owns the wm::Simulation on the worker thread. Runs ticks in short slices
// paced to the speed (0.1x..1000x, or as fast as possible), publishes into the
// mailbox at most ~40 times a second, and applies commands between ticks.
// Every slot can also be called directly (tests drive it synchronously).
#include "sim/frame.h"
#include "sim/simulation.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <memory>

QT_FORWARD_DECLARE_CLASS(QTimer)

namespace wm::gui {

class SnapshotMailbox;

class SimulationWorker : public QObject
{
    Q_OBJECT
public:
    explicit SimulationWorker(SnapshotMailbox *mailbox, QObject *parent = nullptr);
    ~SimulationWorker() override;

    // Only for tests that drive the worker on their own thread.
    const wm::Simulation *simulation() const { return m_sim.get(); }
    const WorkerStatus &status() const { return m_status; }

public Q_SLOTS:
    void load(const wm::Scenario &scenario);
    void play();
    void pause();
    void togglePlay();
    // Advance by `span` simulated time (at least one tick), then pause.
    void stepBy(wm::usec_t span);
    void stepTick();
    void setSpeed(double speed); // <= 0: as fast as possible
    void reset();
    void setParameter(const QString &key, const QString &value);
    // Emits forkReady with the scenario as it stands now: the original plus
    // every applied edit as a timeline entry, and the current time.
    void requestFork();
    void publishNow();

Q_SIGNALS:
    void parameterResult(const QString &key, const QString &value, bool accepted, const QString &message, wm::usec_t at);
    void statusChanged(const wm::gui::WorkerStatus &status);
    void pausedByCaption(const QString &text);
    void forkReady(const wm::Scenario &scenario, wm::usec_t at);
    void loadFailed(const QString &message);

private:
    void onTimer();
    // Runs ticks until simulated time reaches `until` or the real deadline passes.
    // Returns false when a caption paused the run or the simulation finished.
    bool advance(wm::usec_t until, qint64 deadlineNs);
    bool stepOnce();
    void publish();
    void setRunning(bool running);
    void rebase();
    void emitStatusIfChanged();

    SnapshotMailbox *m_mailbox = nullptr;
    QTimer *m_timer = nullptr;
    std::unique_ptr<wm::Simulation> m_sim;
    wm::Scenario m_scenario;
    WorkerStatus m_status;
    WorkerStatus m_lastEmitted;
    std::uint64_t m_generation = 0;
    std::int64_t m_publishedSeq = 0;
    QElapsedTimer m_clock;
    qint64 m_lastPublishNs = -1'000'000'000;
    // Pacing: simulated time `m_baseSim` corresponded to real time `m_baseNs`.
    qint64 m_baseNs = 0;
    wm::usec_t m_baseSim = 0;
    // Real-time factor, measured over ~0.5 s windows.
    qint64 m_rtfNs = 0;
    wm::usec_t m_rtfSim = 0;
};

} // namespace wm::gui
