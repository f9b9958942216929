// watermark-explorer compare SCENARIO.yaml --policies ID,ID,... [--seeds N]
//                            [--duration T] [--set key=value]... [--json] [--out DIR]
// Runs every policy x seed (seeds 1..N, default 5, unless the scenario pins
// `seeds`) in parallel on all cores, each run its own Simulation; results are
// stored by (policy, seed) index, so the output does not depend on thread
// scheduling. The first policy is the baseline of the paired differences.
#include "cli/clicommon.h"
#include "cli/commands.h"
#include "cli/comparereport.h"
#include "cli/runoutputs.h"
#include "cli/runreport.h"
#include "policy/registry.h"
#include "scenario/params.h"
#include "sim/simulation.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <algorithm>
#include <atomic>
#include <thread>

namespace wm::cli {

namespace {

QString synopsis()
{
    return QLatin1String(findCommand(QStringLiteral("compare"))->synopsis);
}

QString knownPolicies()
{
    QStringList ids;
    for (const auto &p : policyInfos())
        ids << QString::fromStdString(p.id);
    return ids.join(QStringLiteral(", "));
}

} // namespace

int cmdCompare(const QStringList &args)
{
    ArgReader r(args);
    QString file, value, error, outDir, policiesArg;
    Overrides ov;
    bool json = false;
    std::optional<int> seedCount;
    while (!r.atEnd()) {
        if (r.flag(QStringLiteral("--json"))) {
            json = true;
        } else if (r.single(QStringLiteral("--policies"), value, error)) {
            policiesArg = value;
        } else if (r.single(QStringLiteral("--seeds"), value, error)) {
            bool ok = false;
            const int n = value.toInt(&ok);
            if (!ok || n < 1 || n > 1000) {
                printError(QStringLiteral("error: --seeds expects a number of seeds in [1, 1000], got '%1'").arg(value));
                return kExitBadInput;
            }
            seedCount = n;
        } else if (r.single(QStringLiteral("--duration"), value, error)) {
            ov.duration = value;
        } else if (r.single(QStringLiteral("--out"), value, error)) {
            outDir = value;
        } else if (r.option(QStringLiteral("--set"), value, error)) {
            addSetOverride(value, ov, error);
        } else {
            const QString a = r.next();
            if (a.startsWith(QLatin1String("--")) || !file.isEmpty()) {
                printError(
                    QStringLiteral("error: compare: unexpected argument '%1'\nusage: watermark-explorer %2").arg(a, synopsis()));
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
        printError(QStringLiteral("usage: watermark-explorer %1").arg(synopsis()));
        return kExitBadInput;
    }
    QStringList ids;
    for (const QString &id : policiesArg.split(QLatin1Char(','))) {
        const QString t = id.trimmed();
        if (t.isEmpty() && !policiesArg.trimmed().isEmpty()) {
            printError(
                QStringLiteral("error: --policies '%1': an empty policy id (known: %2)").arg(policiesArg, knownPolicies()));
            return kExitBadInput;
        }
        if (t.isEmpty())
            continue;
        if (!findPolicyInfo(t.toStdString())) {
            printError(QStringLiteral("error: --policies: unknown policy '%1' (known: %2)").arg(t, knownPolicies()));
            return kExitBadInput;
        }
        if (ids.contains(t)) {
            printError(QStringLiteral("error: --policies: '%1' given twice").arg(t));
            return kExitBadInput;
        }
        ids << t;
    }
    if (ids.isEmpty()) {
        printError(QStringLiteral("error: --policies needs at least one policy id (known: %1)").arg(knownPolicies()));
        return kExitBadInput;
    }
    // `--set policy.<knob>=V` is for the compared policies that have the knob,
    // applied after each one is chosen (the scenario's own policy may have none).
    std::vector<std::pair<std::string, std::string>> knobSets;
    std::erase_if(ov.sets, [&knobSets](const std::pair<std::string, std::string> &kv) {
        if (kv.first.rfind("policy.", 0) != 0)
            return false;
        knobSets.push_back(kv);
        return true;
    });
    if (refuseSeedSet(QStringLiteral("compare"), ov))
        return kExitBadInput;
    for (const auto &[key, v] : ov.sets)
        if (key == "policy") {
            // Every compared policy replaces it: it would be silently ignored.
            printError(QStringLiteral("error: compare: --set policy=%1: compare runs the policies --policies lists; use "
                                      "--policies %1,... (or `run --policy %1` for one)")
                           .arg(QString::fromStdString(v)));
            return kExitBadInput;
        }
    auto scenario = loadScenarioOrReport(file);
    if (!scenario || !applyOverrides(*scenario, ov))
        return kExitBadInput;
    std::vector<std::string> policyIds;
    for (const QString &id : ids)
        policyIds.push_back(id.toStdString());
    if (!checkOutDir(QStringLiteral("compare"), outDir, *scenario, compareScenarioNames(policyIds)))
        return kExitBadInput;

    // Seeds: 1..N; a scenario's pinned list replaces 1..N, and an explicit
    // --seeds N (the user's word) takes its first N, extended with fresh seeds
    // after the largest when the list is shorter.
    const std::vector<std::uint64_t> seeds = chooseSeeds(scenario->seeds,
        seedCount ? static_cast<std::size_t>(*seedCount) : (scenario->seeds.empty() ? 5 : scenario->seeds.size()),
        seedCount.has_value());

    // One scenario per policy (knobs of the scenario's own policy are kept for it).
    std::vector<Scenario> perPolicy;
    std::vector<bool> knobUsed(knobSets.size(), false);
    for (const QString &id : ids) {
        Scenario s = *scenario;
        if (const std::string err = applyParam(s, "policy", id.toStdString()); !err.empty()) {
            printError(QStringLiteral("error: --policies %1: %2").arg(id, QString::fromStdString(err)));
            return kExitBadInput;
        }
        const PolicyInfo *info = findPolicyInfo(id.toStdString());
        for (std::size_t i = 0; i < knobSets.size(); ++i) {
            const auto &[key, knobValue] = knobSets[i];
            const std::string knob = key.substr(7);
            if (!info || std::none_of(info->knobs.begin(), info->knobs.end(), [&](const KnobInfo &k) { return k.name == knob; }))
                continue;
            if (const std::string err = applyParam(s, key, knobValue); !err.empty()) {
                printError(
                    QStringLiteral("error: --set %1=%2 (%3): %4")
                        .arg(QString::fromStdString(key), QString::fromStdString(knobValue), id, QString::fromStdString(err)));
                return kExitBadInput;
            }
            knobUsed[i] = true;
        }
        perPolicy.push_back(std::move(s));
    }
    for (std::size_t i = 0; i < knobSets.size(); ++i)
        if (!knobUsed[i]) {
            printError(QStringLiteral("error: --set %1: none of the compared policies (%2) has the knob '%3'")
                           .arg(QString::fromStdString(knobSets[i].first), ids.join(QLatin1Char(',')),
                               QString::fromStdString(knobSets[i].first.substr(7))));
            return kExitBadInput;
        }

    CompareInput in;
    in.scenario = scenario->name;
    in.scenarioFile = file.toStdString();
    in.durationSeconds = static_cast<double>(scenario->duration) / 1e6;
    in.seeds = seeds;
    in.policies.resize(perPolicy.size());
    for (std::size_t p = 0; p < perPolicy.size(); ++p) {
        in.policies[p].policy = ids[static_cast<qsizetype>(p)].toStdString();
        in.policies[p].runs.resize(seeds.size());
    }

    const std::size_t jobs = perPolicy.size() * seeds.size();
    std::atomic<std::size_t> next {0};
    auto worker = [&] {
        for (std::size_t j = next++; j < jobs; j = next++) {
            const std::size_t p = j / seeds.size(), s = j % seeds.size();
            Scenario sc = perPolicy[p];
            sc.seed = seeds[s];
            SimOptions opt;
            opt.record = false;
            opt.recorderCapacity = 16;
            opt.eventCapacity = 1000;
            Simulation sim(std::move(sc), opt);
            sim.runToEnd();
            const Snapshot snap = sim.snapshot(false);
            in.policies[p].runs[s] = {seeds[s], flatCounters(snap)};
        }
    };
    const std::size_t threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, jobs);
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t)
        pool.emplace_back(worker);
    worker();
    for (auto &t : pool)
        t.join();

    const QByteArray jsonDoc = QJsonDocument(compareJson(in)).toJson(QJsonDocument::Indented);
    const QString text = compareText(in);
    if (!outDir.isEmpty()) {
        // Review bundle (runoutputs.h): summary.txt, compare.json, per-policy run
        // outputs of the first seed, the overlay chart and a manifest listing
        // everything, staged and moved in only when complete.
        CompareOutputsRequest bundle;
        bundle.dir = outDir;
        bundle.base = *scenario;
        bundle.policies = policyIds;
        bundle.firstSeed = seeds.front();
        bundle.seeds = seeds;
        bundle.summaryText = text;
        bundle.compareJson = compareJson(in);
        bundle.commandLine = QCoreApplication::arguments();
        if (const int rc = writeCompareOutputs(bundle); rc != kExitOk)
            return rc;
    }
    printOut(json ? QString::fromUtf8(jsonDoc) : text);
    return kExitOk;
}

} // namespace wm::cli
