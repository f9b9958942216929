#pragma once
// Small-sample statistics for comparing policies over seeds: mean, sample
// standard deviation, a 95% confidence interval from Student's t, and paired
// differences against a baseline (same seed, different policy), the way
// mmtests' compare-kernels reports are read.
#include <cstddef>
#include <vector>

namespace wm::stats {

struct Summary {
    std::size_t n = 0;
    double mean = 0;
    double stddev = 0; // sample standard deviation (n - 1); 0 when n < 2
    double ci95Lo = 0; // mean -/+ t(0.975, n-1) * stddev / sqrt(n); = mean when n < 2
    double ci95Hi = 0;
    double halfWidth() const { return (ci95Hi - ci95Lo) / 2; }
};

// Two-sided 95% critical value of Student's t with `df` degrees of freedom
// (t_{0.975, df}): exact table for df 1..30, then 40, 60, 120 and 1.96 beyond.
double tCritical95(std::size_t df);

double mean(const std::vector<double> &x);
// Sample standard deviation (divisor n - 1); 0 for fewer than two values.
double sampleStddev(const std::vector<double> &x);
Summary summarize(const std::vector<double> &x);
// Paired differences x[i] - baseline[i] (same seed); the vectors must have the
// same length (the shorter length is used otherwise).
Summary pairedDifference(const std::vector<double> &x, const std::vector<double> &baseline);

} // namespace wm::stats
