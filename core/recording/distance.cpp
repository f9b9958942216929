#include "recording/distance.h"

#include "mm/kernel.h"
#include "sim/counters.h"
#include "sim/simulation.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace wm::recording {

namespace {
constexpr usec_t kTick = 1000;

usec_t toUs(double seconds)
{
    return static_cast<usec_t>(std::llround(seconds * 1e6 / static_cast<double>(kTick))) * kTick;
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
}
} // namespace

double CounterDistance::relative() const
{
    if (recorded == 0)
        return model == 0 ? 0 : 1;
    return static_cast<double>(model - recorded) / static_cast<double>(recorded);
}

bool CounterDistance::within() const
{
    return !tolerance || std::fabs(relative()) <= *tolerance;
}

bool DistanceReport::within() const
{
    for (const auto &c : counters)
        if (!c.within())
            return false;
    for (const auto &z : zones)
        if (z.gapPages > 0 && z.rmsRelative() > freeRmsTolerance)
            return false;
    return true;
}

DistanceReport measureDistance(const Recording &r, const Scenario &s, DistanceSeries *series)
{
    DistanceReport rep;
    const std::size_t n = r.samples();
    const std::size_t s0 = firstCompleteSample(r);
    if (s0 >= n)
        return rep;
    const auto wallStart = std::chrono::steady_clock::now();
    Simulation sim(s);
    // Recorded zones -> model zone ids. The scenario's nodes are the recorded nodes that have
    // zones, in order (as `fit` writes them).
    std::vector<int> nodeIds;
    for (const auto &z : r.zones)
        if (std::find(nodeIds.begin(), nodeIds.end(), z.node) == nodeIds.end())
            nodeIds.push_back(z.node);
    std::sort(nodeIds.begin(), nodeIds.end());
    struct Pair {
        const ZoneSeries *rec;
        int modelZone;
    };
    std::vector<Pair> pairs;
    const auto &machine = sim.kernel().machine();
    for (const auto &z : r.zones) {
        const auto type = zoneTypeFromName(z.zone);
        const auto pos = static_cast<std::size_t>(std::find(nodeIds.begin(), nodeIds.end(), z.node) - nodeIds.begin());
        if (!type || pos >= machine.nodes.size())
            continue;
        const int zid = machine.nodes[pos].zoneByType[static_cast<std::size_t>(zoneIndex(*type))];
        if (zid < 0)
            continue;
        pairs.push_back({&z, zid});
        ZoneDistance zd;
        zd.node = z.node;
        zd.zone = z.zone;
        std::vector<double> gaps;
        for (std::size_t i = s0; i < n; ++i) {
            const auto hi = z.at(ZoneMetric::High, i), mi = z.at(ZoneMetric::Min, i);
            if (hi != kMissing && mi != kMissing)
                gaps.push_back(static_cast<double>(hi - mi));
        }
        zd.gapPages = median(gaps);
        rep.zones.push_back(zd);
    }
    if (series) {
        series->seconds.clear();
        series->modelFree.assign(pairs.size(), {});
        series->recordedFree.assign(pairs.size(), {});
    }
    std::vector<double> sumSq(pairs.size(), 0);
    std::vector<std::int64_t> prevModel(pairs.size(), kMissing);
    for (std::size_t i = s0; i < n; ++i) {
        const usec_t t = toUs(r.seconds[i] - r.seconds[s0]);
        while (!sim.finished() && sim.now() < t)
            sim.step();
        if (!rep.modelFirstKswapdS && sim.counters()[wm::Counter::Pageoutrun] > 0)
            rep.modelFirstKswapdS = static_cast<double>(sim.now()) / 1e6;
        if (!rep.recordedFirstKswapdS && i > s0) {
            const auto scan = r.counterDelta("pgscan_kswapd", i - 1, i), runs = r.counterDelta("pageoutrun", i - 1, i);
            if ((scan && *scan > 0) || (runs && *runs > 0))
                rep.recordedFirstKswapdS = r.seconds[i - 1] - r.seconds[s0];
        }
        const double dt = i + 1 < n ? r.seconds[i + 1] - r.seconds[i] : 0;
        if (series)
            series->seconds.push_back(r.seconds[i] - r.seconds[s0]);
        for (std::size_t k = 0; k < pairs.size(); ++k) {
            const ZoneSeries &z = *pairs[k].rec;
            const Zone &mz = sim.kernel().machine().zones[static_cast<std::size_t>(pairs[k].modelZone)];
            const std::int64_t recFree = z.at(ZoneMetric::Free, i);
            if (series) {
                series->modelFree[k].push_back(mz.free);
                series->recordedFree[k].push_back(recFree);
            }
            ZoneDistance &zd = rep.zones[k];
            if (recFree == kMissing)
                continue;
            const double err = static_cast<double>(mz.free - recFree);
            sumSq[k] += err * err;
            ++zd.samplesCompared;
            if (std::fabs(err) > std::fabs(zd.worstFreePages)) {
                zd.worstFreePages = err;
                zd.worstAtSeconds = r.seconds[i] - r.seconds[s0];
            }
            const std::int64_t low = z.lastAt(ZoneMetric::Low, i), min = z.lastAt(ZoneMetric::Min, i);
            if (low != kMissing && recFree < low)
                zd.recordedBelowLowS += dt;
            if (min != kMissing && recFree < min)
                zd.recordedBelowMinS += dt;
            if (mz.free < mz.lowWmarkPages())
                zd.modelBelowLowS += dt;
            if (mz.free < mz.minWmarkPages())
                zd.modelBelowMinS += dt;
        }
    }
    for (std::size_t k = 0; k < pairs.size(); ++k)
        if (rep.zones[k].samplesCompared)
            rep.zones[k].rmsFreePages = std::sqrt(sumSq[k] / static_cast<double>(rep.zones[k].samplesCompared));
    rep.simulatedSeconds = static_cast<double>(sim.now()) / 1e6;
    const CounterSet model = sim.counters();
    const auto recorded = [&](std::initializer_list<const char *> names) -> std::optional<std::int64_t> {
        std::optional<std::int64_t> sum;
        for (const char *name : names)
            if (const auto d = r.counterDelta(name, s0, n - 1))
                sum = sum.value_or(0) + *d;
        return sum;
    };
    const auto add = [&](const char *name, std::initializer_list<const char *> names, wm::Counter c, std::optional<double> tol) {
        if (const auto rec = recorded(names))
            rep.counters.push_back({name, *rec, model[c], tol});
    };
    add("pgsteal_kswapd", {"pgsteal_kswapd"}, wm::Counter::PgstealKswapd, 0.10);
    add("pageoutrun", {"pageoutrun"}, wm::Counter::Pageoutrun, 0.20);
    add("pgscan_kswapd", {"pgscan_kswapd"}, wm::Counter::PgscanKswapd, std::nullopt);
    add("pgscan_direct", {"pgscan_direct"}, wm::Counter::PgscanDirect, std::nullopt);
    add("pgsteal_direct", {"pgsteal_direct"}, wm::Counter::PgstealDirect, std::nullopt);
    add("allocstall", {"allocstall_dma", "allocstall_dma32", "allocstall_normal", "allocstall_movable", "allocstall_high"},
        wm::Counter::Allocstall, std::nullopt);
    add("kswapd_low_wmark_hit_quickly", {"kswapd_low_wmark_hit_quickly"}, wm::Counter::KswapdLowWmarkHitQuickly, std::nullopt);
    add("kswapd_high_wmark_hit_quickly", {"kswapd_high_wmark_hit_quickly"}, wm::Counter::KswapdHighWmarkHitQuickly, std::nullopt);
    add("compact_stall", {"compact_stall"}, wm::Counter::CompactStall, std::nullopt);
    rep.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    return rep;
}

} // namespace wm::recording
