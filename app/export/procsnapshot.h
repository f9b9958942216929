#pragma once
// /proc/zoneinfo- and /proc/vmstat-formatted snapshots of a simulated machine.
//
// zoneinfo: mm/vmstat.c zoneinfo_show_print() layout ("Node 0, zone   Normal",
// "  pages free     N", "        boost    N", min/low/high/promo INCLUDING the
// boost as the kernel prints them, spanned/present/managed, cma, protection,
// per-zone stats), preceded by '#' header lines with the sysctls in the form the
// `zoneinfo` checker reads ("# /proc/sys/vm/min_free_kbytes: K", ...), so
// `watermark-explorer zoneinfo zoneinfo.txt` re-derives every mark. Differences
// from a real kernel, all documented in the header comment of the file:
//   - only the zones the scenario models are printed (no empty Movable/Device);
//   - spanned = present = managed (no holes are modelled);
//   - protection lists lowmem_reserve[] for the node's printed zones;
//   - the active/inactive LRU split is not modelled: each LRU is split in halves;
//   - pagesets are not printed.
//
// vmstat: "name value" lines. Gauges first (nr_free_pages, nr_zone_*, nr_*_anon/file,
// nr_file_pages, nr_anon_pages, nr_slab_unreclaimable), then the event counters
// with the kernel's names (pgalloc_<zone>, allocstall_<zone>, pgscan_kswapd, ...),
// then the simulator-only metrics (sim_*; no kernel has them; `grep -v ^sim_`
// gives a kernel-shaped file).
#include "sim/snapshot.h"

#include <string>

namespace wm::exporter {

struct ProcSnapshotInfo {
    std::string scenario;
    std::string version = WM_VERSION;
};

std::string zoneinfoText(const Snapshot &snap, const ProcSnapshotInfo &info = {});
std::string vmstatText(const Snapshot &snap, const ProcSnapshotInfo &info = {});
// vmstat without any header comment (exactly the /proc/vmstat shape).
std::string vmstatBody(const Snapshot &snap);

} // namespace wm::exporter
