#include "workload/workload.h"

#include <algorithm>
#include <cmath>

namespace wm {

Workload::Workload(const Scenario &scenario, std::uint64_t seed)
    : m_extfrag(seed ^ 0x5eedfa11u)
    , m_duration(scenario.duration)
{
    std::uint64_t mix = seed;
    for (const auto &spec : scenario.sources) {
        // Independent streams per source: adding a source leaves the others' streams alone.
        std::uint64_t a = Rng::splitmix64(mix);
        std::uint64_t b = Rng::splitmix64(mix);
        m_sources.emplace_back(spec, Rng(a), Rng(b));
    }
}

gfp_t Workload::slabFirstTryGfp(gfp_t gfpMask, int slabOrder, int minOrder)
{
    // allocate_slab() (mm/slub.c): "Let the initial higher-order allocation
    // fail under memory pressure": no warning, no retry, no __GFP_NOFAIL; a
    // caller that may block neither reclaims nor wakes kswapd for it, and
    // does not dip into the reserves (__GFP_NOMEMALLOC).
    gfp_t first = (gfpMask | gfp::NOWARN | gfp::NORETRY) & ~gfp::NOFAIL;
    if ((first & gfp::DIRECT_RECLAIM) && slabOrder > minOrder)
        first = (first | gfp::NOMEMALLOC) & ~gfp::RECLAIM;
    return first;
}

void Workload::updateSources(const std::vector<SourceSpec> &sources)
{
    for (std::size_t i = 0; i < sources.size() && i < m_sources.size(); ++i) {
        m_sources[i].spec = sources[i];
        m_sources[i].cachedLambda = -1;
        m_sources[i].cachedTick = -1;
    }
}

double Workload::rateAt(const SourceSpec &s, usec_t t, usec_t duration)
{
    if (t < s.start || (s.stop && t >= *s.stop))
        return 0;
    const auto &r = s.rate;
    switch (r.kind) {
    case RateKind::Constant:
    case RateKind::Poisson:
        return r.rate;
    case RateKind::Bursts: {
        if (r.period <= 0 || t < s.start + r.phase)
            return r.rate;
        const usec_t into = (t - s.start - r.phase) % r.period;
        return into < r.burstLength ? r.burstRate : r.rate;
    }
    case RateKind::Ramp: {
        const usec_t end = s.stop ? *s.stop : duration;
        if (end <= s.start)
            return r.rate;
        const double f = static_cast<double>(t - s.start) / static_cast<double>(end - s.start);
        return r.rate + (r.rampTo - r.rate) * std::clamp(f, 0.0, 1.0);
    }
    case RateKind::Piecewise: {
        double rate = 0;
        for (const auto &p : r.points) {
            if (p.at > t)
                break;
            rate = p.rate;
        }
        return rate;
    }
    }
    return 0;
}

std::int64_t Workload::draw(SourceState &s, usec_t t, usec_t tickLength)
{
    const double rate = rateAt(s.spec, t, m_duration);
    if (rate <= 0)
        return 0;
    const double lambda = rate * static_cast<double>(tickLength) / 1e6;
    if (s.spec.rate.kind == RateKind::Constant) {
        // Evenly spaced arrivals: carry the fraction over to the next tick.
        const double total = s.carry + lambda;
        const double whole = std::floor(total);
        s.carry = total - whole;
        return static_cast<std::int64_t>(whole);
    }
    if (lambda != s.cachedLambda) {
        s.cachedLambda = lambda;
        s.cachedExpMinusLambda = lambda < 30 ? std::exp(-lambda) : 0.0;
    }
    return s.arrivals.poisson(lambda, s.cachedExpMinusLambda);
}

void Workload::freeDue(std::int64_t tick, usec_t tickLength, Kernel &kernel)
{
    m_frees.takeDue(tick, [&](int zone, pages_t pages) { kernel.zone(zone).free += pages; });
    for (auto &s : m_sources) {
        if (s.pools.empty() || s.spec.lifetime.duration <= 0)
            continue;
        if (s.cachedTick != tickLength) {
            s.cachedTick = tickLength;
            s.cachedFreeProbability
                = 1.0 - std::exp(-static_cast<double>(tickLength) / static_cast<double>(s.spec.lifetime.duration));
        }
        const double p = s.cachedFreeProbability;
        for (auto &pool : s.pools) {
            const std::int64_t freed = s.lifetimes.binomial(pool.objects, p);
            pool.objects -= freed;
            kernel.zone(pool.zone).free += freed << pool.order;
        }
    }
}

void Workload::allocate(std::int64_t tick, usec_t t, usec_t tickLength, Kernel &kernel, Allocator &allocator, bool perRequest)
{
    for (auto &s : m_sources) {
        const std::int64_t arrivals = draw(s, t, tickLength);
        // Arrivals only: the count of requests is the workload's, whatever the kernel does.
        kernel.count(Counter::SimAllocRequests, arrivals);
        const std::int64_t n = arrivals + s.throttled;
        if (n == 0)
            continue;
        // Requests asleep in throttle_direct_reclaim() wait on their preferred
        // node's pgdat (pfmemalloc_wait): counted there, so the machine's value
        // is the sum of the nodes'. Those waiting to retry after the OOM step
        // are counted apart.
        Node &home = kernel.node(s.spec.node);
        if (s.throttled > 0)
            kernel.count(
                home, s.waitIsRetry ? Counter::SimAllocRetryWaitUs : Counter::SimThrottleWaitUs, s.throttled * tickLength);
        const auto &spec = s.spec;
        m_placed.clear();
        std::int64_t done = 0;
        if (spec.slabRefill) {
            // allocate_slab(): the cache's preferred order first, quietly, then
            // the minimum order with the caller's flags.
            AllocRequest first {slabFirstTryGfp(spec.gfpMask, spec.slabOrder, spec.order), spec.slabOrder, spec.node, true};
            const std::int64_t big = allocator.allocBatch(first, n, m_placed, perRequest, s.throttled);
            // The big slabs carry 2^(slabOrder - order) times the objects; we keep
            // the request count and account the pages where they landed.
            place(s, tick, tickLength, kernel, m_placed, spec.slabOrder, big, big);
            m_placed.clear();
            AllocRequest fallback {spec.gfpMask, spec.order, spec.node, false};
            done = allocator.allocBatch(fallback, n - big, m_placed, perRequest, std::max<std::int64_t>(0, s.throttled - big));
            place(s, tick, tickLength, kernel, m_placed, spec.order, done, n - big);
        } else {
            AllocRequest req {spec.gfpMask, spec.order, spec.node, false};
            done = allocator.allocBatch(req, n, m_placed, perRequest, s.throttled);
            place(s, tick, tickLength, kernel, m_placed, spec.order, done, n);
        }
        // Count a throttled request once, not on every tick it waits.
        const std::int64_t throttled = allocator.lastThrottled();
        const bool retry = allocator.lastWaitIsRetry();
        const std::int64_t wasThrottled = s.waitIsRetry ? 0 : s.throttled;
        if (!retry && throttled > wasThrottled)
            kernel.count(home, Counter::SimDirectReclaimThrottled, throttled - wasThrottled);
        s.throttled = throttled;
        s.waitIsRetry = retry;
    }
}

void Workload::place(SourceState &s, std::int64_t tick, usec_t tickLength, Kernel &kernel, const std::vector<Placement> &placed,
    int order, std::int64_t succeeded, std::int64_t requested)
{
    const auto &lt = s.spec.lifetime;
    (void)requested;
    if (succeeded == 0)
        return;
    for (const auto &p : placed) {
        Zone &z = kernel.zone(p.zone);
        const pages_t pages = p.count << order;
        switch (lt.kind) {
        case LifetimeKind::PageCache:
            z.fileLru += pages;
            break;
        case LifetimeKind::Anon:
            z.anonLru += pages;
            break;
        case LifetimeKind::Forever:
            z.unreclaimable += pages;
            break;
        case LifetimeKind::Fixed: {
            const std::int64_t ticks = std::max<std::int64_t>(1, (lt.duration + tickLength - 1) / tickLength);
            m_frees.schedule(tick, tick + ticks, p.zone, pages);
            break;
        }
        case LifetimeKind::Exponential: {
            auto it = std::find_if(
                s.pools.begin(), s.pools.end(), [&](const ExpPool &e) { return e.zone == p.zone && e.order == order; });
            if (it == s.pools.end())
                s.pools.push_back({p.zone, order, p.count});
            else
                it->objects += p.count;
            break;
        }
        }
    }
}

void Workload::extfrag(usec_t tickLength, Kernel &kernel)
{
    auto &zones = kernel.machine().zones;
    m_extfragLambda.resize(zones.size(), -1);
    m_extfragExp.resize(zones.size(), 0);
    for (auto &z : zones) {
        if (z.extfragFallbackRate <= 0) {
            z.unmovableAllocThisTick = z.unmovableAllocKswapdThisTick = false;
            continue;
        }
        // Drawn every tick, whatever happened, to keep the stream fixed.
        const double lambda = z.extfragFallbackRate * static_cast<double>(tickLength) / 1e6;
        const auto zi = static_cast<std::size_t>(z.id);
        if (m_extfragLambda[zi] != lambda) {
            m_extfragLambda[zi] = lambda;
            m_extfragExp[zi] = lambda < 30 ? std::exp(-lambda) : 0.0;
        }
        const std::int64_t steals = m_extfrag.poisson(lambda, m_extfragExp[zi]);
        if (z.unmovableAllocThisTick) {
            for (std::int64_t i = 0; i < steals; ++i) {
                // steal_suitable_fallback() -> boost_watermark(); only with
                // ALLOC_KSWAPD is ZONE_BOOSTED_WATERMARK set, so that rmqueue()
                // wakes kswapd (a mask without __GFP_KSWAPD_RECLAIM boosts silently).
                if (kernel.boostWatermark(z, EventReason::Extfrag) && z.unmovableAllocKswapdThisTick)
                    kernel.wakeupKswapd(z, 0, 0, zoneIndex(z.type));
            }
        }
        z.unmovableAllocThisTick = z.unmovableAllocKswapdThisTick = false;
    }
}

} // namespace wm
