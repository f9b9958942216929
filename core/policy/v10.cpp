#include "policy/v10.h"

#include "policy/atomic_common.h"

#include <algorithm>
#include <vector>

namespace wm {

using namespace atomic_boost;

bool V10Policy::boostZonesForAtomic(Kernel &k, const SlowpathContext &ctx, EventReason reason)
{
    if (!strictAtomicTest(ctx.gfpMask) || ctx.order != 0 || !ctx.zonelist || ctx.zonelist->empty())
        return false;
    const auto interval = static_cast<usec_t>(m_k.debounceMs * kMsec);
    // The first of `count` identical requests walks the zonelist; every zone it
    // can boost gets stamped, so the ones after it find nothing eligible
    // (unless a zone was skipped by nothing but its own debounce, which stays).
    bool acted = false;
    std::vector<int> wokenNodes;
    for (int zid : *ctx.zonelist) {
        Zone &z = k.zone(zid);
        if (zoneIndex(z.type) > ctx.highestZoneidx)
            continue;
        if (!debounceExpired(k.now(), z.lastBoostTime, interval))
            continue;
        z.lastBoostTime = k.now();
        acted = true;
        if (4 * kPageblockNrPages > z.managed) // small-zone limit of the shared helper (guess)
            continue;
        const pages_t high = z.watermark[static_cast<std::size_t>(WatermarkIndex::High)];
        const pages_t cap
            = std::max<pages_t>(kPageblockNrPages, static_cast<pages_t>(static_cast<double>(high) * m_k.capFactor / 10000.0));
        const pages_t step = std::max<pages_t>(
            kPageblockNrPages, static_cast<pages_t>(static_cast<double>(z.managed) * m_k.stepPer10000 / 10000.0));
        const pages_t target = std::min(z.watermarkBoost + step, cap);
        if (target <= z.watermarkBoost)
            continue;
        k.setWatermarkBoost(z, target, reason);
        if (std::find(wokenNodes.begin(), wokenNodes.end(), z.node) == wokenNodes.end()) {
            wokenNodes.push_back(z.node);
            k.wakeupKswapd(z, ctx.gfpMask, 0, ctx.highestZoneidx);
        }
    }
    // Requests 2..count see every zone just stamped (or still debounced).
    const std::int64_t swallowed = acted ? ctx.count - 1 : ctx.count;
    const Zone &pref = k.zone(ctx.zonelist->front());
    suppressed(k, swallowed, pref.node, pref.id, reason);
    return acted;
}

void V10Policy::setKnob(std::string_view name, double value)
{
    if (name == "debounce_ms")
        m_k.debounceMs = value;
    else if (name == "step_per_10000")
        m_k.stepPer10000 = value;
    else if (name == "cap_factor")
        m_k.capFactor = value;
    else if (name == "at_failure")
        m_k.atFailure = value;
}

} // namespace wm
