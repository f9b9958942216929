#include "policy/v3.h"

#include "policy/atomic_common.h"

namespace wm {

using namespace atomic_boost;

bool V3Policy::onAllocFail(Kernel &k, const SlowpathContext &ctx)
{
    if (!buggyAtomicTest(ctx.gfpMask) || ctx.order != 0 || !ctx.zonelist)
        return false;
    std::int64_t swallowed = ctx.count;
    bool acted = false;
    if (debounceExpired(k.now(), m_lastBoost, static_cast<usec_t>(m_debounceMs * kMsec))) {
        m_lastBoost = k.now();
        acted = true;
        --swallowed;
        for (int zid : *ctx.zonelist) {
            Zone &z = k.zone(zid);
            if (k.boostWatermark(z, EventReason::AtomicFailure, kPageblockNrPages))
                k.wakeupKswapd(z, ctx.gfpMask, 0, ctx.highestZoneidx);
        }
    }
    suppressed(k, swallowed, -1, -1, EventReason::AtomicFailure);
    return acted;
}

void V3Policy::setKnob(std::string_view name, double value)
{
    if (name == "debounce_ms")
        m_debounceMs = value;
}

} // namespace wm
