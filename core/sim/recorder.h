#pragma once
// Per-zone time series with min/max decimation: at most `capacity` buckets per
// zone; when full, neighbouring buckets are merged pairwise and the bucket
// width doubles. Memory is bounded for any run length, and every extreme of
// free pages (the dip below the atomic floor) survives the merge.
#include "mm/constants.h"
#include "scenario/scenario.h"

#include <cstdint>
#include <vector>

namespace wm {

struct SeriesBucket {
    usec_t t0 = 0; // first tick in the bucket
    usec_t t1 = 0; // last tick in the bucket
    pages_t freeMin = 0;
    pages_t freeMax = 0;
    pages_t freeLast = 0;
    // Watermarks at the end of the bucket (including boost), and their max in
    // the bucket so a short boost stays visible after decimation.
    pages_t min = 0, low = 0, high = 0, boost = 0;
    pages_t highMax = 0, boostMax = 0;
    pages_t minUnboosted = 0; // _watermark[WMARK_MIN]
    pages_t atomicFloor = 0; // order-0 GFP_ATOMIC threshold incl. lowmem_reserve[Normal]
    pages_t fileLru = 0;
    pages_t anonLru = 0;
    bool operator==(const SeriesBucket &) const = default;
};

struct ZoneSeries {
    int zone = -1;
    std::vector<SeriesBucket> buckets;
    usec_t bucketWidth = 0; // current width in microseconds
    bool operator==(const ZoneSeries &) const = default;
};

// One sample for one zone at the end of a tick.
struct ZoneSample {
    pages_t free, min, low, high, boost, minUnboosted, atomicFloor, fileLru, anonLru;
};

class Recorder
{
public:
    Recorder() = default;
    Recorder(int zones, usec_t tick, std::size_t capacity = 4096);
    // Record every zone's sample for the tick ending at `t`.
    void record(usec_t t, const std::vector<ZoneSample> &samples);
    const std::vector<ZoneSeries> &series() const { return m_series; }
    std::size_t capacity() const { return m_capacity; }
    std::size_t bytes() const;

private:
    void add(std::size_t i, usec_t t, const ZoneSample &x);
    static void mergePairs(ZoneSeries &s);
    std::vector<ZoneSeries> m_series;
    // Per series: the end of the last bucket's slot (multiple of the width),
    // so the hot path compares instead of dividing.
    std::vector<usec_t> m_slotEnd;
    usec_t m_tick = 1000;
    std::size_t m_capacity = 4096;
};

// Decimate buckets in [from, to] to at most `maxPoints`/2 buckets' worth of
// min/max pairs for drawing (PlotJuggler / Qt Charts advice: about twice the
// plot width in points).
std::vector<SeriesBucket> decimateForDisplay(const std::vector<SeriesBucket> &in, usec_t from, usec_t to, std::size_t maxBuckets);

} // namespace wm
