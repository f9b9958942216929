#pragma once
// The workload: request sources with their rate patterns and lifetimes. The
// request stream (how many requests each source makes in each tick, and the
// lifetime drawn for each) depends only on the scenario and the seed, never on
// what the allocator did with earlier requests.
#include "mm/allocator.h"
#include "scenario/scenario.h"
#include "workload/free_queue.h"
#include "workload/rng.h"

#include <vector>

namespace wm {

class Workload
{
public:
    Workload(const Scenario &scenario, std::uint64_t seed);
    // Frees that fall due in tick `tick`.
    void freeDue(std::int64_t tick, usec_t tickLength, Kernel &kernel);
    // All sources' requests of the tick starting at `t`, in declared order.
    void allocate(std::int64_t tick, usec_t t, usec_t tickLength, Kernel &kernel, Allocator &allocator, bool perRequest);
    // The vanilla fragmentation boost: fallback steals at each zone's modelled rate.
    void extfrag(usec_t tickLength, Kernel &kernel);
    // A source's spec changed during the run (parameter edit).
    void updateSources(const std::vector<SourceSpec> &sources);
    pages_t pendingFreePages() const { return m_frees.pendingPages(); }

    // Requests per second of a rate pattern at time t (exposed for tests).
    static double rateAt(const SourceSpec &s, usec_t t, usec_t duration);
    // The gfp mask of a slab refill's first, higher-order try (allocate_slab()).
    static gfp_t slabFirstTryGfp(gfp_t gfpMask, int slabOrder, int minOrder);

private:
    // Live objects of an exponential-lifetime source in one zone: memoryless,
    // so each is freed in a tick with probability 1 - exp(-tick/mean).
    struct ExpPool {
        int zone = -1;
        int order = 0;
        std::int64_t objects = 0;
    };
    struct SourceState {
        SourceState(SourceSpec s, Rng a, Rng l)
            : spec(std::move(s))
            , arrivals(a)
            , lifetimes(l)
        {
        }
        SourceSpec spec;
        Rng arrivals;
        Rng lifetimes;
        double carry = 0; // fractional requests of a Constant pattern
        std::int64_t throttled = 0; // requests waiting (throttled, or to retry after the OOM step), retried next tick
        bool waitIsRetry = false; // they wait to retry after the OOM step (Allocator::lastWaitIsRetry())
        std::vector<ExpPool> pools;
        // Caches of the transcendental values that only change with the rate.
        double cachedLambda = -1;
        double cachedExpMinusLambda = 0;
        usec_t cachedTick = -1;
        double cachedFreeProbability = 0;
    };
    std::int64_t draw(SourceState &s, usec_t t, usec_t tickLength);
    void place(SourceState &s, std::int64_t tick, usec_t tickLength, Kernel &kernel, const std::vector<Placement> &placed,
        int order, std::int64_t succeeded, std::int64_t requested);

    std::vector<SourceState> m_sources;
    Rng m_extfrag;
    std::vector<double> m_extfragLambda; // per zone, with its cached exp(-lambda)
    std::vector<double> m_extfragExp;
    FreeQueue m_frees;
    usec_t m_duration = 0;
    std::vector<Placement> m_placed; // scratch
};

} // namespace wm
