#include "panels/eventlogmodel.h"

#include "explain/explain.h"
#include "mm/gfp.h"

namespace wm::gui {

EventLogModel::EventLogModel(QObject *parent, std::size_t capacity)
    : QAbstractTableModel(parent)
    , m_capacity(capacity)
{
}

void EventLogModel::clear()
{
    beginResetModel();
    m_events.clear();
    m_dropped = 0;
    endResetModel();
}

void EventLogModel::append(const std::vector<wm::Event> &events)
{
    if (events.empty())
        return;
    if (m_events.size() + events.size() > m_capacity) {
        // Drop a quarter (at least what is needed) so this happens rarely.
        const std::size_t need = m_events.size() + events.size() - m_capacity;
        const std::size_t drop = std::min(m_events.size(), std::max(need, m_capacity / 4));
        if (drop > 0) {
            beginRemoveRows({}, 0, static_cast<int>(drop) - 1);
            m_events.erase(m_events.begin(), m_events.begin() + static_cast<std::ptrdiff_t>(drop));
            m_dropped += static_cast<std::int64_t>(drop);
            endRemoveRows();
        }
    }
    auto first = events.begin();
    if (events.size() > m_capacity) {
        // More than the bound at once: only the newest fit; the rest count as dropped.
        first = events.end() - static_cast<std::ptrdiff_t>(m_capacity);
        m_dropped += static_cast<std::int64_t>(events.size() - m_capacity);
    }
    const int n = static_cast<int>(events.end() - first);
    const int row = static_cast<int>(m_events.size());
    beginInsertRows({}, row, row + n - 1);
    m_events.insert(m_events.end(), first, events.end());
    endInsertRows();
}

void EventLogModel::setZoneNames(std::vector<QString> names)
{
    m_zoneNames = std::move(names);
    if (!m_events.empty())
        Q_EMIT dataChanged(index(0, Zone), index(rowCount() - 1, Zone));
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_events.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString EventLogModel::details(const wm::Event &e)
{
    const QString reason = QString::fromUtf8(wm::eventReasonName(e.reason));
    switch (e.kind) {
    case wm::EventKind::KswapdWake:
        if (e.a < 0) // a recording: kswapd's counters moved between two samples
            return QString::fromStdString(e.text);
        // The waker's gfp mask when it is known (wakeup_kswapd()'s tracepoint has it too).
        if (e.text.empty())
            return tr("classzone %1").arg(e.a);
        // rmqueue() wakes kswapd for a fragmentation boost with a gfp mask of 0:
        // say who it was rather than print a mask that reads like an error.
        if (e.text == wm::formatGfp(0))
            return tr("classzone %1, woken by rmqueue() after a fragmentation boost (gfp 0)").arg(e.a);
        return tr("classzone %1, woken by %2").arg(e.a).arg(QString::fromStdString(e.text));
    case wm::EventKind::KswapdSleep:
        if (e.a < 0)
            return QString::fromStdString(e.text);
        return e.a ? tr("balanced after nap") : tr("gave up");
    case wm::EventKind::KswapdHopeless:
        return tr("kswapd_failures reached 16");
    case wm::EventKind::Boost:
        return tr("+%1 pages, watermark_boost %2 (%3)").arg(e.a).arg(e.b).arg(reason);
    case wm::EventKind::DebounceSuppressed:
        return tr("%1 suppressed (%2)").arg(e.a).arg(reason);
    case wm::EventKind::AtomicFailure:
        return tr("%1 failed, order %2").arg(e.a).arg(e.b);
    case wm::EventKind::WarnAlloc:
        return tr("order %1, %2 callbacks suppressed").arg(e.b).arg(e.a);
    case wm::EventKind::AllocStall:
        return tr("%1 direct reclaim attempts (allocstall_%2)")
            .arg(e.a)
            .arg(QString::fromStdString(wm::zoneCounterSuffix(wm::zoneTypeFromIndex(static_cast<int>(e.b)))));
    case wm::EventKind::Oom:
        return tr("freed %1 pages").arg(e.a);
    case wm::EventKind::WatermarksRecomputed:
        return tr("min_free_kbytes %1, watermark_scale_factor %2 (%3)").arg(e.a).arg(e.b).arg(reason);
    case wm::EventKind::MinFreeKbytesChanged:
    case wm::EventKind::ScaleBoostChanged:
        return tr("%1 \u2192 %2 %3").arg(e.a).arg(e.b).arg(reason);
    case wm::EventKind::CompactStall:
        return tr("compact_stall +%1 (direct compaction)").arg(e.a);
    case wm::EventKind::ParamChange:
    case wm::EventKind::Caption:
    case wm::EventKind::WatermarksChanged:
    case wm::EventKind::RecordingGap:
    case wm::EventKind::Count_:
        break;
    }
    return QString::fromStdString(e.text);
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const wm::Event &e = m_events[static_cast<std::size_t>(index.row())];
    if (role == TimeRole)
        return static_cast<double>(e.at) / 1e6;
    if (role == KindRole)
        return static_cast<int>(e.kind);
    if (role == Qt::ToolTipRole)
        return explainEvent(e.kind, e.reason);
    if (role == Qt::TextAlignmentRole)
        return index.column() == Time ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time:
        return QString::number(static_cast<double>(e.at) / 1e6, 'f', 3);
    case Kind:
        return QString::fromUtf8(wm::eventKindName(e.kind));
    case Node:
        return e.node >= 0 ? QVariant(e.node) : QVariant(QString());
    case Zone:
        if (e.zone < 0)
            return QString();
        if (static_cast<std::size_t>(e.zone) < m_zoneNames.size())
            return m_zoneNames[static_cast<std::size_t>(e.zone)];
        return e.zone;
    case Details:
        return details(e);
    default:
        return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("time (s)");
    case Kind:
        return tr("event");
    case Node:
        return tr("node");
    case Zone:
        return tr("zone");
    case Details:
        return tr("details");
    default:
        return {};
    }
}

} // namespace wm::gui
