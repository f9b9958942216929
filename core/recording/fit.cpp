#include "recording/fit.h"

#include "mm/gfp.h"
#include "mm/watermarks.h"
#include "scenario/units.h"
#include "scenario/writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

namespace wm::recording {

namespace {

// Piecewise rates: at most this many points a source, so a day at 1 s stays a file the loader
// reads (its limit is 1 MiB): longer recordings are averaged over equal buckets of intervals.
constexpr std::size_t kMaxRatePoints = 2000;
constexpr usec_t kTick = 1000;
constexpr usec_t kKernelLifetime = 10'000; // short-lived kernel allocations: 10 ms (a modelling choice)

// Locale-independent (Qt sets the process locale): to_chars, never printf/stod.
std::string fmt(double v, int precision = 3)
{
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, precision);
    return std::string(buf, res.ptr);
}

double roundSignificant(double v, int digits)
{
    if (v <= 0 || !std::isfinite(v))
        return 0;
    const double scale = std::pow(10.0, digits - 1 - std::floor(std::log10(v)));
    return std::round(v * scale) / scale;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const double pos = p * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

usec_t toUs(double seconds)
{
    return static_cast<usec_t>(std::llround(seconds * 1e6 / static_cast<double>(kTick))) * kTick;
}

// A value at `i`, else the last one before it; 0 if none.
std::int64_t carried(const ZoneSeries &z, ZoneMetric m, std::size_t i)
{
    const std::int64_t v = z.lastAt(m, i);
    return v == kMissing ? 0 : v;
}

std::int64_t lruSum(const Recording &r, std::size_t i, ZoneMetric a, ZoneMetric b)
{
    std::int64_t s = 0;
    for (const auto &z : r.zones)
        s += carried(z, a, i) + carried(z, b, i);
    return s;
}

double counterRate(const Recording &r, const char *name, std::size_t a, std::size_t b, double dt)
{
    const auto d = r.counterDelta(name, a, b);
    return d && dt > 0 ? static_cast<double>(*d) / dt : 0;
}

// The machine's zones at sample s0 as the watermark maths takes them.
std::vector<ZoneWatermarkInput> inputsAt(const Recording &r, std::size_t s0, std::vector<const ZoneSeries *> &zones)
{
    std::vector<ZoneWatermarkInput> in;
    for (const auto &z : r.zones) {
        const auto type = zoneTypeFromName(z.zone);
        if (!type)
            continue; // ZONE_DEVICE: not in the watermark maths
        zones.push_back(&z);
        in.push_back({*type, carried(z, ZoneMetric::Managed, s0)});
    }
    return in;
}

bool reproduces(const std::vector<ZoneWatermarkInput> &in, const std::vector<const ZoneSeries *> &zones, std::size_t s0,
    std::int64_t mfk, std::int64_t wsf, bool minOnly)
{
    const auto marks = setupPerZoneWmarks(in, mfk, wsf);
    for (std::size_t i = 0; i < zones.size(); ++i) {
        const auto *z = zones[i];
        const std::int64_t boost
            = std::max<std::int64_t>(0, z->lastAt(ZoneMetric::Boost, s0) == kMissing ? 0 : z->lastAt(ZoneMetric::Boost, s0));
        if (in[i].managed == 0)
            continue;
        if (marks[i].min() + boost != z->at(ZoneMetric::Min, s0))
            return false;
        if (!minOnly
            && (marks[i].low() + boost != z->lastAt(ZoneMetric::Low, s0)
                || marks[i].high() + boost != z->lastAt(ZoneMetric::High, s0)))
            return false;
    }
    return true;
}

} // namespace

std::optional<FitResult> fitScenario(const Recording &r, std::string &error)
{
    const std::size_t n = r.samples();
    const std::size_t s0 = firstCompleteSample(r);
    if (s0 == n) {
        error = "no sample holds a zone's managed, free and min pages: nothing to fit";
        return std::nullopt;
    }
    FitResult f;
    Scenario &s = f.scenario;
    const std::string base = std::filesystem::path(r.source).filename().string();
    s.name = "Fit of " + base;
    s.description = "Fitted by watermark-explorer fit from the PCP archive " + base + " (" + std::to_string(n - s0)
        + " samples over " + fmt(r.duration() - r.seconds[s0], 4) + " s" + (r.hostname.empty() ? "" : ", host " + r.hostname)
        + (r.kernelRelease.empty() ? "" : ", kernel " + r.kernelRelease) + ").";
    s.tick = kTick;
    s.duration = std::max<usec_t>(kTick, toUs(r.duration() - r.seconds[s0]));
    s.seed = 1;
    const auto tOf = [&](std::size_t i) { return toUs(r.seconds[i] - r.seconds[s0]); };

    // Machine: node by node, zones in the kernel's order; zones that ever hold pages.
    int maxNode = -1;
    for (const auto &z : r.zones)
        maxNode = std::max(maxNode, z.node);
    s.nodes.assign(static_cast<std::size_t>(maxNode + 1), {});
    for (const auto &z : r.zones) {
        const auto type = zoneTypeFromName(z.zone);
        bool everPopulated = false;
        for (std::size_t i = s0; i < n && !everPopulated; ++i)
            everPopulated = z.at(ZoneMetric::Managed, i) != kMissing && z.at(ZoneMetric::Managed, i) > 0;
        if (!type || !everPopulated)
            continue;
        ZoneSpec zs;
        zs.type = *type;
        zs.managed = carried(z, ZoneMetric::Managed, s0);
        zs.free = std::min(zs.managed, carried(z, ZoneMetric::Free, s0));
        zs.fileLru = carried(z, ZoneMetric::InactiveFile, s0) + carried(z, ZoneMetric::ActiveFile, s0);
        zs.anonLru = carried(z, ZoneMetric::InactiveAnon, s0) + carried(z, ZoneMetric::ActiveAnon, s0);
        zs.fileLru = std::min(zs.fileLru, zs.managed - zs.free);
        zs.anonLru = std::min(zs.anonLru, zs.managed - zs.free - zs.fileLru);
        zs.unreclaimable = zs.managed - zs.free - zs.fileLru - zs.anonLru;
        s.nodes[static_cast<std::size_t>(z.node)].zones.push_back(zs);
    }
    for (auto &nd : s.nodes)
        std::sort(nd.zones.begin(), nd.zones.end(), [](const ZoneSpec &a, const ZoneSpec &b) { return a.type < b.type; });
    s.nodes.erase(
        std::remove_if(s.nodes.begin(), s.nodes.end(), [](const NodeSpec &nd) { return nd.zones.empty(); }), s.nodes.end());
    if (s.nodes.empty()) {
        error = "no zone of the recording has managed pages";
        return std::nullopt;
    }

    // Sysctls: recorded, else the values that reproduce the first sample's marks.
    std::vector<const ZoneSeries *> zones;
    const auto in = inputsAt(r, s0, zones);
    const auto recorded = [&](const std::vector<std::int64_t> &v) -> std::optional<std::int64_t> {
        if (s0 < v.size() && v[s0] != kMissing)
            return v[s0];
        return std::nullopt;
    };
    std::optional<std::int64_t> mfk = recorded(r.sysctls.minFreeKbytes);
    std::optional<std::int64_t> wsf = recorded(r.sysctls.watermarkScaleFactor);
    if (const auto wbf = recorded(r.sysctls.watermarkBoostFactor))
        s.sysctls.watermarkBoostFactor = *wbf;
    if (!r.sysctls.lowmemReserveRatio.empty()) {
        for (std::size_t k = 0; k < r.sysctls.lowmemReserveRatio.size() && k < s.sysctls.lowmemReserveRatio.size(); ++k)
            if (const auto v = recorded(r.sysctls.lowmemReserveRatio[k]))
                s.sysctls.lowmemReserveRatio[k] = *v;
    }
    std::string mfkHow = "recorded (wmx.vm.min_free_kbytes)";
    std::string wsfHow = "recorded (wmx.vm.watermark_scale_factor)";
    if (!mfk) {
        // pages_min = min_free_kbytes >> 2 is split by managed share: the largest lowmem zone's
        // min gives it to within a few pages; search around it for the exact one.
        const ZoneSeries *largest = nullptr;
        pages_t lowmem = 0, largestManaged = 0;
        for (std::size_t i = 0; i < zones.size(); ++i)
            if (zoneIndex(in[i].type) <= zoneIndex(ZoneType::Normal)) {
                lowmem += in[i].managed;
                if (in[i].managed > largestManaged) {
                    largestManaged = in[i].managed;
                    largest = zones[i];
                }
            }
        if (largest && largestManaged > 0) {
            const double est = static_cast<double>(largest->at(ZoneMetric::Min, s0)) * static_cast<double>(lowmem)
                / static_cast<double>(largestManaged);
            const auto pm0 = static_cast<std::int64_t>(est);
            std::vector<std::int64_t> fits;
            for (std::int64_t pm = std::max<std::int64_t>(1, pm0 - 8); pm <= pm0 + 8 + static_cast<std::int64_t>(zones.size());
                 ++pm)
                if (reproduces(in, zones, s0, pm * 4, 10, true))
                    fits.push_back(pm * 4);
            if (!fits.empty()) {
                // Among the fits, the kernel's own boot value when it is one (THP's recommended
                // value or the square-root default): the recording then needs no sysctl write.
                const std::int64_t bootThp = bootMinFreeKbytes(in, kWatermarkScaleFactorDefault, true);
                const std::int64_t bootSqrt = bootMinFreeKbytes(in, kWatermarkScaleFactorDefault, false);
                const auto pick
                    = std::find_if(fits.begin(), fits.end(), [&](std::int64_t k) { return k == bootThp || k == bootSqrt; });
                mfk = pick != fits.end() ? *pick : fits.front();
                mfkHow = "fitted: reproduces every zone's min at the first sample exactly (" + std::to_string(fits.size())
                    + " value(s) from " + std::to_string(fits.front()) + " to " + std::to_string(fits.back())
                    + " kB do; PCP does not log the sysctl)";
            }
        }
        if (!mfk) {
            mfk = bootMinFreeKbytes(in, kWatermarkScaleFactorDefault, true);
            mfkHow = "not recorded and no value reproduces the first sample's min: the kernel's THP boot value";
            f.limits.push_back("the first sample's min watermarks match no min_free_kbytes: a boost, or managed pages that "
                               "changed after the last recomputation (run `watermark-explorer zoneinfo` on the archive)");
        }
    }
    if (!wsf) {
        if (reproduces(in, zones, s0, *mfk, kWatermarkScaleFactorDefault, false)) {
            wsf = kWatermarkScaleFactorDefault;
            wsfHow = "fitted: the default 10 reproduces every zone's low and high at the first sample";
        } else {
            for (std::int64_t w = kWatermarkScaleFactorMin; w <= kWatermarkScaleFactorMax && !wsf; ++w)
                if (reproduces(in, zones, s0, *mfk, w, false))
                    wsf = w;
            wsfHow = wsf ? "fitted: the value that reproduces every zone's low and high at the first sample"
                         : "no value reproduces the first sample's low/high: the default 10";
            if (!wsf)
                wsf = kWatermarkScaleFactorDefault;
        }
    }
    s.sysctls.watermarkScaleFactor = *wsf;
    const std::int64_t bootThp = bootMinFreeKbytes(in, kWatermarkScaleFactorDefault, true);
    const std::int64_t bootSqrt = bootMinFreeKbytes(in, kWatermarkScaleFactorDefault, false);
    if (*mfk == bootThp) {
        s.sysctls.thp = true;
        s.sysctls.minFreeKbytes.reset();
        mfkHow += "; it is the kernel's own boot value with THP (khugepaged's recommended value)";
    } else if (*mfk == bootSqrt) {
        s.sysctls.thp = false;
        s.sysctls.minFreeKbytes.reset();
        mfkHow += "; it is the kernel's square-root boot value (THP off)";
    } else {
        s.sysctls.minFreeKbytes = *mfk;
    }
    f.values.push_back({"vm.min_free_kbytes", std::to_string(*mfk), mfkHow});
    f.values.push_back({"vm.watermark_scale_factor", std::to_string(*wsf), wsfHow});

    // Timeline: every change of a zone's managed pages, as memory hotplug.
    std::size_t managedChanges = 0;
    for (const auto &z : r.zones) {
        const auto type = zoneTypeFromName(z.zone);
        if (!type)
            continue;
        std::int64_t prev = carried(z, ZoneMetric::Managed, s0);
        for (std::size_t i = s0 + 1; i < n; ++i) {
            const std::int64_t m = z.at(ZoneMetric::Managed, i);
            if (m == kMissing || m == prev)
                continue;
            std::string zone(z.zone);
            std::transform(zone.begin(), zone.end(), zone.begin(), [](unsigned char c) { return std::tolower(c); });
            // Node ids in the scenario are positions; empty nodes were dropped.
            int pos = 0;
            for (int k = 0; k < z.node; ++k)
                pos += std::any_of(r.zones.begin(), r.zones.end(), [k](const ZoneSeries &x) { return x.node == k; }) ? 1 : 0;
            TimelineEntry e;
            e.at = std::min(tOf(i), s.duration - kTick);
            e.kind = TimelineKind::Set;
            e.key = "machine.node" + std::to_string(pos) + "." + zone + ".managed";
            e.value = formatPages(m);
            s.timeline.push_back(e);
            prev = m;
            ++managedChanges;
        }
    }
    std::stable_sort(
        s.timeline.begin(), s.timeline.end(), [](const TimelineEntry &a, const TimelineEntry &b) { return a.at < b.at; });
    f.values.push_back({"timeline", std::to_string(managedChanges) + " managed-page changes",
        "each change of a zone's managed pages, applied as memory hotplug (the marks recomputed)"});

    // Workload per interval, averaged over buckets of intervals.
    const std::size_t intervals = n - s0 - 1;
    const std::size_t bucket = std::max<std::size_t>(1, (intervals + kMaxRatePoints - 1) / kMaxRatePoints);
    RatePattern pc, anon, kern;
    for (auto *p : {&pc, &anon, &kern})
        p->kind = RateKind::Piecewise;
    const bool havePgalloc = r.hasCounter("pgalloc_normal") || r.hasCounter("pgalloc_dma32");
    double pcTotal = 0, anonTotal = 0, kernTotal = 0;
    for (std::size_t a = s0; a + 1 < n; a += bucket) {
        const std::size_t b = std::min(a + bucket, n - 1);
        const double dt = r.seconds[b] - r.seconds[a];
        if (dt <= 0)
            continue;
        const double dFile = static_cast<double>(lruSum(r, b, ZoneMetric::InactiveFile, ZoneMetric::ActiveFile)
            - lruSum(r, a, ZoneMetric::InactiveFile, ZoneMetric::ActiveFile));
        const double dAnon = static_cast<double>(lruSum(r, b, ZoneMetric::InactiveAnon, ZoneMetric::ActiveAnon)
            - lruSum(r, a, ZoneMetric::InactiveAnon, ZoneMetric::ActiveAnon));
        const double steal = (counterRate(r, "pgsteal_kswapd", a, b, dt) + counterRate(r, "pgsteal_direct", a, b, dt)) * dt;
        double alloc = 0;
        for (const char *c : {"pgalloc_dma", "pgalloc_dma32", "pgalloc_normal", "pgalloc_movable", "pgalloc_high"})
            alloc += counterRate(r, c, a, b, dt) * dt;
        const double pcRate = std::max(0.0, dFile + steal) / dt;
        const double anonRate = std::max(0.0, dAnon) / dt;
        const double kernRate = havePgalloc ? std::max(0.0, alloc / dt - pcRate - anonRate) : 0;
        const usec_t at = tOf(a);
        const auto push = [at](RatePattern &p, double rate) {
            const double rounded = roundSignificant(rate, 3);
            if (p.points.empty() || p.points.back().rate != rounded)
                p.points.push_back({at, rounded});
        };
        push(pc, pcRate);
        push(anon, anonRate);
        push(kern, kernRate);
        pcTotal += pcRate * dt;
        anonTotal += anonRate * dt;
        kernTotal += kernRate * dt;
    }
    const auto addSource = [&](const char *name, const char *gfp, RatePattern rate, Lifetime life, double total) {
        if (total <= 0)
            return;
        SourceSpec src;
        src.name = name;
        src.gfp = gfp;
        src.gfpMask = *parseGfp(gfp);
        src.rate = std::move(rate);
        src.lifetime = life;
        s.sources.push_back(std::move(src));
    };
    addSource("pagecache", "GFP_HIGHUSER_MOVABLE", pc, {LifetimeKind::PageCache, 0}, pcTotal);
    addSource("anon", "GFP_HIGHUSER_MOVABLE", anon, {LifetimeKind::Anon, 0}, anonTotal);
    addSource("kernel", "GFP_KERNEL", kern, {LifetimeKind::Exponential, kKernelLifetime}, kernTotal);
    f.values.push_back({"workload.pagecache", fmt(pcTotal, 4) + " pages",
        "file LRU growth plus the pages reclaimed (pgsteal_kswapd + pgsteal_direct), per " + fmt(bucket * r.medianInterval(), 3)
            + " s"});
    f.values.push_back({"workload.anon", fmt(anonTotal, 4) + " pages", "anon LRU growth (its shrinking is not a workload)"});
    f.values.push_back({"workload.kernel", fmt(kernTotal, 4) + " pages",
        havePgalloc ? "pgalloc_* beyond page cache and anon: kernel allocations freed after 10 ms on average"
                    : "no pgalloc_* counters in the archive: left out"});
    if (!havePgalloc)
        f.limits.push_back("no pgalloc_* counters: short-lived kernel allocations are not in the workload");
    f.limits.push_back("anonymous memory that a process frees (exit, munmap) is not modelled: the model's anon pages leave "
                       "only through swap");

    // Reclaim rates from the intervals in which each reclaimer ran.
    std::vector<double> kswapdRates, directRates;
    for (std::size_t i = s0 + 1; i < n; ++i) {
        const double dt = r.seconds[i] - r.seconds[i - 1];
        if (dt <= 0)
            continue;
        if (const auto scan = r.counterDelta("pgscan_kswapd", i - 1, i); scan && *scan > 0)
            kswapdRates.push_back(counterRate(r, "pgsteal_kswapd", i - 1, i, dt));
        if (const auto steal = r.counterDelta("pgsteal_direct", i - 1, i); steal && *steal > 0)
            directRates.push_back(static_cast<double>(*steal) / dt);
    }
    const auto rateValue = [&](const char *key, const std::vector<double> &rates, double &target) {
        if (rates.size() < 3) {
            f.values.push_back({key, formatRate(target), "not observed (fewer than 3 intervals with it): the default"});
            return;
        }
        target = std::max(1.0, roundSignificant(percentile(rates, 0.9), 3));
        f.values.push_back({key, formatRate(target),
            "90th percentile of its pages reclaimed per second over the " + std::to_string(rates.size())
                + " intervals in which it ran; median " + fmt(percentile(rates, 0.5), 3) + "/s, 25th-75th "
                + fmt(percentile(rates, 0.25), 3) + "-" + fmt(percentile(rates, 0.75), 3) + "/s"});
    };
    rateValue("reclaim.kswapd_file_rate", kswapdRates, s.reclaim.kswapdFileRate);
    rateValue("reclaim.direct_reclaim_rate", directRates, s.reclaim.directReclaimRate);
    if (r.hasCounter("pswpout")) {
        std::size_t a = s0;
        s.reclaim.swap = n > s0 + 1 && r.counterDelta("pswpout", a, n - 1).value_or(0) > 0;
        f.values.push_back({"reclaim.swap", s.reclaim.swap ? "true" : "false",
            s.reclaim.swap ? "pages were swapped out (pswpout)" : "nothing was swapped out (pswpout)"});
    } else {
        f.values.push_back({"reclaim.swap", "true", "pswpout not recorded: the default"});
    }
    return f;
}

std::string fitScenarioYaml(const FitResult &f, const std::string &archive)
{
    std::ostringstream out;
    out << "# Fitted by `watermark-explorer fit " << archive << "`.\n# Each fitted value, and how it was found:\n";
    for (const auto &v : f.values)
        out << "#   " << v.name << " = " << v.value << ": " << v.how << "\n";
    if (!f.limits.empty()) {
        out << "# What this scenario cannot reproduce:\n";
        for (const auto &l : f.limits)
            out << "#   " << l << "\n";
    }
    out << "# Compare it with the recording: watermark-explorer distance " << archive << " --scenario THIS_FILE\n";
    out << writeScenarioYaml(f.scenario);
    return out.str();
}

} // namespace wm::recording
