#pragma once
// GUI-side handle of the simulation: owns the worker thread, forwards commands
// as queued invocations and polls the mailbox with a 60 Hz timer. The GUI
// thread never waits on the simulation (except joining the thread on exit).
// A recording (loadRecording()) is played by a RecordingPlayer on the same thread
// and into the same mailbox: the transport commands go to whichever is playing.
#include "sim/frame.h"

#include <QObject>
#include <QThread>

#include <memory>

QT_FORWARD_DECLARE_CLASS(QTimer)

namespace wm::gui {

class SimulationWorker;
class RecordingPlayer;
class SnapshotMailbox;

class SimulationController : public QObject
{
    Q_OBJECT
public:
    explicit SimulationController(QObject *parent = nullptr);
    ~SimulationController() override;

    // Stops the worker thread; returns false if it did not finish within `ms`.
    bool shutdown(int ms = 2000);
    const WorkerStatus &status() const { return m_status; }
    SimulationWorker *worker() const { return m_worker; }
    RecordingPlayer *player() const { return m_player; }
    // True once a recording has loaded, until a scenario is loaded again.
    bool playingRecording() const { return m_recording; }

public Q_SLOTS:
    void load(const wm::Scenario &scenario);
    // Reads a PCP archive on the worker thread; recordingLoaded() or recordingFailed() follows.
    // On success the recording replaces the run; on failure the run goes on unchanged.
    void loadRecording(const QString &path);
    void play();
    void pause();
    void togglePlay();
    void stepBy(wm::usec_t span);
    void stepTick();
    void setSpeed(double speed);
    void reset();
    void setParameter(const QString &key, const QString &value);
    void requestFork();
    // Takes the newest frame now (also called by the timer).
    void poll();

Q_SIGNALS:
    void frameReady(const wm::gui::Frame &frame);
    void statusChanged(const wm::gui::WorkerStatus &status);
    void parameterResult(const QString &key, const QString &value, bool accepted, const QString &message, wm::usec_t at);
    void pausedByCaption(const QString &text);
    void forkReady(const wm::Scenario &scenario, wm::usec_t at);
    void loadFailed(const QString &message);
    void recordingLoaded(const QString &name, const QString &summary);
    void recordingFailed(const QString &path, const QString &errors);

private:
    template <typename F> void post(F &&f);
    // A transport command to whichever of the worker and the player is playing.
    template <typename F, typename G> void transport(F &&onWorker, G &&onPlayer);

    std::unique_ptr<SnapshotMailbox> m_mailbox;
    QThread m_thread;
    SimulationWorker *m_worker = nullptr;
    RecordingPlayer *m_player = nullptr;
    bool m_recording = false;
    QTimer *m_poll = nullptr;
    WorkerStatus m_status;
};

} // namespace wm::gui
