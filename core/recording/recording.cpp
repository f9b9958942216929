#include "recording/recording.h"

#include <algorithm>

namespace wm::recording {

namespace {
constexpr std::array<const char *, kZoneMetricCount> kZoneMetricNames {"free", "min", "low", "high", "managed", "present",
    "spanned", "nr_zone_inactive_file", "nr_zone_active_file", "nr_zone_inactive_anon", "nr_zone_active_anon",
    "nr_zone_unevictable", "nr_zone_write_pending", "boost", "promo"};

std::optional<std::int64_t> value(const std::vector<std::int64_t> &v, std::size_t i)
{
    if (i >= v.size() || v[i] == kMissing)
        return std::nullopt;
    return v[i];
}
} // namespace

const char *zoneMetricName(ZoneMetric m)
{
    return kZoneMetricNames[static_cast<std::size_t>(m)];
}

std::string zoneMetricPcpName(ZoneMetric m)
{
    const bool ours = m == ZoneMetric::Boost || m == ZoneMetric::Promo;
    return std::string(ours ? "wmx.zoneinfo." : "mem.zoneinfo.") + zoneMetricName(m);
}

std::int64_t ZoneSeries::lastAt(ZoneMetric m, std::size_t sample) const
{
    const auto &v = values[static_cast<std::size_t>(m)];
    for (std::size_t i = std::min(sample + 1, v.size()); i-- > 0;)
        if (v[i] != kMissing)
            return v[i];
    return kMissing;
}

double Recording::medianInterval() const
{
    if (seconds.size() < 2)
        return 0;
    std::vector<double> d(seconds.size() - 1);
    for (std::size_t i = 1; i < seconds.size(); ++i)
        d[i - 1] = seconds[i] - seconds[i - 1];
    std::nth_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(d.size() / 2), d.end());
    return d[d.size() / 2];
}

const ZoneSeries *Recording::zone(int node, const std::string &name) const
{
    for (const auto &z : zones)
        if (z.node == node && z.zone == name)
            return &z;
    return nullptr;
}

std::optional<std::int64_t> Recording::counterDelta(const std::string &name, std::size_t a, std::size_t b) const
{
    const auto it = counters.find(name);
    if (it == counters.end() || a >= b || !value(it->second.values, a) || !value(it->second.values, b))
        return std::nullopt;
    const Counter &c = it->second;
    std::int64_t sum = 0;
    std::int64_t prev = c.values[a];
    for (std::size_t i = a + 1; i <= b; ++i) {
        const std::int64_t v = c.values[i];
        if (v == kMissing)
            continue;
        if (v >= prev)
            sum += v - prev;
        else if (c.is32bit)
            sum += v + (std::int64_t {1} << 32) - prev; // wrapped
        else
            sum += v; // reset: counts again from 0
        prev = v;
    }
    return sum;
}

ZoneinfoParseResult zoneinfoAt(const Recording &r, std::size_t sample)
{
    ZoneinfoParseResult out;
    out.fileName = r.source;
    if (sample >= r.samples())
        return out;
    for (const auto &z : r.zones) {
        const auto get = [&](ZoneMetric m) { return value(z.values[static_cast<std::size_t>(m)], sample); };
        const auto managed = get(ZoneMetric::Managed), min = get(ZoneMetric::Min), low = get(ZoneMetric::Low),
                   high = get(ZoneMetric::High);
        if (!managed || !min || !low || !high)
            continue; // not in this sample (hot-removed, not yet logged)
        ZoneinfoZone zi;
        zi.node = z.node;
        zi.name = z.zone;
        zi.type = zoneTypeFromName(z.zone);
        zi.free = get(ZoneMetric::Free);
        zi.boost = get(ZoneMetric::Boost);
        zi.min = *min;
        zi.low = *low;
        zi.high = *high;
        zi.promo = get(ZoneMetric::Promo);
        zi.spanned = get(ZoneMetric::Spanned);
        zi.present = get(ZoneMetric::Present);
        zi.managed = *managed;
        if (!z.protection.empty()) {
            std::vector<pages_t> p;
            for (const auto &col : z.protection) {
                const auto v = value(col, sample);
                if (!v)
                    break;
                p.push_back(*v);
            }
            if (p.size() == z.protection.size())
                zi.protection = std::move(p);
        }
        const auto inF = get(ZoneMetric::InactiveFile), acF = get(ZoneMetric::ActiveFile);
        const auto inA = get(ZoneMetric::InactiveAnon), acA = get(ZoneMetric::ActiveAnon);
        if (inF && acF)
            zi.fileLru = *inF + *acF;
        if (inA && acA)
            zi.anonLru = *inA + *acA;
        if (zi.boost)
            out.anyBoostPrinted = true;
        out.zones.push_back(std::move(zi));
    }
    const auto &s = r.sysctls;
    if (const auto v = value(s.minFreeKbytes, sample))
        out.header.minFreeKbytes = *v;
    if (const auto v = value(s.watermarkScaleFactor, sample))
        out.header.watermarkScaleFactor = *v;
    if (const auto v = value(s.watermarkBoostFactor, sample))
        out.header.watermarkBoostFactor = *v;
    if (!s.lowmemReserveRatio.empty()) {
        std::vector<std::int64_t> ratios;
        for (const auto &col : s.lowmemReserveRatio)
            if (const auto v = value(col, sample))
                ratios.push_back(*v);
        if (ratios.size() == s.lowmemReserveRatio.size())
            out.header.lowmemReserveRatio = std::move(ratios);
    }
    return out;
}

std::size_t firstCompleteSample(const Recording &r)
{
    for (std::size_t i = 0; i < r.samples(); ++i)
        for (const auto &z : r.zones)
            if (z.at(ZoneMetric::Managed, i) != kMissing && z.at(ZoneMetric::Min, i) != kMissing
                && z.at(ZoneMetric::Free, i) != kMissing)
                return i;
    return r.samples();
}

} // namespace wm::recording
