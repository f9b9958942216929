#pragma once
// v1 of the series: "[PATCH 1/1] mm/page_alloc: auto-tune min_free_kbytes on
// atomic allocation failure", wujing <realwujing@qq.com>, Sun 4 Jan 2026 20:26
// +0800; cover "[PATCH 0/1] mm/page_alloc: dynamic min_free_kbytes adjustment"
// <tencent_C5AD9528AAB1853E24A7DC98A19D700E3808@qq.com>
// (https://lkml.iu.edu/hypermail/linux/kernel/2601.0/01728.html; code quoted by
// Andrew Morton: https://lkml.iu.edu/hypermail/linux/kernel/2601.0/01850.html).
// docs/model.md §8.2, §8.3.
//
// Trigger:  the fail: label of __alloc_pages_slowpath(), right before warn_alloc(),
//           if `(gfp_mask & GFP_ATOMIC) && order == 0` -- the buggy test: any mask
//           with __GFP_HIGH or __GFP_KSWAPD_RECLAIM matches, GFP_KERNEL and
//           GFP_NOWAIT included.
// Action:   schedule_work(); modelled as deferred work run at the start of the
//           next tick (a work already pending is not queued twice).
// Work:     min_free_kbytes = min(2 x min_free_kbytes, 1% of totalram in kB), then
//           setup_per_zone_wmarks() (which resets every boost). Only
//           min_free_kbytes is written: v1 does not touch user_min_free_kbytes
//           (v2's changelog adds that), so setMinFreeKbytes(.., alsoUser=false).
//           Documented guess: nothing is recomputed when the value is already at
//           the cap (the work only writes a larger value).
// Zones:    all, through min_free_kbytes. Debounce: none. Decay: none.
#include "policy/policy.h"

namespace wm {

class V1Policy : public Policy
{
public:
    V1Policy(double factor, double capPercent)
        : m_factor(factor)
        , m_capPercent(capPercent)
    {
    }
    std::string_view id() const override { return "v1"; }
    bool onAllocFail(Kernel &k, const SlowpathContext &ctx) override;
    usec_t nextTimer() const override { return m_workDue; }
    void onTimer(Kernel &k) override;
    void setKnob(std::string_view name, double value) override;

private:
    double m_factor = 2.0; // "doubles"
    double m_capPercent = 1.0; // "1% of total RAM"
    usec_t m_workDue = kNoTimer; // pending schedule_work()
};

} // namespace wm
