#include "policy/v4.h"

#include "policy/atomic_common.h"

#include <algorithm>

namespace wm {

using namespace atomic_boost;

pages_t V4Policy::boostStep(const Zone &z) const
{
    return std::max<pages_t>(kPageblockNrPages, z.managed >> static_cast<int>(m_k.stepShift));
}

Zone *V4Policy::firstEligible(Kernel &k, const SlowpathContext &ctx) const
{
    const auto interval = static_cast<usec_t>(m_k.debounceMs * kMsec);
    for (int zid : *ctx.zonelist) {
        Zone &z = k.zone(zid);
        if (debounceExpired(k.now(), z.lastBoostTime, interval))
            return &z;
    }
    return nullptr;
}

bool V4Policy::onSlowpathEntry(Kernel &k, const SlowpathContext &ctx)
{
    if (!strictAtomicTest(ctx.gfpMask) || ctx.order != 0 || !ctx.zonelist || ctx.zonelist->empty())
        return false;
    // Each of the `count` requests walks the zonelist again: the first boosts
    // the first eligible zone, the next one the next eligible zone, and so on
    // until every zone is debounced; the rest are suppressed.
    std::int64_t done = 0;
    for (; done < ctx.count; ++done) {
        Zone *z = firstEligible(k, ctx);
        if (!z)
            break;
        z->lastBoostTime = k.now();
        const auto cap = static_cast<pages_t>(static_cast<double>(z->highWmarkPages()) * m_k.softCapPercentHigh / 100.0);
        const pages_t target = std::min(z->watermarkBoost + static_cast<pages_t>(m_k.softBoostPages), cap);
        if (target != z->watermarkBoost)
            k.setWatermarkBoost(*z, target, EventReason::AtomicSlowpath);
        k.wakeupKswapd(*z, ctx.gfpMask, 0, ctx.highestZoneidx);
    }
    suppressed(k, ctx.count - done, k.zone(ctx.zonelist->front()).node, ctx.zonelist->front(), EventReason::AtomicSlowpath);
    return done > 0;
}

bool V4Policy::onAllocFail(Kernel &k, const SlowpathContext &ctx)
{
    if (!strictAtomicTest(ctx.gfpMask) || ctx.order != 0 || !ctx.zonelist || ctx.zonelist->empty())
        return false;
    std::int64_t done = 0;
    for (; done < ctx.count; ++done) {
        Zone *z = firstEligible(k, ctx);
        if (!z)
            break;
        z->lastBoostTime = k.now();
        if (!k.boostWatermark(*z, EventReason::AtomicFailure))
            continue;
        setScaleBoost(k, *z,
            std::min<std::int64_t>(z->watermarkScaleBoost + static_cast<std::int64_t>(m_k.scaleBoostStep),
                static_cast<std::int64_t>(m_k.scaleBoostMax)),
            EventReason::AtomicFailure);
        k.setupPerZoneWmarks(EventReason::AtomicFailure);
        k.wakeupKswapd(*z, ctx.gfpMask, 0, ctx.highestZoneidx);
    }
    suppressed(k, ctx.count - done, k.zone(ctx.zonelist->front()).node, ctx.zonelist->front(), EventReason::AtomicFailure);
    return done > 0;
}

void V4Policy::onBalancePgdatEnd(Kernel &k, Node &nd, bool boosted)
{
    // v4's vmscan.c hunk, inside balance_pgdat()'s `if (boosted)` block at out:
    // the loop over i <= highest_zoneidx that skips !zone_boosts[i] decays each
    // zone that was boosted when this run began; setup_per_zone_wmarks() only
    // if some scale boost decayed (scale_decayed).
    if (!boosted)
        return;
    const auto &ks = nd.kswapd;
    bool changed = false;
    for (int t = 0; t <= ks.reclaimIdx && t < kMaxNrZones; ++t) {
        const int zid = nd.zoneByType[static_cast<std::size_t>(t)];
        if (zid < 0 || ks.zoneBoosts[static_cast<std::size_t>(t)] == 0)
            continue;
        Zone &z = k.zone(zid);
        if (z.watermarkScaleBoost <= 0)
            continue;
        setScaleBoost(k, z, std::max<std::int64_t>(0, z.watermarkScaleBoost - static_cast<std::int64_t>(m_k.scaleBoostStep)),
            EventReason::PolicyDecay);
        changed = true;
    }
    if (changed)
        k.setupPerZoneWmarks(EventReason::PolicyDecay);
}

void V4Policy::setKnob(std::string_view name, double value)
{
    if (name == "debounce_ms")
        m_k.debounceMs = value;
    else if (name == "soft_boost_pages")
        m_k.softBoostPages = value;
    else if (name == "soft_cap_percent_high")
        m_k.softCapPercentHigh = value;
    else if (name == "step_shift")
        m_k.stepShift = value;
    else if (name == "scale_boost_step")
        m_k.scaleBoostStep = value;
    else if (name == "scale_boost_max")
        m_k.scaleBoostMax = value;
}

} // namespace wm
