#include "sim/recorder.h"

#include <algorithm>

namespace wm {

Recorder::Recorder(int zones, usec_t tick, std::size_t capacity)
    : m_tick(tick)
    , m_capacity(std::max<std::size_t>(capacity, 4))
{
    m_series.resize(static_cast<std::size_t>(zones));
    m_slotEnd.resize(static_cast<std::size_t>(zones), 0);
    for (int i = 0; i < zones; ++i) {
        m_series[static_cast<std::size_t>(i)].zone = i;
        m_series[static_cast<std::size_t>(i)].bucketWidth = tick;
        m_series[static_cast<std::size_t>(i)].buckets.reserve(m_capacity);
    }
}

void Recorder::record(usec_t t, const std::vector<ZoneSample> &samples)
{
    for (std::size_t i = 0; i < samples.size() && i < m_series.size(); ++i)
        add(i, t, samples[i]);
}

void Recorder::add(std::size_t i, usec_t t, const ZoneSample &x)
{
    ZoneSeries &s = m_series[i];
    if (!s.buckets.empty()) {
        auto &b = s.buckets.back();
        // Buckets are aligned to multiples of the current width; samples come
        // in time order, so "same slot as the last bucket" is t < its slot end.
        if (t < m_slotEnd[i]) {
            b.t1 = t;
            b.freeMin = std::min(b.freeMin, x.free);
            b.freeMax = std::max(b.freeMax, x.free);
            b.freeLast = x.free;
            b.min = x.min;
            b.low = x.low;
            b.high = x.high;
            b.boost = x.boost;
            b.highMax = std::max(b.highMax, x.high);
            b.boostMax = std::max(b.boostMax, x.boost);
            b.minUnboosted = x.minUnboosted;
            b.atomicFloor = x.atomicFloor;
            b.fileLru = x.fileLru;
            b.anonLru = x.anonLru;
            return;
        }
    }
    if (s.buckets.size() >= m_capacity) {
        mergePairs(s);
        const usec_t t0 = s.buckets.back().t0;
        m_slotEnd[i] = (t0 / s.bucketWidth + 1) * s.bucketWidth;
        add(i, t, x);
        return;
    }
    m_slotEnd[i] = (t / s.bucketWidth + 1) * s.bucketWidth;
    s.buckets.push_back({t, t, x.free, x.free, x.free, x.min, x.low, x.high, x.boost, x.high, x.boost, x.minUnboosted,
        x.atomicFloor, x.fileLru, x.anonLru});
}

void Recorder::mergePairs(ZoneSeries &s)
{
    // Double the bucket width and merge the buckets that now share one slot.
    s.bucketWidth *= 2;
    std::vector<SeriesBucket> merged;
    merged.reserve(s.buckets.capacity());
    for (const auto &b : s.buckets) {
        if (!merged.empty() && merged.back().t0 / s.bucketWidth == b.t0 / s.bucketWidth) {
            auto &m = merged.back();
            const auto t0 = m.t0;
            const auto fmin = std::min(m.freeMin, b.freeMin), fmax = std::max(m.freeMax, b.freeMax);
            const auto hmax = std::max(m.highMax, b.highMax), bmax = std::max(m.boostMax, b.boostMax);
            m = b;
            m.t0 = t0;
            m.freeMin = fmin;
            m.freeMax = fmax;
            m.highMax = hmax;
            m.boostMax = bmax;
        } else {
            merged.push_back(b);
        }
    }
    s.buckets = std::move(merged);
}

std::size_t Recorder::bytes() const
{
    std::size_t b = 0;
    for (const auto &s : m_series)
        b += s.buckets.capacity() * sizeof(SeriesBucket);
    return b;
}

std::vector<SeriesBucket> decimateForDisplay(const std::vector<SeriesBucket> &in, usec_t from, usec_t to, std::size_t maxBuckets)
{
    std::vector<SeriesBucket> out;
    if (in.empty() || maxBuckets == 0)
        return out;
    auto first = std::lower_bound(in.begin(), in.end(), from, [](const SeriesBucket &b, usec_t t) { return b.t1 < t; });
    auto last = std::upper_bound(first, in.end(), to, [](usec_t t, const SeriesBucket &b) { return t < b.t0; });
    const auto n = static_cast<std::size_t>(last - first);
    if (n <= maxBuckets) {
        out.assign(first, last);
        return out;
    }
    const std::size_t group = (n + maxBuckets - 1) / maxBuckets;
    out.reserve(maxBuckets);
    for (auto it = first; it < last;) {
        const auto end = (last - it) > static_cast<std::ptrdiff_t>(group) ? it + static_cast<std::ptrdiff_t>(group) : last;
        SeriesBucket m = *(end - 1);
        m.t0 = it->t0;
        for (auto k = it; k != end; ++k) {
            m.freeMin = std::min(m.freeMin, k->freeMin);
            m.freeMax = std::max(m.freeMax, k->freeMax);
            m.highMax = std::max(m.highMax, k->highMax);
            m.boostMax = std::max(m.boostMax, k->boostMax);
        }
        out.push_back(m);
        it = end;
    }
    return out;
}

} // namespace wm
