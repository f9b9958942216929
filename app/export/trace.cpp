#include "export/trace.h"

#include "mm/watermarks.h"

#include <cstdio>
#include <sstream>

namespace wm::exporter {

namespace {

std::string ctx(const char *comm, int pid, int cpu, usec_t at)
{
    char buf[128];
    std::snprintf(buf, sizeof buf, "%16s-%-7d [%03d] ..... %5lld.%06lld: ", comm, pid, cpu < 0 ? 0 : cpu,
        static_cast<long long>(at / 1000000), static_cast<long long>(at % 1000000));
    return buf;
}

std::string idle(const Event &e)
{
    return ctx("<idle>", 0, e.node, e.at);
}

std::string kswapd(const Event &e)
{
    const std::string comm = "kswapd" + std::to_string(e.node < 0 ? 0 : e.node);
    return ctx(comm.c_str(), 100 + (e.node < 0 ? 0 : e.node), e.node, e.at);
}

const ZoneState *zoneOf(const Snapshot &s, int id)
{
    for (const auto &z : s.zones)
        if (z.id == id)
            return &z;
    return nullptr;
}

std::string zoneFields(const Event &e, const Snapshot &s)
{
    const ZoneState *z = zoneOf(s, e.zone);
    if (!z)
        return "node_id=" + std::to_string(e.node) + " zone_name=all";
    return "node_id=" + std::to_string(z->node) + " zone_name=" + std::string(zoneName(z->type));
}

std::string reason(const Event &e)
{
    return e.reason == EventReason::None ? std::string("none") : std::string(eventReasonName(e.reason));
}

std::string n(std::int64_t v)
{
    return std::to_string(v);
}

// show_gfp_flags() prints the symbolic names alone ("GFP_ATOMIC|__GFP_NOWARN");
// formatGfp() adds the hex value in front: keep what is inside its parentheses.
std::string showGfpFlags(const std::string &formatted)
{
    const auto open = formatted.find('(');
    if (formatted.empty())
        return "0";
    if (open == std::string::npos || formatted.back() != ')')
        return formatted;
    return formatted.substr(open + 1, formatted.size() - open - 2);
}

// One function per kind.
std::vector<std::string> kswapdWake(const Event &e, const Snapshot &)
{
    // TP_printk("nid=%d order=%d gfp_flags=%s") of include/trace/events/vmscan.h.
    return {idle(e) + "mm_vmscan_wakeup_kswapd: nid=" + n(e.node) + " order=" + n(e.b) + " gfp_flags=" + showGfpFlags(e.text),
        kswapd(e) + "mm_vmscan_kswapd_wake: nid=" + n(e.node) + " order=" + n(e.b)};
}
std::vector<std::string> kswapdSleep(const Event &e, const Snapshot &)
{
    return {kswapd(e) + "mm_vmscan_kswapd_sleep: nid=" + n(e.node)};
}
std::vector<std::string> kswapdHopeless(const Event &e, const Snapshot &)
{
    return {kswapd(e) + "wm_kswapd_hopeless: nid=" + n(e.node) + " kswapd_failures=16"};
}
std::vector<std::string> boost(const Event &e, const Snapshot &s)
{
    return {idle(e) + "wm_boost_watermark: " + zoneFields(e, s) + " reason=" + reason(e) + " pages=" + n(e.a)
        + " watermark_boost=" + n(e.b)};
}
std::vector<std::string> debounce(const Event &e, const Snapshot &s)
{
    return {idle(e) + "wm_debounce_suppressed: " + zoneFields(e, s) + " reason=" + reason(e) + " count=" + n(e.a)};
}
std::vector<std::string> atomicFailure(const Event &e, const Snapshot &s)
{
    // A failed allocation prints page=NULL and pfn=0x0 (include/trace/events/kmem.h:
    // pfn != -1UL ? pfn : 0). The fields after gfp_flags are ours: one line stands
    // for `failed` failures in one tick and zone.
    return {idle(e) + "mm_page_alloc: page=0000000000000000 pfn=0x0 order=" + n(e.b)
        + " migratetype=0 gfp_flags=GFP_ATOMIC failed=" + n(e.a) + " " + zoneFields(e, s)};
}
std::vector<std::string> warnAlloc(const Event &e, const Snapshot &s)
{
    return {idle(e) + "wm_warn_alloc: " + zoneFields(e, s) + " order=" + n(e.b) + " callbacks_suppressed=" + n(e.a)};
}
std::vector<std::string> allocStall(const Event &e, const Snapshot &s)
{
    // The zone allocstall_<zone> counts (the classzone), present on the node or not.
    const std::string zone = e.zone >= 0
        ? zoneFields(e, s)
        : "node_id=" + n(e.node) + " zone_name=" + std::string(zoneName(zoneTypeFromIndex(static_cast<int>(e.b))));
    return {idle(e) + "wm_allocstall: " + zone + " attempts=" + n(e.a)};
}
std::vector<std::string> oom(const Event &e, const Snapshot &)
{
    return {idle(e) + "wm_oom_kill: nid=" + n(e.node) + " freed_pages=" + n(e.a)};
}
std::vector<std::string> watermarks(const Event &e, const Snapshot &s)
{
    std::vector<ZoneWatermarkInput> in;
    for (const auto &z : s.zones)
        in.push_back({z.type, z.managed});
    const auto w = setupPerZoneWmarks(in, e.a, e.b);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.zones.size() && i < w.size(); ++i) {
        const auto &z = s.zones[i];
        // TP_printk("node_id=%d zone name=%s watermark min=%lu low=%lu high=%lu promo=%lu"), kmem.h.
        out.push_back(ctx("<idle>", 0, z.node, e.at) + "mm_setup_per_zone_wmarks: node_id=" + n(z.node)
            + " zone name=" + std::string(zoneName(z.type)) + " watermark min=" + n(w[i].min()) + " low=" + n(w[i].low())
            + " high=" + n(w[i].high()) + " promo=" + n(w[i].promo()));
    }
    return out;
}
std::vector<std::string> minFree(const Event &e, const Snapshot &)
{
    return {idle(e) + "wm_min_free_kbytes: old=" + n(e.a) + " new=" + n(e.b) + " reason=" + reason(e)};
}
std::vector<std::string> scaleBoost(const Event &e, const Snapshot &s)
{
    return {idle(e) + "wm_watermark_scale_boost: " + zoneFields(e, s) + " old=" + n(e.a) + " new=" + n(e.b)};
}
std::vector<std::string> paramChange(const Event &e, const Snapshot &)
{
    return {idle(e) + "wm_param_change: " + e.text};
}
std::vector<std::string> caption(const Event &e, const Snapshot &)
{
    std::string t = e.text;
    for (char &c : t)
        if (c == '\n' || c == '\r')
            c = ' ';
    return {idle(e) + "wm_caption: " + t};
}

} // namespace

std::vector<std::string> traceLines(const Event &e, const Snapshot &s)
{
    switch (e.kind) {
    case EventKind::KswapdWake:
        return kswapdWake(e, s);
    case EventKind::KswapdSleep:
        return kswapdSleep(e, s);
    case EventKind::KswapdHopeless:
        return kswapdHopeless(e, s);
    case EventKind::Boost:
        return boost(e, s);
    case EventKind::DebounceSuppressed:
        return debounce(e, s);
    case EventKind::AtomicFailure:
        return atomicFailure(e, s);
    case EventKind::WarnAlloc:
        return warnAlloc(e, s);
    case EventKind::AllocStall:
        return allocStall(e, s);
    case EventKind::Oom:
        return oom(e, s);
    case EventKind::WatermarksRecomputed:
        return watermarks(e, s);
    case EventKind::MinFreeKbytesChanged:
        return minFree(e, s);
    case EventKind::ScaleBoostChanged:
        return scaleBoost(e, s);
    case EventKind::ParamChange:
        return paramChange(e, s);
    case EventKind::Caption:
        return caption(e, s);
    case EventKind::WatermarksChanged: // recordings: no kernel trace event of their own
    case EventKind::CompactStall:
    case EventKind::RecordingGap:
    case EventKind::Count_:
        break;
    }
    return {};
}

std::string traceText(const std::vector<Event> &events, const Snapshot &s, std::int64_t dropped)
{
    // One event can be several trace lines (a wakeup is wakeup_kswapd and
    // kswapd_wake; a recompute one line per zone): count what is written.
    std::vector<std::string> lines;
    lines.reserve(events.size());
    for (const auto &e : events)
        for (auto &l : traceLines(e, s))
            lines.push_back(std::move(l));
    std::ostringstream o;
    o << "# tracer: nop\n#\n# entries-in-buffer/entries-written: " << lines.size() << "/"
      << (static_cast<std::int64_t>(lines.size()) + dropped) << "   #P:" << s.nodes.size() << "\n";
    o << "# watermark-explorer " << WM_VERSION << " simulated trace; wm_* events are simulator-only\n#\n";
    o << "#                                _-----=> irqs-off/BH-disabled\n"
         "#                               / _----=> need-resched\n"
         "#                              | / _---=> hardirq/softirq\n"
         "#                              || / _--=> preempt-depth\n"
         "#                              ||| / _-=> migrate-disable\n"
         "#                              |||| /     delay\n"
         "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
         "#              | |         |   |||||     |         |\n";
    for (const auto &l : lines)
        o << l << '\n';
    return o.str();
}

} // namespace wm::exporter
