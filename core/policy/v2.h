#pragma once
// v2 of the series: "[PATCH v2 1/1] mm/page_alloc: dynamic min_free_kbytes
// adjustment", wujing <realwujing@qq.com>, Mon 5 Jan 2026 16:21 +0800,
// <tencent_6FE67BA7BE8376AB038A71ACAD4FF8A90006@qq.com>
// (https://lore.kerneltesting.org/linux-mm/tencent_6FE67BA7BE8376AB038A71ACAD4FF8A90006@qq.com).
// docs/model.md §8.2, §8.4; answers Matthew Wilcox's "10% or 20%?" and
// "decay 5% 300 s after each increase", and Andrew Morton's "no attempt to
// reduce min_free_kbytes after the spike".
//
// Trigger:  the fail: label, same buggy `(gfp_mask & GFP_ATOMIC) && order == 0`.
// Debounce: GLOBAL last_boost_jiffies: only if time_after(jiffies, last + 10 s);
//           the stamp is taken when the work is scheduled. Suppressed triggers
//           are counted (sim_debounce_suppressed).
// Work:     new = mfk + mfk/2, capped at (totalram_pages << (PAGE_SHIFT-10))/100;
//           if larger: min_free_kbytes = user_min_free_kbytes = new (so later
//           recalculations keep it), setup_per_zone_wmarks(), and the decay work
//           is scheduled 300 s later (schedule_delayed_work: not re-armed while
//           pending -- documented guess).
// Decay:    new = mfk - mfk/20, floored at initial + initial/5 (initial = the
//           boot value captured in init_per_zone_wmark_min(), here at onBoot);
//           sets both values, re-runs setup, re-schedules itself every 300 s
//           while above the floor. Zones: all. Zero new sysctls.
#include "policy/policy.h"

#include <cstdint>

namespace wm {

struct V2Knobs {
    double debounceMs = 10'000;
    double decayPeriodMs = 300'000;
    double increasePercent = 50;
    double decayPercent = 5;
    double floorPercent = 120;
    double capPercentRam = 1;
};

class V2Policy : public Policy
{
public:
    explicit V2Policy(V2Knobs k)
        : m_k(k)
    {
    }
    std::string_view id() const override { return "v2"; }
    void onBoot(Kernel &k) override;
    bool onAllocFail(Kernel &k, const SlowpathContext &ctx) override;
    usec_t nextTimer() const override;
    void onTimer(Kernel &k) override;
    void setKnob(std::string_view name, double value) override;

private:
    void boostWork(Kernel &k);
    void decayWork(Kernel &k);
    V2Knobs m_k;
    std::int64_t m_initial = 0; // initial min_free_kbytes
    usec_t m_lastBoost = kNever; // global last_boost_jiffies
    usec_t m_boostDue = kNoTimer; // boost_min_free_kbytes_work
    usec_t m_decayDue = kNoTimer; // decay delayed work
};

} // namespace wm
