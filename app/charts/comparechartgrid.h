#pragma once
// Side-by-side zone charts of several runs with synchronized time and value
// axes (compare view), under the charts' legend. Zoom on one (wheel / drag)
// applies to all.
#include "sim/snapshot.h"

#include <QWidget>

class QLabel;

#include <memory>

namespace wm::gui {

class ZoneChart;

struct CompareRun {
    QString title;
    std::shared_ptr<const wm::Snapshot> snapshot;
    std::shared_ptr<const std::vector<wm::Event>> events;
};

class CompareChartGrid : public QWidget
{
    Q_OBJECT
public:
    explicit CompareChartGrid(QWidget *parent = nullptr);
    void setRuns(std::vector<CompareRun> runs, int zoneId);
    void setZone(int zoneId);
    void setRange(double from, double to);
    void resetRange();
    const std::vector<ZoneChart *> &charts() const { return m_charts; }

private:
    void refresh();

    QLabel *m_legend = nullptr;
    std::vector<CompareRun> m_runs;
    std::vector<ZoneChart *> m_charts;
    int m_zone = -1;
    double m_from = 0, m_to = 0;
};

} // namespace wm::gui
