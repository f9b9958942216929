#pragma once
// Where the scenarios and lessons that come with the program are found at run
// time, so that `watermark-explorer run lessons/01-watermarks.yaml` works from
// any folder once the program is installed (docs/architecture.md, "Installed
// files").
#include <QString>
#include <QStringList>

namespace wm {

// The folders holding the shipped scenarios, most specific first:
// <executable>/../share/watermark-explorer/scenarios (an installed tree,
// wherever its prefix is), the XDG data folders' watermark-explorer/scenarios
// (/usr/share, /usr/local/share, ~/.local/share), and, when the executable runs
// from its CMake build tree, the source tree's scenarios/. Only existing folders.
QStringList shippedScenarioDirs();

// `path` as given when it names an existing file or is absolute; otherwise the
// first shipped scenario of that relative name; otherwise `path` unchanged (the
// loader then reports that it cannot be read, with its own message).
QString resolveScenarioPath(const QString &path);

} // namespace wm
