#pragma once
// Value types handed from the simulation (worker thread) to its observers
// (GUI thread, CLI). Nothing here points into the simulation.
#include "mm/machine.h"
#include "sim/counters.h"
#include "sim/events.h"
#include "sim/recorder.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace wm {

struct ZoneState {
    int id = -1;
    int node = 0;
    ZoneType type = ZoneType::Normal;
    pages_t managed = 0, free = 0, fileLru = 0, anonLru = 0, unreclaimable = 0;
    std::array<pages_t, 4> watermark {}; // unboosted _watermark[] (min, low, high, promo)
    pages_t boost = 0;
    LowmemReserve lowmemReserve {};
    pages_t nrReservedHighatomic = 0;
    std::int64_t watermarkScaleBoost = 0;
    pages_t atomicFloor = 0; // order-0 GFP_ATOMIC threshold incl. lowmem_reserve[Normal] (free must exceed it)
    CounterSet counters;
    pages_t min() const { return watermark[0] + boost; }
    pages_t low() const { return watermark[1] + boost; }
    pages_t high() const { return watermark[2] + boost; }
    bool operator==(const ZoneState &) const = default;
};

struct NodeState {
    int id = 0;
    KswapdState kswapd = KswapdState::Sleeping;
    int kswapdFailures = 0;
    CounterSet counters;
    bool operator==(const NodeState &) const = default;
};

struct KernelTunables {
    std::int64_t minFreeKbytes = 0;
    std::int64_t userMinFreeKbytes = -1;
    std::int64_t bootMinFreeKbytes = 0;
    std::int64_t watermarkScaleFactor = 10;
    std::int64_t watermarkBoostFactor = 15000;
    std::array<std::int64_t, kMaxNrZones> lowmemReserveRatio {};
    bool operator==(const KernelTunables &) const = default;
};

// A counter of a recording by its /proc/vmstat name (mem.vmstat.<name>), at one sample.
struct NamedCounterValue {
    std::string name;
    bool known = false; // logged at this sample
    std::int64_t value = 0; // raw, as the kernel printed it
    std::int64_t increase = 0; // since the first sample (wraps and resets handled); an instant value's change
    double rate = 0; // per second over the last interval between samples
    bool counter = true; // PM_SEM_COUNTER; false for an instant value such as nr_free_pages
};

// The zoneinfo checker's verdict on one zone's recorded watermarks at one sample.
struct RecordedZoneCheck {
    int zone = -1; // ZoneState::id
    std::string verdict; // "exact", "drift", "boost", "legacy-formula", "mismatch"
    std::string explanation;
    std::int64_t computedMin = 0, computedLow = 0, computedHigh = 0;
    std::string sysctlSource; // where min_free_kbytes / watermark_scale_factor came from
};

// What a snapshot made from a recording carries beyond a simulated one.
struct RecordedSample {
    std::string source; // the archive
    std::string hostname, kernelRelease;
    std::size_t sample = 0, samples = 0;
    double seconds = 0; // of this sample, since the first
    std::int64_t startEpochNs = 0;
    std::vector<NamedCounterValue> counters; // every mem.vmstat counter of the archive, by name
    std::vector<RecordedZoneCheck> checks;
};

struct Snapshot {
    usec_t now = 0;
    usec_t duration = 0;
    usec_t tick = 1000;
    std::uint64_t seed = 0;
    std::string policy;
    bool finished = false;
    KernelTunables tunables;
    std::vector<ZoneState> zones;
    std::vector<NodeState> nodes;
    CounterSet counters; // machine-wide
    // allocstall_<type> for classzones a node had no zone of (see
    // Kernel::countAllocstall()); zoneTypeCounter() adds it in.
    std::array<std::int64_t, kMaxNrZones> allocstallNoZone {};
    std::vector<ZoneSeries> series; // decimated history, one per zone
    std::int64_t eventsTotal = 0; // sequence number after the newest event
    // Set when the data is a recording played back (app/sim/recordingplayer.h), else null.
    std::shared_ptr<const RecordedSample> recorded;
};

// A per-zone-type counter as /proc/vmstat prints it (pgalloc_normal,
// allocstall_movable): the sum over every node's zone of that type, plus what
// was counted for the type on nodes without such a zone. Raw (unscaled) value.
inline std::int64_t zoneTypeCounter(const Snapshot &s, Counter c, ZoneType type)
{
    std::int64_t sum = 0;
    for (const auto &z : s.zones)
        if (z.type == type)
            sum += z.counters[c];
    if (c == Counter::Allocstall)
        sum += s.allocstallNoZone[static_cast<std::size_t>(zoneIndex(type))];
    return sum;
}

} // namespace wm
