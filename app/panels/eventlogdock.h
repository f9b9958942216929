#pragma once
// The event log dock: a filterable table over EventLogModel. Selecting a row
// moves the chart cursor to the event's time.
#include <QDockWidget>

QT_FORWARD_DECLARE_CLASS(QTableView)
QT_FORWARD_DECLARE_CLASS(QComboBox)
QT_FORWARD_DECLARE_CLASS(QSortFilterProxyModel)
QT_FORWARD_DECLARE_CLASS(QCheckBox)
QT_FORWARD_DECLARE_CLASS(QLabel)

namespace wm::gui {

class EventLogModel;

class EventLogDock : public QDockWidget
{
    Q_OBJECT
public:
    EventLogDock(EventLogModel *model, QWidget *parent = nullptr);
    QTableView *view() const { return m_view; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    // Filter by event kind (-1 = all).
    void setKindFilter(int kind);
    // "N events", "N of M events" when filtered, and what the bounded log dropped.
    QString countText() const;
    bool autoScroll() const { return m_autoScroll; }

Q_SIGNALS:
    void timeActivated(double seconds);

private:
    void scrollIfAtBottom();
    void updateCount();

    EventLogModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QComboBox *m_filter = nullptr;
    QLabel *m_count = nullptr;
    QCheckBox *m_follow = nullptr;
    bool m_autoScroll = true;
};

} // namespace wm::gui
