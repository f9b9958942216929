#pragma once
// Recording against the model (RecordingCompareView): per recorded zone, the recorded and the
// modelled free pages at every recorded sample time, with the recorded min/low/high as thin
// reference lines. Every zone's chart has the same time axis (the recording's, from its first
// complete sample); each has its own page axis (a DMA zone and a Normal zone differ by orders of
// magnitude). The charts stack vertically, so one time is one x position in all of them.
#include "charts/charttheme.h"

#include <QString>
#include <QWidget>

#include <cstdint>
#include <vector>

QT_FORWARD_DECLARE_CLASS(QChart)
QT_FORWARD_DECLARE_CLASS(QChartView)

namespace wm::gui {

struct RecordingOverlayZone {
    QString title; // "node 0 Normal"
    std::vector<double> seconds; // shared by every curve
    // recording::kMissing where the sample has no value (the point is left out).
    std::vector<std::int64_t> recorded, model, min, low, high;
};

// One zone's chart; the caller owns it. `to` > `from`: the time axis range.
QChart *buildRecordingOverlayChart(const RecordingOverlayZone &zone, double from, double to, const ChartTheme &theme);

class RecordingOverlayCharts : public QWidget
{
    Q_OBJECT
public:
    explicit RecordingOverlayCharts(QWidget *parent = nullptr);
    void setZones(std::vector<RecordingOverlayZone> zones);
    int zoneCount() const { return static_cast<int>(m_zones.size()); }
    // Points of the named series ("recorded", "model", "min", "low", "high") of zone `i`'s
    // chart as drawn; -1 when there is no such chart or series.
    int pointCount(int zone, const QString &series) const;
    // The time axis of zone `i`'s chart (the same for every zone).
    std::pair<double, double> timeRange(int zone) const;
    // Each zone's chart, light theme, to `<base>-<node>-<zone>.<suffix>` (PNG, SVG or PDF by
    // `base`'s suffix). Returns "" or the first error; `written` gets the files written.
    QString exportCharts(const QString &basePath, QStringList *written) const;

private:
    std::vector<RecordingOverlayZone> m_zones;
    std::vector<QChartView *> m_views;
    double m_from = 0, m_to = 1;
};

} // namespace wm::gui
