#include "export/runbundle.h"

#include "charts/chartrender.h"
#include "charts/zonechartbuilder.h"
#include "export/atomicfile.h"
#include "export/csvexport.h"
#include "export/procsnapshot.h"
#include "export/trace.h"
#include "scenario/writer.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

namespace wm::exporter {

QString sha256Hex(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

QString snapshotTag(usec_t at)
{
    return QStringLiteral("%1.%2s").arg(at / 1000000).arg(at % 1000000, 6, 10, QLatin1Char('0'));
}

BundleFile describeFile(const QString &dir, const QString &name)
{
    BundleFile f;
    f.name = name;
    QFile file(QDir(dir).filePath(name));
    if (file.open(QIODevice::ReadOnly)) {
        QCryptographicHash h(QCryptographicHash::Sha256);
        h.addData(&file);
        f.bytes = file.size();
        f.sha256 = QString::fromLatin1(h.result().toHex());
    }
    return f;
}

QString writeManifest(const QString &dir, const QJsonObject &extra, const std::vector<BundleFile> &files)
{
    QJsonObject m;
    m.insert(QStringLiteral("program"), QStringLiteral("watermark-explorer"));
    m.insert(QStringLiteral("version"), QStringLiteral(WM_VERSION));
    m.insert(QStringLiteral("manifest_version"), 1);
    m.insert(QStringLiteral("created_utc"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    for (auto it = extra.begin(); it != extra.end(); ++it)
        m.insert(it.key(), it.value());
    QJsonArray arr;
    for (const auto &f : files) {
        QJsonObject o;
        o.insert(QStringLiteral("name"), f.name);
        o.insert(QStringLiteral("bytes"), f.bytes);
        o.insert(QStringLiteral("sha256"), f.sha256);
        arr.append(o);
    }
    m.insert(QStringLiteral("files"), arr);
    return writeFileAtomic(QDir(dir).filePath(QStringLiteral("manifest.json")), QJsonDocument(m).toJson(QJsonDocument::Indented));
}

QString bundleTargetProblem(const QString &dir, const std::string &scenarioPath)
{
    const QDir d(dir);
    if (!scenarioPath.empty()) {
        const QString input = QFileInfo(QString::fromStdString(scenarioPath)).canonicalFilePath();
        const QString ours = QFileInfo(d.filePath(QStringLiteral("scenario.yaml"))).canonicalFilePath();
        if (!input.isEmpty() && input == ours)
            return QStringLiteral("%1 is the scenario file this run was made from; the bundle's scenario.yaml would replace it")
                .arg(d.filePath(QStringLiteral("scenario.yaml")));
    }
    if (!d.exists() || d.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
        return {};
    if (!QFileInfo(d.filePath(QStringLiteral("manifest.json"))).isFile())
        return QStringLiteral("%1 is not empty and holds no earlier bundle (manifest.json): choose a new or empty directory")
            .arg(dir);
    return {};
}

QString writeRunBundle(const QString &dir, const RunBundleInput &in, std::vector<BundleFile> *written)
{
    if (QString err = bundleTargetProblem(dir, in.scenario.sourcePath); !err.isEmpty())
        return err + QStringLiteral("; nothing was written");
    const bool existed = QFileInfo::exists(dir);
    if (QString err = ensureDirectory(dir); !err.isEmpty())
        return err;
    // Everything is written into a hidden directory next to `dir` first and
    // moved in only when all of it is there: a full disk or a failing chart
    // leaves `dir` as it was, not a mix of two runs.
    const QFileInfo target(dir);
    std::optional<QTemporaryDir> staging;
    staging.emplace(target.absolutePath() + QStringLiteral("/.") + target.fileName() + QStringLiteral(".tmp-XXXXXX"));
    if (!staging->isValid()) // a writable directory in a read-only one: stage inside it
        staging.emplace(target.absoluteFilePath() + QStringLiteral("/.bundle.tmp-XXXXXX"));
    QString err;
    std::vector<BundleFile> files;
    if (!staging->isValid())
        err = QStringLiteral("cannot write into %1: %2").arg(target.absoluteFilePath(), staging->errorString());
    else
        err = writeRunBundleFiles(staging->path(), in, files);
    if (err.isEmpty()) {
        files.push_back(describeFile(staging->path(), QStringLiteral("manifest.json")));
        // Same file system: each rename is atomic, and manifest.json goes last.
        for (const auto &f : files) {
            const QByteArray from = QFile::encodeName(QDir(staging->path()).filePath(f.name));
            const QByteArray to = QFile::encodeName(QDir(dir).filePath(f.name));
            if (std::rename(from.constData(), to.constData()) != 0) {
                err = QStringLiteral("cannot write %1: %2")
                          .arg(QDir(dir).filePath(f.name), QString::fromLocal8Bit(std::strerror(errno)));
                break;
            }
        }
    }
    if (!err.isEmpty()) {
        if (staging->isValid()) // name the file the user asked for, not the staging copy
            err.replace(QDir(staging->path()).absolutePath(), QDir(dir).absolutePath());
        if (!existed)
            QDir().rmdir(dir); // only if still empty
        return err;
    }
    if (written)
        *written = files;
    return {};
}

QString writeRunBundleFiles(const QString &dir, const RunBundleInput &in, std::vector<BundleFile> &files)
{
    const QDir d(dir);
    auto put = [&](const QString &name, const QByteArray &data) -> QString {
        QString err = writeFileAtomic(d.filePath(name), data);
        if (err.isEmpty()) {
            BundleFile f {name, data.size(), sha256Hex(data)};
            files.push_back(f);
        }
        return err;
    };
    auto putStd = [&](const QString &name, const std::string &text) {
        return put(name, QByteArray(text.data(), static_cast<qsizetype>(text.size())));
    };
    const std::string scenarioText = writeScenarioYaml(in.scenario);
    const ProcSnapshotInfo info {in.scenario.name, WM_VERSION};
    QString err;
    if (in.report && (err = put(QStringLiteral("run.json"), QJsonDocument(*in.report).toJson(QJsonDocument::Indented))).size())
        return err;
    if ((err = putStd(QStringLiteral("scenario.yaml"), scenarioText)).size())
        return err;
    if ((err = putStd(QStringLiteral("series.csv"), seriesCsv(in.snap))).size())
        return err;
    if ((err = putStd(QStringLiteral("events.csv"), eventsCsv(in.events, in.snap))).size())
        return err;
    if ((err = putStd(QStringLiteral("trace.txt"), traceText(in.events, in.snap, in.eventsDropped))).size())
        return err;
    if ((err = putStd(QStringLiteral("zoneinfo.txt"), zoneinfoText(in.snap, info))).size())
        return err;
    if ((err = putStd(QStringLiteral("vmstat.txt"), vmstatText(in.snap, info))).size())
        return err;
    for (const auto &ts : in.snapshots) {
        const QString tag = snapshotTag(ts.at);
        if ((err = putStd(QStringLiteral("zoneinfo-at-%1.txt").arg(tag), zoneinfoText(ts.snap, info))).size())
            return err;
        if ((err = putStd(QStringLiteral("vmstat-at-%1.txt").arg(tag), vmstatText(ts.snap, info))).size())
            return err;
    }
    if (in.charts) {
        ChartCaption caption;
        caption.scenario = QString::fromStdString(in.scenario.name);
        caption.policy = QString::fromStdString(in.snap.policy);
        caption.seed = in.snap.seed;
        caption.version = QStringLiteral(WM_VERSION);
        const usec_t to = std::max<usec_t>(in.snap.now, 1);
        const QSize size(1200, 600);
        QStringList suffixes {QStringLiteral("png"), QStringLiteral("svg")};
        if (in.pdf)
            suffixes << QStringLiteral("pdf");
        auto render = [&](QChart *raw, const QString &base) -> QString {
            gui::ChartPtr chart(raw);
            gui::ChartRenderOptions o;
            o.size = size;
            o.description = caption.text();
            for (const auto &suf : suffixes) {
                const QString name = base + QLatin1Char('.') + suf;
                if (QString e = gui::renderChart(chart.get(), d.filePath(name), o); !e.isEmpty())
                    return e;
                files.push_back(describeFile(dir, name));
            }
            return {};
        };
        if ((err = render(buildMachineChart(in.snap, in.events, 0, to, size.width(), caption), QStringLiteral("machine"))).size())
            return err;
        for (const auto &z : in.snap.zones) {
            if (z.managed <= 0)
                continue;
            const QString base = QStringLiteral("zone-%1-%2").arg(z.node).arg(QString::fromUtf8(zoneName(z.type)));
            if ((err = render(buildZoneChart(in.snap, z.id, in.events, 0, to, size.width(), caption), base)).size())
                return err;
        }
    }
    QJsonObject extra;
    extra.insert(QStringLiteral("kind"), in.kind);
    extra.insert(QStringLiteral("scenario"), QString::fromStdString(in.scenario.name));
    extra.insert(QStringLiteral("scenario_file"), QString::fromStdString(in.scenario.sourcePath));
    extra.insert(QStringLiteral("scenario_sha256"), sha256Hex(QByteArray::fromStdString(scenarioText)));
    extra.insert(QStringLiteral("seed"), QString::number(in.snap.seed));
    extra.insert(QStringLiteral("policy"), QString::fromStdString(in.snap.policy));
    extra.insert(QStringLiteral("simulated_seconds"), static_cast<double>(in.snap.now) / 1e6);
    QJsonArray at;
    for (const auto &ts : in.snapshots)
        at.append(static_cast<double>(ts.at) / 1e6);
    extra.insert(QStringLiteral("snapshots_at_s"), at);
    extra.insert(QStringLiteral("command_line"), QJsonArray::fromStringList(in.commandLine));
    return writeManifest(dir, extra, files);
}

} // namespace wm::exporter
