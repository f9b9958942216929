#include "mm/watermarks.h"

#include <algorithm>
#include <cmath>

namespace wm {

std::int64_t intSqrt(std::uint64_t x)
{
    // lib/math/int_sqrt.c computes floor(sqrt(x)); do it exactly in integers.
    auto r = static_cast<std::uint64_t>(std::sqrt(static_cast<double>(x)));
    while (r * r > x)
        --r;
    while ((r + 1) * (r + 1) <= x)
        ++r;
    return static_cast<std::int64_t>(r);
}

std::int64_t calculateMinFreeKbytes(pages_t lowmemManagedPages)
{
    // calculate_min_free_kbytes(): lowmem_kbytes = nr_free_buffer_pages() * (PAGE_SIZE >> 10);
    // new_min_free_kbytes = int_sqrt(lowmem_kbytes * 16), clamped to [128, 262144].
    const auto lowmemKbytes = static_cast<std::uint64_t>(std::max<pages_t>(lowmemManagedPages, 0)) * kPageSizeKb;
    // Far past the 262144 clamp (4 TiB of lowmem) long before lowmem_kbytes * 16 could wrap.
    if (lowmemKbytes > (std::uint64_t {1} << 50))
        return kMinFreeKbytesClampHigh;
    return std::clamp(intSqrt(lowmemKbytes * 16), kMinFreeKbytesClampLow, kMinFreeKbytesClampHigh);
}

std::int64_t recommendedMinFreeKbytes(int populatedLowmemZones, pages_t freeBufferPages)
{
    // set_recommended_min_free_kbytes() (mm/khugepaged.c): two pageblocks per zone for
    // fragmentation avoidance plus MIGRATE_PCPTYPES^2 pageblocks per zone for fallbacks.
    const auto nrZones = static_cast<pages_t>(populatedLowmemZones);
    pages_t recommended = kPageblockNrPages * nrZones * 2;
    recommended += kPageblockNrPages * nrZones * kMigratePcptypes * kMigratePcptypes;
    // Don't consume more than 5% of lowmem: nr_free_buffer_pages() / 20.
    recommended = std::min(recommended, freeBufferPages / 20);
    return recommended << (kPageShift - 10);
}

pages_t nrFreeBufferPages(const std::vector<ZoneWatermarkInput> &zones, const std::vector<ZoneWatermarks> &marks)
{
    // nr_free_zone_pages(gfp_zone(GFP_USER)): every zone <= ZONE_NORMAL of the
    // zonelist (all nodes), managed minus its high watermark where positive.
    pages_t sum = 0;
    for (std::size_t i = 0; i < zones.size() && i < marks.size(); ++i)
        if (zoneIndex(zones[i].type) <= zoneIndex(ZoneType::Normal) && zones[i].managed > marks[i].high())
            sum += zones[i].managed - marks[i].high();
    return sum;
}

std::int64_t bootMinFreeKbytes(const std::vector<ZoneWatermarkInput> &zones, std::int64_t watermarkScaleFactor, bool thp)
{
    // init_per_zone_wmark_min(): calculate_min_free_kbytes() while every
    // watermark is still 0, so nr_free_buffer_pages() is the lowmem zones' managed sum.
    pages_t lowmem = 0;
    int populatedLowmem = 0;
    for (const auto &z : zones)
        if (zoneIndex(z.type) <= zoneIndex(ZoneType::Normal) && z.managed > 0) {
            lowmem += z.managed;
            ++populatedLowmem;
        }
    const std::int64_t sqrtDefault = calculateMinFreeKbytes(lowmem);
    if (!thp)
        return sqrtDefault;
    // Then setup_per_zone_wmarks() with it, and khugepaged's
    // set_recommended_min_free_kbytes(): its 5% cap sees managed minus those
    // high watermarks. The THP value replaces the default only when larger.
    const auto marks = setupPerZoneWmarks(zones, sqrtDefault, watermarkScaleFactor, {});
    return std::max(sqrtDefault, recommendedMinFreeKbytes(populatedLowmem, nrFreeBufferPages(zones, marks)));
}

namespace {
pages_t lowmemPages(const std::vector<ZoneWatermarkInput> &zones)
{
    pages_t sum = 0;
    for (const auto &z : zones)
        if (!isHighmemOrMovable(z.type))
            sum += z.managed;
    return sum;
}
} // namespace

std::vector<ZoneWatermarks> setupPerZoneWmarks(const std::vector<ZoneWatermarkInput> &zones, std::int64_t minFreeKbytes,
    std::int64_t watermarkScaleFactor, const std::vector<std::int64_t> &scaleBoost)
{
    // __setup_per_zone_wmarks() (v6.12 mm/page_alloc.c).
    const pages_t pagesMin = minFreeKbytes >> (kPageShift - 10);
    const pages_t lowmem = lowmemPages(zones);
    std::vector<ZoneWatermarks> out(zones.size());
    for (std::size_t i = 0; i < zones.size(); ++i) {
        const auto &z = zones[i];
        // tmp = (u64)pages_min * zone_managed_pages(zone); do_div(tmp, lowmem_pages);
        pages_t tmp = lowmem > 0 ? mulDiv(pagesMin, z.managed, lowmem) : 0;
        pages_t wmin = tmp;
        if (isHighmemOrMovable(z.type)) {
            // __GFP_HIGH and PF_MEMALLOC allocations usually don't need highmem pages,
            // so cap pages_min to a small value: clamp(managed/1024, SWAP_CLUSTER_MAX, 128).
            wmin = std::clamp<pages_t>(z.managed / 1024, kSwapClusterMax, 128);
        }
        const std::int64_t wsf = watermarkScaleFactor + (i < scaleBoost.size() ? scaleBoost[i] : 0);
        // The step uses the uncapped proportional tmp, also for HighMem/Movable.
        const pages_t step = std::max(tmp >> 2, multFrac(z.managed, wsf, 10000));
        out[i].watermark = {wmin, wmin + step, wmin + 2 * step, wmin + 3 * step};
    }
    return out;
}

std::vector<ZoneWatermarks> setupPerZoneWmarksPre46(const std::vector<ZoneWatermarkInput> &zones, std::int64_t minFreeKbytes)
{
    const pages_t pagesMin = minFreeKbytes >> (kPageShift - 10);
    const pages_t lowmem = lowmemPages(zones);
    std::vector<ZoneWatermarks> out(zones.size());
    for (std::size_t i = 0; i < zones.size(); ++i) {
        const auto &z = zones[i];
        pages_t tmp = lowmem > 0 ? mulDiv(pagesMin, z.managed, lowmem) : 0;
        pages_t wmin = isHighmemOrMovable(z.type) ? std::clamp<pages_t>(z.managed / 1024, kSwapClusterMax, 128) : tmp;
        out[i].watermark = {wmin, wmin + (tmp >> 2), wmin + (tmp >> 1), wmin + (tmp >> 1)};
    }
    return out;
}

std::array<LowmemReserve, kMaxNrZones> setupPerZoneLowmemReserve(const std::array<pages_t, kMaxNrZones> &managed,
    const std::array<std::int64_t, kMaxNrZones> &ratio, bool emptyUpperZoneIsZero)
{
    // setup_per_zone_lowmem_reserve(): lowmem_reserve[i][j] = sum(managed[i+1..j]) / ratio[i].
    std::array<LowmemReserve, kMaxNrZones> out {};
    for (int i = 0; i < kMaxNrZones; ++i) {
        pages_t upper = 0;
        for (int j = i + 1; j < kMaxNrZones; ++j) {
            upper += managed[static_cast<std::size_t>(j)];
            const bool clear = ratio[static_cast<std::size_t>(i)] == 0 || managed[static_cast<std::size_t>(i)] == 0
                || (emptyUpperZoneIsZero && managed[static_cast<std::size_t>(j)] == 0);
            out[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]
                = clear ? 0 : upper / ratio[static_cast<std::size_t>(i)];
        }
    }
    return out;
}

BoostResult boostWatermark(
    pages_t currentBoost, pages_t managed, pages_t unboostedHigh, std::int64_t watermarkBoostFactor, pages_t step)
{
    // boost_watermark() (v6.12 mm/page_alloc.c).
    BoostResult r {false, currentBoost, 0};
    if (watermarkBoostFactor == 0)
        return r;
    // Don't bother in zones so small that boosting is pointless (commit 14f69140ff9c).
    if ((kPageblockNrPages * 4) > managed)
        return r;
    pages_t maxBoost = multFrac(unboostedHigh, watermarkBoostFactor, 10000);
    // High watermark not set up yet (early boot).
    if (!maxBoost)
        return r;
    maxBoost = std::max(kPageblockNrPages, maxBoost);
    r.maxBoost = maxBoost;
    r.newBoost = std::min(currentBoost + step, maxBoost);
    r.boosted = true;
    return r;
}

pages_t highatomicMax(pages_t managed)
{
    // reserve_highatomic_pageblock() (v6.12): ALIGN(zone_managed_pages(zone) / 100, pageblock_nr_pages),
    // and nothing at all when managed/100 is below one pageblock.
    const pages_t onePercent = managed / 100;
    if (onePercent < kPageblockNrPages)
        return 0;
    return (onePercent + kPageblockNrPages - 1) / kPageblockNrPages * kPageblockNrPages;
}

} // namespace wm
