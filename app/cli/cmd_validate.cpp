// watermark-explorer validate SCENARIO.yaml: exit 0, or 2 with every diagnostic.
#include "cli/clicommon.h"
#include "cli/commands.h"

namespace wm::cli {

int cmdValidate(const QStringList &args)
{
    if (args.size() != 1 || args.front().startsWith(QLatin1String("--"))) {
        printError(QStringLiteral("usage: watermark-explorer validate SCENARIO.yaml"));
        return kExitBadInput;
    }
    const auto scenario = loadScenarioOrReport(args.front());
    if (!scenario)
        return kExitBadInput;
    printOut(QStringLiteral("%1: ok (%2 node(s), %3 source(s), %4 timeline entr%5, policy %6)\n")
                 .arg(args.front())
                 .arg(scenario->nodes.size())
                 .arg(scenario->sources.size())
                 .arg(scenario->timeline.size())
                 .arg(scenario->timeline.size() == 1 ? QStringLiteral("y") : QStringLiteral("ies"))
                 .arg(QString::fromStdString(scenario->policy.id)));
    return kExitOk;
}

} // namespace wm::cli
