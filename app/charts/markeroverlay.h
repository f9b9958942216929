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
