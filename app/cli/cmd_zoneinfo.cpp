// `watermark-explorer zoneinfo FILE|- [--min-free-kbytes K] [--watermark-scale-factor S] [--json]`
// Recomputes every zone's watermarks from a /proc/zoneinfo file and explains the differences
// (core/zoneinfo/checker.h). Exit 0: every zone exact; 1: some zone is not; 2: bad input.
#include "cli/clicommon.h"
#include "cli/commands.h"
#include "cli/texttable.h"
#include "cli/zoneinfoarchive.h"
#include "recording/pcp_archive.h"

#include "scenario/params.h"
#include "zoneinfo/checker.h"
#include "zoneinfo/parser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

namespace wm::cli {

namespace {

struct ZoneinfoArgs {
    QString file;
    std::optional<std::int64_t> minFreeKbytes;
    std::optional<std::int64_t> watermarkScaleFactor;
    bool json = false;
};

const char *const kUsage
    = "usage: watermark-explorer zoneinfo FILE|- [--min-free-kbytes K] [--watermark-scale-factor S] [--json]\n";

// Parses "--name V" or "--name=V" as an integer in [lo, hi]; advances i.
bool takeInt(const QStringList &args, int &i, const QString &name, std::int64_t lo, std::int64_t hi,
    std::optional<std::int64_t> &out, QString &error)
{
    const QString a = args[i];
    QString value;
    if (a == name) {
        if (i + 1 >= args.size()) {
            error = name + QStringLiteral(" needs a value");
            return false;
        }
        value = args[++i];
    } else {
        value = a.mid(name.size() + 1);
    }
    bool ok = false;
    const qlonglong v = value.toLongLong(&ok);
    if (!ok || v < lo || v > hi) {
        error = QStringLiteral("%1: expected an integer in [%2, %3], got \"%4\"").arg(name).arg(lo).arg(hi).arg(value);
        return false;
    }
    out = static_cast<std::int64_t>(v);
    return true;
}

bool parseArgs(const QStringList &args, ZoneinfoArgs &out, QString &error)
{
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        const QString mfk = QStringLiteral("--min-free-kbytes"), wsf = QStringLiteral("--watermark-scale-factor");
        if (a == QLatin1String("--json")) {
            out.json = true;
        } else if (a == mfk || a.startsWith(mfk + QLatin1Char('='))) {
            if (!takeInt(args, i, mfk, 0, kSysctlIntMax, out.minFreeKbytes, error))
                return false;
        } else if (a == wsf || a.startsWith(wsf + QLatin1Char('='))) {
            if (!takeInt(args, i, wsf, kWatermarkScaleFactorMin, kWatermarkScaleFactorMax, out.watermarkScaleFactor, error))
                return false;
        } else if (a.startsWith(QLatin1Char('-')) && a != QLatin1String("-")) {
            error = QStringLiteral("unknown option \"%1\"").arg(a);
            return false;
        } else if (out.file.isEmpty()) {
            out.file = a;
        } else {
            error = QStringLiteral("more than one FILE given (\"%1\", \"%2\")").arg(out.file, a);
            return false;
        }
    }
    if (out.file.isEmpty()) {
        error = QStringLiteral("missing FILE (use - for standard input)");
        return false;
    }
    return true;
}

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}
QString q(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

void printDiagnostics(const ZoneinfoParseResult &parsed, const std::string &text)
{
    QTextStream err(stderr);
    for (const auto &d : parsed.errors)
        err << q(formatDiagnostic(d, text)) << '\n';
}

void printWarnings(const ZoneinfoParseResult &parsed)
{
    QTextStream err(stderr);
    for (const auto &d : parsed.warnings) {
        QString where = q(d.file.empty() ? std::string("<input>") : d.file);
        if (d.line > 0)
            where += QStringLiteral(":%1:%2").arg(d.line).arg(d.column);
        err << where << ": warning: " << (d.path.empty() ? QString() : q(d.path) + QStringLiteral(": ")) << q(d.message) << '\n';
    }
}

QJsonValue optionalJson(const std::optional<pages_t> &v)
{
    return v ? QJsonValue(static_cast<qint64>(*v)) : QJsonValue();
}

QJsonObject toJson(const ZoneinfoParseResult &parsed, const ZoneinfoCheckResult &r)
{
    QJsonObject root;
    root[QStringLiteral("file")] = q(parsed.fileName);
    QJsonObject sysctls;
    sysctls[QStringLiteral("min_free_kbytes")] = static_cast<qint64>(r.sysctls.minFreeKbytes);
    sysctls[QStringLiteral("watermark_scale_factor")] = static_cast<qint64>(r.sysctls.watermarkScaleFactor);
    sysctls[QStringLiteral("source")] = q(sysctlSourceName(r.sysctls.source()));
    QJsonObject sources;
    sources[QStringLiteral("min_free_kbytes")] = q(sysctlSourceName(r.sysctls.minFreeKbytesSource));
    sources[QStringLiteral("watermark_scale_factor")] = q(sysctlSourceName(r.sysctls.watermarkScaleFactorSource));
    sysctls[QStringLiteral("sources")] = sources;
    root[QStringLiteral("sysctls")] = sysctls;

    QJsonArray zones;
    for (const auto &c : r.zones) {
        QJsonObject z;
        z[QStringLiteral("node")] = c.node;
        z[QStringLiteral("zone")] = q(c.zone);
        z[QStringLiteral("managed")] = static_cast<qint64>(c.managed);
        QJsonObject obs;
        obs[QStringLiteral("min")] = static_cast<qint64>(c.observedMin);
        obs[QStringLiteral("low")] = static_cast<qint64>(c.observedLow);
        obs[QStringLiteral("high")] = static_cast<qint64>(c.observedHigh);
        obs[QStringLiteral("boost")] = optionalJson(c.observedBoost);
        if (c.observedPromo)
            obs[QStringLiteral("promo")] = static_cast<qint64>(*c.observedPromo);
        z[QStringLiteral("observed")] = obs;
        QJsonObject comp;
        comp[QStringLiteral("min")] = static_cast<qint64>(c.computed.min());
        comp[QStringLiteral("low")] = static_cast<qint64>(c.computed.low());
        comp[QStringLiteral("high")] = static_cast<qint64>(c.computed.high());
        comp[QStringLiteral("promo")] = static_cast<qint64>(c.computed.promo());
        z[QStringLiteral("computed")] = comp;
        z[QStringLiteral("verdict")] = q(zoneVerdictName(c.verdict));
        if (c.verdict == ZoneVerdict::Boost) {
            z[QStringLiteral("boost_pages")] = static_cast<qint64>(c.boostPages);
            z[QStringLiteral("stale_boost")] = c.staleBoost;
        }
        if (c.driftPages) {
            z[QStringLiteral("drift_pages")] = static_cast<qint64>(*c.driftPages);
            z[QStringLiteral("managed_at_setup")] = optionalJson(c.managedAtSetup);
        }
        if (!c.formula.empty())
            z[QStringLiteral("formula")] = q(c.formula);
        z[QStringLiteral("explanation")] = q(c.explanation);
        z[QStringLiteral("protection_exact")] = c.protectionExact ? QJsonValue(*c.protectionExact) : QJsonValue();
        if (!c.protectionRule.empty())
            z[QStringLiteral("protection_rule")] = q(c.protectionRule);
        zones.append(z);
    }
    root[QStringLiteral("zones")] = zones;
    root[QStringLiteral("all_exact")] = r.allExact();
    return root;
}

QString toText(const ZoneinfoParseResult &parsed, const ZoneinfoCheckResult &r)
{
    QString out;
    const auto &s = r.sysctls;
    out += QStringLiteral("zoneinfo: %1\n").arg(q(parsed.fileName));
    out += QStringLiteral("sysctls: min_free_kbytes %1 (%2), watermark_scale_factor %3 (%4)\n\n")
               .arg(s.minFreeKbytes)
               .arg(q(sysctlSourceName(s.minFreeKbytesSource)))
               .arg(s.watermarkScaleFactor)
               .arg(q(sysctlSourceName(s.watermarkScaleFactorSource)));
    QList<QStringList> rows;
    rows.append({QStringLiteral("node"), QStringLiteral("zone"), QStringLiteral("managed"), QStringLiteral("min"),
        QStringLiteral("low"), QStringLiteral("high"), QStringLiteral("boost"), QStringLiteral("calc min"),
        QStringLiteral("calc low"), QStringLiteral("calc high"), QStringLiteral("verdict"), QStringLiteral("protection")});
    for (const auto &c : r.zones) {
        QString verdict = q(zoneVerdictName(c.verdict));
        if (c.verdict == ZoneVerdict::Boost)
            verdict += QStringLiteral(" %1").arg(c.boostPages);
        else if (c.verdict == ZoneVerdict::Drift && c.driftPages)
            verdict += QStringLiteral(" %1%2").arg(*c.driftPages > 0 ? QStringLiteral("+") : QString()).arg(*c.driftPages);
        const QString prot = !c.protectionExact ? QStringLiteral("-")
            : *c.protectionExact                ? QStringLiteral("exact (%1)").arg(q(c.protectionRule))
                                                : QStringLiteral("differs");
        rows.append({QString::number(c.node), q(c.zone), QString::number(c.managed), QString::number(c.observedMin),
            QString::number(c.observedLow), QString::number(c.observedHigh),
            c.observedBoost ? QString::number(*c.observedBoost) : QStringLiteral("-"), QString::number(c.computed.min()),
            QString::number(c.computed.low()), QString::number(c.computed.high()), verdict, prot});
    }
    out += textTable(rows, {true, false, true, true, true, true, true, true, true, true, false, false});
    out += QLatin1Char('\n');
    for (const auto &c : r.zones)
        out += QStringLiteral("Node %1, %2: %3: %4\n")
                   .arg(c.node)
                   .arg(q(c.zone), q(zoneVerdictName(c.verdict)), q(c.explanation));
    qsizetype notExact = 0;
    for (const auto &c : r.zones)
        notExact += (c.verdict != ZoneVerdict::Exact && c.verdict != ZoneVerdict::LegacyFormula) ? 1 : 0;
    out += QLatin1Char('\n');
    out += notExact == 0 ? QStringLiteral("All %1 zones reproduce exactly.\n").arg(r.zones.size())
                         : QStringLiteral("%1 of %2 zones do not reproduce exactly.\n").arg(notExact).arg(r.zones.size());
    // Each zone's min is min_free_kbytes times its share of all lowmem zones'
    // managed pages, so one zone's fit depends on the others': the fits above
    // each hold the other zones as printed, and do not add up.
    qsizetype drifted = 0;
    for (const auto &c : r.zones)
        drifted += c.managedAtSetup ? 1 : 0;
    if (drifted > 1)
        out += QStringLiteral("The %1 managed-page fits each hold the other zones as printed; a zone's min depends on every "
                              "zone's share of min_free_kbytes, so the fits are not jointly exact.\n")
                   .arg(drifted);
    return out;
}

} // namespace

int cmdZoneinfo(const QStringList &args)
{
    QTextStream err(stderr);
    ZoneinfoArgs a;
    QString error;
    if (args.contains(QLatin1String("-h")) || args.contains(QLatin1String("--help"))) {
        printOut(QString::fromLatin1(kUsage));
        return kExitOk;
    }
    if (!parseArgs(args, a, error)) {
        err << "zoneinfo: " << error << '\n' << kUsage;
        return kExitBadInput;
    }
    const std::string path = a.file.toStdString();
    if (path != "-" && recording::looksLikePcpArchive(path)) { // a recording: every sample checked
        ZoneinfoSysctlValues flags;
        flags.minFreeKbytes = a.minFreeKbytes;
        flags.watermarkScaleFactor = a.watermarkScaleFactor;
        return checkZoneinfoArchive(a.file, flags, a.json);
    }
    std::string text, readError;
    if (!readZoneinfoFile(path, text, readError)) {
        err << q(readError) << '\n';
        return kExitBadInput;
    }
    const auto parsed = parseZoneinfo(text, path == "-" ? std::string("<stdin>") : path);
    printWarnings(parsed);
    if (!parsed.ok()) {
        printDiagnostics(parsed, text);
        return kExitBadInput;
    }
    ZoneinfoCheckOptions options;
    options.flags.minFreeKbytes = a.minFreeKbytes;
    options.flags.watermarkScaleFactor = a.watermarkScaleFactor;
    if (isLiveZoneinfoPath(path))
        options.proc = readProcSysctls();
    const auto result = checkZoneinfo(parsed, options);

    if (a.json)
        printOut(QString::fromUtf8(QJsonDocument(toJson(parsed, result)).toJson(QJsonDocument::Indented)));
    else
        printOut(toText(parsed, result));
    return result.allExact() ? kExitOk : kExitCheckFailed;
}

} // namespace wm::cli
