#include "charts/charteventindex.h"

#include <algorithm>

namespace wm::gui {

namespace {

bool sameEvent(const wm::Event &x, const wm::Event &y)
{
    return x.at == y.at && x.kind == y.kind && x.reason == y.reason && x.node == y.node && x.zone == y.zone && x.a == y.a
        && x.b == y.b;
}

bool concernsZone(int eventZone, int eventNode, int zoneId, int nodeId)
{
    if (eventZone == zoneId)
        return true;
    if (eventZone >= 0)
        return false;
    // Machine- or node-wide events (parameter changes, captions).
    return eventNode < 0 || eventNode == nodeId;
}

// Marker kind of an event, or -1.
int markerKind(const wm::Event &e)
{
    switch (e.kind) {
    case wm::EventKind::Boost:
        return e.reason == wm::EventReason::Extfrag ? 0 : e.reason == wm::EventReason::AtomicSlowpath ? 1 : 2;
    case wm::EventKind::DebounceSuppressed:
        return 3;
    case wm::EventKind::AtomicFailure:
        return 4;
    case wm::EventKind::AllocStall:
    case wm::EventKind::CompactStall:
        return 5;
    default:
        return -1;
    }
}

} // namespace

void ChartEventIndex::KindList::add(const Entry &e, std::int64_t n)
{
    cum.push_back((cum.empty() ? base : cum.back()) + n);
    entries.push_back(e);
}

void ChartEventIndex::KindList::pruneBefore(double t)
{
    const auto it = std::lower_bound(entries.begin(), entries.end(), t, [](const Entry &e, double v) { return e.t < v; });
    const auto n = it - entries.begin();
    if (n == 0)
        return;
    base = cum[static_cast<std::size_t>(n) - 1];
    entries.erase(entries.begin(), it);
    cum.erase(cum.begin(), cum.begin() + n);
}

void ChartEventIndex::clear()
{
    m_zones.clear();
    m_nodes.clear();
    m_lines.clear();
    m_seen = 0;
    m_last.reset();
    m_indexed = 0;
}

void ChartEventIndex::sync(const std::vector<wm::Event> &events)
{
    m_lastProcessed = 0;
    std::size_t start = 0;
    if (m_seen > 0 && m_last) {
        if (m_seen <= events.size() && sameEvent(events[m_seen - 1], *m_last)) {
            start = m_seen;
        } else {
            // The oldest events were dropped (or the log was replaced): find the last
            // indexed event by its time; not found means a different log.
            const auto [lo, hi] = std::equal_range(
                events.begin(), events.end(), *m_last, [](const wm::Event &x, const wm::Event &y) { return x.at < y.at; });
            auto found = events.end();
            for (auto it = hi; it != lo;) {
                --it;
                if (sameEvent(*it, *m_last) && static_cast<std::size_t>(it - events.begin()) < m_seen) {
                    found = it;
                    break;
                }
            }
            if (found == events.end()) {
                clear();
                ++m_rebuilds;
            } else {
                start = static_cast<std::size_t>(found - events.begin()) + 1;
                pruneBefore(toSeconds(events.front().at));
            }
        }
    }
    for (std::size_t i = start; i < events.size(); ++i)
        add(events[i]);
    m_lastProcessed = events.size() - std::min(start, events.size());
    m_seen = events.size();
    if (events.empty())
        clear();
    else
        m_last = events.back();
}

void ChartEventIndex::add(const wm::Event &e)
{
    ++m_indexed;
    const double t = toSeconds(e.at);
    switch (e.kind) {
    case wm::EventKind::KswapdWake:
    case wm::EventKind::KswapdSleep:
    case wm::EventKind::KswapdHopeless: {
        if (e.node < 0)
            break;
        NodeIndex &n = m_nodes[e.node];
        n.seen = true;
        if (e.kind == wm::EventKind::KswapdWake) {
            if (!n.openSince)
                n.openSince = t;
        } else if (n.openSince) {
            n.spans.push_back({*n.openSince, t});
            n.openSince.reset();
        }
        break;
    }
    case wm::EventKind::ParamChange:
    case wm::EventKind::Caption:
        m_lines.push_back({t, e.node, e.zone, QString::fromStdString(e.text), e.kind == wm::EventKind::Caption});
        break;
    case wm::EventKind::WatermarksChanged:
        if (e.zone >= 0)
            m_lines.push_back({t, e.node, e.zone, QString::fromStdString(e.text), false, true, true});
        break;
    case wm::EventKind::RecordingGap:
        m_lines.push_back({t, -1, -1, QString::fromStdString(e.text), false, true});
        break;
    default:
        break;
    }
    const int k = markerKind(e);
    // Stalls of no particular zone (compact_stall, allocstall of a classzone the node
    // lacks) show on every chart of their node: kept under zone -1 - node.
    if (k < 0 || (e.zone < 0 && k != 5))
        return;
    const int key = e.zone >= 0 ? e.zone : -1 - std::max(e.node, 0);
    const std::int64_t n = e.kind == wm::EventKind::Boost ? 1 : std::max<std::int64_t>(e.a, 1);
    m_zones[key].kinds[static_cast<std::size_t>(k)].add(Entry {t, e.a, e.b, e.reason, e.kind}, n);
}

void ChartEventIndex::pruneBefore(double t)
{
    for (auto &[id, z] : m_zones)
        for (auto &k : z.kinds)
            k.pruneBefore(t);
    for (auto &[id, n] : m_nodes) {
        const auto it
            = std::lower_bound(n.spans.begin(), n.spans.end(), t, [](const ChartSpan &s, double v) { return s.t1 < v; });
        n.spans.erase(n.spans.begin(), it);
    }
    const auto it = std::lower_bound(m_lines.begin(), m_lines.end(), t, [](const Line &l, double v) { return l.t < v; });
    m_lines.erase(m_lines.begin(), it);
}

void ChartEventIndex::fill(
    ZoneChartData &d, const wm::Snapshot &snap, const wm::ZoneSeries *series, int nodeId, double tEnd, int widthPx) const
{
    const double from = d.from, to = d.to;
    const double span = std::max(to - from, 1e-9);
    const double width = std::max(widthPx, 50);
    const wm::ZoneState *zone = nullptr;
    for (const auto &z : snap.zones)
        if (z.id == d.zoneId)
            zone = &z;

    // Markers: greedy bins (a marker absorbs the events less than one bin after it).
    const double binWidth = std::max(span / (width / kMarkerBinPx), span / kMaxMarkersPerKind);
    auto valueAt = [&](double t, bool high) -> double {
        if (!series)
            return zone ? static_cast<double>(high ? zone->high() : zone->free) : 0.0;
        const wm::SeriesBucket *b = bucketAt(*series, t);
        if (!b)
            return 0.0;
        return static_cast<double>(high ? std::max(b->highMax, b->high) : b->freeMin);
    };
    for (const int key : {d.zoneId, -1 - nodeId}) {
        const auto zit = m_zones.find(key);
        if (zit == m_zones.end())
            continue;
        QList<QPointF> *lists[kKinds] = {&d.boostExtfrag, &d.boostSlowpath, &d.boostFailure, &d.debounce, &d.failures, &d.stalls};
        const auto byTime = [](const Entry &e, double v) { return e.t < v; };
        for (int k = 0; k < kKinds; ++k) {
            const KindList &kl = zit->second.kinds[static_cast<std::size_t>(k)];
            const auto &es = kl.entries;
            auto i = static_cast<std::size_t>(std::lower_bound(es.begin(), es.end(), from, byTime) - es.begin());
            const auto end = static_cast<std::size_t>(
                std::upper_bound(es.begin(), es.end(), to, [](double v, const Entry &e) { return v < e.t; }) - es.begin());
            const wm::EventKind kind = k < 3 ? wm::EventKind::Boost
                : k == 3                     ? wm::EventKind::DebounceSuppressed
                : k == 4                     ? wm::EventKind::AtomicFailure
                                             : wm::EventKind::AllocStall;
            while (i < end) {
                const Entry &e = es[i];
                const auto next
                    = static_cast<std::size_t>(std::lower_bound(es.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                                   es.begin() + static_cast<std::ptrdiff_t>(end), e.t + binWidth, byTime)
                        - es.begin());
                const std::int64_t count = kl.countBefore(next) - kl.countBefore(i);
                // Failures and stalls sit on the free-page line, boosts on high.
                const double y = valueAt(e.t, k < 4);
                lists[k]->append(QPointF(e.t, y));
                d.markers.push_back(ChartMarker {e.t, y, k == 5 ? e.kind : kind, e.reason, count, e.a, e.b});
                i = next;
            }
        }
    }
    std::sort(d.markers.begin(), d.markers.end(), [](const ChartMarker &x, const ChartMarker &y) { return x.t < y.t; });

    // kswapd awake spans, clipped to the view; spans less than a pixel apart merge.
    const auto nit = m_nodes.find(nodeId);
    const double px = span / width;
    auto addSpan = [&](double t0, double t1) {
        t0 = std::max(t0, from);
        t1 = std::min(t1, tEnd);
        if (t1 < t0)
            return;
        if (!d.kswapdAwake.empty() && t0 - d.kswapdAwake.back().t1 < px)
            d.kswapdAwake.back().t1 = std::max(d.kswapdAwake.back().t1, t1);
        else
            d.kswapdAwake.push_back({t0, t1});
    };
    if (nit != m_nodes.end()) {
        const auto &s = nit->second.spans;
        auto i = static_cast<std::size_t>(
            std::lower_bound(s.begin(), s.end(), from, [](const ChartSpan &x, double v) { return x.t1 < v; }) - s.begin());
        const auto byStart = [](double v, const ChartSpan &x) { return v < x.t0; };
        while (i < s.size() && s[i].t0 <= to) {
            double t0 = s[i].t0, e = s[i].t1;
            // Extend over every span starting within a pixel of the merged end.
            for (;;) {
                const auto j
                    = static_cast<std::size_t>(
                          std::upper_bound(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(), e + px, byStart) - s.begin())
                    - 1;
                if (j <= i)
                    break;
                e = std::max(e, s[j].t1);
                i = j;
            }
            addSpan(t0, e);
            ++i;
        }
        if (nit->second.openSince && *nit->second.openSince <= to)
            addSpan(*nit->second.openSince, tEnd);
    } else if (zone) {
        // No kswapd event indexed for this node: its current state holds for the whole view.
        for (const auto &n : snap.nodes)
            if (n.id == nodeId && n.kswapd != wm::KswapdState::Sleeping)
                addSpan(from, tEnd);
    }

    // Vertical lines: the newest kMaxLines in view.
    const auto lb = std::lower_bound(m_lines.begin(), m_lines.end(), from, [](const Line &l, double v) { return l.t < v; });
    const auto ub = std::upper_bound(lb, m_lines.end(), to, [](double v, const Line &l) { return v < l.t; });
    std::vector<const Line *> picked;
    for (auto it = ub; it != lb && picked.size() < static_cast<std::size_t>(kMaxLines);) {
        --it;
        if (concernsZone(it->zone, it->node, d.zoneId, nodeId))
            picked.push_back(&*it);
    }
    for (auto it = picked.rbegin(); it != picked.rend(); ++it)
        d.lines.push_back({(*it)->t, (*it)->label, (*it)->caption, (*it)->watermarks, (*it)->quiet});
}

} // namespace wm::gui
