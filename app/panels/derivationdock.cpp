#include "panels/derivationdock.h"

#include "mm/watermarks.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollBar>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace wm::gui {

DerivationDock::DerivationDock(QWidget *parent)
    : QDockWidget(tr("Why this watermark?"), parent)
{
    setObjectName(QStringLiteral("derivationDock"));
    auto *w = new QWidget(this);
    auto *layout = new QVBoxLayout(w);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Zone"), w));
    m_zoneBox = new QComboBox(w);
    bar->addWidget(m_zoneBox, 1);
    layout->addLayout(bar);
    m_text = new QTextBrowser(w);
    m_text->setOpenLinks(false);
    layout->addWidget(m_text, 1);
    setWidget(w);
    // Formulas wrap at words; a value column and a short formula stay side by side.
    setMinimumWidth(fontMetrics().averageCharWidth() * 40);
    connect(m_zoneBox, &QComboBox::activated, this, [this](int i) { setZone(m_zoneBox->itemData(i).toInt()); });
    m_pending = new QTimer(this);
    m_pending->setSingleShot(true);
    connect(m_pending, &QTimer::timeout, this, [this] { apply(m_pendingHtml); });
}

void DerivationDock::apply(const QString &html)
{
    m_pending->stop();
    m_sinceApply.start();
    if (html == m_lastHtml)
        return;
    m_lastHtml = html;
    const int pos = m_text->verticalScrollBar()->value();
    m_text->setHtml(html);
    m_text->verticalScrollBar()->setValue(pos);
}

void DerivationDock::setZone(int zoneId)
{
    m_zone = zoneId;
    selectInBox();
    // The user asked for this zone: no frame may come (paused), and the rate
    // limit is for frames, so draw it now; a pending text is of the old zone.
    if (m_snap && isVisible())
        apply(derivationHtml(*m_snap, m_zone));
}

void DerivationDock::showEvent(QShowEvent *event)
{
    QDockWidget::showEvent(event);
    if (m_snap) {
        const QString html = derivationHtml(*m_snap, m_zone);
        if (html != m_lastHtml)
            apply(html);
    }
}

void DerivationDock::selectInBox()
{
    const int i = m_zoneBox->findData(m_zone);
    if (i >= 0)
        m_zoneBox->setCurrentIndex(i);
}

void DerivationDock::update(std::shared_ptr<const wm::Snapshot> snap)
{
    if (!snap)
        return;
    m_snap = std::move(snap);
    std::vector<int> ids;
    for (const auto &z : m_snap->zones)
        if (z.managed > 0)
            ids.push_back(z.id);
    if (ids != m_zoneIds) {
        m_zoneIds = ids;
        m_zoneBox->clear();
        for (const auto &z : m_snap->zones)
            if (z.managed > 0)
                m_zoneBox->addItem(
                    QStringLiteral("Node %1 \u00b7 %2").arg(z.node).arg(QString::fromUtf8(wm::zoneName(z.type))), z.id);
        selectInBox();
    }
    if (!isVisible())
        return;
    const QString html = derivationHtml(*m_snap, m_zone);
    if (html == m_lastHtml)
        return;
    const qint64 since = m_sinceApply.isValid() ? m_sinceApply.elapsed() : kMinIntervalMs;
    if (since >= kMinIntervalMs) {
        apply(html);
        return;
    }
    // Too soon: show the newest text when the interval is over (also the last
    // frame before a pause).
    m_pendingHtml = html;
    if (!m_pending->isActive())
        m_pending->start(static_cast<int>(kMinIntervalMs - since));
}

namespace {

// A recording: the zoneinfo checker's verdict on the recorded watermarks of this sample
// (core/zoneinfo/checker.h), the recorded values against the recomputed ones.
QString recordedHtml(const wm::Snapshot &snap, const wm::ZoneState &z)
{
    const auto tr = [](const char *s) { return DerivationDock::tr(s); };
    const wm::RecordedSample &r = *snap.recorded;
    const wm::RecordedZoneCheck *c = nullptr;
    for (const auto &cc : r.checks)
        if (cc.zone == z.id)
            c = &cc;
    const auto num = [](std::int64_t v) { return QStringLiteral("<b>%L1</b>").arg(v); };
    QString h;
    h += QStringLiteral("<h3 style='margin-bottom:2px'>Node %1 %2, sample %L3 of %L4 (t = %5 s)</h3>")
             .arg(z.node)
             .arg(QString::fromUtf8(wm::zoneName(z.type)))
             .arg(r.sample + 1)
             .arg(r.samples)
             .arg(r.seconds, 0, 'f', 3);
    h += tr("<p style='color:gray;margin-top:0'>recorded watermarks checked against __setup_per_zone_wmarks() "
            "(mm/page_alloc.c) from the recorded managed pages</p>");
    if (!c) {
        h += tr("<p>This sample has no watermarks of this zone to check.</p>");
    } else {
        const bool exact = c->verdict == "exact" || c->verdict == "legacy-formula";
        const QString colour = exact   ? QStringLiteral("#2ca02c")
            : c->verdict == "mismatch" ? QStringLiteral("#d62728")
                                       : QStringLiteral("#e69100");
        h += QStringLiteral("<p style='font-size:large'>verdict: <b style='color:%1'>%2</b></p><p>%3</p>")
                 .arg(colour, QString::fromStdString(c->verdict), QString::fromStdString(c->explanation).toHtmlEscaped());
        h += QStringLiteral("<table cellspacing=0 cellpadding=2><tr><th></th><th align=right>recorded</th>"
                            "<th align=right style='padding-left:10px'>rules</th></tr>");
        const auto row3 = [&](const QString &what, std::int64_t rec, std::int64_t computed) {
            h += QStringLiteral("<tr><td>%1</td><td align=right>%2</td><td align=right style='padding-left:10px'>%3</td></tr>")
                     .arg(what, num(rec), num(computed));
        };
        row3(tr("min (unboosted)"), z.watermark[0], c->computedMin);
        row3(tr("low (unboosted)"), z.watermark[1], c->computedLow);
        row3(tr("high (unboosted)"), z.watermark[2], c->computedHigh);
        h += QStringLiteral("</table>");
        h += tr("<p><small>sysctls used: %1 (a pmlogger archive does not log them; "
                "<code>watermark-explorer record</code> does)</small></p>")
                 .arg(QString::fromStdString(c->sysctlSource));
    }
    h += QStringLiteral("<table cellspacing=0 cellpadding=2>");
    const auto row = [&h](const QString &what, const QString &value) {
        h += QStringLiteral("<tr><td>%1</td><td align=right style='padding-left:10px'>%2</td></tr>").arg(what, value);
    };
    row(tr("managed"), num(z.managed));
    row(tr("free"), num(z.free));
    row(tr("watermark_boost"), num(z.boost));
    row(tr("min / low / high as printed"), QStringLiteral("%1 / %2 / %3").arg(num(z.min()), num(z.low()), num(z.high())));
    row(tr("lowmem_reserve[Normal]"), num(z.lowmemReserve[static_cast<std::size_t>(wm::zoneIndex(wm::ZoneType::Normal))]));
    row(tr("GFP_ATOMIC floor (\u2248 3/8 min + reserve)"), num(z.atomicFloor));
    h += QStringLiteral("</table>");
    const std::int64_t headroom = z.free - z.atomicFloor;
    h += headroom >= 0 ? tr("<p>free: %1 pages above the GFP_ATOMIC floor.</p>").arg(num(headroom))
                       : tr("<p>free: %1 pages below the GFP_ATOMIC floor.</p>").arg(num(-headroom));
    return h;
}

} // namespace

QString DerivationDock::derivationHtml(const wm::Snapshot &snap, int zoneId)
{
    const wm::ZoneState *z = nullptr;
    for (const auto &zz : snap.zones)
        if (zz.id == zoneId)
            z = &zz;
    if (!z)
        return tr("<p>Click a chart to select a zone.</p>");
    if (snap.recorded)
        return recordedHtml(snap, *z);
    const auto &t = snap.tunables;
    std::int64_t lowmem = 0;
    for (const auto &o : snap.zones)
        if (!wm::isHighmemOrMovable(o.type))
            lowmem += o.managed;
    const std::int64_t pagesMin = t.minFreeKbytes >> (wm::kPageShift - 10);
    const bool highmem = wm::isHighmemOrMovable(z->type);
    const std::int64_t share = lowmem > 0 ? pagesMin * z->managed / lowmem : 0;
    const std::int64_t wsf = t.watermarkScaleFactor + z->watermarkScaleBoost;
    const std::int64_t scaled = wm::multFrac(z->managed, wsf, 10000);
    const std::int64_t minW = z->watermark[0];
    const std::int64_t step = std::max(minW / 4, scaled);
    const auto num = [](std::int64_t v) { return QStringLiteral("<b>%L1</b>").arg(v); };
    const QString zname = QStringLiteral("Node %1 %2").arg(z->node).arg(QString::fromUtf8(wm::zoneName(z->type)));
    const auto check = [](std::int64_t computed, std::int64_t actual) {
        return computed == actual ? QStringLiteral(" <span style='color:#2ca02c'>\u2713</span>")
                                  : QStringLiteral(" <span style='color:#d62728'>(actual %L1)</span>").arg(actual);
    };

    QString h;
    h += QStringLiteral("<h3 style='margin-bottom:2px'>%1 at t = %2 s</h3>")
             .arg(zname)
             .arg(static_cast<double>(snap.now) / 1e6, 0, 'f', 3);
    h += tr("<p style='color:gray;margin-top:0'>__setup_per_zone_wmarks(), mm/page_alloc.c</p>");
    h += QStringLiteral("<table cellspacing=0 cellpadding=2>");
    auto row = [&h](const QString &what, const QString &value) {
        h += QStringLiteral("<tr><td valign=top>%1</td><td valign=top align=right style='padding-left:10px'>%2</td></tr>")
                 .arg(what, value);
    };
    row(tr("vm.min_free_kbytes"), num(t.minFreeKbytes) + tr(" kB"));
    row(tr("pages_min = min_free_kbytes / 4<br><small>(&gt;&gt; (PAGE_SHIFT - 10))</small>"), num(pagesMin));
    row(tr("lowmem managed L<br><small>(all zones except HighMem/Movable)</small>"), num(lowmem));
    row(tr("this zone managed"), num(z->managed));
    if (highmem) {
        row(tr("min (HighMem/Movable: clamp(managed/1024, 32, 128))"), num(minW));
    } else {
        row(tr("min = pages_min \u00d7 managed / L"), num(share) + check(share, minW));
    }
    row(tr("watermark_scale_factor%1")
            .arg(z->watermarkScaleBoost ? tr(" + v4 scale boost %1").arg(z->watermarkScaleBoost) : QString()),
        num(wsf));
    row(tr("step = max(min/4, managed \u00d7 wsf / 10000)<br><small>= max(%L1, %L2)</small>").arg(minW / 4).arg(scaled),
        num(step));
    row(tr("low = min + step"), num(minW + step) + check(minW + step, z->watermark[1]));
    row(tr("high = min + 2\u00b7step"), num(minW + 2 * step) + check(minW + 2 * step, z->watermark[2]));
    row(tr("promo = min + 3\u00b7step"), num(minW + 3 * step) + check(minW + 3 * step, z->watermark[3]));
    row(tr("watermark_boost <small>(boost_watermark())</small>"), num(z->boost));
    row(tr("effective min / low / high"), QStringLiteral("%1 / %2 / %3").arg(num(z->min()), num(z->low()), num(z->high())));
    h += QStringLiteral("</table>");

    const std::int64_t resNormal = z->lowmemReserve[static_cast<std::size_t>(wm::zoneIndex(wm::ZoneType::Normal))];
    h += tr("<h4 style='margin-bottom:2px'>lowmem_reserve (protection)</h4>"
            "<p style='margin-top:0'><small>setup_per_zone_lowmem_reserve(): pages this zone keeps from allocations "
            "whose classzone is higher.</small><br>");
    QStringList res;
    for (int i = 0; i < wm::kMaxNrZones; ++i)
        res << QStringLiteral("%1: %L2")
                   .arg(QString::fromUtf8(wm::kZoneNames[static_cast<std::size_t>(i)]))
                   .arg(z->lowmemReserve[static_cast<std::size_t>(i)]);
    h += res.join(QStringLiteral(" \u00b7 ")) + QStringLiteral("</p>");

    const std::int64_t half = minW - minW / 2;
    const std::int64_t atomicMark = half - half / 4;
    h += tr("<h4 style='margin-bottom:2px'>Floors per allocation class (order 0, classzone Normal)</h4>"
            "<p style='margin-top:0'><small>__zone_watermark_ok(): free must stay above mark + "
            "lowmem_reserve[classzone]</small></p>");
    h += QStringLiteral("<table cellspacing=0 cellpadding=2>");
    row(tr("fast path (any): low + boost + reserve"), num(z->low() + resNormal));
    row(tr("GFP_KERNEL slowpath: min + boost + reserve"), num(z->min() + resNormal));
    row(tr("GFP_NOWAIT slowpath: min + boost + reserve"), num(z->min() + resNormal));
    row(tr("GFP_ATOMIC: min \u2212 min/2 (ALLOC_MIN_RESERVE) \u2212 \u00bc of the rest (ALLOC_NON_BLOCK) \u2248 3/8 min, boost "
           "ignored "
           "(zone_watermark_fast()), + reserve<br><small>%L1 \u2212 %L2 \u2212 %L3 + %L4</small>")
            .arg(minW)
            .arg(minW / 2)
            .arg(half / 4)
            .arg(resNormal),
        num(atomicMark + resNormal) + check(atomicMark + resNormal, z->atomicFloor));
    h += QStringLiteral("</table>");
    const std::int64_t headroom = z->free - z->atomicFloor;
    if (headroom > 0)
        h += tr("<p>free now: %1 pages \u2014 %2 above the GFP_ATOMIC floor.</p>").arg(num(z->free)).arg(num(headroom));
    else if (headroom == 0)
        h += tr("<p>free now: %1 pages \u2014 exactly at the GFP_ATOMIC floor.</p>").arg(num(z->free));
    else
        h += tr("<p>free now: %1 pages \u2014 %2 below the GFP_ATOMIC floor.</p>").arg(num(z->free)).arg(num(-headroom));
    return h;
}

} // namespace wm::gui
