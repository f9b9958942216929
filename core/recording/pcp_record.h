#pragma once
// `watermark-explorer record`: samples the live machine's /proc/zoneinfo, /proc/vmstat and
// /proc/sys/vm at a fixed interval (down to 1 ms; bursts last milliseconds, pmlogger usually
// runs at seconds) and writes a genuine PCP archive through libpcp_import: PCP's own names,
// PMIDs, instance names, types, semantics and units for what the Linux PMDA has
// (mem.zoneinfo.*, mem.vmstat.*, hinv.pagesize, kernel.uname.release), and wmx.* in the
// domain PCP reserves for imported metrics for what it lacks (per-zone boost and promo, the vm
// sysctls). docs/architecture.md, "Recordings".
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace wm::recording {

struct RecordOptions {
    std::string archive; // base name: NAME.0, NAME.meta and NAME.index are written
    std::int64_t intervalNs = 10'000'000;
    std::int64_t durationNs = 0; // 0: until *stop
    std::string procDir = "/proc"; // where zoneinfo, vmstat and sys/vm/ are read
    bool allVmstat = false; // every /proc/vmstat counter PCP knows, not only the reclaim set
    const std::atomic<bool> *stop = nullptr; // set by a signal handler: ends the recording cleanly
    std::function<void(std::size_t samples, double seconds)> progress; // about once a second
};

struct RecordResult {
    bool ok = false;
    std::string error; // what went wrong; the archive written so far is kept and is valid when `archiveValid`
    bool archiveValid = false;
    std::size_t samples = 0;
    std::size_t missedDeadlines = 0; // intervals skipped because a sample came too late
    double wallSeconds = 0, cpuSeconds = 0; // cpuSeconds: this process's user + system time
    std::size_t vmstatMetrics = 0, zones = 0;
};

// The archive's files must not exist (nothing of the user's is replaced). Returns after the
// duration, or when *stop becomes true, having finished the archive (pmiEnd).
RecordResult recordPcpArchive(const RecordOptions &options);

// The reclaim set: the mem.vmstat counters the model and the distance report use.
bool isReclaimVmstat(const std::string &name);

} // namespace wm::recording
