#include "charts/heatmapchart.h"

#include "charts/charttheme.h"
#include "charts/exportcharts.h"

#include <QChart>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLinearGradient>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace wm::gui {

QColor heatmapColour(double t)
{
    // Sequential "YlGnBu"-like stops.
    static const QColor stops[] = {{255, 255, 217}, {199, 233, 180}, {65, 182, 196}, {34, 94, 168}, {8, 29, 88}};
    t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0);
    const double p = t * 4;
    const int i = std::min(3, static_cast<int>(p));
    const double f = p - i;
    const QColor &a = stops[i], &b = stops[i + 1];
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * f),
        static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * f),
        static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * f));
}

namespace {
double halfStep(const std::vector<double> &v)
{
    if (v.size() < 2)
        return 0.5;
    double s = v[1] - v[0];
    for (std::size_t i = 2; i < v.size(); ++i)
        s = std::min(s, v[i] - v[i - 1]);
    return s > 0 ? s / 2 : 0.5;
}

QString fmt(double v)
{
    if (std::fabs(v) >= 1000 && std::fabs(v) < 1e9)
        return QString::number(v, 'f', 0);
    return QString::number(v, 'g', 4);
}
} // namespace

QChart *buildHeatmapChart(const QString &title, const QString &xTitle, const QString &yTitle, const QString &valueTitle,
    const std::vector<double> &xs, const std::vector<double> &ys, const std::vector<HeatmapCell> &cells,
    const ChartCaption &caption)
{
    const auto theme = ChartTheme::light();
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setTitle(title);
    chart->setTitleFont(theme.titleFont);
    auto *ax = new QValueAxis(chart);
    auto *ay = new QValueAxis(chart);
    ax->setTitleText(xTitle);
    ay->setTitleText(yTitle);
    for (auto *a : {ax, ay}) {
        a->setLabelFormat(QStringLiteral("%.6g"));
        a->setLabelsFont(theme.labelFont);
        a->setTitleFont(theme.labelFont);
        a->setGridLineVisible(false);
    }
    chart->addAxis(ax, Qt::AlignBottom);
    chart->addAxis(ay, Qt::AlignLeft);
    // An invisible series carries the axes (a chart draws axes only for attached series).
    auto *anchor = new QScatterSeries(chart);
    for (const auto &c : cells)
        anchor->append(c.x, c.y);
    anchor->setMarkerSize(0);
    anchor->setColor(Qt::transparent);
    anchor->setBorderColor(Qt::transparent);
    chart->addSeries(anchor);
    anchor->attachAxis(ax);
    anchor->attachAxis(ay);
    chart->legend()->setVisible(false);
    const double hx = halfStep(xs), hy = halfStep(ys);
    const double x0 = xs.empty() ? 0 : xs.front() - hx, x1 = xs.empty() ? 1 : xs.back() + hx;
    const double y0 = ys.empty() ? 0 : ys.front() - hy, y1 = ys.empty() ? 1 : ys.back() + hy;
    ax->setRange(x0, x1);
    ay->setRange(y0, y1);
    ax->setTickCount(static_cast<int>(std::clamp<std::size_t>(xs.size(), 2, 11)));
    ay->setTickCount(static_cast<int>(std::clamp<std::size_t>(ys.size(), 2, 11)));
    if (xs.size() >= 2 && xs.size() <= 11) {
        ax->setTickType(QValueAxis::TicksDynamic);
        ax->setTickAnchor(xs.front());
        ax->setTickInterval(2 * hx);
    }
    if (ys.size() >= 2 && ys.size() <= 11) {
        ay->setTickType(QValueAxis::TicksDynamic);
        ay->setTickAnchor(ys.front());
        ay->setTickInterval(2 * hy);
    }

    double vMin = 0, vMax = 0;
    bool first = true;
    for (const auto &c : cells) {
        if (!std::isfinite(c.value))
            continue;
        vMin = first ? c.value : std::min(vMin, c.value);
        vMax = first ? c.value : std::max(vMax, c.value);
        first = false;
    }
    const double span = vMax > vMin ? vMax - vMin : 1.0;
    const bool labels = xs.size() * ys.size() <= 144;
    struct Item {
        HeatmapCell cell;
        QGraphicsRectItem *rect;
        QGraphicsSimpleTextItem *text;
    };
    auto items = std::make_shared<std::vector<Item>>();
    for (const auto &c : cells) {
        auto *r = new QGraphicsRectItem(chart);
        const double t = (c.value - vMin) / span;
        r->setBrush(heatmapColour(t));
        r->setPen(QPen(Qt::white, 0.5));
        r->setZValue(1);
        QGraphicsSimpleTextItem *txt = nullptr;
        if (labels) {
            txt = new QGraphicsSimpleTextItem(fmt(c.value), chart);
            txt->setFont(theme.labelFont);
            txt->setBrush(t > 0.55 ? Qt::white : Qt::black);
            txt->setZValue(2);
        }
        items->push_back({c, r, txt});
    }
    // Colour scale legend on the right.
    QMargins m = chart->margins();
    m.setRight(m.right() + 120);
    chart->setMargins(m);
    auto *bar = new QGraphicsRectItem(chart);
    bar->setPen(QPen(Qt::darkGray, 0.5));
    auto *barTitle = new QGraphicsSimpleTextItem(valueTitle, chart);
    barTitle->setFont(theme.labelFont);
    barTitle->setRotation(-90);
    std::vector<QGraphicsSimpleTextItem *> barLabels;
    for (double v : {vMax, (vMin + vMax) / 2, vMin}) {
        auto *l = new QGraphicsSimpleTextItem(fmt(v), chart);
        l->setFont(theme.labelFont);
        barLabels.push_back(l);
    }
    auto layout = [chart, items, bar, barTitle, barLabels, hx, hy, vMin, vMax] {
        const QRectF pa = chart->plotArea();
        if (pa.isEmpty())
            return;
        for (auto &it : *items) {
            const QPointF a = chart->mapToPosition(QPointF(it.cell.x - hx, it.cell.y + hy));
            const QPointF b = chart->mapToPosition(QPointF(it.cell.x + hx, it.cell.y - hy));
            const QRectF r = QRectF(a, b).normalized();
            it.rect->setRect(r);
            if (it.text) {
                const QRectF tb = it.text->boundingRect();
                it.text->setVisible(tb.width() < r.width() - 2 && tb.height() < r.height());
                it.text->setPos(r.center() - QPointF(tb.width() / 2, tb.height() / 2));
            }
        }
        const QRectF br(pa.right() + 20, pa.top(), 16, pa.height());
        QLinearGradient g(br.bottomLeft(), br.topLeft());
        for (int i = 0; i <= 10; ++i)
            g.setColorAt(i / 10.0, heatmapColour(i / 10.0));
        bar->setRect(br);
        bar->setBrush(g);
        for (std::size_t i = 0; i < barLabels.size(); ++i) {
            const double y = br.top() + br.height() * static_cast<double>(i) / 2.0;
            barLabels[i]->setPos(br.right() + 4, y - barLabels[i]->boundingRect().height() / 2);
        }
        barTitle->setPos(br.right() + 90, br.center().y() + barTitle->boundingRect().width() / 2);
        (void)vMin;
        (void)vMax;
    };
    QObject::connect(chart, &QChart::plotAreaChanged, chart, layout);
    QObject::connect(chart, &QGraphicsWidget::geometryChanged, chart, layout);
    layout();
    addChartCaption(chart, caption.text());
    return chart;
}

} // namespace wm::gui
