#include "compareview.h"

#include "charts/comparechartgrid.h"
#include "comparerunner.h"
#include "explain/explain.h"
#include "policy/registry.h"
#include "scenario/params.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

namespace wm::gui {

namespace {

struct KeyCounter {
    wm::Counter counter;
    bool zoneSum; // sum over zones (per-zone-type counters)
};

const std::vector<KeyCounter> &keyCounters()
{
    static const std::vector<KeyCounter> k {
        {wm::Counter::SimAtomicFailures, false},
        {wm::Counter::SimWarnAllocMessages, false},
        {wm::Counter::SimTimeBelowAtomicFloorMs, false},
        {wm::Counter::SimTimeBelowMinMs, false},
        {wm::Counter::Allocstall, true},
        {wm::Counter::SimDirectReclaimStallUs, false},
        {wm::Counter::PgscanKswapd, false},
        {wm::Counter::PgstealKswapd, false},
        {wm::Counter::Pswpout, false},
        {wm::Counter::SimKswapdWakeups, false},
        {wm::Counter::SimKswapdBusyMs, false},
        {wm::Counter::SimBoostsExtfrag, false},
        {wm::Counter::SimBoostsAtomicSlowpath, false},
        {wm::Counter::SimBoostsAtomicFailure, false},
        {wm::Counter::SimBoostPages, false},
        {wm::Counter::SimDebounceSuppressed, false},
    };
    return k;
}

std::int64_t counterValue(const wm::Snapshot &s, const KeyCounter &k)
{
    std::int64_t v = s.counters[k.counter];
    if (k.zoneSum || v == 0) {
        std::int64_t sum = 0;
        for (const auto &z : s.zones)
            sum += z.counters[k.counter];
        if (sum == 0)
            for (const auto &n : s.nodes)
                sum += n.counters[k.counter];
        v = std::max(v, sum);
    }
    return wm::reportedValue(k.counter, v);
}

} // namespace

CompareView::CompareView(const wm::Scenario &scenario, wm::usec_t forkAt, bool fork, QWidget *parent)
    : QWidget(parent)
    , m_scenario(scenario)
    , m_forkAt(forkAt)
    , m_fork(fork)
    , m_runner(new CompareRunner(this))
{
    setWindowTitle(fork ? tr("Fork and compare \u2014 %1").arg(QString::fromStdString(scenario.name))
                        : tr("Compare policies \u2014 %1").arg(QString::fromStdString(scenario.name)));
    resize(1400, 900);
    auto *layout = new QHBoxLayout(this);
    auto *side = new QVBoxLayout;
    auto *policyBox = new QGroupBox(fork ? tr("Fork at t = %1 s").arg(static_cast<double>(forkAt) / 1e6, 0, 'f', 3)
                                         : tr("Policies (same seed %1)").arg(scenario.seed),
        this);
    auto *pl = new QVBoxLayout(policyBox);
    if (fork) {
        auto *help = new QLabel(tr("Both runs replay the session up to the fork; the second then applies these "
                                   "settings (one <tt>key=value</tt> per line, live parameters only):"),
            policyBox);
        help->setWordWrap(true);
        pl->addWidget(help);
        m_forkEdits = new QPlainTextEdit(policyBox);
        m_forkEdits->setPlainText(QStringLiteral("vm.watermark_scale_factor=100"));
        pl->addWidget(m_forkEdits);
    } else {
        m_policies = new QListWidget(policyBox);
        for (const auto &p : wm::policyInfos()) {
            auto *item = new QListWidgetItem(QString::fromStdString(p.title), m_policies);
            item->setData(Qt::UserRole, QString::fromStdString(p.id));
            item->setToolTip(
                QStringLiteral("<b>%1</b><br>%2")
                    .arg(QString::fromStdString(p.title).toHtmlEscaped(), QString::fromStdString(p.summary).toHtmlEscaped()));
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            const bool on = p.id == scenario.policy.id || p.id == "vanilla" || p.id == "v10";
            item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
        }
        // Titles are long ("v4: proactive soft boost + ..."): never cut them off at the
        // side; the side panel is sized to fit them (below) and elides when narrowed.
        m_policies->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        m_policies->setTextElideMode(Qt::ElideRight);
        const int rows = m_policies->count();
        m_policies->setMinimumHeight(std::min(rows, 6) * m_policies->sizeHintForRow(0) + 2 * m_policies->frameWidth());
        m_policies->setMaximumHeight(rows * m_policies->sizeHintForRow(0) + 2 * m_policies->frameWidth() + 4);
        pl->addWidget(m_policies);
    }
    side->addWidget(policyBox, fork ? 1 : 0);
    auto *zoneRow = new QHBoxLayout;
    zoneRow->addWidget(new QLabel(tr("Zone"), this));
    m_zone = new QComboBox(this);
    int id = 0;
    for (std::size_t n = 0; n < scenario.nodes.size(); ++n)
        for (const auto &z : scenario.nodes[n].zones) {
            if (z.managed > 0)
                m_zone->addItem(QStringLiteral("Node %1 \u00b7 %2").arg(n).arg(QString::fromUtf8(wm::zoneName(z.type))), id);
            if (z.managed > 0 && z.type == wm::ZoneType::Normal && m_zone->count() > 0 && m_zone->currentData().toInt() != id
                && n == 0)
                m_zone->setCurrentIndex(m_zone->count() - 1);
            ++id;
        }
    zoneRow->addWidget(m_zone, 1);
    side->addLayout(zoneRow);
    m_runButton = new QPushButton(tr("Run"), this);
    m_runButton->setDefault(true);
    side->addWidget(m_runButton);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setText(m_fork ? tr("Edit the settings of the second run, then Run.")
                             : tr("Tick two or more policies, then Run: each runs on the identical seeded workload."));
    side->addWidget(m_status);
    side->addStretch(fork ? 0 : 1);
    auto *outer = new QSplitter(Qt::Horizontal, this);
    outer->setChildrenCollapsible(false);
    auto *sideWidget = new QWidget(outer);
    sideWidget->setLayout(side);
    sideWidget->setMinimumWidth(260);
    // Wide enough for the longest policy title (plus the check box, frames and margins).
    int sideWidth = 340;
    if (m_policies)
        sideWidth = std::max(sideWidth,
            m_policies->sizeHintForColumn(0) + 2 * m_policies->frameWidth() + style()->pixelMetric(QStyle::PM_ScrollBarExtent)
                + 40);
    sideWidth = std::min(sideWidth, 560);
    outer->addWidget(sideWidget);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(outer);

    auto *split = new QSplitter(Qt::Vertical, outer);
    m_grid = new CompareChartGrid(split);
    m_table = new QTableWidget(split);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    split->addWidget(m_grid);
    split->addWidget(m_table);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    outer->addWidget(split);
    outer->setStretchFactor(0, 0);
    outer->setStretchFactor(1, 1);
    outer->setSizes({sideWidth, std::max(600, width() - sideWidth)});

    connect(m_runButton, &QPushButton::clicked, this, &CompareView::run);
    connect(m_runner, &CompareRunner::finished, this, &CompareView::showResults);
    connect(m_zone, &QComboBox::currentIndexChanged, this, [this] { m_grid->setZone(m_zone->currentData().toInt()); });
}

void CompareView::selectPolicies(const QStringList &ids)
{
    if (!m_policies)
        return;
    for (int i = 0; i < m_policies->count(); ++i) {
        auto *item = m_policies->item(i);
        item->setCheckState(ids.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked : Qt::Unchecked);
    }
}

void CompareView::setForkSettings(const QString &keyValueLines)
{
    if (m_forkEdits)
        m_forkEdits->setPlainText(keyValueLines);
}

void CompareView::run()
{
    if (m_runner->isRunning())
        return;
    std::vector<CompareVariant> variants;
    if (m_fork) {
        variants.push_back({tr("as is"), m_scenario});
        wm::Scenario forked = m_scenario;
        QStringList applied;
        for (const QString &line : m_forkEdits->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const auto kv = wm::splitAssignment(line.trimmed().toStdString());
            if (!kv)
                continue;
            wm::Scenario scratch = forked;
            const std::string err = wm::applyParam(scratch, kv->first, kv->second);
            const auto info = wm::findParam(forked, kv->first);
            if (!err.empty() || !info || info->scope != wm::ParamScope::Live) {
                m_status->setText(err.empty() ? tr("%1 cannot change during a run").arg(QString::fromStdString(kv->first))
                                              : QString::fromStdString(err));
                return;
            }
            wm::TimelineEntry e;
            e.at = m_forkAt;
            e.kind = wm::TimelineKind::Set;
            e.key = kv->first;
            e.value = kv->second;
            forked.timeline.push_back(e);
            applied << line.trimmed();
        }
        std::stable_sort(forked.timeline.begin(), forked.timeline.end(),
            [](const wm::TimelineEntry &a, const wm::TimelineEntry &b) { return a.at < b.at; });
        variants.push_back({tr("fork: %1").arg(applied.join(QStringLiteral(", "))), forked});
    } else {
        for (int i = 0; i < m_policies->count(); ++i) {
            auto *item = m_policies->item(i);
            if (item->checkState() != Qt::Checked)
                continue;
            wm::Scenario s = m_scenario;
            const std::string id = item->data(Qt::UserRole).toString().toStdString();
            if (id != s.policy.id) {
                s.policy.id = id;
                s.policy.knobs.clear();
            }
            variants.push_back({QString::fromStdString(id), s});
        }
    }
    if (variants.size() < 2) {
        m_status->setText(tr("Pick at least two policies."));
        return;
    }
    m_status->setText(tr("Running %1 simulations of %2 s each \u2026")
                          .arg(variants.size())
                          .arg(static_cast<double>(m_scenario.duration) / 1e6));
    m_runButton->setEnabled(false);
    m_runner->start(std::move(variants));
}

void CompareView::showResults()
{
    m_runButton->setEnabled(true);
    const auto &runs = m_runner->results();
    m_status->setText(tr("Done: identical workload and seed %1. Drag or wheel on a chart to zoom all; double-click to reset.")
                          .arg(m_scenario.seed));
    m_grid->setRuns(runs, m_zone->currentData().toInt());

    const auto &keys = keyCounters();
    m_table->clear();
    m_table->setRowCount(static_cast<int>(keys.size()));
    m_table->setColumnCount(static_cast<int>(runs.size()));
    QStringList headers;
    for (const auto &r : runs)
        headers << r.title;
    m_table->setHorizontalHeaderLabels(headers);
    QStringList rows;
    for (std::size_t k = 0; k < keys.size(); ++k) {
        QString name = QString::fromUtf8(wm::counterName(keys[k].counter));
        auto *hdr = new QTableWidgetItem(name);
        hdr->setToolTip(explainCounter(wm::counterName(keys[k].counter)));
        m_table->setVerticalHeaderItem(static_cast<int>(k), hdr);
        std::int64_t base = 0;
        for (std::size_t i = 0; i < runs.size(); ++i) {
            if (!runs[i].snapshot)
                continue;
            const std::int64_t v = counterValue(*runs[i].snapshot, keys[k]);
            if (i == 0)
                base = v;
            // Grouped digits: stall times run to 12 digits.
            QString text = QStringLiteral("%L1").arg(v);
            if (i > 0 && v != base)
                text += QStringLiteral("  (%1%L2)").arg(v > base ? QStringLiteral("+") : QString()).arg(v - base);
            auto *item = new QTableWidgetItem(text);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(static_cast<int>(k), static_cast<int>(i), item);
        }
    }
    // Columns as wide as their values (a 12-digit stall time and its delta
    // must not be elided); the table scrolls sideways when they do not fit,
    // and the last column takes any room left.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
}

void CompareView::selectZone(int zoneId)
{
    const int i = m_zone->findData(zoneId);
    if (i >= 0)
        m_zone->setCurrentIndex(i);
}

int CompareView::selectedZone() const
{
    return m_zone->currentData().toInt();
}

} // namespace wm::gui
