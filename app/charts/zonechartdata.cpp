#include "charts/zonechartdata.h"

#include <algorithm>
#include <cmath>

namespace wm::gui {

std::size_t ZoneChartData::pointCount() const
{
    return static_cast<std::size_t>(free.size() + min.size() + low.size() + high.size() + minUnboosted.size()
                                    + atomicFloor.size() + boostExtfrag.size() + boostSlowpath.size()
                                    + boostFailure.size() + debounce.size() + failures.size());
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

bool eventConcernsZone(const wm::Event &e, int zoneId, int nodeId)
{
    if (e.zone == zoneId)
        return true;
    if (e.zone >= 0)
        return false;
    // Machine- or node-wide events (parameter changes, captions, recomputes, kswapd of this node).
    return e.node < 0 || e.node == nodeId;
}

} // namespace

ZoneChartData computeZoneChartData(const wm::Snapshot &snap, int zoneId, const std::vector<wm::Event> &events,
                                   wm::usec_t from, wm::usec_t to, int widthPx)
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
    std::vector<wm::SeriesBucket> buckets;
    if (series)
        buckets = wm::decimateForDisplay(series->buckets, from, to, static_cast<std::size_t>(width / 2));

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
        stepTo(d.atomicFloor, t0, static_cast<double>(b.atomicFloor));
        yMax = std::max({yMax, hi, highV});
        highest = std::max(highest, highV);
        lowestFree = lowestFree < 0 ? lo : std::min(lowestFree, lo);
    }
    const double tEnd = buckets.empty() ? d.to : std::min(d.to, toSeconds(buckets.back().t1));
    for (auto *l : {&d.min, &d.low, &d.high, &d.minUnboosted, &d.atomicFloor})
        closeStep(*l, tEnd);
    if (buckets.empty() && zone) {
        // No history yet (before the first tick): draw the current watermarks flat.
        for (auto [line, v] : {std::pair{&d.min, zone->min()}, {&d.low, zone->low()}, {&d.high, zone->high()},
                               {&d.minUnboosted, zone->watermark[0]}, {&d.atomicFloor, zone->atomicFloor}}) {
            line->append(QPointF(d.from, static_cast<double>(v)));
            line->append(QPointF(d.to, static_cast<double>(v)));
        }
        d.free.append(QPointF(d.from, static_cast<double>(zone->free)));
    }
    d.yMax = niceCeil(yMax * 1.08);
    // Keep free pages visible even when they never come near the watermarks (DMA).
    d.yWatermarks = std::min(d.yMax, niceCeil(std::max(highest * 2.5, lowestFree * 1.15)));

    // Events in [from, to] (time-sorted): markers binned per 3 px, kswapd spans, vertical lines.
    auto lo = std::lower_bound(events.begin(), events.end(), from, [](const wm::Event &e, wm::usec_t t) { return e.at < t; });
    auto hi = std::upper_bound(lo, events.end(), to, [](wm::usec_t t, const wm::Event &e) { return t < e.at; });

    // kswapd state at `from`: the last wake/sleep of this node before the window.
    bool awake = false;
    {
        int scanned = 0;
        for (auto it = lo; it != events.begin() && scanned < 20000; ++scanned) {
            --it;
            if (it->node == nodeId && (it->kind == wm::EventKind::KswapdWake || it->kind == wm::EventKind::KswapdSleep
                                       || it->kind == wm::EventKind::KswapdHopeless)) {
                awake = it->kind == wm::EventKind::KswapdWake;
                break;
            }
        }
        if (scanned == 0 && lo == events.begin() && lo == hi && zone) {
            for (const auto &n : snap.nodes)
                if (n.id == nodeId)
                    awake = n.kswapd != wm::KswapdState::Sleeping;
        }
    }
    double awakeSince = d.from;

    const double binWidth = (d.to - d.from) / (static_cast<double>(width) / 3.0);
    auto valueAt = [&](double t, bool high) -> double {
        if (!series)
            return zone ? static_cast<double>(high ? zone->high() : zone->free) : 0.0;
        const wm::SeriesBucket *b = bucketAt(*series, t);
        if (!b)
            return 0.0;
        return static_cast<double>(high ? std::max(b->highMax, b->high) : b->freeMin);
    };
    // Markers of different kinds interleave; bin per kind by remembering the last of each.
    std::vector<ChartMarker> byKind[5];
    for (auto it = lo; it != hi; ++it) {
        const wm::Event &e = *it;
        if (!eventConcernsZone(e, zoneId, nodeId))
            continue;
        const double t = toSeconds(e.at);
        switch (e.kind) {
        case wm::EventKind::KswapdWake:
            if (e.node == nodeId && !awake) {
                awake = true;
                awakeSince = t;
            }
            break;
        case wm::EventKind::KswapdSleep:
        case wm::EventKind::KswapdHopeless:
            if (e.node == nodeId && awake) {
                awake = false;
                d.kswapdAwake.push_back({awakeSince, t});
            }
            break;
        case wm::EventKind::ParamChange:
            d.lines.push_back({t, QString::fromStdString(e.text), false});
            break;
        case wm::EventKind::Caption:
            d.lines.push_back({t, QString::fromStdString(e.text), true});
            break;
        default:
            break;
        }
        if (e.zone != zoneId)
            continue;
        int k = -1;
        QList<QPointF> *list = nullptr;
        double y = 0;
        if (e.kind == wm::EventKind::Boost) {
            y = valueAt(t, true);
            if (e.reason == wm::EventReason::Extfrag) {
                k = 0;
                list = &d.boostExtfrag;
            } else if (e.reason == wm::EventReason::AtomicSlowpath) {
                k = 1;
                list = &d.boostSlowpath;
            } else {
                k = 2;
                list = &d.boostFailure;
            }
        } else if (e.kind == wm::EventKind::DebounceSuppressed) {
            k = 3;
            list = &d.debounce;
            y = valueAt(t, true);
        } else if (e.kind == wm::EventKind::AtomicFailure) {
            k = 4;
            list = &d.failures;
            y = valueAt(t, false);
        }
        if (k < 0)
            continue;
        // Bin per kind: merge into that kind's last marker when within one bin.
        auto &kindList = byKind[k];
        const std::int64_t n = (e.kind == wm::EventKind::Boost) ? 1 : std::max<std::int64_t>(e.a, 1);
        if (!kindList.empty() && t - kindList.back().t < binWidth) {
            kindList.back().count += n;
            continue;
        }
        list->append(QPointF(t, y));
        kindList.push_back(ChartMarker{t, y, e.kind, e.reason, n, e.a, e.b});
    }
    if (awake)
        d.kswapdAwake.push_back({awakeSince, tEnd});
    for (auto &kindList : byKind)
        d.markers.insert(d.markers.end(), kindList.begin(), kindList.end());
    std::sort(d.markers.begin(), d.markers.end(), [](const ChartMarker &x, const ChartMarker &y) { return x.t < y.t; });
    if (d.lines.size() > 200)
        d.lines.erase(d.lines.begin(), d.lines.end() - 200);
    return d;
}

} // namespace wm::gui
