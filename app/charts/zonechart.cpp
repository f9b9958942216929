#include "charts/zonechart.h"

#include "charts/zoneseriesset.h"
#include "explain/explain.h"

#include <QChart>
#include <QContextMenuEvent>
#include <QElapsedTimer>
#include <QGraphicsLayout>
#include <QLineSeries>
#include <QMenu>
#include <QMouseEvent>
#include <QRubberBand>
#include <QToolTip>
#include <QValueAxis>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace wm::gui {

ZoneChart::ZoneChart(const ChartTheme &theme, QWidget *parent)
    : QChartView(new QChart, parent)
{
    chart()->setMargins(QMargins(4, 2, 8, 2));
    chart()->layout()->setContentsMargins(0, 0, 0, 0);
    chart()->setBackgroundRoundness(0);
    m_set = new ZoneSeriesSet(chart(), theme, false);
    setRenderHint(QPainter::Antialiasing, true);
    setRubberBand(QChartView::NoRubberBand);
    setMouseTracking(true);
    setMinimumHeight(170);
    setFrameShape(QFrame::NoFrame);
    // Repaint the whole chart on every change: with the default minimal
    // update, axis labels that got narrower (112500 -> 5000 after a zoom) left
    // old glyphs beside the new ones. A frame redraws the series anyway.
    setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
    m_band = new QRubberBand(QRubberBand::Rectangle, this);
}

void ZoneChart::setZoneTitle(const QString &title)
{
    m_zoneTitle = title;
    chart()->setTitle(fullTitle());
}

namespace {
// Free pages entirely above the value axis (y: marks only): say so, or the chart seems to have none.
bool freeAboveScale(const ZoneChartData &d)
{
    return !d.free.isEmpty() && std::all_of(d.free.begin(), d.free.end(), [&d](const QPointF &p) { return p.y() > d.yMax; });
}
} // namespace

QString ZoneChart::fullTitle() const
{
    return m_zoneTitle + floorNote(m_data) + (freeAboveScale(m_data) ? tr(" \u00b7 free pages above the scale") : QString());
}

void ZoneChart::setData(const ZoneChartData &d)
{
    const bool noteChanged = d.floorAboveManaged != m_data.floorAboveManaged || freeAboveScale(d) != freeAboveScale(m_data);
    m_data = d;
    m_set->update(d);
    if (noteChanged)
        chart()->setTitle(fullTitle());
}

void ZoneChart::setTheme(const ChartTheme &theme)
{
    m_set->setTheme(theme);
}

void ZoneChart::setCursorTime(std::optional<double> t)
{
    m_set->setCursorTime(t);
}

int ZoneChart::plotWidth() const
{
    const int w = static_cast<int>(chart()->plotArea().width());
    return w > 20 ? w : std::max(200, width() - 80);
}

double ZoneChart::timeAt(QPointF widgetPos) const
{
    const QPointF scenePos = mapToScene(widgetPos.toPoint());
    const QPointF chartPos = chart()->mapFromScene(scenePos);
    return chart()->mapToValue(chartPos, m_set->freeSeries()).x();
}

void ZoneChart::wheelEvent(QWheelEvent *event)
{
    const double t = timeAt(event->position());
    const double factor = std::pow(0.85, event->angleDelta().y() / 120.0);
    const double from = m_data.from, to = m_data.to;
    double nf = t - (t - from) * factor, nt = t + (to - t) * factor;
    if (nt - nf < 0.002)
        return;
    Q_EMIT rangeRequested(std::max(0.0, nf), nt);
    event->accept();
}

void ZoneChart::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = event->pos();
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier))) {
        m_drag = Drag::Pan;
        m_panFrom = m_data.from;
        m_panTo = m_data.to;
        setCursor(Qt::ClosedHandCursor);
    } else if (event->button() == Qt::LeftButton) {
        m_drag = Drag::Select;
        const QRectF area = chart()->plotArea();
        m_band->setGeometry(QRect(m_pressPos.x(), static_cast<int>(area.top()), 0, static_cast<int>(area.height())));
        m_band->show();
    }
    event->accept();
}

void ZoneChart::mouseMoveEvent(QMouseEvent *event)
{
    const QRectF area = chart()->plotArea();
    if (m_drag == Drag::Select) {
        const int x0 = std::min(m_pressPos.x(), event->pos().x());
        const int x1 = std::max(m_pressPos.x(), event->pos().x());
        m_band->setGeometry(QRect(x0, static_cast<int>(area.top()), x1 - x0, static_cast<int>(area.height())));
    } else if (m_drag == Drag::Pan && area.width() > 0) {
        const double dt = (event->pos().x() - m_pressPos.x()) / area.width() * (m_panTo - m_panFrom);
        double from = m_panFrom - dt, to = m_panTo - dt;
        if (from < 0) {
            to -= from;
            from = 0;
        }
        Q_EMIT rangeRequested(from, to);
    } else {
        showTooltip(event->pos());
    }
    event->accept();
}

void ZoneChart::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_drag == Drag::Select) {
        m_band->hide();
        if (std::abs(event->pos().x() - m_pressPos.x()) > 4) {
            double a = timeAt(m_pressPos), b = timeAt(event->pos());
            if (a > b)
                std::swap(a, b);
            Q_EMIT rangeRequested(std::max(0.0, a), b);
        } else {
            Q_EMIT clicked(m_data.zoneId, timeAt(event->pos()));
        }
    }
    m_drag = Drag::None;
    unsetCursor();
    event->accept();
}

void ZoneChart::paintEvent(QPaintEvent *event)
{
    QElapsedTimer t;
    t.start();
    QChartView::paintEvent(event);
    m_lastPaintMs = static_cast<double>(t.nsecsElapsed()) / 1e6;
}

void ZoneChart::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    menu.addAction(tr("Export this chart\u2026"), this, [this] { Q_EMIT exportRequested(m_data.zoneId); });
    menu.addSeparator();
    menu.addAction(tr("Follow live"), this, [this] { Q_EMIT followRequested(); });
    menu.exec(event->globalPos());
    event->accept();
}

void ZoneChart::mouseDoubleClickEvent(QMouseEvent *event)
{
    Q_EMIT followRequested();
    event->accept();
}

void ZoneChart::leaveEvent(QEvent *event)
{
    QToolTip::hideText();
    QChartView::leaveEvent(event);
}

void ZoneChart::showTooltip(QPoint pos)
{
    if (!chart()->plotArea().contains(chart()->mapFromScene(mapToScene(pos)))) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(mapToGlobal(pos), tooltipText(pos), this);
}

QString ZoneChart::tooltipText(QPointF pos) const
{
    const double t = timeAt(pos);
    QString s = QStringLiteral("<b>t = %1 s</b>").arg(t, 0, 'f', 3);
    if (m_series) {
        if (const wm::SeriesBucket *b = bucketAt(*m_series, t)) {
            s += tr("<br>free %1 (min %2, max %3 in this bucket)").arg(b->freeLast).arg(b->freeMin).arg(b->freeMax);
            s += tr("<br>min %1 \u00b7 low %2 \u00b7 high %3").arg(b->min).arg(b->low).arg(b->high);
            if (b->boost || b->boostMax)
                s += tr("<br>boost %1 (max %2)").arg(b->boost).arg(b->boostMax);
            s += tr("<br>unboosted min %1 \u00b7 GFP_ATOMIC floor %2").arg(b->minUnboosted).arg(b->atomicFloor);
        }
    }
    // Nearest marker within 8 px.
    const QRectF area = chart()->plotArea();
    const double pxPerSec = area.width() / std::max(1e-9, m_data.to - m_data.from);
    const ChartMarker *best = nullptr;
    double bestPx = 8;
    for (const auto &m : m_data.markers) {
        const double px = std::abs(m.t - t) * pxPerSec;
        if (px < bestPx) {
            bestPx = px;
            best = &m;
        }
    }
    if (best) {
        s += QStringLiteral("<hr><b>%1</b>").arg(QString::fromUtf8(wm::eventKindName(best->kind)));
        if (best->count > 1)
            s += tr(" \u00d7%1").arg(best->count);
        if (best->kind == wm::EventKind::Boost)
            s += tr(" (+%1 pages, boost now %2)").arg(best->a).arg(best->b);
        s += QStringLiteral("<br>") + explainEvent(best->kind, best->reason);
        return s;
    }
    for (const auto &l : m_data.lines) {
        if (std::abs(l.t - t) * pxPerSec < 6) {
            const wm::EventKind kind = l.caption ? wm::EventKind::Caption
                : l.watermarks                   ? wm::EventKind::WatermarksChanged
                                                 : wm::EventKind::ParamChange;
            s += QStringLiteral("<hr><b>%1</b><br>%2").arg(l.label.toHtmlEscaped(), explainEvent(kind));
            return s;
        }
    }
    for (const auto &sp : m_data.kswapdAwake) {
        if (t >= sp.t0 && t <= sp.t1) {
            s += QStringLiteral("<hr>") + explainWatermarkLine(WatermarkLine::KswapdAwake);
            break;
        }
    }
    return s;
}

} // namespace wm::gui
