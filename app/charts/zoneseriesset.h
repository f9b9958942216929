#pragma once
// The series of one zone chart, created once on a QChart and refreshed with
// replace() only: append() costs O(n) per point (docs/architecture.md §10). Shared by the interactive ZoneChart and the
// standalone builder used for export, so both draw exactly the same thing.
#include "charts/charttheme.h"
#include "charts/zonechartdata.h"

#include <QObject>

#include <vector>

QT_FORWARD_DECLARE_CLASS(QChart)
QT_FORWARD_DECLARE_CLASS(QLineSeries)
QT_FORWARD_DECLARE_CLASS(QAreaSeries)
QT_FORWARD_DECLARE_CLASS(QScatterSeries)
QT_FORWARD_DECLARE_CLASS(QValueAxis)
QT_FORWARD_DECLARE_CLASS(QAbstractSeries)
QT_FORWARD_DECLARE_CLASS(QXYSeries)

namespace wm::gui {

class MarkerOverlay;

// Decimals for time-axis labels at a tick step of `step` seconds: the fewest
// that print every multiple of the step exactly.
int tickDecimals(double step);
// The tick step of a time axis over [from, to] seconds: about six ticks on round
// times (1, 2, 2.5 or 5 times a power of ten).
double roundTimeStep(double from, double to);
// Ticks every `step` seconds from 0, labelled with the decimals the step needs.
void setTimeTicks(QValueAxis *axis, double step);

class ZoneSeriesSet : public QObject
{
    Q_OBJECT
public:
    // Creates the series and axes on `chart` (which becomes the parent).
    ZoneSeriesSet(QChart *chart, const ChartTheme &theme, bool withLegend);

    // Copies `data` into the series (replace()) and sets the axes when they changed.
    void update(const ZoneChartData &data);
    void setXRange(double from, double to);
    void setYMax(double yMax);
    void setTheme(const ChartTheme &theme);
    void setCursorTime(std::optional<double> t);

    QChart *chart() const { return m_chart; }
    QValueAxis *axisX() const { return m_axisX; }
    QValueAxis *axisY() const { return m_axisY; }
    QLineSeries *freeSeries() const { return m_free; }
    const ZoneChartData &data() const { return m_data; }
    // Largest point count of any one series after the last update().
    qsizetype maxSeriesPoints() const;

private:
    void applyTheme();
    QLineSeries *addLine(const QString &name);
    QScatterSeries *addScatter(const QString &name, int shape, double size);
    QAreaSeries *addBand(const QString &name);
    void attach(QAbstractSeries *s);

    QChart *m_chart = nullptr;
    ChartTheme m_theme;
    bool m_legend = false;
    QValueAxis *m_axisX = nullptr;
    QValueAxis *m_axisY = nullptr;
    QAreaSeries *m_bandFloor = nullptr, *m_bandMinLow = nullptr, *m_bandHigh = nullptr;
    QLineSeries *m_free = nullptr, *m_min = nullptr, *m_low = nullptr, *m_high = nullptr;
    QLineSeries *m_minUnboosted = nullptr, *m_atomicFloor = nullptr;
    QScatterSeries *m_boostExtfrag = nullptr, *m_boostSlowpath = nullptr, *m_boostFailure = nullptr;
    QScatterSeries *m_debounce = nullptr, *m_failures = nullptr, *m_stalls = nullptr;
    MarkerOverlay *m_overlay = nullptr;
    ZoneChartData m_data;
    double m_yMax = -1;
    double m_tickStep = -1;
    std::vector<QXYSeries *> allXYSeries() const;
};

} // namespace wm::gui
