#include "scenario/writer.h"

#include "scenario/units.h"

#include <algorithm>
#include <yaml-cpp/emitter.h>
#include <yaml-cpp/emittermanip.h>

namespace wm {

namespace {

const char *patternName(RateKind k)
{
    switch (k) {
    case RateKind::Constant:
        return "constant";
    case RateKind::Poisson:
        return "poisson";
    case RateKind::Bursts:
        return "bursts";
    case RateKind::Ramp:
        return "ramp";
    case RateKind::Piecewise:
        return "piecewise";
    }
    return "poisson";
}

void writeRate(YAML::Emitter &out, const RatePattern &r)
{
    if (r.kind == RateKind::Piecewise) {
        out << YAML::BeginMap << YAML::Key << "pattern" << YAML::Value << "piecewise";
        out << YAML::Key << "points" << YAML::Value << YAML::BeginSeq;
        for (const auto &p : r.points)
            out << YAML::Flow << YAML::BeginMap << YAML::Key << "at" << YAML::Value << formatDuration(p.at) << YAML::Key << "rate"
                << YAML::Value << formatRate(p.rate) << YAML::EndMap;
        out << YAML::EndSeq << YAML::EndMap;
        return;
    }
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "pattern" << YAML::Value << patternName(r.kind);
    switch (r.kind) {
    case RateKind::Constant:
    case RateKind::Poisson:
        out << YAML::Key << "rate" << YAML::Value << formatRate(r.rate);
        break;
    case RateKind::Bursts:
        out << YAML::Key << "base" << YAML::Value << formatRate(r.rate);
        out << YAML::Key << "burst_rate" << YAML::Value << formatRate(r.burstRate);
        out << YAML::Key << "period" << YAML::Value << formatDuration(r.period);
        out << YAML::Key << "length" << YAML::Value << formatDuration(r.burstLength);
        out << YAML::Key << "phase" << YAML::Value << formatDuration(r.phase);
        break;
    case RateKind::Ramp:
        out << YAML::Key << "from" << YAML::Value << formatRate(r.rate);
        out << YAML::Key << "to" << YAML::Value << formatRate(r.rampTo);
        break;
    case RateKind::Piecewise:
        break;
    }
    out << YAML::EndMap;
}

void writeLifetime(YAML::Emitter &out, const Lifetime &l)
{
    switch (l.kind) {
    case LifetimeKind::PageCache:
        out << "page_cache";
        return;
    case LifetimeKind::Anon:
        out << "anon";
        return;
    case LifetimeKind::Forever:
        out << "forever";
        return;
    case LifetimeKind::Fixed:
    case LifetimeKind::Exponential:
        break;
    }
    out << YAML::Flow << YAML::BeginMap << YAML::Key << (l.kind == LifetimeKind::Fixed ? "fixed" : "exponential") << YAML::Value
        << formatDuration(l.duration) << YAML::EndMap;
}

} // namespace

std::string writeScenarioYaml(const Scenario &s)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted << s.name;
    if (!s.description.empty())
        out << YAML::Key << "description" << YAML::Value << YAML::DoubleQuoted << s.description;
    out << YAML::Key << "duration" << YAML::Value << formatDuration(s.duration);
    out << YAML::Key << "tick" << YAML::Value << formatDuration(s.tick);
    out << YAML::Key << "seed" << YAML::Value << std::to_string(s.seed);
    if (!s.seeds.empty()) {
        out << YAML::Key << "seeds" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (auto x : s.seeds)
            out << std::to_string(x);
        out << YAML::EndSeq;
    }

    out << YAML::Key << "machine" << YAML::Value << YAML::BeginMap << YAML::Key << "nodes" << YAML::Value << YAML::BeginSeq;
    for (const auto &node : s.nodes) {
        out << YAML::BeginMap << YAML::Key << "zones" << YAML::Value;
        if (node.zones.empty()) {
            out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
        } else {
            out << YAML::BeginSeq;
            for (const auto &z : node.zones) {
                out << YAML::BeginMap;
                out << YAML::Key << "type" << YAML::Value << std::string(zoneName(z.type));
                out << YAML::Key << "managed" << YAML::Value << formatPages(z.managed);
                if (z.free >= 0)
                    out << YAML::Key << "free" << YAML::Value << formatPages(z.free);
                if (z.fileLru != 0)
                    out << YAML::Key << "file" << YAML::Value << formatPages(z.fileLru);
                if (z.anonLru != 0)
                    out << YAML::Key << "anon" << YAML::Value << formatPages(z.anonLru);
                if (z.unreclaimable != 0)
                    out << YAML::Key << "unreclaimable" << YAML::Value << formatPages(z.unreclaimable);
                out << YAML::Key << "high_order_fraction" << YAML::Value << formatNumber(z.highOrderFraction);
                if (z.extfragFallbackRate != 0)
                    out << YAML::Key << "extfrag_fallback_rate" << YAML::Value << formatRate(z.extfragFallbackRate);
                out << YAML::EndMap;
            }
            out << YAML::EndSeq;
        }
        out << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;

    out << YAML::Key << "sysctl" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "vm.min_free_kbytes" << YAML::Value
        << (s.sysctls.minFreeKbytes ? std::to_string(*s.sysctls.minFreeKbytes) : std::string("auto"));
    out << YAML::Key << "vm.watermark_scale_factor" << YAML::Value << std::to_string(s.sysctls.watermarkScaleFactor);
    out << YAML::Key << "vm.watermark_boost_factor" << YAML::Value << std::to_string(s.sysctls.watermarkBoostFactor);
    out << YAML::Key << "vm.lowmem_reserve_ratio" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (auto r : s.sysctls.lowmemReserveRatio)
        out << std::to_string(r);
    out << YAML::EndSeq;
    out << YAML::Key << "transparent_hugepage" << YAML::Value << formatBool(s.sysctls.thp);
    out << YAML::EndMap;

    out << YAML::Key << "reclaim" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "kswapd_file_rate" << YAML::Value << formatRate(s.reclaim.kswapdFileRate);
    out << YAML::Key << "kswapd_anon_rate" << YAML::Value << formatRate(s.reclaim.kswapdAnonRate);
    out << YAML::Key << "swap" << YAML::Value << formatBool(s.reclaim.swap);
    out << YAML::Key << "direct_reclaim_cost" << YAML::Value << formatDurationUs(s.reclaim.directReclaimUsPerPage);
    out << YAML::Key << "direct_reclaim_rate" << YAML::Value << formatRate(s.reclaim.directReclaimRate);
    out << YAML::Key << "oom_kill" << YAML::Value << formatPages(s.reclaim.oomKillPages);
    out << YAML::EndMap;

    out << YAML::Key << "policy" << YAML::Value;
    if (s.policy.knobs.empty()) {
        out << s.policy.id;
    } else {
        out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << s.policy.id;
        out << YAML::Key << "knobs" << YAML::Value << YAML::Flow << YAML::BeginMap;
        for (const auto &[k, v] : s.policy.knobs)
            out << YAML::Key << k << YAML::Value << formatNumber(v);
        out << YAML::EndMap << YAML::EndMap;
    }

    if (!s.sources.empty()) {
        out << YAML::Key << "workload" << YAML::Value << YAML::BeginSeq;
        for (const auto &src : s.sources) {
            out << YAML::BeginMap;
            out << YAML::Key << "name" << YAML::Value << src.name;
            out << YAML::Key << "gfp" << YAML::Value << src.gfp;
            out << YAML::Key << "order" << YAML::Value << std::to_string(src.order);
            out << YAML::Key << "node" << YAML::Value << std::to_string(src.node);
            out << YAML::Key << "rate" << YAML::Value;
            writeRate(out, src.rate);
            out << YAML::Key << "lifetime" << YAML::Value;
            writeLifetime(out, src.lifetime);
            if (src.slabRefill || src.slabOrder != 2) {
                out << YAML::Key << "slab_refill" << YAML::Value << YAML::Flow << YAML::BeginMap;
                if (!src.slabRefill)
                    out << YAML::Key << "enabled" << YAML::Value << "false";
                out << YAML::Key << "order" << YAML::Value << std::to_string(src.slabOrder) << YAML::EndMap;
            }
            // A source that would start after a cut-short run's end starts at
            // the end instead: it never runs either way, and the loader accepts it.
            if (src.start != 0)
                out << YAML::Key << "start" << YAML::Value << formatDuration(std::min(src.start, s.duration));
            if (src.stop)
                out << YAML::Key << "stop" << YAML::Value << formatDuration(*src.stop);
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }

    // A run cut short (--duration) keeps the entries it never reached; the
    // loader refuses them ("nothing runs after it"), so the scenario as run
    // leaves them out and says so in its header.
    const auto ran
        = std::count_if(s.timeline.begin(), s.timeline.end(), [&](const TimelineEntry &e) { return e.at < s.duration; });
    const auto leftOut = static_cast<std::ptrdiff_t>(s.timeline.size()) - ran;
    if (ran > 0) {
        out << YAML::Key << "timeline" << YAML::Value << YAML::BeginSeq;
        for (const auto &e : s.timeline) {
            if (e.at >= s.duration)
                continue;
            out << YAML::BeginMap << YAML::Key << "at" << YAML::Value << formatDuration(e.at);
            if (e.kind == TimelineKind::Set) {
                out << YAML::Key << "set" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << e.key << YAML::Value
                    << e.value << YAML::EndMap;
            } else {
                out << YAML::Key << "caption" << YAML::Value << YAML::DoubleQuoted << e.text;
                if (e.pause)
                    out << YAML::Key << "pause" << YAML::Value << "true";
            }
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }
    out << YAML::EndMap;

    std::string header = "# Watermark Explorer scenario";
#ifdef WM_VERSION
    header += " (written by Watermark Explorer " WM_VERSION ")";
#endif
    header += "\n# Units: durations us/ms/s/min/h/d, sizes with a unit: pages or B/KiB/MiB/GiB/TiB (4 KiB pages), rates per "
              "second.\n";
    if (leftOut > 0)
        header += "# " + std::to_string(leftOut) + " timeline " + (leftOut == 1 ? "entry" : "entries")
            + " at or after the end of the run (" + formatDuration(s.duration) + ") left out.\n";
    return header + out.c_str() + "\n";
}

} // namespace wm
