#include "charts/markeroverlay.h"

#include <QChart>
#include <QFontMetricsF>
#include <QPainter>

namespace wm::gui {

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
    double lastLabelRight = -1e9;
    int row = 0;
    for (const auto &l : m_lines) {
        const double x = xOf(l.t);
        if (x < area.left() || x > area.right())
            continue;
        const QColor c = l.caption ? m_theme.caption : m_theme.paramChange;
        p->setPen(QPen(c, 1.2, l.caption ? Qt::DashLine : Qt::SolidLine));
        p->drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
        // Labels on up to three rows so neighbours do not overlap; elided to 28 chars.
        QString text = l.label;
        if (text.size() > 28)
            text = text.left(27) + QChar(0x2026);
        const double w = fm.horizontalAdvance(text) + 6;
        row = (x < lastLabelRight) ? (row + 1) % 3 : 0;
        double lx = x + 3;
        if (lx + w > area.right())
            lx = x - w - 3;
        const QRectF r(lx, area.top() + 2 + row * (fm.height() + 2), w, fm.height());
        QColor bg = m_theme.plotBackground;
        bg.setAlpha(200);
        p->fillRect(r, bg);
        p->setPen(c);
        p->drawText(r, Qt::AlignCenter, text);
        lastLabelRight = std::max(lastLabelRight, r.right());
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
