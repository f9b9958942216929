#pragma once
// Writes a Scenario as YAML in the loader's format (scenario/loader.h), with a
// comment header and human-friendly units. loadScenarioText(writeScenarioYaml(s))
// gives back a Scenario equal to s (operator==) for every valid scenario.
#include "scenario/scenario.h"

#include <string>

namespace wm {

std::string writeScenarioYaml(const Scenario &s);

} // namespace wm
