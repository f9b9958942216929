#include "panels/countersdock.h"

#include "panels/countersmodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace wm::gui {

CountersDock::CountersDock(QWidget *parent)
    : QDockWidget(tr("Counters"), parent)
    , m_model(new CountersModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("countersDock"));
    auto *w = new QWidget(this);
    auto *layout = new QVBoxLayout(w);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *bar = new QHBoxLayout;
    auto *filter = new QLineEdit(w);
    filter->setPlaceholderText(tr("Filter counters (e.g. kswapd, atomic, normal)"));
    filter->setClearButtonEnabled(true);
    auto *reset = new QPushButton(tr("Reset \u0394"), w);
    reset->setToolTip(tr("Start counting the deltas from now"));
    bar->addWidget(filter, 1);
    bar->addWidget(reset);
    layout->addLayout(bar);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(CountersModel::Name);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortRole(CountersModel::SortRole);
    m_view = new QTableView(w);
    m_view->setModel(m_proxy);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 4);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->setAlternatingRowColors(true);
    // Click a header to sort (largest delta first, say); the kernel's order until then.
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder);
    layout->addWidget(m_view, 1);
    setWidget(w);
    // A counter name and its value side by side (the table scrolls for the rest).
    setMinimumWidth(fontMetrics().averageCharWidth() * 40);
    connect(filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(reset, &QPushButton::clicked, this, &CountersDock::resetDeltas);
    connect(this, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && m_pending)
            update(*m_pending);
    });
}

void CountersDock::update(const wm::Snapshot &snap)
{
    m_pending.reset();
    m_model->update(snap);
}

void CountersDock::resetDeltas()
{
    m_model->resetDeltas();
}

} // namespace wm::gui
