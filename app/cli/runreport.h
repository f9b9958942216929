#pragma once
// The run document: what `run --json` prints and what compare, sweep and the
// export bundle reuse. Schema in README.md ("run --json").
#include "sim/counters.h"
#include "sim/simulation.h"

#include <QJsonObject>
#include <QString>

namespace wm::cli {

// Counters by their reported names; per-zone-type counters expanded to
// name_<zone> for DMA, DMA32, Normal, Movable (and HighMem when present).
QJsonObject countersJson(const Snapshot &snap);
// The same values as a flat list of (name, value) in a stable order.
std::vector<std::pair<std::string, std::int64_t>> flatCounters(const Snapshot &snap);

QJsonObject runReportJson(const Simulation &sim, double wallSeconds);
QString runReportText(const Simulation &sim, double wallSeconds);

} // namespace wm::cli
