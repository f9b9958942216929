// watermark-explorer fit ARCHIVE -o SCENARIO.yaml [--force]: the scenario that reproduces a recording.
#include "cli/clicommon.h"
#include "cli/commands.h"
#include "export/atomicfile.h"
#include "recording/fit.h"
#include "recording/pcp_archive.h"
#include "scenario/loader.h"

#include <QFileInfo>

namespace wm::cli {

int cmdFit(const QStringList &args)
{
    ArgReader r(args);
    QString archive, output, value, error;
    bool force = false;
    while (!r.atEnd()) {
        if (r.option(QStringLiteral("-o"), value, error) || r.option(QStringLiteral("--output"), value, error)) {
            if (!output.isEmpty() && error.isEmpty())
                error = QStringLiteral("fit: -o given twice");
            output = value;
        } else if (r.flag(QStringLiteral("--force"))) {
            force = true;
        } else {
            const QString a = r.next();
            if (a.startsWith(QLatin1Char('-')) || !archive.isEmpty())
                error = QStringLiteral("fit: unexpected argument '%1'").arg(a);
            else
                archive = a;
        }
        if (!error.isEmpty())
            break;
    }
    if (error.isEmpty() && (archive.isEmpty() || output.isEmpty()))
        error = QStringLiteral("fit: ARCHIVE and -o SCENARIO.yaml are required");
    if (error.isEmpty()) {
        const QFileInfo out(output);
        if (out.exists() && !out.isFile())
            error = QStringLiteral("fit: %1 is not a regular file; nothing was written").arg(output);
        else if (out.exists() && !force)
            error = QStringLiteral("fit: %1 exists; add --force to replace it (nothing was written)").arg(output);
        else if (recording::looksLikePcpArchive(output.toStdString()))
            error = QStringLiteral("fit: %1 is part of a PCP archive; nothing was written").arg(output);
    }
    if (!error.isEmpty()) {
        printError(QStringLiteral("error: ") + error + QStringLiteral("\nusage: watermark-explorer ")
            + QLatin1String(findCommand(QStringLiteral("fit"))->synopsis));
        return kExitBadInput;
    }
    const auto res = recording::readPcpArchive(archive.toStdString());
    if (!res.ok()) {
        for (const auto &d : res.errors)
            printError(QString::fromStdString(formatDiagnostic(d, {})));
        return kExitBadInput;
    }
    std::string why;
    const auto fit = recording::fitScenario(*res.recording, why);
    if (!fit) {
        printError(QStringLiteral("%1: error: %2").arg(archive, QString::fromStdString(why)));
        return kExitBadInput;
    }
    const std::string yaml = recording::fitScenarioYaml(*fit, archive.toStdString());
    // What is written must load back (it is a scenario like any other).
    const auto reloaded = loadScenarioText(yaml, output.toStdString());
    if (!reloaded.ok()) {
        for (const auto &d : reloaded.diagnostics)
            printError(QString::fromStdString(formatDiagnostic(d, yaml)));
        printError(QStringLiteral("error: fit: the fitted scenario does not load (a bug); nothing was written"));
        return kExitBadInput;
    }
    if (const QString e = exporter::writeFileAtomic(output, QByteArray::fromStdString(yaml)); !e.isEmpty()) {
        printError(QStringLiteral("error: fit: ") + e);
        return kExitBadInput;
    }
    QString text = QStringLiteral("fitted %1 to %2:\n").arg(archive, output);
    for (const auto &v : fit->values)
        text += QStringLiteral("  %1 = %2\n      %3\n")
                    .arg(QString::fromStdString(v.name), QString::fromStdString(v.value), QString::fromStdString(v.how));
    for (const auto &l : fit->limits)
        text += QStringLiteral("  limit: %1\n").arg(QString::fromStdString(l));
    text += QStringLiteral("compare: watermark-explorer distance %1 --scenario %2\n").arg(archive, output);
    printOut(text);
    return kExitOk;
}

} // namespace wm::cli
