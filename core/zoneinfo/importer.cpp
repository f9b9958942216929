#include "zoneinfo/importer.h"

#include "mm/gfp.h"

#include <algorithm>
#include <cmath>

namespace wm {

namespace {

std::string baseName(const std::string &path)
{
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A zone for the scenario: the LRU sizes clamped so that free + file + anon <= managed.
ZoneSpec zoneSpecFrom(const ZoneinfoZone &z, std::vector<std::string> &notes)
{
    ZoneSpec s;
    s.type = *z.type;
    s.managed = z.managed;
    const std::string where = "Node " + std::to_string(z.node) + ", zone " + z.name;
    pages_t free = z.free.value_or(z.managed);
    if (!z.free)
        notes.push_back(where + ": no \"pages free\" line, all managed pages taken as free");
    if (free > z.managed) {
        notes.push_back(where + ": pages free " + std::to_string(free) + " > managed, clamped to managed");
        free = z.managed;
    }
    pages_t file = std::min(z.fileLru.value_or(0), z.managed - free);
    pages_t anon = std::min(z.anonLru.value_or(0), z.managed - free - file);
    if (file != z.fileLru.value_or(0) || anon != z.anonLru.value_or(0))
        notes.push_back(where + ": LRU sizes clamped so that free + file + anon <= managed");
    s.free = free;
    s.fileLru = file;
    s.anonLru = anon;
    // unreclaimable = managed - free - file - anon, clamped at 0 (slab, page tables, ...)
    s.unreclaimable = std::max<pages_t>(0, z.managed - free - file - anon);
    return s;
}

} // namespace

ZoneinfoImportResult importZoneinfo(const ZoneinfoParseResult &parsed, const ZoneinfoCheckOptions &options)
{
    ZoneinfoImportResult r;
    if (!parsed.ok()) {
        r.errors = parsed.errors;
        if (r.errors.empty())
            r.errors.push_back(Diagnostic {parsed.fileName, 1, 1, {}, "no zone found"});
        return r;
    }
    r.sysctls = resolveZoneinfoSysctls(parsed, options);
    const std::string file = baseName(parsed.fileName.empty() ? std::string("zoneinfo") : parsed.fileName);

    Scenario sc;
    // Nodes and populated zones, in kernel order within a node.
    const auto fileNodes = zoneinfoNodes(parsed);
    std::vector<int> keptNodes;
    for (int node : fileNodes) {
        NodeSpec ns;
        for (std::size_t i : zoneinfoNodeZones(parsed, node)) {
            const auto &z = parsed.zones[i];
            if (z.managed == 0)
                continue; // empty zones change nothing else (the lowmem sum counts managed pages)
            if (!z.type) {
                r.notes.push_back(
                    "Node " + std::to_string(node) + ", zone " + z.name + ": ZONE_DEVICE is not simulated, left out");
                continue;
            }
            ns.zones.push_back(zoneSpecFrom(z, r.notes));
        }
        std::stable_sort(ns.zones.begin(), ns.zones.end(),
            [](const ZoneSpec &a, const ZoneSpec &b) { return zoneIndex(a.type) < zoneIndex(b.type); });
        if (ns.zones.empty()) {
            r.notes.push_back("node " + std::to_string(node) + " has no populated zone, left out");
            continue;
        }
        keptNodes.push_back(node);
        sc.nodes.push_back(std::move(ns));
    }
    if (sc.nodes.empty()) {
        r.errors.push_back(Diagnostic {parsed.fileName, parsed.zones.front().line, 1, {},
            "no populated zone (every zone has managed 0): nothing to simulate"});
        return r;
    }
    bool renumbered = false;
    for (std::size_t k = 0; k < keptNodes.size(); ++k)
        renumbered |= keptNodes[k] != static_cast<int>(k);
    if (renumbered)
        r.notes.push_back("nodes renumbered densely: file nodes " + [&] {
            std::string s;
            for (std::size_t k = 0; k < keptNodes.size(); ++k)
                s += (k ? ", " : "") + std::to_string(keptNodes[k]) + "->" + std::to_string(k);
            return s;
        }());

    // Sysctls: explicit min_free_kbytes so the initial watermarks are the checker's.
    sc.sysctls.minFreeKbytes = r.sysctls.minFreeKbytes;
    sc.sysctls.thp = true;
    sc.sysctls.watermarkScaleFactor
        = std::clamp(r.sysctls.watermarkScaleFactor, kWatermarkScaleFactorMin, kWatermarkScaleFactorMax);
    sc.sysctls.watermarkBoostFactor = std::max<std::int64_t>(0, r.sysctls.watermarkBoostFactor);
    if (!r.sysctls.lowmemReserveRatio.empty()) {
        // The sysctl is positional in the kernel's zone order; map positions to zone types
        // through the zone names of the first node (every node prints every zone index).
        const auto first = zoneinfoNodeZones(parsed, fileNodes.front());
        for (std::size_t p = 0; p < first.size() && p < r.sysctls.lowmemReserveRatio.size(); ++p)
            if (const auto &t = parsed.zones[first[p]].type)
                sc.sysctls.lowmemReserveRatio[static_cast<std::size_t>(zoneIndex(*t))]
                    = std::max<std::int64_t>(0, r.sysctls.lowmemReserveRatio[p]);
    }

    // Workload reference zone: node 0's Normal, else DMA32, else its largest zone.
    const NodeSpec &node0 = sc.nodes.front();
    const ZoneSpec *ref = nullptr;
    for (ZoneType t : {ZoneType::Normal, ZoneType::DMA32})
        for (const auto &z : node0.zones)
            if (!ref && z.type == t)
                ref = &z;
    if (!ref)
        ref = &*std::max_element(
            node0.zones.begin(), node0.zones.end(), [](const ZoneSpec &a, const ZoneSpec &b) { return a.managed < b.managed; });
    // The reference zone's low - min gap, computed exactly as the checker does.
    std::vector<ZoneWatermarkInput> inputs;
    std::size_t refIndex = 0;
    for (const auto &n : sc.nodes)
        for (const auto &z : n.zones) {
            if (&z == ref)
                refIndex = inputs.size();
            inputs.push_back({z.type, z.managed});
        }
    const auto marks = setupPerZoneWmarks(inputs, r.sysctls.minFreeKbytes, sc.sysctls.watermarkScaleFactor);
    const pages_t gap = std::max<pages_t>(1, marks[refIndex].low() - marks[refIndex].min());
    pages_t node0Managed = 0;
    for (const auto &z : node0.zones)
        node0Managed += z.managed;

    SourceSpec reader;
    reader.name = "page-cache-reader";
    reader.gfp = "GFP_HIGHUSER_MOVABLE";
    reader.gfpMask = gfp::HIGHUSER_MOVABLE;
    reader.order = 0;
    reader.node = 0;
    reader.rate.kind = RateKind::Poisson;
    reader.rate.rate = std::max(100.0, std::round(static_cast<double>(node0Managed) * kImportReaderFractionPerSecond));
    reader.lifetime.kind = LifetimeKind::PageCache;
    sc.sources.push_back(reader);

    SourceSpec skb;
    skb.name = "skb-slab-refill";
    skb.gfp = "GFP_ATOMIC";
    skb.gfpMask = gfp::ATOMIC_;
    skb.order = 0;
    skb.node = 0;
    skb.slabRefill = true;
    skb.slabOrder = kImportSlabOrder;
    skb.rate.kind = RateKind::Bursts;
    skb.rate.rate = 0;
    skb.rate.period = kImportBurstPeriod;
    skb.rate.burstLength = static_cast<usec_t>(kImportBurstSeconds * 1e6);
    skb.rate.phase = kImportBurstPhase;
    // One 200 ms burst of order-2 refills allocates about the low - min gap.
    const double pagesPerRefill = static_cast<double>(pages_t {1} << kImportSlabOrder);
    skb.rate.burstRate = std::max(1.0, std::round(static_cast<double>(gap) / (kImportBurstSeconds * pagesPerRefill)));
    skb.lifetime.kind = LifetimeKind::Fixed;
    skb.lifetime.duration = 5000; // 5 ms
    sc.sources.push_back(skb);

    sc.duration = 60'000'000;
    sc.name = "Imported from " + file;
    std::string desc = "Machine imported from " + file + " by import-zoneinfo: " + std::to_string(sc.nodes.size())
        + (sc.nodes.size() == 1 ? " node" : " nodes") + ", populated zones only, min_free_kbytes "
        + std::to_string(r.sysctls.minFreeKbytes) + " and watermark_scale_factor "
        + std::to_string(sc.sysctls.watermarkScaleFactor) + " (from " + std::string(sysctlSourceName(r.sysctls.source()))
        + "). Default workload: a page-cache reader at " + std::to_string(static_cast<long long>(reader.rate.rate))
        + " pages/s (0.1% of node 0 per second) and GFP_ATOMIC skb slab "
        + "refills in 200 ms bursts every 10 s sized so one burst allocates about the low - min gap (" + std::to_string(gap)
        + " pages) of node 0's " + std::string(zoneName(ref->type)) + " zone.";
    for (const auto &n : r.notes)
        desc += " Note: " + n + ".";
    sc.description = desc;
    r.scenario = std::move(sc);
    return r;
}

} // namespace wm
