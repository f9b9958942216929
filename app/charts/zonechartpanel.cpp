#include "charts/zonechartpanel.h"

#include "charts/chartlegend.h"
#include "charts/zonechart.h"
#include "charts/zonechartbuilder.h"
#include "charts/zonechartdata.h"
#include "explain/explain.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace wm::gui {

ZoneChartPanel::ZoneChartPanel(QWidget *parent)
    : QWidget(parent)
    , m_theme(ChartTheme::fromPalette(palette()))
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(2);

    auto *bar = new QHBoxLayout;
    m_bar = bar;
    bar->setContentsMargins(6, 2, 6, 0);
    m_legend = new QLabel(this);
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setWordWrap(true);
    bar->addWidget(m_legend, 1);
    bar->addStretch(0);
    m_followAction = new QAction(tr("Follow live"), this);
    m_followAction->setCheckable(true);
    m_followAction->setChecked(true);
    m_followAction->setToolTip(tr("Keep the newest simulated time in view (double-click a chart)"));
    connect(m_followAction, &QAction::toggled, this, &ZoneChartPanel::setFollowLive);
    m_resetAction = new QAction(tr("Reset zoom"), this);
    m_resetAction->setToolTip(tr("Show the whole run and follow live again"));
    connect(m_resetAction, &QAction::triggered, this, [this] {
        m_window->setCurrentIndex(0);
        setFollowLive(true);
    });
    m_window = new QComboBox(this);
    m_window->setToolTip(tr("Time window shown while following live"));
    m_window->addItem(tr("whole run"), 0.0);
    m_window->addItem(tr("last 60 s"), 60.0);
    m_window->addItem(tr("last 10 s"), 10.0);
    m_window->addItem(tr("last 1 s"), 1.0);
    connect(
        m_window, &QComboBox::currentIndexChanged, this, [this](int i) { setWindowSeconds(m_window->itemData(i).toDouble()); });
    m_yMode = new QComboBox(this);
    m_yMode->setToolTip(tr("Value axis: zoom on the watermarks keeping the lowest free pages in view, show all, or the "
                           "watermarks only (free pages far above them are clipped)"));
    m_yMode->addItem(tr("y: watermarks"), static_cast<int>(YMode::Watermarks));
    m_yMode->addItem(tr("y: all data"), static_cast<int>(YMode::All));
    m_yMode->addItem(tr("y: marks only"), static_cast<int>(YMode::MarksOnly));
    connect(m_yMode, &QComboBox::currentIndexChanged, this,
        [this](int i) { setYMode(static_cast<YMode>(m_yMode->itemData(i).toInt())); });
    bar->addWidget(m_yMode);
    auto *follow = new QToolButton(this);
    follow->setDefaultAction(m_followAction);
    auto *reset = new QToolButton(this);
    reset->setDefaultAction(m_resetAction);
    bar->addWidget(m_window);
    bar->addWidget(follow);
    bar->addWidget(reset);
    outer->addLayout(bar);
    m_legendRow = new QHBoxLayout;
    m_legendRow->setContentsMargins(6, 0, 6, 0);
    outer->addLayout(m_legendRow);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *inner = new QWidget(scroll);
    m_chartLayout = new QVBoxLayout(inner);
    m_chartLayout->setContentsMargins(0, 0, 0, 0);
    m_chartLayout->setSpacing(0);
    scroll->setWidget(inner);
    outer->addWidget(scroll, 1);
    updateLegend();
    m_deferred = new QTimer(this);
    m_deferred->setSingleShot(true);
    connect(m_deferred, &QTimer::timeout, this, &ZoneChartPanel::refresh);
}

ZoneChartPanel::~ZoneChartPanel() = default;

void ZoneChartPanel::updateLegend()
{
    m_legend->setText(zoneChartLegendHtml(m_theme));
    m_legend->setToolTip(tr("Hover a chart for values and the explanation of the nearest marker."));
}

void ZoneChartPanel::setSnapshot(std::shared_ptr<const wm::Snapshot> snap, const std::vector<wm::Event> *events)
{
    m_snap = std::move(snap);
    m_events = events;
    std::vector<int> ids;
    if (m_snap)
        for (const auto &z : m_snap->zones)
            if (z.managed > 0)
                ids.push_back(z.id);
    if (ids != m_zoneIds) {
        m_zoneIds = ids;
        rebuild();
        refresh();
        return;
    }
    // A frame costs the refresh plus the charts' repaint that follows it.
    double costMs = m_lastCostMs;
    for (const ZoneChart *c : m_charts)
        costMs += c->lastPaintMs();
    const double waitMs = 3 * costMs - static_cast<double>(m_sinceRefresh.isValid() ? m_sinceRefresh.elapsed() : 0);
    if (costMs > 8 && waitMs > 0) {
        if (!m_deferred->isActive())
            m_deferred->start(static_cast<int>(waitMs));
        return;
    }
    refresh();
}

void ZoneChartPanel::rebuild()
{
    for (auto *c : m_charts)
        delete c;
    for (auto *h : m_headers)
        delete h;
    m_charts.clear();
    m_headers.clear();
    if (!m_snap)
        return;
    int lastNode = -1;
    const bool multiNode = m_snap->nodes.size() > 1;
    for (int id : m_zoneIds) {
        const wm::ZoneState *z = nullptr;
        for (const auto &zz : m_snap->zones)
            if (zz.id == id)
                z = &zz;
        if (!z)
            continue;
        if (multiNode && z->node != lastNode) {
            auto *h = new QLabel(tr("<b>Node %1</b>").arg(z->node), this);
            h->setContentsMargins(8, 4, 0, 0);
            m_chartLayout->addWidget(h);
            m_headers.push_back(h);
            lastNode = z->node;
        }
        auto *c = new ZoneChart(m_theme, this);
        c->setProperty("zoneId", id);
        c->setProperty("managed", static_cast<qint64>(z->managed));
        c->setZoneTitle(QStringLiteral("%1 \u2014 managed %2 pages").arg(zoneTitle(*m_snap, id)).arg(z->managed));
        connect(c, &ZoneChart::rangeRequested, this, &ZoneChartPanel::setRange);
        connect(c, &ZoneChart::followRequested, this, [this] { setFollowLive(true); });
        connect(c, &ZoneChart::exportRequested, this, &ZoneChartPanel::exportChartRequested);
        connect(c, &ZoneChart::clicked, this, [this](int zone, double t) {
            m_selectedZone = zone;
            Q_EMIT zoneSelected(zone);
            setCursorTime(t);
        });
        m_chartLayout->addWidget(c, 1);
        m_charts.push_back(c);
    }
    if (m_selectedZone < 0 || std::find(m_zoneIds.begin(), m_zoneIds.end(), m_selectedZone) == m_zoneIds.end()) {
        // Default selection: the first Normal zone (where the interesting things happen).
        m_selectedZone = m_zoneIds.empty() ? -1 : m_zoneIds.front();
        for (const auto &z : m_snap->zones)
            if (z.managed > 0 && z.type == wm::ZoneType::Normal) {
                m_selectedZone = z.id;
                break;
            }
        Q_EMIT zoneSelected(m_selectedZone);
    }
}

void ZoneChartPanel::refresh()
{
    if (!m_snap)
        return;
    m_deferred->stop();
    QElapsedTimer cost;
    cost.start();
    static const std::vector<wm::Event> kNoEvents;
    const auto &events = m_events ? *m_events : kNoEvents;
    m_index.sync(events);
    const double now = std::max(toSeconds(m_snap->now), 0.001);
    if (m_follow) {
        // The whole run so far, but at least its first second (or all of a
        // shorter run): a run that just started does not stretch its first
        // tick across the chart.
        const double minSpan = std::clamp(toSeconds(m_snap->duration), 0.001, 1.0);
        m_to = m_windowSeconds > 0 ? std::max(now, m_windowSeconds) : std::max(now, minSpan);
        m_from = m_windowSeconds > 0 ? std::max(0.0, m_to - m_windowSeconds) : 0.0;
    }
    const auto from = static_cast<wm::usec_t>(m_from * 1e6), to = static_cast<wm::usec_t>(m_to * 1e6);
    for (ZoneChart *c : m_charts) {
        const int id = c->property("zoneId").toInt();
        ZoneChartData d = computeZoneChartData(*m_snap, id, m_index, from, to, c->plotWidth());
        if (m_yModeValue == YMode::Watermarks)
            d.yMax = d.yWatermarks;
        else if (m_yModeValue == YMode::MarksOnly)
            d.yMax = d.yMarksOnly;
        for (const auto &s : m_snap->series)
            if (s.zone == id)
                c->setBucketSource(&s);
        // Managed pages change in a recording (hotplug, deferred page init): keep the title true.
        for (const auto &z : m_snap->zones)
            if (z.id == id && c->property("managed").toLongLong() != z.managed) {
                c->setProperty("managed", static_cast<qint64>(z.managed));
                c->setZoneTitle(QStringLiteral("%1 \u2014 managed %2 pages").arg(zoneTitle(*m_snap, id)).arg(z.managed));
            }
        c->setData(d);
        c->setCursorTime(m_cursor);
    }
    m_lastCostMs = static_cast<double>(cost.nsecsElapsed()) / 1e6;
    m_sinceRefresh.start();
}

void ZoneChartPanel::resetEvents()
{
    m_index.clear();
}

void ZoneChartPanel::setFollowLive(bool follow)
{
    if (m_follow == follow)
        return;
    m_follow = follow;
    m_followAction->setChecked(follow);
    Q_EMIT followChanged(follow);
    refresh();
}

void ZoneChartPanel::setRange(double from, double to)
{
    if (to <= from)
        return;
    m_from = from;
    m_to = to;
    m_follow = false;
    m_followAction->setChecked(false);
    refresh();
}

void ZoneChartPanel::setCursorTime(double t)
{
    // The cursor marks a moment of the run: never before 0 or after the
    // simulated present (a click right of the newest data, or at t = 0).
    const double now = m_snap ? static_cast<double>(m_snap->now) / 1e6 : 0.0;
    t = std::clamp(t, 0.0, now);
    m_cursor = t;
    if (t < m_from || t > m_to) {
        const double w = m_to - m_from;
        setRange(std::max(0.0, t - w / 2), std::max(0.0, t - w / 2) + w);
        return;
    }
    for (auto *c : m_charts)
        c->setCursorTime(m_cursor);
}

void ZoneChartPanel::setWindowSeconds(double seconds)
{
    m_windowSeconds = seconds;
    if (m_follow)
        refresh();
    else
        setFollowLive(true);
}

void ZoneChartPanel::setFocusWatermarks(bool focus)
{
    setYMode(focus ? YMode::Watermarks : YMode::All);
}

void ZoneChartPanel::setYMode(YMode mode)
{
    m_yModeValue = mode;
    m_yMode->setCurrentIndex(m_yMode->findData(static_cast<int>(mode)));
    refresh();
}

void ZoneChartPanel::setTheme(const ChartTheme &theme)
{
    m_theme = theme;
    for (auto *c : m_charts)
        c->setTheme(theme);
    updateLegend();
}

void ZoneChartPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    placeLegend();
}

void ZoneChartPanel::placeLegend()
{
    // Beside the controls the legend gets what they leave; below a width where
    // that is less than about half its one-line length it would wrap into a
    // tall, narrow column, so it moves to a row of its own.
    int controls = 0;
    for (int i = 0; i < m_bar->count(); ++i)
        if (QWidget *w = m_bar->itemAt(i)->widget(); w && w != m_legend)
            controls += w->sizeHint().width() + m_bar->spacing();
    const int enough = m_legend->fontMetrics().averageCharWidth() * 90; // about half the legend's one-line length
    const bool ownRow = width() - controls < enough;
    const bool isOwnRow = m_legendRow->indexOf(m_legend) >= 0;
    if (ownRow == isOwnRow)
        return;
    if (ownRow) {
        m_bar->removeWidget(m_legend);
        m_legendRow->addWidget(m_legend, 1);
        m_bar->setStretch(0, 1); // the controls stay on the right
    } else {
        m_legendRow->removeWidget(m_legend);
        m_bar->insertWidget(0, m_legend, 1);
        m_bar->setStretch(1, 0);
    }
}

void ZoneChartPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        setTheme(ChartTheme::fromPalette(palette()));
    QWidget::changeEvent(event);
}

} // namespace wm::gui
