#pragma once
// x86-64 constants with 4 KiB pages (docs/model.md §1).
#include <cstdint>

namespace wm {

using pages_t = std::int64_t; // page counts; signed so that differences are safe

// floor(a * b / c) with a 128-bit intermediate, as the kernel's u64 multiply
// then do_div() (operands here are page counts, far below 2^63).
__extension__ typedef __int128 wm_int128_t;
constexpr std::int64_t mulDiv(std::int64_t a, std::int64_t b, std::int64_t c)
{
    // 64-bit arithmetic when the product fits (the common case; 128-bit division is slow).
    std::int64_t p = 0;
    if (!__builtin_mul_overflow(a, b, &p))
        return p / c;
    return static_cast<std::int64_t>(static_cast<wm_int128_t>(a) * b / c);
}

inline constexpr int kPageShift = 12; // PAGE_SHIFT
inline constexpr pages_t kPageSizeKb = 4; // PAGE_SIZE / 1024
inline constexpr int kPageblockOrder = 9; // pageblock_order with THP (HPAGE_PMD_ORDER)
inline constexpr pages_t kPageblockNrPages = 512; // pageblock_nr_pages
inline constexpr int kMaxPageOrder = 10; // MAX_PAGE_ORDER
inline constexpr int kMaxNumNodes = 1024; // MAX_NUMNODES with the largest CONFIG_NODES_SHIFT (10)
inline constexpr pages_t kSwapClusterMax = 32; // SWAP_CLUSTER_MAX
inline constexpr int kDefPriority = 12; // DEF_PRIORITY
inline constexpr int kMaxReclaimRetries = 16; // MAX_RECLAIM_RETRIES
inline constexpr int kMigratePcptypes = 3; // MIGRATE_PCPTYPES
inline constexpr int kMaxReclaimFailures = 16; // MAX_RECLAIM_RETRIES as used for kswapd_failures

// Sysctl limits (mm/page_alloc.c page_alloc_sysctl_table).
inline constexpr std::int64_t kWatermarkScaleFactorMin = 1;
inline constexpr std::int64_t kWatermarkScaleFactorMax = 3000;
inline constexpr std::int64_t kWatermarkScaleFactorDefault = 10;
inline constexpr std::int64_t kWatermarkBoostFactorDefault = 15000;
inline constexpr std::int64_t kMinFreeKbytesStaticDefault = 1024;
// calculate_min_free_kbytes() clamp.
inline constexpr std::int64_t kMinFreeKbytesClampLow = 128;
inline constexpr std::int64_t kMinFreeKbytesClampHigh = 262144;

} // namespace wm
