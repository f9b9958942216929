#pragma once
// What `watermark-explorer recording` prints of a recording: per zone the watermarks at the
// start and the end, how often they changed, the lowest free pages and the time below low and
// min; the reclaim counters' increase over the recording; gaps and the reader's notes.
#include "recording/recording.h"

#include <QJsonObject>
#include <QString>

#include <string>
#include <vector>

namespace wm::cli {

struct ZoneSummary {
    int node = 0;
    std::string zone;
    std::int64_t managedFirst = 0, managedLast = 0;
    std::int64_t minFirst = 0, lowFirst = 0, highFirst = 0, minLast = 0, lowLast = 0, highLast = 0;
    std::int64_t freeLowest = recording::kMissing;
    double freeLowestAt = 0;
    double belowLowSeconds = 0, belowMinSeconds = 0;
    std::size_t watermarkChanges = 0, managedChanges = 0;
};

struct RecordingSummary {
    std::vector<ZoneSummary> zones;
    std::vector<std::pair<std::string, std::int64_t>> counters; // the reclaim set that was logged: increase
};

RecordingSummary summarizeRecording(const recording::Recording &r);
QString recordingSummaryText(const recording::Recording &r, const RecordingSummary &s);
QJsonObject recordingSummaryJson(const recording::Recording &r, const RecordingSummary &s);
// Every value of the recording, one per line: "time_s,metric,instance,value" with the metric's
// PCP name (mem.zoneinfo.free, mem.vmstat.pgscan_kswapd, wmx.vm.min_free_kbytes ...), zone
// values in pages, counters raw; missing values are left out.
QString recordingCsv(const recording::Recording &r);

} // namespace wm::cli
