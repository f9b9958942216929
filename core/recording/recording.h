#pragma once
// A real machine over time: what a Performance Co-Pilot archive holds of its zones, vmstat
// counters and vm sysctls, as one value type that the command line, the window and the
// fit/distance code share (docs/architecture.md, "Recordings"). Qt-free.
//
// Values are stored per sample; a value the sample lacks (the metric was not logged then, an
// instance that appeared later or vanished, a gap) is kMissing. Zone values are in pages,
// converted from PCP's kB with the archive's page size.
#include "mm/constants.h"
#include "scenario/diagnostics.h"
#include "zoneinfo/parser.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wm::recording {

inline constexpr std::int64_t kMissing = std::numeric_limits<std::int64_t>::min();

// The per-zone metrics we read, in the order of ZoneSeries::values. PCP's names are
// mem.zoneinfo.<name>; boost and promo are ours (PCP has neither): wmx.zoneinfo.<name>.
enum class ZoneMetric : std::uint8_t {
    Free,
    Min,
    Low,
    High,
    Managed,
    Present,
    Spanned,
    InactiveFile, // nr_zone_inactive_file
    ActiveFile,
    InactiveAnon,
    ActiveAnon,
    Unevictable,
    WritePending,
    Boost, // wmx.zoneinfo.boost
    Promo, // wmx.zoneinfo.promo
    Count_
};
inline constexpr std::size_t kZoneMetricCount = static_cast<std::size_t>(ZoneMetric::Count_);
// "free", "min", ... "nr_zone_inactive_file", ..., "boost", "promo": the metric's last name component.
const char *zoneMetricName(ZoneMetric m);
// mem.zoneinfo.<name> for PCP's own, wmx.zoneinfo.<name> for boost and promo.
std::string zoneMetricPcpName(ZoneMetric m);

struct ZoneSeries {
    int node = 0;
    std::string zone; // as the kernel prints it: DMA, DMA32, Normal, Movable, HighMem, Device
    std::array<std::vector<std::int64_t>, kZoneMetricCount> values; // [metric][sample], pages
    std::vector<std::vector<std::int64_t>> protection; // [lowmem_reserve index][sample], pages

    std::int64_t at(ZoneMetric m, std::size_t sample) const { return values[static_cast<std::size_t>(m)][sample]; }
    // The last value at or before `sample` that is not missing (kMissing if none).
    std::int64_t lastAt(ZoneMetric m, std::size_t sample) const;
};

// The vm sysctls the watermarks follow. PCP does not log them; `record` writes them as
// wmx.vm.<name>. Per sample, kMissing where unknown.
struct SysctlSeries {
    std::vector<std::int64_t> minFreeKbytes, watermarkScaleFactor, watermarkBoostFactor;
    std::vector<std::vector<std::int64_t>> lowmemReserveRatio; // [zone index in the kernel's order][sample]
};

struct Counter {
    std::vector<std::int64_t> values; // raw, per sample; kMissing where not logged
    bool is32bit = false; // a PM_TYPE_32/U32 counter wraps at 2^32
    bool counterSemantics = true; // PM_SEM_COUNTER (false: an instant value such as nr_free_pages)
};

struct Gap {
    std::size_t beforeSample = 0; // the sample after the gap
    double seconds = 0; // time between the samples on both sides
    bool mark = false; // pmlogger wrote a <mark> record (it stopped and restarted), else a long interval
};

struct Recording {
    std::string source; // the archive as named by the user
    std::string hostname, timezone, kernelRelease;
    std::int64_t pageSize = 4096; // bytes; from hinv.pagesize when logged
    bool pageSizeFromArchive = false;
    std::int64_t startEpochNs = 0; // wall time of the first sample
    std::vector<double> seconds; // per sample: seconds since the first sample
    std::vector<ZoneSeries> zones; // node by node, in the kernel's zone order within a node
    std::map<std::string, Counter> counters; // mem.vmstat.<name> -> <name>
    SysctlSeries sysctls;
    std::vector<Gap> gaps;
    std::vector<std::string> notes; // what the reader met and how it handled it (counter resets, unknown units ...)

    std::size_t samples() const { return seconds.size(); }
    double duration() const { return seconds.empty() ? 0 : seconds.back(); }
    // The median time between samples (0 with fewer than two samples).
    double medianInterval() const;
    const ZoneSeries *zone(int node, const std::string &name) const;
    // Counter increase from sample a to b (a < b), summed over the logged steps between them:
    // a 32-bit counter that goes down wrapped at 2^32; a 64-bit one that goes down was reset
    // (pmcd or the machine restarted) and counts from 0. nullopt when not logged at a or b.
    std::optional<std::int64_t> counterDelta(const std::string &name, std::size_t a, std::size_t b) const;
    bool hasCounter(const std::string &name) const { return counters.count(name) != 0; }
};

// One sample as a parsed /proc/zoneinfo, so the zoneinfo checker can judge its watermarks
// (docs/model.md §1: the watermark rules). Zones missing from the sample are left out; the
// sysctls of the sample, where recorded, go into the header.
ZoneinfoParseResult zoneinfoAt(const Recording &r, std::size_t sample);

// The first sample in which some zone has its managed, free and min pages: where a fitted
// scenario starts (time 0). samples() when there is none.
std::size_t firstCompleteSample(const Recording &r);

struct ReadResult {
    std::optional<Recording> recording;
    std::vector<Diagnostic> errors; // the archive cannot be used
    bool ok() const { return recording.has_value(); }
};

// Limits: a recording is read whole into memory.
inline constexpr std::size_t kMaxSamples = 10'000'000; // ~115 days at 1 s, ~28 h at 10 ms
inline constexpr std::size_t kMaxZones = 4096; // as /proc/zoneinfo (kZoneinfoMaxZones)
inline constexpr std::size_t kMaxValues = 400'000'000; // samples x series: bounds memory (~3.2 GB)

} // namespace wm::recording
