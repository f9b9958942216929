#include "recording/pcp_archive.h"

#include <pcp/pmapi.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <poll.h>
#include <string_view>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unordered_map>
#include <utility>

namespace wm::recording {

namespace {

namespace fs = std::filesystem;

std::string pcpError(int code)
{
    char buf[PM_MAXERRMSGLEN];
    return pmErrStr_r(code, buf, sizeof buf);
}

// NAME.meta, NAME.index, NAME.0 (optionally compressed: NAME.0.xz) -> NAME.
std::string archiveBase(const std::string &path)
{
    std::string p = path;
    for (const char *z : {".xz", ".lzma", ".bz2", ".gz"})
        if (p.size() > std::strlen(z) && p.ends_with(z))
            p.resize(p.size() - std::strlen(z));
    for (const char *s : {".meta", ".index"})
        if (p.size() > std::strlen(s) && p.ends_with(s))
            return p.substr(0, p.size() - std::strlen(s));
    const auto dot = p.rfind('.');
    if (dot != std::string::npos && dot + 1 < p.size()
        && std::all_of(p.begin() + static_cast<std::ptrdiff_t>(dot) + 1, p.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return p.substr(0, dot);
    return p;
}

bool isArchiveFileOf(const std::string &fileName, const std::string &baseName)
{
    if (!fileName.starts_with(baseName + "."))
        return false;
    const std::string rest = archiveBase(fileName);
    return rest == baseName;
}

// Every file libpcp would open for `path` must be a regular file: a FIFO with no writer
// would block open() forever, a device would be read without end.
std::string filesProblem(const std::string &path)
{
    std::error_code ec;
    const fs::path p(path);
    if (fs::is_directory(p, ec)) {
        for (const auto &e : fs::directory_iterator(p, ec)) {
            const std::string n = e.path().filename().string();
            if ((n.ends_with(".meta") || n.ends_with(".index") || archiveBase(n) != n) && !e.is_regular_file(ec))
                return e.path().string() + ": not a regular file";
        }
        return {};
    }
    const std::string base = archiveBase(path);
    const fs::path dir = fs::path(base).has_parent_path() ? fs::path(base).parent_path() : fs::path(".");
    const std::string baseName = fs::path(base).filename().string();
    bool any = false;
    for (const auto &e : fs::directory_iterator(dir, ec)) {
        if (!isArchiveFileOf(e.path().filename().string(), baseName))
            continue;
        any = true;
        struct stat st {
        };
        if (::stat(e.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode))
            return e.path().string() + ": not a regular file (a FIFO or a device is never read)";
    }
    if (!any)
        return path + ": no such archive (looked for " + base + ".meta, " + base + ".index, " + base + ".0)";
    return {};
}

struct ContextGuard {
    int ctx = -1;
    ~ContextGuard()
    {
        if (ctx >= 0)
            pmDestroyContext(ctx);
    }
};

struct ResultDeleter {
    void operator()(pmHighResResult *r) const { pmFreeHighResResult(r); }
};

enum class Kind : std::uint8_t { Ignore, Zone, Protection, Vmstat, PageSize, Uname, Sysctl, LowmemRatio };
enum class Sysctl : std::uint8_t { MinFreeKbytes, WatermarkScaleFactor, WatermarkBoostFactor };

struct Metric {
    Kind kind = Kind::Ignore;
    ZoneMetric zoneMetric = ZoneMetric::Free;
    Sysctl sysctl = Sysctl::MinFreeKbytes;
    std::string shortName; // vmstat: the counter's name
    pmDesc desc {};
    std::int64_t bytesPerUnit = 0; // space metrics: bytes per unit (kB: 1024); 0: counts (pages)
};

struct Instance {
    bool ok = false;
    int node = 0;
    std::string zone;
    int index = -1; // protection: lowmem_reserved<index>; lowmem ratio: its position
    std::size_t zoneSeries = static_cast<std::size_t>(-1); // index into Recording::zones, once known
};

// "Normal::node0" or "Normal::node0::lowmem_reserved2" (mem.zoneinfo.protection).
Instance parseZoneInstance(std::string_view name)
{
    Instance in;
    const auto sep = name.find("::");
    if (sep == std::string_view::npos || sep == 0)
        return in;
    in.zone = std::string(name.substr(0, sep));
    std::string_view rest = name.substr(sep + 2);
    if (!rest.starts_with("node"))
        return in;
    rest.remove_prefix(4);
    const auto sep2 = rest.find("::");
    const std::string_view nodeText = rest.substr(0, sep2);
    int node = -1;
    const auto [p, ec] = std::from_chars(nodeText.data(), nodeText.data() + nodeText.size(), node);
    if (ec != std::errc() || p != nodeText.data() + nodeText.size() || node < 0 || node > kZoneinfoMaxNode)
        return in;
    in.node = node;
    if (sep2 != std::string_view::npos) {
        std::string_view tail = rest.substr(sep2 + 2);
        constexpr std::string_view kPrefix = "lowmem_reserved";
        if (!tail.starts_with(kPrefix))
            return in;
        tail.remove_prefix(kPrefix.size());
        int idx = -1;
        const auto [q, ec2] = std::from_chars(tail.data(), tail.data() + tail.size(), idx);
        if (ec2 != std::errc() || q != tail.data() + tail.size() || idx < 0 || idx >= 8)
            return in;
        in.index = idx;
    }
    in.ok = true;
    return in;
}

std::optional<std::int64_t> bytesPerUnit(const pmUnits &u)
{
    if (u.dimSpace == 0)
        return 0; // a count: already pages
    if (u.dimSpace != 1 || u.dimTime != 0 || u.dimCount != 0 || u.scaleSpace > PM_SPACE_TBYTE)
        return std::nullopt;
    return std::int64_t {1} << (10 * u.scaleSpace);
}

int zoneOrder(const std::string &zone)
{
    const auto t = zoneTypeFromName(zone);
    return t ? zoneIndex(*t) : kMaxNrZones; // Device and unknown zones last
}

class Reader
{
public:
    explicit Reader(std::string path)
        : m_path(std::move(path))
    {
        m_rec.source = m_path;
    }
    ReadResult run();

private:
    void error(std::string message) { m_errors.push_back({m_path, 0, 0, {}, std::move(message)}); }
    const Metric &metric(pmID pmid);
    Instance &instance(pmInDom indom, int inst, bool zoneIndom);
    void startSample(double t);
    std::vector<std::int64_t> &zoneSeries(Instance &in, const Metric &m);
    bool extract(const pmValueSet &vs, int j, const Metric &m, std::int64_t &out);
    void take(const pmValueSet &vs);
    bool finish();

    std::string m_path;
    Recording m_rec;
    std::vector<Diagnostic> m_errors;
    std::unordered_map<pmID, Metric> m_metrics;
    std::map<std::pair<pmInDom, int>, Instance> m_instances;
    std::map<std::pair<int, std::string>, std::size_t> m_zoneIndex;
    std::map<ZoneMetric, std::int64_t> m_zoneUnits; // bytes per unit of each zone metric (0: pages)
    std::int64_t m_protectionUnits = 1024;
    std::size_t m_series = 0; // value vectors that grow with every sample
    bool m_markPending = false;
    bool m_uintClamped = false;
};

const Metric &Reader::metric(pmID pmid)
{
    const auto it = m_metrics.find(pmid);
    if (it != m_metrics.end())
        return it->second;
    Metric m;
    char *name = nullptr;
    if (pmNameID(pmid, &name) >= 0 && name) {
        const std::string n(name);
        std::free(name);
        if (pmLookupDesc(pmid, &m.desc) >= 0) {
            const auto units = bytesPerUnit(m.desc.units);
            for (std::size_t i = 0; i < kZoneMetricCount; ++i) {
                const auto zm = static_cast<ZoneMetric>(i);
                if (n == zoneMetricPcpName(zm) && units && m.desc.indom != PM_INDOM_NULL) {
                    m.kind = Kind::Zone;
                    m.zoneMetric = zm;
                    m.bytesPerUnit = *units;
                    m_zoneUnits[zm] = *units;
                }
            }
            if (n == "mem.zoneinfo.protection" && units && *units > 0 && m.desc.indom != PM_INDOM_NULL) {
                m.kind = Kind::Protection;
                m.bytesPerUnit = *units;
                m_protectionUnits = *units;
            } else if (n.starts_with("mem.vmstat.") && m.desc.indom == PM_INDOM_NULL && m.desc.type != PM_TYPE_STRING) {
                m.kind = Kind::Vmstat;
                m.shortName = n.substr(std::strlen("mem.vmstat."));
            } else if (n == "hinv.pagesize") {
                m.kind = Kind::PageSize;
            } else if (n == "kernel.uname.release" && m.desc.type == PM_TYPE_STRING) {
                m.kind = Kind::Uname;
            } else if (n == "wmx.vm.min_free_kbytes") {
                m.kind = Kind::Sysctl;
                m.sysctl = Sysctl::MinFreeKbytes;
            } else if (n == "wmx.vm.watermark_scale_factor") {
                m.kind = Kind::Sysctl;
                m.sysctl = Sysctl::WatermarkScaleFactor;
            } else if (n == "wmx.vm.watermark_boost_factor") {
                m.kind = Kind::Sysctl;
                m.sysctl = Sysctl::WatermarkBoostFactor;
            } else if (n == "wmx.vm.lowmem_reserve_ratio" && m.desc.indom != PM_INDOM_NULL) {
                m.kind = Kind::LowmemRatio;
            }
            if (m.kind == Kind::Ignore && n.starts_with("mem.zoneinfo.") && !n.starts_with("mem.zoneinfo.nr_")
                && n != "mem.zoneinfo.protection" && n != "mem.zoneinfo.scanned" && !units)
                m_rec.notes.push_back(n + ": units not in bytes or pages; left out");
        }
    }
    return m_metrics.emplace(pmid, std::move(m)).first->second;
}

Instance &Reader::instance(pmInDom indom, int inst, bool zoneIndom)
{
    const auto key = std::make_pair(indom, inst);
    const auto it = m_instances.find(key);
    if (it != m_instances.end())
        return it->second;
    Instance in;
    char *name = nullptr;
    if (pmNameInDomArchive(indom, inst, &name) >= 0 && name) {
        const std::string_view n(name);
        if (zoneIndom) {
            in = parseZoneInstance(n);
        } else { // wmx.vm.lowmem_reserve_ratio: instances named by their position, "0", "1", ...
            int idx = -1;
            const auto [p, ec] = std::from_chars(n.data(), n.data() + n.size(), idx);
            in.ok = ec == std::errc() && p == n.data() + n.size() && idx >= 0 && idx < 8;
            in.index = idx;
        }
        std::free(name);
    }
    return m_instances.emplace(key, std::move(in)).first->second;
}

void Reader::startSample(double t)
{
    m_rec.seconds.push_back(t);
    for (auto &z : m_rec.zones) {
        for (auto &v : z.values)
            v.push_back(kMissing);
        for (auto &v : z.protection)
            v.push_back(kMissing);
    }
    for (auto &[name, c] : m_rec.counters)
        c.values.push_back(kMissing);
    auto &s = m_rec.sysctls;
    for (auto *v : {&s.minFreeKbytes, &s.watermarkScaleFactor, &s.watermarkBoostFactor})
        v->push_back(kMissing);
    for (auto &v : s.lowmemReserveRatio)
        v.push_back(kMissing);
}

std::vector<std::int64_t> &Reader::zoneSeries(Instance &in, const Metric &m)
{
    const std::size_t n = m_rec.samples();
    if (in.zoneSeries == static_cast<std::size_t>(-1)) { // the first value of this instance: find or make its zone
        const auto key = std::make_pair(in.node, in.zone);
        auto it = m_zoneIndex.find(key);
        if (it == m_zoneIndex.end()) {
            ZoneSeries z;
            z.node = in.node;
            z.zone = in.zone;
            for (auto &v : z.values)
                v.assign(n, kMissing);
            m_series += kZoneMetricCount;
            m_rec.zones.push_back(std::move(z));
            it = m_zoneIndex.emplace(key, m_rec.zones.size() - 1).first;
        }
        in.zoneSeries = it->second;
    }
    ZoneSeries &z = m_rec.zones[in.zoneSeries];
    if (m.kind == Kind::Protection) {
        while (z.protection.size() <= static_cast<std::size_t>(in.index)) {
            z.protection.emplace_back(n, kMissing);
            ++m_series;
        }
        return z.protection[static_cast<std::size_t>(in.index)];
    }
    return z.values[static_cast<std::size_t>(m.zoneMetric)];
}

bool Reader::extract(const pmValueSet &vs, int j, const Metric &m, std::int64_t &out)
{
    pmAtomValue a {};
    const int type = m.desc.type;
    if (type == PM_TYPE_STRING || type == PM_TYPE_AGGREGATE || type == PM_TYPE_EVENT || type == PM_TYPE_HIGHRES_EVENT
        || type == PM_TYPE_AGGREGATE_STATIC)
        return false;
    if (pmExtractValue(vs.valfmt, &vs.vlist[j], type, &a, type) < 0)
        return false;
    switch (type) {
    case PM_TYPE_32:
        out = a.l;
        return true;
    case PM_TYPE_U32:
        out = a.ul;
        return true;
    case PM_TYPE_64:
        out = a.ll;
        return true;
    case PM_TYPE_U64:
        if (a.ull > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max() / 2)) {
            m_uintClamped = true;
            out = std::numeric_limits<std::int64_t>::max() / 2;
        } else {
            out = static_cast<std::int64_t>(a.ull);
        }
        return true;
    case PM_TYPE_FLOAT:
    case PM_TYPE_DOUBLE: {
        const double d = type == PM_TYPE_FLOAT ? a.f : a.d;
        if (!std::isfinite(d) || std::fabs(d) > 4e18)
            return false;
        out = std::llround(d);
        return true;
    }
    default:
        return false;
    }
}

void Reader::take(const pmValueSet &vs)
{
    if (vs.numval <= 0)
        return;
    const Metric &m = metric(vs.pmid);
    const std::size_t s = m_rec.samples() == 0 ? 0 : m_rec.samples() - 1; // series kinds come after startSample()
    switch (m.kind) {
    case Kind::Ignore:
        return;
    case Kind::Zone:
    case Kind::Protection:
        for (int j = 0; j < vs.numval; ++j) {
            Instance &in = instance(m.desc.indom, vs.vlist[j].inst, true);
            std::int64_t v = 0;
            if (!in.ok || (m.kind == Kind::Protection) != (in.index >= 0) || !extract(vs, j, m, v))
                continue;
            if (in.zoneSeries == static_cast<std::size_t>(-1) && m_zoneIndex.size() >= kMaxZones
                && !m_zoneIndex.count({in.node, in.zone})) {
                if (m_errors.empty())
                    error("more than " + std::to_string(kMaxZones) + " zones");
                return;
            }
            zoneSeries(in, m)[s] = v;
        }
        return;
    case Kind::Vmstat: {
        std::int64_t v = 0;
        if (!extract(vs, 0, m, v))
            return;
        auto it = m_rec.counters.find(m.shortName);
        if (it == m_rec.counters.end()) {
            Counter c;
            c.values.assign(m_rec.samples(), kMissing);
            c.is32bit = m.desc.type == PM_TYPE_32 || m.desc.type == PM_TYPE_U32;
            c.counterSemantics = m.desc.sem == PM_SEM_COUNTER;
            it = m_rec.counters.emplace(m.shortName, std::move(c)).first;
            ++m_series;
        }
        it->second.values[s] = v;
        return;
    }
    case Kind::PageSize: {
        std::int64_t v = 0;
        if (extract(vs, 0, m, v) && v >= 512 && v <= (std::int64_t {1} << 30) && (v & (v - 1)) == 0) {
            m_rec.pageSize = v;
            m_rec.pageSizeFromArchive = true;
        }
        return;
    }
    case Kind::Uname: {
        pmAtomValue a {};
        if (pmExtractValue(vs.valfmt, &vs.vlist[0], PM_TYPE_STRING, &a, PM_TYPE_STRING) >= 0 && a.cp) {
            m_rec.kernelRelease = std::string(a.cp).substr(0, 256);
            std::free(a.cp);
        }
        return;
    }
    case Kind::Sysctl: {
        std::int64_t v = 0;
        if (!extract(vs, 0, m, v))
            return;
        auto &sy = m_rec.sysctls;
        (m.sysctl == Sysctl::MinFreeKbytes                 ? sy.minFreeKbytes
                : m.sysctl == Sysctl::WatermarkScaleFactor ? sy.watermarkScaleFactor
                                                           : sy.watermarkBoostFactor)[s]
            = v;
        return;
    }
    case Kind::LowmemRatio:
        for (int j = 0; j < vs.numval; ++j) {
            const Instance &in = instance(m.desc.indom, vs.vlist[j].inst, false);
            std::int64_t v = 0;
            if (!in.ok || !extract(vs, j, m, v))
                continue;
            auto &cols = m_rec.sysctls.lowmemReserveRatio;
            while (cols.size() <= static_cast<std::size_t>(in.index)) {
                cols.emplace_back(m_rec.samples(), kMissing);
                ++m_series;
            }
            cols[static_cast<std::size_t>(in.index)][s] = v;
        }
        return;
    }
}

bool Reader::finish()
{
    if (m_rec.zones.empty()) {
        error("holds no mem.zoneinfo values (log mem.zoneinfo with pmlogger, or make the archive with `watermark-explorer "
              "record`)");
        return false;
    }
    // Pages from the archive's units.
    const std::int64_t page = m_rec.pageSize;
    // Both are powers of two: a value is scaled by their ratio, without overflow.
    const auto toPages = [page](std::vector<std::int64_t> &v, std::int64_t unit) {
        if (unit == 0)
            return;
        for (auto &x : v) {
            if (x == kMissing)
                continue;
            if (unit >= page) {
                const std::int64_t f = unit / page;
                x = x > std::numeric_limits<std::int64_t>::max() / f ? std::numeric_limits<std::int64_t>::max() / 2 : x * f;
            } else {
                x /= page / unit;
            }
        }
    };
    for (auto &z : m_rec.zones) {
        for (std::size_t i = 0; i < kZoneMetricCount; ++i) {
            const auto it = m_zoneUnits.find(static_cast<ZoneMetric>(i));
            toPages(z.values[i], it == m_zoneUnits.end() ? 0 : it->second);
        }
        for (auto &p : z.protection)
            toPages(p, m_protectionUnits);
    }
    if (!m_rec.pageSizeFromArchive)
        m_rec.notes.push_back("hinv.pagesize not logged: kB converted to pages of 4096 bytes");
    if (m_uintClamped)
        m_rec.notes.push_back("some 64-bit values above 2^62 were clamped");
    std::stable_sort(m_rec.zones.begin(), m_rec.zones.end(), [](const ZoneSeries &a, const ZoneSeries &b) {
        return a.node != b.node ? a.node < b.node : zoneOrder(a.zone) < zoneOrder(b.zone);
    });
    // Long intervals: more than three times the usual one.
    const double median = m_rec.medianInterval();
    for (std::size_t i = 1; i < m_rec.samples(); ++i) {
        const double d = m_rec.seconds[i] - m_rec.seconds[i - 1];
        const bool marked
            = std::any_of(m_rec.gaps.begin(), m_rec.gaps.end(), [i](const Gap &g) { return g.beforeSample == i && g.mark; });
        if (!marked && median > 0 && d > 3 * median)
            m_rec.gaps.push_back({i, d, false});
    }
    std::sort(m_rec.gaps.begin(), m_rec.gaps.end(), [](const Gap &a, const Gap &b) { return a.beforeSample < b.beforeSample; });
    for (const auto &[name, c] : m_rec.counters) {
        if (!c.counterSemantics)
            continue;
        std::int64_t prev = kMissing;
        for (std::size_t i = 0; i < c.values.size(); ++i) {
            if (c.values[i] == kMissing)
                continue;
            if (prev != kMissing && c.values[i] < prev) {
                m_rec.notes.push_back(name + (c.is32bit ? " wrapped at 2^32" : " went down (counter reset)") + " at "
                    + std::to_string(m_rec.seconds[i]) + " s");
                break; // one note a counter
            }
            prev = c.values[i];
        }
    }
    return true;
}

ReadResult Reader::run()
{
    ReadResult out;
    if (const std::string problem = filesProblem(m_path); !problem.empty()) {
        error(problem);
        out.errors = std::move(m_errors);
        return out;
    }
    ContextGuard ctx;
    ctx.ctx = pmNewContext(PM_CONTEXT_ARCHIVE, m_path.c_str());
    if (ctx.ctx < 0) {
        error("cannot open as a PCP archive: " + pcpError(ctx.ctx));
        out.errors = std::move(m_errors);
        return out;
    }
    pmHighResLogLabel label {};
    if (const int e = pmGetHighResArchiveLabel(&label); e < 0) {
        error("cannot read the archive label: " + pcpError(e));
        out.errors = std::move(m_errors);
        return out;
    }
    label.hostname[sizeof label.hostname - 1] = '\0';
    label.timezone[sizeof label.timezone - 1] = '\0';
    m_rec.hostname = label.hostname;
    m_rec.timezone = label.timezone;
    bool first = true;
    std::int64_t lastNs = std::numeric_limits<std::int64_t>::min();
    std::size_t skippedBackwards = 0;
    for (;;) {
        pmHighResResult *raw = nullptr;
        const int rc = pmFetchHighResArchive(&raw);
        std::unique_ptr<pmHighResResult, ResultDeleter> result(raw);
        if (rc == PM_ERR_EOL)
            break;
        if (rc < 0) {
            error("damaged after " + std::to_string(m_rec.samples()) + " samples: " + pcpError(rc));
            break;
        }
        if (!result)
            continue;
        const auto &ts = result->timestamp;
        if (ts.tv_sec < 0 || ts.tv_sec > (std::int64_t {1} << 40) || ts.tv_nsec < 0 || ts.tv_nsec >= 1'000'000'000) {
            error("a record with an impossible time stamp after " + std::to_string(m_rec.samples()) + " samples");
            break;
        }
        if (result->numpmid == 0) { // <mark>: pmlogger stopped here and the next record starts afresh
            m_markPending = true;
            continue;
        }
        const std::int64_t ns = static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
        if (ns < lastNs) {
            ++skippedBackwards;
            continue;
        }
        // A record with only discrete metadata (hinv.pagesize, kernel.uname.release: pmlogger's
        // "log once" group) is no sample of the machine's state.
        bool anySeries = false;
        for (int i = 0; i < result->numpmid && !anySeries; ++i)
            if (const pmValueSet *vs = result->vset[i]; vs && vs->numval > 0) {
                const Kind k = metric(vs->pmid).kind;
                anySeries = k != Kind::Ignore && k != Kind::PageSize && k != Kind::Uname;
            }
        if (!anySeries) {
            for (int i = 0; i < result->numpmid; ++i)
                if (const pmValueSet *vs = result->vset[i]; vs && vs->numval > 0) {
                    const Kind k = metric(vs->pmid).kind;
                    if (k == Kind::PageSize || k == Kind::Uname)
                        take(*vs);
                }
            continue;
        }
        if (ns != lastNs) {
            if (first) {
                m_rec.startEpochNs = ns;
                first = false;
            }
            if (m_rec.samples() >= kMaxSamples || (m_rec.samples() + 1) * std::max<std::size_t>(m_series, 1) > kMaxValues) {
                error("too long to read whole: more than " + std::to_string(m_rec.samples()) + " samples of "
                    + std::to_string(m_series) + " series (cut it with pmlogextract -S/-T)");
                break;
            }
            const double t = static_cast<double>(ns - m_rec.startEpochNs) / 1e9;
            startSample(t);
            if (m_markPending && m_rec.samples() > 1)
                m_rec.gaps.push_back({m_rec.samples() - 1, t - m_rec.seconds[m_rec.samples() - 2], true});
            m_markPending = false;
            lastNs = ns;
        }
        for (int i = 0; i < result->numpmid; ++i)
            if (result->vset[i])
                take(*result->vset[i]);
        if (!m_errors.empty())
            break;
    }
    if (skippedBackwards)
        m_rec.notes.push_back(std::to_string(skippedBackwards) + " records earlier than the one before them were left out");
    if (m_errors.empty())
        finish(); // reports an archive without zones
    if (!m_errors.empty()) {
        out.errors = std::move(m_errors);
        return out;
    }
    out.recording = std::move(m_rec);
    return out;
}

} // namespace

ReadResult readPcpArchiveInProcess(const std::string &path)
{
    if (path.empty())
        return {std::nullopt, {{path, 0, 0, {}, "no archive named"}}};
    return Reader(path).run();
}

namespace {

// The Recording through the pipe: little-endian host integers, lengths before contents (both
// ends are this program on this machine).
class Out
{
public:
    void u64(std::uint64_t v) { m_s.append(reinterpret_cast<const char *>(&v), sizeof v); }
    void i64(std::int64_t v) { m_s.append(reinterpret_cast<const char *>(&v), sizeof v); }
    void f64(double v) { m_s.append(reinterpret_cast<const char *>(&v), sizeof v); }
    void str(const std::string &t)
    {
        u64(t.size());
        m_s += t;
    }
    void vec(const std::vector<std::int64_t> &v)
    {
        u64(v.size());
        m_s.append(reinterpret_cast<const char *>(v.data()), v.size() * sizeof(std::int64_t));
    }
    void vecd(const std::vector<double> &v)
    {
        u64(v.size());
        m_s.append(reinterpret_cast<const char *>(v.data()), v.size() * sizeof(double));
    }
    std::string &bytes() { return m_s; }

private:
    std::string m_s;
};

class In
{
public:
    explicit In(std::string_view s)
        : m_s(s)
    {
    }
    bool ok() const { return m_ok; }
    std::uint64_t u64() { return raw<std::uint64_t>(); }
    std::int64_t i64() { return raw<std::int64_t>(); }
    double f64() { return raw<double>(); }
    std::string str()
    {
        const std::uint64_t n = u64();
        if (!m_ok || n > m_s.size() - m_pos) {
            m_ok = false;
            return {};
        }
        std::string t(m_s.substr(m_pos, n));
        m_pos += n;
        return t;
    }
    template <typename T> std::vector<T> vec()
    {
        const std::uint64_t n = u64();
        if (!m_ok || n > (m_s.size() - m_pos) / sizeof(T)) {
            m_ok = false;
            return {};
        }
        std::vector<T> v(n);
        std::memcpy(v.data(), m_s.data() + m_pos, n * sizeof(T));
        m_pos += n * sizeof(T);
        return v;
    }

private:
    template <typename T> T raw()
    {
        T v {};
        if (!m_ok || m_s.size() - m_pos < sizeof v) {
            m_ok = false;
            return v;
        }
        std::memcpy(&v, m_s.data() + m_pos, sizeof v);
        m_pos += sizeof v;
        return v;
    }
    std::string_view m_s;
    std::size_t m_pos = 0;
    bool m_ok = true;
};

std::string serialize(const ReadResult &res)
{
    Out o;
    o.u64(res.errors.size());
    for (const auto &d : res.errors)
        o.str(d.message);
    if (!res.recording)
        return std::move(o.bytes());
    const Recording &r = *res.recording;
    for (const std::string *t : {&r.source, &r.hostname, &r.timezone, &r.kernelRelease})
        o.str(*t);
    o.i64(r.pageSize);
    o.u64(r.pageSizeFromArchive ? 1 : 0);
    o.i64(r.startEpochNs);
    o.vecd(r.seconds);
    o.u64(r.zones.size());
    for (const auto &z : r.zones) {
        o.i64(z.node);
        o.str(z.zone);
        for (const auto &v : z.values)
            o.vec(v);
        o.u64(z.protection.size());
        for (const auto &v : z.protection)
            o.vec(v);
    }
    o.u64(r.counters.size());
    for (const auto &[name, c] : r.counters) {
        o.str(name);
        o.vec(c.values);
        o.u64((c.is32bit ? 1 : 0) | (c.counterSemantics ? 2 : 0));
    }
    for (const auto *v : {&r.sysctls.minFreeKbytes, &r.sysctls.watermarkScaleFactor, &r.sysctls.watermarkBoostFactor})
        o.vec(*v);
    o.u64(r.sysctls.lowmemReserveRatio.size());
    for (const auto &v : r.sysctls.lowmemReserveRatio)
        o.vec(v);
    o.u64(r.gaps.size());
    for (const auto &g : r.gaps) {
        o.u64(g.beforeSample);
        o.f64(g.seconds);
        o.u64(g.mark ? 1 : 0);
    }
    o.u64(r.notes.size());
    for (const auto &n : r.notes)
        o.str(n);
    return std::move(o.bytes());
}

std::optional<ReadResult> deserialize(std::string_view bytes, const std::string &path)
{
    In in(bytes);
    ReadResult res;
    const std::uint64_t nErrors = in.u64();
    for (std::uint64_t i = 0; in.ok() && i < nErrors; ++i)
        res.errors.push_back({path, 0, 0, {}, in.str()});
    if (!in.ok())
        return std::nullopt;
    if (nErrors > 0)
        return res;
    Recording r;
    for (std::string *t : {&r.source, &r.hostname, &r.timezone, &r.kernelRelease})
        *t = in.str();
    r.pageSize = in.i64();
    r.pageSizeFromArchive = in.u64() != 0;
    r.startEpochNs = in.i64();
    r.seconds = in.vec<double>();
    const std::uint64_t nZones = in.u64();
    for (std::uint64_t i = 0; in.ok() && i < nZones && i <= kMaxZones; ++i) {
        ZoneSeries z;
        z.node = static_cast<int>(in.i64());
        z.zone = in.str();
        for (auto &v : z.values)
            v = in.vec<std::int64_t>();
        const std::uint64_t nProt = in.u64();
        for (std::uint64_t k = 0; in.ok() && k < nProt && k < 64; ++k)
            z.protection.push_back(in.vec<std::int64_t>());
        r.zones.push_back(std::move(z));
    }
    const std::uint64_t nCounters = in.u64();
    for (std::uint64_t i = 0; in.ok() && i < nCounters; ++i) {
        const std::string name = in.str();
        Counter c;
        c.values = in.vec<std::int64_t>();
        const std::uint64_t flags = in.u64();
        c.is32bit = (flags & 1) != 0;
        c.counterSemantics = (flags & 2) != 0;
        r.counters.emplace(name, std::move(c));
    }
    for (auto *v : {&r.sysctls.minFreeKbytes, &r.sysctls.watermarkScaleFactor, &r.sysctls.watermarkBoostFactor})
        *v = in.vec<std::int64_t>();
    const std::uint64_t nRatios = in.u64();
    for (std::uint64_t i = 0; in.ok() && i < nRatios && i < 64; ++i)
        r.sysctls.lowmemReserveRatio.push_back(in.vec<std::int64_t>());
    const std::uint64_t nGaps = in.u64();
    for (std::uint64_t i = 0; in.ok() && i < nGaps; ++i) {
        Gap g;
        g.beforeSample = in.u64();
        g.seconds = in.f64();
        g.mark = in.u64() != 0;
        r.gaps.push_back(g);
    }
    const std::uint64_t nNotes = in.u64();
    for (std::uint64_t i = 0; in.ok() && i < nNotes; ++i)
        r.notes.push_back(in.str());
    if (!in.ok())
        return std::nullopt;
    res.recording = std::move(r);
    return res;
}

bool writeAll(int fd, const std::string &s)
{
    std::size_t done = 0;
    while (done < s.size()) {
        const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// How long the child may take: a minute, and a second more for every 10 MB of archive.
int timeLimitSeconds(const std::string &path)
{
    std::error_code ec;
    std::uintmax_t bytes = 0;
    const std::string base = archiveBase(path);
    const fs::path dir = fs::path(base).has_parent_path() ? fs::path(base).parent_path() : fs::path(".");
    for (const auto &e : fs::directory_iterator(fs::is_directory(path, ec) ? fs::path(path) : dir, ec))
        if (e.is_regular_file(ec))
            bytes += e.file_size(ec);
    return 60 + static_cast<int>(std::min<std::uintmax_t>(bytes / 10'000'000, 3600));
}

} // namespace

namespace {
// Sanitizer runtimes keep allocator locks that fork() does not hand over safely while other
// threads run (a child of the window's threads deadlocked in ASan's allocator): in such builds a
// multi-threaded process reads in place. Release builds and the single-threaded CLI fork.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

bool multiThreaded()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("Threads:", 0) == 0)
            return std::atoi(line.c_str() + 8) > 1;
    return true;
}
} // namespace

ReadResult readPcpArchive(const std::string &path)
{
    if (path.empty())
        return {std::nullopt, {{path, 0, 0, {}, "no archive named"}}};
    if (const std::string problem = filesProblem(path); !problem.empty()) // before forking: no child for a FIFO
        return {std::nullopt, {{path, 0, 0, {}, problem}}};
    // One read at a time: no other thread of ours is inside libpcp (holding its locks) when we fork.
    static std::mutex oneAtATime;
    const std::lock_guard<std::mutex> lock(oneAtATime);
    if (kSanitized && multiThreaded())
        return readPcpArchiveInProcess(path);
    const auto fail = [&path](std::string why) { return ReadResult {std::nullopt, {{path, 0, 0, {}, std::move(why)}}}; };
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return readPcpArchiveInProcess(path);
    const int limit = timeLimitSeconds(path);
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return readPcpArchiveInProcess(path);
    }
    if (pid == 0) {
        ::close(fds[0]);
        ::alarm(static_cast<unsigned>(limit)); // a libpcp that never returns ends here
        // libpcp's own complaints are not the user's business: the parent says what happened.
        // (No setenv() here: another thread may have held the environment's lock at the fork.)
        if (const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC); null >= 0)
            ::dup2(null, STDERR_FILENO);
        const bool ok = writeAll(fds[1], serialize(readPcpArchiveInProcess(path)));
        ::_exit(ok ? 0 : 3);
    }
    ::close(fds[1]);
    std::string bytes;
    char buf[1 << 16];
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(limit + 5);
    bool timedOut = false;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timedOut = true;
            break;
        }
        pollfd p {fds[0], POLLIN, 0};
        const int pr = ::poll(&p, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 1000)));
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr == 0)
            continue;
        const ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        bytes.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    if (timedOut)
        ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) { }
    if (timedOut || (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM))
        return fail("libpcp did not finish reading it within " + std::to_string(limit) + " s; given up");
    if (WIFSIGNALED(status))
        return fail(std::string("libpcp crashed reading it (") + strsignal(WTERMSIG(status))
            + "): the archive is damaged (PCP's own tools fail on it too)");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return fail("reading it failed (the reader exited with status " + std::to_string(WEXITSTATUS(status)) + ")");
    auto res = deserialize(bytes, path);
    if (!res)
        return fail("reading it failed: the reader's answer was cut short");
    return std::move(*res);
}

bool looksLikePcpArchive(const std::string &path)
{
    std::error_code ec;
    const std::string base = archiveBase(path);
    if (base != path)
        return fs::exists(path, ec);
    return fs::exists(base + ".meta", ec) || fs::exists(base + ".meta.xz", ec) || fs::exists(base + ".index", ec);
}

} // namespace wm::recording
