#pragma once
// The page allocator's paths (v6.12 mm/page_alloc.c): the fast path at LOW,
// __alloc_pages_slowpath() with its reserve discounts, direct reclaim, OOM and
// warn_alloc(). Identical requests of one source in one tick are processed in
// bulk, with the exact per-request outcome (see allocBatch()).
#include "mm/gfp.h"
#include "mm/kernel.h"

#include <cstdint>
#include <vector>

namespace wm {

struct AllocRequest {
    gfp_t gfpMask = 0;
    int order = 0;
    int node = 0;
    // The request is the first try of a slab refill: its failure is silent
    // and followed by an order-0 retry, so it is not an allocation failure.
    bool fallbackFollows = false;
};

struct Placement {
    int zone = -1;
    std::int64_t count = 0; // requests served by the zone
};

class Allocator
{
public:
    explicit Allocator(Kernel &kernel)
        : m_kernel(kernel)
    {
    }

    // Allocates `count` identical requests arriving at the same instant.
    // Appends where they landed to `placed`; returns the number that succeeded.
    // With perRequest, each request runs through the whole path on its own
    // (the reference the bulk path is tested against). The first `waiting` of
    // them waited in an earlier tick and are still inside the slowpath: they do
    // not count in sim_slowpath_entries again.
    std::int64_t allocBatch(const AllocRequest &req, std::int64_t count, std::vector<Placement> &placed, bool perRequest = false,
        std::int64_t waiting = 0);
    // Blocking requests of the last allocBatch() that wait and retry in a later
    // tick (the caller re-submits them), neither served nor failed: throttled in
    // throttle_direct_reclaim() (pfmemalloc_wait), waiting for an OOM victim to
    // exit, or __GFP_NOFAIL going round the slowpath again.
    std::int64_t lastThrottled() const { return m_throttled; }
    // Whether those wait to retry after the OOM step (an exiting OOM victim,
    // GFP_NOFS, __GFP_NOFAIL) rather than in throttle_direct_reclaim() or for
    // the per-tick direct-reclaim capacity.
    bool lastWaitIsRetry() const { return m_waitIsRetry; }

private:
    // get_page_from_freelist() for up to `count` requests: fills the zonelist's
    // zones in order, each up to its watermark capacity.
    std::int64_t getPageFromFreelist(const AllocRequest &req, unsigned allocFlags, WatermarkIndex wmark,
        const std::vector<int> &zonelist, int classzone, std::int64_t count, std::vector<Placement> &placed);
    // Counts k requests entering __alloc_pages_slowpath(), less those that were
    // already inside it (m_waitingCredit).
    void countSlowpathEntries(std::int64_t k);
    // How many of `count` requests a zone serves under ALLOC_NO_WATERMARKS.
    static std::int64_t noWatermarksCapacity(const Zone &z, int order, unsigned allocFlags, std::int64_t count);
    void commit(Zone &z, const AllocRequest &req, unsigned allocFlags, std::int64_t n, std::vector<Placement> &placed);
    // One request through __alloc_pages_slowpath(). Returns whether it got a
    // page; `changedState` tells whether anything beyond this request's own
    // page changed (a policy acted, reclaim, OOM), i.e. whether the next
    // request could behave differently.
    // Throttled: waits in throttle_direct_reclaim() or for the per-tick direct
    // reclaim capacity; Retry: waits to go round the slowpath again after the
    // OOM step.
    enum class Outcome { Allocated, Failed, Throttled, Retry };
    Outcome slowpathOne(const AllocRequest &req, const std::vector<int> &zonelist, int classzone, std::vector<Placement> &placed,
        bool &changedState);
    // __alloc_pages_direct_reclaim() -> try_to_free_pages(): SWAP_CLUSTER_MAX pages.
    pages_t directReclaim(const std::vector<int> &zonelist, int classzone);
    // should_reclaim_retry()'s test: could any zone serve the request at min
    // if everything reclaimable were reclaimed?
    bool reclaimCouldServe(const AllocRequest &req, const std::vector<int> &zonelist, int classzone, unsigned allocFlags) const;
    bool allowDirectReclaim(Node &nd) const;
    // throttle_direct_reclaim(): false when the task has to wait for kswapd.
    bool throttleDirectReclaim(const AllocRequest &req, const std::vector<int> &zonelist);
    pages_t oomKill(const std::vector<int> &zonelist);
    bool unreserveHighatomic(const std::vector<int> &zonelist, bool force);
    void failed(const AllocRequest &req, int preferredZone, std::int64_t n);
    // warn_alloc() with its 10 s ratelimit (DEFINE_RATELIMIT_STATE(nopage_rs, 10*HZ, 1)).
    void warnAlloc(const AllocRequest &req, int zone, std::int64_t n);

    Kernel &m_kernel;
    usec_t m_warnWindowStart = kNever;
    std::int64_t m_warnPrinted = 0;
    std::int64_t m_warnMissed = 0;
    std::int64_t m_throttled = 0;
    bool m_waitIsRetry = false;
    std::int64_t m_waitingCredit = 0; // of allocBatch()'s `waiting`, not yet served or re-entered
};

} // namespace wm
