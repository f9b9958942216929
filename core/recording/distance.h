#pragma once
// `watermark-explorer distance`: how far a model run is from a recording (docs/model.md §16).
// The scenario is simulated; at every recorded sample time the model's zones are read, and the
// recording and the model are compared per zone (free pages: RMS and worst error relative to the
// zone's high - min gap; time below low and below min) and for the machine (the reclaim counters'
// increase, the time of the first kswapd run). Tolerances are stated and checked.
#include "recording/recording.h"
#include "scenario/scenario.h"

#include <optional>
#include <string>
#include <vector>

namespace wm::recording {

struct ZoneDistance {
    int node = 0;
    std::string zone;
    double gapPages = 0; // median recorded high - min over the recording
    double rmsFreePages = 0, worstFreePages = 0; // model free - recorded free
    double worstAtSeconds = 0;
    double rmsRelative() const { return gapPages > 0 ? rmsFreePages / gapPages : 0; }
    double recordedBelowLowS = 0, modelBelowLowS = 0, recordedBelowMinS = 0, modelBelowMinS = 0;
    std::size_t samplesCompared = 0;
};

struct CounterDistance {
    std::string name; // vmstat name: pgsteal_kswapd, pageoutrun, ...
    std::int64_t recorded = 0, model = 0;
    std::optional<double> tolerance; // relative; nullopt: reported, not checked
    double relative() const; // (model - recorded) / recorded; 0 when both are 0
    bool within() const;
};

struct DistanceReport {
    std::vector<ZoneDistance> zones;
    std::vector<CounterDistance> counters;
    std::optional<double> recordedFirstKswapdS, modelFirstKswapdS;
    double freeRmsTolerance = 0.25; // of high - min
    double simulatedSeconds = 0, wallSeconds = 0;
    bool within() const; // every checked tolerance holds
};

// The model's free pages of each recorded zone at each recorded sample time, for overlay charts.
struct DistanceSeries {
    std::vector<double> seconds;
    std::vector<std::vector<std::int64_t>> modelFree; // [zone of the report][sample]
    std::vector<std::vector<std::int64_t>> recordedFree;
};

// Simulates `s` (its start at the recording's first complete sample) and compares. `series`,
// when given, receives both free-page curves.
DistanceReport measureDistance(const Recording &r, const Scenario &s, DistanceSeries *series = nullptr);

} // namespace wm::recording
