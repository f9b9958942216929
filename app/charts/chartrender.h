#pragma once
// Renders a QChart (built by zonechartbuilder.h, exportcharts.h or heatmapchart.h)
// to PNG, SVG or PDF for export. Every write is atomic (export/atomicfile.h):
// a failed export never leaves a file with the final name.
//
//   PNG: a QImage of exactly `size` pixels, device pixel ratio 1, white background.
//   SVG: QSvgGenerator, viewBox = size, <title> = chart title, <desc> = caption.
//   PDF: QPdfWriter, one landscape page sized to the chart's aspect ratio, vector.
//
// The chart is laid out at `size` before rendering: rendered before layout, a chart comes
// out empty or mis-sized (docs/architecture.md §10). The chart is resized and temporarily placed in a scene; it is
// left in that scene's ownership only for the duration of the call.
#include <QSize>
#include <QString>
#include <QtGlobal>

#include <memory>

QT_FORWARD_DECLARE_CLASS(QChart)

namespace wm::gui {

enum class ChartFormat { Png, Svg, Pdf, Unknown };
ChartFormat chartFormatFromPath(const QString &path); // by suffix, case-insensitive

struct ChartRenderOptions {
    QSize size {1200, 600};
    QString title; // SVG <title> / PDF title; default = the chart's title
    QString description; // SVG <desc> / PDF creator line: the caption
};

// Returns "" on success or an error naming the file.
// Owning pointer usable where QtCharts headers are not included (outside app/charts/).
struct ChartDeleter {
    void operator()(QChart *chart) const;
};
using ChartPtr = std::unique_ptr<QChart, ChartDeleter>;

QString renderChart(QChart *chart, const QString &path, const ChartRenderOptions &options);
QString renderChartPng(QChart *chart, const QString &path, const ChartRenderOptions &options);
QString renderChartSvg(QChart *chart, const QString &path, const ChartRenderOptions &options);
QString renderChartPdf(QChart *chart, const QString &path, const ChartRenderOptions &options);

} // namespace wm::gui
