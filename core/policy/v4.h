#pragma once
// v4 of the series (the seed of this project): "[PATCH v4 0/1] mm/page_alloc:
// auto-tune watermarks on atomic allocation failure", wujing
// <realwujing@qq.com>, Tue 6 Jan 2026 14:19 +0800; cover
// <tencent_B8B6D067EF7417B3B0D3DCC1A01505453F05@qq.com>, 1/1
// <tencent_D23BFCB69EA088C55AFAF89F926036743E0A@qq.com>
// (https://lore.kerneltesting.org/linux-mm/tencent_B8B6D067EF7417B3B0D3DCC1A01505453F05@qq.com/T).
// docs/model.md §8.2, §8.6, §8.13 notes 4-5 (the stale boost: §7.3).
//
// Test:     strict `(gfp_mask & GFP_ATOMIC) == GFP_ATOMIC && order == 0`.
// Debounce: PER ZONE, 10 s, zone->last_boost_jiffies (shared by both paths).
// Proactive path (right after the first slowpath get_page_from_freelist()):
//           walk the zonelist; the FIRST zone whose debounce expired:
//           last_boost_jiffies = jiffies; watermark_boost =
//           min(watermark_boost + pageblock_nr_pages/2, high_wmark_pages(zone)/2)
//           (high_wmark_pages includes the boost); wakeup_kswapd(); break.
//           Note the walk: once the preferred zone is debounced, the next
//           trigger goes to the next zone of the zonelist (DMA32, the remote
//           node...), so "preferred zone only" holds per trigger, not per storm.
// Failure path (fail:): the first zone whose debounce expired: stamp it; if
//           boost_watermark() succeeds: watermark_scale_boost =
//           min(+5, 100); __setup_per_zone_wmarks() (step uses
//           watermark_scale_factor + watermark_scale_boost); wakeup_kswapd();
//           then break (documented guess: break even when boost_watermark() fails).
// boost_watermark() changed for ALL callers (extfrag too): increment
//           max(pageblock_nr_pages, managed >> 10); cap unchanged (boostStep()).
// Setup:    the `watermark_boost = 0` reset removed from __setup_per_zone_wmarks():
//           every recompute while boosted folds the boost into _low/_high (the
//           2019 stale-boost bug; setupResetsBoost() = false).
// Decay:    end of balance_pgdat() when the run was boosted: each zone of the
//           node with watermark_scale_boost > 0 loses 5 (floor 0), then
//           setup_per_zone_wmarks().
#include "policy/policy.h"

namespace wm {

struct V4Knobs {
    double debounceMs = 10'000;
    double softBoostPages = kPageblockNrPages / 2; // pageblock_nr_pages >> 1
    double softCapPercentHigh = 50; // high_wmark_pages(zone) / 2
    double stepShift = 10; // max(pageblock, managed >> 10)
    double scaleBoostStep = 5;
    double scaleBoostMax = 100;
};

class V4Policy : public Policy
{
public:
    explicit V4Policy(V4Knobs k)
        : m_k(k)
    {
    }
    std::string_view id() const override { return "v4"; }
    bool onSlowpathEntry(Kernel &k, const SlowpathContext &ctx) override;
    bool onAllocFail(Kernel &k, const SlowpathContext &ctx) override;
    void onBalancePgdatEnd(Kernel &k, Node &nd, bool boosted) override;
    bool setupResetsBoost() const override { return false; }
    pages_t boostStep(const Zone &z) const override;
    void setKnob(std::string_view name, double value) override;

private:
    Zone *firstEligible(Kernel &k, const SlowpathContext &ctx) const;
    V4Knobs m_k;
};

} // namespace wm
