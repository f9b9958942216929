#pragma once
// The run --json files `sweep --merge` reads (a plan's results): what makes
// one trustworthy, checked without the rest of the sweep (and fuzzed:
// tests/fuzz/fuzz_merge_run_file.cpp). Qt Core only.
#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <cstddef>

namespace wm::cli {

// A run --json document is about 20 KiB, 750 KiB with 10,000 workload sources.
inline constexpr std::size_t kMaxRunFileBytes = 32u << 20;

struct RunFile {
    QString problem; // "" when the file can be used
    QJsonObject doc;
    double value = 0; // the metric's counter
};

// Parses `bytes` as a run --json document and reads counter `metric`: a JSON
// object, no key twice in one object, the counter a whole number from 0 to
// 2^53. Never throws; `problem` says what is wrong.
RunFile parseRunFile(const QByteArray &bytes, const QString &metric);

// The first key that appears twice in one object of `json` (text that parsed),
// or "": QJsonDocument keeps the last one silently.
QString duplicateJsonKey(const QByteArray &json);

} // namespace wm::cli
