#include "sim/events.h"

#include <array>

namespace wm {

std::string_view eventKindName(EventKind k)
{
    static constexpr std::array<std::string_view, static_cast<std::size_t>(EventKind::Count_)> names {"kswapd_wake",
        "kswapd_sleep", "kswapd_hopeless", "boost", "debounce_suppressed", "atomic_failure", "warn_alloc", "allocstall", "oom",
        "watermarks_recomputed", "min_free_kbytes_changed", "scale_boost_changed", "param_change", "caption",
        "watermarks_changed", "compact_stall", "recording_gap"};
    return names[static_cast<std::size_t>(k)];
}

std::string_view eventReasonName(EventReason r)
{
    static constexpr std::array<std::string_view, static_cast<std::size_t>(EventReason::Count_)> names {
        "", "extfrag", "atomic-slowpath", "atomic-failure", "sysctl", "policy-decay", "boot", "hotplug"};
    return names[static_cast<std::size_t>(r)];
}

void EventLog::add(Event e)
{
    ++m_counts[static_cast<std::size_t>(e.kind)];
    // Keep the newest events (what the live GUI shows); counts by kind stay exact.
    if (m_events.size() >= m_capacity) {
        m_events.pop_front();
        ++m_dropped;
    }
    m_events.push_back(std::move(e));
}

} // namespace wm
