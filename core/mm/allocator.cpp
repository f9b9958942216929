#include "mm/allocator.h"

#include "mm/watermark_ok.h"
#include "policy/policy.h"

#include <algorithm>

namespace wm {

namespace {
constexpr int kPageAllocCostlyOrder = 3; // PAGE_ALLOC_COSTLY_ORDER
constexpr usec_t kWarnAllocInterval = 10'000'000; // 10*HZ
constexpr int kMaxDirectReclaimLoops = 4096; // safety bound on our reclaim/retry loop
} // namespace

std::int64_t Allocator::allocBatch(
    const AllocRequest &req, std::int64_t count, std::vector<Placement> &placed, bool perRequest, std::int64_t waiting)
{
    m_throttled = 0;
    m_waitIsRetry = false;
    m_waitingCredit = std::clamp<std::int64_t>(waiting, 0, std::max<std::int64_t>(count, 0));
    if (count <= 0)
        return 0;
    const int classzone = zoneIndex(gfpZone(req.gfpMask));
    const auto &zl = m_kernel.zonelist(req.node, classzone, (req.gfpMask & gfp::THISNODE) != 0);
    if (zl.empty()) {
        failed(req, -1, count);
        return 0;
    }
    // __alloc_pages_noprof(): ALLOC_WMARK_LOW plus alloc_flags_nofragment()'s ALLOC_KSWAPD.
    const unsigned fastFlags = alloc::WMARK_LOW | (req.gfpMask & gfp::KSWAPD_RECLAIM);
    std::int64_t n = count;
    std::int64_t succeeded = 0;
    while (n > 0) {
        const std::int64_t k
            = getPageFromFreelist(req, fastFlags, WatermarkIndex::Low, zl, classzone, perRequest ? 1 : n, placed);
        succeeded += k;
        n -= k;
        m_waitingCredit -= std::min(m_waitingCredit, k); // the waiters come first
        if (n == 0)
            break;
        if (perRequest && k == 1)
            continue;
        // The next request misses the fast path and enters the slowpath.
        bool changed = false;
        const Outcome outcome = slowpathOne(req, zl, classzone, placed, changed);
        --n;
        const bool ok = outcome == Outcome::Allocated;
        succeeded += ok ? 1 : 0;
        if (outcome == Outcome::Throttled || outcome == Outcome::Retry) {
            // Everyone after it finds the node just as short: they all wait.
            m_throttled = 1 + n;
            m_waitIsRetry = outcome == Outcome::Retry;
            if (n > 0)
                countSlowpathEntries(n);
            break;
        }
        if (perRequest || changed || n == 0)
            continue;
        // Nothing but this request's own page changed: the requests after it
        // behave the same way until the watermark capacity runs out.
        const unsigned slowFlags = gfpToAllocFlags(req.gfpMask, req.order);
        SlowpathContext ctx {req.gfpMask, req.order, req.node, classzone, &zl, 0};
        if (ok) {
            const std::int64_t m = getPageFromFreelist(req, slowFlags, WatermarkIndex::Min, zl, classzone, n, placed);
            if (m > 0) {
                ctx.count = m;
                countSlowpathEntries(m);
                m_kernel.policy().onSlowpathEntry(m_kernel, ctx);
                succeeded += m;
                n -= m;
            }
        } else if (!gfpAllowsBlocking(req.gfpMask)) {
            // Non-blocking requests fail identically from here on.
            ctx.count = n;
            countSlowpathEntries(n);
            m_kernel.policy().onSlowpathEntry(m_kernel, ctx);
            m_kernel.policy().onAllocFail(m_kernel, ctx);
            failed(req, zl.front(), n);
            n = 0;
        }
    }
    return succeeded;
}

std::int64_t Allocator::getPageFromFreelist(const AllocRequest &req, unsigned allocFlags, WatermarkIndex wmark,
    const std::vector<int> &zonelist, int classzone, std::int64_t count, std::vector<Placement> &placed)
{
    // get_page_from_freelist(): the first zone of the zonelist that passes
    // zone_watermark_fast() serves the request. Free pages only fall within a
    // batch, so a zone that fails once stays failed: fill zones in order.
    std::int64_t remaining = count;
    for (int zid : zonelist) {
        Zone &z = m_kernel.zone(zid);
        const std::int64_t cap = (allocFlags & alloc::NO_WATERMARKS)
            ? noWatermarksCapacity(z, req.order, allocFlags, remaining)
            : zoneWatermarkCapacity(z, req.order, wmark, classzone, allocFlags, remaining);
        if (cap > 0) {
            commit(z, req, allocFlags, cap, placed);
            remaining -= cap;
        }
        if (remaining == 0)
            break;
    }
    return count - remaining;
}

void Allocator::countSlowpathEntries(std::int64_t k)
{
    const std::int64_t again = std::min(k, m_waitingCredit);
    m_waitingCredit -= again;
    if (k > again)
        m_kernel.count(Counter::SimSlowpathEntries, k - again);
}

std::int64_t Allocator::noWatermarksCapacity(const Zone &z, int order, unsigned allocFlags, std::int64_t count)
{
    // get_page_from_freelist() with ALLOC_NO_WATERMARKS goes straight to
    // try_this_zone: rmqueue() succeeds while a free block of the order exists
    // outside the highatomic reserve (only ALLOC_OOM / ALLOC_NON_BLOCK fall
    // back to MIGRATE_HIGHATOMIC, and the reserve flags replaced those).
    const pages_t size = pages_t {1} << order;
    const pages_t usable = std::max<pages_t>(0, z.free - z.nrFreeHighatomic());
    if (order == 0)
        return std::min<std::int64_t>(count, usable);
    std::int64_t n = 0;
    while (n < count && usable - n * size >= size && zoneHasFreeBlock(z, order, allocFlags, z.free - n * size))
        ++n;
    return n;
}

void Allocator::commit(Zone &z, const AllocRequest &req, unsigned allocFlags, std::int64_t n, std::vector<Placement> &placed)
{
    const pages_t pages = n << req.order;
    z.free -= pages;
    // __count_zid_vm_events(PGALLOC, zone, 1 << order)
    m_kernel.count(z, Counter::Pgalloc, pages);
    if (!(req.gfpMask & gfp::MOVABLE)) {
        z.unmovableAllocThisTick = true;
        if (allocFlags & alloc::KSWAPD)
            z.unmovableAllocKswapdThisTick = true;
    }
    // reserve_highatomic_pageblock(): after a successful ALLOC_HIGHATOMIC
    // allocation from an ordinary block, convert one pageblock (up to ~1%).
    if ((allocFlags & alloc::HIGHATOMIC) && z.nrFreeHighatomic() < (pages_t {1} << req.order)
        && z.nrReservedHighatomic + kPageblockNrPages <= highatomicMax(z.managed)) {
        z.nrReservedHighatomic += kPageblockNrPages;
        m_kernel.count(z, Counter::SimHighatomicReserved);
    }
    if (!placed.empty() && placed.back().zone == z.id)
        placed.back().count += n;
    else
        placed.push_back({z.id, n});
}

Allocator::Outcome Allocator::slowpathOne(
    const AllocRequest &req, const std::vector<int> &zl, int classzone, std::vector<Placement> &placed, bool &changedState)
{
    changedState = false;
    auto &policy = m_kernel.policy();
    // __alloc_pages_slowpath() (v6.12).
    unsigned flags = gfpToAllocFlags(req.gfpMask, req.order);
    countSlowpathEntries(1);
    if (flags & alloc::KSWAPD)
        m_kernel.wakeAllKswapds(req.order, req.gfpMask, zl, classzone);
    // The adjusted alloc_flags might result in immediate success.
    bool got = getPageFromFreelist(req, flags, WatermarkIndex::Min, zl, classzone, 1, placed) == 1;
    SlowpathContext ctx {req.gfpMask, req.order, req.node, classzone, &zl, 1};
    if (policy.onSlowpathEntry(m_kernel, ctx))
        changedState = true;
    if (got)
        return Outcome::Allocated;
    // retry: wake kswapds again (they may have gone back to sleep), apply
    // __gfp_pfmemalloc_flags() (__GFP_MEMALLOC ignores the watermarks), try again.
    if (flags & alloc::KSWAPD)
        m_kernel.wakeAllKswapds(req.order, req.gfpMask, zl, classzone);
    if (const unsigned reserveFlags = gfpPfmemallocFlags(req.gfpMask))
        flags = reserveFlags | (flags & alloc::KSWAPD);
    if (getPageFromFreelist(req, flags, WatermarkIndex::Min, zl, classzone, 1, placed) == 1)
        return Outcome::Allocated;

    // Caller is not willing to reclaim, we can't balance anything.
    if (gfpAllowsBlocking(req.gfpMask)) {
        if (!throttleDirectReclaim(req, zl))
            return Outcome::Throttled;
        const bool costly = req.order > kPageAllocCostlyOrder;
        for (int loop = 0; loop < kMaxDirectReclaimLoops; ++loop) {
            if (m_kernel.node(m_kernel.zone(zl.front()).node).directReclaimBudget <= 0)
                return Outcome::Throttled; // waits for the next tick's reclaim capacity
            const pages_t reclaimed = directReclaim(zl, classzone);
            if (reclaimed > 0)
                changedState = true;
            if (getPageFromFreelist(req, flags, WatermarkIndex::Min, zl, classzone, 1, placed) == 1)
                return Outcome::Allocated;
            // __alloc_pages_direct_reclaim(): progress but no page: release a
            // highatomic block (keeping one) and drain, then retry. `drained` is
            // local to each call, so every reclaim round may release one.
            if (reclaimed > 0 && unreserveHighatomic(zl, false)
                && getPageFromFreelist(req, flags, WatermarkIndex::Min, zl, classzone, 1, placed) == 1)
                return Outcome::Allocated;
            // __GFP_NORETRY, and costly orders without __GFP_RETRY_MAYFAIL,
            // go to nopage after one round of reclaim (and compaction).
            if ((req.gfpMask & gfp::NORETRY) || (costly && !(req.gfpMask & gfp::RETRY_MAYFAIL)))
                break;
            // should_reclaim_retry(): costly orders count every round as one
            // without progress (give up when no_progress_loops > MAX_RECLAIM_RETRIES),
            // and nobody retries unless some zone would pass min with all it could
            // reclaim (with nothing reclaimed, every LRU in reach is empty).
            if (reclaimed > 0 && !(costly && loop + 1 > kMaxReclaimRetries) && reclaimCouldServe(req, zl, classzone, flags))
                continue;
            // "Before OOM, exhaust highatomic_reserve" (should_reclaim_retry()'s
            // out: label): a released block makes it return true, and the
            // request goes round again (goto retry) with the block's pages usable.
            if (!unreserveHighatomic(zl, true))
                break;
            changedState = true;
        }
        // __alloc_pages_may_oom() first tries the freelist at ALLOC_WMARK_HIGH "to
        // catch a parallel oom killing". Nothing runs in parallel with this
        // request here, and it has just failed at WMARK_MIN with more lenient
        // flags, so that try cannot succeed and is left out. The OOM killer
        // itself is skipped for costly orders, for
        // __GFP_RETRY_MAYFAIL and __GFP_THISNODE (the caller has a better
        // fallback; a kill may not free memory on this node) and for a
        // classzone below Normal ("does not needlessly kill tasks for lowmem").
        const bool mayOomKill = !(req.gfpMask & (gfp::NORETRY | gfp::RETRY_MAYFAIL | gfp::THISNODE))
            && req.order <= kPageAllocCostlyOrder && classzone >= zoneIndex(ZoneType::Normal);
        if (mayOomKill) {
            // out_of_memory() "does not compensate for IO-less reclaim": without
            // __GFP_FS it reports progress without killing anyone.
            const bool killed = (req.gfpMask & gfp::FS) && oomKill(zl) > 0;
            changedState = changedState || killed;
            // "Help non-failing allocations by giving them access to memory
            // reserves" (out_of_memory() || WARN_ON_ONCE(__GFP_NOFAIL) counts as progress).
            if ((req.gfpMask & gfp::NOFAIL)
                && getPageFromFreelist(req, alloc::NO_WATERMARKS, WatermarkIndex::Min, zl, classzone, 1, placed) == 1)
                return Outcome::Allocated;
            if (killed && getPageFromFreelist(req, flags, WatermarkIndex::Min, zl, classzone, 1, placed) == 1)
                return Outcome::Allocated;
            // "Retry as long as the OOM killer is making progress": the task
            // retries next tick (one kill per tick, as out_of_memory() waits for
            // a victim that is still exiting).
            if (killed || !(req.gfpMask & gfp::FS) || (req.gfpMask & gfp::NOFAIL))
                return Outcome::Retry;
        }
        // nopage: __GFP_NOFAIL may not fail: one try with ALLOC_MIN_RESERVE
        // (__alloc_pages_cpuset_fallback()), then back to retry, next tick.
        if (req.gfpMask & gfp::NOFAIL) {
            if (getPageFromFreelist(req, flags | alloc::MIN_RESERVE, WatermarkIndex::Min, zl, classzone, 1, placed) == 1)
                return Outcome::Allocated;
            return Outcome::Retry;
        }
    }
    // fail:
    if (policy.onAllocFail(m_kernel, ctx))
        changedState = true;
    failed(req, zl.front(), 1);
    return Outcome::Failed;
}

bool Allocator::reclaimCouldServe(const AllocRequest &req, const std::vector<int> &zl, int classzone, unsigned allocFlags) const
{
    // should_reclaim_retry(): "would the allocation succeed if we reclaimed all
    // reclaimable pages?": __zone_watermark_ok(zone, order, min_wmark_pages,
    // highest_zoneidx, alloc_flags, available) with available = free + reclaimable.
    const bool swap = m_kernel.reclaim().swap;
    for (int zid : zl) {
        const Zone &z = m_kernel.zone(zid);
        const pages_t available = z.free + z.fileLru + (swap ? z.anonLru : 0);
        if (zoneWatermarkOk(z, req.order, z.minWmarkPages(), classzone, allocFlags, available))
            return true;
    }
    return false;
}

bool Allocator::throttleDirectReclaim(const AllocRequest &req, const std::vector<int> &zl)
{
    // throttle_direct_reclaim(): when free pages fall below half the summed
    // min watermarks of the preferred node, the task sleeps on pfmemalloc_wait
    // until kswapd restores them (kswapd is woken directly, capped at Normal).
    const Zone &preferred = m_kernel.zone(zl.front());
    Node &nd = m_kernel.node(preferred.node);
    // Our bound on concurrent direct reclaim (ReclaimSpec::directReclaimRate):
    // once this tick's budget is spent, the task waits like a throttled one.
    if (allowDirectReclaim(nd))
        return nd.directReclaimBudget > 0; // a spent budget waits without waking kswapd
    auto &k = nd.kswapd;
    if (k.highestZoneidx == kMaxNrZones || k.highestZoneidx > zoneIndex(ZoneType::Normal))
        k.highestZoneidx = zoneIndex(ZoneType::Normal);
    if (k.state != KswapdState::Running) {
        if (k.state == KswapdState::Napping)
            k.wokenDuringNap = true;
        k.state = KswapdState::Running;
        k.priority = -1;
        m_kernel.count(nd, Counter::SimKswapdWakeups);
        m_kernel.log(
            {0, EventKind::KswapdWake, EventReason::None, nd.id, -1, k.highestZoneidx, req.order, formatGfp(req.gfpMask)});
    }
    return false;
}

bool Allocator::allowDirectReclaim(Node &nd) const
{
    // allow_direct_reclaim() (v6.12 mm/vmscan.c).
    if (nd.kswapd.failures >= kMaxReclaimFailures)
        return true;
    pages_t reserve = 0, freePages = 0;
    for (int t = 0; t <= zoneIndex(ZoneType::Normal); ++t) {
        const int zid = nd.zoneByType[static_cast<std::size_t>(t)];
        if (zid < 0)
            continue;
        const Zone &z = m_kernel.zone(zid);
        const pages_t reclaimable = z.fileLru + (m_kernel.reclaim().swap ? z.anonLru : 0);
        if (!z.populated() || reclaimable == 0)
            continue;
        reserve += z.minWmarkPages();
        freePages += z.free;
    }
    // If there are no reserves (unexpected config) then do not throttle.
    if (!reserve)
        return true;
    return freePages > reserve / 2;
}

pages_t Allocator::directReclaim(const std::vector<int> &zl, int classzone)
{
    const Zone &preferred = m_kernel.zone(zl.front());
    Node &nd = m_kernel.node(preferred.node);
    // try_to_free_pages(): nr_to_reclaim = SWAP_CLUSTER_MAX, zones of the zonelist.
    pages_t reclaimed = 0;
    const bool swap = m_kernel.reclaim().swap;
    for (int pass = 0; pass < 2 && reclaimed < kSwapClusterMax; ++pass) {
        for (int zid : zl) {
            Zone &z = m_kernel.zone(zid);
            pages_t &lru = pass == 0 ? z.fileLru : z.anonLru;
            if (pass == 1 && !swap)
                break;
            const pages_t take = std::min({lru, kSwapClusterMax - reclaimed, nd.directReclaimBudget - reclaimed});
            if (take <= 0)
                continue;
            lru -= take;
            z.free += take;
            reclaimed += take;
            if (pass == 1)
                m_kernel.count(m_kernel.node(z.node), Counter::Pswpout, take);
            // shrink_node(): any progress makes the node hopeful again.
            m_kernel.node(z.node).kswapd.failures = 0;
            if (reclaimed >= kSwapClusterMax)
                break;
        }
    }
    nd.directReclaimBudget -= reclaimed;
    // __count_zid_vm_events(ALLOCSTALL, sc->reclaim_idx, 1): the classzone's type.
    m_kernel.countAllocstall(nd, classzone);
    const int stallZone = nd.zoneByType[static_cast<std::size_t>(classzone)];
    m_kernel.count(nd, Counter::PgscanDirect, reclaimed);
    m_kernel.count(nd, Counter::PgstealDirect, reclaimed);
    const auto stall
        = static_cast<std::int64_t>(m_kernel.reclaim().directReclaimUsPerPage * static_cast<double>(kSwapClusterMax));
    m_kernel.count(nd, Counter::SimDirectReclaimStallUs, stall);
    Event *last = m_kernel.events().last();
    // One event per tick, node and classzone: a = attempts, b = the classzone
    // (zone is -1 when the node has no zone of that type).
    if (last && last->kind == EventKind::AllocStall && last->at == m_kernel.now() && last->node == nd.id && last->b == classzone)
        ++last->a;
    else
        m_kernel.log({0, EventKind::AllocStall, EventReason::None, nd.id, stallZone, 1, classzone, {}});
    return reclaimed;
}

bool Allocator::unreserveHighatomic(const std::vector<int> &zl, bool force)
{
    // unreserve_highatomic_pageblock(): give one reserved block back (the
    // first zone of the zonelist that has one); without force, keep at least
    // one pageblock. Returns whether a block was released.
    for (int zid : zl) {
        Zone &z = m_kernel.zone(zid);
        if (!force && z.nrReservedHighatomic <= kPageblockNrPages)
            continue;
        if (z.nrReservedHighatomic > 0) {
            z.nrReservedHighatomic -= std::min(z.nrReservedHighatomic, kPageblockNrPages);
            return true;
        }
    }
    return false;
}

pages_t Allocator::oomKill(const std::vector<int> &zl)
{
    // out_of_memory(): kill a victim; its anonymous memory returns to the free lists.
    pages_t target = m_kernel.reclaim().oomKillPages;
    if (target <= 0)
        target = std::max<pages_t>(kSwapClusterMax, m_kernel.totalManaged() / 100);
    pages_t freed = 0;
    for (int zid : zl) {
        Zone &z = m_kernel.zone(zid);
        const pages_t take = std::min(z.anonLru, target - freed);
        z.anonLru -= take;
        z.free += take;
        freed += take;
        if (freed >= target)
            break;
    }
    if (freed > 0) {
        const Zone &preferred = m_kernel.zone(zl.front());
        m_kernel.count(m_kernel.node(preferred.node), Counter::SimOomKills);
        m_kernel.log({0, EventKind::Oom, EventReason::None, preferred.node, preferred.id, freed, 0, {}});
    }
    return freed;
}

void Allocator::failed(const AllocRequest &req, int preferredZone, std::int64_t n)
{
    auto count = [&](Counter c, std::int64_t v) {
        if (preferredZone >= 0)
            m_kernel.count(m_kernel.zone(preferredZone), c, v);
        else
            m_kernel.count(c, v);
    };
    count(Counter::SimAllocFailures, n);
    if (req.order > 0)
        count(Counter::SimHighOrderFailures, n);
    if (req.fallbackFollows)
        return; // silent first try of a slab refill: the order-0 retry follows
    // Atomic: may not sleep and may use the __GFP_HIGH reserve (GFP_ATOMIC and
    // friends). GFP_NOWAIT failures count in sim_alloc_failures only.
    if (!gfpAllowsBlocking(req.gfpMask) && (req.gfpMask & gfp::HIGH)) {
        count(Counter::SimAtomicFailures, n);
        if (req.order == 0)
            count(Counter::SimAtomicFailuresOrder0, n);
        // One event per tick, zone and order: a storm stays one line.
        Event *last = m_kernel.events().last();
        if (last && last->kind == EventKind::AtomicFailure && last->at == m_kernel.now() && last->zone == preferredZone
            && last->b == req.order)
            last->a += n;
        else
            m_kernel.log({0, EventKind::AtomicFailure, EventReason::None,
                preferredZone >= 0 ? m_kernel.zone(preferredZone).node : -1, preferredZone, n, req.order, {}});
    }
    if (!(req.gfpMask & gfp::NOWARN))
        warnAlloc(req, preferredZone, n);
}

void Allocator::warnAlloc(const AllocRequest &req, int zone, std::int64_t n)
{
    // warn_alloc() is ratelimited by nopage_rs: one message per 10 s; the
    // others are "callbacks suppressed", reported with the next message.
    for (std::int64_t i = 0; i < n; ++i) {
        const usec_t now = m_kernel.now();
        // ___ratelimit(): a new window only once jiffies is after begin + interval
        // (time_is_before_jiffies()), so a failure exactly 10 s on is still suppressed.
        if (m_warnWindowStart == kNever || now - m_warnWindowStart > kWarnAllocInterval) {
            m_warnWindowStart = now;
            m_warnPrinted = 0;
        }
        if (m_warnPrinted < 1) {
            ++m_warnPrinted;
            m_kernel.count(Counter::SimWarnAllocMessages);
            m_kernel.log({0, EventKind::WarnAlloc, EventReason::None, zone >= 0 ? m_kernel.zone(zone).node : -1, zone,
                m_warnMissed, req.order, formatGfp(req.gfpMask)});
            m_warnMissed = 0;
        } else {
            // Everything else in this window is suppressed.
            const std::int64_t rest = n - i;
            m_warnMissed += rest;
            m_kernel.count(Counter::SimWarnAllocSuppressed, rest);
            break;
        }
    }
}

} // namespace wm
