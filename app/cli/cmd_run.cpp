// watermark-explorer run SCENARIO.yaml [--policy ID] [--seed N] [--duration T]
//                        [--set key=value]... [--json] [--out DIR] [--snapshot-at T]
#include "cli/clicommon.h"
#include "cli/commands.h"
#include "cli/runoutputs.h"
#include "cli/runreport.h"
#include "scenario/params.h"
#include "scenario/units.h"
#include "sim/simulation.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>

namespace wm::cli {

int cmdRun(const QStringList &args)
{
    ArgReader r(args);
    QString file, value, error, outDir;
    Overrides ov;
    bool json = false;
    std::vector<usec_t> snapshotAt; // --snapshot-at T (repeatable; needs --out)
    while (!r.atEnd()) {
        if (r.flag(QStringLiteral("--json"))) {
            json = true;
        } else if (r.single(QStringLiteral("--policy"), value, error)) {
            ov.policy = value;
        } else if (r.single(QStringLiteral("--seed"), value, error)) {
            ov.seed = value;
        } else if (r.single(QStringLiteral("--duration"), value, error)) {
            ov.duration = value;
        } else if (r.single(QStringLiteral("--out"), value, error)) {
            outDir = value;
        } else if (r.option(QStringLiteral("--snapshot-at"), value, error)) {
            usec_t t = 0;
            if (error.isEmpty() && (error = parseSnapshotAt(value, t)).isEmpty())
                snapshotAt.push_back(t);
        } else if (r.option(QStringLiteral("--set"), value, error)) {
            addSetOverride(value, ov, error);
        } else {
            const QString a = r.next();
            if (a.startsWith(QLatin1String("--")) || !file.isEmpty()) {
                printError(QStringLiteral("error: run: unexpected argument '%1'\nusage: %2")
                               .arg(a, QLatin1String(findCommand(QStringLiteral("run"))->synopsis)));
                return kExitBadInput;
            }
            file = a;
        }
        if (!error.isEmpty()) {
            printError(QStringLiteral("error: ") + error);
            return kExitBadInput;
        }
    }
    if (file.isEmpty()) {
        printError(
            QStringLiteral("usage: watermark-explorer %1").arg(QLatin1String(findCommand(QStringLiteral("run"))->synopsis)));
        return kExitBadInput;
    }
    auto scenario = loadScenarioOrReport(file);
    if (!scenario || !applyOverrides(*scenario, ov) || !checkOutDir(QStringLiteral("run"), outDir, *scenario))
        return kExitBadInput;

    if (!snapshotAt.empty() && outDir.isEmpty()) {
        printError(QStringLiteral("error: --snapshot-at needs --out DIR"));
        return kExitBadInput;
    }
    for (const usec_t t : snapshotAt)
        if (t > scenario->duration) {
            printError(
                QStringLiteral("error: --snapshot-at %1 is after the end of the run (%2)")
                    .arg(QString::fromStdString(formatDuration(t)), QString::fromStdString(formatDuration(scenario->duration))));
            return kExitBadInput;
        }
    QElapsedTimer timer;
    timer.start();
    Simulation sim(*scenario, outDir.isEmpty() ? SimOptions {} : runOutputsSimOptions(*scenario));
    const auto snapshots = runWithSnapshots(sim, snapshotAt);
    const double wall = static_cast<double>(timer.nsecsElapsed()) / 1e9;

    if (json)
        printOut(QString::fromUtf8(QJsonDocument(runReportJson(sim, wall)).toJson(QJsonDocument::Indented)));
    else
        printOut(runReportText(sim, wall));
    if (!outDir.isEmpty())
        return writeRunOutputs(outDir, sim, wall, snapshots, QCoreApplication::arguments());
    return kExitOk;
}

} // namespace wm::cli
