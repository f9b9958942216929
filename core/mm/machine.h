#pragma once
// Runtime state of the simulated machine: nodes (pg_data_t) and their zones
// (struct zone), named after the kernel's fields.
#include "mm/constants.h"
#include "mm/gfp.h"
#include "mm/watermarks.h"
#include "mm/zone_type.h"
#include "scenario/scenario.h"
#include "sim/counters.h"

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

namespace wm {

inline constexpr usec_t kNever = std::numeric_limits<usec_t>::min() / 4;

struct Zone {
    int id = -1; // index in Machine::zones
    int node = 0;
    ZoneType type = ZoneType::Normal;
    pages_t managed = 0;
    pages_t free = 0; // NR_FREE_PAGES
    pages_t fileLru = 0; // reclaimable page cache
    pages_t anonLru = 0; // anon, reclaimable through swap
    pages_t unreclaimable = 0; // slab, kernel: never reclaimed
    std::array<pages_t, 4> watermark {}; // _watermark[]
    pages_t watermarkBoost = 0; // watermark_boost
    LowmemReserve lowmemReserve {}; // lowmem_reserve[]
    pages_t nrReservedHighatomic = 0; // nr_reserved_highatomic
    double highOrderFraction = 0.5;
    double extfragFallbackRate = 0;
    // Fields added by the patch series (v4: mmzone.h), used by policies.
    usec_t lastBoostTime = kNever; // last_boost_jiffies
    std::int64_t watermarkScaleBoost = 0; // watermark_scale_boost (v4)
    CounterSet counters;
    // Simulator bookkeeping: an unmovable allocation landed here this tick (a
    // fallback steal, and so the vanilla boost, is possible), and one of them
    // had ALLOC_KSWAPD (only that one wakes kswapd for the boost).
    bool unmovableAllocThisTick = false;
    bool unmovableAllocKswapdThisTick = false;

    bool populated() const { return managed > 0; }
    // wmark_pages(): _watermark[i] + watermark_boost (include/linux/mmzone.h).
    pages_t wmarkPages(WatermarkIndex i) const { return watermark[static_cast<std::size_t>(i)] + watermarkBoost; }
    pages_t minWmarkPages() const { return wmarkPages(WatermarkIndex::Min); }
    pages_t lowWmarkPages() const { return wmarkPages(WatermarkIndex::Low); }
    pages_t highWmarkPages() const { return wmarkPages(WatermarkIndex::High); }
    // nr_free_highatomic (v6.12): free pages inside reserved highatomic blocks.
    // We model reserved blocks as the last pages to be handed out.
    pages_t nrFreeHighatomic() const { return nrReservedHighatomic < free ? nrReservedHighatomic : free; }
};

enum class KswapdState : std::uint8_t {
    Sleeping, // schedule() on kswapd_wait
    Napping, // kswapd_try_to_sleep(): schedule_timeout(HZ/10)
    Running // inside balance_pgdat()
};

struct Kswapd {
    KswapdState state = KswapdState::Sleeping;
    int highestZoneidx = kMaxNrZones; // kswapd_highest_zoneidx; MAX_NR_ZONES = none requested
    int prevHighestZoneidx = kMaxNrZones; // the last run's, reused when none was requested (MAX_NR_ZONES: the top zone)
    int order = 0; // kswapd_order
    int reclaimOrder = 0; // balance_pgdat()'s sc.order: the run's order until compact_gap() pages are reclaimed
    int failures = 0; // kswapd_failures
    usec_t napUntil = 0;
    bool wokenDuringNap = false;
    // balance_pgdat() state across ticks.
    int reclaimIdx = 0;
    std::array<pages_t, kMaxNrZones> zoneBoosts {}; // snapshot at entry
    pages_t nrBoostReclaim = 0;
    bool boosted = false;
    pages_t reclaimedThisRun = 0;
    int priority = kDefPriority;
    // Simulator bookkeeping: the fractions of a page of reclaim rate not yet
    // spent, carried to the next tick (400 pages/s in 1 ms ticks reclaims a
    // page every 2.5 ticks, not 0 or 1 in every tick).
    double fileCredit = 0, anonCredit = 0;
};

struct Node {
    int id = 0;
    pages_t directReclaimBudget = 0; // pages direct reclaim may still take this tick
    std::array<int, kMaxNrZones> zoneByType {-1, -1, -1, -1, -1}; // index into Machine::zones
    Kswapd kswapd;
    CounterSet counters;
};

struct Machine {
    std::vector<Node> nodes;
    std::vector<Zone> zones; // node-major, kernel zone order inside a node
    const Zone *zoneAt(int node, ZoneType t) const
    {
        const int i = nodes[static_cast<std::size_t>(node)].zoneByType[static_cast<std::size_t>(zoneIndex(t))];
        return i < 0 ? nullptr : &zones[static_cast<std::size_t>(i)];
    }
};

} // namespace wm
