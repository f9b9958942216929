#pragma once
// Standalone charts without a view, for export (PNG/SVG/PDF) and the CLI's
// --out: the same series code as the interactive ZoneChart (ZoneSeriesSet),
// plus title, axis titles with units, legend and a caption line.
//
// Usage: QChart *c = buildZoneChart(...); c->resize(w, h); then render
// c->scene() or put it in a QGraphicsScene and render that. The caller owns c.
#include "sim/snapshot.h"

#include <QString>
#include <QtGlobal>

#include <vector>

QT_FORWARD_DECLARE_CLASS(QChart)

namespace wm::gui {
struct ChartTheme;
}

struct ChartCaption {
    QString scenario;
    QString policy;
    quint64 seed = 0;
    QString version;
    QString seeds; // several runs: "5 seeds (1-5)" replaces "seed N"
    QString text() const; // "scenario: x · policy: v4 · seed 1 · watermark-explorer 0.1.0"
};

// One zone's chart: free pages, watermarks (with boost), unboosted min and
// GFP_ATOMIC floor dashed, bands, kswapd spans, boosts, failures, edits, captions.
// `events` must be in time order. `widthPx` is the intended plot width (point budget).
QChart *buildZoneChart(const wm::Snapshot &snap, int zoneId, const std::vector<wm::Event> &events, wm::usec_t from, wm::usec_t to,
    int widthPx, const ChartCaption &caption);
QChart *buildZoneChart(const wm::Snapshot &snap, int zoneId, const std::vector<wm::Event> &events, wm::usec_t from, wm::usec_t to,
    int widthPx, const ChartCaption &caption, const wm::gui::ChartTheme &theme);

// Every populated zone's free pages as a percentage of its high watermark
// (100 % = high, the level where kswapd goes back to sleep), one line per zone.
QChart *buildMachineChart(const wm::Snapshot &snap, const std::vector<wm::Event> &events, wm::usec_t from, wm::usec_t to,
    int widthPx, const ChartCaption &caption);

// "Node 0 · Normal" for a zone id of the snapshot.
QString zoneTitle(const wm::Snapshot &snap, int zoneId);
