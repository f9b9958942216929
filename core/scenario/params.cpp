#include "scenario/params.h"

#include "policy/registry.h"
#include "scenario/diagnostics.h"
#include "scenario/units.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <limits>

namespace wm {

namespace {

using Setter = std::function<std::string(Scenario &, std::string_view)>; // "" or error without the key
using Getter = std::function<std::string(const Scenario &)>;

struct Def {
    ParamInfo info;
    Setter set;
    Getter get;
};

std::string_view trim(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

std::string rangeText(std::int64_t lo, std::int64_t hi)
{
    return std::to_string(lo) + ".." + std::to_string(hi);
}

// Integer in [lo, hi] or an error.
std::string intIn(std::string_view v, std::int64_t lo, std::int64_t hi, std::int64_t &out)
{
    std::string err;
    const auto x = parseInteger(v, &err);
    if (!x)
        return err;
    if (*x < lo || *x > hi)
        return std::to_string(*x) + " is out of range " + rangeText(lo, hi);
    out = *x;
    return {};
}

// Parses `v` with one of units.h's parsers into `out`: "" or the parser's error.
template <typename T, typename Parse> std::string parseInto(std::string_view v, T &out, Parse parse)
{
    std::string err;
    const auto x = parse(v, &err);
    if (!x)
        return err;
    out = *x;
    return {};
}

std::string rateIn(std::string_view v, double &out)
{
    std::string err;
    const auto x = parseRate(v, &err);
    if (!x)
        return err;
    if (*x > kMaxRatePerSecond)
        return formatRate(*x) + " is out of range 0/s.." + formatRate(kMaxRatePerSecond);
    out = *x;
    return {};
}

std::string lowmemText(const Sysctls &s)
{
    std::string t;
    for (std::size_t i = 0; i < s.lowmemReserveRatio.size(); ++i)
        t += (i ? " " : "") + std::to_string(s.lowmemReserveRatio[i]);
    return t;
}

ParamInfo info(std::string key, std::string unit, double lo, double hi, ParamScope scope, std::string help)
{
    return ParamInfo {std::move(key), std::move(unit), lo, hi, scope, std::move(help)};
}

std::vector<Def> fixedDefs()
{
    std::vector<Def> d;
    const double intMax = static_cast<double>(kSysctlIntMax);
    d.push_back({info("vm.min_free_kbytes", "kB", 0, intMax, ParamScope::Live,
                     "Reserve the min watermarks are carved from, in KiB; \"auto\" = the kernel's boot value."),
        [](Scenario &s, std::string_view v) -> std::string {
            if (trim(v) == "auto") {
                s.sysctls.minFreeKbytes.reset();
                return {};
            }
            std::int64_t x = 0;
            auto e = intIn(v, 0, kSysctlIntMax, x);
            if (!e.empty())
                return e + " (or \"auto\")";
            s.sysctls.minFreeKbytes = x;
            return {};
        },
        [](const Scenario &s) {
            return s.sysctls.minFreeKbytes ? std::to_string(*s.sysctls.minFreeKbytes) : std::string("auto");
        }});
    d.push_back({info("vm.watermark_scale_factor", "", static_cast<double>(kWatermarkScaleFactorMin),
                     static_cast<double>(kWatermarkScaleFactorMax), ParamScope::Live,
                     "Gap between the min, low and high watermarks in 1/10000 of the zone's managed pages."),
        [](Scenario &s, std::string_view v) {
            std::int64_t x = 0;
            auto e = intIn(v, kWatermarkScaleFactorMin, kWatermarkScaleFactorMax, x);
            if (e.empty())
                s.sysctls.watermarkScaleFactor = x;
            return e;
        },
        [](const Scenario &s) { return std::to_string(s.sysctls.watermarkScaleFactor); }});
    d.push_back({info("vm.watermark_boost_factor", "", 0, intMax, ParamScope::Live,
                     "Temporary watermark boost after fragmentation events, in 1/10000 of the high watermark; 0 disables."),
        [](Scenario &s, std::string_view v) {
            std::int64_t x = 0;
            auto e = intIn(v, 0, kSysctlIntMax, x);
            if (e.empty())
                s.sysctls.watermarkBoostFactor = x;
            return e;
        },
        [](const Scenario &s) { return std::to_string(s.sysctls.watermarkBoostFactor); }});
    d.push_back({info("vm.lowmem_reserve_ratio", "", 0, intMax, ParamScope::Live,
                     "Five ratios (DMA DMA32 Normal HighMem Movable) protecting lower zones from higher-zone allocations."),
        [](Scenario &s, std::string_view v) -> std::string {
            std::string_view t = trim(v);
            if (t.size() >= 2 && t.front() == '[' && t.back() == ']')
                t = t.substr(1, t.size() - 2);
            std::vector<std::string_view> parts;
            std::size_t i = 0;
            while (i < t.size()) {
                while (i < t.size() && (std::isspace(static_cast<unsigned char>(t[i])) || t[i] == ','))
                    ++i;
                std::size_t j = i;
                while (j < t.size() && !(std::isspace(static_cast<unsigned char>(t[j])) || t[j] == ','))
                    ++j;
                if (j > i)
                    parts.push_back(t.substr(i, j - i));
                if (parts.size() > 64)
                    break;
                i = j;
            }
            if (parts.size() != static_cast<std::size_t>(kMaxNrZones))
                return "expected " + std::to_string(kMaxNrZones)
                    + " integers (DMA DMA32 Normal HighMem Movable), e.g. \"256 256 32 0 0\", got "
                    + std::to_string(parts.size());
            std::array<std::int64_t, kMaxNrZones> r {};
            for (std::size_t k = 0; k < parts.size(); ++k) {
                auto e = intIn(parts[k], 0, kSysctlIntMax, r[k]);
                if (!e.empty())
                    return std::string(kZoneNames[k]) + " ratio: " + e;
            }
            s.sysctls.lowmemReserveRatio = r;
            return {};
        },
        [](const Scenario &s) { return lowmemText(s.sysctls); }});
    d.push_back({info("transparent_hugepage", "bool", 0, 1, ParamScope::Boot,
                     "THP enabled: the boot raises min_free_kbytes to the recommended value."),
        [](Scenario &s, std::string_view v) { return parseInto(v, s.sysctls.thp, parseBool); },
        [](const Scenario &s) { return formatBool(s.sysctls.thp); }});
    d.push_back({info("policy", "id", 0, 0, ParamScope::Boot, "The watermark policy (vanilla or a patch version)."),
        [](Scenario &s, std::string_view v) -> std::string {
            const std::string id(trim(v));
            if (!findPolicyInfo(id)) {
                std::vector<std::string> ids;
                std::string known;
                for (const auto &p : policyInfos()) {
                    ids.push_back(p.id);
                    known += (known.empty() ? "" : ", ") + p.id;
                }
                std::string msg = "unknown policy '" + id + "'" + didYouMean(id, ids);
                if (!known.empty() && ids.size() <= 30)
                    msg += " (known: " + known + ")";
                return msg;
            }
            if (id != s.policy.id) {
                std::map<std::string, double> kept;
                for (const auto &[k, x] : s.policy.knobs)
                    if (validatePolicyKnob(id, k, x).empty())
                        kept.emplace(k, x);
                s.policy.knobs = std::move(kept);
                s.policy.id = id;
            }
            return {};
        },
        [](const Scenario &s) { return s.policy.id; }});
    d.push_back({info("duration", "us", 1, static_cast<double>(kMaxDuration), ParamScope::Boot,
                     "Simulated time, at least one tick and at most 30 days."),
        [](Scenario &s, std::string_view v) -> std::string {
            std::string err;
            const auto x = parseDuration(v, &err);
            if (!x)
                return err;
            if (*x > kMaxDuration)
                return formatDuration(*x) + " is longer than 30 days";
            if (*x < s.tick || *x <= 0)
                return formatDuration(*x) + " is shorter than the tick (" + formatDuration(s.tick) + ")";
            if (auto e = tooManyTicks(*x, s.tick); !e.empty())
                return e;
            s.duration = *x;
            return {};
        },
        [](const Scenario &s) { return formatDuration(s.duration); }});
    d.push_back({info("tick", "us", 1, static_cast<double>(kMaxTick), ParamScope::Boot,
                     "Simulation step: greater than 0, at most 1s and at most the duration."),
        [](Scenario &s, std::string_view v) -> std::string {
            std::string err;
            const auto x = parseDuration(v, &err);
            if (!x)
                return err;
            if (*x <= 0)
                return "the tick must be greater than 0";
            if (*x > s.duration)
                return formatDuration(*x) + " is longer than the duration (" + formatDuration(s.duration) + ")";
            if (*x > kMaxTick)
                return tickTooLong(*x);
            if (auto e = tooManyTicks(s.duration, *x); !e.empty())
                return e;
            s.tick = *x;
            return {};
        },
        [](const Scenario &s) { return formatDuration(s.tick); }});
    d.push_back(
        {info("seed", "", 0, static_cast<double>(kMaxSeed), ParamScope::Boot, "Random seed of the workload (0 to 2^63 - 1)."),
            [](Scenario &s, std::string_view v) -> std::string {
                std::string err;
                const auto x = parseSeed(v, &err);
                if (!x)
                    return err;
                s.seed = *x;
                return {};
            },
            [](const Scenario &s) { return std::to_string(s.seed); }});
    d.push_back({info("reclaim.kswapd_file_rate", "pages/s", 0, kMaxRatePerSecond, ParamScope::Live,
                     "Pages per second kswapd reclaims from clean page cache."),
        [](Scenario &s, std::string_view v) { return rateIn(v, s.reclaim.kswapdFileRate); },
        [](const Scenario &s) { return formatRate(s.reclaim.kswapdFileRate); }});
    d.push_back({info("reclaim.direct_reclaim_rate", "pages/s", 0, kMaxRatePerSecond, ParamScope::Live,
                     "Pages per second all direct reclaimers of one node can reclaim together; past it they wait."),
        [](Scenario &s, std::string_view v) { return rateIn(v, s.reclaim.directReclaimRate); },
        [](const Scenario &s) { return formatRate(s.reclaim.directReclaimRate); }});
    d.push_back({info("reclaim.kswapd_anon_rate", "pages/s", 0, kMaxRatePerSecond, ParamScope::Live,
                     "Pages per second kswapd reclaims from anonymous memory through swap."),
        [](Scenario &s, std::string_view v) { return rateIn(v, s.reclaim.kswapdAnonRate); },
        [](const Scenario &s) { return formatRate(s.reclaim.kswapdAnonRate); }});
    d.push_back(
        {info("reclaim.swap", "bool", 0, 1, ParamScope::Live, "Swap available: without it anonymous pages are never reclaimed."),
            [](Scenario &s, std::string_view v) { return parseInto(v, s.reclaim.swap, parseBool); },
            [](const Scenario &s) { return formatBool(s.reclaim.swap); }});
    d.push_back({info("reclaim.direct_reclaim_cost", "us/page", 0, kMaxDirectReclaimUsPerPage, ParamScope::Live,
                     "Stall an allocating task pays per page scanned in direct reclaim."),
        [](Scenario &s, std::string_view v) -> std::string {
            std::string err;
            const auto x = parseDurationUs(v, &err);
            if (!x)
                return err;
            if (*x > kMaxDirectReclaimUsPerPage)
                return formatDurationUs(*x) + " is out of range 0us..1s per page";
            s.reclaim.directReclaimUsPerPage = *x;
            return {};
        },
        [](const Scenario &s) { return formatDurationUs(s.reclaim.directReclaimUsPerPage); }});
    d.push_back({info("reclaim.oom_kill", "pages", 0, static_cast<double>(kMaxPages), ParamScope::Live,
                     "Anonymous pages an OOM kill frees; 0 = 1% of the machine."),
        [](Scenario &s, std::string_view v) { return parseInto(v, s.reclaim.oomKillPages, parsePages); },
        [](const Scenario &s) { return formatPages(s.reclaim.oomKillPages); }});
    return d;
}

// workload.<name>.* for one source, looked up by name at call time.
void sourceDefs(const SourceSpec &src, std::size_t index, std::vector<Def> &d)
{
    const std::string prefix = "workload." + src.name + ".";
    const std::string name = src.name;
    // By name (the source at `index` first: the scenario the defs were made
    // from, without a search through thousands of sources).
    auto find = [name, index](Scenario &s) -> SourceSpec * {
        if (index < s.sources.size() && s.sources[index].name == name)
            return &s.sources[index];
        for (auto &x : s.sources)
            if (x.name == name)
                return &x;
        return nullptr;
    };
    auto cfind = [name, index](const Scenario &s) -> const SourceSpec * {
        if (index < s.sources.size() && s.sources[index].name == name)
            return &s.sources[index];
        for (const auto &x : s.sources)
            if (x.name == name)
                return &x;
        return nullptr;
    };
    const RateKind kind = src.rate.kind;
    if (kind != RateKind::Piecewise) {
        const char *help = kind == RateKind::Bursts ? "Request rate between bursts."
            : kind == RateKind::Ramp                ? "Request rate at the start of the ramp."
                                                    : "Request rate.";
        d.push_back({info(prefix + "rate", "1/s", 0, kMaxRatePerSecond, ParamScope::Live, help),
            [find](Scenario &s, std::string_view v) -> std::string {
                SourceSpec *x = find(s);
                if (!x)
                    return "no such workload source";
                if (x->rate.kind == RateKind::Piecewise)
                    return "the source has a piecewise rate; edit its points instead";
                return rateIn(v, x->rate.rate);
            },
            [cfind](const Scenario &s) { return formatRate(cfind(s)->rate.rate); }});
    }
    if (kind == RateKind::Bursts) {
        d.push_back({info(prefix + "burst_rate", "1/s", 0, kMaxRatePerSecond, ParamScope::Live, "Request rate during a burst."),
            [find](Scenario &s, std::string_view v) -> std::string {
                SourceSpec *x = find(s);
                if (!x || x->rate.kind != RateKind::Bursts)
                    return "the source does not have a bursts pattern";
                return rateIn(v, x->rate.burstRate);
            },
            [cfind](const Scenario &s) { return formatRate(cfind(s)->rate.burstRate); }});
        d.push_back({info(prefix + "period", "us", 1, static_cast<double>(kMaxDuration), ParamScope::Live,
                         "Time from the start of one burst to the start of the next."),
            [find](Scenario &s, std::string_view v) -> std::string {
                SourceSpec *x = find(s);
                if (!x || x->rate.kind != RateKind::Bursts)
                    return "the source does not have a bursts pattern";
                std::string err;
                const auto p = parseDuration(v, &err);
                if (!p)
                    return err;
                if (*p <= 0 || *p > kMaxDuration)
                    return "the period must be greater than 0 and at most 30 days";
                if (*p < x->rate.burstLength)
                    return "the period (" + formatDuration(*p) + ") is shorter than the burst length ("
                        + formatDuration(x->rate.burstLength) + ")";
                x->rate.period = *p;
                return {};
            },
            [cfind](const Scenario &s) { return formatDuration(cfind(s)->rate.period); }});
        d.push_back({info(prefix + "burst_length", "us", 0, static_cast<double>(kMaxDuration), ParamScope::Live,
                         "How long each burst lasts (at most the period)."),
            [find](Scenario &s, std::string_view v) -> std::string {
                SourceSpec *x = find(s);
                if (!x || x->rate.kind != RateKind::Bursts)
                    return "the source does not have a bursts pattern";
                std::string err;
                const auto p = parseDuration(v, &err);
                if (!p)
                    return err;
                if (*p > x->rate.period)
                    return "the burst length (" + formatDuration(*p) + ") is longer than the period ("
                        + formatDuration(x->rate.period) + ")";
                x->rate.burstLength = *p;
                return {};
            },
            [cfind](const Scenario &s) { return formatDuration(cfind(s)->rate.burstLength); }});
    }
    d.push_back({info(prefix + "order", "", 0, kMaxPageOrder, ParamScope::Live, "Allocation order (2^order pages)."),
        [find](Scenario &s, std::string_view v) -> std::string {
            SourceSpec *x = find(s);
            if (!x)
                return "no such workload source";
            std::int64_t o = 0;
            auto e = intIn(v, 0, kMaxPageOrder, o);
            if (e.empty())
                x->order = static_cast<int>(o);
            return e;
        },
        [cfind](const Scenario &s) { return std::to_string(cfind(s)->order); }});
}

void knobDefs(const Scenario &s, std::vector<Def> &d)
{
    const PolicyInfo *p = findPolicyInfo(s.policy.id);
    if (!p)
        return;
    for (const auto &k : p->knobs) {
        const std::string knob = k.name;
        d.push_back({info("policy." + knob, "", k.min, k.max, ParamScope::Live, k.help),
            [knob](Scenario &sc, std::string_view v) -> std::string {
                std::string err;
                const auto x = parseNumber(v, &err);
                if (!x)
                    return err;
                auto e = validatePolicyKnob(sc.policy.id, knob, *x);
                if (!e.empty())
                    return e;
                sc.policy.knobs[knob] = *x;
                return {};
            },
            [knob](const Scenario &sc) { return formatNumber(policyKnob(sc.policy, knob)); }});
    }
}

// machine.node<N>.<zone>.managed: a zone's managed pages. Set before the run, the machine
// boots with them; changed while it runs, it is memory hot(un)plug (docs/model.md §2.9).
void machineDefs(const Scenario &s, std::vector<Def> &d)
{
    for (std::size_t n = 0; n < s.nodes.size(); ++n)
        for (const auto &z : s.nodes[n].zones) {
            std::string zone(zoneName(z.type));
            std::transform(zone.begin(), zone.end(), zone.begin(), [](unsigned char c) { return std::tolower(c); });
            const ZoneType type = z.type;
            const auto find = [n, type](auto &sc) -> decltype(&sc.nodes[0].zones[0]) {
                if (n >= sc.nodes.size())
                    return nullptr;
                for (auto &x : sc.nodes[n].zones)
                    if (x.type == type)
                        return &x;
                return nullptr;
            };
            d.push_back({info("machine.node" + std::to_string(n) + "." + zone + ".managed", "pages", 0,
                             static_cast<double>(kMaxPages), ParamScope::Live,
                             "Managed pages of the zone; a change while running is memory hot(un)plug, which recomputes "
                             "min_free_kbytes, the watermarks and lowmem_reserve (init_per_zone_wmark_min())."),
                [find](Scenario &sc, std::string_view v) -> std::string {
                    ZoneSpec *zs = find(sc);
                    if (!zs)
                        return "no such zone";
                    pages_t x = 0;
                    if (auto e = parseInto(v, x, parsePages); !e.empty())
                        return e;
                    if (x < 0 || x > kMaxPages)
                        return std::to_string(x) + " is out of range 0.." + std::to_string(kMaxPages);
                    if (zs->free > x)
                        return "the zone's initial free pages (" + std::to_string(zs->free) + ") are above " + std::to_string(x);
                    zs->managed = x;
                    return {};
                },
                [find](const Scenario &sc) {
                    const ZoneSpec *zs = find(sc);
                    return zs ? formatPages(zs->managed) : std::string();
                }});
        }
}

std::vector<Def> allDefs(const Scenario &s)
{
    std::vector<Def> d = fixedDefs();
    machineDefs(s, d);
    for (std::size_t i = 0; i < s.sources.size(); ++i)
        sourceDefs(s.sources[i], i, d);
    knobDefs(s, d);
    return d;
}

} // namespace

std::string tickTooLong(usec_t tick)
{
    return "the tick (" + formatDuration(tick) + ") is longer than 1s: every rule runs once a tick, and kswapd naps for 100ms";
}

std::string tooManyTicks(usec_t duration, usec_t tick)
{
    if (tick <= 0 || (duration + tick - 1) / tick <= kMaxTicks)
        return {};
    return formatDuration(duration) + " at a tick of " + formatDuration(tick) + " is "
        + std::to_string((duration + tick - 1) / tick) + " ticks, more than " + std::to_string(kMaxTicks)
        + " (2^32): a run that long would take weeks; use a longer tick or a shorter duration";
}

std::vector<ParamInfo> listParams(const Scenario &s)
{
    std::vector<ParamInfo> out;
    for (auto &d : allDefs(s))
        out.push_back(std::move(d.info));
    return out;
}

std::optional<ParamInfo> findParam(const Scenario &s, std::string_view key)
{
    for (auto &d : allDefs(s))
        if (d.info.key == key)
            return std::move(d.info);
    return std::nullopt;
}

std::string applyParam(Scenario &s, std::string_view key, std::string_view value)
{
    const std::string k(trim(key));
    auto defs = allDefs(s);
    for (auto &d : defs) {
        if (d.info.key != k)
            continue;
        std::string e = d.set(s, value); // setters validate completely before they store
        return e.empty() ? e : k + ": " + e;
    }
    std::vector<std::string> keys;
    for (const auto &d : defs)
        keys.push_back(d.info.key);
    std::string shown = k.substr(0, 80);
    for (char &c : shown)
        if (static_cast<unsigned char>(c) < 0x20)
            c = '?';
    std::string msg = "unknown parameter '" + shown + "'" + didYouMean(k, keys);
    if (k.rfind("policy.", 0) == 0)
        msg += " (policy '" + s.policy.id + "' has "
            + (findPolicyInfo(s.policy.id) && !findPolicyInfo(s.policy.id)->knobs.empty() ? "other knobs" : "no knobs") + ")";
    else if (k.rfind("workload.", 0) == 0 && closestMatch(k, keys).empty())
        msg += " (workload keys are workload.<source name>.rate|burst_rate|period|burst_length|order)";
    return msg;
}

std::optional<std::string> paramValue(const Scenario &s, std::string_view key)
{
    for (const auto &d : allDefs(s))
        if (d.info.key == key)
            return d.get(s);
    return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> paramValues(const Scenario &s)
{
    std::vector<std::pair<std::string, std::string>> out;
    for (auto &d : allDefs(s))
        out.emplace_back(std::move(d.info.key), d.get(s));
    return out;
}

std::optional<std::pair<std::string, std::string>> splitAssignment(std::string_view keyEqualsValue)
{
    const auto eq = keyEqualsValue.find('=');
    if (eq == std::string_view::npos)
        return std::nullopt;
    const auto key = trim(keyEqualsValue.substr(0, eq));
    if (key.empty())
        return std::nullopt;
    return std::make_pair(std::string(key), std::string(trim(keyEqualsValue.substr(eq + 1))));
}

} // namespace wm
