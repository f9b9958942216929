#pragma once
// A recording (core/recording) played as a run: turns the samples up to a moment into the
// value types the simulation hands to its observers (wm::Snapshot with its decimated
// series, wm::Event), so the charts, the docks and the exports cannot tell a recording
// from a simulated run. Lives on the worker side (RecordingPlayer); nothing it returns
// points into the recording (docs/architecture.md, "Playing a recording").
//
// Events, computed once from the samples:
//   WatermarksChanged  a zone's min/low/high differ from the previous sample that had them
//                      (the CLI's "marks moved"); the text says why: managed pages changed
//                      (__setup_per_zone_wmarks()), a sysctl write, or a boost
//   KswapdWake/Sleep   (a = -1) pgscan_kswapd or pageoutrun increased between two samples:
//                      kswapd was working; shaded on every node's charts (vmstat is machine-wide)
//   AllocStall         allocstall_<zone> increased (a = the increase, b = the classzone)
//   CompactStall       compact_stall increased
//   RecordingGap       a gap (a <mark> or a long interval)
#include "recording/recording.h"
#include "sim/snapshot.h"

#include <array>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace wm::gui {

class RecordingPlayback
{
public:
    explicit RecordingPlayback(std::shared_ptr<const wm::recording::Recording> recording);

    std::size_t samples() const { return m_rec->samples(); }
    // Time of sample i since the first sample.
    wm::usec_t timeOf(std::size_t i) const;
    wm::usec_t duration() const { return m_rec->samples() ? timeOf(m_rec->samples() - 1) : 0; }
    // The median time between samples (at least 1 µs): one "tick" of the transport.
    wm::usec_t interval() const { return m_interval; }
    // The newest sample played (npos before the first).
    std::size_t current() const { return m_current; }
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    bool finished() const { return m_rec->samples() == 0 || (m_current != npos && m_current + 1 >= m_rec->samples()); }
    // Played time: the time of the current sample (0 before the first).
    wm::usec_t now() const { return m_current == npos ? 0 : timeOf(m_current); }

    // Plays every sample up to time t (inclusive); returns the events of the samples played.
    std::vector<wm::Event> advanceTo(wm::usec_t t);
    // Plays the next sample (one "tick").
    std::vector<wm::Event> stepSample();
    // Back to before the first sample.
    void reset();
    // The snapshot of the current sample (series up to it, counters, the checker's verdicts).
    wm::Snapshot snapshot() const;

    // Every event of the whole recording, in time order (tests, the CLI).
    const std::vector<wm::Event> &allEvents() const { return m_events; }
    const wm::recording::Recording &recording() const { return *m_rec; }
    // Zone id (ZoneState::id) of a recording's zone, -1 for one we cannot draw (Device).
    int zoneId(std::size_t recordingZone) const { return m_zoneIds[recordingZone]; }

private:
    struct ZoneRef {
        std::size_t index = 0; // into Recording::zones
        int node = 0;
        wm::ZoneType type = wm::ZoneType::Normal;
    };
    struct CounterState {
        bool known = false;
        std::size_t lastLogged = npos;
        std::int64_t value = 0, increase = 0;
        double rate = 0;
    };
    static constexpr std::size_t kProtectionKept = wm::kMaxNrZones;
    void computeEvents();
    void play(std::size_t sample, std::vector<wm::Event> &out);
    // Zone zi at the current sample: every value as last recorded (a missing value holds).
    wm::ZoneSample zoneSample(std::size_t zi) const;

    std::shared_ptr<const wm::recording::Recording> m_rec;
    std::vector<ZoneRef> m_zones; // the drawable zones; ZoneState::id = position here
    std::vector<int> m_zoneIds; // per Recording::zones entry
    std::vector<int> m_nodes;
    wm::usec_t m_interval = 1;
    std::vector<wm::Event> m_events; // time order
    std::vector<std::size_t> m_eventSample; // the sample each event belongs to
    std::size_t m_nextEvent = 0;
    std::size_t m_current = npos;
    wm::Recorder m_recorder;
    std::vector<bool> m_kswapdActive; // per sample: pgscan_kswapd or pageoutrun rose since the previous one
    // Played state, per zone: the last value of each metric and of protection[] (kMissing: none yet).
    std::vector<std::array<std::int64_t, wm::recording::kZoneMetricCount>> m_last;
    std::vector<std::array<std::int64_t, kProtectionKept>> m_lastProtection;
    std::map<std::string, CounterState> m_counterLast;
};

} // namespace wm::gui
