#pragma once
// The simulation's event log: a bounded list of value-type events, with a
// count of what was dropped when the bound was reached. Atomic failures are
// aggregated per tick and zone (count in `a`) so a storm cannot flood it.
#include "scenario/scenario.h"

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace wm {

enum class EventKind : std::uint8_t {
    KswapdWake, // node; a = classzone index
    KswapdSleep, // node; a = 1 if after a nap (balanced), 0 if hopeless
    KswapdHopeless, // node; kswapd_failures reached 16
    Boost, // zone; a = pages added, b = new watermark_boost; reason
    DebounceSuppressed, // zone (or -1 for a global debounce); a = count; reason = the trigger
    AtomicFailure, // zone = preferred zone; a = count; b = order
    WarnAlloc, // zone = preferred zone; a = callbacks suppressed before this message; b = order
    AllocStall, // node, zone (-1 when the node has no zone of the classzone); a = direct reclaim attempts this tick, b =
                // classzone
    Oom, // node; a = pages freed by the kill
    WatermarksRecomputed, // zone = -1; a = min_free_kbytes; b = watermark_scale_factor; reason
    MinFreeKbytesChanged, // a = old, b = new; reason
    ScaleBoostChanged, // zone; a = old, b = new
    ParamChange, // text = "key=value"
    Caption, // text; a = 1 if it pauses
    // Recordings (a PCP archive played in the window): what the samples show.
    WatermarksChanged, // zone; a = change of managed pages since the previous sample; b = new min; text = explanation
    CompactStall, // machine-wide (node, zone -1); a = compact_stall increase between two samples
    RecordingGap, // machine-wide; a = milliseconds without samples; b = 1 after a pmlogger <mark>; text
    Count_
};

// Why a boost or a recompute happened.
enum class EventReason : std::uint8_t {
    None,
    Extfrag, // vanilla boost_watermark() from a fallback steal
    AtomicSlowpath, // a policy's slowpath-entry (proactive) boost
    AtomicFailure, // a policy's fail: label boost
    Sysctl, // a sysctl write (timeline, --set, GUI)
    PolicyDecay, // a policy's decay timer
    Boot,
    Hotplug, // memory hot(un)plug: online_pages() / offline_pages() -> init_per_zone_wmark_min()
    Count_
};

std::string_view eventKindName(EventKind k); // "kswapd_wake", "boost", ...
std::string_view eventReasonName(EventReason r); // "extfrag", "atomic-slowpath", "atomic-failure", ...

struct Event {
    usec_t at = 0;
    EventKind kind = EventKind::Caption;
    EventReason reason = EventReason::None;
    int node = -1;
    int zone = -1; // global zone index (Machine::zones), -1 when not zone-specific
    std::int64_t a = 0;
    std::int64_t b = 0;
    std::string text;
    bool operator==(const Event &) const = default;
};

class EventLog
{
public:
    explicit EventLog(std::size_t capacity = 200'000)
        : m_capacity(capacity)
    {
    }
    void add(Event e);
    // The newest `capacity` events; older ones are dropped (counted).
    const std::deque<Event> &events() const { return m_events; }
    std::int64_t dropped() const { return m_dropped; }
    // Sequence number of events()[0]; event i has sequence firstSeq() + i.
    std::int64_t firstSeq() const { return m_dropped; }
    std::int64_t totalAdded() const { return m_dropped + static_cast<std::int64_t>(m_events.size()); }
    // Counts by kind, including dropped ones (never bounded).
    const std::vector<std::int64_t> &countsByKind() const { return m_counts; }
    std::size_t capacity() const { return m_capacity; }
    // The newest event, to aggregate a storm into one entry (nullptr if none).
    Event *last() { return m_events.empty() ? nullptr : &m_events.back(); }

private:
    std::size_t m_capacity;
    std::deque<Event> m_events;
    std::vector<std::int64_t> m_counts = std::vector<std::int64_t>(static_cast<std::size_t>(EventKind::Count_), 0);
    std::int64_t m_dropped = 0;
};

} // namespace wm
