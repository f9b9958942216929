#include "workload/free_queue.h"

#include <algorithm>

namespace wm {

void FreeQueue::schedule(std::int64_t nowTick, std::int64_t dueTick, int zone, pages_t pages)
{
    if (pages <= 0)
        return;
    dueTick = std::max(dueTick, nowTick + 1);
    const auto w = static_cast<std::int64_t>(m_wheel.size());
    // Items due less than one revolution ahead go in directly; the others wait
    // in the overflow until the revolution that reaches them (refill()).
    if (dueTick - nowTick >= w) {
        m_overflow.push_back({dueTick, zone, pages});
        return;
    }
    auto &slot = m_wheel[static_cast<std::size_t>(dueTick % w)];
    if (!slot.empty() && slot.back().zone == zone && slot.back().dueTick == dueTick) {
        slot.back().pages += pages;
        return;
    }
    slot.push_back({dueTick, zone, pages});
    ++m_pending;
}

void FreeQueue::refill(std::int64_t tick)
{
    const auto w = static_cast<std::int64_t>(m_wheel.size());
    auto it = std::stable_partition(
        m_overflow.begin(), m_overflow.end(), [&](const PendingFree &p) { return p.dueTick >= tick + w; });
    std::vector<PendingFree> moving(it, m_overflow.end());
    m_overflow.erase(it, m_overflow.end());
    for (const auto &p : moving) {
        m_wheel[static_cast<std::size_t>(p.dueTick % w)].push_back(p);
        ++m_pending;
    }
}

pages_t FreeQueue::pendingPages() const
{
    pages_t s = 0;
    for (const auto &slot : m_wheel)
        for (const auto &p : slot)
            s += p.pages;
    for (const auto &p : m_overflow)
        s += p.pages;
    return s;
}

} // namespace wm
