#include "recordingcompareview.h"

#include "charts/recordingoverlaychart.h"
#include "export/atomicfile.h"
#include "scenariofiles.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace wm::gui {

namespace {

const QColor kBeyondText(180, 0, 0);
const QColor kBeyondBackground(255, 215, 215);
const QColor kWithinText(0, 120, 0);

QTableWidgetItem *cell(const QString &text, bool number = true)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    item->setTextAlignment(number ? (Qt::AlignRight | Qt::AlignVCenter) : (Qt::AlignLeft | Qt::AlignVCenter));
    return item;
}

void markVerdict(QTableWidget *t, int row, int verdictColumn, bool checked, bool within)
{
    QTableWidgetItem *v = t->item(row, verdictColumn);
    if (!checked) {
        v->setForeground(t->palette().color(QPalette::PlaceholderText));
        return;
    }
    QFont bold = v->font();
    bold.setBold(true);
    v->setFont(bold);
    if (within) {
        v->setForeground(kWithinText);
        return;
    }
    // Beyond: the whole row stands out.
    for (int c = 0; c < t->columnCount(); ++c)
        if (QTableWidgetItem *i = t->item(row, c)) {
            i->setBackground(kBeyondBackground);
            i->setForeground(kBeyondText);
        }
}

QString seconds(double s)
{
    return QString::number(s, 'f', 2);
}

QString percent(double rel)
{
    return QStringLiteral("%1%2 %").arg(rel >= 0 ? QStringLiteral("+") : QString()).arg(100 * rel, 0, 'f', 1);
}

QString optSeconds(const std::optional<double> &v)
{
    return v ? QStringLiteral("%1 s").arg(*v, 0, 'f', 2) : QObject::tr("never");
}

void setHeaders(QTableWidget *t, const QStringList &labels, const QStringList &tips)
{
    t->setColumnCount(static_cast<int>(labels.size()));
    for (int i = 0; i < labels.size(); ++i) {
        auto *h = new QTableWidgetItem(labels[i]);
        if (i < tips.size())
            h->setToolTip(tips[i]);
        t->setHorizontalHeaderItem(i, h);
    }
    t->verticalHeader()->hide();
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setAlternatingRowColors(true);
    t->horizontalHeader()->setDefaultAlignment(Qt::AlignRight | Qt::AlignVCenter);
}

} // namespace

RecordingCompareView::RecordingCompareView(const QString &archive, const QString &name, QWidget *parent)
    : QWidget(parent)
    , m_archive(archive)
    , m_name(name)
{
    setObjectName(QStringLiteral("recordingCompareView"));
    setWindowTitle(tr("Recording against the model \u2014 %1").arg(name));
    resize(1500, 950);
    auto *layout = new QVBoxLayout(this);

    auto *buttons = new QHBoxLayout;
    m_fitButton = new QPushButton(tr("Fitted scenario"), this);
    m_fitButton->setToolTip(tr("Fit a scenario to the recording (as watermark-explorer fit does) and compare with it"));
    m_fileButton = new QPushButton(tr("Scenario file\u2026"), this);
    m_fileButton->setToolTip(tr("Compare with a scenario file of yours (its time 0 is the recording's first complete sample)"));
    m_exportCharts = new QPushButton(tr("Export charts\u2026"), this);
    m_exportCharts->setToolTip(tr("Each zone's chart as PNG, SVG or PDF (one file per zone)"));
    m_exportTable = new QPushButton(tr("Export table\u2026"), this);
    m_exportTable->setToolTip(tr("The distance table as CSV"));
    buttons->addWidget(new QLabel(tr("Model:"), this));
    buttons->addWidget(m_fitButton);
    buttons->addWidget(m_fileButton);
    buttons->addStretch(1);
    buttons->addWidget(m_exportCharts);
    buttons->addWidget(m_exportTable);
    layout->addLayout(buttons);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("recordingCompareStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::RichText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    auto *split = new QSplitter(Qt::Vertical, this);
    auto *scroll = new QScrollArea(split);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_charts = new RecordingOverlayCharts(scroll);
    scroll->setWidget(m_charts);
    split->addWidget(scroll);

    auto *tables = new QSplitter(Qt::Horizontal, split);
    m_zones = new QTableWidget(tables);
    m_zones->setObjectName(QStringLiteral("distanceZoneTable"));
    setHeaders(m_zones,
        {tr("Node zone"), tr("high\u2212min"), tr("free RMS"), tr("RMS / gap"), tr("worst"), tr("worst at"), tr("< low rec."),
            tr("< low model"), tr("< min rec."), tr("< min model"), tr("")},
        {tr("node and zone"), tr("the median recorded high \u2212 min (pages): the gap the errors are measured against"),
            tr("root mean square of model free \u2212 recorded free over the samples (pages)"),
            tr("free RMS relative to high \u2212 min; the tolerance is %1").arg(0.25),
            tr("the largest model free \u2212 recorded free (pages)"), tr("when the worst error was (s)"),
            tr("seconds the recorded free pages were below the recorded low"),
            tr("seconds the model's free pages were below its low"),
            tr("seconds the recorded free pages were below the recorded min"),
            tr("seconds the model's free pages were below its min"), tr("RMS / gap within the tolerance")});
    tables->addWidget(m_zones);
    m_counters = new QTableWidget(tables);
    m_counters->setObjectName(QStringLiteral("distanceCounterTable"));
    setHeaders(m_counters, {tr("Counter"), tr("recorded"), tr("model"), tr("model vs recorded"), tr("tolerance"), tr("")},
        {tr("/proc/vmstat counter: its increase over the recording"), tr("the increase the recording shows (the baseline)"),
            tr("the increase in the model's run"), tr("(model \u2212 recorded) / recorded: the baseline is the recorded value"),
            tr("how far the model may be from the recording; \u2013: reported, not checked"),
            tr("within or beyond the tolerance")});
    tables->addWidget(m_counters);
    tables->setStretchFactor(0, 3);
    tables->setStretchFactor(1, 2);
    split->addWidget(tables);
    // The charts are what one looks at first: most of the height; the tables have a dozen rows.
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({640, 280});
    tables->setSizes({820, 680});
    layout->addWidget(split, 1);

    connect(m_fitButton, &QPushButton::clicked, this, [this] { start(); });
    connect(m_fileButton, &QPushButton::clicked, this, &RecordingCompareView::askScenarioFile);
    connect(m_exportCharts, &QPushButton::clicked, this, &RecordingCompareView::askExportCharts);
    connect(m_exportTable, &QPushButton::clicked, this, &RecordingCompareView::askExportTable);
    connect(&m_watcher, &QFutureWatcher<RecordingComparison>::finished, this, &RecordingCompareView::onFinished);
    m_exportCharts->setEnabled(false);
    m_exportTable->setEnabled(false);
}

RecordingCompareView::~RecordingCompareView()
{
    // The simulation cannot be interrupted; it touches nothing of this window, but its result
    // is delivered to the watcher, which must outlive it.
    m_watcher.waitForFinished();
}

bool RecordingCompareView::isRunning() const
{
    return m_watcher.isRunning();
}

void RecordingCompareView::start(const QString &scenarioFile)
{
    if (isRunning()) {
        m_restart = true;
        m_pendingFile = scenarioFile;
        return;
    }
    m_restart = false;
    for (auto *b : {m_fitButton, m_fileButton, m_exportCharts, m_exportTable})
        b->setEnabled(false);
    m_status->setText(scenarioFile.isEmpty()
            ? tr("Reading the recording, fitting a scenario to it and simulating it over the recording's time\u2026")
            : tr("Reading the recording and simulating %1 over the recording's time\u2026")
                  .arg(QFileInfo(scenarioFile).fileName().toHtmlEscaped()));
    // Values only: the archive's path and the scenario file's; the result comes back by copy.
    m_watcher.setFuture(QtConcurrent::run(runRecordingComparison, m_archive, scenarioFile));
}

void RecordingCompareView::onFinished()
{
    if (m_restart) {
        start(m_pendingFile);
        return;
    }
    m_result = m_watcher.result();
    showComparison(m_result);
    m_fitButton->setEnabled(true);
    m_fileButton->setEnabled(true);
    m_exportCharts->setEnabled(m_result.ok);
    m_exportTable->setEnabled(m_result.ok);
    Q_EMIT finished();
}

void RecordingCompareView::showComparison(const RecordingComparison &c)
{
    m_zones->setRowCount(0);
    m_counters->setRowCount(0);
    if (!c.ok) {
        m_charts->setZones({});
        m_status->setText(QStringLiteral("<span style='color:#b40000'><b>%1</b></span>").arg(c.error.toHtmlEscaped()));
        return;
    }
    const auto &rep = c.report;
    std::vector<RecordingOverlayZone> zones;
    for (std::size_t k = 0; k < rep.zones.size(); ++k) {
        RecordingOverlayZone z;
        z.title = tr("node %1 %2").arg(rep.zones[k].node).arg(QString::fromStdString(rep.zones[k].zone));
        z.seconds = c.series.seconds;
        if (k < c.series.recordedFree.size())
            z.recorded = c.series.recordedFree[k];
        if (k < c.series.modelFree.size())
            z.model = c.series.modelFree[k];
        if (k < c.marks.size()) {
            z.min = c.marks[k].min;
            z.low = c.marks[k].low;
            z.high = c.marks[k].high;
        }
        zones.push_back(std::move(z));
    }
    m_charts->setZones(std::move(zones));
    // Three zones fit without scrolling; more scroll.
    m_charts->setMinimumHeight(static_cast<int>(rep.zones.size()) * 200);

    m_zones->setRowCount(static_cast<int>(rep.zones.size()));
    for (int r = 0; r < static_cast<int>(rep.zones.size()); ++r) {
        const auto &z = rep.zones[static_cast<std::size_t>(r)];
        const bool checked = z.gapPages > 0;
        const bool within = !checked || z.rmsRelative() <= rep.freeRmsTolerance;
        const QStringList values {QStringLiteral("%1 %2").arg(z.node).arg(QString::fromStdString(z.zone)),
            QString::number(z.gapPages, 'f', 0), QString::number(z.rmsFreePages, 'f', 0),
            QString::number(z.rmsRelative(), 'f', 2), QString::number(z.worstFreePages, 'f', 0),
            tr("%1 s").arg(z.worstAtSeconds, 0, 'f', 1), seconds(z.recordedBelowLowS), seconds(z.modelBelowLowS),
            seconds(z.recordedBelowMinS), seconds(z.modelBelowMinS),
            checked ? (within ? tr("within") : tr("beyond")) : tr("not checked")};
        for (int col = 0; col < values.size(); ++col)
            m_zones->setItem(r, col, cell(values[col], col != 0 && col != values.size() - 1));
        markVerdict(m_zones, r, static_cast<int>(values.size()) - 1, checked, within);
    }
    m_counters->setRowCount(static_cast<int>(rep.counters.size()));
    for (int r = 0; r < static_cast<int>(rep.counters.size()); ++r) {
        const auto &k = rep.counters[static_cast<std::size_t>(r)];
        const QStringList values {QString::fromStdString(k.name), QString::number(k.recorded), QString::number(k.model),
            percent(k.relative()),
            k.tolerance ? QStringLiteral("\u00b1%1 %").arg(100 * *k.tolerance, 0, 'f', 0) : QStringLiteral("\u2013"),
            !k.tolerance ? tr("not checked") : (k.within() ? tr("within") : tr("beyond"))};
        for (int col = 0; col < values.size(); ++col)
            m_counters->setItem(r, col, cell(values[col], col != 0 && col != values.size() - 1));
        markVerdict(m_counters, r, static_cast<int>(values.size()) - 1, k.tolerance.has_value(), k.within());
    }
    for (auto *t : {m_zones, m_counters})
        t->resizeColumnsToContents();

    QStringList beyond;
    for (const auto &z : rep.zones)
        if (z.gapPages > 0 && z.rmsRelative() > rep.freeRmsTolerance)
            beyond << tr("%1 free RMS %2 of high\u2212min").arg(QString::fromStdString(z.zone)).arg(z.rmsRelative(), 0, 'f', 2);
    for (const auto &k : rep.counters)
        if (!k.within())
            beyond << QStringLiteral("%1 %2").arg(QString::fromStdString(k.name), percent(k.relative()));
    const QString verdict = rep.within()
        ? QStringLiteral("<span style='color:#007800'><b>%1</b></span>").arg(tr("Every tolerance holds."))
        : QStringLiteral("<span style='color:#b40000'><b>%1</b></span>")
              .arg(tr("Beyond a tolerance: %1.").arg(beyond.join(QStringLiteral(", "))).toHtmlEscaped());
    m_status->setText(tr("Model: %1. %2 samples (%3 s from the first complete sample) compared; simulated in %4 s. "
                         "First kswapd run: recorded %5, model %6. Tolerances: free RMS \u2264 %7 of high\u2212min, "
                         "pgsteal_kswapd \u00b110 %, pageoutrun \u00b120 %, relative to the recorded value. %8")
                          .arg(c.scenarioLabel.toHtmlEscaped())
                          .arg(c.recordingSamples)
                          .arg(c.series.seconds.empty() ? 0.0 : c.series.seconds.back(), 0, 'f', 1)
                          .arg(rep.wallSeconds, 0, 'f', 2)
                          .arg(optSeconds(rep.recordedFirstKswapdS), optSeconds(rep.modelFirstKswapdS))
                          .arg(rep.freeRmsTolerance)
                          .arg(verdict));
}

void RecordingCompareView::askScenarioFile()
{
    const QString path = ScenarioFiles::askOpenPath(this);
    if (!path.isEmpty())
        start(path);
}

QString RecordingCompareView::exportChartsTo(const QString &basePath, QStringList *written) const
{
    if (!m_result.ok)
        return tr("There is no comparison to export.");
    return m_charts->exportCharts(basePath, written);
}

QString RecordingCompareView::exportTableTo(const QString &path) const
{
    if (!m_result.ok)
        return tr("There is no comparison to export.");
    return wm::exporter::writeFileAtomic(path, recordingComparisonCsv(m_result).toUtf8());
}

void RecordingCompareView::askExportCharts()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the charts (one file per zone)"),
        QFileInfo(m_archive).completeBaseName() + QStringLiteral("-vs-model.png"),
        tr("PNG image (*.png);;SVG (*.svg);;PDF (*.pdf)"));
    if (path.isEmpty())
        return;
    QStringList written;
    const QString err = exportChartsTo(path, &written);
    if (!err.isEmpty())
        QMessageBox::warning(this, tr("Export failed"), err);
    else
        m_status->setToolTip(tr("Exported: %1").arg(written.join(QStringLiteral(", "))));
}

void RecordingCompareView::askExportTable()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the distance table"),
        QFileInfo(m_archive).completeBaseName() + QStringLiteral("-vs-model.csv"), tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    const QString err = exportTableTo(path);
    if (!err.isEmpty())
        QMessageBox::warning(this, tr("Export failed"), err);
}

} // namespace wm::gui
