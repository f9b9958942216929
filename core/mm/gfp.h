#pragma once
// GFP flags and the allocator's alloc_flags, with the kernel's values
// (v6.12 include/linux/gfp_types.h, mm/internal.h).
#include "mm/zone_type.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wm {

using gfp_t = std::uint32_t;

namespace gfp {
inline constexpr gfp_t DMA = 0x01;
inline constexpr gfp_t HIGHMEM = 0x02;
inline constexpr gfp_t DMA32 = 0x04;
inline constexpr gfp_t MOVABLE = 0x08;
inline constexpr gfp_t RECLAIMABLE = 0x10;
inline constexpr gfp_t HIGH = 0x20;
inline constexpr gfp_t IO = 0x40;
inline constexpr gfp_t FS = 0x80;
inline constexpr gfp_t DIRECT_RECLAIM = 0x400;
inline constexpr gfp_t KSWAPD_RECLAIM = 0x800;
inline constexpr gfp_t WRITE = 0x1000;
inline constexpr gfp_t NOWARN = 0x2000;
inline constexpr gfp_t RETRY_MAYFAIL = 0x4000;
inline constexpr gfp_t NOFAIL = 0x8000;
inline constexpr gfp_t NORETRY = 0x10000;
inline constexpr gfp_t MEMALLOC = 0x20000;
inline constexpr gfp_t COMP = 0x40000;
inline constexpr gfp_t NOMEMALLOC = 0x80000;
inline constexpr gfp_t HARDWALL = 0x100000;
inline constexpr gfp_t THISNODE = 0x200000;
inline constexpr gfp_t ACCOUNT = 0x400000;
inline constexpr gfp_t ZERO = 0x800000;

inline constexpr gfp_t RECLAIM = DIRECT_RECLAIM | KSWAPD_RECLAIM;
inline constexpr gfp_t ATOMIC_ = HIGH | KSWAPD_RECLAIM; // GFP_ATOMIC = 0x820
inline constexpr gfp_t KERNEL = RECLAIM | IO | FS; // GFP_KERNEL = 0xcc0
inline constexpr gfp_t NOWAIT = KSWAPD_RECLAIM | NOWARN; // GFP_NOWAIT = 0x2800 (v6.12+)
inline constexpr gfp_t NOIO = RECLAIM;
inline constexpr gfp_t NOFS = RECLAIM | IO;
inline constexpr gfp_t USER = RECLAIM | IO | FS | HARDWALL;
inline constexpr gfp_t HIGHUSER = USER | HIGHMEM;
inline constexpr gfp_t HIGHUSER_MOVABLE = HIGHUSER | MOVABLE;
inline constexpr gfp_t ZONEMASK = DMA | HIGHMEM | DMA32 | MOVABLE;
} // namespace gfp

// alloc_flags (mm/internal.h, v6.12). ALLOC_WMARK_* are the watermark indices.
namespace alloc {
inline constexpr unsigned WMARK_MIN = 0;
inline constexpr unsigned WMARK_LOW = 1;
inline constexpr unsigned WMARK_HIGH = 2;
inline constexpr unsigned NO_WATERMARKS = 0x04;
inline constexpr unsigned WMARK_MASK = NO_WATERMARKS - 1;
inline constexpr unsigned OOM = 0x08;
inline constexpr unsigned NON_BLOCK = 0x10;
inline constexpr unsigned MIN_RESERVE = 0x20; // == __GFP_HIGH (BUILD_BUG_ON in the kernel)
inline constexpr unsigned CPUSET = 0x40;
inline constexpr unsigned CMA = 0x80;
inline constexpr unsigned NOFRAGMENT = 0x100;
inline constexpr unsigned HIGHATOMIC = 0x200;
inline constexpr unsigned KSWAPD = 0x800; // == __GFP_KSWAPD_RECLAIM
inline constexpr unsigned RESERVES = NON_BLOCK | MIN_RESERVE | HIGHATOMIC | OOM;
} // namespace alloc

enum class WatermarkIndex : std::uint8_t { Min = 0, Low = 1, High = 2, Promo = 3 }; // enum zone_watermarks

// gfp_zone(): the highest zone the request may use (its "classzone").
ZoneType gfpZone(gfp_t mask);

// gfp_to_alloc_flags() (v6.12 mm/page_alloc.c), the slowpath's flags. We model
// no cpusets and no RT tasks, so ALLOC_CPUSET is kept only for bookkeeping.
// __gfp_pfmemalloc_flags() for a task context that is neither PF_MEMALLOC nor
// an OOM victim (the simulator has neither): __GFP_MEMALLOC may ignore the
// watermarks, unless __GFP_NOMEMALLOC forbids it.
constexpr unsigned gfpPfmemallocFlags(gfp_t mask)
{
    if (mask & gfp::NOMEMALLOC)
        return 0;
    if (mask & gfp::MEMALLOC)
        return alloc::NO_WATERMARKS;
    return 0;
}

constexpr unsigned gfpToAllocFlags(gfp_t mask, int order)
{
    // gfp_to_alloc_flags() (v6.12 mm/page_alloc.c).
    unsigned flags = alloc::WMARK_MIN | alloc::CPUSET;
    // __GFP_HIGH is assumed to be the same as ALLOC_MIN_RESERVE and
    // __GFP_KSWAPD_RECLAIM is assumed to be the same as ALLOC_KSWAPD.
    flags |= mask & (gfp::HIGH | gfp::KSWAPD_RECLAIM);
    if (!(mask & gfp::DIRECT_RECLAIM)) {
        // Not allowed to block: may dip further into the reserves unless __GFP_NOMEMALLOC.
        if (!(mask & gfp::NOMEMALLOC)) {
            flags |= alloc::NON_BLOCK;
            if (order > 0)
                flags |= alloc::HIGHATOMIC;
        }
        // Ignore cpuset mems for non-blocking __GFP_HIGH (probably GFP_ATOMIC) rather than fail.
        if (flags & alloc::MIN_RESERVE)
            flags &= ~alloc::CPUSET;
    }
    // gfp_to_alloc_flags_cma(): movable requests may use CMA pageblocks.
    if ((mask & gfp::MOVABLE) && (mask & gfp::HIGHMEM))
        flags |= alloc::CMA;
    return flags;
}

// Parses "GFP_ATOMIC", "GFP_KERNEL|__GFP_HIGH", "0x820", "__GFP_HIGH | __GFP_KSWAPD_RECLAIM".
// Returns nullopt and fills `error` on an unknown name.
std::optional<gfp_t> parseGfp(std::string_view text, std::string *error = nullptr);

// Kernel-style rendering: "0x820(GFP_ATOMIC)" as %pGg prints it.
std::string formatGfp(gfp_t mask);

inline bool gfpAllowsBlocking(gfp_t mask)
{
    return (mask & gfp::DIRECT_RECLAIM) != 0;
} // gfpflags_allow_blocking()

} // namespace wm
