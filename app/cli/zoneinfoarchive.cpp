#include "cli/zoneinfoarchive.h"

#include "cli/clicommon.h"
#include "cli/commands.h"
#include "recording/pcp_archive.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <map>
#include <sstream>

namespace wm::cli {

namespace {

// Everything checkZoneinfo() reads of a sample, so an unchanged sample reuses the last verdicts.
std::string inputsKey(const ZoneinfoParseResult &p)
{
    std::ostringstream k;
    for (const auto &z : p.zones) {
        k << z.node << z.name << ':' << z.managed << ',' << z.min << ',' << z.low << ',' << z.high << ','
          << (z.boost ? *z.boost : -1) << ',' << (z.promo ? *z.promo : -1) << ',' << (z.present ? *z.present : -1);
        if (z.protection)
            for (auto v : *z.protection)
                k << ',' << v;
        k << ';';
    }
    const auto &h = p.header;
    k << (h.minFreeKbytes ? *h.minFreeKbytes : -1) << ',' << (h.watermarkScaleFactor ? *h.watermarkScaleFactor : -1);
    if (h.lowmemReserveRatio)
        for (auto v : *h.lowmemReserveRatio)
            k << ',' << v;
    return k.str();
}

QString verdictText(const ZoneCheck &c)
{
    QString v = QString::fromUtf8(zoneVerdictName(c.verdict).data(), static_cast<qsizetype>(zoneVerdictName(c.verdict).size()));
    if (c.verdict == ZoneVerdict::Boost)
        v += QStringLiteral(" %1").arg(c.boostPages);
    else if (c.verdict == ZoneVerdict::Drift && c.driftPages)
        v += QStringLiteral(" %1%2").arg(*c.driftPages > 0 ? QStringLiteral("+") : QString()).arg(*c.driftPages);
    return v;
}

} // namespace

int checkZoneinfoArchive(const QString &path, const ZoneinfoSysctlValues &flags, bool json)
{
    const auto res = recording::readPcpArchive(path.toStdString());
    if (!res.ok()) {
        for (const auto &d : res.errors)
            printError(QString::fromStdString(formatDiagnostic(d, {})));
        return kExitBadInput;
    }
    const recording::Recording &r = *res.recording;
    ZoneinfoCheckOptions options;
    options.flags = flags;
    std::string lastKey;
    ZoneinfoCheckResult last;
    std::map<std::string, QString> verdictOf; // "node/zone" -> last verdict text
    std::map<std::string, std::map<std::string, std::size_t>> counts; // "node/zone" -> verdict name -> samples
    QJsonArray changes;
    QString text;
    bool allExact = true;
    std::size_t checked = 0;
    for (std::size_t i = 0; i < r.samples(); ++i) {
        const ZoneinfoParseResult p = recording::zoneinfoAt(r, i);
        if (p.zones.empty())
            continue;
        ++checked;
        const std::string key = inputsKey(p);
        if (key != lastKey) {
            last = checkZoneinfo(p, options);
            lastKey = key;
        }
        for (const auto &c : last.zones) {
            const std::string zone = std::to_string(c.node) + "/" + c.zone;
            const QString v = verdictText(c);
            ++counts[zone][std::string(zoneVerdictName(c.verdict))];
            allExact = allExact && (c.verdict == ZoneVerdict::Exact || c.verdict == ZoneVerdict::LegacyFormula);
            const auto it = verdictOf.find(zone);
            if (it != verdictOf.end() && it->second == v)
                continue;
            const QString from = it == verdictOf.end() ? QString() : it->second;
            verdictOf[zone] = v;
            text += QStringLiteral("%1 s  %2  %3%4 (managed %5, min/low/high %6/%7/%8): %9\n")
                        .arg(r.seconds[i], 10, 'f', 3)
                        .arg(QString::fromStdString(zone), -12)
                        .arg(from.isEmpty() ? QString() : from + QStringLiteral(" -> "), v)
                        .arg(c.managed)
                        .arg(c.observedMin)
                        .arg(c.observedLow)
                        .arg(c.observedHigh)
                        .arg(QString::fromStdString(c.explanation));
            changes.append(QJsonObject {{QStringLiteral("at_s"), r.seconds[i]}, {QStringLiteral("node"), c.node},
                {QStringLiteral("zone"), QString::fromStdString(c.zone)}, {QStringLiteral("from"), from},
                {QStringLiteral("to"), v}, {QStringLiteral("managed"), static_cast<qint64>(c.managed)},
                {QStringLiteral("explanation"), QString::fromStdString(c.explanation)}});
        }
    }
    if (checked == 0) {
        printError(QStringLiteral("%1: error: no sample holds a zone's managed, min, low and high").arg(path));
        return kExitBadInput;
    }
    const auto &s = last.sysctls;
    const QString sysctls = QStringLiteral("min_free_kbytes %1 (%2), watermark_scale_factor %3 (%4)")
                                .arg(s.minFreeKbytes)
                                .arg(QString::fromUtf8(sysctlSourceName(s.minFreeKbytesSource).data()))
                                .arg(s.watermarkScaleFactor)
                                .arg(QString::fromUtf8(sysctlSourceName(s.watermarkScaleFactorSource).data()));
    if (json) {
        QJsonObject zones;
        for (const auto &[zone, byVerdict] : counts) {
            QJsonObject o;
            for (const auto &[v, n] : byVerdict)
                o.insert(QString::fromStdString(v), static_cast<qint64>(n));
            zones.insert(QString::fromStdString(zone), o);
        }
        printOut(QString::fromUtf8(QJsonDocument(
            QJsonObject {{QStringLiteral("recording"), path}, {QStringLiteral("samples_checked"), static_cast<qint64>(checked)},
                {QStringLiteral("sysctls_at_end"), sysctls}, {QStringLiteral("changes"), changes},
                {QStringLiteral("samples_by_verdict"), zones}, {QStringLiteral("all_exact"), allExact}})
                                       .toJson(QJsonDocument::Indented)));
    } else {
        QString out = QStringLiteral("zoneinfo: %1: %2 samples over %3 s checked\nsysctls at the end: %4\n\n")
                          .arg(path)
                          .arg(checked)
                          .arg(r.duration(), 0, 'f', 3)
                          .arg(sysctls);
        out += QStringLiteral("Each zone's verdict at the first sample and whenever it changes:\n") + text;
        out += QStringLiteral("\nSamples by verdict:\n");
        for (const auto &[zone, byVerdict] : counts) {
            QStringList parts;
            for (const auto &[v, n] : byVerdict)
                parts << QStringLiteral("%1 %2").arg(QString::fromStdString(v)).arg(n);
            out += QStringLiteral("  %1  %2\n").arg(QString::fromStdString(zone), -12).arg(parts.join(QStringLiteral(", ")));
        }
        const auto &mfk = r.sysctls.minFreeKbytes;
        if (std::all_of(mfk.begin(), mfk.end(), [](std::int64_t v) { return v == recording::kMissing; }))
            out += QStringLiteral("\nThe archive holds no vm sysctls (pmlogger cannot log them): the check used %1.\n")
                       .arg(QString::fromUtf8(sysctlSourceName(s.minFreeKbytesSource).data()));
        printOut(out);
    }
    return allExact ? kExitOk : kExitCheckFailed;
}

} // namespace wm::cli
