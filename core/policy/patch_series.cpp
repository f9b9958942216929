// Registration of the versions of the atomic-boost patch series
// (docs/model.md §8). Knob defaults are the values the patches hard-code;
// where a patch leaves a value open the default is a documented guess.
#include "policy/registry_entry.h"
#include "policy/v1.h"
#include "policy/v10.h"
#include "policy/v2.h"
#include "policy/v3.h"
#include "policy/v4.h"
#include "policy/v5.h"

#include <memory>

namespace wm {

void registerPatchPolicies(std::vector<PolicyEntry> &table)
{
    table.push_back(
        {{"v1", "v1: double min_free_kbytes on atomic failure",
             "At the fail: label of an order-0 request passing the buggy `gfp & GFP_ATOMIC` test (so GFP_KERNEL and "
             "GFP_NOWAIT failures count too), a work item doubles min_free_kbytes, capped at 1% of RAM, and recomputes the "
             "watermarks; no debounce, no decay. Source: wujing, [PATCH 1/1] 4 Jan 2026 (docs/model.md §8.3).",
             {{"factor", 2.0, 1.0, 16.0, "Multiplier per failure (v1: 2, \"doubles\")."},
                 {"cap_percent_ram", 1.0, 0.01, 50.0, "Cap in percent of total RAM (v1: 1%)."}}},
            [](const PolicySpec &s) {
                return std::make_unique<V1Policy>(policyKnob(s, "factor"), policyKnob(s, "cap_percent_ram"));
            }});
    table.push_back(
        {{"v2", "v2: +50% min_free_kbytes, 10 s debounce, slow decay",
             "Same buggy trigger at fail:; at most once per 10 s globally, min_free_kbytes and user_min_free_kbytes grow by "
             "50% (cap 1% of RAM) and a delayed work takes 5% off every 300 s down to 1.2x `initial`, the sqrt default captured "
             "in init_per_zone_wmark_min() (below a THP machine's boot value). Source: wujing, "
             "[PATCH v2 1/1] 5 Jan 2026 (docs/model.md §8.4).",
             {{"debounce_ms", 10000, 0, 600000, "Global debounce between boosts (v2: 10000 ms)."},
                 {"decay_period_ms", 300000, 1, 3600000, "Period of the decay work (v2: 300000 ms)."},
                 {"increase_percent", 50, 1, 400, "Increase per boost in percent (v2: 50)."},
                 {"decay_percent", 5, 0, 100, "Decrease per decay step in percent (v2: 5)."},
                 {"floor_percent", 120, 100, 1000, "Decay floor in percent of `initial`, the sqrt default (v2: 120)."},
                 {"cap_percent_ram", 1.0, 0.01, 50.0, "Cap in percent of total RAM (v2: 1%)."}}},
            [](const PolicySpec &s) {
                V2Knobs k;
                k.debounceMs = policyKnob(s, "debounce_ms");
                k.decayPeriodMs = policyKnob(s, "decay_period_ms");
                k.increasePercent = policyKnob(s, "increase_percent");
                k.decayPercent = policyKnob(s, "decay_percent");
                k.floorPercent = policyKnob(s, "floor_percent");
                k.capPercentRam = policyKnob(s, "cap_percent_ram");
                return std::make_unique<V2Policy>(k);
            }});
    table.push_back(
        {{"v3", "v3: boost every zone of the zonelist on failure",
             "Same buggy trigger at fail:; at most once per 10 s globally, the unmodified boost_watermark() (+1 pageblock, "
             "cap watermark_boost_factor x high) on every zone of the zonelist, remote nodes included, each followed by "
             "wakeup_kswapd(). Source: wujing, [PATCH v3 1/1] 5 Jan 2026 (docs/model.md §8.5).",
             {{"debounce_ms", 10000, 0, 600000, "Global debounce between boosts (v3: 10000 ms)."}}},
            [](const PolicySpec &s) { return std::make_unique<V3Policy>(policyKnob(s, "debounce_ms")); }});
    table.push_back(
        {{"v4", "v4: proactive soft boost + watermark_scale_boost",
             "Strict GFP_ATOMIC order-0 test, per-zone 10 s debounce, first eligible zone of the zonelist: at slowpath entry "
             "a soft boost of pageblock/2 (cap high/2); at failure boost_watermark() with step max(pageblock, managed>>10) for "
             "all callers plus watermark_scale_boost +5 (max 100, -5 per boosted kswapd run) and a watermark recompute that "
             "no longer resets the boost (stale boost folded into low/high). Source: wujing, [PATCH v4] 6 Jan 2026 "
             "(docs/model.md §8.6).",
             {{"debounce_ms", 10000, 0, 600000, "Per-zone debounce, shared by both paths (v4: 10000 ms)."},
                 {"soft_boost_pages", 256, 0, 1 << 20, "Proactive boost per trigger (v4: pageblock_nr_pages >> 1 = 256)."},
                 {"soft_cap_percent_high", 50, 0, 1000, "Cap of the proactive boost in percent of high_wmark_pages (v4: 50)."},
                 {"step_shift", 10, 0, 30, "boost_watermark() step max(pageblock, managed >> shift) for all callers (v4: 10)."},
                 {"scale_boost_step", 5, 0, 100, "watermark_scale_boost change per failure and per kswapd run (v4: 5)."},
                 {"scale_boost_max", 100, 0, 3000, "Maximum watermark_scale_boost (v4: 100)."}}},
            [](const PolicySpec &s) {
                V4Knobs k;
                k.debounceMs = policyKnob(s, "debounce_ms");
                k.softBoostPages = policyKnob(s, "soft_boost_pages");
                k.softCapPercentHigh = policyKnob(s, "soft_cap_percent_high");
                k.stepShift = policyKnob(s, "step_shift");
                k.scaleBoostStep = policyKnob(s, "scale_boost_step");
                k.scaleBoostMax = policyKnob(s, "scale_boost_max");
                return std::make_unique<V4Policy>(k);
            }});
    table.push_back(
        {{"v5", "v5: native boost_watermark on the preferred zone",
             "Strict GFP_ATOMIC order-0 test at slowpath entry or failure: the native boost_watermark() on the preferred zone "
             "only, at most once per second per zone, then wakeup_kswapd(); the cap follows watermark_boost_factor, so nothing "
             "happens when it is 0. Source: Qiliang Yuan, [PATCH v5] 21 Jan 2026 (docs/model.md §8.7).",
             {{"debounce_ms", 1000, 0, 600000, "Per-zone debounce (v5: 1000 ms)."},
                 {"step_shift", 10, 0, 30,
                     "boost_watermark() step max(pageblock, managed >> N), v4's step (v5: 10; v6 named this \">> 10\" "
                     "ATOMIC_BOOST_SCALE_SHIFT). 0 = the unmodified +1 pageblock."}}},
            [](const PolicySpec &s) {
                return std::make_unique<V5Policy>(policyKnob(s, "debounce_ms"), policyKnob(s, "step_shift"));
            }});
    table.push_back(
        {{"v10", "v10: boost every eligible zone, ~0.1%, independent of the boost factor",
             "Strict GFP_ATOMIC order-0 test in the slowpath: every eligible zone of the zonelist is boosted by about 0.1% of "
             "its managed pages (per-zone 1 s debounce), with kswapd woken per node, even when watermark_boost_factor is 0. "
             "Source: Qiliang Yuan, [PATCH v10] 14 Feb 2026, Acked-by Vlastimil Babka; step and cap NOT VERIFIED (diff body "
             "not retrievable), exposed as knobs (docs/model.md §8.9).",
             {{"debounce_ms", 1000, 0, 600000, "Per-zone debounce (v10: 1000 ms)."},
                 {"step_per_10000", 10, 0, 10000, "Step max(pageblock, managed x N / 10000); not verified, guess 10 = 0.1%."},
                 {"cap_factor", 15000, 0, 100000,
                     "Cap max(pageblock, high x N / 10000), independent of the sysctl; not verified, guess 15000."},
                 {"at_failure", 0, 0, 1,
                     "0: boost when the request enters the slowpath (v8/v9, docs/model.md §8.8); 1: only at fail:, "
                     "after the request failed (the other reading, docs/model.md §8.13 note 2)."}}},
            [](const PolicySpec &s) {
                V10Knobs k;
                k.debounceMs = policyKnob(s, "debounce_ms");
                k.stepPer10000 = policyKnob(s, "step_per_10000");
                k.capFactor = policyKnob(s, "cap_factor");
                k.atFailure = policyKnob(s, "at_failure");
                return std::make_unique<V10Policy>(k);
            }});
}

} // namespace wm
