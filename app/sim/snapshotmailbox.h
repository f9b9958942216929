#pragma once
// Latest-value hand-over from the simulation worker to the GUI timer
// (docs/architecture.md §6): the snapshot is replaced, events accumulate until taken.
#include "sim/frame.h"

#include <atomic>
#include <mutex>
#include <optional>

namespace wm::gui {

class SnapshotMailbox
{
public:
    explicit SnapshotMailbox(std::size_t maxPendingEvents = 500'000)
        : m_maxPending(maxPendingEvents)
    {
    }

    void publish(std::shared_ptr<const wm::Snapshot> snapshot, std::vector<wm::Event> newEvents,
        std::vector<wm::TimelineEntry> applied, const WorkerStatus &status, std::uint64_t generation);
    // The newest frame if anything changed since the last take.
    std::optional<Frame> take();
    std::uint64_t version() const;
    // A generation number no publisher of this mailbox has used: the simulation worker
    // and the recording player share the mailbox, and each load must read as a restart.
    std::uint64_t newGeneration() { return m_nextGeneration.fetch_add(1) + 1; }

private:
    mutable std::mutex m_mutex;
    Frame m_pending;
    bool m_fresh = false;
    std::uint64_t m_version = 0;
    std::uint64_t m_takenGeneration = 0;
    std::size_t m_maxPending;
    std::atomic<std::uint64_t> m_nextGeneration {0};
};

} // namespace wm::gui
