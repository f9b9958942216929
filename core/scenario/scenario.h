#pragma once
// The scenario: a plain value type describing one simulated machine, its
// sysctls, the policy, the workload and the timeline. Built by the loader
// (scenario/loader.h) or by import-zoneinfo, written back by the writer, and
// handed by value to a Simulation. No YAML types leak out of the loader.
#include "mm/constants.h"
#include "mm/zone_type.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wm {

using usec_t = std::int64_t; // simulated time in microseconds

struct ZoneSpec {
    ZoneType type = ZoneType::Normal;
    pages_t managed = 0; // managed pages at the last setup_per_zone_wmarks()
    pages_t free = -1; // initial free pages; -1 = managed - file - anon - unreclaimable
    pages_t fileLru = 0; // clean page cache on the zone's LRUs (reclaimable by kswapd)
    pages_t anonLru = 0; // anonymous pages (reclaimable only through swap)
    pages_t unreclaimable = 0; // slab, kernel stacks, page tables: never reclaimed
    // Fraction of free memory that sits in blocks large enough for order > 0
    // requests; halves with each order (our model of buddy fragmentation).
    double highOrderFraction = 0.5;
    // Vanilla boost_watermark() trigger: fallback steals per second while
    // unmovable allocations land in this zone (modelled rate, docs/model.md §9.5).
    double extfragFallbackRate = 0.0;
    bool operator==(const ZoneSpec &) const = default;
};

struct NodeSpec {
    std::vector<ZoneSpec> zones; // any subset of the zone types, in kernel order
    bool operator==(const NodeSpec &) const = default;
};

struct Sysctls {
    // vm.min_free_kbytes; nullopt = the boot value (calculate_min_free_kbytes, or
    // the THP recommended value when thp is on, whichever the kernel picks).
    std::optional<std::int64_t> minFreeKbytes;
    bool thp = true; // transparent hugepages enabled: set_recommended_min_free_kbytes() runs
    std::int64_t watermarkScaleFactor = kWatermarkScaleFactorDefault; // [1, 3000]
    std::int64_t watermarkBoostFactor = kWatermarkBoostFactorDefault; // >= 0
    std::array<std::int64_t, kMaxNrZones> lowmemReserveRatio {256, 256, 32, 0, 0};
    bool operator==(const Sysctls &) const = default;
};

struct ReclaimSpec {
    double kswapdFileRate = 1.0e6; // pages/s kswapd can reclaim from clean page cache (docs/model.md §6.5)
    double kswapdAnonRate = 2.0e4; // pages/s through swap
    bool swap = true; // without swap, anon pages are never reclaimed
    double directReclaimUsPerPage = 2.0; // stall cost per page scanned in direct reclaim
    // Pages/s all direct reclaimers of one node can reclaim together (they
    // contend for the same LRU locks); past it, blocking requests wait a tick.
    double directReclaimRate = 250000;
    pages_t oomKillPages = 0; // anon pages an OOM kill frees; 0 = 1% of the machine
    bool operator==(const ReclaimSpec &) const = default;
};

enum class RateKind : std::uint8_t { Constant, Poisson, Bursts, Ramp, Piecewise };

struct RatePoint {
    usec_t at = 0;
    double rate = 0; // requests per second from `at` on
    bool operator==(const RatePoint &) const = default;
};

struct RatePattern {
    RateKind kind = RateKind::Poisson;
    double rate = 0; // Constant / Poisson: requests per second; Bursts: rate between bursts
    // Bursts: every `period`, `burstRate` requests/s for `burstLength` (Poisson arrivals), from `phase`.
    usec_t period = 0;
    usec_t burstLength = 0;
    usec_t phase = 0;
    double burstRate = 0;
    // Ramp: from `rate` at `start` to `rampTo` at `end`, Poisson arrivals.
    double rampTo = 0;
    // Piecewise: Poisson arrivals at the rate of the last point not after now.
    std::vector<RatePoint> points;
    bool operator==(const RatePattern &) const = default;
};

enum class LifetimeKind : std::uint8_t {
    Fixed, // freed after `duration`
    Exponential, // freed after an exponentially distributed time with mean `duration`
    PageCache, // stays on the file LRU until reclaimed
    Anon, // stays on the anon LRU until reclaimed (swap)
    Forever // never freed (leak / pinned)
};

struct Lifetime {
    LifetimeKind kind = LifetimeKind::Fixed;
    usec_t duration = 0;
    bool operator==(const Lifetime &) const = default;
};

struct SourceSpec {
    std::string name;
    std::string gfp = "GFP_KERNEL"; // name as written (GFP_ATOMIC, GFP_NOWAIT, "0x820", "GFP_KERNEL|__GFP_HIGH")
    std::uint32_t gfpMask = 0; // resolved mask (gfp.h)
    int order = 0;
    int node = 0; // preferred node (numa_node_id() of the CPU that allocates)
    // Slab refill shape (mm/slub.c allocate_slab): first try `slabOrder` with
    // __GFP_NOWARN|__GFP_NORETRY, then order `order` with the caller's gfp.
    bool slabRefill = false;
    int slabOrder = 2;
    RatePattern rate;
    Lifetime lifetime;
    usec_t start = 0;
    std::optional<usec_t> stop; // none = until the end
    bool operator==(const SourceSpec &) const = default;
};

enum class TimelineKind : std::uint8_t { Set, Caption };

struct TimelineEntry {
    usec_t at = 0;
    TimelineKind kind = TimelineKind::Caption;
    std::string key; // Set: parameter key (params.h), e.g. "vm.watermark_scale_factor"
    std::string value; // Set: value text as the user wrote it
    std::string text; // Caption: text shown as a banner
    bool pause = false; // Caption: pause the GUI here (lessons: predict, then continue)
    bool operator==(const TimelineEntry &) const = default;
};

struct PolicySpec {
    std::string id = "vanilla";
    std::map<std::string, double> knobs; // policy-specific, validated by the policy registry
    bool operator==(const PolicySpec &) const = default;
};

struct Scenario {
    std::string name;
    std::string description;
    std::vector<NodeSpec> nodes;
    Sysctls sysctls;
    ReclaimSpec reclaim;
    PolicySpec policy;
    std::vector<SourceSpec> sources;
    std::vector<TimelineEntry> timeline; // sorted by `at` (stable)
    usec_t duration = 60'000'000;
    usec_t tick = 1000;
    std::uint64_t seed = 1;
    std::vector<std::uint64_t> seeds; // pinned seeds for compare; empty = 1..N
    std::string sourcePath; // file it came from (not part of equality)
    bool operator==(const Scenario &o) const
    {
        return name == o.name && description == o.description && nodes == o.nodes && sysctls == o.sysctls && reclaim == o.reclaim
            && policy == o.policy && sources == o.sources && timeline == o.timeline && duration == o.duration && tick == o.tick
            && seed == o.seed && seeds == o.seeds;
    }
};

} // namespace wm
