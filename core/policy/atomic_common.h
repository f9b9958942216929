#pragma once
// Helpers shared by the versions of the "boost watermarks on atomic allocation
// failure" series (docs/model.md §8): the two GFP_ATOMIC tests the series
// used, the jiffies debounce, and the bookkeeping of suppressed triggers.
#include "mm/gfp.h"
#include "mm/kernel.h"
#include "policy/policy.h"

#include <cstdint>

namespace wm::atomic_boost {

inline constexpr usec_t kMsec = 1000;

// v1-v3: `(gfp_mask & GFP_ATOMIC) && order == 0` -- buggy: any mask with
// __GFP_HIGH or __GFP_KSWAPD_RECLAIM matches (GFP_KERNEL 0xcc0, GFP_NOWAIT 0x2800).
inline bool buggyAtomicTest(gfp_t mask)
{
    return (mask & gfp::ATOMIC_) != 0;
}
// v4 and later: `(gfp_mask & GFP_ATOMIC) == GFP_ATOMIC`.
inline bool strictAtomicTest(gfp_t mask)
{
    return (mask & gfp::ATOMIC_) == gfp::ATOMIC_;
}

// time_after(jiffies, last + interval). `last` is kNever before the first boost.
inline bool debounceExpired(usec_t now, usec_t last, usec_t interval)
{
    return last == kNever || now > last + interval;
}

// Records `n` triggers a debounce swallowed: Counter::SimDebounceSuppressed and
// one DebounceSuppressed event per hook call (a = n). zone = -1 for a global debounce.
inline void suppressed(Kernel &k, std::int64_t n, int node, int zone, EventReason trigger)
{
    if (n <= 0)
        return;
    k.count(Counter::SimDebounceSuppressed, n);
    k.log({0, EventKind::DebounceSuppressed, trigger, node, zone, n, 0, {}});
}

// totalram_pages() << (PAGE_SHIFT - 10): total RAM in kB (4 KiB pages).
inline std::int64_t totalRamKbytes(const Kernel &k)
{
    return k.totalManaged() * 4;
}

// v4's watermark_scale_boost change, logged and counted.
inline void setScaleBoost(Kernel &k, Zone &z, std::int64_t value, EventReason reason)
{
    if (value == z.watermarkScaleBoost)
        return;
    const std::int64_t old = z.watermarkScaleBoost;
    z.watermarkScaleBoost = value;
    k.count(z, Counter::SimScaleBoostChanges);
    k.log({0, EventKind::ScaleBoostChanged, reason, z.node, z.id, old, value, {}});
}

} // namespace wm::atomic_boost
