#include "charts/markeroverlay.h"

#include <QChart>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>

namespace wm::gui {

std::vector<std::optional<QRectF>> placeMarkerLabels(
    const std::vector<double> &xs, const std::vector<double> &widths, const QRectF &area, double rowHeight, int rows)
{
    constexpr double gap = 3;
    std::vector<std::optional<QRectF>> out(xs.size());
    std::vector<std::vector<QRectF>> taken(static_cast<std::size_t>(std::max(rows, 0)));
    for (std::size_t i = 0; i < xs.size() && i < widths.size(); ++i) {
        const double w = widths[i];
        double lx = xs[i] + gap;
        if (lx + w > area.right())
            lx = xs[i] - w - gap;
        for (std::size_t row = 0; row < taken.size(); ++row) {
            const QRectF r(lx, area.top() + 2 + static_cast<double>(row) * (rowHeight + 2), w, rowHeight);
            const bool clash = std::any_of(taken[row].begin(), taken[row].end(),
                [&r](const QRectF &o) { return o.adjusted(-gap, 0, gap, 0).intersects(r); });
            if (!clash) {
                taken[row].push_back(r);
                out[i] = r;
                break;
            }
        }
    }
    return out;
}

MarkerOverlay::MarkerOverlay(QChart *chart)
    : QGraphicsItem(chart)
    , m_chart(chart)
{
    setZValue(5);
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(false);
}

void MarkerOverlay::setData(const std::vector<ChartSpan> &spans, const std::vector<ChartVLine> &lines)
{
    m_spans = spans;
    m_lines = lines;
    update();
}

void MarkerOverlay::setCursorTime(std::optional<double> t)
{
    m_cursor = t;
    update();
}

void MarkerOverlay::setTheme(const ChartTheme &theme)
{
    m_theme = theme;
    update();
}

void MarkerOverlay::plotAreaChanged()
{
    prepareGeometryChange();
    m_rect = m_chart->plotArea();
    update();
}

QRectF MarkerOverlay::boundingRect() const
{
    return m_rect;
}

double MarkerOverlay::xOf(double t) const
{
    if (m_chart->series().isEmpty())
        return 0;
    return m_chart->mapToPosition(QPointF(t, 0), m_chart->series().constFirst()).x();
}

void MarkerOverlay::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QRectF area = m_chart->plotArea();
    if (area.isEmpty() || m_chart->series().isEmpty())
        return;
    p->save();
    p->setClipRect(area);
    for (const auto &s : m_spans) {
        const double x0 = std::max(area.left(), xOf(s.t0));
        const double x1 = std::min(area.right(), xOf(s.t1));
        if (x1 > x0 - 1)
            p->fillRect(QRectF(x0, area.top(), std::max(1.0, x1 - x0), area.height()), m_theme.kswapdAwake);
    }
    QFont f = m_theme.labelFont;
    p->setFont(f);
    const QFontMetricsF fm(f);
    // Lines first, then their labels where placeMarkerLabels() finds room.
    std::vector<double> xs, widths;
    std::vector<QString> texts;
    std::vector<QColor> colours;
    for (const auto &l : m_lines) {
        const double x = xOf(l.t);
        if (x < area.left() || x > area.right())
            continue;
        const QColor c = l.caption ? m_theme.caption : l.watermarks ? m_theme.watermarkChange : m_theme.paramChange;
        p->setPen(QPen(c, l.watermarks ? 1.0 : 1.2, l.caption ? Qt::DashLine : l.watermarks ? Qt::DotLine : Qt::SolidLine));
        p->drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
        if (l.quiet)
            continue;
        QString text = l.label; // elided to 28 characters; the tooltip has it all
        if (text.size() > 28)
            text = text.left(27) + QChar(0x2026);
        xs.push_back(x);
        widths.push_back(fm.horizontalAdvance(text) + 6);
        texts.push_back(text);
        colours.push_back(c);
    }
    const auto rects = placeMarkerLabels(xs, widths, area, fm.height());
    QColor bg = m_theme.plotBackground;
    bg.setAlpha(200);
    for (std::size_t i = 0; i < rects.size(); ++i) {
        if (!rects[i])
            continue;
        p->fillRect(*rects[i], bg);
        p->setPen(colours[i]);
        p->drawText(*rects[i], Qt::AlignCenter, texts[i]);
    }
    if (m_cursor) {
        const double x = xOf(*m_cursor);
        if (x >= area.left() && x <= area.right()) {
            p->setPen(QPen(m_theme.cursor, 1.5));
            p->drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
        }
    }
    p->restore();
}

} // namespace wm::gui
