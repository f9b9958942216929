#pragma once
// A located error message for scenario files and --set parameters. Qt-free.
#include <string>
#include <string_view>

namespace wm {

struct Diagnostic {
    std::string file;
    int line = 0, column = 0; // 1-based, 0 = unknown
    std::string path; // key path, e.g. workload[1].rate.burst_rate
    std::string message;
    bool operator==(const Diagnostic &) const = default;
};

// "file:line:col: error: path: message", then the offending source line and a
// caret under the column (when the line is known and present in sourceText).
// Parts that are unknown are left out ("file: error: message").
std::string formatDiagnostic(const Diagnostic &d, std::string_view sourceText);

} // namespace wm

#include <vector>

namespace wm {

// The candidate closest to `word` (edit distance, case-insensitive), or "" when
// none is close enough to be a plausible typo.
std::string closestMatch(std::string_view word, const std::vector<std::string> &candidates);
// "; did you mean 'x'?" or "".
std::string didYouMean(std::string_view word, const std::vector<std::string> &candidates);

} // namespace wm
