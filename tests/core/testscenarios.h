#pragma once
// Small machines built in code for the core tests.
#include "mm/gfp.h"
#include "scenario/scenario.h"

#include <vector>

namespace wm::test {

inline ZoneSpec zone(ZoneType t, pages_t managed, pages_t free, pages_t file = 0, pages_t anon = 0)
{
    ZoneSpec z;
    z.type = t;
    z.managed = managed;
    z.free = free;
    z.fileLru = file;
    z.anonLru = anon;
    z.unreclaimable = managed - free - file - anon;
    return z;
}

// A machine of the given nodes (each a list of zones) with an explicit
// min_free_kbytes and no THP, so every watermark is the test's own arithmetic.
inline Scenario machine(std::vector<std::vector<ZoneSpec>> nodes, std::int64_t minFreeKbytes)
{
    Scenario s;
    for (auto &zones : nodes)
        s.nodes.push_back({std::move(zones)});
    s.sysctls.minFreeKbytes = minFreeKbytes;
    s.sysctls.thp = false;
    return s;
}

// TV4 of docs/model.md §2.8 (x86-64 VM, 6.18): DMA 3840, DMA32 772915, Normal 458752.
inline Scenario tv4Machine(pages_t normalFree = 100000, pages_t dma32Free = 100000)
{
    Scenario s;
    s.name = "tv4";
    s.nodes.push_back({{zone(ZoneType::DMA, 3840, 3840), zone(ZoneType::DMA32, 772915, dma32Free, 600000),
        zone(ZoneType::Normal, 458752, normalFree, 300000)}});
    s.sysctls.minFreeKbytes = 67584;
    s.duration = 10'000'000;
    return s;
}

inline SourceSpec source(
    const std::string &name, gfp_t mask, double rate, RateKind kind = RateKind::Poisson, int order = 0, int node = 0)
{
    SourceSpec s;
    s.name = name;
    s.gfp = formatGfp(mask);
    s.gfpMask = mask;
    s.order = order;
    s.node = node;
    s.rate.kind = kind;
    s.rate.rate = rate;
    s.lifetime.kind = LifetimeKind::Fixed;
    s.lifetime.duration = 10'000;
    return s;
}

} // namespace wm::test
