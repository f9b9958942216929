#pragma once
// Every tooltip and explanation text of the program, in one place: one or two
// plain sentences plus the kernel function the behaviour comes from.
#include "sim/events.h"

#include <QString>

#include <string_view>

namespace wm::gui {

enum class WatermarkLine { Free, Min, Low, High, MinUnboosted, AtomicFloor, Boost, LowmemReserve, KswapdAwake };

// Accepts the bare name ("pgalloc", "sim_atomic_failures") or a per-zone-type
// name ("pgalloc_normal", "allocstall_dma32"). Empty for unknown names.
QString explainCounter(std::string_view name);
QString explainEvent(wm::EventKind kind, wm::EventReason reason = wm::EventReason::None);
QString explainReason(wm::EventReason reason);
// Parameter keys as in scenario/params.h ("vm.min_free_kbytes", "policy.<knob>", "workload.<src>.<field>").
QString explainParam(std::string_view key);
QString explainWatermarkLine(WatermarkLine line);

} // namespace wm::gui
