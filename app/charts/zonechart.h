#pragma once
// The interactive chart of one zone: a QChartView over a ZoneSeriesSet.
// Wheel zooms around the cursor, left-drag selects a time range, shift- or
// middle-drag pans, double-click returns to follow-live. The shared time
// range itself is owned by ZoneChartPanel; this view only requests changes.
#include "charts/charttheme.h"
#include "charts/zonechartdata.h"

#include <QChartView>

#include <optional>

QT_FORWARD_DECLARE_CLASS(QRubberBand)

namespace wm::gui {

class ZoneSeriesSet;

class ZoneChart : public QChartView
{
    Q_OBJECT
public:
    explicit ZoneChart(const ChartTheme &theme, QWidget *parent = nullptr);

    void setZoneTitle(const QString &title);
    QString fullTitle() const;
    void setData(const ZoneChartData &d);
    void setTheme(const ChartTheme &theme);
    void setCursorTime(std::optional<double> t);
    // Width of the plot area in pixels (the point budget).
    int plotWidth() const;
    const ZoneSeriesSet *seriesSet() const { return m_set; }
    int zoneId() const { return m_data.zoneId; }
    void setBucketSource(const wm::ZoneSeries *series) { m_series = series; }
    // How long the last paint took (ms): part of a frame's cost for the panel's pacing.
    double lastPaintMs() const { return m_lastPaintMs; }

Q_SIGNALS:
    void rangeRequested(double from, double to);
    void followRequested();
    void clicked(int zoneId, double t);
    void exportRequested(int zoneId);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    double timeAt(QPointF widgetPos) const;
    void showTooltip(QPoint pos);
    QString tooltipText(QPointF widgetPos) const;

    ZoneSeriesSet *m_set = nullptr;
    ZoneChartData m_data;
    QString m_zoneTitle; // setZoneTitle()'s; fullTitle() adds the floor note
    const wm::ZoneSeries *m_series = nullptr; // current snapshot's history (owned by the panel's snapshot)
    QRubberBand *m_band = nullptr;
    QPoint m_pressPos;
    enum class Drag { None, Select, Pan } m_drag = Drag::None;
    double m_panFrom = 0, m_panTo = 0;
    double m_lastPaintMs = 0;
};

} // namespace wm::gui
