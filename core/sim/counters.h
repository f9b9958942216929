#pragma once
// Counters with the kernel's /proc/vmstat names, and simulator-only metrics
// (prefixed sim_) for what the kernel does not count. Per-zone counters are
// reported machine-wide per zone type (pgalloc_dma32 = sum over nodes).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace wm {

enum class Counter : std::uint8_t {
    // Per zone type in /proc/vmstat (pgalloc_<zone>, allocstall_<zone>).
    Pgalloc,
    Allocstall,
    // Node / machine events, kernel names.
    PgscanKswapd,
    PgstealKswapd,
    PgscanDirect,
    PgstealDirect,
    Pageoutrun,
    KswapdLowWmarkHitQuickly,
    KswapdHighWmarkHitQuickly,
    Pswpout,
    CompactStall,
    // Simulator-only metrics.
    SimAllocRequests,
    SimAllocFailures,
    SimAtomicFailures,
    SimAtomicFailuresOrder0,
    SimHighOrderFailures,
    SimWarnAllocMessages,
    SimWarnAllocSuppressed,
    SimBoostsExtfrag,
    SimBoostsAtomicSlowpath,
    SimBoostsAtomicFailure,
    SimBoostPages,
    SimDebounceSuppressed,
    SimMinFreeKbytesChanges,
    SimWatermarkRecomputes,
    SimScaleBoostChanges,
    SimSlowpathEntries,
    SimDirectReclaimThrottled,
    SimDirectReclaimStallUs,
    SimThrottleWaitUs,
    SimAllocRetryWaitUs,
    SimOomKills,
    SimKswapdWakeups,
    SimKswapdBoostReclaimed,
    SimTimeBelowMinMs,
    SimTimeBelowLowMs,
    SimTimeBelowAtomicFloorMs,
    SimKswapdBusyMs,
    SimHighatomicReserved,
    Count_
};

inline constexpr int kNumCounters = static_cast<int>(Counter::Count_);

struct CounterInfo {
    std::string_view name; // vmstat name, or sim_ metric name
    bool perZoneType; // reported as name_<zone> (pgalloc_normal)
    // Time metrics accumulate microseconds; reported value = raw / divisor (ms).
    std::int64_t divisor = 1;
};

const CounterInfo &counterInfo(Counter c);
inline std::string_view counterName(Counter c)
{
    return counterInfo(c).name;
}
// The value as reported (time metrics in ms).
inline std::int64_t reportedValue(Counter c, std::int64_t raw)
{
    return raw / counterInfo(c).divisor;
}

struct CounterSet {
    std::array<std::int64_t, kNumCounters> v {};
    std::int64_t &operator[](Counter c) { return v[static_cast<std::size_t>(c)]; }
    std::int64_t operator[](Counter c) const { return v[static_cast<std::size_t>(c)]; }
    CounterSet &operator+=(const CounterSet &o)
    {
        for (std::size_t i = 0; i < v.size(); ++i)
            v[i] += o.v[i];
        return *this;
    }
    bool operator==(const CounterSet &) const = default;
};

} // namespace wm
