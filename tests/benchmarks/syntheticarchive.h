#pragma once
// A synthetic PCP archive for the benchmarks: PCP's own metric names, PMIDs, instances and units
// (as `record` writes them), values a smooth random walk. Made for measuring speed only; the
// tests use real archives (tests/data/pcp).
#include "recording/pcp_linux_pmids.h"

#include <pcp/pmapi.h>
// import.h uses pmapi's types.
#include <pcp/import.h>

#include <QtGlobal>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace wm::bench {

struct Shape {
    int nodes;
    std::vector<std::string> zonesPerNode; // zone names of each node
    int samples;
    double intervalS;
    int counters; // how many mem.vmstat counters (the reclaim set is about 48)
};

// Writes the archive; returns its size in bytes.
inline long long writeArchive(const std::string &base, const Shape &shape)
{
    using namespace recording::pcp;
    if (pmiStart(base.c_str(), 0) < 0)
        qFatal("pmiStart");
    pmiSetHostname("bench");
    const pmInDom zoneIndom = pmiInDom(kLinuxDomain, kZoneIndomSerial);
    const pmUnits kb = pmiUnits(1, 0, 0, PM_SPACE_KBYTE, 0, 0);
    const pmUnits count = pmiUnits(0, 0, 1, 0, 0, PM_COUNT_ONE);
    const std::vector<std::pair<const char *, int>> zoneMetrics {{"free", 0}, {"min", 1}, {"low", 2}, {"high", 3}, {"spanned", 5},
        {"present", 6}, {"managed", 7}, {"nr_zone_inactive_file", 62}, {"nr_zone_active_file", 63}, {"nr_zone_inactive_anon", 64},
        {"nr_zone_active_anon", 65}, {"nr_zone_unevictable", 66}, {"nr_zone_write_pending", 67}};
    for (const auto &[name, item] : zoneMetrics)
        pmiAddMetric((std::string("mem.zoneinfo.") + name).c_str(), pmiID(kLinuxDomain, kZoneinfoCluster, item), PM_TYPE_U64,
            zoneIndom, PM_SEM_INSTANT, kb);
    std::vector<std::string> instances;
    for (int n = 0; n < shape.nodes; ++n)
        for (const auto &z : shape.zonesPerNode) {
            instances.push_back(z + "::node" + std::to_string(n));
            pmiAddInstance(zoneIndom, instances.back().c_str(), static_cast<int>(instances.size()) - 1);
        }
    std::vector<std::string> counters;
    for (int i = 0; i < shape.counters && i < static_cast<int>(kVmstatMetrics.size()); ++i) {
        counters.push_back("mem.vmstat." + std::string(kVmstatMetrics[static_cast<std::size_t>(i)].name));
        pmiAddMetric(counters.back().c_str(),
            pmiID(kLinuxDomain, kVmstatCluster, kVmstatMetrics[static_cast<std::size_t>(i)].item), PM_TYPE_U64, PM_INDOM_NULL,
            PM_SEM_COUNTER, count);
    }
    std::vector<int> zoneHandles, counterHandles;
    for (const auto &[name, item] : zoneMetrics)
        for (const auto &inst : instances)
            zoneHandles.push_back(pmiGetHandle((std::string("mem.zoneinfo.") + name).c_str(), inst.c_str()));
    for (const auto &c : counters)
        counterHandles.push_back(pmiGetHandle(c.c_str(), nullptr));
    std::mt19937_64 rng(1);
    std::vector<long long> zoneValues(zoneHandles.size(), 4'000'000), counterValues(counterHandles.size(), 0);
    const long long start = 1'780'000'000;
    for (int s = 0; s < shape.samples; ++s) {
        for (std::size_t h = 0; h < zoneHandles.size(); ++h) {
            zoneValues[h] = std::max<long long>(0, zoneValues[h] + static_cast<long long>(rng() % 2001) - 1000);
            pmiPutValueHandle(zoneHandles[h], std::to_string(zoneValues[h]).c_str());
        }
        for (std::size_t h = 0; h < counterHandles.size(); ++h) {
            counterValues[h] += static_cast<long long>(rng() % 1000);
            pmiPutValueHandle(counterHandles[h], std::to_string(counterValues[h]).c_str());
        }
        const double t = static_cast<double>(s) * shape.intervalS;
        const auto sec = static_cast<int>(start + static_cast<long long>(t));
        const auto usec = static_cast<int>((t - static_cast<double>(static_cast<long long>(t))) * 1e6);
        if (pmiWrite(sec, usec) < 0)
            qFatal("pmiWrite");
    }
    pmiEnd();
    long long bytes = 0;
    for (const char *suffix : {".0", ".meta", ".index"})
        if (FILE *f = std::fopen((base + suffix).c_str(), "rb")) {
            std::fseek(f, 0, SEEK_END);
            bytes += std::ftell(f);
            std::fclose(f);
        }
    return bytes;
}

} // namespace wm::bench
