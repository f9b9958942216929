#pragma once
// Builds a Scenario that reproduces the machine of a /proc/zoneinfo file
// (`watermark-explorer import-zoneinfo`).
//
// - Every node and every populated zone (managed > 0), with managed, free, the
//   file and anon LRU sizes where printed, and unreclaimable = managed - free -
//   file - anon (clamped at 0). Zones with managed 0 (empty Movable, Device, the
//   DMA32/Normal of an all-DMA arm64 node) are left out: they change no other
//   zone's watermarks. Nodes without any populated zone are dropped and the rest
//   renumbered densely (noted in the description).
// - Sysctls as the checker resolves them (flags > header > /proc > defaults), with
//   min_free_kbytes explicit, so the scenario's initial watermarks equal the ones
//   `watermark-explorer zoneinfo FILE` computes. thp = true.
// - A default, editable workload: a page-cache reader on node 0 and bursts of
//   GFP_ATOMIC skb slab refills sized from node 0's Normal zone (DMA32, then any
//   zone, when there is no Normal). 60 s.
#include "scenario/scenario.h"
#include "zoneinfo/checker.h"
#include "zoneinfo/parser.h"

#include <string>
#include <vector>

namespace wm {

struct ZoneinfoImportResult {
    std::optional<Scenario> scenario;
    std::vector<Diagnostic> errors;
    std::vector<std::string> notes; // what was dropped or adjusted, in words
    ZoneinfoSysctls sysctls; // what the scenario's sysctls came from
    bool ok() const { return scenario.has_value() && errors.empty(); }
};

// `parsed` must be ok(); otherwise its errors are returned.
ZoneinfoImportResult importZoneinfo(const ZoneinfoParseResult &parsed, const ZoneinfoCheckOptions &options = {});

// Workload sizing (documented in the scenario description):
inline constexpr double kImportBurstSeconds = 0.2; // one skb burst lasts 200 ms ...
inline constexpr usec_t kImportBurstPeriod = 10'000'000; // ... every 10 s, the first at 5 s
inline constexpr usec_t kImportBurstPhase = 5'000'000;
inline constexpr int kImportSlabOrder = 2; // slab_refill order 2 = 4 pages a refill
// The page-cache reader reads 0.1% of node 0's managed pages per second (at least 100 pages/s).
inline constexpr double kImportReaderFractionPerSecond = 0.001;

} // namespace wm
