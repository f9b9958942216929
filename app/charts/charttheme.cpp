#include "charts/charttheme.h"

#include <QPalette>

namespace wm::gui {

namespace {
QColor withAlpha(QColor c, int alpha)
{
    c.setAlpha(alpha);
    return c;
}
} // namespace

ChartTheme ChartTheme::light()
{
    ChartTheme t;
    t.titleFont.setPointSizeF(10);
    t.titleFont.setBold(true);
    t.labelFont.setPointSizeF(8);
    return t;
}

ChartTheme ChartTheme::fromPalette(const QPalette &palette)
{
    ChartTheme t = light();
    const QColor base = palette.color(QPalette::Base);
    t.dark = base.lightness() < 128;
    t.background = palette.color(QPalette::Window);
    t.plotBackground = base;
    t.text = palette.color(QPalette::WindowText);
    t.grid = t.dark ? base.lighter(190) : base.darker(112);
    if (t.dark) {
        // Brighter, less saturated lines on dark backgrounds; bands a bit stronger.
        t.free = QColor(100, 170, 255);
        t.min = QColor(255, 95, 95);
        t.low = QColor(255, 180, 60);
        t.high = QColor(110, 210, 110);
        t.minUnboosted = QColor(230, 130, 130);
        t.atomicFloor = QColor(225, 120, 255);
        t.bandFloor = withAlpha(t.min, 48);
        t.bandMinLow = withAlpha(t.low, 40);
        t.bandHigh = withAlpha(t.high, 28);
        t.kswapdAwake = QColor(140, 140, 255, 40);
        t.debounce = QColor(170, 170, 170);
        t.atomicFailure = QColor(255, 70, 70);
        t.paramChange = QColor(220, 160, 130);
        t.caption = QColor(80, 200, 200);
        t.stall = QColor(230, 200, 120);
        t.watermarkChange = QColor(170, 170, 170);
        t.cursor = QColor(255, 255, 255, 170);
    }
    return t;
}

} // namespace wm::gui
