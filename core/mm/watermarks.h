#pragma once
// Watermark arithmetic of mm/page_alloc.c and mm/khugepaged.c, as pure
// functions over plain numbers so they can be tested against the worked
// vectors of docs/model.md §2.8 and against real /proc/zoneinfo (§12).
#include "mm/constants.h"
#include "mm/zone_type.h"

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

namespace wm {

// mult_frac(x, n, d): floor(x * n / d) (include/linux/math.h computes it as
// (x / d) * n + (x % d) * n / d, the same value). In 128 bits and saturated, so
// the boost cap of an absurdly large zone with watermark_boost_factor = INT_MAX
// does not wrap.
constexpr std::int64_t multFrac(std::int64_t x, std::int64_t n, std::int64_t d)
{
    const wm_int128_t r = static_cast<wm_int128_t>(x) * n / d;
    constexpr wm_int128_t kMax = std::numeric_limits<std::int64_t>::max();
    return static_cast<std::int64_t>(r > kMax ? kMax : r);
}

// int_sqrt(): floor(sqrt(x)) (lib/math/int_sqrt.c).
std::int64_t intSqrt(std::uint64_t x);

// calculate_min_free_kbytes(): clamp(int_sqrt(lowmem_kbytes * 16), 128, 262144).
// `lowmemManagedPages` is nr_free_buffer_pages() at boot = sum of managed of zones <= Normal.
std::int64_t calculateMinFreeKbytes(pages_t lowmemManagedPages);

// One zone's input and output of __setup_per_zone_wmarks().
struct ZoneWatermarkInput {
    ZoneType type = ZoneType::Normal;
    pages_t managed = 0;
};

struct ZoneWatermarks {
    std::array<pages_t, 4> watermark {}; // _watermark[WMARK_MIN..WMARK_PROMO], without boost
    pages_t min() const { return watermark[0]; }
    pages_t low() const { return watermark[1]; }
    pages_t high() const { return watermark[2]; }
    pages_t promo() const { return watermark[3]; }
};

// __setup_per_zone_wmarks() over every zone of every node. `zones` is the flat
// list of all zones of all nodes; the lowmem sum runs over all of them.
// `scaleBoost` (per zone, may be empty) is v4's watermark_scale_boost added to
// watermark_scale_factor in the step term.
std::vector<ZoneWatermarks> setupPerZoneWmarks(const std::vector<ZoneWatermarkInput> &zones, std::int64_t minFreeKbytes,
    std::int64_t watermarkScaleFactor, const std::vector<std::int64_t> &scaleBoost = {});

// set_recommended_min_free_kbytes() (mm/khugepaged.c): 512*11 pages per populated
// zone <= Normal, capped at nr_free_buffer_pages() / 20, in kB.
std::int64_t recommendedMinFreeKbytes(int populatedLowmemZones, pages_t freeBufferPages);

// nr_free_buffer_pages(): sum over the zones <= Normal of managed - high_wmark_pages (where positive).
pages_t nrFreeBufferPages(const std::vector<ZoneWatermarkInput> &zones, const std::vector<ZoneWatermarks> &marks);

// The boot value the kernel ends up with: the sqrt default, raised to the THP
// recommended value when THP is enabled and that is larger. (`zones`: every
// zone of every node; HighMem and Movable do not count.)
std::int64_t bootMinFreeKbytes(const std::vector<ZoneWatermarkInput> &zones, std::int64_t watermarkScaleFactor, bool thp);

// Pre-v4.6 formula (before commit 795ae7a0de6b): low = min + min/4, high = min + min/2.
std::vector<ZoneWatermarks> setupPerZoneWmarksPre46(const std::vector<ZoneWatermarkInput> &zones, std::int64_t minFreeKbytes);

// setup_per_zone_lowmem_reserve() for one node. `managed[i]` is indexed by zone
// type (0 for absent zones). `emptyUpperZoneIsZero` selects the v6.12 rule
// (0 when zone j is empty); v6.6 and v6.18 keep the cumulative sum.
using LowmemReserve = std::array<pages_t, kMaxNrZones>;
std::array<LowmemReserve, kMaxNrZones> setupPerZoneLowmemReserve(const std::array<pages_t, kMaxNrZones> &managed,
    const std::array<std::int64_t, kMaxNrZones> &ratio, bool emptyUpperZoneIsZero = false);

// boost_watermark(): the new watermark_boost after one fragmentation event, or
// nullopt-like `-1` when the kernel returns false (factor 0, small zone, no high yet).
struct BoostResult {
    bool boosted = false;
    pages_t newBoost = 0;
    pages_t maxBoost = 0;
};
BoostResult boostWatermark(pages_t currentBoost, pages_t managed, pages_t unboostedHigh, std::int64_t watermarkBoostFactor,
    pages_t step = kPageblockNrPages);

// reserve_highatomic_pageblock() cap (v6.12): ALIGN(managed/100, pageblock), 0 below one pageblock.
pages_t highatomicMax(pages_t managed);

} // namespace wm
