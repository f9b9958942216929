#include "sim/counters.h"

namespace wm {

namespace {
constexpr std::array<CounterInfo, kNumCounters> kInfo {{
    {"pgalloc", true},
    {"allocstall", true},
    {"pgscan_kswapd", false},
    {"pgsteal_kswapd", false},
    {"pgscan_direct", false},
    {"pgsteal_direct", false},
    {"pageoutrun", false},
    {"kswapd_low_wmark_hit_quickly", false},
    {"kswapd_high_wmark_hit_quickly", false},
    {"pswpout", false},
    {"compact_stall", false},
    {"sim_alloc_requests", false},
    {"sim_alloc_failures", false},
    {"sim_atomic_failures", false},
    {"sim_atomic_failures_order0", false},
    {"sim_high_order_failures", false},
    {"sim_warn_alloc_messages", false},
    {"sim_warn_alloc_suppressed", false},
    {"sim_boosts_extfrag", false},
    {"sim_boosts_atomic_slowpath", false},
    {"sim_boosts_atomic_failure", false},
    {"sim_boost_pages", false},
    {"sim_debounce_suppressed", false},
    {"sim_min_free_kbytes_changes", false},
    {"sim_watermark_recomputes", false},
    {"sim_scale_boost_changes", false},
    {"sim_slowpath_entries", false},
    {"sim_direct_reclaim_throttled", false},
    {"sim_direct_reclaim_stall_us", false},
    {"sim_throttle_wait_us", false},
    {"sim_alloc_retry_wait_us", false},
    {"sim_oom_kills", false},
    {"sim_kswapd_wakeups", false},
    {"sim_kswapd_boost_reclaimed", false},
    {"sim_time_below_min_ms", false, 1000},
    {"sim_time_below_low_ms", false, 1000},
    {"sim_time_below_atomic_floor_ms", false, 1000},
    {"sim_kswapd_busy_ms", false, 1000},
    {"sim_highatomic_reserved", false},
}};
} // namespace

const CounterInfo &counterInfo(Counter c)
{
    return kInfo[static_cast<std::size_t>(c)];
}

} // namespace wm
