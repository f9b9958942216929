#pragma once
// v3 of the series: "[PATCH v3 1/1] mm/page_alloc: auto-tune watermarks on
// atomic allocation failure" (cover "[PATCH v3 0/1] mm/page_alloc: dynamic
// watermark boosting"), wujing <realwujing@qq.com>, Mon 5 Jan 2026 19:59 +0800,
// <20260105115943.1361645-2-realwujing@qq.com> (cover ...-1-...).
// docs/model.md §8.2, §8.5. Drops min_free_kbytes after Vlastimil Babka's review
// ("expand watermark_boost instead").
//
// Trigger:  the fail: label, same buggy `(gfp_mask & GFP_ATOMIC) && order == 0`.
// Debounce: GLOBAL 10 s (time_after(jiffies, last + 10*HZ)), stamped when it acts.
// Zones:    for_each_zone_zonelist(zone, z, ac->zonelist, ac->highest_zoneidx):
//           EVERY zone of the zonelist up to the classzone, other nodes
//           included, no nodemask filter.
// Amount:   the unmodified boost_watermark(): +1 pageblock, cap
//           max(pageblock, _high * watermark_boost_factor / 10000); nothing when
//           the factor is 0 or the zone is small (< 4 pageblocks).
// kswapd:   wakeup_kswapd(zone, gfp_mask, 0, highest_zoneidx) for each boosted zone.
// Decay:    none of its own: kswapd's balance_pgdat() clears the boost snapshot.
#include "policy/policy.h"

namespace wm {

class V3Policy : public Policy
{
public:
    explicit V3Policy(double debounceMs)
        : m_debounceMs(debounceMs)
    {
    }
    std::string_view id() const override { return "v3"; }
    bool onAllocFail(Kernel &k, const SlowpathContext &ctx) override;
    void setKnob(std::string_view name, double value) override;

private:
    double m_debounceMs = 10'000;
    usec_t m_lastBoost = kNever; // global
};

} // namespace wm
