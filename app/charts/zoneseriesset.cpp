#include "charts/zoneseriesset.h"

#include "charts/markeroverlay.h"

#include <QAreaSeries>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace wm::gui {

int tickDecimals(double step)
{
    // The fewest decimals that print every multiple of the step exactly
    // (0.25 needs two, 0.0002 four): "%.3f" would label 0.0002 s steps
    // 0.000, 0.000, 0.001 ...
    for (int d = 0; d < 6; ++d) {
        const double scaled = step * std::pow(10.0, d);
        if (std::abs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled))
            return d;
    }
    return 6;
}

ZoneSeriesSet::ZoneSeriesSet(QChart *chart, const ChartTheme &theme, bool withLegend)
    : QObject(chart)
    , m_chart(chart)
    , m_theme(theme)
    , m_legend(withLegend)
{
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_axisX = new QValueAxis(m_chart);
    m_axisY = new QValueAxis(m_chart);
    m_axisX->setTitleText(tr("time (s)"));
    m_axisY->setTitleText(tr("pages"));
    m_axisX->setLabelFormat(QStringLiteral("%.4g"));
    m_axisY->setLabelFormat(QStringLiteral("%.6g"));
    m_axisX->setTickCount(7);
    m_axisY->setTickCount(5);
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    m_chart->addAxis(m_axisY, Qt::AlignLeft);

    // Order = z order: bands at the back, free pages above the lines, markers on top.
    m_bandHigh = addBand(tr("above high"));
    m_bandMinLow = addBand(tr("min..low"));
    m_bandFloor = addBand(tr("below atomic floor"));
    m_minUnboosted = addLine(tr("min (unboosted)"));
    m_atomicFloor = addLine(tr("GFP_ATOMIC floor"));
    m_min = addLine(tr("min"));
    m_low = addLine(tr("low"));
    m_high = addLine(tr("high"));
    m_free = addLine(tr("free pages"));
    m_boostExtfrag = addScatter(tr("boost: extfrag"), QScatterSeries::MarkerShapeCircle, 8);
    m_boostSlowpath = addScatter(tr("boost: atomic slowpath"), QScatterSeries::MarkerShapeTriangle, 9);
    m_boostFailure = addScatter(tr("boost: atomic failure"), QScatterSeries::MarkerShapeStar, 11);
    m_debounce = addScatter(tr("debounce suppressed"), QScatterSeries::MarkerShapeRectangle, 6);
    m_failures = addScatter(tr("atomic failures"), QScatterSeries::MarkerShapeRotatedRectangle, 9);
    m_stalls = addScatter(tr("reclaim/compaction stalls"), QScatterSeries::MarkerShapePentagon, 7);

    m_overlay = new MarkerOverlay(m_chart);
    connect(m_chart, &QChart::plotAreaChanged, this, [this] { m_overlay->plotAreaChanged(); });
    connect(m_axisX, &QValueAxis::rangeChanged, this, [this] { m_overlay->update(); });
    connect(m_axisY, &QValueAxis::rangeChanged, this, [this] { m_overlay->update(); });
    applyTheme();
    m_chart->legend()->setVisible(m_legend);
    if (m_legend) {
        m_chart->legend()->setAlignment(Qt::AlignBottom);
        // Each entry drawn as its series is (dashed line, diamond, star ...):
        // same-hued entries stay apart by shape.
        m_chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
        for (auto *band : {m_bandHigh, m_bandMinLow, m_bandFloor})
            for (auto *marker : m_chart->legend()->markers(band))
                marker->setVisible(false);
    }
}

void ZoneSeriesSet::attach(QAbstractSeries *s)
{
    m_chart->addSeries(s);
    s->attachAxis(m_axisX);
    s->attachAxis(m_axisY);
}

QLineSeries *ZoneSeriesSet::addLine(const QString &name)
{
    auto *s = new QLineSeries(m_chart);
    s->setName(name);
    attach(s);
    return s;
}

QScatterSeries *ZoneSeriesSet::addScatter(const QString &name, int shape, double size)
{
    auto *s = new QScatterSeries(m_chart);
    s->setName(name);
    s->setMarkerShape(static_cast<QScatterSeries::MarkerShape>(shape));
    s->setMarkerSize(size);
    attach(s);
    return s;
}

QAreaSeries *ZoneSeriesSet::addBand(const QString &name)
{
    auto *upper = new QLineSeries(m_chart);
    auto *lower = new QLineSeries(m_chart);
    auto *s = new QAreaSeries(upper, lower);
    s->setParent(m_chart);
    s->setName(name);
    attach(s);
    return s;
}

void ZoneSeriesSet::setTheme(const ChartTheme &theme)
{
    m_theme = theme;
    applyTheme();
}

void ZoneSeriesSet::applyTheme()
{
    const ChartTheme &t = m_theme;
    m_chart->setBackgroundBrush(t.background);
    m_chart->setPlotAreaBackgroundBrush(t.plotBackground);
    m_chart->setPlotAreaBackgroundVisible(true);
    m_chart->setTitleBrush(t.text);
    m_chart->setTitleFont(t.titleFont);
    m_chart->legend()->setLabelColor(t.text);
    m_chart->legend()->setFont(t.labelFont);
    for (auto *axis : {m_axisX, m_axisY}) {
        axis->setLabelsBrush(t.text);
        axis->setTitleBrush(t.text);
        axis->setLabelsFont(t.labelFont);
        axis->setTitleFont(t.labelFont);
        axis->setGridLineColor(t.grid);
        axis->setLinePenColor(t.grid.darker(130));
        axis->setMinorGridLineVisible(false);
    }
    auto line = [](QLineSeries *s, const QColor &c, double w, Qt::PenStyle style) {
        QPen pen(c, w, style);
        pen.setCosmetic(true);
        s->setPen(pen);
    };
    line(m_free, t.free, 1.6, Qt::SolidLine);
    line(m_min, t.min, 1.4, Qt::SolidLine);
    line(m_low, t.low, 1.4, Qt::SolidLine);
    line(m_high, t.high, 1.4, Qt::SolidLine);
    // Dashed pens only on these short step series: a non-solid pen strokes the whole path
    // instead of drawing segments, which is slow on long series (docs/architecture.md §10).
    line(m_minUnboosted, t.minUnboosted, 1.2, Qt::DashLine);
    line(m_atomicFloor, t.atomicFloor, 1.2, Qt::DashDotLine);
    auto band = [](QAreaSeries *s, const QColor &c) {
        s->setBrush(c);
        s->setPen(Qt::NoPen);
    };
    band(m_bandFloor, t.bandFloor);
    band(m_bandMinLow, t.bandMinLow);
    band(m_bandHigh, t.bandHigh);
    auto scatter = [&t](QScatterSeries *s, const QColor &c) {
        s->setColor(c);
        s->setBorderColor(t.dark ? c.lighter(150) : c.darker(150));
    };
    scatter(m_boostExtfrag, t.boostExtfrag);
    scatter(m_boostSlowpath, t.boostSlowpath);
    scatter(m_boostFailure, t.boostFailure);
    scatter(m_debounce, t.debounce);
    scatter(m_failures, t.atomicFailure);
    scatter(m_stalls, t.stall);
    m_overlay->setTheme(t);
}

void ZoneSeriesSet::update(const ZoneChartData &d)
{
    m_data = d;
    // A range change makes Qt Charts recompute the geometry of every attached
    // series (XYDomain::updated), and replace() does it again per series. While
    // following live the range changes every frame: empty the series first, so the
    // range change costs nothing and each series' geometry is computed once.
    const bool rangeChanges = m_axisX->min() != d.from || m_axisX->max() != d.to || d.yMax != m_yMax;
    const auto all = allXYSeries();
    if (rangeChanges) {
        static const QList<QPointF> kEmpty;
        for (QXYSeries *s : all)
            if (s->count() > 0)
                s->replace(kEmpty);
        setXRange(d.from, d.to);
        setYMax(d.yMax);
    }
    m_free->replace(d.free);
    m_min->replace(d.min);
    m_low->replace(d.low);
    m_high->replace(d.high);
    m_minUnboosted->replace(d.minUnboosted);
    m_atomicFloor->replace(d.atomicFloor);
    m_boostExtfrag->replace(d.boostExtfrag);
    m_boostSlowpath->replace(d.boostSlowpath);
    m_boostFailure->replace(d.boostFailure);
    m_debounce->replace(d.debounce);
    m_failures->replace(d.failures);
    m_stalls->replace(d.stalls);
    if (m_legend) {
        // An exported chart's legend lists the markers it shows, no more (a
        // long legend is elided by Qt Charts, cutting the names that matter).
        for (auto *sc : {m_boostExtfrag, m_boostSlowpath, m_boostFailure, m_debounce, m_failures, m_stalls})
            for (auto *marker : m_chart->legend()->markers(sc))
                marker->setVisible(sc->count() > 0);
    }

    // Bands: zero..floor, min..low, high..top, using the same step points.
    // The constant sides (0 and the top) need only their two end points.
    auto flat = [](const QList<QPointF> &like, double y) {
        QList<QPointF> l;
        if (!like.isEmpty())
            l = {QPointF(like.front().x(), y), QPointF(like.back().x(), y)};
        return l;
    };
    m_bandFloor->upperSeries()->replace(d.atomicFloor);
    m_bandFloor->lowerSeries()->replace(flat(d.atomicFloor, 0));
    m_bandMinLow->upperSeries()->replace(d.low);
    m_bandMinLow->lowerSeries()->replace(d.min);
    const double yTop = std::max(d.yMax, m_yMax) * 4;
    m_bandHigh->upperSeries()->replace(flat(d.high, yTop));
    m_bandHigh->lowerSeries()->replace(d.high);

    m_overlay->setData(d.kswapdAwake, d.lines);
}

std::vector<QXYSeries *> ZoneSeriesSet::allXYSeries() const
{
    return {m_free, m_min, m_low, m_high, m_minUnboosted, m_atomicFloor, m_boostExtfrag, m_boostSlowpath, m_boostFailure,
        m_debounce, m_failures, m_stalls, m_bandFloor->upperSeries(), m_bandFloor->lowerSeries(), m_bandMinLow->upperSeries(),
        m_bandMinLow->lowerSeries(), m_bandHigh->upperSeries(), m_bandHigh->lowerSeries()};
}

void ZoneSeriesSet::setXRange(double from, double to)
{
    // (A new axis already spans 0..1: the tick step is set up on the first call whatever the range.)
    if (m_axisX->min() == from && m_axisX->max() == to && m_tickStep > 0)
        return;
    // Each of these relayouts the axis: only when the step changes.
    if (const double step = roundTimeStep(from, to); step != m_tickStep) {
        m_tickStep = step;
        setTimeTicks(m_axisX, step);
    }
    m_axisX->setRange(from, to);
}

double roundTimeStep(double from, double to)
{
    // Ticks on round times (0, 5, 10 s ...) instead of fractions of the range.
    const double raw = (to - from) / 6.0;
    const double e = std::pow(10.0, std::floor(std::log10(std::max(raw, 1e-6))));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * e >= raw)
            return m * e;
    return 10 * e;
}

void setTimeTicks(QValueAxis *axis, double step)
{
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setLabelFormat(QStringLiteral("%.%1f").arg(tickDecimals(step)));
}

void ZoneSeriesSet::setYMax(double yMax)
{
    if (yMax == m_yMax)
        return;
    m_yMax = yMax;
    m_axisY->setRange(0, yMax);
}

void ZoneSeriesSet::setCursorTime(std::optional<double> t)
{
    m_overlay->setCursorTime(t);
}

qsizetype ZoneSeriesSet::maxSeriesPoints() const
{
    qsizetype n = 0;
    for (auto *s : {m_free, m_min, m_low, m_high, m_minUnboosted, m_atomicFloor})
        n = std::max(n, static_cast<qsizetype>(s->count()));
    for (auto *s : {m_boostExtfrag, m_boostSlowpath, m_boostFailure, m_debounce, m_failures, m_stalls})
        n = std::max(n, static_cast<qsizetype>(s->count()));
    return n;
}

} // namespace wm::gui
