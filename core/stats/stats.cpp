#include "stats/stats.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace wm::stats {

double tCritical95(std::size_t df)
{
    // t_{0.975, df}, df = 1..30 (standard tables, 3 decimals).
    static constexpr std::array<double, 30> kTable {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201,
        2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
        2.045, 2.042};
    if (df == 0)
        return 0;
    if (df <= kTable.size())
        return kTable[df - 1];
    // Between table points the value falls monotonically; use the next lower
    // tabulated df (conservative: a slightly wider interval).
    if (df < 40)
        return 2.042;
    if (df < 60)
        return 2.021;
    if (df < 120)
        return 2.000;
    if (df < 1000)
        return 1.980;
    return 1.960;
}

double mean(const std::vector<double> &x)
{
    if (x.empty())
        return 0;
    double s = 0;
    for (double v : x)
        s += v;
    return s / static_cast<double>(x.size());
}

double sampleStddev(const std::vector<double> &x)
{
    if (x.size() < 2)
        return 0;
    const double m = mean(x);
    double ss = 0;
    for (double v : x)
        ss += (v - m) * (v - m);
    return std::sqrt(ss / static_cast<double>(x.size() - 1));
}

Summary summarize(const std::vector<double> &x)
{
    Summary s;
    s.n = x.size();
    s.mean = mean(x);
    s.stddev = sampleStddev(x);
    double half = 0;
    if (s.n >= 2)
        half = tCritical95(s.n - 1) * s.stddev / std::sqrt(static_cast<double>(s.n));
    s.ci95Lo = s.mean - half;
    s.ci95Hi = s.mean + half;
    return s;
}

Summary pairedDifference(const std::vector<double> &x, const std::vector<double> &baseline)
{
    const std::size_t n = std::min(x.size(), baseline.size());
    std::vector<double> d(n);
    for (std::size_t i = 0; i < n; ++i)
        d[i] = x[i] - baseline[i];
    return summarize(d);
}

} // namespace wm::stats
