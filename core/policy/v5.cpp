#include "policy/v5.h"

#include "policy/atomic_common.h"

#include <algorithm>

namespace wm {

using namespace atomic_boost;

pages_t V5Policy::boostStep(const Zone &z) const
{
    if (m_stepShift <= 0)
        return kPageblockNrPages;
    return std::max<pages_t>(kPageblockNrPages, z.managed >> static_cast<int>(m_stepShift));
}

bool V5Policy::trigger(Kernel &k, const SlowpathContext &ctx, EventReason reason)
{
    if (!strictAtomicTest(ctx.gfpMask) || ctx.order != 0 || !ctx.zonelist || ctx.zonelist->empty())
        return false;
    Zone &z = k.zone(ctx.zonelist->front());
    std::int64_t swallowed = ctx.count;
    bool acted = false;
    if (debounceExpired(k.now(), z.lastBoostTime, static_cast<usec_t>(m_debounceMs * kMsec))) {
        z.lastBoostTime = k.now();
        acted = true;
        --swallowed;
        if (k.boostWatermark(z, reason))
            k.wakeupKswapd(z, ctx.gfpMask, 0, ctx.highestZoneidx);
    }
    suppressed(k, swallowed, z.node, z.id, reason);
    return acted;
}

void V5Policy::setKnob(std::string_view name, double value)
{
    if (name == "debounce_ms")
        m_debounceMs = value;
    else if (name == "step_shift")
        m_stepShift = value;
}

} // namespace wm
