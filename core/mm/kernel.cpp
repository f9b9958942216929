#include "mm/kernel.h"

#include "mm/watermark_ok.h"
#include "policy/policy.h"
#include "policy/registry.h"

#include <algorithm>
#include <limits>

namespace wm {

Kernel::Kernel(const Scenario &scenario, std::size_t eventCapacity)
    : m_reclaim(scenario.reclaim)
    , m_thp(scenario.sysctls.thp)
    , m_tick(scenario.tick)
    , m_events(eventCapacity)
{
    int id = 0;
    for (std::size_t n = 0; n < scenario.nodes.size(); ++n) {
        Node nd;
        nd.id = static_cast<int>(n);
        for (const auto &zs : scenario.nodes[n].zones) {
            Zone z;
            z.id = id;
            z.node = nd.id;
            z.type = zs.type;
            z.managed = zs.managed;
            z.fileLru = zs.fileLru;
            z.anonLru = zs.anonLru;
            z.unreclaimable = zs.unreclaimable;
            z.free = zs.free >= 0 ? zs.free : std::max<pages_t>(0, zs.managed - zs.fileLru - zs.anonLru - zs.unreclaimable);
            z.highOrderFraction = zs.highOrderFraction;
            z.extfragFallbackRate = zs.extfragFallbackRate;
            nd.zoneByType[static_cast<std::size_t>(zoneIndex(zs.type))] = id;
            m_machine.zones.push_back(z);
            ++id;
        }
        m_machine.nodes.push_back(nd);
    }
    buildZonelists();

    // init_per_zone_wmark_min() at boot, then khugepaged's recommended value.
    std::vector<ZoneWatermarkInput> zones;
    for (const auto &z : m_machine.zones)
        zones.push_back({z.type, z.managed});
    // (khugepaged starts at subsys_initcall, before userspace applies sysctl.conf:
    // the high watermarks its cap sees use the default watermark_scale_factor.)
    m_tunables.bootMinFreeKbytes = bootMinFreeKbytes(zones, kWatermarkScaleFactorDefault, m_thp);
    m_tunables.watermarkScaleFactor = scenario.sysctls.watermarkScaleFactor;
    m_tunables.watermarkBoostFactor = scenario.sysctls.watermarkBoostFactor;
    m_tunables.lowmemReserveRatio = scenario.sysctls.lowmemReserveRatio;
    m_tunables.minFreeKbytes = m_tunables.bootMinFreeKbytes;
    if (scenario.sysctls.minFreeKbytes) {
        // A value written at boot through sysctl.conf: the handler's semantics.
        m_tunables.minFreeKbytes = *scenario.sysctls.minFreeKbytes;
        m_tunables.userMinFreeKbytes = *scenario.sysctls.minFreeKbytes;
    }
    refillDirectReclaimBudget();
    m_policy = makePolicy(scenario.policy);
    setupPerZoneWmarks(EventReason::Boot);
    setupPerZoneLowmemReserve();
    m_policy->onBoot(*this);
}

Kernel::~Kernel() = default;

void Kernel::setPolicy(std::unique_ptr<Policy> p)
{
    m_policy = std::move(p);
}

void Kernel::countAllocstall(Node &nd, int classzone)
{
    const int zid = nd.zoneByType[static_cast<std::size_t>(classzone)];
    if (zid >= 0) {
        count(zone(zid), Counter::Allocstall);
        return;
    }
    ++m_allocstallNoZone[static_cast<std::size_t>(classzone)];
    count(nd, Counter::Allocstall);
}

void Kernel::log(Event e)
{
    e.at = m_now;
    m_events.add(std::move(e));
}

void Kernel::buildZonelists()
{
    const int nodes = static_cast<int>(m_machine.nodes.size());
    m_zonelists.assign(m_machine.nodes.size(), {});
    m_zonelistsNoFallback.assign(m_machine.nodes.size(), {});
    for (int n = 0; n < nodes; ++n)
        for (int cz = 0; cz < kMaxNrZones; ++cz) {
            auto &list = m_zonelists[static_cast<std::size_t>(n)][static_cast<std::size_t>(cz)];
            auto &own = m_zonelistsNoFallback[static_cast<std::size_t>(n)][static_cast<std::size_t>(cz)];
            // build_zonelists(): node order by distance, zones from the highest
            // down; build_thisnode_zonelists(): the node's own zones only.
            for (int k = 0; k < nodes; ++k) {
                const auto &nd = m_machine.nodes[static_cast<std::size_t>((n + k) % nodes)];
                for (int t = cz; t >= 0; --t) {
                    const int zid = nd.zoneByType[static_cast<std::size_t>(t)];
                    if (zid >= 0 && m_machine.zones[static_cast<std::size_t>(zid)].populated()) {
                        list.push_back(zid);
                        if (k == 0)
                            own.push_back(zid);
                    }
                }
            }
        }
}

const std::vector<int> &Kernel::zonelist(int node, int highestZoneidx, bool thisNode) const
{
    const auto &lists = thisNode ? m_zonelistsNoFallback : m_zonelists;
    return lists[static_cast<std::size_t>(node)][static_cast<std::size_t>(highestZoneidx)];
}

void Kernel::setupPerZoneWmarks(EventReason reason)
{
    std::vector<ZoneWatermarkInput> in;
    std::vector<std::int64_t> scaleBoost;
    in.reserve(m_machine.zones.size());
    for (const auto &z : m_machine.zones) {
        in.push_back({z.type, z.managed});
        scaleBoost.push_back(z.watermarkScaleBoost);
    }
    const auto out = wm::setupPerZoneWmarks(in, m_tunables.minFreeKbytes, m_tunables.watermarkScaleFactor, scaleBoost);
    const bool resetBoost = !m_policy || m_policy->setupResetsBoost();
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto &z = m_machine.zones[i];
        if (resetBoost) {
            z.watermark = out[i].watermark;
            z.watermarkBoost = 0;
        } else {
            // v4 removed `zone->watermark_boost = 0;` while __setup_per_zone_wmarks()
            // still chains the marks through the boosted accessors:
            //   _low = min_wmark_pages + tmp, _high = low_wmark_pages + tmp,
            //   _promo = high_wmark_pages + tmp.
            // A recompute while boosted by B folds B into _low, 2B into _high
            // and 3B into _promo (the 2019 stale-boost bug, docs/model.md §7.3).
            const pages_t minPages = out[i].watermark[0];
            const pages_t step = out[i].watermark[1] - out[i].watermark[0];
            const pages_t boost = z.watermarkBoost;
            const pages_t low = minPages + boost + step;
            const pages_t high = low + boost + step;
            z.watermark = {minPages, low, high, high + boost + step};
        }
    }
    count(Counter::SimWatermarkRecomputes);
    if (reason != EventReason::Boot || m_now == 0)
        log({0, EventKind::WatermarksRecomputed, reason, -1, -1, m_tunables.minFreeKbytes, m_tunables.watermarkScaleFactor, {}});
}

void Kernel::setupPerZoneLowmemReserve()
{
    for (const auto &nd : m_machine.nodes) {
        std::array<pages_t, kMaxNrZones> managed {};
        for (int t = 0; t < kMaxNrZones; ++t) {
            const int zid = nd.zoneByType[static_cast<std::size_t>(t)];
            managed[static_cast<std::size_t>(t)] = zid >= 0 ? m_machine.zones[static_cast<std::size_t>(zid)].managed : 0;
        }
        const auto reserve = wm::setupPerZoneLowmemReserve(managed, m_tunables.lowmemReserveRatio, false);
        for (int t = 0; t < kMaxNrZones; ++t) {
            const int zid = nd.zoneByType[static_cast<std::size_t>(t)];
            if (zid >= 0)
                m_machine.zones[static_cast<std::size_t>(zid)].lowmemReserve = reserve[static_cast<std::size_t>(t)];
        }
    }
}

void Kernel::setMinFreeKbytes(std::int64_t kbytes, bool alsoUser, EventReason reason)
{
    const std::int64_t old = m_tunables.minFreeKbytes;
    m_tunables.minFreeKbytes = kbytes;
    if (alsoUser)
        m_tunables.userMinFreeKbytes = kbytes;
    if (old != kbytes) {
        count(Counter::SimMinFreeKbytesChanges);
        log({0, EventKind::MinFreeKbytesChanged, reason, -1, -1, old, kbytes, {}});
    }
    setupPerZoneWmarks(reason);
}

void Kernel::writeMinFreeKbytes(std::int64_t kbytes, EventReason reason)
{
    // min_free_kbytes_sysctl_handler(): user_min_free_kbytes = min_free_kbytes;
    // setup_per_zone_wmarks(). lowmem_reserve is not recomputed.
    setMinFreeKbytes(kbytes, true, reason);
}

void Kernel::writeWatermarkScaleFactor(std::int64_t wsf)
{
    // watermark_scale_factor_sysctl_handler() -> setup_per_zone_wmarks().
    m_tunables.watermarkScaleFactor = wsf;
    setupPerZoneWmarks(EventReason::Sysctl);
}

void Kernel::writeLowmemReserveRatio(const std::array<std::int64_t, kMaxNrZones> &ratio)
{
    // lowmem_reserve_ratio_sysctl_handler() -> setup_per_zone_lowmem_reserve().
    m_tunables.lowmemReserveRatio = ratio;
    setupPerZoneLowmemReserve();
}

void Kernel::initPerZoneWmarkMin(EventReason reason)
{
    // nr_free_buffer_pages(): the lowmem zones' managed pages above their high watermark (boost
    // included: high_wmark_pages()), all nodes. At boot every mark is 0; on hotplug they are not.
    const auto freeBufferPages = [this] {
        pages_t sum = 0;
        for (const auto &z : m_machine.zones)
            if (zoneIndex(z.type) <= zoneIndex(ZoneType::Normal) && z.managed > z.highWmarkPages())
                sum += z.managed - z.highWmarkPages();
        return sum;
    };
    // calculate_min_free_kbytes(): the new default replaces min_free_kbytes only when it is
    // larger than a value the user wrote (user_min_free_kbytes, -1 when never written).
    const std::int64_t fresh = calculateMinFreeKbytes(freeBufferPages());
    if (fresh > m_tunables.userMinFreeKbytes)
        setMinFreeKbytes(fresh, false, reason); // setup_per_zone_wmarks() inside
    else
        setupPerZoneWmarks(reason);
    setupPerZoneLowmemReserve();
    // khugepaged_min_free_kbytes_update() -> set_recommended_min_free_kbytes() while THP runs:
    // the recommended value replaces min_free_kbytes when larger, user_min_free_kbytes untouched.
    if (m_thp) {
        int populatedLowmem = 0;
        for (const auto &z : m_machine.zones)
            populatedLowmem += zoneIndex(z.type) <= zoneIndex(ZoneType::Normal) && z.populated() ? 1 : 0;
        const std::int64_t recommended = recommendedMinFreeKbytes(populatedLowmem, freeBufferPages());
        if (recommended > m_tunables.minFreeKbytes)
            setMinFreeKbytes(recommended, false, reason);
    }
}

namespace {
constexpr pages_t kZoneinfoMaxPages = pages_t {1} << 48;

Zone *findZone(Machine &m, int node, ZoneType type)
{
    if (node < 0 || node >= static_cast<int>(m.nodes.size()))
        return nullptr;
    const int zid = m.nodes[static_cast<std::size_t>(node)].zoneByType[static_cast<std::size_t>(zoneIndex(type))];
    return zid >= 0 ? &m.zones[static_cast<std::size_t>(zid)] : nullptr;
}
} // namespace

std::string Kernel::hotplugManagedPages(int node, ZoneType type, pages_t managed)
{
    Zone *z = findZone(m_machine, node, type);
    if (!z)
        return "node " + std::to_string(node) + " has no " + std::string(zoneName(type)) + " zone";
    if (managed < 0)
        return "managed pages cannot be negative";
    const pages_t delta = managed - z->managed;
    if (delta == 0)
        return {};
    // offline_pages() isolates and migrates the range; what cannot be freed makes it fail with
    // -EBUSY. We do not track which pages are where: the free pages are what can go.
    if (delta < 0 && z->free < -delta)
        return "offline_pages() fails (-EBUSY): " + std::to_string(-delta) + " pages to take offline, " + std::to_string(z->free)
            + " free";
    const bool wasPopulated = z->populated();
    z->managed = managed;
    z->free += delta; // online_pages(): the new pages go to the buddy allocator free
    if (z->populated() != wasPopulated)
        buildZonelists(); // build_all_zonelists() when a zone becomes (un)populated
    initPerZoneWmarkMin(EventReason::Hotplug);
    return {};
}

std::string Kernel::balloonPages(int node, ZoneType type, pages_t pages)
{
    Zone *z = findZone(m_machine, node, type);
    if (!z)
        return "node " + std::to_string(node) + " has no " + std::string(zoneName(type)) + " zone";
    // The balloon allocates the pages (from free) and adjust_managed_page_count(-pages) takes them
    // from managed; deflating reverses both.
    if (pages > 0 && z->free < pages)
        return "the balloon can take at most the " + std::to_string(z->free) + " free pages";
    if (pages < 0 && -pages > kZoneinfoMaxPages)
        return "too many pages";
    z->free -= pages;
    z->managed -= pages;
    // v6.18 adjust_managed_page_count() re-runs setup_per_zone_lowmem_reserve(); the watermarks stay.
    setupPerZoneLowmemReserve();
    return {};
}

bool Kernel::boostWatermark(Zone &z, EventReason reason, pages_t step)
{
    if (step == kBoostStepOfPolicy)
        step = m_policy ? m_policy->boostStep(z) : kPageblockNrPages;
    const auto r = wm::boostWatermark(z.watermarkBoost, z.managed, z.watermark[static_cast<std::size_t>(WatermarkIndex::High)],
        m_tunables.watermarkBoostFactor, step);
    if (!r.boosted)
        return false;
    setWatermarkBoost(z, r.newBoost, reason);
    return true;
}

void Kernel::setWatermarkBoost(Zone &z, pages_t newBoost, EventReason reason)
{
    const pages_t added = newBoost - z.watermarkBoost;
    z.watermarkBoost = newBoost;
    const Counter c = reason == EventReason::Extfrag ? Counter::SimBoostsExtfrag
        : reason == EventReason::AtomicSlowpath      ? Counter::SimBoostsAtomicSlowpath
                                                     : Counter::SimBoostsAtomicFailure;
    count(z, c);
    if (added > 0)
        count(z, Counter::SimBoostPages, added);
    log({0, EventKind::Boost, reason, z.node, z.id, added, newBoost, {}});
}

bool Kernel::pgdatBalanced(const Node &nd, int order, int highestZoneidx) const
{
    // pgdat_balanced() (v6.12 mm/vmscan.c): true if ANY managed zone <= idx
    // passes zone_watermark_ok_safe() at its (boosted) high watermark.
    bool anyManaged = false;
    for (int t = 0; t <= highestZoneidx && t < kMaxNrZones; ++t) {
        const int zid = nd.zoneByType[static_cast<std::size_t>(t)];
        if (zid < 0)
            continue;
        const auto &z = m_machine.zones[static_cast<std::size_t>(zid)];
        if (!z.populated())
            continue;
        anyManaged = true;
        if (zoneWatermarkOkSafe(z, order, z.highWmarkPages(), highestZoneidx))
            return true;
    }
    // If the node has no managed zone within idx, it is balanced.
    return !anyManaged;
}

bool Kernel::pgdatWatermarkBoosted(const Node &nd, int highestZoneidx) const
{
    for (int t = highestZoneidx; t >= 0; --t) {
        const int zid = nd.zoneByType[static_cast<std::size_t>(t)];
        if (zid >= 0 && m_machine.zones[static_cast<std::size_t>(zid)].populated()
            && m_machine.zones[static_cast<std::size_t>(zid)].watermarkBoost)
            return true;
    }
    return false;
}

void Kernel::wakeupKswapd(const Zone &z, gfp_t gfpMask, int order, int highestZoneidx)
{
    // wakeup_kswapd() (v6.12 mm/vmscan.c).
    if (!z.populated())
        return;
    auto &nd = m_machine.nodes[static_cast<std::size_t>(z.node)];
    auto &k = nd.kswapd;
    if (k.highestZoneidx == kMaxNrZones || k.highestZoneidx < highestZoneidx)
        k.highestZoneidx = highestZoneidx;
    if (k.order < order)
        k.order = order;
    // Already running: it sees the raised order/idx on its next pass.
    if (k.state == KswapdState::Running)
        return;
    // Hopeless node, or balanced and not boosted: nothing to do (kcompactd
    // would be woken for non-blocking callers; we do not model compaction).
    if (k.failures >= kMaxReclaimFailures)
        return;
    if (pgdatBalanced(nd, order, highestZoneidx) && !pgdatWatermarkBoosted(nd, highestZoneidx))
        return;
    if (k.state == KswapdState::Napping)
        k.wokenDuringNap = true;
    k.state = KswapdState::Running;
    k.priority = -1; // balance_pgdat() not yet entered
    count(nd, Counter::SimKswapdWakeups);
    // The caller's gfp mask, as trace_mm_vmscan_wakeup_kswapd() records it.
    log({0, EventKind::KswapdWake, EventReason::None, nd.id, -1, highestZoneidx, order, formatGfp(gfpMask)});
}

void Kernel::wakeAllKswapds(int order, gfp_t gfpMask, const std::vector<int> &zonelist, int highestZoneidx)
{
    // wake_all_kswapds(): once per pgdat, for the first zone of each node in the zonelist.
    int lastNode = -1;
    for (int zid : zonelist) {
        const auto &z = m_machine.zones[static_cast<std::size_t>(zid)];
        if (z.node == lastNode)
            continue;
        lastNode = z.node;
        wakeupKswapd(z, gfpMask, order, highestZoneidx);
    }
}

void Kernel::refillDirectReclaimBudget()
{
    const auto budget = static_cast<pages_t>(m_reclaim.directReclaimRate * static_cast<double>(m_tick) / 1e6);
    for (auto &nd : m_machine.nodes)
        nd.directReclaimBudget = std::max<pages_t>(budget, kSwapClusterMax);
}

pages_t Kernel::totalManaged() const
{
    pages_t s = 0;
    for (const auto &z : m_machine.zones)
        s += z.managed;
    return s;
}

} // namespace wm
