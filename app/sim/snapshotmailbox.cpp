#include "sim/snapshotmailbox.h"

namespace wm::gui {

void SnapshotMailbox::publish(std::shared_ptr<const wm::Snapshot> snapshot, std::vector<wm::Event> newEvents,
    std::vector<wm::TimelineEntry> applied, const WorkerStatus &status, std::uint64_t generation)
{
    std::lock_guard lock(m_mutex);
    if (generation != m_pending.generation) {
        // A new run: events of the old one are no longer interesting.
        m_pending.events.clear();
        m_pending.eventsDropped = 0;
        m_pending.generation = generation;
    }
    m_pending.snapshot = std::move(snapshot);
    if (m_pending.events.empty())
        m_pending.events = std::move(newEvents);
    else
        m_pending.events.insert(
            m_pending.events.end(), std::make_move_iterator(newEvents.begin()), std::make_move_iterator(newEvents.end()));
    if (m_pending.events.size() > m_maxPending) {
        const auto drop = m_pending.events.size() - m_maxPending;
        m_pending.events.erase(m_pending.events.begin(), m_pending.events.begin() + static_cast<std::ptrdiff_t>(drop));
        m_pending.eventsDropped += static_cast<std::int64_t>(drop);
    }
    m_pending.applied = std::move(applied);
    m_pending.status = status;
    m_fresh = true;
    ++m_version;
}

std::optional<Frame> SnapshotMailbox::take()
{
    std::lock_guard lock(m_mutex);
    if (!m_fresh)
        return std::nullopt;
    Frame f;
    f.snapshot = m_pending.snapshot;
    f.events.swap(m_pending.events);
    f.eventsDropped = m_pending.eventsDropped;
    m_pending.eventsDropped = 0;
    f.applied = m_pending.applied;
    f.status = m_pending.status;
    f.generation = m_pending.generation;
    f.restarted = f.generation != m_takenGeneration;
    m_takenGeneration = f.generation;
    m_fresh = false;
    return f;
}

std::uint64_t SnapshotMailbox::version() const
{
    std::lock_guard lock(m_mutex);
    return m_version;
}

} // namespace wm::gui
