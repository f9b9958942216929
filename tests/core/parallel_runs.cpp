// Qt-free test (also the tsan-core preset's workload): simulations of every
// policy run on several threads at once give exactly the results of the same
// runs one after another. The core shares no mutable state between runs.
#include "policy/registry.h"
#include "scenario/loader.h"
#include "sim/simulation.h"

#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

using namespace wm;

int main()
{
    const auto r = loadScenarioFile(std::string(WM_SOURCE_DIR) + "/scenarios/network-burst.yaml");
    if (!r.ok()) {
        std::fprintf(stderr, "cannot load network-burst.yaml\n");
        return 1;
    }
    std::vector<Scenario> runs;
    for (const auto &p : policyInfos()) {
        Scenario s = *r.scenario;
        s.duration = 6'500'000; // through the first burst
        s.policy.id = p.id;
        s.seed = runs.size() + 1;
        runs.push_back(s);
    }
    std::vector<CounterSet> sequential(runs.size()), parallel(runs.size());
    for (std::size_t i = 0; i < runs.size(); ++i) {
        Simulation sim(runs[i]);
        sim.runToEnd();
        sequential[i] = sim.counters();
    }
    std::atomic<std::size_t> next {0};
    std::vector<std::thread> pool;
    for (int t = 0; t < 4; ++t)
        pool.emplace_back([&] {
            for (std::size_t i = next++; i < runs.size(); i = next++) {
                Simulation sim(runs[i]);
                sim.runToEnd();
                parallel[i] = sim.counters();
            }
        });
    for (auto &t : pool)
        t.join();
    int failed = 0;
    for (std::size_t i = 0; i < runs.size(); ++i)
        if (!(sequential[i] == parallel[i])) {
            std::fprintf(stderr, "FAIL: policy %s differs between sequential and parallel runs\n", runs[i].policy.id.c_str());
            ++failed;
        }
    std::printf("%zu passed, %d failed\n", runs.size() - static_cast<std::size_t>(failed), failed);
    return failed ? 1 : 0;
}
