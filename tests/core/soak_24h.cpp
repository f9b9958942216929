// Soak: the default scenario for 24 simulated hours, headless. Peak memory
// must stay under 256 MiB, and the recording must not grow with the duration
// past its bound (min/max decimation; bounded event log).
#include "scenario/loader.h"
#include "sim/recorder.h"
#include "sim/simulation.h"

#include <cstdio>
#include <sys/resource.h>

using namespace wm;

namespace {
long maxRssKb()
{
    rusage u {};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}
} // namespace

int main()
{
    const auto r = loadScenarioFile(std::string(WM_SOURCE_DIR) + "/scenarios/default.yaml");
    if (!r.ok()) {
        std::fprintf(stderr, "cannot load default.yaml\n");
        return 1;
    }
    Scenario s = *r.scenario;
    s.duration = 24LL * 3600 * 1'000'000;
    Simulation sim(s);
    int failed = 0, passed = 0;
    auto check = [&](bool ok, const char *what) {
        std::printf("%s: %s\n", ok ? "PASS" : "FAIL", what);
        (ok ? passed : failed)++;
    };
    sim.runUntil(3600LL * 1'000'000);
    const std::size_t recorderAfter1h = sim.recorder().bytes();
    sim.runToEnd();
    const long rss = maxRssKb();
    std::printf("24 h simulated: recorder %zu KiB (after 1 h: %zu KiB), events kept %zu, dropped %lld, max RSS %ld KiB\n",
        sim.recorder().bytes() / 1024, recorderAfter1h / 1024, sim.events().events().size(),
        static_cast<long long>(sim.events().dropped()), rss);
    check(sim.finished() && sim.now() == s.duration, "ran the whole 24 hours");
    check(rss < 256 * 1024, "peak memory under 256 MiB");
    check(sim.recorder().bytes() == recorderAfter1h, "recording size independent of the duration");
    for (const auto &series : sim.recorder().series())
        if (series.buckets.size() > sim.recorder().capacity())
            check(false, "a zone series exceeds its bucket budget");
    check(sim.events().events().size() <= sim.events().capacity(), "event log within its bound");
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
