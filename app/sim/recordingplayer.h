#pragma once
// Plays a recording (a PCP archive) as a run, on the simulation's thread and into the same
// SnapshotMailbox as SimulationWorker: the GUI receives the same Frames and cannot tell the
// two apart (docs/architecture.md, "Playing a recording"). The archive is read here too, so
// reading a day of samples never blocks the window. Every slot can also be called directly
// (tests drive it synchronously).
#include "sim/frame.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <memory>

QT_FORWARD_DECLARE_CLASS(QTimer)

namespace wm::gui {

class SnapshotMailbox;
class RecordingPlayback;

class RecordingPlayer : public QObject
{
    Q_OBJECT
public:
    explicit RecordingPlayer(SnapshotMailbox *mailbox, QObject *parent = nullptr);
    ~RecordingPlayer() override;

    // Reads the archive. On success keeps it (not yet published: activate() does that) and
    // emits loaded(); on failure emits loadFailed() with the reader's diagnostics and keeps
    // whatever it played before.
    bool load(const QString &path);
    // Starts publishing the loaded recording from its first sample, paused.
    void activate();
    // Stops playing and publishing (a scenario is loaded instead).
    void stop();
    bool active() const { return m_active; }
    const RecordingPlayback *playback() const { return m_playback.get(); }
    const WorkerStatus &status() const { return m_status; }

public Q_SLOTS:
    void play();
    void pause();
    void togglePlay();
    void stepBy(wm::usec_t span); // at least one sample, then pause
    void stepTick(); // one sample
    void setSpeed(double speed); // <= 0: as fast as possible
    void reset();
    void publishNow();

Q_SIGNALS:
    // `name`: the archive's file name; `summary`: one line (host, kernel, samples, interval).
    void loaded(const QString &name, const QString &summary);
    void loadFailed(const QString &path, const QString &errors);
    void statusChanged(const wm::gui::WorkerStatus &status);

private:
    void onTimer();
    void publish();
    void setRunning(bool running);
    void rebase();
    void emitStatusIfChanged();

    SnapshotMailbox *m_mailbox = nullptr;
    QTimer *m_timer = nullptr;
    std::unique_ptr<RecordingPlayback> m_playback;
    bool m_active = false;
    WorkerStatus m_status;
    WorkerStatus m_lastEmitted;
    std::uint64_t m_generation = 0;
    QElapsedTimer m_clock;
    qint64 m_lastPublishNs = -1'000'000'000;
    qint64 m_baseNs = 0;
    wm::usec_t m_baseSim = 0;
    std::vector<wm::Event> m_unpublished; // played since the last publish
};

} // namespace wm::gui
