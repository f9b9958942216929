#pragma once
// Open and save scenario files from the GUI: file dialogs, the loader's
// diagnostics in a dialog on errors, the writer on save.
#include "scenario/scenario.h"

#include <QString>

#include <optional>

QT_FORWARD_DECLARE_CLASS(QWidget)

namespace wm::gui {

class ScenarioFiles
{
public:
    static QString askOpenPath(QWidget *parent);
    // Loads `path` (or ":/..." resources); on errors shows the diagnostics and returns nullopt.
    static std::optional<wm::Scenario> load(QWidget *parent, const QString &path);
    // Loads without any dialog; fills `errors` with formatted diagnostics.
    static std::optional<wm::Scenario> loadQuiet(const QString &path, QString *errors);
    static bool save(QWidget *parent, const wm::Scenario &scenario);
};

} // namespace wm::gui
