// Speed and memory of the simulation core (not a pass/fail test: it prints
// the figures the README records). Run:
//   cmake --workflow --preset benchmark     (or build/release/tests/benchmarks/bench_simulation)
#include "policy/registry.h"
#include "scenario/loader.h"
#include "sim/recorder.h"
#include "sim/simulation.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <sys/resource.h>
#include <thread>
#include <vector>

using namespace wm;

namespace {
Scenario load(const char *name)
{
    const auto r = loadScenarioFile(std::string(WM_SOURCE_DIR) + "/scenarios/" + name);
    if (!r.ok()) {
        std::fprintf(stderr, "cannot load %s\n", name);
        std::exit(2);
    }
    return *r.scenario;
}

double seconds(std::chrono::steady_clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

long maxRssKb()
{
    rusage u {};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

// Median wall time of `reps` runs of a scenario.
double timeRun(const Scenario &s, int reps)
{
    std::vector<double> t;
    for (int i = 0; i < reps; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        Simulation sim(s);
        sim.runToEnd();
        t.push_back(seconds(std::chrono::steady_clock::now() - t0));
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

// 64 nodes x (DMA32, Normal, Movable, + DMA on node 0) = 193 zones... we use 4 zone
// types on every node (256 zones) and scale the workload with the node count.
Scenario bigMachine(int nodes)
{
    Scenario s = load("network-burst.yaml");
    const auto templ = s.sources;
    s.nodes.clear();
    s.sources.clear();
    for (int n = 0; n < nodes; ++n) {
        NodeSpec nd;
        for (ZoneType t : {ZoneType::DMA, ZoneType::DMA32, ZoneType::Normal, ZoneType::Movable}) {
            ZoneSpec z;
            z.type = t;
            z.managed = t == ZoneType::DMA ? 3840 : t == ZoneType::DMA32 ? 770000 : 2000000;
            z.fileLru = z.managed * 8 / 10;
            z.anonLru = z.managed / 10;
            z.unreclaimable = z.managed / 20;
            z.free = -1;
            nd.zones.push_back(z);
        }
        s.nodes.push_back(nd);
        for (auto src : templ) {
            src.node = n;
            src.name += "-n" + std::to_string(n);
            s.sources.push_back(src);
        }
    }
    return s;
}
} // namespace

int main()
{
    std::printf("bench_simulation (tick 1 ms, recording on)\n\n");
    for (const char *name : {"network-burst.yaml", "default.yaml"}) {
        const Scenario s = load(name);
        const double wall = timeRun(s, 3);
        const double simSeconds = static_cast<double>(s.duration) / 1e6;
        std::printf("%-22s %6.0f s simulated in %7.3f s wall: %8.0fx real time (median of 3)\n", name, simSeconds, wall,
            simSeconds / wall);
    }

    // Memory must stay flat as the simulated duration grows (bounded recording and event log).
    std::printf("\nmemory vs simulated duration (default.yaml):\n");
    for (usec_t hours : {1, 4}) {
        Scenario s = load("default.yaml");
        s.duration = hours * 3600LL * 1'000'000;
        const auto t0 = std::chrono::steady_clock::now();
        Simulation sim(s);
        sim.runToEnd();
        std::printf("  %2lld h simulated: recorder %zu KiB, events kept %zu (dropped %lld), max RSS %ld MiB, %.1f s wall\n",
            static_cast<long long>(hours), sim.recorder().bytes() / 1024, sim.events().events().size(),
            static_cast<long long>(sim.events().dropped()), maxRssKb() / 1024, seconds(std::chrono::steady_clock::now() - t0));
    }

    std::printf("\nscaling with the machine (network-burst workload per node, 10 s simulated):\n");
    for (int nodes : {1, 4, 16, 64}) {
        Scenario s = bigMachine(nodes);
        s.duration = 10'000'000;
        const double wall = timeRun(s, 1);
        std::printf("  %2d nodes (%3d zones, %3zu sources): %7.3f s wall, %7.0fx real time\n", nodes, nodes * 4, s.sources.size(),
            wall, 10.0 / wall);
    }

    // compare: 10 policies x 10 seeds on all cores.
    const Scenario base = load("network-burst.yaml");
    std::vector<Scenario> runs;
    for (const auto &p : policyInfos())
        for (std::uint64_t seed = 1; seed <= 10; ++seed) {
            Scenario s = base;
            s.policy.id = p.id;
            s.seed = seed;
            runs.push_back(s);
        }
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    std::atomic<std::size_t> next {0};
    for (unsigned i = 0; i < threads; ++i)
        pool.emplace_back([&] {
            for (std::size_t k = next++; k < runs.size(); k = next++) {
                Simulation sim(runs[k]);
                sim.runToEnd();
            }
        });
    for (auto &t : pool)
        t.join();
    std::printf("\ncompare network-burst, %zu policies x 10 seeds (%zu runs of 60 s) on %u threads: %.2f s wall\n",
        policyInfos().size(), runs.size(), threads, seconds(std::chrono::steady_clock::now() - t0));
    return 0;
}
