#pragma once
// Pages to be freed at a later tick: a timing wheel indexed by tick with an
// overflow list for lifetimes longer than the wheel. O(1) per item.
#include "mm/constants.h"

#include <cstdint>
#include <vector>

namespace wm {

struct PendingFree {
    std::int64_t dueTick = 0;
    int zone = -1;
    pages_t pages = 0;
};

class FreeQueue
{
public:
    explicit FreeQueue(std::size_t wheelTicks = 1 << 14)
        : m_wheel(wheelTicks)
    {
    }
    void schedule(std::int64_t nowTick, std::int64_t dueTick, int zone, pages_t pages);
    // Calls fn(zone, pages) for everything due at `tick` (ticks must be visited in order).
    template <typename Fn> void takeDue(std::int64_t tick, Fn &&fn)
    {
        // At each revolution, move overflow items that now fit into the wheel.
        if (!m_overflow.empty() && tick % static_cast<std::int64_t>(m_wheel.size()) == 0)
            refill(tick);
        auto &slot = m_wheel[static_cast<std::size_t>(tick) % m_wheel.size()];
        for (const auto &p : slot)
            fn(p.zone, p.pages);
        m_pending -= static_cast<std::int64_t>(slot.size());
        slot.clear();
    }
    std::int64_t pendingItems() const { return m_pending + static_cast<std::int64_t>(m_overflow.size()); }
    pages_t pendingPages() const;

private:
    void refill(std::int64_t tick);
    std::vector<std::vector<PendingFree>> m_wheel;
    std::vector<PendingFree> m_overflow;
    std::int64_t m_pending = 0;
};

} // namespace wm
