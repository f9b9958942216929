#pragma once
// Counters dock: CountersModel in a table, a filter box and "reset deltas".
#include "sim/snapshot.h"

#include <QDockWidget>

#include <memory>

QT_FORWARD_DECLARE_CLASS(QTableView)
QT_FORWARD_DECLARE_CLASS(QSortFilterProxyModel)

namespace wm::gui {

class CountersModel;

class CountersDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit CountersDock(QWidget *parent = nullptr);
    void update(const wm::Snapshot &snap);
    // Remember the newest snapshot while hidden; shown when the dock becomes visible.
    void setPending(std::shared_ptr<const wm::Snapshot> snap) { m_pending = std::move(snap); }
    void resetDeltas();
    CountersModel *model() const { return m_model; }

private:
    CountersModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    std::shared_ptr<const wm::Snapshot> m_pending;
};

} // namespace wm::gui
