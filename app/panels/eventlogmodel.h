#pragma once
// The event log as a table: time, kind, node, zone, details. Holds the GUI's
// copy of the simulation's events (time-ordered, bounded), which the charts
// read too. Append-only between clear()s; the oldest rows are dropped in
// chunks when the bound is reached.
#include "sim/snapshot.h"

#include <QAbstractTableModel>

#include <vector>

namespace wm::gui {

class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Kind, Node, Zone, Details, ColumnCount };
    enum Role { TimeRole = Qt::UserRole + 1, KindRole };

    explicit EventLogModel(QObject *parent = nullptr, std::size_t capacity = 200'000);

    void clear();
    void append(const std::vector<wm::Event> &events);
    // Zone names for the Zone column (from the snapshot).
    void setZoneNames(std::vector<QString> names);
    const std::vector<wm::Event> &events() const { return m_events; }
    std::int64_t dropped() const { return m_dropped; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString details(const wm::Event &e);

private:
    std::vector<wm::Event> m_events;
    std::vector<QString> m_zoneNames;
    std::size_t m_capacity;
    std::int64_t m_dropped = 0;
};

} // namespace wm::gui
