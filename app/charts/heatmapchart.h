#pragma once
// Two-parameter sweep heatmap: a QChart with value axes (cell centres at the
// grid values), one vector rectangle per grid point coloured on a sequential
// scale (light yellow -> dark blue, readable in print and for colour-blind
// readers), the value printed in the cell when the grid is small, and a colour
// scale legend with min/mid/max labels and the metric's name on the right.
// Renders as vector in SVG and PDF. Caller owns the chart.
#include "charts/zonechartbuilder.h"

#include <QColor>
#include <QString>
#include <QtGlobal>

#include <vector>

QT_FORWARD_DECLARE_CLASS(QChart)

namespace wm::gui {

struct HeatmapCell {
    double x = 0;
    double y = 0;
    double value = 0;
};

// `xs`, `ys`: the distinct grid values (ascending); `cells`: one per (x, y).
QChart *buildHeatmapChart(const QString &title, const QString &xTitle, const QString &yTitle, const QString &valueTitle,
    const std::vector<double> &xs, const std::vector<double> &ys, const std::vector<HeatmapCell> &cells,
    const ChartCaption &caption);

// The colour of `t` in [0, 1] on the scale.
QColor heatmapColour(double t);

} // namespace wm::gui
