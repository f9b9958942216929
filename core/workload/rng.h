#pragma once
// A small, fast, portable PRNG (xoshiro256**) and the draws the workload
// needs. No std:: distributions: their output differs between standard
// libraries, and our runs must be identical bit for bit everywhere.
#include <array>
#include <cmath>
#include <cstdint>

namespace wm {

namespace detail {
// exp(-i) for i = 0..30 and exp(-j/256) for j = 0..255 (rng.cpp; filled
// before main, and only read at run time).
struct ExpNegTables {
    std::array<double, 31> whole {};
    std::array<double, 256> frac {};
};
extern const ExpNegTables kExpNegTables;
// The inverse normal CDF at 4097 cell edges (rng.cpp, likewise).
inline constexpr int kNormalTableBits = 12;
extern const std::array<double, (1 << kNormalTableBits) + 1> kNormalTable;
} // namespace detail

class Rng
{
public:
    explicit Rng(std::uint64_t seed = 1)
    {
        std::uint64_t x = seed;
        for (auto &s : m_s)
            s = splitmix64(x);
    }
    static std::uint64_t splitmix64(std::uint64_t &x)
    {
        std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    // Uniform in (0, 1).
    double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * (1.0 / 9007199254740992.0); }
    double exponential(double mean) { return -mean * std::log(uniform()); }
    // Standard normal by inverse CDF from a 4096-entry table (rng.cpp):
    // one uniform draw and a linear interpolation, no transcendental call.
    double normal()
    {
        constexpr int bits = detail::kNormalTableBits;
        const auto &t = detail::kNormalTable;
        const std::uint64_t x = next();
        const auto i = static_cast<std::size_t>(x >> (64 - bits));
        const double frac
            = static_cast<double>((x >> 11) & ((1ULL << (53 - bits)) - 1)) / static_cast<double>(1ULL << (53 - bits));
        return t[i] + (t[i + 1] - t[i]) * frac;
    }
    // exp(-x) for 0 <= x <= 30 from two small tables and a cubic (relative
    // error below 1e-11): the draws' hot path calls it every tick, and libm's
    // exp costs more than the rest of a draw.
    static double expNeg(double x)
    {
        if (!(x > 0))
            return 1.0;
        if (x >= 30)
            return std::exp(-x);
        const auto &t = detail::kExpNegTables;
        const auto i = static_cast<std::size_t>(x);
        const double f = (x - static_cast<double>(i)) * 256.0;
        const auto j = static_cast<std::size_t>(f);
        const double r = (f - static_cast<double>(j)) * (1.0 / 256.0); // 0 <= r < 1/256
        // exp(-r) by its Taylor series to r^3: the r^4/24 term is < 2e-11.
        const double tail = 1.0 - r * (1.0 - r * (0.5 - r * (1.0 / 6.0)));
        return t.whole[i] * t.frac[j] * tail;
    }
    // Poisson(lambda): inversion for small means, a rounded normal
    // approximation (Box-Muller) for large ones.
    std::int64_t poisson(double lambda) { return poisson(lambda, lambda < 30 ? expNeg(lambda) : 0.0); }
    // The same with exp(-lambda) supplied by the caller (cached per source).
    std::int64_t poisson(double lambda, double expMinusLambda)
    {
        if (lambda <= 0)
            return 0;
        if (lambda < 30) {
            const double l = expMinusLambda;
            std::int64_t k = 0;
            double p = uniform();
            while (p > l) {
                ++k;
                p *= uniform();
            }
            return k;
        }
        const double v = std::floor(lambda + std::sqrt(lambda) * normal() + 0.5);
        return v < 0 ? 0 : static_cast<std::int64_t>(v);
    }

    // Binomial(n, p): Bernoulli trials for small n, a Poisson draw for rare
    // events, a rounded normal approximation otherwise; clamped to [0, n].
    std::int64_t binomial(std::int64_t n, double p)
    {
        if (n <= 0 || p <= 0)
            return 0;
        if (p >= 1)
            return n;
        if (n <= 16) {
            std::int64_t k = 0;
            for (std::int64_t i = 0; i < n; ++i)
                k += uniform() < p ? 1 : 0;
            return k;
        }
        const double mean = static_cast<double>(n) * p;
        std::int64_t k = 0;
        if (mean < 30 && p < 0.1) {
            k = poisson(mean);
        } else {
            const double v = std::floor(mean + std::sqrt(mean * (1 - p)) * normal() + 0.5);
            k = v < 0 ? 0 : static_cast<std::int64_t>(v);
        }
        return k > n ? n : k;
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t m_s[4];
};

} // namespace wm
