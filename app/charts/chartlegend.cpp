#include "charts/chartlegend.h"

#include "explain/explain.h"

#include <QCoreApplication>
#include <QStringList>

namespace wm::gui {

QString zoneChartLegendHtml(const ChartTheme &t)
{
    auto tr = [](const char *s) { return QCoreApplication::translate("ZoneChartLegend", s); };
    auto item = [](const QColor &c, const QString &glyph, const QString &text, const QString &tip) {
        return QStringLiteral("<span title=\"%4\"><span style=\"color:%1\">%2</span>&nbsp;%3</span>")
            .arg(c.name(), glyph, QString(text).replace(QLatin1Char(' '), QStringLiteral("&nbsp;")), tip.toHtmlEscaped());
    };
    const QString line = QStringLiteral("\u2501\u2501"), dash = QStringLiteral("\u254d\u254d");
    QColor awake = t.kswapdAwake;
    awake.setAlpha(120);
    const QStringList parts {
        item(t.free, line, tr("free"), explainWatermarkLine(WatermarkLine::Free)),
        item(t.min, line, tr("min"), explainWatermarkLine(WatermarkLine::Min)),
        item(t.low, line, tr("low"), explainWatermarkLine(WatermarkLine::Low)),
        item(t.high, line, tr("high"), explainWatermarkLine(WatermarkLine::High)),
        item(t.minUnboosted, dash, tr("unboosted min"), explainWatermarkLine(WatermarkLine::MinUnboosted)),
        item(t.atomicFloor, dash, tr("GFP_ATOMIC floor"), explainWatermarkLine(WatermarkLine::AtomicFloor)),
        item(awake, QStringLiteral("\u2588"), tr("kswapd awake"), explainWatermarkLine(WatermarkLine::KswapdAwake)),
        item(t.boostExtfrag, QStringLiteral("\u25cf"), tr("boost: extfrag"), explainReason(wm::EventReason::Extfrag)),
        item(t.boostSlowpath, QStringLiteral("\u25b2"), tr("boost: atomic slowpath"),
            explainReason(wm::EventReason::AtomicSlowpath)),
        item(
            t.boostFailure, QStringLiteral("\u2605"), tr("boost: atomic failure"), explainReason(wm::EventReason::AtomicFailure)),
        item(t.debounce, QStringLiteral("\u25a0"), tr("debounced"), explainEvent(wm::EventKind::DebounceSuppressed)),
        item(t.atomicFailure, QStringLiteral("\u25c6"), tr("atomic failures"), explainEvent(wm::EventKind::AtomicFailure)),
        item(t.stall, QStringLiteral("\u2b1f"), tr("stalls"), explainEvent(wm::EventKind::AllocStall)),
        item(t.paramChange, QStringLiteral("\u2502"), tr("edit"), explainEvent(wm::EventKind::ParamChange)),
        item(t.watermarkChange, QStringLiteral("\u2506"), tr("marks changed"), explainEvent(wm::EventKind::WatermarksChanged)),
        item(t.caption, QStringLiteral("\u2506"), tr("caption"), explainEvent(wm::EventKind::Caption)),
    };
    return parts.join(QStringLiteral(" &nbsp; "));
}

} // namespace wm::gui
