#pragma once
// The simulated kernel's memory-management state and the kernel functions that
// change it: watermark setup, sysctl handlers, boost_watermark, wakeup_kswapd,
// pgdat_balanced. The allocator (allocator.h) and kswapd (kswapd.h) work on it;
// policies call into it at the patch series' hook points.
#include "mm/machine.h"
#include "scenario/scenario.h"
#include "sim/counters.h"
#include "sim/events.h"
#include "sim/snapshot.h"

#include <memory>
#include <vector>

namespace wm {

class Policy;

class Kernel
{
public:
    Kernel(const Scenario &scenario, std::size_t eventCapacity);
    ~Kernel();

    Machine &machine() { return m_machine; }
    const Machine &machine() const { return m_machine; }
    Zone &zone(int id) { return m_machine.zones[static_cast<std::size_t>(id)]; }
    const Zone &zone(int id) const { return m_machine.zones[static_cast<std::size_t>(id)]; }
    Node &node(int id) { return m_machine.nodes[static_cast<std::size_t>(id)]; }
    const Node &node(int id) const { return m_machine.nodes[static_cast<std::size_t>(id)]; }
    const KernelTunables &tunables() const { return m_tunables; }
    const ReclaimSpec &reclaim() const { return m_reclaim; }
    void setReclaim(const ReclaimSpec &r) { m_reclaim = r; }

    usec_t now() const { return m_now; }
    void setNow(usec_t t) { m_now = t; }
    // The length of the current tick: the scenario's, except a last tick cut
    // short so that the run ends exactly at its duration (Simulation::step).
    usec_t tick() const { return m_tick; }
    void setTick(usec_t t) { m_tick = t; }

    Policy &policy() { return *m_policy; }
    const Policy &policy() const { return *m_policy; }
    void setPolicy(std::unique_ptr<Policy> p);

    EventLog &events() { return m_events; }
    const EventLog &events() const { return m_events; }
    CounterSet &counters() { return m_counters; }
    const CounterSet &counters() const { return m_counters; }
    // Count on the zone, its node and the machine.
    void count(Zone &z, Counter c, std::int64_t n = 1)
    {
        z.counters[c] += n;
        m_machine.nodes[static_cast<std::size_t>(z.node)].counters[c] += n;
        m_counters[c] += n;
    }
    void count(Node &nd, Counter c, std::int64_t n = 1)
    {
        nd.counters[c] += n;
        m_counters[c] += n;
    }
    void count(Counter c, std::int64_t n = 1) { m_counters[c] += n; }
    // do_try_to_free_pages(): __count_zid_vm_events(ALLOCSTALL, sc->reclaim_idx)
    // with reclaim_idx = gfp_zone(): the classzone's type, whether or not this
    // node has such a zone (a movable request counts in allocstall_movable).
    void countAllocstall(Node &nd, int classzone);
    // allocstall_<type> counted for zone types the node did not have.
    const std::array<std::int64_t, kMaxNrZones> &allocstallNoZone() const { return m_allocstallNoZone; }
    void log(Event e);

    // The zonelist for an allocation from `node` with classzone `highestZoneidx`:
    // the node's own zones from the classzone down, then the other nodes' (by
    // increasing distance, modelled as increasing node id modulo the count).
    // node_zonelist(nid, gfp): ZONELIST_FALLBACK (every node, nearest first),
    // or ZONELIST_NOFALLBACK (the node's own zones) for __GFP_THISNODE.
    const std::vector<int> &zonelist(int node, int highestZoneidx, bool thisNode = false) const;

    // __setup_per_zone_wmarks() over every zone; resets watermark_boost unless
    // the policy removed that (v4). Logs a WatermarksRecomputed event.
    void setupPerZoneWmarks(EventReason reason);
    // setup_per_zone_lowmem_reserve() (v6.18 rule: cumulative for empty upper zones).
    void setupPerZoneLowmemReserve();
    // min_free_kbytes_sysctl_handler(): user_min_free_kbytes = value, then setup.
    void writeMinFreeKbytes(std::int64_t kbytes, EventReason reason);
    // Changing min_free_kbytes without the sysctl handler (v1's and v2's work
    // functions set both themselves; this helper sets only min_free_kbytes).
    void setMinFreeKbytes(std::int64_t kbytes, bool alsoUser, EventReason reason);
    void writeWatermarkScaleFactor(std::int64_t wsf);
    void writeWatermarkBoostFactor(std::int64_t wbf) { m_tunables.watermarkBoostFactor = wbf; }
    void writeLowmemReserveRatio(const std::array<std::int64_t, kMaxNrZones> &ratio);

    // Memory hot(un)plug of a zone to `managed` pages (docs/model.md §2.9): online_pages() frees
    // the new pages into the zone, offline_pages() takes free pages out (it fails with -EBUSY when
    // they are not free); both then run init_per_zone_wmark_min(): min_free_kbytes recomputed
    // unless the user set a larger one, the watermarks (boosts reset), lowmem_reserve, and
    // khugepaged's recommended value. Returns "" or why the kernel refuses.
    std::string hotplugManagedPages(int node, ZoneType type, pages_t managed);
    // A balloon driver taking `pages` of the zone (adjust_managed_page_count(-pages) on pages it
    // allocated; giving them back: a negative count). The watermarks are NOT recomputed; v6.18
    // recomputes lowmem_reserve. Returns "" or why it cannot.
    std::string balloonPages(int node, ZoneType type, pages_t pages);
    // init_per_zone_wmark_min() as memory_hotplug.c calls it.
    void initPerZoneWmarkMin(EventReason reason);

    // boost_watermark() on a zone with `step` pages per event; kBoostStepOfPolicy
    // (the default) asks the policy (Policy::boostStep: one pageblock in the
    // stock kernel, v4 changed it for all callers). Logs a Boost event; returns
    // whether it boosted.
    static constexpr pages_t kBoostStepOfPolicy = -1;
    bool boostWatermark(Zone &z, EventReason reason, pages_t step = kBoostStepOfPolicy);
    // Sets watermark_boost directly (policies with their own cap), logging it.
    void setWatermarkBoost(Zone &z, pages_t newBoost, EventReason reason);

    // wakeup_kswapd(zone, gfp_flags, order, highest_zoneidx).
    void wakeupKswapd(const Zone &z, gfp_t gfpMask, int order, int highestZoneidx);
    // wake_all_kswapds(): wakeup_kswapd once per node of the zonelist.
    void wakeAllKswapds(int order, gfp_t gfpMask, const std::vector<int> &zonelist, int highestZoneidx);
    // pgdat_balanced(): any managed zone <= idx above high (+ boost, + lowmem_reserve[idx]).
    bool pgdatBalanced(const Node &nd, int order, int highestZoneidx) const;
    // pgdat_watermark_boosted(): any zone <= idx with a boost.
    bool pgdatWatermarkBoosted(const Node &nd, int highestZoneidx) const;

    // Start of a tick: the direct reclaim capacity of every node (ReclaimSpec::directReclaimRate).
    void refillDirectReclaimBudget();
    // Machine-wide totals.
    pages_t totalManaged() const;

private:
    void buildZonelists();
    Machine m_machine;
    KernelTunables m_tunables;
    ReclaimSpec m_reclaim;
    bool m_thp = true;
    usec_t m_now = 0;
    usec_t m_tick = 1000;
    std::unique_ptr<Policy> m_policy;
    EventLog m_events;
    CounterSet m_counters;
    std::array<std::int64_t, kMaxNrZones> m_allocstallNoZone {};
    // [node][classzone] -> zone ids
    std::vector<std::array<std::vector<int>, kMaxNrZones>> m_zonelists;
    std::vector<std::array<std::vector<int>, kMaxNrZones>> m_zonelistsNoFallback;
};

} // namespace wm
