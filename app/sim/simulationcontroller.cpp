#include "sim/simulationcontroller.h"

#include "sim/recordingplayer.h"
#include "sim/simulationworker.h"
#include "sim/snapshotmailbox.h"

#include <QTimer>

namespace wm::gui {

SimulationController::SimulationController(QObject *parent)
    : QObject(parent)
    , m_mailbox(std::make_unique<SnapshotMailbox>())
    , m_worker(new SimulationWorker(m_mailbox.get()))
    , m_player(new RecordingPlayer(m_mailbox.get()))
    , m_poll(new QTimer(this))
{
    m_thread.setObjectName(QStringLiteral("simulation"));
    m_worker->moveToThread(&m_thread);
    m_player->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(&m_thread, &QThread::finished, m_player, &QObject::deleteLater);
    connect(m_player, &RecordingPlayer::loaded, this, [this](const QString &name, const QString &summary) {
        m_recording = true;
        Q_EMIT recordingLoaded(name, summary);
    });
    connect(m_player, &RecordingPlayer::loadFailed, this, &SimulationController::recordingFailed);
    connect(m_player, &RecordingPlayer::statusChanged, this, [this](const WorkerStatus &s) {
        if (!m_recording)
            return;
        m_status = s;
        Q_EMIT statusChanged(s);
    });
    connect(m_worker, &SimulationWorker::parameterResult, this, &SimulationController::parameterResult);
    connect(m_worker, &SimulationWorker::pausedByCaption, this, &SimulationController::pausedByCaption);
    connect(m_worker, &SimulationWorker::forkReady, this, &SimulationController::forkReady);
    connect(m_worker, &SimulationWorker::loadFailed, this, &SimulationController::loadFailed);
    connect(m_worker, &SimulationWorker::statusChanged, this, [this](const WorkerStatus &s) {
        if (m_recording)
            return;
        m_status = s;
        Q_EMIT statusChanged(s);
    });
    m_thread.start();
    m_poll->setTimerType(Qt::PreciseTimer);
    connect(m_poll, &QTimer::timeout, this, &SimulationController::poll);
    m_poll->start(16);
}

SimulationController::~SimulationController()
{
    // A QThread destroyed while running aborts the program. The thread may be inside
    // readPcpArchive() (a large archive, which libpcp cannot be asked to stop reading):
    // closing the window then waits for the read to end rather than crash.
    if (!shutdown())
        m_thread.wait();
}

bool SimulationController::shutdown(int ms)
{
    m_poll->stop();
    if (!m_thread.isRunning())
        return true;
    m_thread.requestInterruption();
    m_thread.quit();
    return m_thread.wait(QDeadlineTimer(ms));
}

template <typename F> void SimulationController::post(F &&f)
{
    QMetaObject::invokeMethod(m_worker, std::forward<F>(f), Qt::QueuedConnection);
}

template <typename F, typename G> void SimulationController::transport(F &&onWorker, G &&onPlayer)
{
    if (m_recording)
        QMetaObject::invokeMethod(m_player, std::forward<G>(onPlayer), Qt::QueuedConnection);
    else
        post(std::forward<F>(onWorker));
}

void SimulationController::load(const wm::Scenario &scenario)
{
    m_recording = false;
    post([w = m_worker, p = m_player, scenario] {
        p->stop();
        w->load(scenario);
    });
}

void SimulationController::loadRecording(const QString &path)
{
    // Read on the worker thread; only once it has loaded does it replace the run (in the same
    // queued call, so no frame of the paused run can follow the recording's first one).
    post([w = m_worker, p = m_player, path] {
        if (!p->load(path))
            return;
        w->pause();
        p->activate();
    });
}

void SimulationController::play()
{
    transport([w = m_worker] { w->play(); }, [p = m_player] { p->play(); });
}

void SimulationController::pause()
{
    transport([w = m_worker] { w->pause(); }, [p = m_player] { p->pause(); });
}

void SimulationController::togglePlay()
{
    transport([w = m_worker] { w->togglePlay(); }, [p = m_player] { p->togglePlay(); });
}

void SimulationController::stepBy(wm::usec_t span)
{
    transport([w = m_worker, span] { w->stepBy(span); }, [p = m_player, span] { p->stepBy(span); });
}

void SimulationController::stepTick()
{
    transport([w = m_worker] { w->stepTick(); }, [p = m_player] { p->stepTick(); });
}

void SimulationController::setSpeed(double speed)
{
    // The player keeps the speed for the next recording; the worker publishes on a speed
    // change, so it is told only while no recording plays (loading a scenario sets it again).
    post([w = m_worker, p = m_player, speed] {
        p->setSpeed(speed);
        if (!p->active())
            w->setSpeed(speed);
    });
}

void SimulationController::reset()
{
    transport([w = m_worker] { w->reset(); }, [p = m_player] { p->reset(); });
}

void SimulationController::setParameter(const QString &key, const QString &value)
{
    post([w = m_worker, key, value] { w->setParameter(key, value); });
}

void SimulationController::requestFork()
{
    post([w = m_worker] { w->requestFork(); });
}

void SimulationController::poll()
{
    if (auto f = m_mailbox->take()) {
        m_status = f->status;
        Q_EMIT frameReady(*f);
    }
}

} // namespace wm::gui
