#pragma once
// The watermark checks of mm/page_alloc.c (v6.12).
#include "mm/gfp.h"
#include "mm/machine.h"

#include <algorithm>

namespace wm {

// __zone_watermark_unusable_free(): pages the request may not count as free.
pages_t zoneWatermarkUnusableFree(const Zone &z, int order, unsigned allocFlags);

// The threshold `free` must exceed in __zone_watermark_ok() after the reserve
// discounts: mark, minus min/2 for ALLOC_MIN_RESERVE, minus a further quarter
// for ALLOC_NON_BLOCK, minus half for ALLOC_OOM; plus lowmem_reserve[classzone].
inline pages_t watermarkThreshold(const Zone &z, pages_t mark, int highestZoneidx, unsigned allocFlags)
{
    pages_t min = mark;
    if (allocFlags & alloc::RESERVES) {
        // __GFP_HIGH allows access to 50% of the min reserve as well as OOM.
        if (allocFlags & alloc::MIN_RESERVE) {
            min -= min / 2;
            // Non-blocking allocations (e.g. GFP_ATOMIC) can access more
            // reserves than just __GFP_HIGH.
            if (allocFlags & alloc::NON_BLOCK)
                min -= min / 4;
        }
        // OOM victims can try even harder than the normal reserve users.
        if (allocFlags & alloc::OOM)
            min -= min / 2;
    }
    return min + z.lowmemReserve[static_cast<std::size_t>(highestZoneidx)];
}

// Whether a free block of at least `order` exists for the request (our model
// of the free-area walk of __zone_watermark_ok(); see Zone::highOrderFraction).
bool zoneHasFreeBlock(const Zone &z, int order, unsigned allocFlags, pages_t freePages);

// __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags, free_pages).
bool zoneWatermarkOk(const Zone &z, int order, pages_t mark, int highestZoneidx, unsigned allocFlags, pages_t freePages);

// zone_watermark_fast(): order-0 shortcut, then __zone_watermark_ok(), then the
// boost escape hatch for order-0 ALLOC_MIN_RESERVE requests at WMARK_MIN.
bool zoneWatermarkFast(const Zone &z, int order, pages_t mark, int highestZoneidx, unsigned allocFlags);

// zone_watermark_ok_safe() as kswapd uses it (alloc_flags 0).
bool zoneWatermarkOkSafe(const Zone &z, int order, pages_t mark, int highestZoneidx);

// How many of `count` identical requests in a row would pass
// zoneWatermarkFast() against watermark `wmark` if each took 2^order pages:
// the batch split that equals per-request processing (free only falls).
// (Order 0 has a closed form, inline here: it runs for every zone of every
// zonelist walk; higher orders search.)
std::int64_t zoneWatermarkCapacityHighOrder(
    const Zone &z, int order, WatermarkIndex wmark, int highestZoneidx, unsigned allocFlags, std::int64_t count);
inline std::int64_t zoneWatermarkCapacity(
    const Zone &z, int order, WatermarkIndex wmark, int highestZoneidx, unsigned allocFlags, std::int64_t count)
{
    if (count <= 0)
        return 0;
    if (order != 0)
        return zoneWatermarkCapacityHighOrder(z, order, wmark, highestZoneidx, allocFlags, count);
    // Closed form of zone_watermark_fast() for order 0: every check compares
    // free - min(free, highatomic) = max(0, free - R) with a threshold, so a
    // request passes while free > R + the lowest applicable threshold.
    const pages_t mark = z.wmarkPages(wmark);
    const pages_t reserved = (allocFlags & alloc::RESERVES) ? 0 : z.nrReservedHighatomic;
    pages_t threshold = std::min(mark + z.lowmemReserve[static_cast<std::size_t>(highestZoneidx)],
        watermarkThreshold(z, mark, highestZoneidx, allocFlags));
    if ((allocFlags & alloc::MIN_RESERVE) && z.watermarkBoost != 0 && (allocFlags & alloc::WMARK_MASK) == alloc::WMARK_MIN)
        threshold = std::min(threshold,
            watermarkThreshold(z, z.watermark[static_cast<std::size_t>(WatermarkIndex::Min)], highestZoneidx, allocFlags));
    const pages_t floor = std::max<pages_t>(reserved + threshold, 0);
    return std::clamp<std::int64_t>(z.free - floor, 0, count);
}

// The order-0 GFP_ATOMIC floor of a zone for classzone Normal: free pages must
// exceed this for GFP_ATOMIC to succeed (boost ignored by the escape hatch).
inline pages_t atomicFloor(const Zone &z)
{
    constexpr unsigned flags = gfpToAllocFlags(gfp::ATOMIC_, 0);
    return watermarkThreshold(z, z.watermark[static_cast<std::size_t>(WatermarkIndex::Min)], zoneIndex(ZoneType::Normal), flags);
}

} // namespace wm
