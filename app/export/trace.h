#pragma once
// The event log as trace-cmd-report-style lines (the layout of the kernel's
// trace_print_context(): "%16s-%-7d [%03d] %5s %5lu.%06lu: name: fields"),
// one formatting function per event kind. Events with a kernel tracepoint use
// its name and field layout; events the kernel has no tracepoint for use a
// "wm_" prefix so nobody mistakes them for kernel output:
//
//   KswapdWake            mm_vmscan_wakeup_kswapd: nid=0 order=0 gfp_flags=unknown   (caller, <idle>-0)
//                         mm_vmscan_kswapd_wake: nid=0 order=0                       (kswapd<nid>)
//   KswapdSleep           mm_vmscan_kswapd_sleep: nid=0
//   KswapdHopeless        wm_kswapd_hopeless: nid=0 kswapd_failures=16
//   Boost                 wm_boost_watermark: node_id=0 zone_name=Normal reason=extfrag pages=512 watermark_boost=1024
//   DebounceSuppressed    wm_debounce_suppressed: node_id=0 zone_name=Normal reason=atomic-failure count=3
//   AtomicFailure         mm_page_alloc: page=0000000000000000 pfn=0xffffffffffffffff order=0 migratetype=0 gfp_flags=GFP_ATOMIC
//   failed=N node_id=0 zone_name=Normal
//                         (one line per tick and zone: the simulator aggregates a storm, N = failures)
//   WarnAlloc             wm_warn_alloc: node_id=0 zone_name=Normal order=0 callbacks_suppressed=N
//   AllocStall            wm_allocstall: node_id=0 zone_name=Normal attempts=N
//   Oom                   wm_oom_kill: nid=0 freed_pages=N
//   WatermarksRecomputed  mm_setup_per_zone_wmarks: node_id=0 zone_name=Normal watermark_min=.. watermark_low=..
//   watermark_high=.. watermark_promo=..
//                         (v6.18 tracepoint; one line per zone, recomputed from managed pages,
//                         min_free_kbytes and watermark_scale_factor of the event, without v4's
//                         per-zone watermark_scale_boost)
//   MinFreeKbytesChanged  wm_min_free_kbytes: old=A new=B reason=sysctl
//   ScaleBoostChanged     wm_watermark_scale_boost: node_id=0 zone_name=Normal old=A new=B
//   ParamChange           wm_param_change: key=value
//   Caption               wm_caption: text
//
// The simulator's wake event does not record the caller's gfp mask, hence
// gfp_flags=unknown. Allocation-side events run as "<idle>-0" (softirq context
// of the network-burst case); kswapd events as "kswapd<nid>-<100+nid>"; the CPU
// column is the node id.
#include "sim/events.h"
#include "sim/snapshot.h"

#include <string>
#include <vector>

namespace wm::exporter {

// The lines for one event (usually one; WatermarksRecomputed gives one per zone,
// KswapdWake two). `snap` supplies zone names and managed pages.
std::vector<std::string> traceLines(const Event &e, const Snapshot &snap);
// "# tracer: nop" header plus every event's lines.
std::string traceText(const std::vector<Event> &events, const Snapshot &snap, std::int64_t droppedEvents = 0);

} // namespace wm::exporter
