#include "charts/exportcharts.h"

#include "charts/zoneseriesset.h"

#include "charts/charttheme.h"
#include "charts/zonechartdata.h"

#include <QAreaSeries>
#include <QChart>
#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace wm::gui {

void addChartCaption(QChart *chart, const QString &text)
{
    const auto theme = ChartTheme::light();
    auto *item = new QGraphicsSimpleTextItem(text, chart);
    QFont f = theme.labelFont;
    f.setItalic(true);
    item->setFont(f);
    item->setBrush(theme.text);
    QMargins m = chart->margins();
    m.setBottom(m.bottom() + static_cast<int>(item->boundingRect().height()) + 4);
    chart->setMargins(m);
    auto place = [chart, item] {
        const QRectF r = chart->rect();
        item->setPos(r.left() + 8, r.bottom() - item->boundingRect().height() - 4);
    };
    QObject::connect(chart, &QGraphicsWidget::geometryChanged, chart, place);
    place();
}

namespace {
const QColor kColours[] = {{31, 119, 180}, {255, 127, 14}, {44, 160, 44}, {214, 39, 40}, {148, 103, 189}, {140, 86, 75},
    {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207}};

std::pair<QValueAxis *, QValueAxis *> makeAxes(QChart *chart, const QString &xTitle, const QString &yTitle)
{
    const auto theme = ChartTheme::light();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setTitleFont(theme.titleFont);
    auto *ax = new QValueAxis(chart);
    auto *ay = new QValueAxis(chart);
    ax->setTitleText(xTitle);
    ay->setTitleText(yTitle);
    ax->setLabelFormat(QStringLiteral("%.6g"));
    ay->setLabelFormat(QStringLiteral("%.6g"));
    for (auto *a : {ax, ay}) {
        a->setLabelsFont(theme.labelFont);
        a->setTitleFont(theme.labelFont);
    }
    chart->addAxis(ax, Qt::AlignBottom);
    chart->addAxis(ay, Qt::AlignLeft);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setFont(theme.labelFont);
    return {ax, ay};
}
} // namespace

QChart *buildOverlayChart(const QString &title, const QString &yTitle, const std::vector<OverlaySeries> &series, wm::usec_t from,
    wm::usec_t to, int widthPx, const ChartCaption &caption)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    auto [ax, ay] = makeAxes(chart, QStringLiteral("time (s)"), yTitle);
    double yMax = 1, highMax = 0;
    int i = 0;
    // The policies often overlap for most of the run: the first is drawn
    // widest and each later one narrower and in its own dash pattern, so every
    // line stays visible where they coincide.
    static const Qt::PenStyle kStyles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine, Qt::DashDotDotLine};
    for (const auto &os : series) {
        const auto buckets = wm::decimateForDisplay(os.buckets, from, to, static_cast<std::size_t>(std::max(widthPx, 50)));
        QList<QPointF> pts;
        pts.reserve(static_cast<qsizetype>(buckets.size() * 2));
        for (const auto &b : buckets) {
            pts.append(QPointF(toSeconds(b.t0), static_cast<double>(b.freeMin)));
            if (b.freeMax != b.freeMin)
                pts.append(QPointF(toSeconds(b.t1), static_cast<double>(b.freeMax)));
            yMax = std::max(yMax, static_cast<double>(b.freeMax));
            highMax = std::max(highMax, static_cast<double>(std::max(b.high, b.highMax)));
        }
        auto *s = new QLineSeries(chart);
        s->setName(os.name);
        QPen pen(kColours[i % 10], std::max(1.2, 3.5 - 0.8 * i), kStyles[i % 5]);
        ++i;
        pen.setCosmetic(true);
        s->setPen(pen);
        s->replace(pts);
        chart->addSeries(s);
        s->attachAxis(ax);
        s->attachAxis(ay);
    }
    const double x0 = toSeconds(from), x1 = toSeconds(std::max(to, from + 1));
    setTimeTicks(ax, roundTimeStep(x0, x1));
    ax->setRange(x0, x1);
    // Open on the watermarks, where the policies differ; say what is clipped.
    const double focus = highMax > 0 ? niceCeil(highMax * 2.5) : niceCeil(yMax * 1.05);
    if (yMax * 1.05 > focus) {
        ay->setRange(0, focus);
        chart->setTitle(
            title + QStringLiteral(" (clipped above %L1; free pages reach %L2)").arg(focus, 0, 'f', 0).arg(yMax, 0, 'f', 0));
    } else {
        ay->setRange(0, niceCeil(yMax * 1.05));
    }
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries); // each policy's dash pattern
    addChartCaption(chart, caption.text());
    return chart;
}

QChart *buildSweepLineChart(const QString &title, const QString &xTitle, const QString &yTitle,
    const std::vector<SweepPoint> &points, const ChartCaption &caption)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    auto [ax, ay] = makeAxes(chart, xTitle, yTitle);
    auto *upper = new QLineSeries(chart);
    auto *lower = new QLineSeries(chart);
    auto *mean = new QLineSeries(chart);
    auto *dots = new QScatterSeries(chart);
    double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
    bool first = true;
    for (const auto &p : points) {
        upper->append(p.x, p.ciHigh);
        lower->append(p.x, p.ciLow);
        mean->append(p.x, p.mean);
        dots->append(p.x, p.mean);
        if (first) {
            xMin = xMax = p.x;
            yMin = std::min(0.0, p.ciLow);
            yMax = p.ciHigh;
            first = false;
        }
        xMin = std::min(xMin, p.x);
        xMax = std::max(xMax, p.x);
        yMin = std::min(yMin, p.ciLow);
        yMax = std::max(yMax, p.ciHigh);
    }
    auto *band = new QAreaSeries(upper, lower);
    band->setParent(chart);
    band->setName(QStringLiteral("95% confidence interval"));
    band->setBrush(QColor(31, 119, 180, 60));
    band->setPen(QPen(QColor(31, 119, 180, 120), 0.8));
    chart->addSeries(band);
    mean->setName(QStringLiteral("mean over seeds"));
    QPen pen(QColor(31, 119, 180), 2);
    pen.setCosmetic(true);
    mean->setPen(pen);
    chart->addSeries(mean);
    dots->setName(QStringLiteral("grid point"));
    dots->setMarkerSize(7);
    dots->setColor(QColor(31, 119, 180));
    dots->setBorderColor(Qt::white);
    chart->addSeries(dots);
    for (auto *s : std::initializer_list<QAbstractSeries *> {band, mean, dots}) {
        s->attachAxis(ax);
        s->attachAxis(ay);
    }
    if (xMax <= xMin)
        xMax = xMin + 1;
    const double pad = (xMax - xMin) * 0.03;
    ax->setRange(xMin - pad, xMax + pad);
    ax->applyNiceNumbers();
    if (yMax <= yMin)
        yMax = yMin + 1;
    ay->setRange(yMin, yMin + (yMax - yMin) * 1.08);
    ay->applyNiceNumbers();
    addChartCaption(chart, caption.text());
    return chart;
}

} // namespace wm::gui
