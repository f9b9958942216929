#pragma once
// Incremental index of the event log for the zone charts, so a frame's chart
// work does not grow with the number of events:
//
// - sync() looks only at the events appended since the previous call (the log is
//   time-ordered and append-only; when its oldest entries are dropped, as
//   EventLogModel does at its bound, the index drops them too; anything else,
//   such as a restart, re-indexes from scratch);
// - per zone and marker kind a time-sorted list with prefix sums of the counts,
//   per node the closed kswapd awake spans, and the vertical lines (edits, captions);
// - fill() answers one chart's view [from, to] with binary searches: markers
//   outside the view are never touched, markers closer than one bin (kMarkerBinPx, and at
//   most kMaxMarkersPerKind bins across the view, 5 px at least) are aggregated into one with the
//   summed count, awake spans closer than one pixel are merged. The cost is
//   O(width x log n) per chart, whatever the number of events.
#include "charts/zonechartdata.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace wm::gui {

class ChartEventIndex
{
public:
    static constexpr int kMaxMarkersPerKind = 250;
    static constexpr int kMaxLines = 200;
    static constexpr int kMarkerBinPx = 5;

    void clear();
    // Indexes the events of `events` not seen yet (see above).
    void sync(const std::vector<wm::Event> &events);
    // Markers, kswapd spans and vertical lines of zone d.zoneId in [d.from, d.to];
    // `tEnd` closes an open awake span (the end of the recorded data in view).
    void fill(
        ZoneChartData &d, const wm::Snapshot &snap, const wm::ZoneSeries *series, int nodeId, double tEnd, int widthPx) const;

    // Diagnostics (tests, benchmarks).
    std::size_t indexedEvents() const { return m_indexed; }
    std::size_t lastSyncProcessed() const { return m_lastProcessed; }
    std::size_t rebuilds() const { return m_rebuilds; }

private:
    struct Entry {
        double t = 0;
        std::int64_t a = 0;
        std::int64_t b = 0;
        wm::EventReason reason = wm::EventReason::None;
        wm::EventKind kind = wm::EventKind::Caption;
    };
    struct KindList {
        std::vector<Entry> entries;
        std::vector<std::int64_t> cum; // inclusive prefix sums of the counts
        std::int64_t base = 0; // cum value before entries[0] (after pruning)
        void add(const Entry &e, std::int64_t n);
        void pruneBefore(double t);
        std::int64_t countBefore(std::size_t i) const { return i == 0 ? base : cum[i - 1]; }
    };
    static constexpr int kKinds = 6; // boost extfrag, boost slowpath, boost other, debounce, atomic failures, stalls
    struct ZoneIndex {
        std::array<KindList, kKinds> kinds;
    };
    struct NodeIndex {
        std::vector<ChartSpan> spans; // closed, sorted, non-overlapping
        std::optional<double> openSince;
        bool seen = false; // any wake/sleep of this node was indexed
    };
    struct Line {
        double t = 0;
        int node = -1;
        int zone = -1;
        QString label;
        bool caption = false;
        bool watermarks = false;
        bool quiet = false;
    };

    void add(const wm::Event &e);
    void pruneBefore(double t);

    std::map<int, ZoneIndex> m_zones;
    std::map<int, NodeIndex> m_nodes;
    std::vector<Line> m_lines;
    std::size_t m_seen = 0;
    std::optional<wm::Event> m_last;
    std::size_t m_indexed = 0;
    std::size_t m_lastProcessed = 0;
    std::size_t m_rebuilds = 0;
};

} // namespace wm::gui
