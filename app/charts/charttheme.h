#pragma once
// Colours of every chart element, derived from a palette so light and dark
// desktops both read well. Export uses light() for print-friendly output.
#include <QColor>
#include <QFont>

class QPalette;

namespace wm::gui {

struct ChartTheme {
    bool dark = false;
    QColor background {Qt::white};
    QColor plotBackground {Qt::white};
    QColor text {Qt::black};
    QColor grid {220, 220, 220};
    QColor free {31, 119, 180};
    QColor min {214, 39, 40};
    QColor low {230, 145, 0};
    QColor high {44, 160, 44};
    QColor minUnboosted {150, 40, 40};
    QColor atomicFloor {160, 0, 160};
    QColor bandFloor {214, 39, 40, 34};
    QColor bandMinLow {255, 170, 0, 34};
    QColor bandHigh {44, 160, 44, 22};
    QColor kswapdAwake {120, 120, 255, 26};
    QColor boostExtfrag {23, 190, 207};
    QColor boostSlowpath {255, 127, 14};
    QColor boostFailure {148, 103, 189};
    QColor debounce {127, 127, 127};
    QColor atomicFailure {200, 0, 0};
    QColor paramChange {140, 86, 75};
    QColor caption {0, 128, 128};
    QColor stall {90, 60, 20}; // direct reclaim / compaction stalls
    QColor watermarkChange {110, 110, 110}; // a recorded watermark change, a gap in a recording
    QColor cursor {0, 0, 0, 160};
    QFont titleFont;
    QFont labelFont;

    static ChartTheme fromPalette(const QPalette &palette);
    static ChartTheme light();
};

} // namespace wm::gui
