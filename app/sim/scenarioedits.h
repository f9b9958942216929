#pragma once
// Saving an interactive session: the loaded scenario plus every parameter
// edit the simulation applied, as timeline `set` entries, so it replays exactly.
#include "scenario/scenario.h"

#include <vector>

namespace wm::gui {

wm::Scenario scenarioWithEdits(const wm::Scenario &original, const std::vector<wm::TimelineEntry> &applied);

} // namespace wm::gui
