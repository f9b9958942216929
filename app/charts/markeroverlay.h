#pragma once
// One graphics item over a chart's plot area that paints what a series cannot:
// kswapd awake spans (shaded), parameter changes and captions (vertical lines
// with labels) and the cursor. Positions come from QChart::mapToPosition.
#include "charts/charttheme.h"
#include "charts/zonechartdata.h"

#include <QGraphicsItem>

#include <optional>
#include <vector>

QT_FORWARD_DECLARE_CLASS(QChart)

namespace wm::gui {

// Where the labels of vertical lines at `xs` (sorted) go: right of the line,
// or left of it where it would leave `area`, on the first of `rows` rows where it
// does not overlap an earlier label; nullopt when no row has room (the line is
// still drawn and its tooltip still explains it). Labels never overlap.
std::vector<std::optional<QRectF>> placeMarkerLabels(
    const std::vector<double> &xs, const std::vector<double> &widths, const QRectF &area, double rowHeight, int rows = 3);

class MarkerOverlay : public QGraphicsItem
{
public:
    explicit MarkerOverlay(QChart *chart);

    void setData(const std::vector<ChartSpan> &spans, const std::vector<ChartVLine> &lines);
    void setCursorTime(std::optional<double> t);
    void setTheme(const ChartTheme &theme);
    void plotAreaChanged();

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    double xOf(double t) const;

    QChart *m_chart = nullptr;
    ChartTheme m_theme;
    std::vector<ChartSpan> m_spans;
    std::vector<ChartVLine> m_lines;
    std::optional<double> m_cursor;
    QRectF m_rect;
};

} // namespace wm::gui
