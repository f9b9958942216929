#pragma once
// Shared helpers for the widget tests: load a scenario from the source tree.
#include "scenario/loader.h"

#include <QTest>

#include <string>

namespace wm::test {

inline wm::Scenario loadScenario(const char *name)
{
    const std::string path = std::string(WM_SOURCE_DIR) + "/scenarios/" + name;
    auto r = wm::loadScenarioFile(path);
    if (!r.ok())
        qFatal("cannot load %s", path.c_str());
    return *r.scenario;
}

} // namespace wm::test
