#include "panels/eventlogdock.h"

#include "panels/eventlogmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace wm::gui {

EventLogDock::EventLogDock(EventLogModel *model, QWidget *parent)
    : QDockWidget(tr("Event log"), parent)
    , m_model(model)
    , m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("eventLogDock"));
    auto *w = new QWidget(this);
    auto *layout = new QVBoxLayout(w);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *bar = new QHBoxLayout;
    m_filter = new QComboBox(w);
    m_filter->addItem(tr("all events"), -1);
    for (int k = 0; k < static_cast<int>(wm::EventKind::Count_); ++k)
        m_filter->addItem(QString::fromUtf8(wm::eventKindName(static_cast<wm::EventKind>(k))), k);
    bar->addWidget(new QLabel(tr("Show"), w));
    bar->addWidget(m_filter, 1);
    auto *follow = new QCheckBox(tr("auto-scroll"), w);
    follow->setChecked(true);
    follow->setToolTip(tr("Keep the newest event in view (a click on a row pauses it)"));
    connect(follow, &QCheckBox::toggled, this, [this](bool on) {
        m_autoScroll = on;
        if (on) { // back to following: the selected row would otherwise hold the view
            m_view->clearSelection();
            m_view->scrollToBottom();
        }
    });
    m_follow = follow;
    bar->addWidget(follow);
    m_count = new QLabel(w);
    bar->addWidget(m_count);
    layout->addLayout(bar);

    m_proxy->setSourceModel(model);
    m_proxy->setFilterRole(EventLogModel::KindRole);
    m_proxy->setFilterKeyColumn(EventLogModel::Kind);
    m_view = new QTableView(w);
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 4);
    m_view->horizontalHeader()->setStretchLastSection(true);
    // Wide enough for a day of simulated time ("86400.000") without eliding.
    m_view->setColumnWidth(EventLogModel::Time, m_view->fontMetrics().horizontalAdvance(QStringLiteral("000000.000")) + 16);
    m_view->setColumnWidth(EventLogModel::Kind, 150);
    m_view->setColumnWidth(EventLogModel::Node, 40);
    m_view->setColumnWidth(EventLogModel::Zone, 110);
    m_view->setWordWrap(false);
    // Tab leaves the table for the next dock instead of walking its cells.
    m_view->setTabKeyNavigation(false);
    layout->addWidget(m_view, 1);
    setWidget(w);

    connect(m_filter, &QComboBox::currentIndexChanged, this, [this](int i) { setKindFilter(m_filter->itemData(i).toInt()); });
    connect(m_view, &QTableView::clicked, this, [this](const QModelIndex &idx) {
        m_follow->setChecked(false); // reading an event: stop scrolling it away, and say so
        Q_EMIT timeActivated(idx.data(EventLogModel::TimeRole).toDouble());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &idx) {
        if (idx.isValid())
            Q_EMIT timeActivated(idx.data(EventLogModel::TimeRole).toDouble());
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, &EventLogDock::scrollIfAtBottom);
    connect(model, &QAbstractItemModel::modelReset, this, &EventLogDock::scrollIfAtBottom);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &EventLogDock::updateCount); // the bound dropped old rows
}

void EventLogDock::setKindFilter(int kind)
{
    if (kind < 0)
        m_proxy->setFilterRegularExpression(QString());
    else
        m_proxy->setFilterRegularExpression(QStringLiteral("^%1$").arg(kind));
    updateCount();
}

void EventLogDock::updateCount()
{
    // What the table shows, of how many, and what the bounded log let go.
    const int shown = m_proxy->rowCount(), all = m_model->rowCount();
    QString text = shown == all ? tr("%L1 events").arg(all) : tr("%L1 of %L2 events").arg(shown).arg(all);
    if (m_model->dropped() > 0)
        text += tr(" (%L1 older dropped)").arg(m_model->dropped());
    m_count->setText(text);
}

QString EventLogDock::countText() const
{
    return m_count->text();
}

void EventLogDock::scrollIfAtBottom()
{
    updateCount();
    if (m_autoScroll && isVisible())
        m_view->scrollToBottom();
}

} // namespace wm::gui
