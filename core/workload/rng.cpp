#include "workload/rng.h"

#include <array>

namespace wm {

namespace {
// Inverse of the standard normal CDF (Acklam's rational approximation,
// relative error < 1.2e-9), tabulated once.
double inverseNormalCdf(double p)
{
    static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
        -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double b[]
        = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
        4.374664141464968e+00, 2.938163982698783e+00};
    static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
    constexpr double plow = 0.02425, phigh = 1 - plow;
    if (p < plow) {
        const double q = std::sqrt(-2 * std::log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p <= phigh) {
        const double q = p - 0.5, r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
    const double q = std::sqrt(-2 * std::log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
        / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
}

} // namespace

namespace detail {
const std::array<double, (1 << kNormalTableBits) + 1> kNormalTable = [] {
    std::array<double, (1 << kNormalTableBits) + 1> t {};
    constexpr int size = 1 << kNormalTableBits;
    for (int i = 0; i <= size; ++i) {
        // Cell edges at (i + 0.5) / (size + 1): finite at both ends.
        t[static_cast<std::size_t>(i)] = inverseNormalCdf((i + 0.5) / (size + 1));
    }
    return t;
}();

const ExpNegTables kExpNegTables = [] {
    ExpNegTables e;
    for (std::size_t i = 0; i < e.whole.size(); ++i)
        e.whole[i] = std::exp(-static_cast<double>(i));
    for (std::size_t j = 0; j < e.frac.size(); ++j)
        e.frac[j] = std::exp(-static_cast<double>(j) / 256.0);
    return e;
}();
} // namespace detail

} // namespace wm
