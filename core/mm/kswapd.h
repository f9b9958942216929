#pragma once
// kswapd, one per node (v6.12 mm/vmscan.c kswapd(), kswapd_try_to_sleep(),
// balance_pgdat()), advanced one tick at a time. Reclaim runs at a configured
// rate (pages/s) instead of the kernel's priority passes; the decisions
// (balanced, boost snapshot, nap, failures) are the kernel's.
#include "mm/kernel.h"

namespace wm {

class KswapdModel
{
public:
    explicit KswapdModel(Kernel &kernel)
        : m_kernel(kernel)
    {
    }
    void runTick(Node &nd);

private:
    void balancePgdatEnter(Node &nd);
    void balancePgdatLoopTick(Node &nd);
    void balancePgdatOut(Node &nd);
    // kswapd_try_to_sleep() right after balance_pgdat() returned.
    void tryToSleep(Node &nd);
    // prepare_kswapd_sleep(): hopeless or balanced.
    bool prepareKswapdSleep(const Node &nd, int idx) const;
    // kswapd_shrink_node() for one tick: reclaim from the zones <= idx in
    // proportion to their LRU sizes. Returns pages reclaimed; `hadBudget` is
    // false when an LRU with pages had less than one page of rate due.
    pages_t shrinkNode(Node &nd, int idx, bool maySwap, bool &hadBudget);
    int highestPopulatedZone(const Node &nd) const;

    Kernel &m_kernel;
    // Per-tick reclaim budgets, recomputed only when the tick or a rate changes.
    struct Budgets {
        usec_t tick = -1;
        double fileRate = -1, anonRate = -1;
        double file = 0, anon = 0; // pages per tick, with fractions
    };
    Budgets m_budgets;
};

} // namespace wm
