#pragma once
// The simulation: deterministic and single-threaded. (scenario, seed, the
// commands applied at given times) -> identical results, bit for bit.
#include "scenario/scenario.h"
#include "sim/events.h"
#include "sim/snapshot.h"

#include <memory>
#include <string>
#include <vector>

namespace wm {

class Kernel;
class Workload;
class Recorder;

struct SimOptions {
    bool record = true; // keep the per-zone series
    std::size_t recorderCapacity = 4096; // buckets per zone
    std::size_t eventCapacity = 200'000;
    // Process every request on its own instead of in bulk (the exactness
    // reference for the batched allocator; slow).
    bool perRequest = false;
};

// A parameter change applied at a tick boundary (timeline `set`, GUI edit).
struct SetCommand {
    std::string key;
    std::string value;
};

class Simulation
{
public:
    explicit Simulation(Scenario scenario, SimOptions options = {});
    ~Simulation();
    Simulation(const Simulation &) = delete;
    Simulation &operator=(const Simulation &) = delete;

    // Advance one tick. No-op once finished().
    void step();
    // Run until simulated time >= t (or the end).
    void runUntil(usec_t t);
    void runToEnd();
    bool finished() const;
    usec_t now() const;

    // Apply a parameter change now (before the next tick). Returns "" or an
    // error; on error nothing changes. Logged as a ParamChange event.
    std::string apply(const SetCommand &cmd);
    // Every accepted command with the time it was applied (to save back as timeline entries).
    const std::vector<TimelineEntry> &appliedCommands() const { return m_applied; }

    const Scenario &scenario() const { return m_scenario; } // with applied commands
    // The scenario as the run started (its parameters before any timeline entry
    // or edit), without the timeline: what a run's report names as its settings.
    const Scenario &initialScenario() const { return m_initial; }
    const Kernel &kernel() const { return *m_kernel; }
    const EventLog &events() const;
    const Recorder &recorder() const { return *m_recorder; }
    CounterSet counters() const;
    Snapshot snapshot(bool withSeries = true) const;

    // Index of the next timeline caption that asks to pause, once passed (GUI lessons).
    // Returns the captions passed during the last step().
    const std::vector<TimelineEntry> &captionsThisStep() const { return m_captionsThisStep; }

private:
    void applyTimeline();
    std::string applyLive(const std::string &key, const std::string &value);

    struct Engine;
    Scenario m_scenario;
    Scenario m_initial;
    SimOptions m_options;
    std::unique_ptr<Kernel> m_kernel;
    std::unique_ptr<Workload> m_workload;
    std::unique_ptr<Recorder> m_recorder;
    std::unique_ptr<Engine> m_engine;
    std::size_t m_nextTimeline = 0;
    std::vector<TimelineEntry> m_applied;
    std::vector<TimelineEntry> m_captionsThisStep;
};

} // namespace wm
