#include "charts/comparechartgrid.h"

#include "charts/chartlegend.h"
#include "charts/zonechart.h"
#include "charts/zonechartbuilder.h"
#include "charts/zonechartdata.h"
#include "charts/zoneseriesset.h"

#include <QGridLayout>
#include <QLabel>

namespace wm::gui {

CompareChartGrid::CompareChartGrid(QWidget *parent)
    : QWidget(parent)
{
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(4);
    // The same legend as the main window's charts, above the grid.
    m_legend = new QLabel(this);
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setWordWrap(true);
    m_legend->setText(zoneChartLegendHtml(ChartTheme::fromPalette(palette())));
    m_legend->setToolTip(tr("Hover a chart for values and the explanation of the nearest marker."));
    grid->addWidget(m_legend, 0, 0, 1, 2);
    m_legend->hide(); // until there are charts to explain
}

void CompareChartGrid::setRuns(std::vector<CompareRun> runs, int zoneId)
{
    for (auto *c : m_charts)
        delete c;
    m_charts.clear();
    m_runs = std::move(runs);
    m_zone = zoneId;
    auto *grid = static_cast<QGridLayout *>(layout());
    const int cols = m_runs.size() > 3 ? 2 : 1;
    const auto theme = ChartTheme::fromPalette(palette());
    m_legend->setText(zoneChartLegendHtml(theme)); // in the charts' colours
    m_legend->setVisible(!m_runs.empty());
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        auto *c = new ZoneChart(theme, this);
        c->setMinimumHeight(200);
        connect(c, &ZoneChart::rangeRequested, this, &CompareChartGrid::setRange);
        connect(c, &ZoneChart::followRequested, this, &CompareChartGrid::resetRange);
        grid->addWidget(c, 1 + static_cast<int>(i) / cols, static_cast<int>(i) % cols);
        m_charts.push_back(c);
    }
    resetRange();
}

void CompareChartGrid::setZone(int zoneId)
{
    m_zone = zoneId;
    refresh();
}

void CompareChartGrid::setRange(double from, double to)
{
    m_from = from;
    m_to = to;
    refresh();
}

void CompareChartGrid::resetRange()
{
    m_from = 0;
    m_to = 0;
    for (const auto &r : m_runs)
        if (r.snapshot)
            m_to = std::max(m_to, toSeconds(r.snapshot->now));
    refresh();
}

void CompareChartGrid::refresh()
{
    double yMax = 1;
    std::vector<ZoneChartData> rows;
    static const std::vector<wm::Event> kNone;
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        const auto &r = m_runs[i];
        if (!r.snapshot) {
            rows.emplace_back();
            continue;
        }
        rows.push_back(
            computeZoneChartData(*r.snapshot, m_zone, r.events ? *r.events : kNone, static_cast<wm::usec_t>(m_from * 1e6),
                static_cast<wm::usec_t>(std::max(m_to, m_from + 0.001) * 1e6), m_charts[i]->plotWidth()));
        yMax = std::max(yMax, rows.back().yWatermarks);
    }
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        rows[i].yMax = yMax; // synchronized value axis
        m_charts[i]->setZoneTitle(
            QStringLiteral("%1 \u2014 %2")
                .arg(m_runs[i].title, m_runs[i].snapshot ? zoneTitle(*m_runs[i].snapshot, m_zone) : QString()));
        if (m_runs[i].snapshot)
            for (const auto &s : m_runs[i].snapshot->series)
                if (s.zone == m_zone)
                    m_charts[i]->setBucketSource(&s);
        m_charts[i]->setData(rows[i]);
    }
}

} // namespace wm::gui
