#pragma once
// `run --out DIR [--snapshot-at T]...` and `compare --out DIR`: the glue between
// a Simulation and the bundle writer (export/runbundle.h). Errors are printed
// ("error: cannot write DIR/...: reason") and reported as exit code 2.
#include "export/runbundle.h"
#include "sim/simulation.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <string>
#include <vector>

namespace wm::cli {

// Per-tick recording for series.csv: one bucket per tick up to this many per
// zone (4 zones x 2^18 buckets ~ 100 MB worst case); longer runs merge pairwise.
inline constexpr std::size_t kRunOutputsMaxBuckets = std::size_t {1} << 18;
SimOptions runOutputsSimOptions(const Scenario &s);

// Runs to the end, stopping at each time of `at` (within the run) to take a
// snapshot. Returns the snapshots taken, in time order; times that fall on the
// same tick give one snapshot (with a note on stderr).
std::vector<exporter::TimedSnapshot> runWithSnapshots(Simulation &sim, std::vector<usec_t> at);

// Parses a --snapshot-at value ("12.5s", "500ms", "12500000us"); "" or an error.
QString parseSnapshotAt(const QString &text, usec_t &out);

// Fills a bundle input from a finished simulation.
exporter::RunBundleInput runBundleInput(const Simulation &sim, double wallSeconds, const QStringList &commandLine);

// Writes DIR; prints the error and returns kExitBadInput on failure, else kExitOk.
int writeRunOutputs(const QString &dir, const Simulation &sim, double wallSeconds,
    const std::vector<exporter::TimedSnapshot> &snapshots, const QStringList &commandLine);

// compare --out DIR: for each policy, DIR/<policy>/ holds the run bundle of
// `firstSeed` (re-run here with recording on); DIR/overlay-free.{png,svg,pdf}
// draws the free pages of each policy's busiest zone (most atomic failures,
// then lowest minimum free) over time; DIR/summary.txt is `summaryText`,
// DIR/compare.json is `compareJson` (when not empty); DIR/manifest.json lists everything.
// All of it is staged and replaces DIR as a whole only when complete
// (exporter::writeBundleDirectory): on failure DIR is left as it was.
struct CompareOutputsRequest {
    QString dir;
    Scenario base; // overrides applied, policy not yet
    std::vector<std::string> policies;
    std::uint64_t firstSeed = 1;
    std::vector<std::uint64_t> seeds; // every seed of the comparison
    QString summaryText;
    QJsonObject compareJson;
    QStringList commandLine;
};
int writeCompareOutputs(const CompareOutputsRequest &req);
// Where compare --out writes each policy's scenario.yaml ("<policy>/scenario.yaml"),
// for the checks of exporter::bundleTargetProblem.
QStringList compareScenarioNames(const std::vector<std::string> &policies);

} // namespace wm::cli
