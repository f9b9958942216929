#pragma once
// A watermark policy: the stock kernel, a version of the atomic-boost patch
// series, or a reviewer's alternative. Its hooks sit where the patches put
// them in mm/page_alloc.c and mm/vmscan.c.
#include "mm/gfp.h"
#include "mm/machine.h"
#include "scenario/scenario.h"

#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace wm {

class Kernel;

inline constexpr usec_t kNoTimer = std::numeric_limits<usec_t>::max();

// `count` identical requests reached the hook at the same instant (the
// allocator batches them). The first sees the state as it is; the ones after
// it see what the first changed. A debounced policy acts at most once and
// counts the rest as suppressed.
struct SlowpathContext {
    gfp_t gfpMask = 0;
    int order = 0;
    int preferredNode = 0;
    int highestZoneidx = 0; // ac->highest_zoneidx (classzone)
    const std::vector<int> *zonelist = nullptr; // zone ids, preferred zone first
    std::int64_t count = 1;
};

class Policy
{
public:
    virtual ~Policy() = default;
    virtual std::string_view id() const = 0;

    // After boot (watermarks set up): static tunings change sysctls here.
    virtual void onBoot(Kernel &) { }
    // __alloc_pages_slowpath(): after wake_all_kswapds and the first
    // get_page_from_freelist() at MIN (v4's proactive boost, v5/v8/v10).
    // Both return whether the policy changed anything (a boost, a scheduled
    // work item): the allocator then processes the next request on its own.
    virtual bool onSlowpathEntry(Kernel &, const SlowpathContext &) { return false; }
    // The fail: label, right before warn_alloc() (v1, v2, v3, v4, v5).
    virtual bool onAllocFail(Kernel &, const SlowpathContext &) { return false; }
    // The end of balance_pgdat() (v4's decay of watermark_scale_boost).
    virtual void onBalancePgdatEnd(Kernel &, Node &, bool /*boosted*/) { }
    // Deferred work (schedule_work, delayed work): run at the start of the
    // first tick at or after nextTimer().
    virtual usec_t nextTimer() const { return kNoTimer; }
    virtual void onTimer(Kernel &) { }
    // __setup_per_zone_wmarks() zeroes watermark_boost (v4 removed that line).
    virtual bool setupResetsBoost() const { return true; }
    // A knob changed during the run (already validated by the registry).
    virtual void setKnob(std::string_view /*name*/, double /*value*/) { }
    // The increment of boost_watermark() for callers that do not pass one (the
    // fragmentation path). One pageblock in the stock kernel; v4 changed it for
    // ALL callers to max(pageblock_nr_pages, managed >> 10).
    virtual pages_t boostStep(const Zone &) const { return kPageblockNrPages; }
};

} // namespace wm
