#include "charts/zonechartbuilder.h"

#include "charts/charttheme.h"
#include "charts/zonechartdata.h"
#include "charts/zoneseriesset.h"

#include <QChart>
#include <QGraphicsSimpleTextItem>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

QString ChartCaption::text() const
{
    QStringList parts;
    if (!scenario.isEmpty())
        parts << QStringLiteral("scenario: %1").arg(scenario);
    if (!policy.isEmpty())
        parts << QStringLiteral("policy: %1").arg(policy);
    parts << (seeds.isEmpty() ? QStringLiteral("seed %1").arg(seed) : seeds);
    parts << QStringLiteral("watermark-explorer %1").arg(version.isEmpty() ? QStringLiteral(WM_VERSION) : version);
    return parts.join(QStringLiteral(" \u00b7 "));
}

QString zoneTitle(const wm::Snapshot &snap, int zoneId)
{
    for (const auto &z : snap.zones)
        if (z.id == zoneId)
            return QStringLiteral("Node %1 \u00b7 %2").arg(z.node).arg(QString::fromUtf8(wm::zoneName(z.type)));
    return QStringLiteral("zone %1").arg(zoneId);
}

namespace {

// Caption line at the bottom-left; follows the chart's geometry.
void addCaption(QChart *chart, const ChartCaption &caption, const wm::gui::ChartTheme &theme)
{
    auto *item = new QGraphicsSimpleTextItem(caption.text(), chart);
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

} // namespace

QChart *buildZoneChart(const wm::Snapshot &snap, int zoneId, const std::vector<wm::Event> &events, wm::usec_t from, wm::usec_t to,
    int widthPx, const ChartCaption &caption, const wm::gui::ChartTheme &theme)
{
    auto *chart = new QChart;
    // The scale the window opens with: around the watermarks, where the story
    // is. Free pages that climb far above are clipped, and the title says so.
    auto d = wm::gui::computeZoneChartData(snap, zoneId, events, from, to, widthPx);
    double freeMax = 0;
    for (const QPointF &p : d.free)
        freeMax = std::max(freeMax, p.y());
    QString title = QStringLiteral("%1 \u2014 free pages and watermarks").arg(zoneTitle(snap, zoneId)) + wm::gui::floorNote(d);
    if (freeMax > d.yWatermarks)
        title += QStringLiteral(" (free pages clipped above %L1; they reach %L2)")
                     .arg(static_cast<qint64>(d.yWatermarks))
                     .arg(static_cast<qint64>(freeMax));
    d.yMax = d.yWatermarks;
    chart->setTitle(title);
    auto *set = new wm::gui::ZoneSeriesSet(chart, theme, true);
    set->update(d);
    // A diamond marks a tick with failures; the legend gives how many there were.
    for (const auto &z : snap.zones)
        if (z.id == zoneId)
            for (auto *s : chart->series())
                if (s->name() == QLatin1String("atomic failures"))
                    s->setName(QStringLiteral("atomic failures: %L1").arg(z.counters[wm::Counter::SimAtomicFailures]));
    addCaption(chart, caption, theme);
    return chart;
}

QChart *buildZoneChart(const wm::Snapshot &snap, int zoneId, const std::vector<wm::Event> &events, wm::usec_t from, wm::usec_t to,
    int widthPx, const ChartCaption &caption)
{
    return buildZoneChart(snap, zoneId, events, from, to, widthPx, caption, wm::gui::ChartTheme::light());
}

namespace {
// The whole-machine chart's scale stops at 20 x high (a mostly empty DMA zone
// would otherwise squash every other zone into the bottom pixels).
constexpr double kMachineChartYCap = 2000.0;
} // namespace

QChart *buildMachineChart(const wm::Snapshot &snap, const std::vector<wm::Event> &events, wm::usec_t from, wm::usec_t to,
    int widthPx, const ChartCaption &caption)
{
    (void)events;
    const auto theme = wm::gui::ChartTheme::light();
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setTitle(QStringLiteral("All zones \u2014 free pages relative to the high watermark"));
    chart->setTitleFont(theme.titleFont);
    auto *ax = new QValueAxis(chart);
    auto *ay = new QValueAxis(chart);
    ax->setTitleText(QStringLiteral("time (s)"));
    ay->setTitleText(QStringLiteral("free / high (%)"));
    ax->setLabelFormat(QStringLiteral("%.4g"));
    ay->setLabelFormat(QStringLiteral("%.4g"));
    for (auto *a : {ax, ay}) {
        a->setLabelsFont(theme.labelFont);
        a->setTitleFont(theme.labelFont);
    }
    chart->addAxis(ax, Qt::AlignBottom);
    chart->addAxis(ay, Qt::AlignLeft);
    static const QColor colours[] = {{31, 119, 180}, {255, 127, 14}, {44, 160, 44}, {214, 39, 40}, {148, 103, 189}, {140, 86, 75},
        {227, 119, 194}, {127, 127, 127}};
    double yMax = 150;
    int i = 0;
    for (const auto &z : snap.zones) {
        if (z.managed <= 0)
            continue;
        const wm::ZoneSeries *series = nullptr;
        for (const auto &s : snap.series)
            if (s.zone == z.id)
                series = &s;
        QList<QPointF> pts;
        double zoneMax = 0;
        if (series) {
            const auto buckets
                = wm::decimateForDisplay(series->buckets, from, to, static_cast<std::size_t>(std::max(widthPx, 50)));
            pts.reserve(static_cast<qsizetype>(buckets.size() * 2));
            for (const auto &b : buckets) {
                const double h = static_cast<double>(std::max<wm::pages_t>(b.high, 1));
                pts.append(QPointF(wm::gui::toSeconds(b.t0), 100.0 * static_cast<double>(b.freeMin) / h));
                if (b.freeMax != b.freeMin)
                    pts.append(QPointF(wm::gui::toSeconds(b.t1), 100.0 * static_cast<double>(b.freeMax) / h));
                zoneMax = std::max(zoneMax, 100.0 * static_cast<double>(b.freeMax) / h);
            }
        }
        auto *s = new QLineSeries(chart);
        // A zone whose free pages stay far above its high mark (DMA) is drawn
        // off the top of the clipped scale: the legend says so.
        if (zoneMax > kMachineChartYCap)
            s->setName(QStringLiteral("%1 (above the scale: up to %L2 %)").arg(zoneTitle(snap, z.id)).arg(std::round(zoneMax)));
        else
            s->setName(zoneTitle(snap, z.id));
        QPen pen(colours[i++ % 8], 1.5);
        pen.setCosmetic(true);
        s->setPen(pen);
        s->replace(pts);
        chart->addSeries(s);
        s->attachAxis(ax);
        s->attachAxis(ay);
        yMax = std::max(yMax, std::min(zoneMax, kMachineChartYCap));
    }
    auto *ref = new QLineSeries(chart);
    ref->setName(QStringLiteral("high watermark (100 %)"));
    // Not a zone colour: the reference line must not read as a zone.
    ref->setPen(QPen(QColor(60, 60, 60), 1.2, Qt::DashLine));
    ref->replace({QPointF(wm::gui::toSeconds(from), 100), QPointF(wm::gui::toSeconds(to), 100)});
    chart->addSeries(ref);
    ref->attachAxis(ax);
    ref->attachAxis(ay);
    const double x0 = wm::gui::toSeconds(from), x1 = wm::gui::toSeconds(std::max(to, from + 1));
    wm::gui::setTimeTicks(ax, wm::gui::roundTimeStep(x0, x1));
    ax->setRange(x0, x1);
    ay->setRange(0, wm::gui::niceCeil(std::min(yMax * 1.05, kMachineChartYCap)));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setFont(theme.labelFont);
    addCaption(chart, caption, theme);
    return chart;
}
