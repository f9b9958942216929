#pragma once
// Saving a session without losing the file it came from: the source text as
// the user wrote it (comments, key order, units), with the entries the session
// added appended to its timeline.
#include "scenario/scenario.h"

#include <optional>
#include <string>
#include <string_view>

namespace wm {

// The source text extended by the timeline entries `edited` has beyond the
// scenario the text describes. nullopt when `edited` differs from it in
// anything else (another policy, a boot parameter, a removed entry), or when
// the text cannot be extended safely (a flow-style timeline); the caller then
// writes the scenario afresh (writeScenarioYaml()). The result is checked: it
// loads back to exactly `edited`.
std::optional<std::string> appendSessionEdits(std::string_view sourceText, const std::string &fileName, const Scenario &edited);

} // namespace wm
