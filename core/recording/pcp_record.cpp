#include "recording/pcp_record.h"

#include "recording/pcp_linux_pmids.h"
#include "recording/recording.h"
#include "zoneinfo/parser.h"

#include <pcp/pmapi.h>
// import.h uses pmapi's types; keep it after pmapi.h.
#include <pcp/import.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <vector>

namespace wm::recording {

namespace {

namespace fs = std::filesystem;

std::string pmiError(int code)
{
    char buf[PMI_MAXERRMSGLEN];
    return pmiErrStr_r(code, buf, sizeof buf);
}

std::int64_t monotonicNs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

double cpuSeconds()
{
    rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec)
        + static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

bool readSmallFile(const std::string &path, std::string &out)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

std::optional<std::int64_t> readNumber(const std::string &path)
{
    std::string text;
    if (!readSmallFile(path, text))
        return std::nullopt;
    try {
        std::size_t pos = 0;
        const long long v = std::stoll(text, &pos);
        return v;
    } catch (...) {
        return std::nullopt;
    }
}

std::vector<std::int64_t> readNumbers(const std::string &path)
{
    std::string text;
    std::vector<std::int64_t> out;
    if (!readSmallFile(path, text))
        return out;
    std::istringstream ss(text);
    long long v = 0;
    while (ss >> v)
        out.push_back(v);
    return out;
}

// The item numbers of mem.zoneinfo.<name> (60.68.<item>) for the metrics PCP has.
int zoneinfoItem(ZoneMetric m)
{
    switch (m) {
    case ZoneMetric::Free:
        return 0;
    case ZoneMetric::Min:
        return 1;
    case ZoneMetric::Low:
        return 2;
    case ZoneMetric::High:
        return 3;
    case ZoneMetric::Spanned:
        return 5;
    case ZoneMetric::Present:
        return 6;
    case ZoneMetric::Managed:
        return 7;
    case ZoneMetric::InactiveFile:
        return 62;
    case ZoneMetric::ActiveFile:
        return 63;
    case ZoneMetric::InactiveAnon:
        return 64;
    case ZoneMetric::ActiveAnon:
        return 65;
    case ZoneMetric::Unevictable:
        return 66;
    case ZoneMetric::WritePending:
        return 67;
    default:
        return -1; // boost, promo: ours
    }
}

const char *const kReclaimVmstat[] = {"nr_free_pages", "pgalloc_dma", "pgalloc_dma32", "pgalloc_normal", "pgalloc_movable",
    "pgalloc_high", "pgfree", "allocstall_dma", "allocstall_dma32", "allocstall_normal", "allocstall_movable", "allocstall_high",
    "pgscan_kswapd", "pgscan_direct", "pgsteal_kswapd", "pgsteal_direct", "pgscan_direct_throttle", "pageoutrun",
    "kswapd_low_wmark_hit_quickly", "kswapd_high_wmark_hit_quickly", "kswapd_inodesteal", "slabs_scanned", "compact_stall",
    "compact_fail", "compact_success", "compact_daemon_wake", "pswpin", "pswpout", "pgmajfault", "pgfault", "oom_kill",
    "drop_pagecache", "drop_slab", "workingset_refault", "workingset_refault_file", "workingset_refault_anon",
    "nr_zone_inactive_file", "nr_zone_active_file", "nr_zone_inactive_anon", "nr_zone_active_anon", "nr_file_pages",
    "nr_anon_pages", "nr_dirty", "nr_writeback", "pgpgin", "pgpgout", "thp_fault_alloc", "thp_fault_fallback"};

// The per-zone LRU lines (nr_zone_inactive_file ...) of each "Node N, zone NAME" block, which
// the zoneinfo parser only keeps as sums: {"Normal::node0" -> {"nr_zone_inactive_file" -> pages}}.
std::map<std::string, std::map<std::string, std::int64_t>> zoneLruLines(const std::string &text)
{
    std::map<std::string, std::map<std::string, std::int64_t>> out;
    std::istringstream ss(text);
    std::string line, current;
    while (std::getline(ss, line)) {
        int node = 0;
        char zone[32] = {};
        if (std::sscanf(line.c_str(), "Node %d, zone %31s", &node, zone) == 2) {
            current = std::string(zone) + "::node" + std::to_string(node);
            continue;
        }
        const auto first = line.find_first_not_of(' ');
        if (current.empty() || first == std::string::npos || line.compare(first, 8, "nr_zone_") != 0)
            continue;
        std::istringstream ls(line.substr(first));
        std::string key;
        long long v = 0;
        if (ls >> key >> v)
            out[current][key] = v;
    }
    return out;
}

// "0".."9" as instance names for wmx.vm.lowmem_reserve_ratio.
std::string indexName(std::size_t i)
{
    return std::to_string(i);
}

class Writer
{
public:
    explicit Writer(const RecordOptions &o)
        : m_o(o)
    {
    }
    RecordResult run();

private:
    bool fail(std::string message)
    {
        m_r.error = std::move(message);
        return false;
    }
    bool define(const ZoneinfoParseResult &z, const std::map<std::string, std::int64_t> &vmstat);
    bool addZone(const ZoneinfoZone &z);
    bool put(int handle, std::int64_t value);
    bool sample(bool first);
    bool readProc(ZoneinfoParseResult &z, std::map<std::string, std::int64_t> &vmstat);
    std::map<std::string, std::map<std::string, std::int64_t>> m_lru; // of the sample being written

    const RecordOptions &m_o;
    RecordResult m_r;
    int m_ctx = -1;
    pmInDom m_zoneIndom = PM_INDOM_NULL, m_protIndom = PM_INDOM_NULL, m_ratioIndom = PM_INDOM_NULL;
    std::map<std::string, int> m_zoneInst; // "Normal::node0" -> instance id
    std::map<std::string, int> m_protInst;
    std::map<std::pair<std::string, std::string>, int> m_handles; // (metric, instance) -> handle
    std::map<std::string, int> m_vmstatHandles;
    std::vector<std::string> m_ratioInst;
    std::int64_t m_pageKb = 4;
};

bool Writer::readProc(ZoneinfoParseResult &z, std::map<std::string, std::int64_t> &vmstat)
{
    std::string text;
    std::string error;
    if (!readZoneinfoFile(m_o.procDir + "/zoneinfo", text, error))
        return fail(error);
    z = parseZoneinfo(text, m_o.procDir + "/zoneinfo");
    m_lru = zoneLruLines(text);
    if (!z.ok())
        return fail(m_o.procDir + "/zoneinfo: not a zoneinfo file this reader understands");
    vmstat.clear();
    if (readSmallFile(m_o.procDir + "/vmstat", text)) {
        std::istringstream ss(text);
        std::string name;
        long long v = 0;
        while (ss >> name >> v)
            vmstat[name] = v;
    }
    return true;
}

int handleFor(std::map<std::pair<std::string, std::string>, int> &handles, const std::string &metric, const std::string &inst)
{
    const auto key = std::make_pair(metric, inst);
    const auto it = handles.find(key);
    if (it != handles.end())
        return it->second;
    const int h = pmiGetHandle(metric.c_str(), inst.empty() ? nullptr : inst.c_str());
    handles.emplace(key, h);
    return h;
}

bool Writer::addZone(const ZoneinfoZone &z)
{
    const std::string name = z.name + "::node" + std::to_string(z.node);
    if (m_zoneInst.count(name))
        return true;
    const int id = static_cast<int>(m_zoneInst.size());
    if (const int e = pmiAddInstance(m_zoneIndom, name.c_str(), id); e < 0)
        return fail("pmiAddInstance " + name + ": " + pmiError(e));
    m_zoneInst.emplace(name, id);
    if (z.protection)
        for (std::size_t k = 0; k < z.protection->size(); ++k) {
            const std::string p = name + "::lowmem_reserved" + std::to_string(k);
            const int pid = static_cast<int>(m_protInst.size());
            if (const int e = pmiAddInstance(m_protIndom, p.c_str(), pid); e < 0)
                return fail("pmiAddInstance " + p + ": " + pmiError(e));
            m_protInst.emplace(p, pid);
        }
    ++m_r.zones;
    return true;
}

bool Writer::define(const ZoneinfoParseResult &z, const std::map<std::string, std::int64_t> &vmstat)
{
    using namespace pcp;
    const pmUnits kb = pmiUnits(1, 0, 0, PM_SPACE_KBYTE, 0, 0);
    const pmUnits none = pmiUnits(0, 0, 0, 0, 0, 0);
    const pmUnits count = pmiUnits(0, 0, 1, 0, 0, PM_COUNT_ONE);
    m_zoneIndom = pmiInDom(kLinuxDomain, kZoneIndomSerial);
    m_protIndom = pmiInDom(kLinuxDomain, kProtectionIndomSerial);
    m_ratioIndom = pmiInDom(kImportDomain, 1);
    for (std::size_t i = 0; i < kZoneMetricCount; ++i) {
        const auto m = static_cast<ZoneMetric>(i);
        const int item = zoneinfoItem(m);
        const pmID id
            = item >= 0 ? pmiID(kLinuxDomain, kZoneinfoCluster, item) : pmiID(kImportDomain, 0, m == ZoneMetric::Boost ? 0 : 1);
        if (const int e = pmiAddMetric(zoneMetricPcpName(m).c_str(), id, PM_TYPE_U64, m_zoneIndom, PM_SEM_INSTANT, kb); e < 0)
            return fail("pmiAddMetric " + zoneMetricPcpName(m) + ": " + pmiError(e));
    }
    if (const int e = pmiAddMetric(
            "mem.zoneinfo.protection", pmiID(kLinuxDomain, kProtectionCluster, 0), PM_TYPE_U64, m_protIndom, PM_SEM_INSTANT, kb);
        e < 0)
        return fail("pmiAddMetric mem.zoneinfo.protection: " + pmiError(e));
    for (const auto &zone : z.zones)
        if (!addZone(zone))
            return false;
    for (const auto &vm : kVmstatMetrics) {
        const std::string name(vm.name);
        if (!vmstat.count(name) || (!m_o.allVmstat && !isReclaimVmstat(name)))
            continue;
        const std::string full = "mem.vmstat." + name;
        if (const int e = pmiAddMetric(full.c_str(), pmiID(kLinuxDomain, kVmstatCluster, vm.item), PM_TYPE_U64, PM_INDOM_NULL,
                vm.counter ? PM_SEM_COUNTER : PM_SEM_INSTANT, vm.countUnits ? count : none);
            e < 0)
            return fail("pmiAddMetric " + full + ": " + pmiError(e));
        m_vmstatHandles.emplace(name, pmiGetHandle(full.c_str(), nullptr));
        ++m_r.vmstatMetrics;
    }
    const pmUnits bytes = pmiUnits(1, 0, 0, PM_SPACE_BYTE, 0, 0);
    if (const int e
        = pmiAddMetric("hinv.pagesize", pmiID(kLinuxDomain, 1, 11), PM_TYPE_U32, PM_INDOM_NULL, PM_SEM_DISCRETE, bytes);
        e < 0)
        return fail("pmiAddMetric hinv.pagesize: " + pmiError(e));
    if (const int e
        = pmiAddMetric("kernel.uname.release", pmiID(kLinuxDomain, 12, 0), PM_TYPE_STRING, PM_INDOM_NULL, PM_SEM_DISCRETE, none);
        e < 0)
        return fail("pmiAddMetric kernel.uname.release: " + pmiError(e));
    int item = 0;
    for (const char *s : {"min_free_kbytes", "watermark_scale_factor", "watermark_boost_factor"}) {
        const std::string full = std::string("wmx.vm.") + s;
        if (const int e
            = pmiAddMetric(full.c_str(), pmiID(kImportDomain, 1, item++), PM_TYPE_64, PM_INDOM_NULL, PM_SEM_INSTANT, none);
            e < 0)
            return fail("pmiAddMetric " + full + ": " + pmiError(e));
    }
    const auto ratios = readNumbers(m_o.procDir + "/sys/vm/lowmem_reserve_ratio");
    if (const int e
        = pmiAddMetric("wmx.vm.lowmem_reserve_ratio", pmiID(kImportDomain, 1, 3), PM_TYPE_64, m_ratioIndom, PM_SEM_INSTANT, none);
        e < 0)
        return fail("pmiAddMetric wmx.vm.lowmem_reserve_ratio: " + pmiError(e));
    for (std::size_t i = 0; i < ratios.size() && i < 8; ++i) {
        m_ratioInst.push_back(indexName(i));
        if (const int e = pmiAddInstance(m_ratioIndom, m_ratioInst.back().c_str(), static_cast<int>(i)); e < 0)
            return fail("pmiAddInstance lowmem_reserve_ratio: " + pmiError(e));
    }
    return true;
}

bool Writer::put(int handle, std::int64_t value)
{
    if (handle < 0)
        return true; // metric not defined (e.g. a zone that appeared without protection)
    const std::string v = std::to_string(value);
    if (const int e = pmiPutValueHandle(handle, v.c_str()); e < 0)
        return fail("pmiPutValueHandle: " + pmiError(e));
    return true;
}

bool Writer::sample(bool first)
{
    ZoneinfoParseResult z;
    std::map<std::string, std::int64_t> vmstat;
    timespec now {};
    clock_gettime(CLOCK_REALTIME, &now);
    if (!readProc(z, vmstat))
        return false;
    if (first && !define(z, vmstat))
        return false;
    for (const auto &zone : z.zones) {
        const std::string inst = zone.name + "::node" + std::to_string(zone.node);
        if (!m_zoneInst.count(inst) && !addZone(zone)) // memory hot-added: a new zone instance
            return false;
        const auto kb = [this](std::optional<pages_t> pages) { return pages ? std::optional(*pages * m_pageKb) : std::nullopt; };
        const auto lru = [&](const char *key) -> std::optional<std::int64_t> {
            const auto zit = m_lru.find(inst);
            if (zit == m_lru.end())
                return std::nullopt;
            const auto kit = zit->second.find(key);
            return kit == zit->second.end() ? std::nullopt : std::optional(kit->second * m_pageKb);
        };
        const std::array<std::optional<std::int64_t>, kZoneMetricCount> values {kb(zone.free), kb(zone.min), kb(zone.low),
            kb(zone.high), kb(zone.managed), kb(zone.present), kb(zone.spanned), lru("nr_zone_inactive_file"),
            lru("nr_zone_active_file"), lru("nr_zone_inactive_anon"), lru("nr_zone_active_anon"), lru("nr_zone_unevictable"),
            lru("nr_zone_write_pending"), kb(zone.boost), kb(zone.promo)};
        for (std::size_t i = 0; i < kZoneMetricCount; ++i)
            if (values[i] && !put(handleFor(m_handles, zoneMetricPcpName(static_cast<ZoneMetric>(i)), inst), *values[i]))
                return false;
        if (zone.protection)
            for (std::size_t k = 0; k < zone.protection->size(); ++k) {
                const std::string p = inst + "::lowmem_reserved" + std::to_string(k);
                if (m_protInst.count(p)
                    && !put(handleFor(m_handles, "mem.zoneinfo.protection", p), (*zone.protection)[k] * m_pageKb))
                    return false;
            }
    }
    for (const auto &[name, handle] : m_vmstatHandles) {
        const auto it = vmstat.find(name);
        if (it != vmstat.end() && !put(handle, it->second))
            return false;
    }
    if (first) {
        const long page = sysconf(_SC_PAGESIZE);
        if (!put(pmiGetHandle("hinv.pagesize", nullptr), page))
            return false;
        utsname u {};
        if (uname(&u) == 0)
            if (const int e = pmiPutValueHandle(pmiGetHandle("kernel.uname.release", nullptr), u.release); e < 0)
                return fail("kernel.uname.release: " + pmiError(e));
    }
    for (const char *s : {"min_free_kbytes", "watermark_scale_factor", "watermark_boost_factor"}) {
        if (const auto v = readNumber(m_o.procDir + "/sys/vm/" + s))
            if (!put(handleFor(m_handles, std::string("wmx.vm.") + s, {}), *v))
                return false;
    }
    const auto ratios = readNumbers(m_o.procDir + "/sys/vm/lowmem_reserve_ratio");
    for (std::size_t i = 0; i < ratios.size() && i < m_ratioInst.size(); ++i)
        if (!put(handleFor(m_handles, "wmx.vm.lowmem_reserve_ratio", m_ratioInst[i]), ratios[i]))
            return false;
    if (const int e = pmiWrite(static_cast<int>(now.tv_sec), static_cast<int>(now.tv_nsec / 1000)); e < 0)
        return fail("writing the archive: " + pmiError(e) + (errno ? std::string(" (") + std::strerror(errno) + ")" : ""));
    ++m_r.samples;
    return true;
}

RecordResult Writer::run()
{
    const auto &o = m_o;
    if (o.intervalNs < 1'000'000 || o.intervalNs > 3600LL * 1'000'000'000) {
        m_r.error = "the interval must be from 1ms to 1h";
        return m_r;
    }
    std::error_code ec;
    for (const char *suffix : {".0", ".meta", ".index", ".meta.xz", ".0.xz"})
        if (fs::exists(o.archive + suffix, ec) || fs::is_symlink(o.archive + suffix, ec)) {
            m_r.error = o.archive + suffix + " exists: choose a new archive name (nothing is replaced)";
            return m_r;
        }
    const fs::path parent = fs::path(o.archive).has_parent_path() ? fs::path(o.archive).parent_path() : fs::path(".");
    if (!fs::is_directory(parent, ec) || access(parent.c_str(), W_OK) != 0) {
        m_r.error = parent.string() + ": not a folder this user can write";
        return m_r;
    }
    m_pageKb = sysconf(_SC_PAGESIZE) / 1024;
    // A first look before anything is written: a /proc without zoneinfo writes no archive.
    {
        ZoneinfoParseResult z;
        std::map<std::string, std::int64_t> vmstat;
        if (!readProc(z, vmstat))
            return m_r;
    }
    m_ctx = pmiStart(o.archive.c_str(), 0);
    if (m_ctx < 0) {
        m_r.error = "cannot start the archive " + o.archive + ": " + pmiError(m_ctx);
        return m_r;
    }
    utsname u {};
    if (uname(&u) == 0)
        pmiSetHostname(u.nodename);
    const std::int64_t start = monotonicNs();
    const double cpu0 = cpuSeconds();
    std::int64_t next = start;
    std::int64_t lastProgress = start;
    bool ok = true;
    for (std::size_t k = 0;; ++k) {
        if (o.stop && o.stop->load())
            break;
        if (o.durationNs > 0 && next - start >= o.durationNs)
            break;
        ok = sample(k == 0);
        if (!ok)
            break;
        next += o.intervalNs;
        std::int64_t now = monotonicNs();
        if (now > next) { // late: skip the deadlines already past, keep the grid
            const std::int64_t missed = (now - next) / o.intervalNs + 1;
            m_r.missedDeadlines += static_cast<std::size_t>(missed);
            next += missed * o.intervalNs;
        }
        if (o.progress && now - lastProgress >= 1'000'000'000) {
            o.progress(m_r.samples, static_cast<double>(now - start) / 1e9);
            lastProgress = now;
        }
        if (o.durationNs > 0 && next - start >= o.durationNs)
            break;
        timespec ts {static_cast<time_t>(next / 1'000'000'000), static_cast<long>(next % 1'000'000'000)};
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR)
            if (o.stop && o.stop->load())
                break;
    }
    const int end = pmiEnd();
    m_r.wallSeconds = static_cast<double>(monotonicNs() - start) / 1e9;
    m_r.cpuSeconds = cpuSeconds() - cpu0;
    m_r.archiveValid = end >= 0 && m_r.samples > 0;
    if (end < 0 && ok) {
        ok = false;
        m_r.error = "finishing the archive: " + pmiError(end);
    }
    m_r.ok = ok && m_r.samples > 0;
    if (ok && m_r.samples == 0)
        m_r.error = "stopped before the first sample";
    return m_r;
}

} // namespace

bool isReclaimVmstat(const std::string &name)
{
    for (const char *n : kReclaimVmstat)
        if (name == n)
            return true;
    return false;
}

RecordResult recordPcpArchive(const RecordOptions &options)
{
    return Writer(options).run();
}

} // namespace wm::recording
