#pragma once
// Parser for real /proc/zoneinfo text (mm/vmstat.c zoneinfo_show_print()).
//
// Reads every "Node N, zone NAME" block of every node and keeps the numbers the
// watermark checker and the importer need. Tolerates "per-node stats" sections,
// pagesets and cpu lines, elided samples ("[...]", "..."), missing optional lines
// and kernels that do not print `boost` (5.0/5.1) or `promo` (before 6.x).
// Lines starting with '#' are comments; they may carry sysctls as
// "# /proc/sys/vm/min_free_kbytes: 67584" (or "# vm.min_free_kbytes = 67584").
//
// Never throws and never crashes on any input; problems are reported as
// diagnostics with a 1-based line and column.
#include "mm/constants.h"
#include "mm/zone_type.h"
#include "scenario/diagnostics.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wm {

struct ZoneinfoZone {
    int node = 0;
    std::string name; // as printed: "DMA", "DMA32", "Normal", "HighMem", "Movable", "Device"
    std::optional<ZoneType> type; // nullopt for ZONE_DEVICE (not modelled by the simulator)
    int line = 0; // line of the "Node N, zone NAME" header
    bool elided = false; // the block contains "[...]" / "..." markers

    std::optional<pages_t> free; // "pages free"
    std::optional<pages_t> boost; // nullopt: the kernel did not print it (5.0/5.1)
    pages_t min = 0, low = 0, high = 0;
    std::optional<pages_t> promo; // printed since v6.1 (memory tiering)
    std::optional<pages_t> spanned, present;
    pages_t managed = 0;
    std::optional<pages_t> cma;
    std::optional<std::vector<pages_t>> protection; // lowmem_reserve[] in the node's zone order
    std::optional<pages_t> fileLru; // nr_zone_inactive_file + nr_zone_active_file
    std::optional<pages_t> anonLru; // nr_zone_inactive_anon + nr_zone_active_anon

    bool isDevice() const { return !type.has_value(); }
    // populated_zone(): present pages (managed when `present` was not printed).
    bool populated() const { return present ? *present > 0 : managed > 0; }
};

// Sysctls found in the '#' header lines.
struct ZoneinfoHeaderSysctls {
    std::optional<std::int64_t> minFreeKbytes;
    std::optional<std::int64_t> watermarkScaleFactor;
    std::optional<std::int64_t> watermarkBoostFactor;
    std::optional<std::vector<std::int64_t>> lowmemReserveRatio; // in the kernel's zone order
    bool any() const { return minFreeKbytes || watermarkScaleFactor || watermarkBoostFactor || lowmemReserveRatio; }
};

struct ZoneinfoParseResult {
    std::string fileName;
    std::vector<ZoneinfoZone> zones; // in file order (node by node, zone order within a node)
    ZoneinfoHeaderSysctls header;
    std::vector<Diagnostic> errors; // the input cannot be used
    std::vector<Diagnostic> warnings; // ignored lines, duplicates, ...
    bool anyBoostPrinted = false; // some zone printed a `boost` line
    bool ok() const { return errors.empty() && !zones.empty(); }
};

// Limits that keep the checker's arithmetic exact and its run time bounded.
inline constexpr pages_t kZoneinfoMaxValue = pages_t {1} << 48; // pages (1 EiB with 4 KiB pages)
inline constexpr int kZoneinfoMaxZones = 4096;
inline constexpr int kZoneinfoMaxNode = kMaxNumNodes - 1; // node ids below MAX_NUMNODES

ZoneinfoParseResult parseZoneinfo(std::string_view text, const std::string &fileName);

// Reads a zoneinfo file ("-" = standard input) into `text`, at most `maxBytes`
// (procfs files report size 0, so this reads to EOF). On failure returns false
// and a message naming the file and the OS error.
inline constexpr std::size_t kZoneinfoMaxFileBytes = 64u << 20;
bool readZoneinfoFile(
    const std::string &path, std::string &text, std::string &error, std::size_t maxBytes = kZoneinfoMaxFileBytes);
// The running machine's own file: the path resolves to /proc/zoneinfo.
bool isLiveZoneinfoPath(const std::string &path);

// Zones of one node, in file order (indices into result.zones).
std::vector<std::size_t> zoneinfoNodeZones(const ZoneinfoParseResult &r, int node);
// The node ids in ascending order.
std::vector<int> zoneinfoNodes(const ZoneinfoParseResult &r);

} // namespace wm
