#include "sim/recordingplayback.h"

#include "mm/watermark_ok.h"
#include "zoneinfo/checker.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>
#include <string>

namespace wm::gui {

namespace {
using wm::recording::kMissing;
using wm::recording::ZoneMetric;

// vmstat names the simulation's counters also have (machine-wide ones).
struct MachineCounter {
    const char *name;
    wm::Counter counter;
};
constexpr MachineCounter kMachineCounters[]
    = {{"pgscan_kswapd", wm::Counter::PgscanKswapd}, {"pgsteal_kswapd", wm::Counter::PgstealKswapd},
        {"pgscan_direct", wm::Counter::PgscanDirect}, {"pgsteal_direct", wm::Counter::PgstealDirect},
        {"pageoutrun", wm::Counter::Pageoutrun}, {"kswapd_low_wmark_hit_quickly", wm::Counter::KswapdLowWmarkHitQuickly},
        {"kswapd_high_wmark_hit_quickly", wm::Counter::KswapdHighWmarkHitQuickly}, {"pswpout", wm::Counter::Pswpout},
        {"compact_stall", wm::Counter::CompactStall}};

std::string triple(std::int64_t a, std::int64_t b, std::int64_t c)
{
    return std::to_string(a) + "/" + std::to_string(b) + "/" + std::to_string(c);
}

std::string signedPages(std::int64_t d)
{
    return (d > 0 ? "+" : "") + std::to_string(d);
}

std::int64_t orZero(std::int64_t v)
{
    return v == kMissing ? 0 : v;
}
} // namespace

RecordingPlayback::RecordingPlayback(std::shared_ptr<const wm::recording::Recording> recording)
    : m_rec(std::move(recording))
{
    std::set<int> nodes;
    m_zoneIds.assign(m_rec->zones.size(), -1);
    for (std::size_t i = 0; i < m_rec->zones.size(); ++i) {
        const auto &z = m_rec->zones[i];
        const auto type = wm::zoneTypeFromName(z.zone);
        if (!type)
            continue; // Device: nothing the watermark rules apply to
        m_zoneIds[i] = static_cast<int>(m_zones.size());
        m_zones.push_back({i, z.node, *type});
        nodes.insert(z.node);
    }
    m_nodes.assign(nodes.begin(), nodes.end());
    m_interval = std::max<wm::usec_t>(1, static_cast<wm::usec_t>(std::llround(m_rec->medianInterval() * 1e6)));
    computeEvents();
    reset();
}

wm::usec_t RecordingPlayback::timeOf(std::size_t i) const
{
    return static_cast<wm::usec_t>(std::llround(m_rec->seconds[i] * 1e6));
}

void RecordingPlayback::reset()
{
    m_current = npos;
    m_nextEvent = 0;
    m_recorder = wm::Recorder(static_cast<int>(m_zones.size()), m_interval);
    m_last.assign(m_zones.size(), {});
    for (auto &l : m_last)
        l.fill(kMissing);
    m_lastProtection.assign(m_zones.size(), {});
    for (auto &l : m_lastProtection)
        l.fill(kMissing);
    m_counterLast.clear();
    for (const auto &[name, c] : m_rec->counters)
        m_counterLast[name] = CounterState {};
}

void RecordingPlayback::computeEvents()
{
    const auto &r = *m_rec;
    const std::size_t n = r.samples();
    std::vector<std::pair<std::size_t, wm::Event>> ev;
    const bool multiNode = m_nodes.size() > 1;
    auto zoneLabel = [&](const ZoneRef &z) {
        return (multiNode ? "N" + std::to_string(z.node) + " " : std::string()) + r.zones[z.index].zone;
    };

    // Managed pages of every zone by sample, to name the zone whose growth moved the others' marks.
    for (std::size_t zi = 0; zi < m_zones.size(); ++zi) {
        const ZoneRef &zr = m_zones[zi];
        const auto &z = r.zones[zr.index];
        std::size_t prev = npos;
        for (std::size_t i = 0; i < n; ++i) {
            const std::int64_t min = z.at(ZoneMetric::Min, i), low = z.at(ZoneMetric::Low, i), high = z.at(ZoneMetric::High, i);
            if (min == kMissing || low == kMissing || high == kMissing)
                continue;
            if (prev == npos) {
                prev = i;
                continue;
            }
            const std::int64_t pMin = z.at(ZoneMetric::Min, prev), pLow = z.at(ZoneMetric::Low, prev),
                               pHigh = z.at(ZoneMetric::High, prev);
            if (min == pMin && low == pLow && high == pHigh) {
                prev = i;
                continue;
            }
            wm::Event e;
            e.at = timeOf(i);
            e.kind = wm::EventKind::WatermarksChanged;
            e.node = zr.node;
            e.zone = static_cast<int>(zi);
            e.b = min;
            const std::string marks = "min/low/high " + triple(min, low, high);
            const std::int64_t managed = z.lastAt(ZoneMetric::Managed, i), pManaged = z.lastAt(ZoneMetric::Managed, prev);
            const std::int64_t boost = z.at(ZoneMetric::Boost, i), pBoost = z.at(ZoneMetric::Boost, prev);
            if (managed != kMissing && pManaged != kMissing && managed != pManaged) {
                e.a = managed - pManaged;
                e.text = zoneLabel(zr) + ": managed " + signedPages(e.a) + " pages -> " + marks
                    + " (watermarks recomputed: __setup_per_zone_wmarks)";
            } else {
                // Another zone's managed pages changed: min_free_kbytes is shared by managed size.
                std::string other;
                for (const ZoneRef &o : m_zones) {
                    const auto &oz = r.zones[o.index];
                    const std::int64_t om = oz.lastAt(ZoneMetric::Managed, i), opm = oz.lastAt(ZoneMetric::Managed, prev);
                    if (&o != &zr && om != kMissing && opm != kMissing && om != opm) {
                        other = zoneLabel(o) + " managed " + signedPages(om - opm) + " pages";
                        break;
                    }
                }
                const auto sysctlChanged = [&](const std::vector<std::int64_t> &v) {
                    return v.size() == n && v[i] != kMissing && v[prev] != kMissing && v[i] != v[prev];
                };
                const bool sysctlsKnown = r.sysctls.minFreeKbytes.size() == n && r.sysctls.minFreeKbytes[i] != kMissing
                    && r.sysctls.minFreeKbytes[prev] != kMissing;
                const bool boostMoved = boost != kMissing && pBoost != kMissing && boost != pBoost && min - boost == pMin - pBoost
                    && low - boost == pLow - pBoost && high - boost == pHigh - pBoost;
                if (!other.empty()) {
                    e.text = zoneLabel(zr) + ": " + other + " -> " + marks
                        + " (watermarks recomputed for every zone: __setup_per_zone_wmarks)";
                } else if (boostMoved) {
                    e.text = zoneLabel(zr) + ": boost " + std::to_string(pBoost) + " -> " + std::to_string(boost) + " pages -> "
                        + marks + (boost > pBoost ? " (watermark boost: boost_watermark)" : " (boost reclaimed by kswapd)");
                } else if (sysctlChanged(r.sysctls.minFreeKbytes) || sysctlChanged(r.sysctls.watermarkScaleFactor)) {
                    e.text = zoneLabel(zr) + ": " + marks + " (sysctl write: min_free_kbytes "
                        + std::to_string(orZero(r.sysctls.minFreeKbytes[i])) + ", watermark_scale_factor "
                        + std::to_string(
                            orZero(r.sysctls.watermarkScaleFactor.size() == n ? r.sysctls.watermarkScaleFactor[i] : kMissing))
                        + "; __setup_per_zone_wmarks)";
                } else if (sysctlsKnown) {
                    e.text = zoneLabel(zr) + ": " + triple(pMin, pLow, pHigh) + " -> " + marks
                        + " (watermarks changed with the sysctls and managed pages unchanged: a boost)";
                } else {
                    e.text = zoneLabel(zr) + ": " + triple(pMin, pLow, pHigh) + " -> " + marks
                        + " (watermarks changed: a sysctl write or a boost)";
                }
            }
            ev.emplace_back(i, std::move(e));
            prev = i;
        }
    }

    // kswapd at work: pgscan_kswapd or pageoutrun rose between two samples.
    m_kswapdActive.assign(n, false);
    const bool hasKswapd = r.hasCounter("pgscan_kswapd") || r.hasCounter("pageoutrun");
    bool awake = false;
    for (std::size_t i = 1; hasKswapd && i < n; ++i) {
        const std::int64_t scan = r.counterDelta("pgscan_kswapd", i - 1, i).value_or(0);
        const std::int64_t runs = r.counterDelta("pageoutrun", i - 1, i).value_or(0);
        m_kswapdActive[i] = scan > 0 || runs > 0;
        if (m_kswapdActive[i] == awake)
            continue;
        awake = m_kswapdActive[i];
        for (int node : m_nodes) {
            wm::Event e;
            e.at = timeOf(i - 1);
            e.kind = awake ? wm::EventKind::KswapdWake : wm::EventKind::KswapdSleep;
            e.node = node;
            e.a = -1; // from the counters, not a wakeup the kernel logged
            e.text = awake ? "pgscan_kswapd +" + std::to_string(scan) + ", pageoutrun +" + std::to_string(runs)
                    + " by the next sample (vmstat: machine-wide)"
                           : std::string("pgscan_kswapd and pageoutrun unchanged by the next sample");
            ev.emplace_back(i, std::move(e));
        }
    }

    // Stalls: direct reclaim per classzone, direct compaction.
    std::vector<bool> populated(m_zones.size(), false);
    for (std::size_t zi = 0; zi < m_zones.size(); ++zi) {
        const auto &managed = r.zones[m_zones[zi].index].values[static_cast<std::size_t>(ZoneMetric::Managed)];
        populated[zi] = std::any_of(managed.begin(), managed.end(), [](std::int64_t v) { return v != kMissing && v > 0; });
    }
    for (const auto &[name, counter] : r.counters) {
        const bool compact = name == "compact_stall";
        std::optional<wm::ZoneType> type;
        if (name.starts_with("allocstall_"))
            type = wm::zoneTypeFromName(name.substr(11) == "high" ? "HighMem" : name.substr(11));
        if (!compact && !type)
            continue;
        // Drawn on the zone such a request prefers: the highest populated zone of the first
        // node at or below its classzone (allocstall_movable: Normal on a machine without
        // Movable); compaction stalls on the highest populated zone. vmstat has no node.
        const int node = m_nodes.empty() ? 0 : m_nodes.front();
        const int classzone = type ? wm::zoneIndex(*type) : wm::kMaxNrZones - 1;
        int zone = -1;
        for (std::size_t zi = 0; zi < m_zones.size(); ++zi)
            if (m_zones[zi].node == node && wm::zoneIndex(m_zones[zi].type) <= classzone && populated[zi]
                && (zone < 0 || m_zones[zi].type > m_zones[static_cast<std::size_t>(zone)].type))
                zone = static_cast<int>(zi);
        std::size_t last = npos;
        for (std::size_t i = 0; i < n; ++i) {
            if (counter.values[i] == kMissing)
                continue;
            if (last != npos)
                if (const auto d = r.counterDelta(name, last, i); d && *d > 0) {
                    wm::Event e;
                    e.at = timeOf(i);
                    e.kind = compact ? wm::EventKind::CompactStall : wm::EventKind::AllocStall;
                    e.node = node;
                    e.zone = zone;
                    e.a = *d;
                    e.b = type ? wm::zoneIndex(*type) : 0;
                    e.text = name + " +" + std::to_string(*d);
                    ev.emplace_back(i, std::move(e));
                }
            last = i;
        }
    }

    for (const auto &g : r.gaps) {
        if (g.beforeSample == 0 || g.beforeSample >= n)
            continue;
        wm::Event e;
        e.at = timeOf(g.beforeSample - 1);
        e.kind = wm::EventKind::RecordingGap;
        e.a = static_cast<std::int64_t>(std::llround(g.seconds * 1000));
        e.b = g.mark ? 1 : 0;
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.3g", g.seconds);
        e.text = std::string("gap ") + buf + " s" + (g.mark ? " (pmlogger restarted)" : "");
        ev.emplace_back(g.beforeSample, std::move(e));
    }

    // Published when their sample is played; in time order within and across samples.
    std::stable_sort(ev.begin(), ev.end(),
        [](const auto &x, const auto &y) { return x.first != y.first ? x.first < y.first : x.second.at < y.second.at; });
    m_events.clear();
    m_eventSample.clear();
    for (auto &[s, e] : ev) {
        m_eventSample.push_back(s);
        m_events.push_back(std::move(e));
    }
}

void RecordingPlayback::play(std::size_t i, std::vector<wm::Event> &out)
{
    const auto &r = *m_rec;
    std::vector<wm::ZoneSample> samples;
    samples.reserve(m_zones.size());
    for (std::size_t zi = 0; zi < m_zones.size(); ++zi) {
        const auto &z = r.zones[m_zones[zi].index];
        for (std::size_t m = 0; m < wm::recording::kZoneMetricCount; ++m)
            if (const std::int64_t v = z.values[m][i]; v != kMissing)
                m_last[zi][m] = v;
        for (std::size_t p = 0; p < z.protection.size() && p < kProtectionKept; ++p)
            if (const std::int64_t v = z.protection[p][i]; v != kMissing)
                m_lastProtection[zi][p] = v;
        samples.push_back(zoneSample(zi));
    }
    m_recorder.record(timeOf(i), samples);
    const double dt = i > 0 ? r.seconds[i] - r.seconds[i - 1] : 0;
    for (auto &[name, st] : m_counterLast) {
        const auto &c = r.counters.at(name);
        if (c.values[i] == kMissing) {
            st.known = false;
            continue;
        }
        if (st.lastLogged != npos) {
            // A counter's increase handles wraps and resets; an instant value (nr_free_pages)
            // just changes, up or down.
            const std::int64_t d
                = c.counterSemantics ? r.counterDelta(name, st.lastLogged, i).value_or(0) : c.values[i] - c.values[st.lastLogged];
            st.increase += d;
            st.rate = st.lastLogged + 1 == i && dt > 0 ? static_cast<double>(d) / dt : 0;
        }
        st.known = true;
        st.lastLogged = i;
        st.value = c.values[i];
    }
    m_current = i;
    while (m_nextEvent < m_events.size() && m_eventSample[m_nextEvent] <= i)
        out.push_back(m_events[m_nextEvent++]);
}

std::vector<wm::Event> RecordingPlayback::advanceTo(wm::usec_t t)
{
    std::vector<wm::Event> out;
    std::size_t next = m_current == npos ? 0 : m_current + 1;
    while (next < m_rec->samples() && timeOf(next) <= t)
        play(next++, out);
    return out;
}

std::vector<wm::Event> RecordingPlayback::stepSample()
{
    std::vector<wm::Event> out;
    const std::size_t next = m_current == npos ? 0 : m_current + 1;
    if (next < m_rec->samples())
        play(next, out);
    return out;
}

wm::ZoneSample RecordingPlayback::zoneSample(std::size_t zi) const
{
    const auto &l = m_last[zi];
    const auto get = [&](ZoneMetric m) { return orZero(l[static_cast<std::size_t>(m)]); };
    const std::int64_t boost = get(ZoneMetric::Boost);
    const std::int64_t min = get(ZoneMetric::Min);
    wm::Zone z;
    z.type = m_zones[zi].type;
    z.watermark[0] = std::max<std::int64_t>(0, min - boost);
    z.lowmemReserve[static_cast<std::size_t>(wm::zoneIndex(wm::ZoneType::Normal))]
        = orZero(m_lastProtection[zi][static_cast<std::size_t>(wm::zoneIndex(wm::ZoneType::Normal))]);
    const std::int64_t file = get(ZoneMetric::InactiveFile) + get(ZoneMetric::ActiveFile);
    const std::int64_t anon = get(ZoneMetric::InactiveAnon) + get(ZoneMetric::ActiveAnon);
    return wm::ZoneSample {get(ZoneMetric::Free), min, get(ZoneMetric::Low), get(ZoneMetric::High), boost, z.watermark[0],
        wm::atomicFloor(z), file, anon};
}

wm::Snapshot RecordingPlayback::snapshot() const
{
    const auto &r = *m_rec;
    wm::Snapshot s;
    s.now = now();
    s.duration = duration();
    s.tick = m_interval;
    s.policy = "recording";
    s.finished = finished();
    const std::size_t cur = m_current == npos ? 0 : m_current;
    const auto sysctl = [&](const std::vector<std::int64_t> &v, std::int64_t fallback) {
        return m_current != npos && cur < v.size() && v[cur] != kMissing ? v[cur] : fallback;
    };
    s.tunables.minFreeKbytes = sysctl(r.sysctls.minFreeKbytes, 0);
    s.tunables.watermarkScaleFactor = sysctl(r.sysctls.watermarkScaleFactor, s.tunables.watermarkScaleFactor);
    s.tunables.watermarkBoostFactor = sysctl(r.sysctls.watermarkBoostFactor, s.tunables.watermarkBoostFactor);
    for (std::size_t zi = 0; zi < m_zones.size(); ++zi) {
        const ZoneRef &zr = m_zones[zi];
        const auto &l = m_last[zi];
        const auto get = [&](ZoneMetric m) { return orZero(l[static_cast<std::size_t>(m)]); };
        const wm::ZoneSample x = zoneSample(zi);
        wm::ZoneState z;
        z.id = static_cast<int>(zi);
        z.node = zr.node;
        z.type = zr.type;
        z.managed = get(ZoneMetric::Managed);
        z.free = x.free;
        z.fileLru = x.fileLru;
        z.anonLru = x.anonLru;
        z.boost = x.boost;
        z.watermark = {x.minUnboosted, std::max<std::int64_t>(0, x.low - x.boost), std::max<std::int64_t>(0, x.high - x.boost),
            get(ZoneMetric::Promo)};
        for (std::size_t p = 0; p < kProtectionKept && p < z.lowmemReserve.size(); ++p)
            z.lowmemReserve[p] = orZero(m_lastProtection[zi][p]);
        z.atomicFloor = x.atomicFloor;
        s.zones.push_back(z);
    }
    // The counters the simulation also has, as increases since the first sample.
    const auto increase = [&](const std::string &name) -> std::int64_t {
        const auto it = m_counterLast.find(name);
        return it == m_counterLast.end() ? 0 : it->second.increase;
    };
    for (const auto &mc : kMachineCounters)
        s.counters[mc.counter] = increase(mc.name);
    for (int t = 0; t < wm::kMaxNrZones; ++t) {
        const auto type = wm::zoneTypeFromIndex(t);
        const std::string suffix = wm::zoneCounterSuffix(type);
        for (const auto c : {wm::Counter::Pgalloc, wm::Counter::Allocstall}) {
            const std::int64_t v = increase(std::string(wm::counterName(c)) + "_" + suffix);
            auto z = std::find_if(s.zones.begin(), s.zones.end(), [&](const wm::ZoneState &zs) { return zs.type == type; });
            if (z != s.zones.end())
                z->counters[c] = v;
            else if (c == wm::Counter::Allocstall)
                s.allocstallNoZone[static_cast<std::size_t>(t)] = v;
        }
    }
    for (int node : m_nodes) {
        wm::NodeState ns;
        ns.id = node;
        ns.kswapd = m_current != npos && m_kswapdActive[cur] ? wm::KswapdState::Running : wm::KswapdState::Sleeping;
        s.nodes.push_back(ns);
    }
    s.series = m_recorder.series();
    s.eventsTotal = static_cast<std::int64_t>(m_nextEvent);

    auto rs = std::make_shared<wm::RecordedSample>();
    rs->source = r.source;
    rs->hostname = r.hostname;
    rs->kernelRelease = r.kernelRelease;
    rs->sample = cur;
    rs->samples = r.samples();
    rs->seconds = m_current == npos ? 0 : r.seconds[cur];
    rs->startEpochNs = r.startEpochNs;
    for (const auto &[name, st] : m_counterLast)
        rs->counters.push_back({name, st.known, st.value, st.increase, st.rate, r.counters.at(name).counterSemantics});
    if (m_current != npos) {
        const wm::ZoneinfoParseResult parsed = wm::recording::zoneinfoAt(r, cur);
        const wm::ZoneinfoCheckResult check = wm::checkZoneinfo(parsed);
        for (const auto &c : check.zones) {
            wm::RecordedZoneCheck rc;
            for (std::size_t zi = 0; zi < m_zones.size(); ++zi)
                if (m_zones[zi].node == c.node && r.zones[m_zones[zi].index].zone == c.zone)
                    rc.zone = static_cast<int>(zi);
            if (rc.zone < 0)
                continue;
            rc.verdict = std::string(wm::zoneVerdictName(c.verdict));
            rc.explanation = c.explanation;
            rc.computedMin = c.computed.min();
            rc.computedLow = c.computed.low();
            rc.computedHigh = c.computed.high();
            rc.sysctlSource = std::string(wm::sysctlSourceName(check.sysctls.source()));
            rs->checks.push_back(std::move(rc));
        }
    }
    s.recorded = std::move(rs);
    return s;
}

} // namespace wm::gui
