#include "export/procsnapshot.h"

#include "mm/watermarks.h"
#include "mm/zone_type.h"

#include <algorithm>
#include <array>

#include <cstdio>
#include <map>
#include <sstream>
#include <string_view>

namespace wm::exporter {

namespace {

std::string fmtTime(usec_t t)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%lld.%06lld", static_cast<long long>(t / 1000000), static_cast<long long>(t % 1000000));
    return buf;
}

// "\n      %-12s %lu" (zoneinfo_show_print)
void statLine(std::ostringstream &o, const char *name, long long v)
{
    char buf[128];
    std::snprintf(buf, sizeof buf, "\n      %-12s %lld", name, v);
    o << buf;
}

bool hasHighmem(const Snapshot &s)
{
    for (const auto &z : s.zones)
        if (z.type == ZoneType::HighMem)
            return true;
    return false;
}

// Zone types in the order the kernel of this machine would index them
// (x86-64: DMA, DMA32, Normal, Movable; HighMem only when a zone has it).
std::vector<ZoneType> kernelZoneOrder(const Snapshot &s)
{
    std::vector<ZoneType> t {ZoneType::DMA, ZoneType::DMA32, ZoneType::Normal};
    if (hasHighmem(s))
        t.push_back(ZoneType::HighMem);
    t.push_back(ZoneType::Movable);
    return t;
}

void header(std::ostringstream &o, const Snapshot &s, const ProcSnapshotInfo &info, const char *what)
{
    o << "# watermark-explorer " << info.version << ": simulated " << what << " at t=" << fmtTime(s.now) << " s\n";
    if (!info.scenario.empty())
        o << "# scenario: " << info.scenario << "\n";
    o << "# policy: " << s.policy << "  seed: " << s.seed << "\n";
    o << "# /proc/sys/vm/min_free_kbytes: " << s.tunables.minFreeKbytes << "\n";
    o << "# /proc/sys/vm/watermark_scale_factor: " << s.tunables.watermarkScaleFactor << "\n";
    o << "# /proc/sys/vm/watermark_boost_factor: " << s.tunables.watermarkBoostFactor << "\n";
    o << "# /proc/sys/vm/lowmem_reserve_ratio:";
    for (ZoneType t : kernelZoneOrder(s))
        o << '\t' << s.tunables.lowmemReserveRatio[static_cast<std::size_t>(zoneIndex(t))];
    o << "\t0\n"; // ZONE_DEVICE
    o << "# getconf PAGESIZE: 4096\n";
}

} // namespace

std::string zoneinfoText(const Snapshot &s, const ProcSnapshotInfo &info)
{
    std::ostringstream o;
    header(o, s, info, "/proc/zoneinfo");
    o << "# simulator: only modelled zones (no Device); spanned = present = managed; active/inactive LRUs split in\n"
         "# halves; no pagesets\n";
    o << "# ---- /proc/zoneinfo ----\n";
    // zoneinfo_show() prints every zone index of every node, an empty zone in
    // the short form. Ours: the zone types the machine has anywhere, and
    // ZONE_MOVABLE, which x86-64 always configures.
    std::vector<ZoneType> printed;
    for (int t = 0; t < kMaxNrZones; ++t) {
        const auto type = static_cast<ZoneType>(t);
        const bool used = type == ZoneType::Movable
            || std::any_of(s.zones.begin(), s.zones.end(), [type](const ZoneState &z) { return z.type == type; });
        if (used)
            printed.push_back(type);
    }
    std::map<int, std::vector<const ZoneState *>> byNode;
    for (const auto &z : s.zones)
        byNode[z.node].push_back(&z);
    long long startPfn = 1; // pfn 0 is reserved on x86; nodes follow one another
    for (const auto &[node, zones] : byNode) {
        const NodeState *nd = nullptr;
        for (const auto &n : s.nodes)
            if (n.id == node)
                nd = &n;
        // setup_per_zone_lowmem_reserve() over the node's zones, empty ones too
        // (the v6.18 cumulative rule, as the simulation computes it).
        std::array<pages_t, kMaxNrZones> managed {};
        for (const ZoneState *z : zones)
            managed[static_cast<std::size_t>(zoneIndex(z->type))] = z->managed;
        const auto reserve = setupPerZoneLowmemReserve(managed, s.tunables.lowmemReserveRatio, false);
        bool perNodePrinted = false;
        for (const ZoneType type : printed) {
            const auto it = std::find_if(zones.begin(), zones.end(), [type](const ZoneState *z) { return z->type == type; });
            const ZoneState *z = it == zones.end() ? nullptr : *it;
            char buf[256];
            std::snprintf(buf, sizeof buf, "Node %d, zone %8s", node, std::string(zoneName(type)).c_str());
            o << buf;
            if (!perNodePrinted && z && z->managed > 0) {
                perNodePrinted = true;
                long long file = 0, anon = 0, unrecl = 0;
                for (const ZoneState *x : zones) {
                    file += x->fileLru;
                    anon += x->anonLru;
                    unrecl += x->unreclaimable;
                }
                o << "\n  per-node stats";
                statLine(o, "nr_inactive_anon", anon - anon / 2);
                statLine(o, "nr_active_anon", anon / 2);
                statLine(o, "nr_inactive_file", file - file / 2);
                statLine(o, "nr_active_file", file / 2);
                statLine(o, "nr_unevictable", 0);
                statLine(o, "nr_slab_reclaimable", 0);
                statLine(o, "nr_slab_unreclaimable", unrecl);
                statLine(o, "nr_anon_pages", anon);
                statLine(o, "nr_file_pages", file);
            }
            // An absent zone: __setup_per_zone_wmarks() gives a lowmem zone 0 and
            // HighMem/Movable the 32-page floor, with a zero step.
            const long long emptyMark = isHighmemOrMovable(type) ? 32 : 0;
            const long long b = z ? z->boost : 0;
            const auto mark
                = [&](int i) { return z ? static_cast<long long>(z->watermark[static_cast<std::size_t>(i)] + b) : emptyMark; };
            const long long m = z ? static_cast<long long>(z->managed) : 0;
            std::snprintf(buf, sizeof buf,
                "\n  pages free     %lld"
                "\n        boost    %lld"
                "\n        min      %lld"
                "\n        low      %lld"
                "\n        high     %lld"
                "\n        promo    %lld"
                "\n        spanned  %lld"
                "\n        present  %lld"
                "\n        managed  %lld"
                "\n        cma      0",
                z ? static_cast<long long>(z->free) : 0LL, b, mark(0), mark(1), mark(2), mark(3), m, m, m);
            o << buf;
            o << "\n        protection: (";
            const auto i = static_cast<std::size_t>(zoneIndex(type));
            for (std::size_t k = 0; k < printed.size(); ++k) {
                const auto j = static_cast<std::size_t>(zoneIndex(printed[k]));
                o << (k ? ", " : "") << (z ? z->lowmemReserve[j] : reserve[i][j]);
            }
            o << ')';
            if (z && z->managed > 0) {
                statLine(o, "nr_free_pages", z->free);
                statLine(o, "nr_zone_inactive_anon", z->anonLru - z->anonLru / 2);
                statLine(o, "nr_zone_active_anon", z->anonLru / 2);
                statLine(o, "nr_zone_inactive_file", z->fileLru - z->fileLru / 2);
                statLine(o, "nr_zone_active_file", z->fileLru / 2);
                statLine(o, "nr_zone_unevictable", 0);
                statLine(o, "nr_zone_write_pending", 0);
                statLine(o, "nr_mlock", 0);
                statLine(o, "nr_zspages", 0);
                statLine(o, "nr_free_cma", 0);
                std::snprintf(buf, sizeof buf, "\n  node_unreclaimable:  %d\n  start_pfn:           %lld",
                    nd && nd->kswapdFailures >= 16 ? 1 : 0, startPfn);
                o << buf;
                startPfn += z->managed;
            }
            o << '\n';
        }
    }
    return o.str();
}

std::string vmstatBody(const Snapshot &s)
{
    std::ostringstream o;
    long long free = 0, file = 0, anon = 0, unrecl = 0;
    for (const auto &z : s.zones) {
        free += z.free;
        file += z.fileLru;
        anon += z.anonLru;
        unrecl += z.unreclaimable;
    }
    auto line = [&o](const std::string &name, long long v) { o << name << ' ' << v << '\n'; };
    line("nr_free_pages", free);
    line("nr_zone_inactive_anon", anon - anon / 2);
    line("nr_zone_active_anon", anon / 2);
    line("nr_zone_inactive_file", file - file / 2);
    line("nr_zone_active_file", file / 2);
    line("nr_zone_unevictable", 0);
    line("nr_zone_write_pending", 0);
    line("nr_mlock", 0);
    line("nr_free_cma", 0);
    line("nr_inactive_anon", anon - anon / 2);
    line("nr_active_anon", anon / 2);
    line("nr_inactive_file", file - file / 2);
    line("nr_active_file", file / 2);
    line("nr_unevictable", 0);
    line("nr_slab_reclaimable", 0);
    line("nr_slab_unreclaimable", unrecl);
    line("nr_anon_pages", anon);
    line("nr_file_pages", file);
    // Event counters: kernel names first, then the simulator-only sim_ metrics.
    bool hasHigh = hasHighmem(s);
    std::vector<std::pair<std::string, long long>> kernel, sim;
    for (int i = 0; i < kNumCounters; ++i) {
        const auto c = static_cast<Counter>(i);
        const auto &ci = counterInfo(c);
        const std::string name(ci.name);
        auto &dst = name.rfind("sim_", 0) == 0 ? sim : kernel;
        if (!ci.perZoneType) {
            dst.emplace_back(name, reportedValue(c, s.counters[c]));
            continue;
        }
        for (int t = 0; t < kMaxNrZones; ++t) {
            const auto type = zoneTypeFromIndex(t);
            if (type == ZoneType::HighMem && !hasHigh)
                continue;
            dst.emplace_back(name + "_" + zoneCounterSuffix(type), reportedValue(c, zoneTypeCounter(s, c, type)));
        }
    }
    // The kernel's order (vmstat_text[] in mm/vmstat.c): pswpout, the per-zone
    // pgalloc_ and allocstall_ groups, pgsteal_ before pgscan_, the
    // hit_quickly pair before pageoutrun, compaction last.
    static const std::array<std::string_view, 11> kOrder {"pswpout", "pgalloc_", "allocstall_", "pgsteal_kswapd",
        "pgsteal_direct", "pgscan_kswapd", "pgscan_direct", "kswapd_low_wmark_hit_quickly", "kswapd_high_wmark_hit_quickly",
        "pageoutrun", "compact_stall"};
    const auto rank = [](const std::string &name) {
        for (std::size_t i = 0; i < kOrder.size(); ++i)
            if (name.rfind(kOrder[i], 0) == 0)
                return i;
        return kOrder.size();
    };
    std::stable_sort(kernel.begin(), kernel.end(), [&](const auto &a, const auto &b) { return rank(a.first) < rank(b.first); });
    for (const auto &[n, v] : kernel)
        line(n, v);
    for (const auto &[n, v] : sim)
        line(n, v);
    return o.str();
}

std::string vmstatText(const Snapshot &s, const ProcSnapshotInfo &info)
{
    std::ostringstream o;
    header(o, s, info, "/proc/vmstat");
    o << "# lines after the kernel's names starting with sim_ are simulator-only metrics\n";
    o << "# ---- /proc/vmstat ----\n";
    o << vmstatBody(s);
    return o.str();
}

} // namespace wm::exporter
