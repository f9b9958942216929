#include "policy/v2.h"

#include "mm/watermarks.h"
#include "policy/atomic_common.h"

#include <algorithm>
#include <cmath>

namespace wm {

using namespace atomic_boost;

void V2Policy::onBoot(Kernel &k)
{
    // v2 captures `initial` in init_per_zone_wmark_min(): the value of
    // calculate_min_free_kbytes() at postcore, before khugepaged raises it to
    // the THP value and before userspace writes sysctl.conf. So its decay floor
    // (1.2 x initial) can lie below what the machine booted with.
    std::vector<ZoneWatermarkInput> zones;
    for (const auto &z : k.machine().zones)
        zones.push_back({z.type, z.managed});
    m_initial = bootMinFreeKbytes(zones, kWatermarkScaleFactorDefault, false);
}

bool V2Policy::onAllocFail(Kernel &k, const SlowpathContext &ctx)
{
    if (!buggyAtomicTest(ctx.gfpMask) || ctx.order != 0)
        return false;
    std::int64_t swallowed = ctx.count;
    bool acted = false;
    if (debounceExpired(k.now(), m_lastBoost, static_cast<usec_t>(m_k.debounceMs * kMsec))) {
        m_lastBoost = k.now();
        if (m_boostDue == kNoTimer)
            m_boostDue = k.now() + 1; // schedule_work(): runs at the next tick boundary
        acted = true;
        --swallowed;
    }
    suppressed(k, swallowed, -1, -1, EventReason::AtomicFailure);
    return acted;
}

usec_t V2Policy::nextTimer() const
{
    return std::min(m_boostDue, m_decayDue);
}

void V2Policy::onTimer(Kernel &k)
{
    const usec_t now = k.now();
    if (m_boostDue <= now) {
        m_boostDue = kNoTimer;
        boostWork(k);
    } else if (m_decayDue <= now) {
        m_decayDue = kNoTimer;
        decayWork(k);
    }
}

void V2Policy::boostWork(Kernel &k)
{
    const std::int64_t cur = k.tunables().minFreeKbytes;
    const auto cap = static_cast<std::int64_t>(std::floor(static_cast<double>(totalRamKbytes(k)) * m_k.capPercentRam / 100.0));
    const std::int64_t target
        = std::min(cur + static_cast<std::int64_t>(std::floor(static_cast<double>(cur) * m_k.increasePercent / 100.0)), cap);
    if (target <= cur)
        return;
    k.setMinFreeKbytes(target, true, EventReason::AtomicFailure);
    if (m_decayDue == kNoTimer)
        m_decayDue = k.now() + static_cast<usec_t>(m_k.decayPeriodMs * kMsec);
}

void V2Policy::decayWork(Kernel &k)
{
    const std::int64_t cur = k.tunables().minFreeKbytes;
    const auto floor = static_cast<std::int64_t>(std::floor(static_cast<double>(m_initial) * m_k.floorPercent / 100.0));
    if (cur <= floor)
        return;
    const std::int64_t target
        = std::max(floor, cur - static_cast<std::int64_t>(std::floor(static_cast<double>(cur) * m_k.decayPercent / 100.0)));
    k.setMinFreeKbytes(target, true, EventReason::PolicyDecay);
    if (target > floor)
        m_decayDue = k.now() + static_cast<usec_t>(m_k.decayPeriodMs * kMsec);
}

void V2Policy::setKnob(std::string_view name, double value)
{
    if (name == "debounce_ms")
        m_k.debounceMs = value;
    else if (name == "decay_period_ms")
        m_k.decayPeriodMs = value;
    else if (name == "increase_percent")
        m_k.increasePercent = value;
    else if (name == "decay_percent")
        m_k.decayPercent = value;
    else if (name == "floor_percent")
        m_k.floorPercent = value;
    else if (name == "cap_percent_ram")
        m_k.capPercentRam = value;
}

} // namespace wm
