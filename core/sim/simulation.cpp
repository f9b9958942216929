#include "sim/simulation.h"

#include "mm/allocator.h"
#include "mm/kernel.h"
#include "mm/kswapd.h"
#include "mm/watermark_ok.h"
#include "policy/policy.h"
#include "policy/registry.h"
#include "scenario/params.h"
#include "sim/recorder.h"
#include "workload/workload.h"

#include <algorithm>
#include <charconv>

namespace wm {

struct Simulation::Engine {
    explicit Engine(Kernel &k)
        : allocator(k)
        , kswapd(k)
    {
    }
    Allocator allocator;
    KswapdModel kswapd;
    std::vector<ZoneSample> samples;
    std::vector<pages_t> atomicFloors; // this tick's, per zone
    std::vector<std::int64_t> atomicFailuresBefore; // per zone, at the start of the tick
    std::int64_t tickIndex = 0;
};

Simulation::Simulation(Scenario scenario, SimOptions options)
    : m_scenario(std::move(scenario))
    , m_options(options)
{
    std::stable_sort(m_scenario.timeline.begin(), m_scenario.timeline.end(),
        [](const TimelineEntry &a, const TimelineEntry &b) { return a.at < b.at; });
    {
        std::vector<TimelineEntry> timeline = std::move(m_scenario.timeline);
        m_initial = m_scenario;
        m_scenario.timeline = std::move(timeline);
    }
    m_kernel = std::make_unique<Kernel>(m_scenario, m_options.eventCapacity);
    m_workload = std::make_unique<Workload>(m_scenario, m_scenario.seed);
    m_recorder = std::make_unique<Recorder>(
        static_cast<int>(m_kernel->machine().zones.size()), m_scenario.tick, m_options.recorderCapacity);
    m_engine = std::make_unique<Engine>(*m_kernel);
    m_engine->samples.resize(m_kernel->machine().zones.size());
    m_engine->atomicFloors.resize(m_kernel->machine().zones.size());
}

Simulation::~Simulation() = default;

bool Simulation::finished() const
{
    return m_kernel->now() >= m_scenario.duration;
}
usec_t Simulation::now() const
{
    return m_kernel->now();
}
const EventLog &Simulation::events() const
{
    return m_kernel->events();
}
CounterSet Simulation::counters() const
{
    return m_kernel->counters();
}

void Simulation::applyTimeline()
{
    const usec_t tickEnd = m_kernel->now() + m_kernel->tick();
    while (m_nextTimeline < m_scenario.timeline.size() && m_scenario.timeline[m_nextTimeline].at < tickEnd) {
        const TimelineEntry e = m_scenario.timeline[m_nextTimeline++];
        if (e.kind == TimelineKind::Caption) {
            m_captionsThisStep.push_back(e);
            m_kernel->log({0, EventKind::Caption, EventReason::None, -1, -1, e.pause ? 1 : 0, 0, e.text});
        } else {
            // Validated by the loader; a failure here would be a bug, so log it loudly.
            const std::string err = applyLive(e.key, e.value);
            m_kernel->log({0, EventKind::ParamChange, EventReason::Sysctl, -1, -1, err.empty() ? 1 : 0, 0,
                e.key + "=" + e.value + (err.empty() ? "" : " (refused: " + err + ")")});
        }
    }
}

std::string Simulation::apply(const SetCommand &cmd)
{
    // After the last tick nothing would use the value, and a saved session
    // would carry an entry at the end of the run, which no run can apply.
    if (finished())
        return "the run has ended: reset it to run with another value";
    const std::string err = applyLive(cmd.key, cmd.value);
    if (!err.empty())
        return err;
    TimelineEntry e;
    e.at = m_kernel->now();
    e.kind = TimelineKind::Set;
    e.key = cmd.key;
    e.value = cmd.value;
    m_applied.push_back(e);
    m_kernel->log({0, EventKind::ParamChange, EventReason::Sysctl, -1, -1, 1, 0, cmd.key + "=" + cmd.value});
    return {};
}

std::string Simulation::applyLive(const std::string &key, const std::string &value)
{
    const auto info = listParams(m_scenario);
    const auto it = std::find_if(info.begin(), info.end(), [&](const ParamInfo &p) { return p.key == key; });
    if (it != info.end() && it->scope == ParamScope::Boot)
        return "'" + key + "' can only be set before the run starts";
    // Edit a copy without the timeline: a file may hold 100,000 timeline
    // entries, and copying them for each one applied made a run quadratic.
    std::vector<TimelineEntry> timeline = std::move(m_scenario.timeline);
    Scenario next = m_scenario;
    m_scenario.timeline = std::move(timeline);
    std::string err = applyParam(next, key, value);
    if (!err.empty())
        return err;
    next.timeline = std::move(m_scenario.timeline);
    Kernel &k = *m_kernel;
    // What the kernel does when the sysctl is written.
    if (key == "vm.min_free_kbytes") {
        if (next.sysctls.minFreeKbytes)
            k.writeMinFreeKbytes(*next.sysctls.minFreeKbytes, EventReason::Sysctl);
        else
            k.writeMinFreeKbytes(k.tunables().bootMinFreeKbytes, EventReason::Sysctl);
    } else if (key == "vm.watermark_scale_factor") {
        k.writeWatermarkScaleFactor(next.sysctls.watermarkScaleFactor);
    } else if (key == "vm.watermark_boost_factor") {
        k.writeWatermarkBoostFactor(next.sysctls.watermarkBoostFactor);
    } else if (key == "vm.lowmem_reserve_ratio") {
        k.writeLowmemReserveRatio(next.sysctls.lowmemReserveRatio);
    } else if (key.rfind("policy.", 0) == 0) {
        const std::string knob = key.substr(7);
        k.policy().setKnob(knob, policyKnob(next.policy, knob));
    } else if (key.rfind("reclaim.", 0) == 0) {
        k.setReclaim(next.reclaim);
    } else if (key.rfind("workload.", 0) == 0) {
        m_workload->updateSources(next.sources);
    } else if (key.rfind("machine.node", 0) == 0) {
        // machine.node<N>.<zone>.managed: memory hot(un)plug of that zone.
        const auto dot1 = key.find('.', 12);
        const auto dot2 = key.find('.', dot1 + 1);
        const int node = std::stoi(key.substr(12, dot1 - 12));
        const auto type = zoneTypeFromName(key.substr(dot1 + 1, dot2 - dot1 - 1));
        const auto zit = std::find_if(next.nodes[static_cast<std::size_t>(node)].zones.begin(),
            next.nodes[static_cast<std::size_t>(node)].zones.end(), [&](const ZoneSpec &z) { return z.type == *type; });
        if (std::string e = k.hotplugManagedPages(node, *type, zit->managed); !e.empty())
            return e;
    }
    m_scenario = std::move(next);
    return {};
}

void Simulation::step()
{
    if (finished())
        return;
    m_captionsThisStep.clear();
    Kernel &k = *m_kernel;
    Engine &e = *m_engine;
    const usec_t t = k.now();
    // A tick that does not divide the duration leaves a shorter last tick:
    // rates, budgets and time counters all scale with the tick's length, and
    // the run ends at its duration, not one tick past it.
    const usec_t tick = std::min(m_scenario.tick, m_scenario.duration - t);
    k.setTick(tick);
    // 1. timeline events (parameter changes, captions)
    applyTimeline();
    // 2. deferred work of the policy (schedule_work / delayed work)
    while (k.policy().nextTimer() <= t)
        k.policy().onTimer(k);
    k.refillDirectReclaimBudget();
    auto &zones = k.machine().zones;
    e.atomicFailuresBefore.resize(zones.size());
    for (std::size_t i = 0; i < zones.size(); ++i)
        e.atomicFailuresBefore[i] = zones[i].counters[Counter::SimAtomicFailuresOrder0];
    // 3. frees that fall due
    m_workload->freeDue(e.tickIndex, tick, k);
    // 4. allocations per source in declared order
    m_workload->allocate(e.tickIndex, t, tick, k, e.allocator, m_options.perRequest);
    m_workload->extfrag(tick, k);
    // 5. kswapd
    for (auto &nd : k.machine().nodes)
        e.kswapd.runTick(nd);
    // 6. time metrics and recording
    bool anyBelowMin = false, anyBelowLow = false, anyAtomicFailure = false;
    for (std::size_t i = 0; i < zones.size(); ++i) {
        Zone &z = zones[i];
        if (!z.populated())
            continue;
        const pages_t floor = atomicFloor(z);
        e.atomicFloors[i] = floor;
        const pages_t minU = z.watermark[0];
        if (z.free < minU) {
            z.counters[Counter::SimTimeBelowMinMs] += tick;
            anyBelowMin = true;
        }
        if (z.free < z.lowWmarkPages()) {
            z.counters[Counter::SimTimeBelowLowMs] += tick;
            anyBelowLow = true;
        }
        // At the floor in this tick: order-0 GFP_ATOMIC requests preferring this
        // zone failed during the tick (kswapd may have lifted free pages again by
        // its end, so the end-of-tick value alone would miss every short dip), or
        // free ends at or below the zone's own floor (no lowmem_reserve for its
        // own classzone).
        const bool failedHere = z.counters[Counter::SimAtomicFailuresOrder0] != e.atomicFailuresBefore[i];
        anyAtomicFailure = anyAtomicFailure || failedHere;
        if (failedHere || z.free <= floor - z.lowmemReserve[static_cast<std::size_t>(zoneIndex(ZoneType::Normal))])
            z.counters[Counter::SimTimeBelowAtomicFloorMs] += tick;
        if (m_options.record)
            e.samples[i] = {z.free, z.minWmarkPages(), z.lowWmarkPages(), z.highWmarkPages(), z.watermarkBoost, minU, floor,
                z.fileLru, z.anonLru};
    }
    if (anyBelowMin)
        k.count(Counter::SimTimeBelowMinMs, tick);
    if (anyBelowLow)
        k.count(Counter::SimTimeBelowLowMs, tick);
    // Machine-wide: an order-0 GFP_ATOMIC request would fail now. Every node's
    // Normal zonelist holds the same zones (all nodes' zones <= Normal), only
    // in another order, so this is: all of them at or below their floor.
    bool allBelowFloor = true;
    bool anyLowmem = false;
    for (std::size_t i = 0; i < zones.size(); ++i) {
        const Zone &z = zones[i];
        if (!z.populated() || zoneIndex(z.type) > zoneIndex(ZoneType::Normal))
            continue;
        anyLowmem = true;
        if (z.free > e.atomicFloors[i]) {
            allBelowFloor = false;
            break;
        }
    }
    if (anyAtomicFailure || (anyLowmem && allBelowFloor))
        k.count(Counter::SimTimeBelowAtomicFloorMs, tick);
    if (m_options.record)
        m_recorder->record(t, e.samples);
    ++e.tickIndex;
    k.setNow(t + tick);
}

void Simulation::runUntil(usec_t t)
{
    while (!finished() && now() < t)
        step();
}

void Simulation::runToEnd()
{
    runUntil(m_scenario.duration);
}

Snapshot Simulation::snapshot(bool withSeries) const
{
    const Kernel &k = *m_kernel;
    Snapshot s;
    s.now = k.now();
    s.duration = m_scenario.duration;
    s.tick = m_scenario.tick;
    s.seed = m_scenario.seed;
    s.policy = std::string(k.policy().id());
    s.finished = finished();
    s.tunables = k.tunables();
    for (const auto &z : k.machine().zones) {
        ZoneState zs;
        zs.id = z.id;
        zs.node = z.node;
        zs.type = z.type;
        zs.managed = z.managed;
        zs.free = z.free;
        zs.fileLru = z.fileLru;
        zs.anonLru = z.anonLru;
        zs.unreclaimable = z.unreclaimable;
        zs.watermark = z.watermark;
        zs.boost = z.watermarkBoost;
        zs.lowmemReserve = z.lowmemReserve;
        zs.nrReservedHighatomic = z.nrReservedHighatomic;
        zs.watermarkScaleBoost = z.watermarkScaleBoost;
        zs.atomicFloor = atomicFloor(z);
        zs.counters = z.counters;
        s.zones.push_back(zs);
    }
    for (const auto &nd : k.machine().nodes)
        s.nodes.push_back({nd.id, nd.kswapd.state, nd.kswapd.failures, nd.counters});
    s.counters = k.counters();
    s.allocstallNoZone = k.allocstallNoZone();
    if (withSeries)
        s.series = m_recorder->series();
    s.eventsTotal = k.events().totalAdded();
    return s;
}

} // namespace wm
