#pragma once
// Saving an interactive session: the loaded scenario plus every parameter
// edit the simulation applied, as timeline `set` entries, so it replays exactly.
#include "scenario/scenario.h"

#include <vector>

namespace wm::gui {

wm::Scenario scenarioWithEdits(const wm::Scenario &original, const std::vector<wm::TimelineEntry> &applied);

// The parameter values in force at simulated time `now`: the original with the
// file's timeline `set` entries the run has passed (applied in the tick that
// starts before them, so at < now) and the accepted edits, in time order.
wm::Scenario scenarioAt(const wm::Scenario &original, const std::vector<wm::TimelineEntry> &applied, wm::usec_t now);
// How many of the file's timeline `set` entries the run has passed at `now`.
std::size_t timelineSetsPassed(const wm::Scenario &original, wm::usec_t now);

} // namespace wm::gui
