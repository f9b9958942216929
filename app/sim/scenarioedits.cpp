#include "sim/scenarioedits.h"

#include "scenario/params.h"

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

std::size_t timelineSetsPassed(const wm::Scenario &original, wm::usec_t now)
{
    return static_cast<std::size_t>(std::count_if(original.timeline.begin(), original.timeline.end(),
        [now](const wm::TimelineEntry &t) { return t.kind == wm::TimelineKind::Set && t.at < now; }));
}

wm::Scenario scenarioAt(const wm::Scenario &original, const std::vector<wm::TimelineEntry> &applied, wm::usec_t now)
{
    std::vector<wm::TimelineEntry> sets;
    for (const auto &t : original.timeline)
        if (t.kind == wm::TimelineKind::Set && t.at < now)
            sets.push_back(t);
    // An edit made at time T is applied before the tick that starts at T, so
    // before a file entry at T: edits first among equal times.
    std::vector<wm::TimelineEntry> edits;
    for (const auto &e : applied)
        if (e.kind == wm::TimelineKind::Set && e.at <= now)
            edits.push_back(e);
    std::vector<wm::TimelineEntry> all = edits;
    all.insert(all.end(), sets.begin(), sets.end());
    std::stable_sort(all.begin(), all.end(), [](const wm::TimelineEntry &a, const wm::TimelineEntry &b) { return a.at < b.at; });
    wm::Scenario s = original;
    for (const auto &e : all)
        wm::applyParam(s, e.key, e.value); // each was accepted by the simulation
    return s;
}

} // namespace wm::gui
