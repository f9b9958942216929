#pragma once
// Kernel-named counters as a table: one row per reported name (pgalloc_normal,
// pgscan_kswapd, sim_atomic_failures ...), the machine value, the delta since
// the last reset, then one column per zone and per node. For a recording
// (Snapshot::recorded): every mem.vmstat counter of the archive by its name, the
// value as the kernel printed it, the increase since the last reset (wraps and
// resets handled) and the rate over the last interval.
#include "sim/snapshot.h"

#include <QAbstractTableModel>

#include <vector>

namespace wm::gui {

class CountersModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum FixedColumn { Name, Value, Delta, FixedColumns };
    // The number itself (qint64) for the value, delta and per-zone columns, the
    // name for the first: what the dock sorts by (the display text is grouped).
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit CountersModel(QObject *parent = nullptr);

    void update(const wm::Snapshot &snap);
    void resetDeltas();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString name;
        wm::Counter counter;
        int zoneType = -1; // per-zone-type rows (pgalloc_normal)
        std::int64_t value = 0;
        std::int64_t base = 0;
        std::vector<std::int64_t> perScope; // zones, then nodes
        // A recording's counter: the increase since the first sample (the delta's base is one of
        // these) and the rate per second; value is the raw value.
        std::int64_t increase = 0;
        double rate = 0;
        bool known = true;
        bool isCounter = true; // false: an instant value (nr_free_pages)
    };
    void updateRecorded(const wm::Snapshot &snap);
    QVariant recordedData(const Row &r, int column, int role) const;
    void rebuild(const wm::Snapshot &snap);

    std::vector<Row> m_rows;
    QStringList m_scopeHeaders;
    std::vector<int> m_layoutKey;
    bool m_resetPending = true;
    bool m_recorded = false;
};

} // namespace wm::gui
