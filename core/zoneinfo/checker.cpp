#include "zoneinfo/checker.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace wm {

namespace {

// A rule set __setup_per_zone_wmarks() followed in some kernel version.
struct Variant {
    bool pre46; // before commit 795ae7a0de6b: low = min + min/4, high = min + min/2
    bool movableAsLowmem; // older kernels: ZONE_MOVABLE not clamped, counted in the lowmem sum
    const char *formula;
};
constexpr Variant kModern {false, false, "v4.6+"};
constexpr Variant kLegacyVariants[] = {
    {false, true, "v4.6+ movable-as-lowmem"},
    {true, true, "pre-4.6"},
};

struct Marks {
    pages_t min = 0, low = 0, high = 0;
    std::optional<pages_t> promo;
    Marks minus(pages_t b) const
    {
        return {min - b, low - b, high - b, promo ? std::optional<pages_t>(*promo - b) : std::nullopt};
    }
};

bool matches(const ZoneWatermarks &w, const Marks &t, const Variant &v)
{
    // Pre-4.6 kernels had no promo watermark (it came with memory tiering in v6.1).
    return w.min() == t.min && w.low() == t.low && w.high() == t.high && (!t.promo || v.pre46 || w.promo() == *t.promo);
}

ZoneType effectiveType(const ZoneinfoZone &z, const Variant &v)
{
    // ZONE_DEVICE is neither HighMem nor Movable for __setup_per_zone_wmarks(); its managed is 0.
    ZoneType t = z.type.value_or(ZoneType::Normal);
    if (v.movableAsLowmem && t == ZoneType::Movable)
        t = ZoneType::Normal;
    return t;
}

std::string fmt(pages_t n)
{
    return std::to_string(n);
}
std::string signedFmt(pages_t n)
{
    return (n > 0 ? "+" : "") + std::to_string(n);
}

std::string pageblocksText(pages_t b)
{
    if (b % kPageblockNrPages == 0) {
        const pages_t n = b / kPageblockNrPages;
        return fmt(n) + (n == 1 ? " pageblock" : " pageblocks");
    }
    return "not a whole number of pageblocks";
}

class Checker
{
public:
    Checker(const ZoneinfoParseResult &parsed, const ZoneinfoSysctls &sysctls)
        : m_parsed(parsed)
        , m_sysctls(sysctls)
    {
    }

    std::vector<ZoneCheck> run()
    {
        const auto &zones = m_parsed.zones;
        m_modern = computeAll(kModern);
        for (const auto &v : kLegacyVariants)
            m_legacy.push_back(computeAll(v));
        std::vector<ZoneCheck> out;
        out.reserve(zones.size());
        for (std::size_t i = 0; i < zones.size(); ++i)
            out.push_back(checkZone(i));
        checkProtection(out);
        return out;
    }

private:
    std::vector<ZoneWatermarkInput> inputs(const Variant &v) const
    {
        std::vector<ZoneWatermarkInput> in;
        in.reserve(m_parsed.zones.size());
        for (const auto &z : m_parsed.zones)
            in.push_back({effectiveType(z, v), z.managed});
        return in;
    }

    std::vector<ZoneWatermarks> computeAll(const Variant &v) const
    {
        const auto in = inputs(v);
        return v.pre46 ? setupPerZoneWmarksPre46(in, m_sysctls.minFreeKbytes)
                       : setupPerZoneWmarks(in, m_sysctls.minFreeKbytes, m_sysctls.watermarkScaleFactor);
    }

    // Zone i's marks if its managed had been `managed` (the other zones as printed), through
    // setupPerZoneWmarks() over {zone i, one lowmem zone standing for the others}.
    ZoneWatermarks evalZone(const Variant &v, std::size_t i, pages_t managed, pages_t othersLowmem) const
    {
        const ZoneType t = effectiveType(m_parsed.zones[i], v);
        const std::vector<ZoneWatermarkInput> in {{t, managed}, {ZoneType::Normal, othersLowmem}};
        const auto w = v.pre46 ? setupPerZoneWmarksPre46(in, m_sysctls.minFreeKbytes)
                               : setupPerZoneWmarks(in, m_sysctls.minFreeKbytes, m_sysctls.watermarkScaleFactor);
        return w[0];
    }

    pages_t othersLowmem(const Variant &v, std::size_t i) const
    {
        pages_t sum = 0;
        for (std::size_t k = 0; k < m_parsed.zones.size(); ++k)
            if (k != i && !isHighmemOrMovable(effectiveType(m_parsed.zones[k], v)))
                sum += m_parsed.zones[k].managed;
        return sum;
    }

    static pages_t driftWindow(pages_t managed) { return std::max<pages_t>(managed / 20, 64); }

    // boost_watermark() adds whole pageblocks up to max(pageblock, high * factor / 10000)
    // and kswapd subtracts the boost it saw when its run began, so a boost is a
    // multiple of a pageblock or the cap minus one.
    bool boostPlausible(std::size_t i, pages_t boost) const
    {
        const pages_t cap
            = std::max<pages_t>(kPageblockNrPages, multFrac(m_modern[i].high(), m_sysctls.watermarkBoostFactor, 10000));
        return boost % kPageblockNrPages == 0 || (boost <= cap && (cap - boost) % kPageblockNrPages == 0);
    }

    // The managed value within ±5% closest to the printed one that reproduces `target`
    // exactly. Every mark is non-decreasing in managed (tmp = pages_min*M/(C+M) grows with M,
    // and so do the clamp and the step), so the solutions form one interval: binary search.
    struct DriftFit {
        pages_t best = 0; // the fitting managed value nearest the printed one
        pages_t from = 0, to = 0; // every managed value in [from, to] fits
    };
    std::optional<DriftFit> findDrift(const Variant &v, std::size_t i, const Marks &target) const
    {
        const pages_t m = m_parsed.zones[i].managed;
        const pages_t lo = std::max<pages_t>(0, m - driftWindow(m));
        const pages_t hi = m + driftWindow(m);
        const pages_t others = othersLowmem(v, i);
        auto markAt = [&](pages_t managed, int k) {
            const auto w = evalZone(v, i, managed, others);
            return k < 3 || v.pre46 ? w.watermark[static_cast<std::size_t>(k)] : w.promo();
        };
        auto firstAtLeast = [&](int k, pages_t value) { // first M in [lo, hi+1) with mark >= value
            pages_t a = lo, b = hi + 1;
            while (a < b) {
                const pages_t mid = a + (b - a) / 2;
                if (markAt(mid, k) >= value)
                    b = mid;
                else
                    a = mid + 1;
            }
            return a;
        };
        const pages_t targets[4] = {target.min, target.low, target.high, target.promo.value_or(0)};
        const int nMarks = (target.promo && !v.pre46) ? 4 : 3;
        pages_t from = lo, to = hi;
        for (int k = 0; k < nMarks && from <= to; ++k) {
            from = std::max(from, firstAtLeast(k, targets[k]));
            to = std::min(to, firstAtLeast(k, targets[k] + 1) - 1);
        }
        if (from > to)
            return std::nullopt;
        const pages_t best = std::clamp(m, from, to);
        if (!matches(evalZone(v, i, best, others), target, v))
            return std::nullopt;
        return DriftFit {best, from, to};
    }

    // "493,527 managed pages" or "493,527 managed pages (any of 493,527 to 493,735 fits; the nearest to the printed value)".
    static std::string fitText(const DriftFit &f)
    {
        std::string s = fmt(f.best) + " managed pages";
        if (f.to > f.from)
            s += " (any of " + fmt(f.from) + " to " + fmt(f.to) + " fits; this is the nearest to the printed value)";
        return s;
    }

    ZoneCheck checkZone(std::size_t i)
    {
        const auto &z = m_parsed.zones[i];
        ZoneCheck c;
        c.index = i;
        c.node = z.node;
        c.zone = z.name;
        c.managed = z.managed;
        c.observedMin = z.min;
        c.observedLow = z.low;
        c.observedHigh = z.high;
        c.observedBoost = z.boost;
        c.observedPromo = z.promo;
        c.computed = m_modern[i];

        const Marks observed {z.min, z.low, z.high, z.promo};
        const pages_t printedBoost = z.boost.value_or(0);
        const Marks unboosted = observed.minus(printedBoost);
        const std::string sysctlText = "min_free_kbytes " + fmt(m_sysctls.minFreeKbytes) + " and watermark_scale_factor "
            + fmt(m_sysctls.watermarkScaleFactor);

        // 1. exact: observed == computed + printed boost (wmark_pages() adds the boost).
        if (matches(m_modern[i], unboosted, kModern)) {
            c.verdict = ZoneVerdict::Exact;
            c.formula = kModern.formula;
            c.explanation = exactText(z, m_modern[i], sysctlText, printedBoost);
            return c;
        }
        // 2. exact with an older kernel's rule.
        for (std::size_t v = 0; v < std::size(kLegacyVariants); ++v) {
            // A file that prints promo (v6.1+) or boost (v5.0+) does not come from a
            // pre-4.6 kernel, whose min/low/high a modern zone can match by chance
            // (step min/4 gives the same low and high whenever tmp % 4 < 2).
            if (kLegacyVariants[v].pre46 && (z.promo || m_parsed.anyBoostPrinted))
                continue;
            if (!matches(m_legacy[v][i], unboosted, kLegacyVariants[v]))
                continue;
            c.verdict = ZoneVerdict::LegacyFormula;
            c.formula = kLegacyVariants[v].formula;
            if (kLegacyVariants[v].pre46)
                c.explanation = "min, low and high follow exactly from " + fmt(z.managed)
                    + " managed pages only with the pre-4.6 "
                      "formula (low = min + min/4, high = min + min/2, before watermark_scale_factor existed).";
            else if (z.managed == 0)
                c.explanation = "Empty Movable zone printed as 0 instead of 32: this older kernel treated ZONE_MOVABLE like a "
                                "lowmem zone, without the 32-page floor.";
            else
                c.explanation
                    = "min, low and high follow exactly only when ZONE_MOVABLE is treated as lowmem, as older kernels did.";
            return c;
        }
        const pages_t dMin = z.min - m_modern[i].min(), dLow = z.low - m_modern[i].low(), dHigh = z.high - m_modern[i].high();
        const bool promoAgrees = !z.promo || *z.promo - m_modern[i].promo() == dMin;
        const std::string unprinted
            = m_parsed.anyBoostPrinted ? "that the file does not show" : "that this 5.0-era kernel did not print";
        // 3. a boost the kernel did not print: every mark off by the same N > 0, and N a
        //    value a boost can take (boostPlausible()); any other offset is not a boost.
        if (!z.boost && dMin > 0 && dLow == dMin && dHigh == dMin && promoAgrees && boostPlausible(i, dMin)) {
            c.verdict = ZoneVerdict::Boost;
            c.boostPages = dMin;
            c.formula = kModern.formula;
            c.explanation = "Boost of " + fmt(dMin) + " pages (" + pageblocksText(dMin) + ") " + unprinted + ".";
            return c;
        }
        // 4. the 5.0-5.2 stale boost: low and high were set from min_wmark_pages(), which
        //    included an active boost, so the boost stayed folded into low and high.
        const pages_t sLow = unboosted.low - m_modern[i].low(), sHigh = unboosted.high - m_modern[i].high();
        if (unboosted.min == m_modern[i].min() && sLow > 0 && sLow == sHigh) {
            c.verdict = ZoneVerdict::Boost;
            c.boostPages = sLow;
            c.staleBoost = true;
            c.formula = kModern.formula;
            c.explanation = "Stale boost of " + fmt(sLow) + " pages (" + pageblocksText(sLow)
                + ") folded into low and high "
                  "only: the 5.0-5.2 __setup_per_zone_wmarks() added min_wmark_pages(), boost included, and never took it back.";
            return c;
        }
        // 5. managed-page drift (watermarks are not recomputed when managed changes).
        const Variant *driftVariants[] = {&kModern, &kLegacyVariants[0], &kLegacyVariants[1]};
        for (const Variant *v : driftVariants) {
            if (auto fit = findDrift(*v, i, unboosted)) {
                c.verdict = ZoneVerdict::Drift;
                c.managedAtSetup = fit->best;
                c.driftPages = z.managed - fit->best;
                c.formula = v->formula;
                c.explanation = "Managed pages changed by " + signedFmt(*c.driftPages)
                    + " after the watermarks were computed: with " + fitText(*fit)
                    + ", the other zones as printed, min, low and high follow exactly"
                    + (v == &kModern ? std::string() : std::string(" (") + v->formula + " rule)")
                    + "; the kernel does not recompute watermarks when managed pages change.";
                return c;
            }
        }
        // 6. an unprinted boost on top of a managed drift (5.0-era output on a machine whose
        //    managed pages changed after boot): whole pageblocks, as boost_watermark() adds them.
        if (!z.boost) {
            const pages_t m = z.managed;
            const pages_t others = othersLowmem(kModern, i);
            const pages_t minLo = evalZone(kModern, i, std::max<pages_t>(0, m - driftWindow(m)), others).min();
            const pages_t minHi = evalZone(kModern, i, m + driftWindow(m), others).min();
            const pages_t kFrom = std::max<pages_t>(1, (z.min - minHi + kPageblockNrPages - 1) / kPageblockNrPages);
            const pages_t kTo = std::min<pages_t>(kFrom + 64, (z.min - minLo) / kPageblockNrPages);
            std::optional<std::pair<pages_t, pages_t>> best; // (boost, managed at setup)
            for (pages_t k = kFrom; k <= kTo; ++k) {
                const pages_t b = k * kPageblockNrPages;
                auto found = findDrift(kModern, i, observed.minus(b));
                if (found && (!best || std::abs(found->best - m) < std::abs(best->second - m)))
                    best = std::make_pair(b, found->best);
            }
            if (best) {
                c.verdict = ZoneVerdict::Boost;
                c.boostPages = best->first;
                c.managedAtSetup = best->second;
                c.driftPages = m - best->second;
                c.formula = kModern.formula;
                c.explanation = "Boost of " + fmt(best->first) + " pages (" + pageblocksText(best->first) + ") " + unprinted
                    + ", on top of a managed drift of " + signedFmt(*c.driftPages) + " pages (managed was " + fmt(best->second)
                    + " when the watermarks were computed).";
                return c;
            }
        }
        c.verdict = ZoneVerdict::Mismatch;
        c.formula.clear();
        c.explanation = "min, low and high differ from the computed ones by " + signedFmt(dMin) + ", " + signedFmt(dLow) + " and "
            + signedFmt(dHigh) + " pages, and no boost or managed drift within 5% explains it; check the sysctls (" + sysctlText
            + ", from " + std::string(sysctlSourceName(m_sysctls.source())) + ").";
        return c;
    }

    std::string exactText(
        const ZoneinfoZone &z, const ZoneWatermarks &w, const std::string &sysctlText, pages_t printedBoost) const
    {
        const std::string boostText
            = printedBoost > 0 ? ", plus the boost of " + fmt(printedBoost) + " pages the kernel printed" : "";
        if (z.managed == 0) {
            if (z.type && isHighmemOrMovable(*z.type))
                return "Empty " + z.name
                    + " zone: min is the 32-page floor (SWAP_CLUSTER_MAX) that __setup_per_zone_wmarks() "
                      "gives HighMem and Movable zones, and the step is 0"
                    + boostText + ".";
            return "Empty zone: all watermarks are 0" + boostText + ".";
        }
        const pages_t step = w.low() - w.min();
        const pages_t scaleTerm = multFrac(z.managed, m_sysctls.watermarkScaleFactor, 10000);
        const std::string stepText
            = step == scaleTerm ? "managed x watermark_scale_factor / 10000" : "a quarter of the proportional min";
        return "min, low and high follow exactly from " + fmt(z.managed) + " managed pages with " + sysctlText + " (step "
            + fmt(step) + " = " + stepText + ")" + boostText + ".";
    }

    // setup_per_zone_lowmem_reserve() per node, positions in the node's zone order (the kernel
    // prints lowmem_reserve[] for every zone index, so position == zone index of that kernel).
    void checkProtection(std::vector<ZoneCheck> &out) const
    {
        for (int node : zoneinfoNodes(m_parsed)) {
            const auto idx = zoneinfoNodeZones(m_parsed, node);
            if (idx.empty() || idx.size() > static_cast<std::size_t>(kMaxNrZones))
                continue;
            std::array<pages_t, kMaxNrZones> managed {};
            std::array<std::int64_t, kMaxNrZones> ratio {};
            for (std::size_t p = 0; p < idx.size(); ++p) {
                const auto &z = m_parsed.zones[idx[p]];
                managed[p] = z.managed;
                ratio[p] = p < m_sysctls.lowmemReserveRatio.size() ? m_sysctls.lowmemReserveRatio[p]
                                                                   : defaultLowmemReserveRatio(z.type);
                if (ratio[p] < 0)
                    ratio[p] = 0;
            }
            const auto cumulative = setupPerZoneLowmemReserve(managed, ratio, false);
            const auto emptyZero = setupPerZoneLowmemReserve(managed, ratio, true);
            for (std::size_t p = 0; p < idx.size(); ++p) {
                auto &c = out[idx[p]];
                const auto &z = m_parsed.zones[idx[p]];
                c.protectionComputed.assign(
                    cumulative[p].begin(), cumulative[p].begin() + static_cast<std::ptrdiff_t>(idx.size()));
                if (!z.protection || z.protection->size() != idx.size())
                    continue; // not printed, or the file does not show every zone of the node
                auto same = [&](const LowmemReserve &row) {
                    for (std::size_t j = 0; j < idx.size(); ++j)
                        if ((*z.protection)[j] != row[j])
                            return false;
                    return true;
                };
                const bool a = same(cumulative[p]), b = same(emptyZero[p]);
                c.protectionExact = a || b;
                c.protectionRule = a && b ? "both" : a ? "cumulative" : b ? "empty-zone-zero" : "";
            }
        }
    }

    const ZoneinfoParseResult &m_parsed;
    const ZoneinfoSysctls &m_sysctls;
    std::vector<ZoneWatermarks> m_modern;
    std::vector<std::vector<ZoneWatermarks>> m_legacy;
};

std::optional<std::int64_t> readIntFile(const std::string &path)
{
    std::ifstream in(path);
    if (!in)
        return std::nullopt;
    long long v = 0;
    if (!(in >> v))
        return std::nullopt;
    return static_cast<std::int64_t>(v);
}

int precedence(SysctlSource s)
{
    switch (s) {
    case SysctlSource::Flags:
        return 3;
    case SysctlSource::Header:
        return 2;
    case SysctlSource::Proc:
        return 1;
    case SysctlSource::Default:
        return 0;
    }
    return 0;
}

} // namespace

std::string_view sysctlSourceName(SysctlSource s)
{
    switch (s) {
    case SysctlSource::Header:
        return "header";
    case SysctlSource::Flags:
        return "flags";
    case SysctlSource::Proc:
        return "proc";
    case SysctlSource::Default:
        return "default";
    }
    return "default";
}

std::string_view zoneVerdictName(ZoneVerdict v)
{
    switch (v) {
    case ZoneVerdict::Exact:
        return "exact";
    case ZoneVerdict::LegacyFormula:
        return "legacy-formula";
    case ZoneVerdict::Boost:
        return "boost";
    case ZoneVerdict::Drift:
        return "drift";
    case ZoneVerdict::Mismatch:
        return "mismatch";
    }
    return "mismatch";
}

std::int64_t defaultLowmemReserveRatio(std::optional<ZoneType> type)
{
    if (!type)
        return 0;
    switch (*type) {
    case ZoneType::DMA:
    case ZoneType::DMA32:
        return 256;
    case ZoneType::Normal:
        return 32;
    case ZoneType::HighMem:
    case ZoneType::Movable:
        return 0;
    }
    return 0;
}

SysctlSource ZoneinfoSysctls::source() const
{
    if (minFreeKbytesSource == watermarkScaleFactorSource)
        return minFreeKbytesSource;
    return precedence(minFreeKbytesSource) >= precedence(watermarkScaleFactorSource) ? minFreeKbytesSource
                                                                                     : watermarkScaleFactorSource;
}

ZoneinfoSysctlValues readProcSysctls(const std::string &dir)
{
    ZoneinfoSysctlValues v;
    v.minFreeKbytes = readIntFile(dir + "/min_free_kbytes");
    v.watermarkScaleFactor = readIntFile(dir + "/watermark_scale_factor");
    v.watermarkBoostFactor = readIntFile(dir + "/watermark_boost_factor");
    std::ifstream in(dir + "/lowmem_reserve_ratio");
    if (in) {
        std::vector<std::int64_t> ratio;
        long long r = 0;
        while (in >> r && ratio.size() < 16)
            ratio.push_back(static_cast<std::int64_t>(r));
        if (!ratio.empty())
            v.lowmemReserveRatio = std::move(ratio);
    }
    return v;
}

ZoneinfoSysctls resolveZoneinfoSysctls(const ZoneinfoParseResult &parsed, const ZoneinfoCheckOptions &options)
{
    ZoneinfoSysctls s;
    const auto &h = parsed.header;
    const ZoneinfoSysctlValues none;
    const auto &proc = options.proc ? *options.proc : none;
    auto pick = [](auto &value, SysctlSource &source, const auto &flag, const auto &header, const auto &procValue) {
        if (flag) {
            value = *flag;
            source = SysctlSource::Flags;
        } else if (header) {
            value = *header;
            source = SysctlSource::Header;
        } else if (procValue) {
            value = *procValue;
            source = SysctlSource::Proc;
        }
    };
    // Kernel default: calculate_min_free_kbytes(), raised to the THP recommended value
    // (set_recommended_min_free_kbytes() counts populated zones <= ZONE_NORMAL of every node).
    std::vector<ZoneWatermarkInput> zones;
    for (const auto &z : parsed.zones)
        if (z.type)
            zones.push_back({*z.type, z.managed});
    s.minFreeKbytes = bootMinFreeKbytes(zones, kWatermarkScaleFactorDefault, options.thp);
    s.minFreeKbytesSource = SysctlSource::Default;
    pick(s.minFreeKbytes, s.minFreeKbytesSource, options.flags.minFreeKbytes, h.minFreeKbytes, proc.minFreeKbytes);
    pick(s.watermarkScaleFactor, s.watermarkScaleFactorSource, options.flags.watermarkScaleFactor, h.watermarkScaleFactor,
        proc.watermarkScaleFactor);
    pick(s.watermarkBoostFactor, s.watermarkBoostFactorSource, options.flags.watermarkBoostFactor, h.watermarkBoostFactor,
        proc.watermarkBoostFactor);
    pick(s.lowmemReserveRatio, s.lowmemReserveRatioSource, options.flags.lowmemReserveRatio, h.lowmemReserveRatio,
        proc.lowmemReserveRatio);
    return s;
}

bool ZoneinfoCheckResult::allExact() const
{
    return !zones.empty() && std::all_of(zones.begin(), zones.end(), [](const ZoneCheck &c) {
        return c.verdict == ZoneVerdict::Exact || c.verdict == ZoneVerdict::LegacyFormula;
    });
}

ZoneinfoCheckResult checkZoneinfo(const ZoneinfoParseResult &parsed, const ZoneinfoCheckOptions &options)
{
    ZoneinfoCheckResult r;
    r.sysctls = resolveZoneinfoSysctls(parsed, options);
    r.zones = Checker(parsed, r.sysctls).run();
    return r;
}

} // namespace wm
