#include "export/csvexport.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace wm::exporter {

namespace {
std::string seconds(usec_t t)
{
    char buf[48];
    const char *sign = t < 0 ? "-" : "";
    const long long a = t < 0 ? -static_cast<long long>(t) : static_cast<long long>(t);
    std::snprintf(buf, sizeof buf, "%s%lld.%06lld", sign, a / 1000000, a % 1000000);
    return buf;
}
} // namespace

std::string csvField(std::string_view text)
{
    if (text.find_first_of(",\"\r\n") == std::string_view::npos)
        return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string seriesCsv(const Snapshot &snap)
{
    std::string out = "time_s,node,zone,free_min,free_max,free,min,low,high,boost,min_unboosted,atomic_floor,file,anon\n";
    struct Row {
        usec_t t;
        std::size_t zone;
        const SeriesBucket *b;
        const ZoneState *z;
    };
    std::vector<Row> rows;
    for (const auto &s : snap.series) {
        const ZoneState *z = nullptr;
        for (const auto &x : snap.zones)
            if (x.id == s.zone)
                z = &x;
        if (!z)
            continue;
        for (const auto &b : s.buckets)
            rows.push_back({b.t1, static_cast<std::size_t>(s.zone), &b, z});
    }
    std::stable_sort(
        rows.begin(), rows.end(), [](const Row &a, const Row &b) { return a.t != b.t ? a.t < b.t : a.zone < b.zone; });
    out.reserve(rows.size() * 90 + out.size());
    char buf[512];
    for (const auto &r : rows) {
        const auto &b = *r.b;
        std::snprintf(buf, sizeof buf, "%s,%d,%s,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld\n", seconds(r.t).c_str(),
            r.z->node, std::string(zoneName(r.z->type)).c_str(), static_cast<long long>(b.freeMin),
            static_cast<long long>(b.freeMax), static_cast<long long>(b.freeLast), static_cast<long long>(b.min),
            static_cast<long long>(b.low), static_cast<long long>(b.high), static_cast<long long>(b.boost),
            static_cast<long long>(b.minUnboosted), static_cast<long long>(b.atomicFloor), static_cast<long long>(b.fileLru),
            static_cast<long long>(b.anonLru));
        out += buf;
    }
    return out;
}

std::string eventsCsv(const std::vector<Event> &events, const Snapshot &snap)
{
    std::ostringstream o;
    o << "time_s,kind,reason,node,zone,a,b,text\n";
    for (const auto &e : events) {
        std::string zone;
        for (const auto &z : snap.zones)
            if (z.id == e.zone)
                zone = std::string(zoneName(z.type));
        o << seconds(e.at) << ',' << csvField(eventKindName(e.kind)) << ','
          << csvField(e.reason == EventReason::None ? std::string_view {} : eventReasonName(e.reason)) << ',';
        if (e.node >= 0)
            o << e.node;
        o << ',' << zone << ',' << e.a << ',' << e.b << ',' << csvField(e.text) << '\n';
    }
    return o.str();
}

} // namespace wm::exporter
