#pragma once
// What the worker hands to the GUI: the newest snapshot, every event since the
// previous hand-over (none lost), and the worker's state. Value types only.
#include "sim/snapshot.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace wm::gui {

struct WorkerStatus {
    bool loaded = false;
    bool running = false;
    bool finished = false;
    double speed = 1.0; // requested speed factor
    bool maxSpeed = false;
    double realTimeFactor = 0; // measured simulated seconds per real second
    bool operator==(const WorkerStatus &) const = default;
};

struct Frame {
    std::shared_ptr<const wm::Snapshot> snapshot;
    std::vector<wm::Event> events; // new since the previous take, in order
    std::int64_t eventsDropped = 0; // lost because the GUI did not take them in time
    std::vector<wm::TimelineEntry> applied; // Simulation::appliedCommands()
    WorkerStatus status;
    std::uint64_t generation = 0; // changes on load/reset: the GUI clears its history
    bool restarted = false; // generation changed since the previous take
};

} // namespace wm::gui
