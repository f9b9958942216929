// watermark-explorer recording ARCHIVE [--json]: what a PCP archive holds of the machine's
// zones, watermarks and reclaim counters, as the window and `zoneinfo ARCHIVE` see it.
#include "cli/clicommon.h"
#include "cli/commands.h"
#include "cli/recordingsummary.h"
#include "recording/pcp_archive.h"

#include <QJsonDocument>

namespace wm::cli {

int cmdRecording(const QStringList &args)
{
    ArgReader r(args);
    QString file;
    bool json = false, csv = false;
    while (!r.atEnd()) {
        if (r.flag(QStringLiteral("--json"))) {
            json = true;
            continue;
        }
        if (r.flag(QStringLiteral("--csv"))) {
            csv = true;
            continue;
        }
        const QString a = r.next();
        if (a.startsWith(QLatin1Char('-')) || !file.isEmpty()) {
            printError(QStringLiteral("error: recording: unexpected argument '%1'\nusage: watermark-explorer %2")
                           .arg(a, QLatin1String(findCommand(QStringLiteral("recording"))->synopsis)));
            return kExitBadInput;
        }
        file = a;
    }
    if (file.isEmpty()) {
        printError(QStringLiteral("usage: watermark-explorer %1")
                       .arg(QLatin1String(findCommand(QStringLiteral("recording"))->synopsis)));
        return kExitBadInput;
    }
    const auto res = recording::readPcpArchive(file.toStdString());
    if (!res.ok()) {
        for (const auto &d : res.errors)
            printError(QString::fromStdString(formatDiagnostic(d, {})));
        return kExitBadInput;
    }
    if (json && csv) {
        printError(QStringLiteral("error: recording: --json and --csv exclude each other"));
        return kExitBadInput;
    }
    if (csv) {
        printOut(recordingCsv(*res.recording));
        return kExitOk;
    }
    const RecordingSummary s = summarizeRecording(*res.recording);
    if (json)
        printOut(QString::fromUtf8(QJsonDocument(recordingSummaryJson(*res.recording, s)).toJson(QJsonDocument::Indented)));
    else
        printOut(recordingSummaryText(*res.recording, s));
    return kExitOk;
}

} // namespace wm::cli
