#pragma once
// The compare document: every policy x seed of one scenario, summarised per
// metric as mean, sample stddev, Student-t 95% CI and the paired difference
// against the first policy (same seed). What `compare --json` prints, the
// mail-width text table, and summary.txt / compare.json of `compare --out`.
// Schema in README.md ("compare --json").
#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace wm::cli {

using FlatCounters = std::vector<std::pair<std::string, std::int64_t>>;

struct CompareRun {
    std::uint64_t seed = 0;
    FlatCounters counters; // flatCounters() of the finished run
};

struct ComparePolicy {
    std::string policy;
    std::vector<CompareRun> runs; // in the order of CompareInput::seeds
};

struct CompareInput {
    std::string scenario; // its name
    std::string scenarioFile; // the path given
    double durationSeconds = 0;
    std::vector<std::uint64_t> seeds;
    std::vector<ComparePolicy> policies; // the first is the baseline of the paired differences
};

// One metric: its value per policy and seed ([policy][seed]), counters first
// (flatCounters order) then the derived metrics.
struct MetricValues {
    std::string name;
    std::vector<std::vector<double>> values;
};
// Derived: allocstall (sum over zones), kswapd_efficiency_pct,
// direct_efficiency_pct (pgsteal/pgscan x 100, 0 without scans),
// pages_reclaimed (pgsteal_kswapd + pgsteal_direct), and
// pages_reclaimed_beyond_first (pages_reclaimed minus the first policy's, same seed).
std::vector<MetricValues> compareMetrics(const CompareInput &in);

QJsonObject compareJson(const CompareInput &in);
// Tables of at most `width` columns (default 72, for a mail), at most four
// policies each; cells "mean±ci" with k/M suffixes.
QString compareText(const CompareInput &in, int width = 72);
// "1234", "12.3k", "4.5M" -- compact, at most 5 characters for |x| < 1e12.
QString compactNumber(double x);

} // namespace wm::cli
