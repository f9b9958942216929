#pragma once
// Scenario files (YAML, docs/architecture.md §8). The loader collects every
// error with file:line:column (1-based) and the key path, rejects unknown and
// duplicate keys, checks values against the kernel's sysctl limits, and never
// crashes, hangs or allocates without bound on any input. No YAML types leak.
#include "scenario/diagnostics.h"
#include "scenario/scenario.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wm {

// Larger files are rejected before parsing. A real scenario is a few KiB; at
// the cap a pathological file (one flow sequence of 500,000 numbers) still
// is refused after 2.5 s and 260 MB (measured: `validate` on a 1 MiB
// `description: [1,1,...]`; yaml-cpp keeps a node per scalar).
inline constexpr std::size_t kMaxScenarioFileBytes = 1u << 20;
inline constexpr std::size_t kMaxScenarioDiagnostics = 200; // then "too many errors" and stop

struct LoadResult {
    std::optional<Scenario> scenario; // set only when there is no diagnostic
    std::vector<Diagnostic> diagnostics;
    // The text that was loaded, kept when there are diagnostics so they are shown
    // against it (formatDiagnostic). Never read the file a second time: a pipe
    // or a device gives other bytes, or never ends.
    std::string text;
    bool ok() const { return scenario.has_value() && diagnostics.empty(); }
};

// Reads and loads `path`; Scenario::sourcePath = path. An unreadable file gives
// one diagnostic with the OS error and the path.
LoadResult loadScenarioFile(const std::string &path);
// Loads YAML text; `fileName` is used in diagnostics and as Scenario::sourcePath.
LoadResult loadScenarioText(std::string_view text, const std::string &fileName);

} // namespace wm
