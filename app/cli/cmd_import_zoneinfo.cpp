// `watermark-explorer import-zoneinfo FILE -o SCENARIO.yaml [--force] [--min-free-kbytes K] [--watermark-scale-factor S]`
// Builds a scenario reproducing the machine of a /proc/zoneinfo file (core/zoneinfo/importer.h),
// checks that it loads, and writes it atomically (export/atomicfile.h: temp file, fsync, rename).
// Exit 0: written; 2: bad input or the output cannot be written (no partial file is left).
// An existing SCENARIO.yaml is replaced only with --force, and never when it is FILE itself.
#include "cli/clicommon.h"
#include "cli/commands.h"
#include "export/atomicfile.h"

#include "scenario/loader.h"
#include "scenario/params.h"
#include "scenario/writer.h"
#include "zoneinfo/importer.h"
#include "zoneinfo/parser.h"

#include <QFileInfo>
#include <QTextStream>

namespace wm::cli {

namespace {

const char *const kUsage = "usage: watermark-explorer import-zoneinfo FILE -o SCENARIO.yaml [--force] [--min-free-kbytes K] "
                           "[--watermark-scale-factor S]\n";

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

bool takeValue(const QStringList &args, int &i, const QString &name, QString &value, QString &error)
{
    const QString a = args[i];
    if (a == name || (name == QLatin1String("--output") && a == QLatin1String("-o"))) {
        if (i + 1 >= args.size()) {
            error = a + QStringLiteral(" needs a value");
            return false;
        }
        value = args[++i];
        return true;
    }
    value = a.mid(a.indexOf(QLatin1Char('=')) + 1);
    return true;
}

bool toInt(
    const QString &name, const QString &value, std::int64_t lo, std::int64_t hi, std::optional<std::int64_t> &out, QString &error)
{
    bool ok = false;
    const qlonglong v = value.toLongLong(&ok);
    if (!ok || v < lo || v > hi) {
        error = QStringLiteral("%1: expected an integer in [%2, %3], got \"%4\"").arg(name).arg(lo).arg(hi).arg(value);
        return false;
    }
    out = static_cast<std::int64_t>(v);
    return true;
}

} // namespace

int cmdImportZoneinfo(const QStringList &args)
{
    QTextStream err(stderr);
    if (args.contains(QLatin1String("-h")) || args.contains(QLatin1String("--help"))) {
        printOut(QString::fromLatin1(kUsage));
        return kExitOk;
    }
    QString file, output, error;
    ZoneinfoCheckOptions options;
    const QString mfk = QStringLiteral("--min-free-kbytes"), wsf = QStringLiteral("--watermark-scale-factor"),
                  outOpt = QStringLiteral("--output");
    bool ok = true;
    bool force = false, outputGiven = false;
    for (int i = 0; i < args.size() && ok; ++i) {
        const QString &a = args[i];
        QString value;
        if (a == QLatin1String("--force")) {
            force = true;
        } else if (a == QLatin1String("-o") || a == outOpt || a.startsWith(outOpt + QLatin1Char('='))
            || a.startsWith(QLatin1String("-o="))) {
            const bool again = !output.isEmpty() || outputGiven;
            ok = takeValue(args, i, outOpt, value, error);
            if (ok && again) {
                error = QStringLiteral("-o given twice (\"%1\", \"%2\"); give one output").arg(output, value);
                ok = false;
            } else if (ok && value.isEmpty()) {
                error = QStringLiteral("-o needs a file name (or - for standard output), got an empty one");
                ok = false;
            }
            output = value;
            outputGiven = true;
        } else if (a == mfk || a.startsWith(mfk + QLatin1Char('='))) {
            ok = takeValue(args, i, mfk, value, error) && toInt(mfk, value, 0, kSysctlIntMax, options.flags.minFreeKbytes, error);
        } else if (a == wsf || a.startsWith(wsf + QLatin1Char('='))) {
            ok = takeValue(args, i, wsf, value, error)
                && toInt(
                    wsf, value, kWatermarkScaleFactorMin, kWatermarkScaleFactorMax, options.flags.watermarkScaleFactor, error);
        } else if (a.startsWith(QLatin1Char('-')) && a != QLatin1String("-")) {
            error = QStringLiteral("unknown option \"%1\"").arg(a);
            ok = false;
        } else if (file.isEmpty()) {
            file = a;
        } else {
            error = QStringLiteral("more than one FILE given (\"%1\", \"%2\")").arg(file, a);
            ok = false;
        }
    }
    if (ok && file.isEmpty()) {
        error = QStringLiteral("missing FILE (use - for standard input)");
        ok = false;
    }
    if (ok && output.isEmpty()) {
        error = QStringLiteral("missing -o SCENARIO.yaml");
        ok = false;
    }
    if (ok && output != QLatin1String("-")) {
        // Nothing the user made is lost: not the input, not another file unasked.
        const QFileInfo out(output), in(file);
        if (file != QLatin1String("-") && in.exists() && out.exists() && out.canonicalFilePath() == in.canonicalFilePath()) {
            error = QStringLiteral("-o %1 is the input file; nothing was written").arg(output);
            ok = false;
        } else if (out.exists() && !out.isFile()) {
            // The file is written aside and renamed over the target: that would
            // replace a device, a FIFO or a directory with a regular file.
            error = QStringLiteral("%1 is not a regular file; nothing was written (use -o - for standard output)").arg(output);
            ok = false;
        } else if (out.exists() && !force) {
            error = QStringLiteral("%1 exists; add --force to replace it (nothing was written)").arg(output);
            ok = false;
        }
    }
    if (!ok) {
        err << "import-zoneinfo: " << error << '\n' << kUsage;
        return kExitBadInput;
    }

    const std::string path = file.toStdString();
    std::string text, readError;
    if (!readZoneinfoFile(path, text, readError)) {
        err << q(readError) << '\n';
        return kExitBadInput;
    }
    const auto parsed = parseZoneinfo(text, path == "-" ? std::string("<stdin>") : path);
    if (!parsed.ok()) {
        for (const auto &d : parsed.errors)
            err << q(formatDiagnostic(d, text)) << '\n';
        return kExitBadInput;
    }
    if (isLiveZoneinfoPath(path))
        options.proc = readProcSysctls();
    const auto imported = importZoneinfo(parsed, options);
    if (!imported.ok()) {
        for (const auto &d : imported.errors)
            err << q(formatDiagnostic(d, text)) << '\n';
        return kExitBadInput;
    }
    const std::string yaml = writeScenarioYaml(*imported.scenario);
    // The output must load again; never write a scenario the loader would reject.
    const auto reloaded = loadScenarioText(yaml, output.toStdString());
    if (!reloaded.ok()) {
        err << "import-zoneinfo: internal error: the generated scenario does not load; nothing written:\n";
        for (const auto &d : reloaded.diagnostics)
            err << q(formatDiagnostic(d, yaml)) << '\n';
        return kExitBadInput;
    }

    if (output == QLatin1String("-")) {
        printOut(q(yaml));
        return kExitOk;
    }
    // Written aside, flushed, fsync'ed and renamed (export/atomicfile.h): on a
    // full disk the user's file is as it was and a new name is not created.
    if (const QString werr = exporter::writeFileAtomic(output, QByteArray::fromStdString(yaml)); !werr.isEmpty()) {
        err << "import-zoneinfo: " << werr << "; nothing was written\n";
        return kExitBadInput;
    }
    QString report;
    QTextStream o(&report);
    std::size_t zones = 0;
    for (const auto &n : imported.scenario->nodes)
        zones += n.zones.size();
    o << "wrote " << output << ": " << imported.scenario->nodes.size() << " node(s), " << zones
      << " populated zone(s), min_free_kbytes " << imported.sysctls.minFreeKbytes << ", watermark_scale_factor "
      << imported.scenario->sysctls.watermarkScaleFactor << " (from "
      << q(std::string(sysctlSourceName(imported.sysctls.source()))) << ")\n";
    for (const auto &n : imported.notes)
        o << "note: " << q(n) << '\n';
    o.flush();
    printOut(report);
    return kExitOk;
}

} // namespace wm::cli
