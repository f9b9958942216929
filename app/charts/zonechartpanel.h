#pragma once
// The centre of the main window: one ZoneChart per populated zone, grouped by
// node, sharing one time range. Owns the view state: follow-live (with an
// optional trailing window) or a frozen range set by zoom/pan.
#include "charts/charteventindex.h"
#include "charts/charttheme.h"
#include "sim/snapshot.h"

#include <QElapsedTimer>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

QT_FORWARD_DECLARE_CLASS(QVBoxLayout)
QT_FORWARD_DECLARE_CLASS(QHBoxLayout)
QT_FORWARD_DECLARE_CLASS(QLabel)
QT_FORWARD_DECLARE_CLASS(QAction)
QT_FORWARD_DECLARE_CLASS(QComboBox)
QT_FORWARD_DECLARE_CLASS(QTimer)

namespace wm::gui {

class ZoneChart;

class ZoneChartPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ZoneChartPanel(QWidget *parent = nullptr);
    ~ZoneChartPanel() override;

    // New data: rebuilds the charts if the zones changed, then refreshes all of them.
    void setSnapshot(std::shared_ptr<const wm::Snapshot> snap, const std::vector<wm::Event> *events);
    // Refresh with the current snapshot (after a range change).
    void refresh();
    // The event log was cleared (a restart): forget the indexed events.
    void resetEvents();
    const ChartEventIndex &eventIndex() const { return m_index; }
    void setFollowLive(bool follow);
    bool followLive() const { return m_follow; }
    void setRange(double from, double to);
    std::pair<double, double> range() const { return {m_from, m_to}; }
    // Moves the cursor to t (seconds, clamped to 0 .. the simulated present),
    // scrolling the view there if needed.
    void setCursorTime(double t);
    std::optional<double> cursorTime() const { return m_cursor; }
    // Trailing window while following (0 = the whole run).
    void setWindowSeconds(double seconds);
    // Value axis: around the watermarks (free pages above may be clipped) or everything.
    void setFocusWatermarks(bool focus);
    // The value axis: around the watermarks keeping free pages in view, everything, or the
    // watermarks only (free pages far above them are clipped).
    enum class YMode { Watermarks, All, MarksOnly };
    void setYMode(YMode mode);
    YMode yMode() const { return m_yModeValue; }
    void setTheme(const ChartTheme &theme);
    const std::vector<ZoneChart *> &charts() const { return m_charts; }
    QAction *followAction() const { return m_followAction; }
    QAction *resetZoomAction() const { return m_resetAction; }
    int selectedZone() const { return m_selectedZone; }

Q_SIGNALS:
    void zoneSelected(int zoneId);
    void followChanged(bool follow);
    // "Export this chart…" from a chart's context menu.
    void exportChartRequested(int zoneId);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void rebuild();
    void updateLegend();

    std::shared_ptr<const wm::Snapshot> m_snap;
    const std::vector<wm::Event> *m_events = nullptr;
    ChartEventIndex m_index; // markers, spans, lines; only new events are indexed per frame
    std::vector<ZoneChart *> m_charts;
    std::vector<QWidget *> m_headers;
    std::vector<int> m_zoneIds;
    QVBoxLayout *m_chartLayout = nullptr;
    QLabel *m_legend = nullptr;
    QHBoxLayout *m_bar = nullptr; // legend beside the view controls when there is room ...
    QHBoxLayout *m_legendRow = nullptr; // ... else on a row of its own above the charts
    void placeLegend();
    QComboBox *m_window = nullptr;
    QComboBox *m_yMode = nullptr;
    YMode m_yModeValue = YMode::Watermarks;
    QAction *m_followAction = nullptr;
    QAction *m_resetAction = nullptr;
    ChartTheme m_theme;
    bool m_follow = true;
    double m_windowSeconds = 0;
    double m_from = 0, m_to = 1;
    std::optional<double> m_cursor;
    int m_selectedZone = -1;
    // Adaptive frame pacing: a frame (refresh + the charts' repaint) costing C ms is
    // followed by at least 3C ms of free event loop, so the GUI is never starved.
    QTimer *m_deferred = nullptr;
    QElapsedTimer m_sinceRefresh;
    double m_lastCostMs = 0;
};

} // namespace wm::gui
