#pragma once
// v10 of the series: "[PATCH v10] mm/page_alloc: boost watermarks on atomic
// allocation failure", Qiliang Yuan <realwujing@gmail.com>, Sat 14 Feb 2026
// 23:13 +0800, <20260214-wujing-mm-page_alloc-v8-v10-1-bdfea431fd97@gmail.com>
// (https://lkml.iu.edu/hypermail/linux/kernel/2602.1/07919.html), Acked-by:
// Vlastimil Babka. The version carried in akpm's mm tree (docs/model.md §8.9, §8.12).
//
// Test:     order-0, strict `(gfp_mask & GFP_ATOMIC) == GFP_ATOMIC`, in the
//           slowpath (after the first get_page_from_freelist()), as v8/v9 do
//           (docs/model.md §8.8). §8.13 note 2 reads it as a boost at `fail:`
//           instead; the `at_failure` knob (1) models that reading.
// Zones:    boost_zones_for_atomic(): EVERY eligible zone of the zonelist
//           (zones <= highest_zoneidx on the allowed nodes; the simulator has no
//           nodemask, so all nodes), under zone->lock.
// Debounce: per zone, 1 s (zone->last_boost_jiffies).
// Amount:   NOT VERIFIED -- the v10 diff body was not retrievable (docs/model.md §8.9, §15).
//           step = max(pageblock, mult_frac(managed, step_per_10000, 10000)),
//           default 10/10000 = 0.1% (SeongJae Park's suggestion on v9);
//           cap = max(pageblock, _high * cap_factor / 10000), default 15000
//           (the native formula) but independent of vm.watermark_boost_factor:
//           v10 works when that sysctl is 0. The small-zone rule (4 pageblocks)
//           of the shared helper is kept (guess).
// kswapd:   wakeup_kswapd() once per node that got a boost.
// Decay:    kswapd's ordinary boost clearing at the end of balance_pgdat().
#include "policy/policy.h"
#include "sim/events.h"

namespace wm {

struct V10Knobs {
    double debounceMs = 1000;
    double stepPer10000 = 10;
    double capFactor = 15000;
    double atFailure = 0; // 1: boost at fail: instead of at slowpath entry
};

class V10Policy : public Policy
{
public:
    explicit V10Policy(V10Knobs k)
        : m_k(k)
    {
    }
    std::string_view id() const override { return "v10"; }
    bool onSlowpathEntry(Kernel &k, const SlowpathContext &ctx) override
    {
        return m_k.atFailure == 0 && boostZonesForAtomic(k, ctx, EventReason::AtomicSlowpath);
    }
    bool onAllocFail(Kernel &k, const SlowpathContext &ctx) override
    {
        return m_k.atFailure != 0 && boostZonesForAtomic(k, ctx, EventReason::AtomicFailure);
    }
    void setKnob(std::string_view name, double value) override;

private:
    bool boostZonesForAtomic(Kernel &k, const SlowpathContext &ctx, EventReason reason);
    V10Knobs m_k;
};

} // namespace wm
