#pragma once
// The legend of the zone charts (each entry drawn as its series or marker, with
// the explanation as a tooltip), shared by the main window's chart panel and
// the compare view's grid.
#include "charts/charttheme.h"

#include <QString>

namespace wm::gui {

QString zoneChartLegendHtml(const ChartTheme &theme);

} // namespace wm::gui
