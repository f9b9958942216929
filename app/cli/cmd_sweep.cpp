// watermark-explorer sweep SCENARIO.yaml --param NAME=A:B:STEP [--param NAME2=A:B:STEP]
//     [--metric M] [--seeds N] [--policy ID] [--duration T] [--set key=value]... [--jobs N]
//     [--out DIR] [--json] [--plan] [--merge DIR...]
//
// Runs every grid point x seed (each its own deterministic Simulation, in
// parallel on all cores), and reports the metric (any flatCounters name,
// default sim_atomic_failures) per run and per grid point (mean, sample stddev,
// 95% t confidence interval). --out DIR writes sweep.csv, summary.csv,
// summary.txt, sweep.json, sweep.{png,svg,pdf} (one parameter: line with a CI
// band; two: heatmap) and manifest.json.
//
// --plan prints the runs as independent shell commands (one per line) writing
// DIR/point-<i>-seed-<s>.json; --merge DIR... reads those files back (same FILE,
// --param, --seeds, --metric) and produces the same outputs.
#include "charts/chartrender.h"
#include "charts/exportcharts.h"
#include "charts/heatmapchart.h"
#include "cli/clicommon.h"
#include "cli/commands.h"
#include "cli/runfile.h"
#include "cli/runreport.h"
#include "export/atomicfile.h"
#include "export/runbundle.h"
#include "scenario/params.h"
#include "scenario/writer.h"
#include "sim/simulation.h"
#include "stats/stats.h"

#include "scenario/inputfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace wm::cli {

namespace {

constexpr std::size_t kMaxGridPoints = 10000;

struct ParamAxis {
    std::string name;
    std::vector<std::string> values; // text as passed to --set
    std::vector<double> numbers;
};

// "A:B:STEP" with an optional common unit suffix ("10ms:100ms:10ms", "1000:9000:1000").
QString parseAxis(const QString &spec, ParamAxis &axis)
{
    const auto kv = splitAssignment(spec.toStdString());
    if (!kv)
        return QStringLiteral("--param expects NAME=A:B:STEP, got '%1'").arg(spec);
    axis.name = kv->first;
    const QStringList parts = QString::fromStdString(kv->second).split(QLatin1Char(':'));
    if (parts.size() != 3)
        return QStringLiteral("--param %1: expected A:B:STEP, got '%2'")
            .arg(QString::fromStdString(axis.name), QString::fromStdString(kv->second));
    double num[3];
    QString suffix;
    for (int i = 0; i < 3; ++i) {
        const std::string t = parts[i].trimmed().toStdString();
        char *end = nullptr;
        num[i] = std::strtod(t.c_str(), &end);
        if (end == t.c_str() || !std::isfinite(num[i]))
            return QStringLiteral("--param %1: '%2' is not a number").arg(QString::fromStdString(axis.name), parts[i]);
        const QString suf = QString::fromUtf8(end).trimmed();
        if (!suf.isEmpty()) {
            if (!suffix.isEmpty() && suf != suffix)
                return QStringLiteral("--param %1: A, B and STEP must use the same unit ('%2' vs '%3')")
                    .arg(QString::fromStdString(axis.name), suffix, suf);
            suffix = suf;
        }
    }
    const double a = num[0], b = num[1], step = num[2];
    if (step <= 0)
        return QStringLiteral("--param %1: STEP must be > 0 (got %2)").arg(QString::fromStdString(axis.name), parts[2]);
    if (a > b)
        return QStringLiteral("--param %1: A must be <= B (got %2 > %3)")
            .arg(QString::fromStdString(axis.name), parts[0], parts[1]);
    const double n = std::floor((b - a) / step + 1e-9) + 1;
    if (n > static_cast<double>(kMaxGridPoints))
        return QStringLiteral("--param %1: %2 values; at most %3 grid points are allowed")
            .arg(QString::fromStdString(axis.name))
            .arg(n, 0, 'g', 6)
            .arg(kMaxGridPoints);
    for (int i = 0; i < static_cast<int>(n); ++i) {
        double v = a + step * i;
        if (std::fabs(v) < 1e-12 * std::max(1.0, std::fabs(step)))
            v = 0;
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.10g", v);
        axis.values.push_back(std::string(buf) + suffix.toStdString());
        axis.numbers.push_back(v);
    }
    return {};
}

struct Stats {
    std::size_t n = 0;
    double mean = 0, stddev = 0, ci95 = 0;
};

// core/stats (the same numbers compare reports): mean, sample stddev, t-based 95% CI half-width.
Stats stats(const std::vector<double> &v)
{
    const auto s = wm::stats::summarize(v);
    return {s.n, s.mean, s.stddev, s.halfWidth()};
}

QString shellQuote(const QString &s)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_./:=,+@%-]+$"));
    if (!s.isEmpty() && safe.match(s).hasMatch())
        return s;
    QString q = s;
    q.replace(QLatin1String("'"), QLatin1String("'\\''"));
    return QLatin1Char('\'') + q + QLatin1Char('\'');
}

QString num(double v)
{
    return QString::number(v, 'g', 10);
}

struct Sweep {
    QString file;
    Scenario base;
    std::vector<ParamAxis> axes;
    std::vector<std::uint64_t> seeds;
    std::string metric = "sim_atomic_failures";
    std::size_t points = 1;
    // point index -> value index per axis (first axis varies slowest)
    std::vector<std::size_t> indices(std::size_t point) const
    {
        std::vector<std::size_t> idx(axes.size());
        for (std::size_t a = axes.size(); a-- > 0;) {
            idx[a] = point % axes[a].values.size();
            point /= axes[a].values.size();
        }
        return idx;
    }
    std::vector<std::vector<double>> results; // [point][seed index]
};

int runAll(Sweep &sw, unsigned jobs)
{
    const std::size_t total = sw.points * sw.seeds.size();
    sw.results.assign(sw.points, std::vector<double>(sw.seeds.size(), 0));
    std::atomic<std::size_t> next {0};
    std::atomic<bool> failed {false};
    std::string error;
    std::mutex errorMutex;
    auto worker = [&] {
        for (;;) {
            const std::size_t k = next.fetch_add(1);
            if (k >= total || failed)
                return;
            const std::size_t p = k / sw.seeds.size(), si = k % sw.seeds.size();
            Scenario s = sw.base;
            const auto idx = sw.indices(p);
            for (std::size_t a = 0; a < sw.axes.size(); ++a) {
                if (std::string e = applyParam(s, sw.axes[a].name, sw.axes[a].values[idx[a]]); !e.empty()) {
                    std::lock_guard lock(errorMutex);
                    error = "--param " + sw.axes[a].name + "=" + sw.axes[a].values[idx[a]] + ": " + e;
                    failed = true;
                    return;
                }
            }
            s.seed = sw.seeds[si];
            SimOptions o;
            o.record = false;
            o.eventCapacity = 64;
            Simulation sim(s, o);
            sim.runToEnd();
            const Snapshot snap = sim.snapshot(false);
            for (const auto &[name, value] : flatCounters(snap))
                if (name == sw.metric)
                    sw.results[p][si] = static_cast<double>(value);
        }
    };
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < jobs; ++i)
        threads.emplace_back(worker);
    for (auto &t : threads)
        t.join();
    if (failed) {
        printError(QStringLiteral("error: ") + QString::fromStdString(error));
        return kExitBadInput;
    }
    return kExitOk;
}

// Why the run document `o` is not point `p`, seed `seed` of this sweep, or "".
QString foreignResult(const Sweep &sw, std::size_t p, std::uint64_t seed, const QJsonObject &o)
{
    if (o.value(QStringLiteral("scenario")).toString() != QString::fromStdString(sw.base.name))
        return QStringLiteral("scenario \"%1\", not \"%2\"")
            .arg(o.value(QStringLiteral("scenario")).toString(), QString::fromStdString(sw.base.name));
    const QJsonObject got = o.value(QStringLiteral("parameters")).toObject();
    if (got.isEmpty())
        return QStringLiteral("it lists no parameters (written by an older version: run the plan again)");
    Scenario s = sw.base;
    const auto idx = sw.indices(p);
    for (std::size_t a = 0; a < sw.axes.size(); ++a)
        applyParam(s, sw.axes[a].name, sw.axes[a].values[idx[a]]); // checked when the sweep was set up
    s.seed = seed;
    for (const auto &[wantKey, wantValue] : paramValues(s)) {
        const std::optional<std::string> want = wantValue;
        const QString key = QString::fromStdString(wantKey);
        if (!got.contains(key))
            return QStringLiteral("it has no %1").arg(key);
        if (got.value(key).toString() != QString::fromStdString(*want))
            return QStringLiteral("it ran with %1=%2, the point has %1=%3")
                .arg(key, got.value(key).toString(), QString::fromStdString(*want));
    }
    return {};
}

int mergeAll(Sweep &sw, const QStringList &dirs)
{
    sw.results.assign(sw.points, std::vector<double>(sw.seeds.size(), std::nan("")));
    static const QRegularExpression re(QStringLiteral("^point-(\\d+)-seed-(\\d+)\\.json$"));
    std::map<std::uint64_t, std::size_t> seedIndex;
    for (std::size_t i = 0; i < sw.seeds.size(); ++i)
        seedIndex[sw.seeds[i]] = i;
    std::size_t found = 0;
    std::vector<QString> sources(sw.points * sw.seeds.size()); // the file each result came from
    for (const QString &dir : dirs) {
        const QDir d(dir);
        if (!d.exists()) {
            printError(QStringLiteral("error: --merge %1: no such directory").arg(dir));
            return kExitBadInput;
        }
        for (const QString &name : d.entryList({QStringLiteral("point-*-seed-*.json")}, QDir::Files, QDir::Name)) {
            const auto m = re.match(name);
            if (!m.hasMatch())
                continue;
            const std::size_t p = m.captured(1).toULongLong();
            const std::uint64_t seed = m.captured(2).toULongLong();
            if (p >= sw.points || !seedIndex.count(seed)) {
                printError(QStringLiteral("error: --merge: %1 is not part of this sweep (point or seed out of range; "
                                          "use the same --param and --seeds as --plan)")
                               .arg(d.filePath(name)));
                return kExitBadInput;
            }
            // A run file is a few hundred KiB even with thousands of sources:
            // read at most kMaxRunFileBytes, and never wait on a FIFO.
            const QString fileName = d.filePath(name);
            const InputRead in = readInputFile(QFile::encodeName(fileName).toStdString(), kMaxRunFileBytes);
            if (in.status == InputReadStatus::TooLarge) {
                printError(QStringLiteral("error: --merge: %1: larger than %2 MiB, not a run --json document")
                               .arg(fileName)
                               .arg(kMaxRunFileBytes >> 20));
                return kExitBadInput;
            }
            if (!in.ok()) {
                printError(QStringLiteral("error: --merge: cannot read %1: %2")
                               .arg(fileName,
                                   in.status == InputReadStatus::NoData ? QString::fromStdString(inputNoDataReason())
                                                                        : QString::fromLocal8Bit(std::strerror(in.error))));
                return kExitBadInput;
            }
            const QString metric = QString::fromStdString(sw.metric);
            const RunFile run = parseRunFile(QByteArray::fromStdString(in.text), metric);
            if (!run.problem.isEmpty()) {
                printError(QStringLiteral("error: --merge: %1: %2").arg(fileName, run.problem));
                return kExitBadInput;
            }
            const QJsonObject &o = run.doc;
            const double value = run.value;
            if (static_cast<std::uint64_t>(o.value(QStringLiteral("seed")).toInteger()) != seed) {
                printError(QStringLiteral("error: --merge: %1 was run with seed %2")
                               .arg(fileName)
                               .arg(o.value(QStringLiteral("seed")).toInteger()));
                return kExitBadInput;
            }
            // A result of another scenario, policy, duration or parameter value
            // must not slip into the table: every setting the run started with
            // equals this point's (the plan's --set, --policy, --duration too).
            if (QString why = foreignResult(sw, p, seed, o); !why.isEmpty()) {
                printError(QStringLiteral("error: --merge: %1 is not this sweep's point %2, seed %3: %4")
                               .arg(fileName)
                               .arg(p)
                               .arg(seed)
                               .arg(why));
                return kExitBadInput;
            }
            double &slot = sw.results[p][seedIndex[seed]];
            QString &from = sources[p * sw.seeds.size() + seedIndex[seed]];
            if (std::isnan(slot)) {
                ++found;
            } else if (slot != value) {
                // The same deterministic run twice with different results: one is wrong.
                printError(QStringLiteral("error: --merge: %1 and %2 are both point %3, seed %4, with different %5 (%6 and "
                                          "%7): the same run gives the same result; remove the wrong one")
                               .arg(from, fileName)
                               .arg(p)
                               .arg(seed)
                               .arg(metric)
                               .arg(slot)
                               .arg(value));
                return kExitBadInput;
            }
            slot = value;
            from = fileName;
        }
    }
    const std::size_t expected = sw.points * sw.seeds.size();
    if (found != expected) {
        QStringList missing;
        for (std::size_t p = 0; p < sw.points && missing.size() < 5; ++p)
            for (std::size_t s = 0; s < sw.seeds.size() && missing.size() < 5; ++s)
                if (std::isnan(sw.results[p][s]))
                    missing << QStringLiteral("point-%1-seed-%2.json").arg(p).arg(sw.seeds[s]);
        printError(QStringLiteral("error: --merge: %1 of %2 runs missing (e.g. %3)")
                       .arg(expected - found)
                       .arg(expected)
                       .arg(missing.join(QStringLiteral(", "))));
        return kExitBadInput;
    }
    return kExitOk;
}

QString sweepCsv(const Sweep &sw)
{
    QString out;
    for (const auto &a : sw.axes)
        out += QString::fromStdString(a.name) + QLatin1Char(',');
    out += QStringLiteral("seed,") + QString::fromStdString(sw.metric) + QLatin1Char('\n');
    for (std::size_t p = 0; p < sw.points; ++p) {
        const auto idx = sw.indices(p);
        for (std::size_t s = 0; s < sw.seeds.size(); ++s) {
            for (std::size_t a = 0; a < sw.axes.size(); ++a)
                out += num(sw.axes[a].numbers[idx[a]]) + QLatin1Char(',');
            out += QString::number(sw.seeds[s]) + QLatin1Char(',') + num(sw.results[p][s]) + QLatin1Char('\n');
        }
    }
    return out;
}

QString summaryCsv(const Sweep &sw)
{
    QString out;
    for (const auto &a : sw.axes)
        out += QString::fromStdString(a.name) + QLatin1Char(',');
    out += QStringLiteral("n,mean,stddev,ci95,ci_low,ci_high\n");
    for (std::size_t p = 0; p < sw.points; ++p) {
        const auto idx = sw.indices(p);
        const Stats st = stats(sw.results[p]);
        for (std::size_t a = 0; a < sw.axes.size(); ++a)
            out += num(sw.axes[a].numbers[idx[a]]) + QLatin1Char(',');
        out += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                   .arg(st.n)
                   .arg(num(st.mean), num(st.stddev), num(st.ci95), num(st.mean - st.ci95), num(st.mean + st.ci95));
    }
    return out;
}

QString clip(const QString &s, int width)
{
    return s.size() <= width ? s : s.left(width - 1) + QStringLiteral("~");
}

// Plain-text table, every line at most 72 columns.
QString summaryText(const Sweep &sw)
{
    QStringList lines;
    lines << clip(QStringLiteral("sweep: %1").arg(QString::fromStdString(sw.base.name)), 72);
    lines << clip(QStringLiteral("policy %1, %2 seed(s), metric %3")
                      .arg(QString::fromStdString(sw.base.policy.id))
                      .arg(sw.seeds.size())
                      .arg(QString::fromStdString(sw.metric)),
        72);
    lines << QStringLiteral("mean and 95% CI (Student t) over seeds");
    lines << QString();
    const int pw = sw.axes.size() <= 1 ? 26 : std::max(8, 30 / static_cast<int>(sw.axes.size()));
    QString head;
    QStringList legend;
    for (const auto &a : sw.axes) {
        const QString full = QString::fromStdString(a.name);
        QString n = full;
        if (n.startsWith(QLatin1String("vm.")))
            n = n.mid(3);
        const QString shown = clip(n, pw);
        if (shown != n) // a shortened column name is spelled out above the table
            legend << clip(QStringLiteral("  %1 = %2").arg(shown, full), 72);
        head += shown.leftJustified(pw) + QLatin1Char(' ');
    }
    if (!legend.isEmpty()) {
        lines << QStringLiteral("columns:") << legend << QString();
    }
    head += QStringLiteral("%1 %2 %3 %4")
                .arg(QStringLiteral("n"), 3)
                .arg(QStringLiteral("mean"), 11)
                .arg(QStringLiteral("\u00b1ci95"), 10)
                .arg(QStringLiteral("stddev"), 10);
    lines << head.left(72);
    lines << QString(std::min<int>(72, static_cast<int>(head.size())), QLatin1Char('-'));
    for (std::size_t p = 0; p < sw.points; ++p) {
        const auto idx = sw.indices(p);
        const Stats st = stats(sw.results[p]);
        QString l;
        for (std::size_t a = 0; a < sw.axes.size(); ++a)
            l += clip(QString::fromStdString(sw.axes[a].values[idx[a]]), pw).leftJustified(pw) + QLatin1Char(' ');
        // One decimal everywhere, so a column's numbers line up on the point.
        const auto num = [](double v) { return QString::number(v, 'f', 1); };
        l += QStringLiteral("%1 %2 %3 %4").arg(st.n, 3).arg(num(st.mean), 11).arg(num(st.ci95), 10).arg(num(st.stddev), 10);
        lines << l.left(72);
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QJsonObject sweepJson(const Sweep &sw, double wall)
{
    QJsonObject root;
    root.insert(QStringLiteral("scenario"), QString::fromStdString(sw.base.name));
    root.insert(QStringLiteral("scenario_file"), sw.file);
    root.insert(QStringLiteral("policy"), QString::fromStdString(sw.base.policy.id));
    root.insert(QStringLiteral("metric"), QString::fromStdString(sw.metric));
    QJsonArray seeds;
    for (auto s : sw.seeds)
        seeds.append(static_cast<qint64>(s));
    root.insert(QStringLiteral("seeds"), seeds);
    QJsonArray params;
    for (const auto &a : sw.axes) {
        QJsonObject o;
        o.insert(QStringLiteral("name"), QString::fromStdString(a.name));
        QJsonArray v;
        for (double x : a.numbers)
            v.append(x);
        o.insert(QStringLiteral("values"), v);
        params.append(o);
    }
    root.insert(QStringLiteral("params"), params);
    QJsonArray points;
    for (std::size_t p = 0; p < sw.points; ++p) {
        const auto idx = sw.indices(p);
        const Stats st = stats(sw.results[p]);
        QJsonObject o, vals;
        for (std::size_t a = 0; a < sw.axes.size(); ++a)
            vals.insert(QString::fromStdString(sw.axes[a].name), sw.axes[a].numbers[idx[a]]);
        o.insert(QStringLiteral("point"), static_cast<qint64>(p));
        o.insert(QStringLiteral("values"), vals);
        o.insert(QStringLiteral("n"), static_cast<qint64>(st.n));
        o.insert(QStringLiteral("mean"), st.mean);
        o.insert(QStringLiteral("stddev"), st.stddev);
        o.insert(QStringLiteral("ci95"), st.ci95);
        QJsonArray per;
        for (double v : sw.results[p])
            per.append(v);
        o.insert(QStringLiteral("per_seed"), per);
        points.append(o);
    }
    root.insert(QStringLiteral("points"), points);
    root.insert(QStringLiteral("runs"), static_cast<qint64>(sw.points * sw.seeds.size()));
    root.insert(QStringLiteral("wall_seconds"), wall);
    return root;
}

QString writeChart(const Sweep &sw, const QString &dir, std::vector<exporter::BundleFile> &files)
{
    if (sw.axes.empty() || sw.axes.size() > 2)
        return {};
    ChartCaption caption;
    caption.scenario = QString::fromStdString(sw.base.name);
    caption.policy = QString::fromStdString(sw.base.policy.id);
    caption.seed = sw.seeds.empty() ? 0 : sw.seeds.front();
    if (sw.seeds.size() > 1)
        caption.seeds = QStringLiteral("%1 seeds (%2\u2013%3)")
                            .arg(sw.seeds.size())
                            .arg(*std::min_element(sw.seeds.begin(), sw.seeds.end()))
                            .arg(*std::max_element(sw.seeds.begin(), sw.seeds.end()));
    const QString metric = QString::fromStdString(sw.metric);
    const QString title = QStringLiteral("%1 over %2 seed(s)").arg(metric).arg(sw.seeds.size());
    gui::ChartPtr chart;
    if (sw.axes.size() == 1) {
        std::vector<gui::SweepPoint> pts;
        for (std::size_t p = 0; p < sw.points; ++p) {
            const Stats st = stats(sw.results[p]);
            pts.push_back({sw.axes[0].numbers[p], st.mean, st.mean - st.ci95, st.mean + st.ci95});
        }
        chart.reset(gui::buildSweepLineChart(
            title, QString::fromStdString(sw.axes[0].name), metric + QStringLiteral(" (mean, 95% CI)"), pts, caption));
    } else {
        std::vector<gui::HeatmapCell> cells;
        for (std::size_t p = 0; p < sw.points; ++p) {
            const auto idx = sw.indices(p);
            cells.push_back({sw.axes[0].numbers[idx[0]], sw.axes[1].numbers[idx[1]], stats(sw.results[p]).mean});
        }
        chart.reset(
            gui::buildHeatmapChart(title, QString::fromStdString(sw.axes[0].name), QString::fromStdString(sw.axes[1].name),
                metric + QStringLiteral(" (mean)"), sw.axes[0].numbers, sw.axes[1].numbers, cells, caption));
    }
    gui::ChartRenderOptions o;
    o.size = sw.axes.size() == 1 ? QSize(1000, 600) : QSize(1000, 700);
    o.description = caption.text();
    for (const char *suf : {"png", "svg", "pdf"}) {
        const QString name = QStringLiteral("sweep.") + QLatin1String(suf);
        if (QString e = gui::renderChart(chart.get(), QDir(dir).filePath(name), o); !e.isEmpty())
            return e;
        files.push_back(exporter::describeFile(dir, name));
    }
    return {};
}

int writeOutputs(const Sweep &sw, const QString &outDir, double wall, const QStringList &commandLine)
{
    // Staged and moved in only when complete (exporter::writeBundleDirectory).
    auto fill = [&](const QString &dir) -> QString {
        std::vector<exporter::BundleFile> files;
        const QDir d(dir);
        auto put = [&](const QString &name, const QByteArray &data) {
            QString e = exporter::writeFileAtomic(d.filePath(name), data);
            if (e.isEmpty())
                files.push_back({name, data.size(), exporter::sha256Hex(data)});
            return e;
        };
        QString e;
        if ((e = put(QStringLiteral("sweep.csv"), sweepCsv(sw).toUtf8())).size()
            || (e = put(QStringLiteral("summary.csv"), summaryCsv(sw).toUtf8())).size()
            || (e = put(QStringLiteral("summary.txt"), summaryText(sw).toUtf8())).size()
            || (e = put(QStringLiteral("sweep.json"), QJsonDocument(sweepJson(sw, wall)).toJson(QJsonDocument::Indented))).size()
            || (e = writeChart(sw, dir, files)).size())
            return e;
        QJsonObject extra;
        extra.insert(QStringLiteral("kind"), QStringLiteral("sweep"));
        extra.insert(QStringLiteral("scenario"), QString::fromStdString(sw.base.name));
        extra.insert(QStringLiteral("scenario_file"), sw.file);
        extra.insert(QStringLiteral("policy"), QString::fromStdString(sw.base.policy.id));
        extra.insert(QStringLiteral("metric"), QString::fromStdString(sw.metric));
        QJsonArray seedList;
        for (auto seed : sw.seeds)
            seedList.append(QString::number(seed));
        extra.insert(QStringLiteral("seeds"), seedList);
        extra.insert(
            QStringLiteral("scenario_sha256"), exporter::sha256Hex(QByteArray::fromStdString(writeScenarioYaml(sw.base))));
        extra.insert(QStringLiteral("command_line"), QJsonArray::fromStringList(commandLine));
        return exporter::writeManifest(dir, extra, files);
    };
    if (QString e = exporter::writeBundleDirectory(outDir, sw.base.sourcePath, {}, fill); !e.isEmpty()) {
        printError(QStringLiteral("error: sweep --out: ") + e);
        return kExitBadInput;
    }
    return kExitOk;
}

} // namespace

int cmdSweep(const QStringList &argsIn)
{
    const QString usage
        = QStringLiteral("usage: watermark-explorer %1").arg(QLatin1String(findCommand(QStringLiteral("sweep"))->synopsis));
    // --merge takes every following argument up to the next option.
    QStringList args, mergeDirs;
    bool merge = false;
    for (qsizetype i = 0; i < argsIn.size(); ++i) {
        const QString &a = argsIn[i];
        if (a == QLatin1String("--merge") || a.startsWith(QLatin1String("--merge="))) {
            merge = true;
            if (a.size() > 8)
                mergeDirs << a.mid(8);
            while (i + 1 < argsIn.size() && !argsIn[i + 1].startsWith(QLatin1String("--")))
                mergeDirs << argsIn[++i];
        } else {
            args << a;
        }
    }
    ArgReader r(args);
    QString value, error, outDir;
    Overrides ov;
    QStringList paramSpecs, userSets;
    QString metric = QStringLiteral("sim_atomic_failures"), seedsText = QStringLiteral("1"), jobsText;
    bool json = false, plan = false, seedsGiven = false;
    Sweep sw;
    while (!r.atEnd()) {
        if (r.flag(QStringLiteral("--json"))) {
            json = true;
        } else if (r.flag(QStringLiteral("--plan"))) {
            plan = true;
        } else if (r.option(QStringLiteral("--param"), value, error)) {
            paramSpecs << value;
        } else if (r.single(QStringLiteral("--metric"), value, error)) {
            metric = value;
        } else if (r.single(QStringLiteral("--seeds"), value, error)) {
            seedsText = value;
            seedsGiven = true;
        } else if (r.single(QStringLiteral("--jobs"), value, error)) {
            jobsText = value;
        } else if (r.single(QStringLiteral("--policy"), value, error)) {
            ov.policy = value;
        } else if (r.single(QStringLiteral("--duration"), value, error)) {
            ov.duration = value;
        } else if (r.single(QStringLiteral("--out"), value, error)) {
            outDir = value;
        } else if (r.option(QStringLiteral("--set"), value, error)) {
            addSetOverride(value, ov, error);
            userSets << value;
        } else {
            const QString a = r.next();
            if (a.startsWith(QLatin1String("--")) || !sw.file.isEmpty()) {
                printError(QStringLiteral("error: sweep: unexpected argument '%1'\n%2").arg(a, usage));
                return kExitBadInput;
            }
            sw.file = a;
        }
        if (!error.isEmpty()) {
            printError(QStringLiteral("error: ") + error);
            return kExitBadInput;
        }
    }
    if (sw.file.isEmpty() || paramSpecs.isEmpty()) {
        printError(usage);
        return kExitBadInput;
    }
    if (merge && plan) {
        printError(QStringLiteral("error: --plan and --merge: --plan prints the runs to do, --merge reads their results; give "
                                  "one of them"));
        return kExitBadInput;
    }
    if (plan && !outDir.isEmpty()) {
        // The plan's runs write their files into --out: it must be a directory they can write.
        const QFileInfo fi(outDir);
        if (fi.exists() && !fi.isDir()) {
            printError(QStringLiteral("error: sweep --plan --out %1: not a directory; nothing was printed").arg(outDir));
            return kExitBadInput;
        }
        if (fi.exists() && !fi.isWritable()) {
            printError(QStringLiteral("error: sweep --plan --out %1: not writable; nothing was printed").arg(outDir));
            return kExitBadInput;
        }
    }
    if (merge && mergeDirs.isEmpty()) {
        printError(QStringLiteral("error: --merge needs at least one directory"));
        return kExitBadInput;
    }
    bool ok = false;
    const qlonglong nSeeds = seedsText.toLongLong(&ok);
    if (!ok || nSeeds < 1 || nSeeds > 10000) {
        printError(QStringLiteral("error: --seeds %1: expected a number from 1 to 10000").arg(seedsText));
        return kExitBadInput;
    }
    const unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
    unsigned jobs = cpus;
    if (!jobsText.isEmpty()) {
        // Each job holds a whole simulation: more than 4 per CPU only costs memory.
        const int maxJobs = static_cast<int>(std::min(256u, 4 * cpus));
        const int j = jobsText.toInt(&ok);
        if (!ok || j < 1 || j > maxJobs) {
            printError(QStringLiteral("error: --jobs %1: expected a number from 1 to %2 (4 per CPU, %3 CPU(s), at most 256)")
                           .arg(jobsText)
                           .arg(maxJobs)
                           .arg(cpus));
            return kExitBadInput;
        }
        jobs = static_cast<unsigned>(j);
    }
    if (refuseSeedSet(QStringLiteral("sweep"), ov))
        return kExitBadInput;
    auto scenario = loadScenarioOrReport(sw.file);
    if (!scenario || !applyOverrides(*scenario, ov) || (!plan && !checkOutDir(QStringLiteral("sweep"), outDir, *scenario, {})))
        return kExitBadInput;
    sw.base = *scenario;
    sw.metric = metric.toStdString();
    // Seeds (as compare): 1..N, or the first N of the scenario's pinned list,
    // extended after its largest seed when the list is shorter.
    sw.seeds = chooseSeeds(sw.base.seeds, static_cast<std::size_t>(nSeeds), seedsGiven);
    // Parameters: ranges, then each value checked against the parameter's own validation.
    double totalPoints = 1;
    for (const QString &spec : paramSpecs) {
        ParamAxis axis;
        if (QString e = parseAxis(spec, axis); !e.isEmpty()) {
            printError(QStringLiteral("error: ") + e);
            return kExitBadInput;
        }
        for (const auto &other : sw.axes)
            if (other.name == axis.name) {
                printError(QStringLiteral("error: --param %1: %2 is swept twice; give each parameter once")
                               .arg(spec, QString::fromStdString(axis.name)));
                return kExitBadInput;
            }
        // Every point runs every seed of --seeds: a seed axis would be replaced by them.
        if (axis.name == "seed") {
            printError(QStringLiteral("error: --param %1: the seed is not a parameter to sweep; every grid point runs the "
                                      "seeds --seeds N chooses (1..N, or the scenario's `seeds:` list)")
                           .arg(spec));
            return kExitBadInput;
        }
        for (const auto &v : axis.values) {
            Scenario probe = sw.base;
            if (std::string e = applyParam(probe, axis.name, v); !e.empty()) {
                printError(QStringLiteral("error: --param %1=%2: %3")
                               .arg(QString::fromStdString(axis.name), QString::fromStdString(v), QString::fromStdString(e)));
                return kExitBadInput;
            }
        }
        totalPoints *= static_cast<double>(axis.values.size());
        sw.axes.push_back(std::move(axis));
    }
    if (totalPoints > static_cast<double>(kMaxGridPoints)) {
        printError(QStringLiteral("error: sweep: %1 grid points; at most %2 are allowed")
                       .arg(totalPoints, 0, 'g', 6)
                       .arg(kMaxGridPoints));
        return kExitBadInput;
    }
    sw.points = static_cast<std::size_t>(totalPoints);
    // The metric must be a flatCounters name.
    {
        SimOptions o;
        o.record = false;
        Simulation probe(sw.base, o);
        const Snapshot snap = probe.snapshot(false);
        bool known = false;
        QStringList names;
        for (const auto &[name, v] : flatCounters(snap)) {
            known = known || name == sw.metric;
            names << QString::fromStdString(name);
        }
        if (!known) {
            printError(
                QStringLiteral("error: --metric %1: unknown metric; one of: %2").arg(metric, names.join(QStringLiteral(", "))));
            return kExitBadInput;
        }
    }

    if (plan) {
        const QString exe = QCoreApplication::arguments().value(0, QStringLiteral("watermark-explorer"));
        const QString dir = outDir.isEmpty() ? QStringLiteral("sweep-runs") : outDir;
        QString out;
        for (std::size_t p = 0; p < sw.points; ++p) {
            const auto idx = sw.indices(p);
            for (auto seed : sw.seeds) {
                QStringList cmd {shellQuote(exe), QStringLiteral("run"), shellQuote(sw.file)};
                if (ov.policy)
                    cmd << QStringLiteral("--policy") << shellQuote(*ov.policy);
                if (ov.duration)
                    cmd << QStringLiteral("--duration") << shellQuote(*ov.duration);
                for (const auto &s : userSets)
                    cmd << QStringLiteral("--set") << shellQuote(s);
                for (std::size_t a = 0; a < sw.axes.size(); ++a)
                    cmd << QStringLiteral("--set")
                        << shellQuote(QString::fromStdString(sw.axes[a].name + "=" + sw.axes[a].values[idx[a]]));
                cmd << QStringLiteral("--seed") << QString::number(seed) << QStringLiteral("--json") << QStringLiteral(">")
                    << shellQuote(QStringLiteral("%1/point-%2-seed-%3.json").arg(dir).arg(p).arg(seed));
                out += cmd.join(QLatin1Char(' ')) + QLatin1Char('\n');
            }
        }
        printOut(out);
        return kExitOk;
    }

    QElapsedTimer timer;
    timer.start();
    const int rc = merge ? mergeAll(sw, mergeDirs) : runAll(sw, jobs);
    if (rc != kExitOk)
        return rc;
    const double wall = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    if (!outDir.isEmpty()) {
        QStringList cmdline = QCoreApplication::arguments();
        if (int w = writeOutputs(sw, outDir, wall, cmdline); w != kExitOk)
            return w;
    }
    if (json)
        printOut(QString::fromUtf8(QJsonDocument(sweepJson(sw, wall)).toJson(QJsonDocument::Indented)));
    else
        printOut(summaryText(sw));
    return kExitOk;
}

} // namespace wm::cli
