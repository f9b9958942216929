#pragma once
// Helpers for the policy tests (tst_policy_*.cpp): small machines built in
// code, a Kernel with a given policy, and a hook call at a given time.
#include "mm/gfp.h"
#include "mm/kernel.h"
#include "policy/policy.h"
#include "scenario/scenario.h"

#include <memory>
#include <string>

namespace wm::ptest {

inline ZoneSpec zone(ZoneType t, pages_t managed, pages_t free, pages_t file = 0)
{
    ZoneSpec z;
    z.type = t;
    z.managed = managed;
    z.free = free;
    z.fileLru = file;
    z.unreclaimable = managed - free - file;
    return z;
}

// One node: DMA32 + Normal (the TV4 sizes without DMA). `twoNodes` adds a
// second node with one Normal zone, for zonelists that cross nodes.
inline Scenario machine(const std::string &policy, bool twoNodes = false, pages_t normalManaged = 458752)
{
    Scenario s;
    s.name = "policy-test";
    s.nodes.push_back(
        {{zone(ZoneType::DMA32, 772915, 100000, 600000), zone(ZoneType::Normal, normalManaged, 100000, normalManaged / 2)}});
    if (twoNodes)
        s.nodes.push_back({{zone(ZoneType::Normal, 1048576, 200000, 700000)}});
    s.sysctls.minFreeKbytes = 67584;
    s.policy.id = policy;
    s.duration = 10'000'000;
    return s;
}

// A single Normal zone on one node.
inline Scenario singleZone(const std::string &policy)
{
    Scenario s;
    s.name = "policy-test-1zone";
    s.nodes.push_back({{zone(ZoneType::Normal, 1048576, 200000, 700000)}});
    s.policy.id = policy;
    s.duration = 10'000'000;
    return s;
}

inline std::unique_ptr<Kernel> kernel(const Scenario &s)
{
    return std::make_unique<Kernel>(s, 100000);
}

inline constexpr int kNormal = zoneIndex(ZoneType::Normal);

inline SlowpathContext ctx(
    const Kernel &k, gfp_t mask, int node = 0, std::int64_t count = 1, int order = 0, int classzone = kNormal)
{
    return SlowpathContext {mask, order, node, classzone, &k.zonelist(node, classzone), count};
}

// Runs the policy's deferred work that is due at `t` (as Simulation::step does).
inline void runTimers(Kernel &k, usec_t t)
{
    k.setNow(t);
    while (k.policy().nextTimer() <= t)
        k.policy().onTimer(k);
}

inline const Zone &zoneOf(const Kernel &k, int node, ZoneType t)
{
    return *k.machine().zoneAt(node, t);
}
inline Zone &zoneOf(Kernel &k, int node, ZoneType t)
{
    return k.zone(k.machine().nodes[static_cast<std::size_t>(node)].zoneByType[static_cast<std::size_t>(zoneIndex(t))]);
}

inline constexpr usec_t kSec = 1'000'000;

} // namespace wm::ptest
