#include "sim/simulationworker.h"

#include "sim/scenarioedits.h"
#include "sim/snapshotmailbox.h"

#include <QThread>
#include <QTimer>

#include <algorithm>

namespace wm::gui {

namespace {
constexpr qint64 kSliceNs = 12'000'000; // real time per slice: the event loop stays responsive
constexpr qint64 kPublishEveryNs = 25'000'000; // at most 40 snapshots per second
constexpr int kTimerMs = 10;
} // namespace

SimulationWorker::SimulationWorker(SnapshotMailbox *mailbox, QObject *parent)
    : QObject(parent)
    , m_mailbox(mailbox)
    , m_timer(new QTimer(this))
{
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &SimulationWorker::onTimer);
    m_clock.start();
}

SimulationWorker::~SimulationWorker() = default;

void SimulationWorker::load(const wm::Scenario &scenario)
{
    try {
        auto sim = std::make_unique<wm::Simulation>(scenario);
        m_sim = std::move(sim);
    } catch (const std::exception &e) {
        Q_EMIT loadFailed(QString::fromUtf8(e.what()));
        return;
    }
    m_scenario = scenario;
    m_generation = m_mailbox ? m_mailbox->newGeneration() : m_generation + 1;
    m_publishedSeq = m_sim->events().firstSeq();
    m_status.loaded = true;
    m_status.finished = m_sim->finished();
    m_status.realTimeFactor = 0;
    setRunning(false);
    publishNow();
}

void SimulationWorker::reset()
{
    if (m_sim)
        load(m_scenario);
}

void SimulationWorker::play()
{
    if (!m_sim || m_sim->finished())
        return;
    setRunning(true);
}

void SimulationWorker::pause()
{
    setRunning(false);
    publishNow();
}

void SimulationWorker::togglePlay()
{
    if (m_status.running)
        pause();
    else
        play();
}

void SimulationWorker::setRunning(bool running)
{
    if (running && (!m_sim || m_sim->finished()))
        running = false;
    m_status.running = running;
    if (running) {
        rebase();
        m_rtfNs = m_clock.nsecsElapsed();
        m_rtfSim = m_sim->now();
        m_timer->start(m_status.maxSpeed ? 0 : kTimerMs);
    } else {
        m_timer->stop();
        m_status.realTimeFactor = 0;
    }
    emitStatusIfChanged();
}

void SimulationWorker::rebase()
{
    m_baseNs = m_clock.nsecsElapsed();
    m_baseSim = m_sim ? m_sim->now() : 0;
}

void SimulationWorker::setSpeed(double speed)
{
    m_status.maxSpeed = speed <= 0;
    m_status.speed = m_status.maxSpeed ? 0 : std::clamp(speed, 0.01, 100000.0);
    if (m_sim)
        rebase();
    if (m_status.running)
        m_timer->start(m_status.maxSpeed ? 0 : kTimerMs);
    emitStatusIfChanged();
    publishNow();
}

void SimulationWorker::stepTick()
{
    if (m_sim)
        stepBy(m_sim->scenario().tick);
}

void SimulationWorker::stepBy(wm::usec_t span)
{
    if (!m_sim)
        return;
    setRunning(false);
    const wm::usec_t target = m_sim->now() + std::max<wm::usec_t>(span, 1);
    // Deterministic: exactly the ticks up to target (or a pausing caption).
    do {
        if (!stepOnce())
            break;
    } while (m_sim->now() < target);
    publishNow();
}

bool SimulationWorker::stepOnce()
{
    if (m_sim->finished())
        return false;
    m_sim->step();
    for (const auto &c : m_sim->captionsThisStep()) {
        if (c.pause) {
            Q_EMIT pausedByCaption(QString::fromStdString(c.text));
            return false;
        }
    }
    return !m_sim->finished();
}

bool SimulationWorker::advance(wm::usec_t until, qint64 deadlineNs)
{
    int n = 0;
    while (m_sim->now() < until) {
        if (!stepOnce())
            return false;
        if ((++n & 63) == 0) {
            if (m_clock.nsecsElapsed() >= deadlineNs)
                break;
            if (QThread::currentThread()->isInterruptionRequested())
                return false;
        }
    }
    return true;
}

void SimulationWorker::onTimer()
{
    if (!m_sim || !m_status.running) {
        m_timer->stop();
        return;
    }
    const qint64 start = m_clock.nsecsElapsed();
    bool keepGoing = true;
    if (m_status.maxSpeed) {
        keepGoing = advance(std::numeric_limits<wm::usec_t>::max(), start + kSliceNs);
    } else {
        const auto target = m_baseSim + static_cast<wm::usec_t>(static_cast<double>(start - m_baseNs) / 1000.0 * m_status.speed);
        keepGoing = advance(target, start + kSliceNs);
        // Could not keep up: do not accumulate debt, run as fast as we can instead.
        if (m_sim->now() < target - static_cast<wm::usec_t>(0.2 * 1e6 * m_status.speed))
            rebase();
    }
    const qint64 now = m_clock.nsecsElapsed();
    if (now - m_rtfNs >= 500'000'000) {
        m_status.realTimeFactor = static_cast<double>(m_sim->now() - m_rtfSim) * 1000.0 / static_cast<double>(now - m_rtfNs);
        m_rtfNs = now;
        m_rtfSim = m_sim->now();
    }
    if (!keepGoing) {
        setRunning(false);
        m_status.finished = m_sim->finished();
        publishNow();
        return;
    }
    if (now - m_lastPublishNs >= kPublishEveryNs)
        publish();
}

void SimulationWorker::setParameter(const QString &key, const QString &value)
{
    if (!m_sim) {
        Q_EMIT parameterResult(key, value, false, tr("no scenario loaded"), 0);
        return;
    }
    const std::string err = m_sim->apply(wm::SetCommand {key.toStdString(), value.toStdString()});
    Q_EMIT parameterResult(key, value, err.empty(), QString::fromStdString(err), m_sim->now());
    publishNow();
}

void SimulationWorker::requestFork()
{
    if (!m_sim)
        return;
    Q_EMIT forkReady(scenarioWithEdits(m_scenario, m_sim->appliedCommands()), m_sim->now());
}

void SimulationWorker::publishNow()
{
    publish();
}

void SimulationWorker::publish()
{
    if (!m_sim || !m_mailbox)
        return;
    m_status.finished = m_sim->finished();
    const wm::EventLog &log = m_sim->events();
    std::vector<wm::Event> fresh;
    const std::int64_t first = std::max(m_publishedSeq, log.firstSeq());
    const auto &ev = log.events();
    fresh.reserve(static_cast<std::size_t>(log.totalAdded() - first));
    for (std::int64_t seq = first; seq < log.totalAdded(); ++seq)
        fresh.push_back(ev[static_cast<std::size_t>(seq - log.firstSeq())]);
    m_publishedSeq = log.totalAdded();
    auto snap = std::make_shared<const wm::Snapshot>(m_sim->snapshot(true));
    m_mailbox->publish(std::move(snap), std::move(fresh), m_sim->appliedCommands(), m_status, m_generation);
    m_lastPublishNs = m_clock.nsecsElapsed();
    emitStatusIfChanged();
}

void SimulationWorker::emitStatusIfChanged()
{
    WorkerStatus s = m_status;
    s.realTimeFactor = 0; // changes constantly; travels in the frames instead
    if (s == m_lastEmitted)
        return;
    m_lastEmitted = s;
    Q_EMIT statusChanged(m_status);
}

} // namespace wm::gui
