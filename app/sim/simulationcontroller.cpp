#include "sim/simulationcontroller.h"

#include "sim/simulationworker.h"
#include "sim/snapshotmailbox.h"

#include <QTimer>

namespace wm::gui {

SimulationController::SimulationController(QObject *parent)
    : QObject(parent)
    , m_mailbox(std::make_unique<SnapshotMailbox>())
    , m_worker(new SimulationWorker(m_mailbox.get()))
    , m_poll(new QTimer(this))
{
    m_thread.setObjectName(QStringLiteral("simulation"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SimulationWorker::parameterResult, this, &SimulationController::parameterResult);
    connect(m_worker, &SimulationWorker::pausedByCaption, this, &SimulationController::pausedByCaption);
    connect(m_worker, &SimulationWorker::forkReady, this, &SimulationController::forkReady);
    connect(m_worker, &SimulationWorker::loadFailed, this, &SimulationController::loadFailed);
    connect(m_worker, &SimulationWorker::statusChanged, this, [this](const WorkerStatus &s) {
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
    shutdown();
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

void SimulationController::load(const wm::Scenario &scenario)
{
    post([w = m_worker, scenario] { w->load(scenario); });
}

void SimulationController::play()
{
    post([w = m_worker] { w->play(); });
}

void SimulationController::pause()
{
    post([w = m_worker] { w->pause(); });
}

void SimulationController::togglePlay()
{
    post([w = m_worker] { w->togglePlay(); });
}

void SimulationController::stepBy(wm::usec_t span)
{
    post([w = m_worker, span] { w->stepBy(span); });
}

void SimulationController::stepTick()
{
    post([w = m_worker] { w->stepTick(); });
}

void SimulationController::setSpeed(double speed)
{
    post([w = m_worker, speed] { w->setSpeed(speed); });
}

void SimulationController::reset()
{
    post([w = m_worker] { w->reset(); });
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
