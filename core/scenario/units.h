#pragma once
// Values with explicit units, as written in scenario files and --set:
// durations ("250ms"), page counts ("64MiB", "3840 pages"), rates ("20000/s").
// Every parser returns std::nullopt on error and, when `error` is given, a
// message in domain terms ("expected a duration such as 250ms, got 'abc'").
// Every formatter produces text that parses back to exactly the same value.
#include "mm/constants.h"
#include "scenario/scenario.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wm {

inline constexpr pages_t kMaxPages = pages_t {1} << 50; // largest page count accepted anywhere

// "250ms", "10s", "1.5s", "2min", "100us", "1h", "1d", "0". Units: us ms s min h d
// (optionally separated by spaces). Must be a whole number of microseconds,
// non-negative and fit in 63 bits; a bare number is only accepted for 0.
std::optional<usec_t> parseDuration(std::string_view text, std::string *error = nullptr);
// A possibly fractional number of microseconds ("2us", "500ns", "0.5us", "1ms"),
// used for per-page costs. Units: ns us ms s; a trailing "/page" is accepted.
std::optional<double> parseDurationUs(std::string_view text, std::string *error = nullptr);
// "64MiB", "1GiB", "4096B", "1000 pages", "1 page", "1000". Units: B KiB MiB GiB TiB
// (case-insensitive), page(s); a bare number is pages. Sizes must be a whole
// number of 4 KiB pages, 0..2^50 pages.
std::optional<pages_t> parsePages(std::string_view text, std::string *error = nullptr);
// "20000/s", "5/ms", "1000" (per second), "1e6/s", "30/min". Units: /us /ms /s /min /h.
// Requests per second, finite and >= 0.
std::optional<double> parseRate(std::string_view text, std::string *error = nullptr);

// Plain values (decimal only: "010" is 10, no hex, no '_').
std::optional<std::int64_t> parseInteger(std::string_view text, std::string *error = nullptr);
std::optional<std::uint64_t> parseUnsigned(std::string_view text, std::string *error = nullptr);
// A random seed: 0 to 2^63 - 1 (reports carry it as a JSON integer).
inline constexpr std::uint64_t kMaxSeed = 9223372036854775807ULL;
std::optional<std::uint64_t> parseSeed(std::string_view text, std::string *error = nullptr);
// Finite decimal number ("0.5", "1e6"); rejects nan, inf, .nan, .inf.
std::optional<double> parseNumber(std::string_view text, std::string *error = nullptr);
// true/false, yes/no, on/off (case-insensitive), 1/0.
std::optional<bool> parseBool(std::string_view text, std::string *error = nullptr);

std::string formatDuration(usec_t us); // "250ms", "10s", "2min", "0s"
std::string formatDurationUs(double us); // "2us", "0.5us"
std::string formatPages(pages_t pages); // "3840 pages"
std::string formatRate(double perSecond); // "20000/s", "0.5/s"
std::string formatNumber(double v); // shortest text that parses back exactly: "0.5", "1e+20"
std::string formatBool(bool v); // "true" / "false"

} // namespace wm
