#pragma once
// The watermark checks of mm/page_alloc.c (v6.12).
#include "mm/gfp.h"
#include "mm/machine.h"

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
std::int64_t zoneWatermarkCapacity(
    const Zone &z, int order, WatermarkIndex wmark, int highestZoneidx, unsigned allocFlags, std::int64_t count);

// The order-0 GFP_ATOMIC floor of a zone for classzone Normal: free pages must
// exceed this for GFP_ATOMIC to succeed (boost ignored by the escape hatch).
inline pages_t atomicFloor(const Zone &z)
{
    constexpr unsigned flags = gfpToAllocFlags(gfp::ATOMIC_, 0);
    return watermarkThreshold(z, z.watermark[static_cast<std::size_t>(WatermarkIndex::Min)], zoneIndex(ZoneType::Normal), flags);
}

} // namespace wm
