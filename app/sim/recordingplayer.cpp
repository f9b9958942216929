#include "sim/recordingplayer.h"

#include "recording/pcp_archive.h"
#include "sim/recordingplayback.h"
#include "sim/snapshotmailbox.h"

#include <QFileInfo>
#include <QThread>
#include <QTimer>

#include <algorithm>

namespace wm::gui {

namespace {
constexpr qint64 kSliceNs = 12'000'000;
constexpr qint64 kPublishEveryNs = 25'000'000;
constexpr int kTimerMs = 10;
} // namespace

RecordingPlayer::RecordingPlayer(SnapshotMailbox *mailbox, QObject *parent)
    : QObject(parent)
    , m_mailbox(mailbox)
    , m_timer(new QTimer(this))
{
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &RecordingPlayer::onTimer);
    m_clock.start();
}

RecordingPlayer::~RecordingPlayer() = default;

bool RecordingPlayer::load(const QString &path)
{
    auto result = wm::recording::readPcpArchive(path.toStdString());
    if (!result.ok()) {
        QStringList lines;
        for (const auto &d : result.errors)
            lines << QString::fromStdString(wm::formatDiagnostic(d, {}));
        if (lines.isEmpty())
            lines << tr("%1: not a readable PCP archive").arg(path);
        Q_EMIT loadFailed(path, lines.join(QLatin1Char('\n')));
        return false;
    }
    auto rec = std::make_shared<const wm::recording::Recording>(std::move(*result.recording));
    m_playback = std::make_unique<RecordingPlayback>(rec);
    const QString summary = tr("%1 \u00b7 kernel %2 \u00b7 %3 samples every %4 ms over %5 s")
                                .arg(rec->hostname.empty() ? tr("unknown host") : QString::fromStdString(rec->hostname),
                                    rec->kernelRelease.empty() ? tr("?") : QString::fromStdString(rec->kernelRelease))
                                .arg(rec->samples())
                                .arg(rec->medianInterval() * 1000, 0, 'g', 4)
                                .arg(rec->duration(), 0, 'f', 1);
    Q_EMIT loaded(QFileInfo(path).fileName(), summary);
    return true;
}

void RecordingPlayer::activate()
{
    if (!m_playback)
        return;
    m_active = true;
    m_playback->reset();
    m_unpublished = m_playback->stepSample(); // the first sample: the charts start with something
    m_generation = m_mailbox ? m_mailbox->newGeneration() : m_generation + 1;
    m_status.loaded = true;
    m_status.finished = m_playback->finished();
    m_status.realTimeFactor = 0;
    setRunning(false);
    publishNow();
}

void RecordingPlayer::stop()
{
    m_active = false;
    m_timer->stop();
    m_status.running = false;
}

void RecordingPlayer::reset()
{
    if (m_playback && m_active)
        activate();
}

void RecordingPlayer::play()
{
    if (!m_active || !m_playback || m_playback->finished())
        return;
    setRunning(true);
}

void RecordingPlayer::pause()
{
    if (!m_active)
        return;
    setRunning(false);
    publishNow();
}

void RecordingPlayer::togglePlay()
{
    if (m_status.running)
        pause();
    else
        play();
}

void RecordingPlayer::setRunning(bool running)
{
    if (running && (!m_playback || m_playback->finished()))
        running = false;
    m_status.running = running;
    if (running) {
        rebase();
        m_timer->start(m_status.maxSpeed ? 0 : kTimerMs);
    } else {
        m_timer->stop();
        m_status.realTimeFactor = 0;
    }
    emitStatusIfChanged();
}

void RecordingPlayer::rebase()
{
    m_baseNs = m_clock.nsecsElapsed();
    m_baseSim = m_playback ? m_playback->now() : 0;
}

void RecordingPlayer::setSpeed(double speed)
{
    m_status.maxSpeed = speed <= 0;
    m_status.speed = m_status.maxSpeed ? 0 : std::clamp(speed, 0.01, 100000.0);
    if (!m_active)
        return;
    rebase();
    if (m_status.running)
        m_timer->start(m_status.maxSpeed ? 0 : kTimerMs);
    emitStatusIfChanged();
    publishNow();
}

void RecordingPlayer::stepTick()
{
    if (!m_active || !m_playback)
        return;
    setRunning(false);
    auto ev = m_playback->stepSample();
    m_unpublished.insert(m_unpublished.end(), ev.begin(), ev.end());
    publishNow();
}

void RecordingPlayer::stepBy(wm::usec_t span)
{
    if (!m_active || !m_playback)
        return;
    setRunning(false);
    const std::size_t before = m_playback->current();
    auto ev = m_playback->advanceTo(m_playback->now() + std::max<wm::usec_t>(span, 1));
    m_unpublished.insert(m_unpublished.end(), ev.begin(), ev.end());
    if (m_playback->current() == before) { // the next sample is further away than the step: play it
        ev = m_playback->stepSample();
        m_unpublished.insert(m_unpublished.end(), ev.begin(), ev.end());
    }
    publishNow();
}

void RecordingPlayer::onTimer()
{
    if (!m_active || !m_playback || !m_status.running) {
        m_timer->stop();
        return;
    }
    const qint64 start = m_clock.nsecsElapsed();
    if (m_status.maxSpeed) {
        // As fast as possible: samples until the slice is used up.
        while (!m_playback->finished() && m_clock.nsecsElapsed() - start < kSliceNs) {
            for (int i = 0; i < 64 && !m_playback->finished(); ++i) {
                auto ev = m_playback->stepSample();
                m_unpublished.insert(m_unpublished.end(), ev.begin(), ev.end());
            }
            if (QThread::currentThread()->isInterruptionRequested())
                return;
        }
    } else {
        const auto target = m_baseSim + static_cast<wm::usec_t>(static_cast<double>(start - m_baseNs) / 1000.0 * m_status.speed);
        auto ev = m_playback->advanceTo(target);
        m_unpublished.insert(m_unpublished.end(), ev.begin(), ev.end());
    }
    if (m_playback->finished()) {
        setRunning(false);
        m_status.finished = true;
        publishNow();
        return;
    }
    if (m_clock.nsecsElapsed() - m_lastPublishNs >= kPublishEveryNs)
        publish();
}

void RecordingPlayer::publishNow()
{
    publish();
}

void RecordingPlayer::publish()
{
    if (!m_active || !m_playback || !m_mailbox)
        return;
    m_status.finished = m_playback->finished();
    auto snap = std::make_shared<const wm::Snapshot>(m_playback->snapshot());
    m_mailbox->publish(std::move(snap), std::exchange(m_unpublished, {}), {}, m_status, m_generation);
    m_lastPublishNs = m_clock.nsecsElapsed();
    emitStatusIfChanged();
}

void RecordingPlayer::emitStatusIfChanged()
{
    WorkerStatus s = m_status;
    s.realTimeFactor = 0;
    if (s == m_lastEmitted)
        return;
    m_lastEmitted = s;
    Q_EMIT statusChanged(m_status);
}

} // namespace wm::gui
