#include "charts/recordingoverlaychart.h"

#include "charts/chartrender.h"
#include "recording/recording.h"

#include <QChart>
#include <QChartView>
#include <QDir>
#include <QFileInfo>
#include <QLegend>
#include <QLineSeries>
#include <QPen>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace wm::gui {

namespace {

// `key` names the series for pointCount(); `label` is its legend text.
QLineSeries *addCurve(QChart *chart, QValueAxis *ax, QValueAxis *ay, const QString &key, const QString &label,
    const std::vector<double> &t, const std::vector<std::int64_t> &v, const QPen &pen, double &yMax)
{
    auto *s = new QLineSeries(chart);
    s->setName(label);
    s->setObjectName(key);
    s->setPen(pen);
    QList<QPointF> points;
    points.reserve(static_cast<qsizetype>(v.size()));
    for (std::size_t i = 0; i < v.size() && i < t.size(); ++i) {
        if (v[i] == recording::kMissing)
            continue;
        points.append(QPointF(t[i], static_cast<double>(v[i])));
        yMax = std::max(yMax, static_cast<double>(v[i]));
    }
    s->replace(points);
    chart->addSeries(s);
    s->attachAxis(ax);
    s->attachAxis(ay);
    return s;
}

} // namespace

QChart *buildRecordingOverlayChart(const RecordingOverlayZone &zone, double from, double to, const ChartTheme &theme)
{
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setTitle(QObject::tr("%1: free pages, recorded against the model").arg(zone.title));
    chart->setTitleFont(theme.titleFont);
    chart->setTitleBrush(theme.text);
    chart->setBackgroundBrush(theme.background);
    chart->setPlotAreaBackgroundBrush(theme.plotBackground);
    chart->setPlotAreaBackgroundVisible(true);
    chart->setMargins(QMargins(4, 2, 4, 2));
    auto *ax = new QValueAxis(chart);
    auto *ay = new QValueAxis(chart);
    ax->setTitleText(QObject::tr("time since the first complete sample (s)"));
    ay->setTitleText(QObject::tr("pages"));
    ax->setLabelFormat(QStringLiteral("%.4g"));
    ay->setLabelFormat(QStringLiteral("%.0f"));
    for (auto *a : {ax, ay}) {
        a->setLabelsFont(theme.labelFont);
        a->setTitleFont(theme.labelFont);
        a->setLabelsColor(theme.text);
        a->setTitleBrush(theme.text);
        a->setGridLineColor(theme.grid);
    }
    chart->addAxis(ax, Qt::AlignBottom);
    chart->addAxis(ay, Qt::AlignLeft);
    double yMax = 1;
    const auto thin = [](QColor c, Qt::PenStyle style) {
        QPen p(c, 1.0, style);
        p.setCosmetic(true);
        return p;
    };
    // Reference lines first, so the two free-page curves are drawn over them.
    addCurve(chart, ax, ay, QStringLiteral("high"), QObject::tr("recorded high"), zone.seconds, zone.high,
        thin(theme.high, Qt::DashLine), yMax);
    addCurve(chart, ax, ay, QStringLiteral("low"), QObject::tr("recorded low"), zone.seconds, zone.low,
        thin(theme.low, Qt::DashLine), yMax);
    addCurve(chart, ax, ay, QStringLiteral("min"), QObject::tr("recorded min"), zone.seconds, zone.min,
        thin(theme.min, Qt::DashLine), yMax);
    QPen rec(theme.free, 3.0); // wider than the model's line, so it shows where they coincide
    rec.setCosmetic(true);
    QPen model(QColor(0, 0, 0), 1.5);
    if (theme.dark)
        model.setColor(QColor(235, 235, 235));
    model.setCosmetic(true);
    addCurve(chart, ax, ay, QStringLiteral("recorded"), QObject::tr("recorded free"), zone.seconds, zone.recorded, rec, yMax);
    addCurve(chart, ax, ay, QStringLiteral("model"), QObject::tr("model free"), zone.seconds, zone.model, model, yMax);
    ax->setRange(from, to);
    // Ticks at round seconds (1, 2 or 5 x 10^k), whatever the recording's length.
    const double span = std::max(to - from, 1e-3);
    const double raw = span / 8, mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double step = raw <= mag ? mag : raw <= 2 * mag ? 2 * mag : raw <= 5 * mag ? 5 * mag : 10 * mag;
    ax->setTickType(QValueAxis::TicksDynamic);
    ax->setTickAnchor(0);
    ax->setTickInterval(step);
    ax->setLabelFormat(step >= 1 ? QStringLiteral("%.0f") : QStringLiteral("%.2g"));
    ay->setRange(0, yMax * 1.05);
    ay->applyNiceNumbers();
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->legend()->setFont(theme.labelFont);
    chart->legend()->setLabelColor(theme.text);
    return chart;
}

RecordingOverlayCharts::RecordingOverlayCharts(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
}

void RecordingOverlayCharts::setZones(std::vector<RecordingOverlayZone> zones)
{
    for (auto *v : m_views)
        delete v;
    m_views.clear();
    m_zones = std::move(zones);
    m_from = 0;
    m_to = 1;
    for (const auto &z : m_zones)
        if (!z.seconds.empty())
            m_to = std::max(m_to, z.seconds.back());
    const auto theme = ChartTheme::fromPalette(palette());
    for (const auto &z : m_zones) {
        auto *view = new QChartView(buildRecordingOverlayChart(z, m_from, m_to, theme), this);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(160);
        static_cast<QVBoxLayout *>(layout())->addWidget(view, 1);
        m_views.push_back(view);
    }
}

int RecordingOverlayCharts::pointCount(int zone, const QString &series) const
{
    if (zone < 0 || zone >= static_cast<int>(m_views.size()))
        return -1;
    for (auto *s : m_views[static_cast<std::size_t>(zone)]->chart()->series())
        if (s->objectName() == series)
            if (auto *line = qobject_cast<QLineSeries *>(s))
                return static_cast<int>(line->count());
    return -1;
}

std::pair<double, double> RecordingOverlayCharts::timeRange(int zone) const
{
    if (zone < 0 || zone >= static_cast<int>(m_views.size()))
        return {0, 0};
    const auto axes = m_views[static_cast<std::size_t>(zone)]->chart()->axes(Qt::Horizontal);
    if (auto *ax = axes.isEmpty() ? nullptr : qobject_cast<QValueAxis *>(axes.first()))
        return {ax->min(), ax->max()};
    return {0, 0};
}

QString RecordingOverlayCharts::exportCharts(const QString &basePath, QStringList *written) const
{
    const QFileInfo fi(basePath);
    const QString suffix = fi.suffix().isEmpty() ? QStringLiteral("png") : fi.suffix();
    const QString stem = fi.dir().filePath(fi.completeBaseName());
    for (const auto &z : m_zones) {
        QString name = z.title;
        name.replace(QLatin1Char(' '), QLatin1Char('-'));
        const QString path = QStringLiteral("%1-%2.%3").arg(stem, name, suffix);
        ChartPtr chart(buildRecordingOverlayChart(z, m_from, m_to, ChartTheme::light()));
        ChartRenderOptions options;
        options.size = QSize(1400, 500);
        options.description = QObject::tr("%1: recorded free pages against the model's").arg(z.title);
        const QString err = renderChart(chart.get(), path, options);
        if (!err.isEmpty())
            return err;
        if (written)
            written->append(path);
    }
    return QString();
}

} // namespace wm::gui
