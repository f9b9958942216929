#pragma once
// Open and save scenario files from the GUI: file dialogs, the loader's
// diagnostics in a dialog on errors, the writer on save.
#include "scenario/scenario.h"

#include <QString>

#include <QStringList>

#include <optional>

QT_FORWARD_DECLARE_CLASS(QWidget)

namespace wm::gui {

class ScenarioFiles
{
public:
    static QString askOpenPath(QWidget *parent);
    // Loads `path` (or ":/..." resources); on errors shows the diagnostics and returns nullopt.
    // `consequence` completes "FILE has errors; ..." (what happens instead).
    static std::optional<wm::Scenario> load(QWidget *parent, const QString &path, const QString &consequence = QString());
    // Loads without any dialog; fills `errors` with formatted diagnostics.
    static std::optional<wm::Scenario> loadQuiet(const QString &path, QString *errors);
    static bool save(QWidget *parent, const wm::Scenario &scenario);
    // Writes `scenario` as YAML to `path` (atomically); "" or an error.
    static QString saveTo(const QString &path, const wm::Scenario &scenario);

    // /proc/zoneinfo import (as `watermark-explorer import-zoneinfo`): the machine
    // of the file with a default workload. The live file (/proc/zoneinfo) takes the
    // sysctls from /proc/sys/vm. Errors go to `errors` (quiet) or the diagnostics dialog.
    static QString askZoneinfoPath(QWidget *parent);
    // `notice` (optional) gets what the user should know about the file: the zones
    // whose printed watermarks the kernel's rules do not reproduce (the simulation
    // starts from the recomputed ones), empty when every zone is exact.
    static std::optional<wm::Scenario> importZoneinfoQuiet(const QString &path, QString *errors, QString *notice = nullptr);
    static std::optional<wm::Scenario> importZoneinfo(QWidget *parent, const QString &path, QString *notice = nullptr);

    // The dialog that lists a file's diagnostics (object name "scenarioDiagnostics";
    // the text is in the QPlainTextEdit "diagnosticsText"). Modal.
    static void showDiagnostics(QWidget *parent, const QString &path, const QString &text, const QString &title = QString(),
        const QString &consequence = QString());
};

} // namespace wm::gui
