#include "panels/countersmodel.h"

#include "explain/explain.h"

#include <QColor>
#include <QFont>

namespace wm::gui {

CountersModel::CountersModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void CountersModel::rebuild(const wm::Snapshot &snap)
{
    beginResetModel();
    m_rows.clear();
    m_scopeHeaders.clear();
    std::vector<int> types;
    for (const auto &z : snap.zones) {
        if (z.managed <= 0)
            continue;
        m_scopeHeaders << QStringLiteral("N%1 %2").arg(z.node).arg(QString::fromUtf8(wm::zoneName(z.type)));
        if (std::find(types.begin(), types.end(), wm::zoneIndex(z.type)) == types.end())
            types.push_back(wm::zoneIndex(z.type));
    }
    // /proc/vmstat always lists the Movable zone type: allocstall_movable
    // counts user-page direct reclaim (classzone Movable) on any machine.
    if (std::find(types.begin(), types.end(), wm::zoneIndex(wm::ZoneType::Movable)) == types.end())
        types.push_back(wm::zoneIndex(wm::ZoneType::Movable));
    std::sort(types.begin(), types.end());
    for (const auto &n : snap.nodes)
        m_scopeHeaders << tr("node %1").arg(n.id);
    for (int c = 0; c < wm::kNumCounters; ++c) {
        const auto counter = static_cast<wm::Counter>(c);
        const auto &info = wm::counterInfo(counter);
        if (info.perZoneType) {
            for (int t : types)
                m_rows.push_back(Row {QString::fromUtf8(info.name) + QLatin1Char('_')
                        + QString::fromStdString(wm::zoneCounterSuffix(wm::zoneTypeFromIndex(t))),
                    counter, t, 0, 0, {}});
        } else {
            m_rows.push_back(Row {QString::fromUtf8(info.name), counter, -1, 0, 0, {}});
        }
    }
    m_resetPending = true;
    endResetModel();
}

void CountersModel::updateRecorded(const wm::Snapshot &snap)
{
    const auto &counters = snap.recorded->counters;
    bool same = m_recorded && m_rows.size() == counters.size();
    for (std::size_t i = 0; same && i < counters.size(); ++i)
        same = m_rows[i].name.toStdString() == counters[i].name;
    if (!same) {
        beginResetModel();
        m_recorded = true;
        m_layoutKey.clear();
        m_rows.clear();
        m_scopeHeaders = QStringList {tr("rate /s")};
        for (const auto &c : counters)
            m_rows.push_back(Row {QString::fromStdString(c.name), wm::Counter::Pgalloc, -1, 0, 0, {}, 0, 0, true});
        m_resetPending = true;
        endResetModel();
    }
    for (std::size_t i = 0; i < counters.size(); ++i) {
        Row &r = m_rows[i];
        r.known = counters[i].known;
        r.value = counters[i].value;
        r.increase = counters[i].increase;
        r.rate = counters[i].rate;
        r.isCounter = counters[i].counter;
        if (m_resetPending)
            r.base = r.increase;
    }
    m_resetPending = false;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, Value), index(rowCount() - 1, columnCount() - 1), {Qt::DisplayRole});
}

void CountersModel::update(const wm::Snapshot &snap)
{
    if (snap.recorded) {
        updateRecorded(snap);
        return;
    }
    if (m_recorded) {
        m_recorded = false;
        m_layoutKey.clear(); // rebuild the simulation's rows
    }
    std::vector<int> key;
    for (const auto &z : snap.zones)
        key.push_back(z.managed > 0 ? z.id : -1);
    key.push_back(static_cast<int>(snap.nodes.size()));
    if (key != m_layoutKey) {
        m_layoutKey = key;
        rebuild(snap);
    }
    for (auto &r : m_rows) {
        r.perScope.clear();
        std::int64_t zoneSum = 0;
        for (const auto &z : snap.zones) {
            if (z.managed <= 0)
                continue;
            const std::int64_t v = wm::reportedValue(r.counter, z.counters[r.counter]);
            const bool counts = r.zoneType < 0 || wm::zoneIndex(z.type) == r.zoneType;
            r.perScope.push_back(counts ? v : 0);
            if (counts)
                zoneSum += v;
        }
        std::int64_t nodeSum = 0;
        for (const auto &n : snap.nodes) {
            const std::int64_t v = wm::reportedValue(r.counter, n.counters[r.counter]);
            r.perScope.push_back(r.zoneType < 0 ? v : 0);
            nodeSum += v;
        }
        // Per-zone-type rows: as /proc/vmstat sums them. Others: the machine-wide value.
        r.value = r.zoneType >= 0
            ? wm::reportedValue(r.counter, wm::zoneTypeCounter(snap, r.counter, wm::zoneTypeFromIndex(r.zoneType)))
            : wm::reportedValue(r.counter, snap.counters[r.counter]);
        if (r.zoneType < 0 && r.value == 0)
            r.value = std::max(zoneSum, nodeSum);
        if (m_resetPending)
            r.base = r.value;
    }
    m_resetPending = false;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, Value), index(rowCount() - 1, columnCount() - 1), {Qt::DisplayRole});
}

void CountersModel::resetDeltas()
{
    for (auto &r : m_rows)
        r.base = m_recorded ? r.increase : r.value;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, Delta), index(rowCount() - 1, Delta), {Qt::DisplayRole});
}

int CountersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int CountersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : FixedColumns + static_cast<int>(m_scopeHeaders.size());
}

QVariant CountersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows[static_cast<std::size_t>(index.row())];
    if (m_recorded)
        return recordedData(r, index.column(), role);
    if (role == Qt::ToolTipRole)
        return explainCounter(r.name.toStdString());
    if (role == Qt::TextAlignmentRole && index.column() != Name)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == Name && r.name.startsWith(QLatin1String("sim_")))
        return QColor(Qt::gray);
    if (role == Qt::FontRole && index.column() == Delta && r.value != r.base) {
        QFont f;
        f.setBold(true);
        return f;
    }
    const auto perScope = [&](int column) -> std::int64_t {
        const auto i = static_cast<std::size_t>(column - FixedColumns);
        return i < r.perScope.size() ? r.perScope[i] : 0;
    };
    if (role == SortRole) {
        switch (index.column()) {
        case Name:
            return r.name;
        case Value:
            return static_cast<qint64>(r.value);
        case Delta:
            return static_cast<qint64>(r.value - r.base);
        default:
            return static_cast<qint64>(perScope(index.column()));
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    // Digits grouped as in the derivation dock: counters run to 12 digits.
    switch (index.column()) {
    case Name:
        return r.name;
    case Value:
        return QStringLiteral("%L1").arg(r.value);
    case Delta: {
        const auto d = r.value - r.base;
        return d == 0 ? QString() : (d > 0 ? QStringLiteral("+%L1").arg(d) : QStringLiteral("%L1").arg(d));
    }
    default: {
        const auto v = perScope(index.column());
        return v != 0 ? QStringLiteral("%L1").arg(v) : QString();
    }
    }
}

QVariant CountersModel::recordedData(const Row &r, int column, int role) const
{
    const std::int64_t delta = r.increase - r.base;
    if (role == Qt::ToolTipRole) {
        const QString what = explainCounter(r.name.toStdString());
        return (what.isEmpty() ? QString() : what + QStringLiteral("\n"))
            + (r.isCounter ? tr("mem.vmstat.%1 as recorded; \u0394 is its increase since the reset, the rate is over the "
                                "last interval between samples.")
                           : tr("mem.vmstat.%1 as recorded, an instant value (not a counter); \u0394 is its change since the "
                                "reset, the rate its change per second over the last interval."))
                  .arg(r.name);
    }
    if (role == Qt::TextAlignmentRole && column != Name)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && !r.known)
        return QColor(Qt::gray);
    if (role == Qt::FontRole && column == Delta && delta != 0) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == SortRole) {
        switch (column) {
        case Name:
            return r.name;
        case Value:
            return static_cast<qint64>(r.value);
        case Delta:
            return static_cast<qint64>(delta);
        default:
            return r.rate;
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Name:
        return r.name;
    case Value:
        return r.known ? QStringLiteral("%L1").arg(r.value) : tr("not logged");
    case Delta:
        return delta == 0 ? QString() : (delta > 0 ? QStringLiteral("+%L1").arg(delta) : QStringLiteral("%L1").arg(delta));
    default:
        return r.rate == 0 ? QString() : QStringLiteral("%L1").arg(r.rate, 0, 'f', r.rate < 10 ? 1 : 0);
    }
}

QVariant CountersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == Delta)
        return tr("Change since the last reset of the deltas");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("counter");
    case Value:
        return tr("value");
    case Delta:
        return tr("\u0394");
    default:
        return m_scopeHeaders.value(section - FixedColumns);
    }
}

} // namespace wm::gui
