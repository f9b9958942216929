#include "sim/scenarioedits.h"

#include <algorithm>

namespace wm::gui {

wm::Scenario scenarioWithEdits(const wm::Scenario &original, const std::vector<wm::TimelineEntry> &applied)
{
    wm::Scenario s = original;
    for (const auto &e : applied) {
        if (e.kind != wm::TimelineKind::Set)
            continue;
        // Timeline entries of the file are applied too; do not add them twice.
        const bool present = std::any_of(s.timeline.begin(), s.timeline.end(), [&e](const wm::TimelineEntry &t) {
            return t.kind == wm::TimelineKind::Set && t.at == e.at && t.key == e.key && t.value == e.value;
        });
        if (!present)
            s.timeline.push_back(e);
    }
    std::stable_sort(
        s.timeline.begin(), s.timeline.end(), [](const wm::TimelineEntry &a, const wm::TimelineEntry &b) { return a.at < b.at; });
    return s;
}

} // namespace wm::gui
