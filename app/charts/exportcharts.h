#pragma once
// Charts for the export bundles that the interactive GUI does not draw:
//   buildOverlayChart   one metric over time, one line per policy (compare --out)
//   buildSweepLineChart sweep over one parameter: mean with a 95% CI band (QAreaSeries)
// (the two-parameter sweep heatmap is in heatmapchart.h). Same light theme,
// axis titles, legend and caption line as zonechartbuilder.h. Caller owns the chart.
#include "charts/zonechartbuilder.h"
#include "sim/recorder.h"

#include <QString>
#include <QtGlobal>

#include <vector>

QT_FORWARD_DECLARE_CLASS(QChart)

namespace wm::gui {

struct OverlaySeries {
    QString name;
    std::vector<wm::SeriesBucket> buckets; // free pages (freeMin/freeMax per bucket)
};

QChart *buildOverlayChart(const QString &title, const QString &yTitle, const std::vector<OverlaySeries> &series, wm::usec_t from,
    wm::usec_t to, int widthPx, const ChartCaption &caption);

struct SweepPoint {
    double x = 0;
    double mean = 0;
    double ciLow = 0;
    double ciHigh = 0;
};
QChart *buildSweepLineChart(const QString &title, const QString &xTitle, const QString &yTitle,
    const std::vector<SweepPoint> &points, const ChartCaption &caption);

// Italic caption line at the bottom-left of `chart` (follows its geometry).
void addChartCaption(QChart *chart, const QString &text);

} // namespace wm::gui
