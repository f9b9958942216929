#pragma once
// `watermark-explorer fit`: the scenario that reproduces a recording (docs/model.md §16).
//
//   machine    every zone of the first sample that has managed pages: managed, free, file and anon
//              LRU (nr_zone_*), the rest unreclaimable;
//   sysctls    the recorded ones (wmx.vm.*, from `record`), else the min_free_kbytes and
//              watermark_scale_factor that reproduce the first sample's marks exactly
//              (__setup_per_zone_wmarks()), else the defaults;
//   timeline   each change of a zone's managed pages, as machine.node<N>.<zone>.managed (hotplug);
//   workload   per interval: page cache = file LRU growth + pages reclaimed (pgsteal), anon = anon
//              LRU growth, the rest of pgalloc_* as short-lived kernel allocations: piecewise rates;
//   reclaim    kswapd's rate: the 90th percentile of pgsteal_kswapd/s over the intervals in which it
//              scanned; direct reclaim's likewise from pgsteal_direct; swap from pswpout.
// Each fitted value comes with how it was found and its spread, for the scenario's comments.
#include "recording/recording.h"
#include "scenario/scenario.h"

#include <string>
#include <vector>

namespace wm::recording {

struct FittedValue {
    std::string name; // "reclaim.kswapd_file_rate"
    std::string value; // as the scenario writes it
    std::string how; // one line: how it was found and its spread
};

struct FitResult {
    Scenario scenario;
    std::vector<FittedValue> values;
    std::vector<std::string> limits; // what the fit cannot reproduce in this recording, and why
};

// nullopt with `error` set when the recording has no usable first sample.
std::optional<FitResult> fitScenario(const Recording &r, std::string &error);

// The scenario as YAML with the fit's values, spreads and limits as comments at the top.
std::string fitScenarioYaml(const FitResult &f, const std::string &archive);

} // namespace wm::recording
