#include "mm/kswapd.h"

#include "policy/policy.h"

#include <algorithm>
#include <cmath>

namespace wm {

namespace {
constexpr usec_t kNap = 100'000; // HZ/10
}

int KswapdModel::highestPopulatedZone(const Node &nd) const
{
    for (int t = kMaxNrZones - 1; t >= 0; --t) {
        const int zid = nd.zoneByType[static_cast<std::size_t>(t)];
        if (zid >= 0 && m_kernel.zone(zid).populated())
            return t;
    }
    return 0;
}

bool KswapdModel::prepareKswapdSleep(const Node &nd, int idx) const
{
    // prepare_kswapd_sleep(pgdat, reclaim_order, ...): hopeless nodes sleep;
    // otherwise only when balanced at the order the last run ended with.
    if (nd.kswapd.failures >= kMaxReclaimFailures)
        return true;
    return m_kernel.pgdatBalanced(nd, nd.kswapd.reclaimOrder, idx);
}

void KswapdModel::runTick(Node &nd)
{
    auto &k = nd.kswapd;
    switch (k.state) {
    case KswapdState::Sleeping:
        return;
    case KswapdState::Napping:
        if (m_kernel.now() < k.napUntil)
            return;
        // The nap ran out without a wakeup: sleep for real if still balanced.
        if (prepareKswapdSleep(nd, k.reclaimIdx)) {
            k.state = KswapdState::Sleeping;
            m_kernel.log(
                {0, EventKind::KswapdSleep, EventReason::None, nd.id, -1, k.failures >= kMaxReclaimFailures ? 0 : 1, 0, {}});
            return;
        }
        m_kernel.count(nd, Counter::KswapdHighWmarkHitQuickly);
        k.state = KswapdState::Running;
        k.priority = -1;
        break;
    case KswapdState::Running:
        break;
    }
    if (k.wokenDuringNap) {
        // Woken before the HZ/10 nap ran out.
        m_kernel.count(nd, Counter::KswapdLowWmarkHitQuickly);
        k.wokenDuringNap = false;
    }
    m_kernel.count(nd, Counter::SimKswapdBusyMs, m_kernel.tick());
    if (k.priority < 0)
        balancePgdatEnter(nd);
    balancePgdatLoopTick(nd);
}

void KswapdModel::balancePgdatEnter(Node &nd)
{
    auto &k = nd.kswapd;
    // kswapd(): read and reset kswapd_order / kswapd_highest_zoneidx.
    // kswapd_highest_zoneidx(): when nobody asked for a zone since the last
    // run, keep the last run's (at first MAX_NR_ZONES - 1, every zone).
    int idx = k.highestZoneidx != kMaxNrZones ? k.highestZoneidx
        : k.prevHighestZoneidx != kMaxNrZones ? k.prevHighestZoneidx
                                              : highestPopulatedZone(nd);
    k.prevHighestZoneidx = idx;
    k.highestZoneidx = kMaxNrZones;
    k.reclaimOrder = k.order;
    k.order = 0;
    k.reclaimIdx = idx;
    m_kernel.count(nd, Counter::Pageoutrun);
    // Account for the reclaim of boosted zones: snapshot watermark_boost.
    k.nrBoostReclaim = 0;
    k.zoneBoosts.fill(0);
    for (int t = 0; t <= idx; ++t) {
        const int zid = nd.zoneByType[static_cast<std::size_t>(t)];
        if (zid < 0 || !m_kernel.zone(zid).populated())
            continue;
        k.zoneBoosts[static_cast<std::size_t>(t)] = m_kernel.zone(zid).watermarkBoost;
        k.nrBoostReclaim += m_kernel.zone(zid).watermarkBoost;
    }
    k.boosted = k.nrBoostReclaim != 0;
    k.reclaimedThisRun = 0;
    k.priority = kDefPriority;
}

void KswapdModel::balancePgdatLoopTick(Node &nd)
{
    auto &k = nd.kswapd;
    bool balanced = m_kernel.pgdatBalanced(nd, k.reclaimOrder, k.reclaimIdx);
    // If boosting is not possible (node unbalanced), restart as normal reclaim;
    // the boost is still cleared at the end.
    if (!balanced && k.nrBoostReclaim) {
        k.nrBoostReclaim = 0;
        k.priority = kDefPriority;
    }
    // Balanced and no boost left to reclaim: done.
    if (!k.nrBoostReclaim && balanced) {
        balancePgdatOut(nd);
        return;
    }
    // Boosted reclaim neither writes back nor swaps (may_writepage/may_swap = !nr_boost_reclaim).
    const bool maySwap = !k.nrBoostReclaim && m_kernel.reclaim().swap;
    bool hadBudget = true;
    const pages_t reclaimed = shrinkNode(nd, k.reclaimIdx, maySwap, hadBudget);
    if (reclaimed == 0 && !hadBudget)
        return; // a slow rate: less than a page due this tick, not a failed run
    k.reclaimedThisRun += reclaimed;
    if (k.nrBoostReclaim) {
        const pages_t used = std::min(k.nrBoostReclaim, reclaimed);
        k.nrBoostReclaim -= used;
        m_kernel.count(nd, Counter::SimKswapdBoostReclaimed, used);
    }
    if (reclaimed == 0) {
        // Boosted reclaim without progress stops ("no point"); unboosted, the
        // priority loop runs down to nothing. Either way balance_pgdat() then
        // counts a failure only if the whole run reclaimed nothing
        // (sc.nr_reclaimed is the run's total, not this pass's).
        if (k.reclaimedThisRun == 0) {
            ++k.failures;
            if (k.failures == kMaxReclaimFailures)
                m_kernel.log({0, EventKind::KswapdHopeless, EventReason::None, nd.id, -1, k.failures, 0, {}});
        }
        balancePgdatOut(nd);
        return;
    }
    // shrink_node() resets kswapd_failures on progress.
    k.failures = 0;
    // kswapd_shrink_node(): "Fragmentation may mean that the system cannot be
    // rebalanced for high-order allocations. If twice the allocation size has
    // been reclaimed then recheck watermarks only at order-0" (compact_gap();
    // kcompactd, which we do not model, takes it from there).
    if (k.reclaimOrder > 0 && k.reclaimedThisRun >= (pages_t {2} << k.reclaimOrder))
        k.reclaimOrder = 0;
    balanced = m_kernel.pgdatBalanced(nd, k.reclaimOrder, k.reclaimIdx);
    if (balanced && !k.nrBoostReclaim)
        balancePgdatOut(nd);
}

void KswapdModel::balancePgdatOut(Node &nd)
{
    auto &k = nd.kswapd;
    // out: return the boost snapshot taken at entry (under zone->lock).
    if (k.boosted) {
        for (int t = 0; t <= k.reclaimIdx; ++t) {
            const int zid = nd.zoneByType[static_cast<std::size_t>(t)];
            if (zid < 0)
                continue;
            Zone &z = m_kernel.zone(zid);
            z.watermarkBoost -= std::min(z.watermarkBoost, k.zoneBoosts[static_cast<std::size_t>(t)]);
        }
    }
    m_kernel.policy().onBalancePgdatEnd(m_kernel, nd, k.boosted);
    k.boosted = false;
    k.priority = -1;
    tryToSleep(nd);
}

void KswapdModel::tryToSleep(Node &nd)
{
    auto &k = nd.kswapd;
    // kswapd_try_to_sleep(): balanced -> nap HZ/10 first; not balanced -> go again.
    if (prepareKswapdSleep(nd, k.reclaimIdx)) {
        k.state = KswapdState::Napping;
        k.napUntil = m_kernel.now() + kNap;
        k.wokenDuringNap = false;
        return;
    }
    m_kernel.count(nd, Counter::KswapdHighWmarkHitQuickly);
    k.state = KswapdState::Running;
}

pages_t KswapdModel::shrinkNode(Node &nd, int idx, bool maySwap, bool &hadBudget)
{
    auto &b = m_budgets;
    const auto &rc = m_kernel.reclaim();
    if (b.tick != m_kernel.tick() || b.fileRate != rc.kswapdFileRate || b.anonRate != rc.kswapdAnonRate) {
        b.tick = m_kernel.tick();
        b.fileRate = rc.kswapdFileRate;
        b.anonRate = rc.kswapdAnonRate;
        // rate * tick / 1e6: exact whenever the product is a whole number of pages.
        b.file = rc.kswapdFileRate * static_cast<double>(b.tick) / 1e6;
        b.anon = rc.kswapdAnonRate * static_cast<double>(b.tick) / 1e6;
    }
    auto &k = nd.kswapd;
    k.fileCredit += b.file;
    if (maySwap)
        k.anonCredit += b.anon;
    const auto fileBudget = static_cast<pages_t>(k.fileCredit);
    const auto anonBudget = maySwap ? static_cast<pages_t>(k.anonCredit) : pages_t {0};
    // Whole pages are spent (or lost, if the LRU had fewer); fractions carry over.
    k.fileCredit -= static_cast<double>(fileBudget);
    k.anonCredit -= static_cast<double>(anonBudget);
    hadBudget = true;
    pages_t total = 0;
    // The node's LRUs hold pages of every zone; reclaim them in proportion.
    for (int pass = 0; pass < 2; ++pass) {
        const pages_t budget = pass == 0 ? fileBudget : anonBudget;
        const double rate = pass == 0 ? b.file : (maySwap ? b.anon : 0.0);
        if (rate <= 0)
            continue;
        pages_t lruTotal = 0;
        for (int t = 0; t <= idx; ++t) {
            const int zid = nd.zoneByType[static_cast<std::size_t>(t)];
            if (zid >= 0)
                lruTotal += pass == 0 ? m_kernel.zone(zid).fileLru : m_kernel.zone(zid).anonLru;
        }
        if (lruTotal == 0)
            continue;
        if (budget <= 0) {
            hadBudget = false; // pages to reclaim, but less than one due yet
            continue;
        }
        const pages_t want = std::min(budget, lruTotal);
        pages_t given = 0;
        for (int t = idx; t >= 0; --t) {
            const int zid = nd.zoneByType[static_cast<std::size_t>(t)];
            if (zid < 0)
                continue;
            Zone &z = m_kernel.zone(zid);
            pages_t &lru = pass == 0 ? z.fileLru : z.anonLru;
            if (lru == 0)
                continue;
            // Proportional share, rounded up so the budget is always spent.
            const pages_t floorShare = mulDiv(want, lru, lruTotal);
            pages_t share = floorShare + (floorShare * lruTotal < want * lru ? 1 : 0);
            share = std::min({share, lru, want - given});
            lru -= share;
            z.free += share;
            given += share;
        }
        if (pass == 1)
            m_kernel.count(nd, Counter::Pswpout, given);
        total += given;
    }
    m_kernel.count(nd, Counter::PgscanKswapd, total);
    m_kernel.count(nd, Counter::PgstealKswapd, total);
    return total;
}

} // namespace wm
