#include "cli/commands.h"

#include <array>

namespace wm::cli {

namespace {
// One line per subcommand; add yours here.
const std::array kCommands {
    Command {"run", cmdRun,
        "run SCENARIO.yaml [--policy ID] [--seed N] [--duration T] [--set key=value]... [--json] [--out DIR] [--snapshot-at T]"},
    Command {"compare", cmdCompare,
        "compare SCENARIO.yaml --policies ID,ID,... [--seeds N] [--duration T] [--set key=value]... [--json] [--out DIR]"},
    Command {"validate", cmdValidate, "validate SCENARIO.yaml"},
    Command {"zoneinfo", cmdZoneinfo, "zoneinfo FILE|- [--min-free-kbytes K] [--watermark-scale-factor S] [--json]"},
    Command {"import-zoneinfo", cmdImportZoneinfo,
        "import-zoneinfo FILE -o SCENARIO.yaml [--force] [--min-free-kbytes K] [--watermark-scale-factor S]"},
    Command {"sweep", cmdSweep,
        "sweep SCENARIO.yaml --param NAME=A:B:STEP [--param ...] [--metric M] [--seeds N] [--policy ID] [--duration T] [--set "
        "key=value]... [--jobs N] [--json] [--out DIR] [--plan] [--merge DIR...]"},
};
} // namespace

const Command *findCommand(const QString &name)
{
    for (const auto &c : kCommands)
        if (name == QLatin1String(c.name))
            return &c;
    return nullptr;
}

QString usageText()
{
    QString s = QStringLiteral("usage: watermark-explorer [SCENARIO.yaml] [--play] [--speed X]   (GUI)\n");
    for (const auto &c : kCommands)
        s += QStringLiteral("       watermark-explorer ") + QLatin1String(c.synopsis) + QLatin1Char('\n');
    return s;
}

} // namespace wm::cli
