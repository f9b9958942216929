// libFuzzer target for the scenario loader: any input must give a result
// (a scenario or diagnostics), never a crash, hang or unbounded allocation.
// Valid inputs must also survive write -> load unchanged.
#include "scenario/loader.h"
#include "scenario/writer.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const wm::LoadResult r = wm::loadScenarioText(text, "fuzz.yaml");
    if (r.ok() == r.diagnostics.empty() && r.scenario.has_value() != r.diagnostics.empty())
        std::abort(); // a result is either a scenario or diagnostics
    for (const auto &d : r.diagnostics)
        (void)wm::formatDiagnostic(d, text);
    if (r.ok()) {
        const std::string yaml = wm::writeScenarioYaml(*r.scenario);
        const wm::LoadResult again = wm::loadScenarioText(yaml, "fuzz-roundtrip.yaml");
        if (!again.ok() || !(*again.scenario == *r.scenario))
            std::abort();
    }
    return 0;
}
