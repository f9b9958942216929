#pragma once
// The one place that knows the settable parameters of a scenario: used by
// `--set key=value`, by timeline `set:` entries, by the loader's sysctl and
// reclaim sections and by the GUI parameter dock. Qt-free.
#include "scenario/scenario.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wm {

enum class ParamScope {
    Boot, // fixed for a run: only --set / the scenario file (timeline `set:` rejects it)
    Live // may change while the simulation runs (timeline `set:`, GUI dock)
};

struct ParamInfo {
    std::string key; // "vm.watermark_scale_factor", "workload.pagecache.rate", "policy.debounce_ms"
    std::string unit; // "kB", "pages/s", "us", "us/page", "bool", "pages", "id", "" (plain number)
    double min = 0; // numeric range in `unit` (durations in microseconds); 0/0 for non-numeric keys
    double max = 0;
    ParamScope scope = ParamScope::Live;
    std::string help; // one sentence
};

inline constexpr double kMaxRatePerSecond = 1e9; // any rate (requests or pages per second)
inline constexpr double kMaxDirectReclaimUsPerPage = 1e6; // 1 s per page
inline constexpr usec_t kMaxDuration = 30LL * 24 * 3600 * 1000000; // 30 days
// The longest tick: already ten times kswapd's nap (HZ/10 in kswapd_try_to_sleep()).
// Every rule runs once a tick, so longer ticks only blur them, and the requests of
// one tick that reach the slowpath cost time each (a 10-minute tick took seconds).
inline constexpr usec_t kMaxTick = 1'000'000;
inline constexpr std::int64_t kSysctlIntMax = 2147483647; // INT_MAX (proc_dointvec_minmax)

// Every key settable on `s`: the fixed keys, then workload.<name>.* for each
// source (only the fields its rate pattern has), then policy.<knob> for the
// current policy's knobs.
std::vector<ParamInfo> listParams(const Scenario &s);
// The most ticks a run may have: 2^32, 30 days at 1 ms and then some. Every
// tick costs a few hundred nanoseconds at least, so a run of 2^32 ticks already
// takes half an hour or more; 30 days at 1 us (2.6e12 ticks) would take weeks.
inline constexpr std::int64_t kMaxTicks = std::int64_t {1} << 32;
// The message for a tick longer than kMaxTick (loader and --set alike).
std::string tickTooLong(usec_t tick);
// "" when duration / tick is at most kMaxTicks, else the message (loader and --set alike).
std::string tooManyTicks(usec_t duration, usec_t tick);
std::optional<ParamInfo> findParam(const Scenario &s, std::string_view key);

// Parses and validates `value` and stores it. Returns "" on success, or an error
// that names the key ("vm.watermark_scale_factor: 5000 is out of range 1..3000",
// "unknown parameter 'vm.watermark_scale'; did you mean 'vm.watermark_scale_factor'?").
// On error the scenario is left untouched. Setting `policy` drops knobs the new
// policy does not have.
std::string applyParam(Scenario &s, std::string_view key, std::string_view value);

// The current value as text that applyParam accepts ("10", "auto", "256 256 32 0 0",
// "20000/s", "250ms"); nullopt for an unknown key.
std::optional<std::string> paramValue(const Scenario &s, std::string_view key);
// Every parameter with its value, in listParams order: one pass (paramValue per
// key would be quadratic in the number of workload sources).
std::vector<std::pair<std::string, std::string>> paramValues(const Scenario &s);

// "key=value" -> {"key", "value"} (both trimmed; the value may contain '=').
// nullopt when there is no '=' or the key is empty.
std::optional<std::pair<std::string, std::string>> splitAssignment(std::string_view keyEqualsValue);

} // namespace wm
