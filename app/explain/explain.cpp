#include "explain/explain.h"

#include "mm/zone_type.h"

#include <QCoreApplication>

#include <array>
#include <string>
#include <utility>

namespace wm::gui {

namespace {

struct Entry {
    std::string_view key;
    const char *text;
};

// Counters (core/sim/counters.cpp table), kernel vmstat names first.
constexpr std::array kCounters {
    Entry {"pgalloc",
        "Pages allocated from this zone type (order-n requests count 2^n pages). __count_zid_vm_events(PGALLOC) in rmqueue(), "
        "mm/page_alloc.c."},
    Entry {"allocstall",
        "Direct reclaim entries: a blocking allocation had to reclaim memory itself before it could proceed. Counted in the "
        "request's classzone (gfp_zone()), present or not: page cache and anon faults count in allocstall_movable. "
        "do_try_to_free_pages() via try_to_free_pages(), mm/vmscan.c."},
    Entry {"pgscan_kswapd", "Pages scanned by kswapd on the LRU lists. shrink_inactive_list(), mm/vmscan.c."},
    Entry {"pgsteal_kswapd", "Pages kswapd actually reclaimed (freed). shrink_inactive_list(), mm/vmscan.c."},
    Entry {"pgscan_direct", "Pages scanned by allocating tasks in direct reclaim. shrink_inactive_list(), mm/vmscan.c."},
    Entry {"pgsteal_direct", "Pages reclaimed by allocating tasks in direct reclaim. shrink_inactive_list(), mm/vmscan.c."},
    Entry {"pageoutrun", "kswapd reclaim passes (one per balance_pgdat() run). balance_pgdat(), mm/vmscan.c."},
    Entry {"kswapd_low_wmark_hit_quickly",
        "kswapd was woken again during its 100 ms nap after balancing: free pages fell below low quickly. "
        "kswapd_try_to_sleep(), mm/vmscan.c."},
    Entry {"kswapd_high_wmark_hit_quickly",
        "kswapd's 100 ms nap ran out but the node was no longer balanced (free fell below high during the nap), so it went "
        "back to reclaim instead of sleeping. kswapd_try_to_sleep(), mm/vmscan.c."},
    Entry {"pswpout", "Pages written to swap to reclaim anonymous memory. swap_writepage(), mm/page_io.c."},
    Entry {"compact_stall",
        "Allocations that stalled in direct compaction for a high-order page (__alloc_pages_direct_compact(), "
        "mm/page_alloc.c). Always 0 here: the simulator does not model compaction; free high-order blocks come from "
        "each zone's high_order_fraction."},
    Entry {"sim_alloc_requests", "Simulator-only: allocation requests issued by all workload sources."},
    Entry {"sim_alloc_failures",
        "Simulator-only: requests that returned NULL from the allocator (any gfp class). __alloc_pages_slowpath() 'nopage:' "
        "label."},
    Entry {"sim_atomic_failures",
        "Simulator-only: GFP_ATOMIC requests that failed because free pages were below their floor (~3/8 of min). The kernel "
        "only logs these via warn_alloc()."},
    Entry {
        "sim_atomic_failures_order0", "Simulator-only: order-0 GFP_ATOMIC failures, the case the atomic-boost patches target."},
    Entry {"sim_high_order_failures", "Simulator-only: failed requests of order > 0 (fragmentation or the highatomic reserve)."},
    Entry {"sim_warn_alloc_messages",
        "Simulator-only: 'page allocation failure' messages printed; warn_alloc() is ratelimited to one per 10 s (nopage_rs). "
        "mm/page_alloc.c."},
    Entry {"sim_warn_alloc_suppressed",
        "Simulator-only: warn_alloc() messages dropped by the ratelimit (the 'callbacks suppressed' count)."},
    Entry {"sim_boosts_extfrag",
        "Simulator-only: watermark boosts caused by a fragmenting fallback (vanilla boost_watermark() from "
        "steal_suitable_fallback())."},
    Entry {"sim_boosts_atomic_slowpath",
        "Simulator-only: boosts a policy made when a GFP_ATOMIC request entered the slowpath (v4, v5, v10)."},
    Entry {"sim_boosts_atomic_failure",
        "Simulator-only: boosts a policy made at the 'fail:' label after a GFP_ATOMIC failure (v3, v4, v5; v1 and v2 raise "
        "min_free_kbytes instead)."},
    Entry {"sim_boost_pages", "Simulator-only: total pages added to watermark_boost by all boosts."},
    Entry {"sim_debounce_suppressed",
        "Simulator-only: boosts a policy skipped because its debounce window (1 s or 10 s) had not expired."},
    Entry {"sim_min_free_kbytes_changes",
        "Simulator-only: changes of vm.min_free_kbytes (sysctl writes, or the v1/v2 auto-tuning)."},
    Entry {
        "sim_watermark_recomputes", "Simulator-only: runs of __setup_per_zone_wmarks(), which also reset every watermark_boost."},
    Entry {"sim_scale_boost_changes",
        "Simulator-only: changes of v4's per-zone watermark_scale_boost (raised on failure, decayed per kswapd cycle)."},
    Entry {"sim_slowpath_entries",
        "Simulator-only: allocations that missed the low watermark on the fast path and entered __alloc_pages_slowpath()."},
    Entry {"sim_direct_reclaim_throttled",
        "Simulator-only: direct reclaimers throttled because free pages were below half the summed min "
        "(throttle_direct_reclaim(), mm/vmscan.c), or made to wait for the next tick's direct-reclaim capacity "
        "(reclaim.direct_reclaim_rate). Each request counts once per wait."},
    Entry {"sim_direct_reclaim_stall_us",
        "Simulator-only: microseconds spent reclaiming in direct reclaim (reclaim.direct_reclaim_cost per page, "
        "32 pages a try), summed over the requests that did it."},
    Entry {"sim_alloc_retry_wait_us",
        "Simulator-only: request-microseconds spent waiting to go round the slowpath again after the OOM step: for an "
        "OOM victim to exit (one kill per tick), a GFP_NOFS request out_of_memory() cannot help, or a __GFP_NOFAIL "
        "request (__alloc_pages_slowpath(), mm/page_alloc.c)."},
    Entry {"sim_throttle_wait_us",
        "Simulator-only: request-microseconds asleep in throttle_direct_reclaim() (mm/vmscan.c) or waiting for the next "
        "tick's direct-reclaim capacity, summed over the waiting requests, so it can exceed the run's length when many wait "
        "at once."},
    Entry {"sim_oom_kills",
        "Simulator-only: OOM kills (nothing reclaimable was left for a blocking request). out_of_memory(), mm/oom_kill.c."},
    Entry {"sim_kswapd_wakeups",
        "Simulator-only: kswapd wakeups: wakeup_kswapd() found the node unbalanced or a zone boosted, or "
        "throttle_direct_reclaim() woke it. mm/vmscan.c."},
    Entry {"sim_kswapd_boost_reclaimed",
        "Simulator-only: pages kswapd reclaimed to satisfy a watermark boost (no swap, no writeback). balance_pgdat(), "
        "mm/vmscan.c."},
    Entry {"sim_time_below_min_ms",
        "Simulator-only: milliseconds free pages spent below the min watermark (only __GFP_HIGH/atomic requests succeed there)."},
    Entry {"sim_time_below_low_ms",
        "Simulator-only: milliseconds free pages spent below the low watermark (kswapd awake, slowpath for everyone)."},
    Entry {"sim_time_below_atomic_floor_ms",
        "Simulator-only: milliseconds at the GFP_ATOMIC floor: ticks in which order-0 atomic requests failed, "
        "or that ended with every lowmem zone at or below its floor (a short dip that kswapd lifts within "
        "the tick still counts)."},
    Entry {"sim_kswapd_busy_ms", "Simulator-only: milliseconds kswapd spent reclaiming in balance_pgdat()."},
    Entry {"sim_highatomic_reserved",
        "Simulator-only: pageblocks converted to MIGRATE_HIGHATOMIC (reserve_highatomic_pageblock(), mm/page_alloc.c); "
        "it only grows. The reserve a zone holds now, after unreserve_highatomic_pageblock(), is its "
        "nr_reserved_highatomic."},
};

const char *lookup(std::string_view name)
{
    for (const auto &e : kCounters)
        if (e.key == name)
            return e.text;
    return nullptr;
}

QString tr(const char *s)
{
    return QCoreApplication::translate("wm::explain", s);
}

} // namespace

QString explainCounter(std::string_view name)
{
    if (const char *t = lookup(name))
        return tr(t);
    // Per-zone-type names: strip the zone suffix (pgalloc_normal -> pgalloc).
    for (int i = 0; i < wm::kMaxNrZones; ++i) {
        const std::string suffix = "_" + wm::zoneCounterSuffix(wm::zoneTypeFromIndex(i));
        if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix) {
            if (const char *t = lookup(name.substr(0, name.size() - suffix.size())))
                return tr(t);
        }
    }
    return {};
}

QString explainReason(wm::EventReason reason)
{
    switch (reason) {
    case wm::EventReason::Extfrag:
        return tr("fragmentation: an allocation stole a pageblock of another migratetype (boost_watermark() from "
                  "steal_suitable_fallback())");
    case wm::EventReason::AtomicSlowpath:
        return tr("a GFP_ATOMIC request entered the slowpath (the policy's proactive boost)");
    case wm::EventReason::AtomicFailure:
        return tr("a GFP_ATOMIC request failed (the policy's boost at the 'fail:' label)");
    case wm::EventReason::Sysctl:
        return tr("a sysctl write");
    case wm::EventReason::PolicyDecay:
        return tr("the policy's decay timer");
    case wm::EventReason::Boot:
        return tr("boot-time setup");
    case wm::EventReason::Hotplug:
        return tr("memory hot(un)plug: online_pages()/offline_pages() ran init_per_zone_wmark_min()");
    case wm::EventReason::None:
    case wm::EventReason::Count_:
        break;
    }
    return {};
}

QString explainEvent(wm::EventKind kind, wm::EventReason reason)
{
    QString s;
    switch (kind) {
    case wm::EventKind::KswapdWake:
        s = tr("kswapd woke: an allocation missed the low watermark and wakeup_kswapd() found the node unbalanced, or a zone's "
               "watermark boosted, or throttle_direct_reclaim() woke it (mm/vmscan.c).");
        break;
    case wm::EventKind::KswapdSleep:
        s = tr("kswapd went to sleep: a zone was above high after the 100 ms nap (pgdat_balanced(), kswapd_try_to_sleep() in "
               "mm/vmscan.c).");
        break;
    case wm::EventKind::KswapdHopeless:
        s = tr(
            "kswapd gave up: 16 balance_pgdat() runs reclaimed nothing (kswapd_failures >= MAX_RECLAIM_RETRIES, mm/vmscan.c).");
        break;
    case wm::EventKind::Boost:
        s = tr("Watermark boost: watermark_boost was raised, lifting min/low/high so kswapd reclaims extra pages "
               "(boost_watermark(), mm/page_alloc.c).");
        break;
    case wm::EventKind::DebounceSuppressed:
        s = tr("Boost suppressed: the policy's debounce window had not expired since the last boost of this zone.");
        break;
    case wm::EventKind::AtomicFailure:
        s = tr("GFP_ATOMIC allocation failed: free pages were below the atomic floor (__zone_watermark_ok() with "
               "ALLOC_MIN_RESERVE|ALLOC_NON_BLOCK, mm/page_alloc.c).");
        break;
    case wm::EventKind::WarnAlloc:
        s = tr("'page allocation failure' printed by warn_alloc() (ratelimited: one message per 10 s, the rest counted as "
               "'callbacks suppressed').");
        break;
    case wm::EventKind::AllocStall:
        s = tr("Direct reclaim: a blocking allocation reclaimed pages itself (__alloc_pages_direct_reclaim(), counted as "
               "allocstall_<zone> of the request's classzone: allocstall_movable for user pages).");
        break;
    case wm::EventKind::Oom:
        s = tr("OOM kill: nothing was left to reclaim for a blocking request (out_of_memory(), mm/oom_kill.c).");
        break;
    case wm::EventKind::WatermarksRecomputed:
        s = tr("Watermarks recomputed from min_free_kbytes and watermark_scale_factor; every boost is reset "
               "(__setup_per_zone_wmarks(), mm/page_alloc.c).");
        break;
    case wm::EventKind::MinFreeKbytesChanged:
        s = tr("vm.min_free_kbytes changed (min_free_kbytes_sysctl_handler() or a policy's auto-tuning), then watermarks are "
               "recomputed.");
        break;
    case wm::EventKind::ScaleBoostChanged:
        s = tr("v4's watermark_scale_boost changed: it widens the low/high step of this zone in __setup_per_zone_wmarks().");
        break;
    case wm::EventKind::ParamChange:
        s = tr("A parameter was changed during the run (applied at a tick boundary and saved to the scenario's timeline).");
        break;
    case wm::EventKind::Caption:
        s = tr("A caption from the scenario's timeline.");
        break;
    case wm::EventKind::WatermarksChanged:
        s = tr("The recorded min/low/high of this zone changed between two samples: with managed pages changing (memory "
               "hotplug, deferred page init, ballooning) __setup_per_zone_wmarks() recomputed them; without, a sysctl write "
               "(min_free_kbytes, watermark_scale_factor) or a watermark boost (boost_watermark(), mm/page_alloc.c).");
        break;
    case wm::EventKind::CompactStall:
        s = tr("Direct compaction: an allocation compacted memory itself (compact_stall, __alloc_pages_direct_compact(), "
               "mm/page_alloc.c).");
        break;
    case wm::EventKind::RecordingGap:
        s = tr("The recording has no samples here: pmlogger stopped and restarted (a <mark> record) or an interval was much "
               "longer than the others.");
        break;
    case wm::EventKind::Count_:
        break;
    }
    const QString r = explainReason(reason);
    if (!r.isEmpty()
        && (kind == wm::EventKind::Boost || kind == wm::EventKind::DebounceSuppressed
            || kind == wm::EventKind::WatermarksRecomputed || kind == wm::EventKind::MinFreeKbytesChanged))
        s += QLatin1Char(' ') + tr("Trigger: ") + r + QLatin1Char('.');
    return s;
}

QString explainParam(std::string_view key)
{
    static constexpr std::array kParams {
        Entry {"vm.min_free_kbytes",
            "Memory kept free for emergencies, split over the lowmem zones by managed size: pages_min = min_free_kbytes/4. "
            "__setup_per_zone_wmarks(), mm/page_alloc.c."},
        Entry {"vm.watermark_scale_factor",
            "Distance between min, low and high in 1/10000 of the zone's managed pages (step = max(min/4, managed*wsf/10000)). "
            "__setup_per_zone_wmarks()."},
        Entry {"vm.watermark_boost_factor",
            "Cap of a fragmentation boost in 1/10000 of the high watermark (0 disables boosting). boost_watermark(), "
            "mm/page_alloc.c."},
        Entry {"vm.lowmem_reserve_ratio",
            "Per zone type: how much of a lower zone is protected from allocations that could use a higher zone (managed of "
            "upper zones / ratio). setup_per_zone_lowmem_reserve()."},
        Entry {"policy",
            "Which kernel behaviour runs: the stock kernel, a version of the atomic-boost patch series, or a static tuning."},
    };
    for (const auto &e : kParams)
        if (e.key == key)
            return tr(e.text);
    if (key.starts_with("policy."))
        return tr(
            "A knob of the current policy: a value the patch hard-codes or leaves open; the default is the documented guess.");
    if (key.starts_with("workload."))
        return tr(
            "A knob of one workload source (rate, burst shape, lifetime); it changes what is allocated from the next tick on.");
    if (key.starts_with("reclaim."))
        return tr(
            "How fast reclaim can free pages (kswapd rates, swap, direct reclaim cost): the model of shrink_node() throughput.");
    return {};
}

QString explainWatermarkLine(WatermarkLine line)
{
    switch (line) {
    case WatermarkLine::Free:
        return tr("Free pages in the zone (NR_FREE_PAGES).");
    case WatermarkLine::Min:
        return tr("min (+boost): below it only __GFP_HIGH/atomic and reclaim-capable requests get pages; blocking requests "
                  "reclaim directly. __zone_watermark_ok().");
    case WatermarkLine::Low:
        return tr("low (+boost): the fast path needs free above low; below it allocations wake kswapd. get_page_from_freelist(), "
                  "wakeup_kswapd().");
    case WatermarkLine::High:
        return tr(
            "high (+boost): kswapd reclaims until a zone is above high, then naps and sleeps. pgdat_balanced(), mm/vmscan.c.");
    case WatermarkLine::MinUnboosted:
        return tr("min without the boost (_watermark[WMARK_MIN]): order-0 atomic requests ignore the boost at the min check. "
                  "zone_watermark_fast().");
    case WatermarkLine::AtomicFloor:
        return tr("GFP_ATOMIC floor: min - min/2 (ALLOC_MIN_RESERVE) - a quarter of the rest (ALLOC_NON_BLOCK) = 3/8 min, + "
                  "lowmem_reserve. __zone_watermark_ok().");
    case WatermarkLine::Boost:
        return tr("watermark_boost: added to min/low/high after fragmentation or (with a patch) an atomic failure; kswapd "
                  "reclaims it and clears it. boost_watermark().");
    case WatermarkLine::LowmemReserve:
        return tr("lowmem_reserve: extra free pages a lower zone keeps from allocations that could have used a higher zone. "
                  "setup_per_zone_lowmem_reserve().");
    case WatermarkLine::KswapdAwake:
        return tr("Shaded: kswapd of this node is awake (from wakeup_kswapd() until it sleeps in kswapd_try_to_sleep()).");
    }
    return {};
}

} // namespace wm::gui
