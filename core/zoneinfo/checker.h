#pragma once
// Checks the watermarks of a parsed /proc/zoneinfo against the kernel's rules:
// recomputes every zone's min/low/high with __setup_per_zone_wmarks()
// (mm/watermarks.h setupPerZoneWmarks) from the printed managed pages and the
// sysctls, and explains each difference:
//
//   exact           observed == computed + printed boost (min, low, high, and promo when printed)
//   legacy-formula  exact, but only with an older kernel's rule: the pre-4.6 formula
//                   (low = min + min/4, high = min + min/2; before commit 795ae7a0de6b)
//                   or ZONE_MOVABLE treated as lowmem (empty Movable shows 0, not 32).
//                   Counted as exact.
//   boost           the marks carry a boost of N pages that the kernel did not print
//                   (5.0-era output: all marks off by the same N, possibly on top of a
//                   managed drift), or the 5.0-5.2 stale boost folded into low and high
//   drift           managed pages changed after the watermarks were computed: a managed
//                   value within 5% of the printed one reproduces the marks exactly
//   mismatch        none of the above
//
// It also recomputes "protection" (lowmem_reserve) with setup_per_zone_lowmem_reserve()
// under both the cumulative rule (v6.6, v6.18) and the v6.12 empty-upper-zone rule.
#include "mm/watermarks.h"
#include "zoneinfo/parser.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wm {

enum class SysctlSource : std::uint8_t { Header, Flags, Proc, Default };
std::string_view sysctlSourceName(SysctlSource s); // "header", "flags", "proc", "default"

// Sysctl values from one source (command-line flags, or /proc/sys/vm).
struct ZoneinfoSysctlValues {
    std::optional<std::int64_t> minFreeKbytes;
    std::optional<std::int64_t> watermarkScaleFactor;
    std::optional<std::int64_t> watermarkBoostFactor;
    std::optional<std::vector<std::int64_t>> lowmemReserveRatio; // kernel zone order
};

// Reads min_free_kbytes, watermark_scale_factor, watermark_boost_factor and
// lowmem_reserve_ratio from `dir` (default /proc/sys/vm). Missing files stay nullopt.
ZoneinfoSysctlValues readProcSysctls(const std::string &dir = "/proc/sys/vm");

struct ZoneinfoCheckOptions {
    ZoneinfoSysctlValues flags; // explicit overrides: win over the header
    std::optional<ZoneinfoSysctlValues> proc; // the live machine's /proc/sys/vm (used after the header)
    bool thp = true; // for the default min_free_kbytes (bootMinFreeKbytes)
};

// The sysctls the check used. Precedence: flags > file header > /proc (live file) > kernel default.
struct ZoneinfoSysctls {
    std::int64_t minFreeKbytes = 0;
    SysctlSource minFreeKbytesSource = SysctlSource::Default;
    std::int64_t watermarkScaleFactor = kWatermarkScaleFactorDefault;
    SysctlSource watermarkScaleFactorSource = SysctlSource::Default;
    std::int64_t watermarkBoostFactor = kWatermarkBoostFactorDefault;
    SysctlSource watermarkBoostFactorSource = SysctlSource::Default;
    std::vector<std::int64_t> lowmemReserveRatio; // positional (kernel zone order); empty = defaults by zone type
    SysctlSource lowmemReserveRatioSource = SysctlSource::Default;
    // One word for min_free_kbytes and watermark_scale_factor together: their common
    // source, or the higher-precedence one when they differ.
    SysctlSource source() const;
};

ZoneinfoSysctls resolveZoneinfoSysctls(const ZoneinfoParseResult &parsed, const ZoneinfoCheckOptions &options);

// The default lowmem_reserve_ratio of a zone (sysctl_lowmem_reserve_ratio[]): DMA 256, DMA32 256, Normal 32, else 0.
std::int64_t defaultLowmemReserveRatio(std::optional<ZoneType> type);

enum class ZoneVerdict : std::uint8_t { Exact, LegacyFormula, Boost, Drift, Mismatch };
std::string_view zoneVerdictName(ZoneVerdict v); // "exact", "legacy-formula", "boost", "drift", "mismatch"

struct ZoneCheck {
    std::size_t index = 0; // into ZoneinfoParseResult::zones
    int node = 0;
    std::string zone;
    pages_t managed = 0;
    pages_t observedMin = 0, observedLow = 0, observedHigh = 0;
    std::optional<pages_t> observedBoost, observedPromo;
    ZoneWatermarks computed; // __setup_per_zone_wmarks() from the printed managed, without boost

    ZoneVerdict verdict = ZoneVerdict::Mismatch;
    pages_t boostPages = 0; // Boost: pages of boost in the observed marks
    bool staleBoost = false; // Boost: the 5.0-5.2 bug (boost folded into low and high only)
    std::optional<pages_t> driftPages; // managed now minus managed when the marks were computed
    std::optional<pages_t> managedAtSetup;
    std::string formula; // rule that reproduced the marks: "v4.6+", "v4.6+ movable-as-lowmem", "pre-4.6", ...
    std::string explanation; // one sentence in plain words

    std::optional<bool> protectionExact; // nullopt: not printed or not checkable
    std::string protectionRule; // "cumulative", "empty-zone-zero", "both" (when exact)
    std::vector<pages_t> protectionComputed; // cumulative rule (v6.6/v6.18), node's zone order
};

struct ZoneinfoCheckResult {
    ZoneinfoSysctls sysctls;
    std::vector<ZoneCheck> zones; // file order
    // Every zone is exact (legacy-formula counts as exact).
    bool allExact() const;
};

ZoneinfoCheckResult checkZoneinfo(const ZoneinfoParseResult &parsed, const ZoneinfoCheckOptions &options = {});

} // namespace wm
