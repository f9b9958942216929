#pragma once
// Everything one zone chart draws, computed from a snapshot and the event log
// for a time window and a pixel budget. No Qt Charts here: the series code
// (ZoneSeriesSet) only copies these lists into series with replace().
#include "sim/snapshot.h"

#include <QList>
#include <QPointF>
#include <QString>

#include <vector>

namespace wm::gui {

struct ChartMarker {
    double t = 0; // seconds
    double y = 0; // pages
    wm::EventKind kind = wm::EventKind::Caption;
    wm::EventReason reason = wm::EventReason::None;
    std::int64_t count = 1; // events merged into this marker (one per pixel bin)
    std::int64_t a = 0; // the first event's a/b (boost pages, ...)
    std::int64_t b = 0;
};

struct ChartSpan {
    double t0 = 0;
    double t1 = 0;
};

struct ChartVLine {
    double t = 0;
    QString label;
    bool caption = false; // caption (true) or parameter change (false)
    bool watermarks = false; // a recorded change of the zone's watermarks, or a gap in the recording
    bool quiet = false; // drawn without its label (there can be many; the tooltip has it)
};

struct ZoneChartData {
    int zoneId = -1;
    double from = 0, to = 1; // seconds
    QList<QPointF> free, min, low, high, minUnboosted, atomicFloor;
    // Markers by series: boosts by reason, debounce suppressions, atomic failures.
    QList<QPointF> boostExtfrag, boostSlowpath, boostFailure, debounce, failures;
    // Direct reclaim (allocstall_<zone>) and direct compaction (compact_stall) stalls.
    QList<QPointF> stalls;
    std::vector<ChartMarker> markers; // all of the above, for tooltips
    std::vector<ChartSpan> kswapdAwake;
    std::vector<ChartVLine> lines;
    double yMax = 1; // everything in view
    double yWatermarks = 1; // focus on the watermarks: 2.5x the highest high in view
    // The watermarks only: as yWatermarks but without keeping free pages in view (a zone
    // whose free pages stay far above its marks, as Normal on a large idle machine).
    double yMarksOnly = 1;
    // The GFP_ATOMIC floor (with lowmem_reserve[Normal]) when it stands above the
    // zone's managed pages, so it is not drawn; 0 when it is drawn.
    double floorAboveManaged = 0;
    std::size_t pointCount() const;
};

// " · GFP_ATOMIC floor N > managed (lowmem_reserve): not drawn" for a chart
// title when the floor is left out (ZoneChartData::floorAboveManaged), else "".
QString floorNote(const ZoneChartData &d);

// Horizontal pixels per watermark step (min/low/high/...) bucket; free pages get two points per 2 px.
inline constexpr int kStepPxPerPoint = 5;

// Events must be in time order (as the EventLog keeps them). `widthPx` is the
// plot width: free pages get at most ~2 points per pixel.
ZoneChartData computeZoneChartData(
    const wm::Snapshot &snap, int zoneId, const std::vector<wm::Event> &events, wm::usec_t from, wm::usec_t to, int widthPx);
// The same from an incrementally kept index of the events (the live charts):
// the cost does not depend on the number of events (charteventindex.h).
class ChartEventIndex;
ZoneChartData computeZoneChartData(
    const wm::Snapshot &snap, int zoneId, const ChartEventIndex &index, wm::usec_t from, wm::usec_t to, int widthPx);

// The bucket nearest to time t (seconds) in a series, or nullptr.
const wm::SeriesBucket *bucketAt(const wm::ZoneSeries &series, double tSeconds);

// A "nice" upper bound for an axis (1, 2, 2.5, 5 x 10^n).
double niceCeil(double v);

inline double toSeconds(wm::usec_t t)
{
    return static_cast<double>(t) / 1e6;
}

} // namespace wm::gui
