#include "policy/v1.h"

#include "policy/atomic_common.h"

#include <algorithm>
#include <cmath>

namespace wm {

bool V1Policy::onAllocFail(Kernel &k, const SlowpathContext &ctx)
{
    if (!atomic_boost::buggyAtomicTest(ctx.gfpMask) || ctx.order != 0)
        return false;
    // schedule_work() on a pending work is a no-op: of `count` identical
    // failures only the first queues it.
    if (m_workDue != kNoTimer)
        return false;
    m_workDue = k.now() + 1; // the next tick boundary after this one
    return true;
}

void V1Policy::onTimer(Kernel &k)
{
    m_workDue = kNoTimer;
    const std::int64_t cur = k.tunables().minFreeKbytes;
    const auto cap
        = static_cast<std::int64_t>(std::floor(static_cast<double>(atomic_boost::totalRamKbytes(k)) * m_capPercent / 100.0));
    const std::int64_t target = std::min(static_cast<std::int64_t>(std::llround(static_cast<double>(cur) * m_factor)), cap);
    if (target > cur)
        k.setMinFreeKbytes(target, false, EventReason::AtomicFailure);
}

void V1Policy::setKnob(std::string_view name, double value)
{
    if (name == "factor")
        m_factor = value;
    else if (name == "cap_percent_ram")
        m_capPercent = value;
}

} // namespace wm
