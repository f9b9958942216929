#include "charts/zonechartdata.h"

#include <QCoreApplication>

#include "charts/charteventindex.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace wm::gui {

std::size_t ZoneChartData::pointCount() const
{
    return static_cast<std::size_t>(free.size() + min.size() + low.size() + high.size() + minUnboosted.size() + atomicFloor.size()
        + boostExtfrag.size() + boostSlowpath.size() + boostFailure.size() + debounce.size() + failures.size() + stalls.size());
}

double niceCeil(double v)
{
    if (!(v > 0) || !std::isfinite(v))
        return 1;
    const double e = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0})
        if (m * e >= v)
            return m * e;
    return 10 * e;
}

const wm::SeriesBucket *bucketAt(const wm::ZoneSeries &series, double tSeconds)
{
    const auto &b = series.buckets;
    if (b.empty())
        return nullptr;
    const auto t = static_cast<wm::usec_t>(tSeconds * 1e6);
    auto it = std::lower_bound(b.begin(), b.end(), t, [](const wm::SeriesBucket &x, wm::usec_t v) { return x.t1 < v; });
    if (it == b.end())
        return &b.back();
    return &*it;
}

namespace {

// Appends a step point: horizontal until t, then jump to v. Only changes are kept.
void stepTo(QList<QPointF> &line, double t, double v)
{
    if (!line.isEmpty() && line.back().y() == v)
        return;
    if (!line.isEmpty())
        line.append(QPointF(t, line.back().y()));
    line.append(QPointF(t, v));
}

void closeStep(QList<QPointF> &line, double t)
{
    if (!line.isEmpty() && line.back().x() < t)
        line.append(QPointF(t, line.back().y()));
}

} // namespace

QString floorNote(const ZoneChartData &d)
{
    if (d.floorAboveManaged <= 0)
        return {};
    // lowmem_reserve[Normal] alone exceeds the zone: Normal-class atomic requests never use it.
    return QCoreApplication::translate("ZoneChart", " \u00b7 GFP_ATOMIC floor %L1 > managed (lowmem_reserve): not drawn")
        .arg(static_cast<qint64>(d.floorAboveManaged));
}

ZoneChartData computeZoneChartData(
    const wm::Snapshot &snap, int zoneId, const std::vector<wm::Event> &events, wm::usec_t from, wm::usec_t to, int widthPx)
{
    ChartEventIndex index;
    index.sync(events);
    return computeZoneChartData(snap, zoneId, index, from, to, widthPx);
}

ZoneChartData computeZoneChartData(
    const wm::Snapshot &snap, int zoneId, const ChartEventIndex &index, wm::usec_t from, wm::usec_t to, int widthPx)
{
    ZoneChartData d;
    d.zoneId = zoneId;
    if (to <= from)
        to = from + 1000;
    d.from = toSeconds(from);
    d.to = toSeconds(to);
    const int width = std::max(widthPx, 50);

    const wm::ZoneState *zone = nullptr;
    for (const auto &z : snap.zones)
        if (z.id == zoneId)
            zone = &z;
    const wm::ZoneSeries *series = nullptr;
    for (const auto &s : snap.series)
        if (s.zone == zoneId)
            series = &s;
    const int nodeId = zone ? zone->node : 0;

    double yMax = zone ? static_cast<double>(zone->high()) : 1.0;
    double highest = yMax;
    double lowestFree = -1;
    double floorMax = 0;
    std::vector<wm::SeriesBucket> buckets, stepBuckets;
    if (series) {
        buckets = wm::decimateForDisplay(series->buckets, from, to, static_cast<std::size_t>(width / 2));
        // The watermark step lines (and the bands built on them) at a coarser
        // resolution: they only change at boosts and edits, and every point costs
        // Qt Charts the same. The per-bucket upper envelope keeps short boosts visible.
        stepBuckets = wm::decimateForDisplay(series->buckets, from, to, static_cast<std::size_t>(width / kStepPxPerPoint));
    }

    d.free.reserve(static_cast<qsizetype>(buckets.size() * 2));
    for (const auto &b : buckets) {
        const double t0 = toSeconds(b.t0), t1 = toSeconds(std::max(b.t1, b.t0));
        const auto lo = static_cast<double>(b.freeMin), hi = static_cast<double>(b.freeMax);
        if (lo == hi) {
            d.free.append(QPointF(t1, lo));
        } else {
            // Keep both extremes (min/max decimation); end on the one nearer freeLast
            // so the line continues where the next bucket starts.
            const bool endLow = std::abs(static_cast<double>(b.freeLast) - lo) < std::abs(static_cast<double>(b.freeLast) - hi);
            d.free.append(QPointF(t0, endLow ? hi : lo));
            d.free.append(QPointF(t1, endLow ? lo : hi));
        }
        yMax = std::max(yMax, hi);
        lowestFree = lowestFree < 0 ? lo : std::min(lowestFree, lo);
    }
    for (const auto &b : stepBuckets) {
        const double t0 = toSeconds(b.t0);
        // Upper envelope of the watermarks in the bucket, so a short boost stays visible.
        const double boostShown = static_cast<double>(std::max(b.boostMax, b.boost));
        const double unboostedMin = static_cast<double>(b.minUnboosted);
        const double minV = unboostedMin + boostShown;
        const double lowV = static_cast<double>(b.low - b.boost) + boostShown;
        const double highV = static_cast<double>(std::max(b.highMax, b.high));
        stepTo(d.min, t0, minV);
        stepTo(d.low, t0, lowV);
        stepTo(d.high, t0, highV);
        stepTo(d.minUnboosted, t0, unboostedMin);
        yMax = std::max(yMax, highV);
        highest = std::max(highest, highV);
        // A zone below Normal carries lowmem_reserve[Normal] in its floor. Where
        // that stands above everything the zone manages (DMA), no Normal-class
        // GFP_ATOMIC request can ever be served here: a line above the zone's
        // size would only squash its own watermarks, so it is left out and the
        // chart title says why (floorAboveManaged).
        if (zone && b.atomicFloor > zone->managed) {
            d.floorAboveManaged = std::max(d.floorAboveManaged, static_cast<double>(b.atomicFloor));
            continue;
        }
        stepTo(d.atomicFloor, t0, static_cast<double>(b.atomicFloor));
        floorMax = std::max(floorMax, static_cast<double>(b.atomicFloor));
    }
    const double tEnd = buckets.empty() ? d.to : std::min(d.to, toSeconds(buckets.back().t1));
    for (auto *l : {&d.min, &d.low, &d.high, &d.minUnboosted, &d.atomicFloor})
        closeStep(*l, tEnd);
    if (buckets.empty() && zone) {
        // No history yet (before the first tick): draw the current watermarks flat.
        const bool floorShown = zone->atomicFloor <= zone->managed;
        if (!floorShown)
            d.floorAboveManaged = static_cast<double>(zone->atomicFloor);
        for (auto [line, v] : {std::pair {&d.min, zone->min()}, {&d.low, zone->low()}, {&d.high, zone->high()},
                 {&d.minUnboosted, zone->watermark[0]}, {&d.atomicFloor, zone->atomicFloor}}) {
            if (line == &d.atomicFloor && !floorShown)
                continue;
            line->append(QPointF(d.from, static_cast<double>(v)));
            line->append(QPointF(d.to, static_cast<double>(v)));
        }
        d.free.append(QPointF(d.from, static_cast<double>(zone->free)));
    }
    d.yMax = niceCeil(std::max(yMax, floorMax) * 1.08);
    // Keep free pages visible even when they never come near the watermarks (DMA).
    d.yWatermarks = std::min(d.yMax, niceCeil(std::max({highest * 2.5, lowestFree * 1.15, floorMax * 1.08})));
    d.yMarksOnly = std::min(d.yWatermarks, niceCeil(std::max(highest * 2.5, floorMax * 1.08)));

    index.fill(d, snap, series, nodeId, tEnd, width);
    return d;
}

} // namespace wm::gui
