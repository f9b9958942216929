#include "cli/runoutputs.h"

#include "scenario/writer.h"

#include "charts/chartrender.h"
#include "charts/exportcharts.h"
#include "cli/clicommon.h"
#include "cli/commands.h"
#include "cli/runreport.h"
#include "export/atomicfile.h"
#include "scenario/params.h"
#include "scenario/units.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <limits>

namespace wm::cli {

SimOptions runOutputsSimOptions(const Scenario &s)
{
    SimOptions o;
    o.record = true;
    const usec_t tick = std::max<usec_t>(s.tick, 1);
    const auto ticks = static_cast<std::size_t>(std::max<usec_t>(s.duration / tick, 1)) + 2;
    o.recorderCapacity = std::clamp<std::size_t>(ticks, 4096, kRunOutputsMaxBuckets);
    return o;
}

QString parseSnapshotAt(const QString &text, usec_t &out)
{
    std::string err;
    const auto v = parseDuration(text.trimmed().toStdString(), &err);
    if (!v)
        return QStringLiteral("--snapshot-at %1: %2").arg(text, QString::fromStdString(err.empty() ? "not a duration" : err));
    if (*v < 0)
        return QStringLiteral("--snapshot-at %1: must not be negative").arg(text);
    out = *v;
    return {};
}

namespace {

// A run that takes more than a second shows, on a terminal (standard error),
// how far it is, about twice a second; the line is cleared at the end. The
// simulation runs in slices of a few ticks: the same ticks, the same result.
class Progress
{
public:
    explicit Progress(const Simulation &sim)
        : m_sim(sim)
        , m_tty(::isatty(STDERR_FILENO) == 1)
    {
        m_wall.start();
    }
    ~Progress()
    {
        if (m_shown)
            std::fprintf(stderr, "\r%*s\r", 79, "");
    }
    Progress(const Progress &) = delete;
    Progress &operator=(const Progress &) = delete;
    void runUntil(Simulation &sim, usec_t t)
    {
        if (!m_tty) {
            sim.runUntil(t);
            return;
        }
        const usec_t slice = std::max<usec_t>(sim.scenario().tick, 1) * 16;
        while (!sim.finished() && sim.now() < t) {
            sim.runUntil(std::min(t, sim.now() + slice));
            const qint64 ms = m_wall.elapsed();
            if (ms >= 1000 && ms - m_lastMs >= 500) {
                m_lastMs = ms;
                show(ms);
            }
        }
    }

private:
    void show(qint64 ms)
    {
        const double simS = static_cast<double>(m_sim.now()) / 1e6;
        const double total = static_cast<double>(m_sim.scenario().duration) / 1e6;
        std::fprintf(stderr, "\rrun: %.3f s of %.3f s simulated (%.0f%%), %.3gx real time; Ctrl-C stops", simS, total,
            total > 0 ? 100.0 * simS / total : 100.0, simS / (static_cast<double>(ms) / 1000.0));
        std::fflush(stderr);
        m_shown = true;
    }
    const Simulation &m_sim;
    bool m_tty = false;
    bool m_shown = false;
    QElapsedTimer m_wall;
    qint64 m_lastMs = 0;
};

} // namespace

std::vector<exporter::TimedSnapshot> runWithSnapshots(Simulation &sim, std::vector<usec_t> at)
{
    Progress progress(sim);
    std::sort(at.begin(), at.end());
    at.erase(std::unique(at.begin(), at.end()), at.end());
    std::vector<exporter::TimedSnapshot> out;
    std::vector<usec_t> asked; // the --snapshot-at time of each snapshot taken
    for (usec_t t : at) {
        progress.runUntil(sim, t);
        // Times on the same tick give the same state: one snapshot, not two
        // files of one name.
        if (!out.empty() && out.back().at == sim.now()) {
            printError(QStringLiteral("note: --snapshot-at %1 is on the same tick as %2 (%3): one snapshot")
                           .arg(QString::fromStdString(formatDuration(t)), QString::fromStdString(formatDuration(asked.back())),
                               exporter::snapshotTag(sim.now())));
            continue;
        }
        out.push_back({sim.now(), sim.snapshot(false)});
        asked.push_back(t);
    }
    progress.runUntil(sim, sim.scenario().duration);
    return out;
}

exporter::RunBundleInput runBundleInput(const Simulation &sim, double wallSeconds, const QStringList &commandLine)
{
    exporter::RunBundleInput in;
    in.snap = sim.snapshot(true);
    in.events.assign(sim.events().events().begin(), sim.events().events().end());
    in.eventsDropped = sim.events().dropped();
    in.scenario = sim.scenario();
    in.report = runReportJson(sim, wallSeconds);
    in.commandLine = commandLine;
    return in;
}

int writeRunOutputs(const QString &dir, const Simulation &sim, double wallSeconds,
    const std::vector<exporter::TimedSnapshot> &snapshots, const QStringList &commandLine)
{
    auto in = runBundleInput(sim, wallSeconds, commandLine);
    in.snapshots = snapshots;
    if (QString err = exporter::writeRunBundle(dir, in); !err.isEmpty()) {
        printError(QStringLiteral("error: run --out: ") + err);
        return kExitBadInput;
    }
    return kExitOk;
}

namespace {

// The zone with the most atomic failures (ties: the lowest minimum of free pages).
int busiestZone(const Snapshot &snap)
{
    int best = -1;
    std::int64_t bestFail = -1;
    pages_t bestMin = std::numeric_limits<pages_t>::max();
    for (const auto &z : snap.zones) {
        if (z.managed <= 0)
            continue;
        pages_t mn = std::numeric_limits<pages_t>::max();
        for (const auto &s : snap.series)
            if (s.zone == z.id)
                for (const auto &b : s.buckets)
                    mn = std::min(mn, b.freeMin);
        const std::int64_t f = z.counters[Counter::SimAtomicFailures];
        if (f > bestFail || (f == bestFail && mn < bestMin)) {
            best = z.id;
            bestFail = f;
            bestMin = mn;
        }
    }
    return best;
}

} // namespace

QStringList compareScenarioNames(const std::vector<std::string> &policies)
{
    QStringList names;
    for (const auto &p : policies)
        names << QString::fromStdString(p) + QStringLiteral("/scenario.yaml");
    return names;
}

int writeCompareOutputs(const CompareOutputsRequest &req)
{
    // Everything goes into a staging directory that replaces req.dir only when
    // complete (exporter::writeBundleDirectory).
    auto fill = [&req](const QString &dir) -> QString {
        std::vector<exporter::BundleFile> files;
        std::vector<gui::OverlaySeries> overlay;
        const QDir d(dir);
        for (const auto &policy : req.policies) {
            Scenario s = req.base;
            if (std::string e = applyParam(s, "policy", policy); !e.empty())
                return QString::fromStdString(e);
            s.seed = req.firstSeed;
            QElapsedTimer timer;
            timer.start();
            Simulation sim(s, runOutputsSimOptions(s));
            sim.runToEnd();
            const double wall = static_cast<double>(timer.nsecsElapsed()) / 1e9;
            auto in = runBundleInput(sim, wall, req.commandLine);
            in.kind = QStringLiteral("compare-policy");
            const QString sub = QString::fromStdString(policy);
            if (!d.mkdir(sub))
                return QStringLiteral("cannot create directory %1").arg(d.filePath(sub));
            std::vector<exporter::BundleFile> subFiles;
            if (QString e = exporter::writeRunBundleFiles(d.filePath(sub), in, subFiles); !e.isEmpty())
                return e;
            subFiles.push_back(exporter::describeFile(d.filePath(sub), QStringLiteral("manifest.json")));
            for (auto f : subFiles) {
                f.name = sub + QLatin1Char('/') + f.name;
                files.push_back(f);
            }
            const int zid = busiestZone(in.snap);
            gui::OverlaySeries os;
            os.name = QStringLiteral("%1 (%2)").arg(sub, zoneTitle(in.snap, zid));
            for (const auto &ser : in.snap.series)
                if (ser.zone == zid)
                    os.buckets = ser.buckets;
            overlay.push_back(std::move(os));
        }
        if (!req.summaryText.isEmpty()) {
            if (QString e = exporter::writeFileAtomic(d.filePath(QStringLiteral("summary.txt")), req.summaryText.toUtf8());
                !e.isEmpty())
                return e;
            files.push_back(exporter::describeFile(dir, QStringLiteral("summary.txt")));
        }
        if (!req.compareJson.isEmpty()) {
            if (QString e = exporter::writeFileAtomic(
                    d.filePath(QStringLiteral("compare.json")), QJsonDocument(req.compareJson).toJson(QJsonDocument::Indented));
                !e.isEmpty())
                return e;
            files.push_back(exporter::describeFile(dir, QStringLiteral("compare.json")));
        }
        ChartCaption caption;
        caption.scenario = QString::fromStdString(req.base.name);
        QStringList ids;
        for (const auto &p : req.policies)
            ids << QString::fromStdString(p);
        caption.policy = ids.join(QStringLiteral(", "));
        caption.seed = req.firstSeed;
        gui::ChartPtr chart(gui::buildOverlayChart(QStringLiteral("Free pages of each policy's busiest zone"),
            QStringLiteral("free pages"), overlay, 0, req.base.duration, 1200, caption));
        gui::ChartRenderOptions o;
        o.description = caption.text();
        for (const char *suf : {"png", "svg", "pdf"}) {
            const QString name = QStringLiteral("overlay-free.") + QLatin1String(suf);
            if (QString e = gui::renderChart(chart.get(), d.filePath(name), o); !e.isEmpty())
                return e;
            files.push_back(exporter::describeFile(dir, name));
        }
        QJsonObject extra;
        extra.insert(QStringLiteral("kind"), QStringLiteral("compare"));
        extra.insert(QStringLiteral("scenario"), QString::fromStdString(req.base.name));
        extra.insert(QStringLiteral("scenario_file"), QString::fromStdString(req.base.sourcePath));
        QJsonArray pols;
        for (const auto &p : req.policies)
            pols.append(QString::fromStdString(p));
        extra.insert(QStringLiteral("policies"), pols);
        extra.insert(QStringLiteral("first_seed"), QString::number(req.firstSeed));
        QJsonArray seedList;
        for (auto seed : req.seeds)
            seedList.append(QString::number(seed));
        extra.insert(QStringLiteral("seeds"), seedList);
        extra.insert(
            QStringLiteral("scenario_sha256"), exporter::sha256Hex(QByteArray::fromStdString(writeScenarioYaml(req.base))));
        extra.insert(QStringLiteral("command_line"), QJsonArray::fromStringList(req.commandLine));
        return exporter::writeManifest(dir, extra, files);
    };
    if (QString e = exporter::writeBundleDirectory(req.dir, req.base.sourcePath, compareScenarioNames(req.policies), fill);
        !e.isEmpty()) {
        printError(QStringLiteral("error: compare --out: ") + e);
        return kExitBadInput;
    }
    return kExitOk;
}

} // namespace wm::cli
