#include "mm/watermark_ok.h"

#include <algorithm>

namespace wm {

namespace {
// Free highatomic pages when the zone has `freePages` free (Zone::nrFreeHighatomic()).
pages_t freeHighatomic(const Zone &z, pages_t freePages)
{
    return std::min(z.nrReservedHighatomic, freePages);
}

pages_t unusableFree(const Zone &z, int order, unsigned allocFlags, pages_t freePages)
{
    // __zone_watermark_unusable_free() (v6.12): (1 << order) - 1, plus the free
    // highatomic pages for requests without a reserve flag. We model no CMA.
    pages_t unusable = (pages_t {1} << order) - 1;
    if (!(allocFlags & alloc::RESERVES))
        unusable += freeHighatomic(z, freePages);
    return unusable;
}

bool hasFreeBlock(const Zone &z, int order, unsigned allocFlags, pages_t freePages)
{
    if (order == 0)
        return freePages > 0;
    // Reserved highatomic blocks serve ALLOC_HIGHATOMIC / ALLOC_OOM requests.
    const pages_t highatomic = freeHighatomic(z, freePages);
    if ((allocFlags & (alloc::HIGHATOMIC | alloc::OOM)) && highatomic >= (pages_t {1} << order))
        return true;
    // Free memory outside the highatomic reserve that sits in blocks of at
    // least `order`: highOrderFraction of it at order 1, halving per order.
    const pages_t ordinary = std::max<pages_t>(0, freePages - highatomic);
    double frac = z.highOrderFraction;
    for (int o = 1; o < order; ++o)
        frac *= 0.5;
    const auto blocks = static_cast<pages_t>(static_cast<double>(ordinary) * frac) >> order;
    return blocks > 0;
}

bool watermarkOk(const Zone &z, int order, pages_t mark, int highestZoneidx, unsigned allocFlags, pages_t freePages)
{
    // __zone_watermark_ok() (v6.12): free pages may drop to 0 with the reserves.
    const pages_t freeUsable = freePages - unusableFree(z, order, allocFlags, freePages);
    // Check watermarks for an order-0 allocation request; high orders also need a free block.
    if (freeUsable <= watermarkThreshold(z, mark, highestZoneidx, allocFlags))
        return false;
    if (order == 0)
        return true;
    return hasFreeBlock(z, order, allocFlags, freePages);
}

bool watermarkFast(const Zone &z, int order, pages_t mark, int highestZoneidx, unsigned allocFlags, pages_t freePages)
{
    // zone_watermark_fast(): fast check for order-0 only.
    if (order == 0) {
        const pages_t usable = freePages - std::min(freePages, unusableFree(z, 0, allocFlags, freePages));
        if (usable > mark + z.lowmemReserve[static_cast<std::size_t>(highestZoneidx)])
            return true;
    }
    if (watermarkOk(z, order, mark, highestZoneidx, allocFlags, freePages))
        return true;
    // Ignore watermark boosting for __GFP_HIGH order-0 allocations when the
    // above check failed: boosting is for fragmentation, not for reserves.
    if (order == 0 && (allocFlags & alloc::MIN_RESERVE) && z.watermarkBoost != 0
        && (allocFlags & alloc::WMARK_MASK) == alloc::WMARK_MIN) {
        const pages_t unboosted = z.watermark[static_cast<std::size_t>(WatermarkIndex::Min)];
        return watermarkOk(z, order, unboosted, highestZoneidx, allocFlags, freePages);
    }
    return false;
}
} // namespace

pages_t zoneWatermarkUnusableFree(const Zone &z, int order, unsigned allocFlags)
{
    return unusableFree(z, order, allocFlags, z.free);
}

bool zoneHasFreeBlock(const Zone &z, int order, unsigned allocFlags, pages_t freePages)
{
    return hasFreeBlock(z, order, allocFlags, freePages);
}

bool zoneWatermarkOk(const Zone &z, int order, pages_t mark, int highestZoneidx, unsigned allocFlags, pages_t freePages)
{
    return watermarkOk(z, order, mark, highestZoneidx, allocFlags, freePages);
}

bool zoneWatermarkFast(const Zone &z, int order, pages_t mark, int highestZoneidx, unsigned allocFlags)
{
    return watermarkFast(z, order, mark, highestZoneidx, allocFlags, z.free);
}

bool zoneWatermarkOkSafe(const Zone &z, int order, pages_t mark, int highestZoneidx)
{
    // We have no per-cpu drift: the snapshot equals NR_FREE_PAGES.
    return zoneWatermarkOk(z, order, mark, highestZoneidx, 0, z.free);
}

std::int64_t zoneWatermarkCapacityHighOrder(
    const Zone &z, int order, WatermarkIndex wmark, int highestZoneidx, unsigned allocFlags, std::int64_t count)
{
    const pages_t pagesPer = pages_t {1} << order;
    const pages_t mark = z.wmarkPages(wmark);
    // Higher orders also need a free block: passing is monotone in free pages,
    // so binary search the number of consecutive requests that pass.
    auto passesAfter = [&](std::int64_t taken) {
        const pages_t freePages = z.free - taken * pagesPer;
        return freePages >= pagesPer && watermarkFast(z, order, mark, highestZoneidx, allocFlags, freePages);
    };
    if (!passesAfter(0))
        return 0;
    const std::int64_t upper = std::min<std::int64_t>(count, z.free / pagesPer);
    std::int64_t lo = 0, hi = upper - 1; // passesAfter(lo) is true
    if (passesAfter(hi))
        return upper;
    while (hi - lo > 1) {
        const std::int64_t mid = lo + (hi - lo) / 2;
        if (passesAfter(mid))
            lo = mid;
        else
            hi = mid;
    }
    return lo + 1;
}

} // namespace wm
