#pragma once
// v5 of the series: "[PATCH v5] mm/page_alloc: boost watermarks on atomic
// allocation failure", Qiliang Yuan <realwujing@gmail.com>, Wed 21 Jan 2026
// 06:48 UTC, <20260121064849.34497-1-realwujing@gmail.com>
// (https://lore.kerneltesting.org/linux-mm/20260121064849.34497-1-realwujing@gmail.com/T).
// docs/model.md §8.2, §8.7. Changelog: "v5: Simplify to use native
// boost_watermark() instead of custom logic".
//
// Test:     strict `(gfp_mask & GFP_ATOMIC) == GFP_ATOMIC && order == 0`, both
//           at slowpath entry and at fail: ("fails or enters the slowpath").
// Zones:    the PREFERRED zone only (first zone of the zonelist).
// Debounce: per zone, 1 s (zone->last_boost_jiffies, shared by both hooks).
// Amount:   native boost_watermark(): cap max(pageblock, _high * wbf / 10000), so
//           nothing happens when watermark_boost_factor = 0. Increment: the
//           `step_shift` knob, step = max(pageblock, managed >> step_shift),
//           default 10: v4 had changed boost_watermark()'s step to that for all
//           callers, and v6 "replaces the magic >> 10 with
//           ATOMIC_BOOST_SCALE_SHIFT", so v5's "native" boost_watermark() still
//           carried it (docs/model.md §8.7-8.8). step_shift 0 = the unmodified +1
//           pageblock.
// kswapd:   wakeup_kswapd() after a successful boost. Decay: kswapd's ordinary
//           boost clearing; v4's scale boost and decay are gone.
#include "policy/policy.h"
#include "sim/events.h"

namespace wm {

class V5Policy : public Policy
{
public:
    V5Policy(double debounceMs, double stepShift)
        : m_debounceMs(debounceMs)
        , m_stepShift(stepShift)
    {
    }
    std::string_view id() const override { return "v5"; }
    bool onSlowpathEntry(Kernel &k, const SlowpathContext &ctx) override { return trigger(k, ctx, EventReason::AtomicSlowpath); }
    bool onAllocFail(Kernel &k, const SlowpathContext &ctx) override { return trigger(k, ctx, EventReason::AtomicFailure); }
    pages_t boostStep(const Zone &z) const override;
    void setKnob(std::string_view name, double value) override;

private:
    bool trigger(Kernel &k, const SlowpathContext &ctx, EventReason reason);
    double m_debounceMs = 1000;
    double m_stepShift = 10;
};

} // namespace wm
