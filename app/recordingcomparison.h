#pragma once
// "Compare with the model" for a recording (docs/architecture.md §12): the archive is read again,
// the scenario is fitted (recording::fitScenario) or loaded from a file, and measureDistance()
// simulates it and compares. Everything here is a value: runRecordingComparison() runs on a pool
// thread (RecordingCompareView) and its result crosses to the GUI thread by copy.
#include "recording/distance.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace wm::gui {

// A recorded zone's watermarks at the distance series' sample times (kMissing where unknown).
struct RecordedMarks {
    std::vector<std::int64_t> min, low, high;
};

struct RecordingComparison {
    bool ok = false;
    QString error; // why there is no comparison (unreadable archive, no usable sample, bad scenario)
    QString archive; // as given
    QString scenarioFile; // empty: the fitted scenario
    QString scenarioLabel; // "the fitted scenario" or the file's name, for the status line
    std::size_t recordingSamples = 0; // samples compared (from the first complete one, time 0)
    recording::DistanceReport report;
    recording::DistanceSeries series;
    std::vector<RecordedMarks> marks; // [zone of the report]
};

// Reads `archive`, fits or loads `scenarioFile` (empty: fit), measures the distance. Thread-safe
// (touches nothing shared); takes as long as the simulation of the recording's duration.
RecordingComparison runRecordingComparison(const QString &archive, const QString &scenarioFile);

// The distance table as text (CSV: one section per table, a blank line between them).
QString recordingComparisonCsv(const RecordingComparison &c);

} // namespace wm::gui
