// watermark-explorer distance ARCHIVE [--scenario S] [--json]: the model against a recording.
#include "cli/clicommon.h"
#include "cli/commands.h"
#include "cli/texttable.h"
#include "recording/distance.h"
#include "recording/fit.h"
#include "recording/pcp_archive.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace wm::cli {

namespace {
QJsonValue optSeconds(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue();
}
QString optText(const std::optional<double> &v)
{
    return v ? QString::number(*v, 'f', 2) + QStringLiteral(" s") : QStringLiteral("never");
}
} // namespace

int cmdDistance(const QStringList &args)
{
    ArgReader r(args);
    QString archive, scenarioFile, value, error;
    bool json = false;
    while (!r.atEnd()) {
        if (r.flag(QStringLiteral("--json"))) {
            json = true;
        } else if (r.option(QStringLiteral("--scenario"), value, error)) {
            scenarioFile = value;
        } else {
            const QString a = r.next();
            if (a.startsWith(QLatin1Char('-')) || !archive.isEmpty())
                error = QStringLiteral("distance: unexpected argument '%1'").arg(a);
            else
                archive = a;
        }
        if (!error.isEmpty())
            break;
    }
    if (error.isEmpty() && archive.isEmpty())
        error = QStringLiteral("distance: ARCHIVE is required");
    if (!error.isEmpty()) {
        printError(QStringLiteral("error: ") + error + QStringLiteral("\nusage: watermark-explorer ")
            + QLatin1String(findCommand(QStringLiteral("distance"))->synopsis));
        return kExitBadInput;
    }
    const auto res = recording::readPcpArchive(archive.toStdString());
    if (!res.ok()) {
        for (const auto &d : res.errors)
            printError(QString::fromStdString(formatDiagnostic(d, {})));
        return kExitBadInput;
    }
    Scenario s;
    QString source;
    if (!scenarioFile.isEmpty()) {
        auto loaded = loadScenarioOrReport(scenarioFile);
        if (!loaded)
            return kExitBadInput;
        s = std::move(*loaded);
        source = scenarioFile;
    } else {
        std::string why;
        auto fit = recording::fitScenario(*res.recording, why);
        if (!fit) {
            printError(QStringLiteral("%1: error: %2").arg(archive, QString::fromStdString(why)));
            return kExitBadInput;
        }
        s = std::move(fit->scenario);
        source = QStringLiteral("the fitted scenario (watermark-explorer fit)");
    }
    const auto rep = recording::measureDistance(*res.recording, s, nullptr);
    if (json) {
        QJsonArray zones, counters;
        for (const auto &z : rep.zones)
            zones.append(QJsonObject {{QStringLiteral("node"), z.node}, {QStringLiteral("zone"), QString::fromStdString(z.zone)},
                {QStringLiteral("gap_pages"), z.gapPages}, {QStringLiteral("rms_free_pages"), z.rmsFreePages},
                {QStringLiteral("rms_relative_to_gap"), z.rmsRelative()}, {QStringLiteral("worst_free_pages"), z.worstFreePages},
                {QStringLiteral("worst_at_s"), z.worstAtSeconds}, {QStringLiteral("recorded_below_low_s"), z.recordedBelowLowS},
                {QStringLiteral("model_below_low_s"), z.modelBelowLowS},
                {QStringLiteral("recorded_below_min_s"), z.recordedBelowMinS},
                {QStringLiteral("model_below_min_s"), z.modelBelowMinS},
                {QStringLiteral("samples"), static_cast<qint64>(z.samplesCompared)},
                {QStringLiteral("within"), z.gapPages <= 0 || z.rmsRelative() <= rep.freeRmsTolerance}});
        for (const auto &c : rep.counters)
            counters.append(QJsonObject {{QStringLiteral("name"), QString::fromStdString(c.name)},
                {QStringLiteral("recorded"), static_cast<qint64>(c.recorded)},
                {QStringLiteral("model"), static_cast<qint64>(c.model)}, {QStringLiteral("relative"), c.relative()},
                {QStringLiteral("tolerance"), c.tolerance ? QJsonValue(*c.tolerance) : QJsonValue()},
                {QStringLiteral("within"), c.within()}});
        printOut(QString::fromUtf8(QJsonDocument(
            QJsonObject {{QStringLiteral("recording"), archive}, {QStringLiteral("scenario"), source},
                {QStringLiteral("free_rms_tolerance"), rep.freeRmsTolerance}, {QStringLiteral("zones"), zones},
                {QStringLiteral("counters"), counters},
                {QStringLiteral("recorded_first_kswapd_s"), optSeconds(rep.recordedFirstKswapdS)},
                {QStringLiteral("model_first_kswapd_s"), optSeconds(rep.modelFirstKswapdS)},
                {QStringLiteral("simulated_s"), rep.simulatedSeconds}, {QStringLiteral("wall_s"), rep.wallSeconds},
                {QStringLiteral("within"),
                    rep.within()}}).toJson(QJsonDocument::Indented)));
    } else {
        QString out = QStringLiteral("recording  %1\nmodel      %2 (%3 s simulated in %4 s)\n\n")
                          .arg(archive, source)
                          .arg(rep.simulatedSeconds, 0, 'f', 1)
                          .arg(rep.wallSeconds, 0, 'f', 2);
        QList<QStringList> rows;
        rows.append({QStringLiteral("node/zone"), QStringLiteral("high-min"), QStringLiteral("free RMS"), QStringLiteral("/gap"),
            QStringLiteral("worst"), QStringLiteral("at s"), QStringLiteral("<low s rec"), QStringLiteral("model"),
            QStringLiteral("<min s rec"), QStringLiteral("model"), QStringLiteral("")});
        for (const auto &z : rep.zones)
            rows.append({QStringLiteral("%1/%2").arg(z.node).arg(QString::fromStdString(z.zone)),
                QString::number(z.gapPages, 'f', 0), QString::number(z.rmsFreePages, 'f', 0),
                QString::number(z.rmsRelative(), 'f', 2), QString::number(z.worstFreePages, 'f', 0),
                QString::number(z.worstAtSeconds, 'f', 1), QString::number(z.recordedBelowLowS, 'f', 2),
                QString::number(z.modelBelowLowS, 'f', 2), QString::number(z.recordedBelowMinS, 'f', 2),
                QString::number(z.modelBelowMinS, 'f', 2),
                z.gapPages <= 0 || z.rmsRelative() <= rep.freeRmsTolerance ? QStringLiteral("ok") : QStringLiteral("BEYOND")});
        out += textTable(rows, {false, true, true, true, true, true, true, true, true, true, false});
        out += QStringLiteral("\n");
        QList<QStringList> crow;
        crow.append({QStringLiteral("counter"), QStringLiteral("recorded"), QStringLiteral("model"),
            QStringLiteral("model/rec-1"), QStringLiteral("tolerance"), QStringLiteral("")});
        for (const auto &c : rep.counters)
            crow.append({QString::fromStdString(c.name), QString::number(c.recorded), QString::number(c.model),
                QStringLiteral("%1%2 %")
                    .arg(c.relative() >= 0 ? QStringLiteral("+") : QString())
                    .arg(100 * c.relative(), 0, 'f', 1),
                c.tolerance ? QStringLiteral("%1 %").arg(100 * *c.tolerance, 0, 'f', 0) : QStringLiteral("-"),
                c.within() ? (c.tolerance ? QStringLiteral("ok") : QString()) : QStringLiteral("BEYOND")});
        out += textTable(crow, {false, true, true, true, true, false});
        out += QStringLiteral("\nfirst kswapd run: recorded %1, model %2\n")
                   .arg(optText(rep.recordedFirstKswapdS), optText(rep.modelFirstKswapdS));
        out += QStringLiteral("tolerances: free pages RMS within %1 % of the zone's high - min; pgsteal_kswapd within 10 %; "
                              "kswapd runs (pageoutrun) within 20 %.\n%2\n")
                   .arg(100 * rep.freeRmsTolerance, 0, 'f', 0)
                   .arg(
                       rep.within() ? QStringLiteral("Within every tolerance.") : QStringLiteral("Beyond a tolerance (exit 1)."));
        printOut(out);
    }
    return rep.within() ? kExitOk : kExitCheckFailed;
}

} // namespace wm::cli
