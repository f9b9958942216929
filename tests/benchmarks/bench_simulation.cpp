// Speed and memory of the simulation core, as QBENCHMARKs (not part of the
// default test run; the figures go into the README). Run:
//   cmake --workflow --preset benchmark     (or build/release/tests/benchmarks/bench_simulation)
// QTest calls a benchmark function several times while it settles the
// iteration count; the figures a reader wants (x real time over every run)
// are printed once, at the end. QTest's RESULT lines give msecs per iteration.
#include "policy/registry.h"
#include "scenario/loader.h"
#include "sim/recorder.h"
#include "sim/simulation.h"
#include "workload/workload.h"

#include <QTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <sys/resource.h>
#include <thread>
#include <vector>

using namespace wm;

namespace {
Scenario load(const char *name)
{
    const auto r = loadScenarioFile(std::string(WM_SOURCE_DIR) + "/scenarios/" + name);
    if (!r.ok())
        qFatal("cannot load %s", name);
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

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// network-burst's request stream on a machine with memory to spare: every
// zone 64 times larger with the same page cache, so every batch is served by
// the first zone of its zonelist at WMARK_LOW and kswapd only wakes for the
// fragmentation boosts. What is left is the floor of the 1 ms tick loop: the
// random draws, the fast-path bookkeeping and the recording.
Scenario memoryToSpare()
{
    Scenario s = load("network-burst.yaml");
    for (auto &node : s.nodes)
        for (auto &z : node.zones)
            z.managed *= 64;
    return s;
}

// The network-burst workload on every node of a larger machine (4 zone types per node).
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

class BenchSimulation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("tick 1 ms, recording on"); }

    // Simulated seconds per wall second: the speed target (10,000x on network-burst).
    void realTimeFactor_data()
    {
        QTest::addColumn<QString>("what");
        QTest::newRow("network-burst") << "network-burst.yaml";
        QTest::newRow("default") << "default.yaml";
        QTest::newRow("network-burst stream, memory to spare (the tick loop's floor)") << "spare";
    }
    void realTimeFactor()
    {
        QFETCH(QString, what);
        const Scenario s = what == "spare" ? memoryToSpare() : load(what.toUtf8().constData());
        std::vector<double> walls;
        CounterSet first;
        QBENCHMARK
        {
            const auto t0 = std::chrono::steady_clock::now();
            Simulation sim(s);
            sim.runToEnd();
            walls.push_back(seconds(std::chrono::steady_clock::now() - t0));
            // Same scenario, same seed: the same numbers on every iteration.
            const CounterSet c = sim.counters();
            if (walls.size() == 1)
                first = c;
            QCOMPARE(c[Counter::SimAllocRequests], first[Counter::SimAllocRequests]);
            QCOMPARE(c[Counter::SimAtomicFailures], first[Counter::SimAtomicFailures]);
        }
        if (what == "spare") {
            // The premise of the row: nothing but the fast path ran.
            QCOMPARE(first[Counter::SimSlowpathEntries], 0);
            QCOMPARE(first[Counter::SimAllocFailures], 0);
        }
        auto &r = runs(QTest::currentDataTag());
        r.simSeconds = static_cast<double>(s.duration) / 1e6;
        r.walls.insert(r.walls.end(), walls.begin(), walls.end());
    }

    // Why the 1 ms tick loop cannot reach 10,000x on network-burst: inside the
    // skb bursts two ticks in three cross the low watermark and enter the
    // slowpath (one in ten has a failure), and the issue asks for such
    // batches to be split exactly as per-request processing would. Timing
    // each tick apart gives the bursts' share of the work; applied to an
    // untimed run, it gives the ceiling: the speed if every tick outside the
    // bursts cost nothing.
    void burstCeiling()
    {
        const Scenario s = load("network-burst.yaml");
        auto inBurst = [&](usec_t t) {
            return std::any_of(s.sources.begin(), s.sources.end(), [&](const SourceSpec &src) {
                return src.rate.kind == RateKind::Bursts && src.rate.burstRate > src.rate.rate
                    && Workload::rateAt(src, t, s.duration) == src.rate.burstRate;
            });
        };
        double burstWall = 0, otherWall = 0;
        std::int64_t burstTicks = 0, otherTicks = 0, burstSlowpath = 0, burstFailure = 0;
        std::vector<double> untimed;
        QBENCHMARK_ONCE
        {
            Simulation sim(s);
            while (!sim.finished()) {
                const bool burst = inBurst(sim.now());
                const std::int64_t slowpath = sim.counters()[Counter::SimSlowpathEntries];
                const std::int64_t failures = sim.counters()[Counter::SimAllocFailures];
                const auto t0 = std::chrono::steady_clock::now();
                sim.step();
                const double w = seconds(std::chrono::steady_clock::now() - t0);
                if (burst) {
                    burstSlowpath += sim.counters()[Counter::SimSlowpathEntries] > slowpath ? 1 : 0;
                    burstFailure += sim.counters()[Counter::SimAllocFailures] > failures ? 1 : 0;
                }
                (burst ? burstWall : otherWall) += w;
                ++(burst ? burstTicks : otherTicks);
            }
            for (int i = 0; i < 9; ++i) {
                const auto t0 = std::chrono::steady_clock::now();
                Simulation run(s);
                run.runToEnd();
                untimed.push_back(seconds(std::chrono::steady_clock::now() - t0));
            }
        }
        QVERIFY(burstTicks > 0 && otherTicks > 0);
        const double share = burstWall / (burstWall + otherWall);
        const double wall = median(untimed);
        const double simSeconds = static_cast<double>(s.duration) / 1e6;
        m_ceiling = QStringLiteral("network-burst by tick: %1 % of the ticks are in a burst (%8 of them enter the slowpath,\n"
                                   "  %9 see a failure) and take %2 % of the time\n"
                                   "  (%3 ns against %4 ns a tick, timed one by one); a whole run takes %5 ms,\n"
                                   "  so with every tick outside the bursts free: %6x real time at most (%7 times as fast)")
                        .arg(100.0 * static_cast<double>(burstTicks) / static_cast<double>(burstTicks + otherTicks), 0, 'f', 1)
                        .arg(100.0 * share, 0, 'f', 0)
                        .arg(burstWall / static_cast<double>(burstTicks) * 1e9, 0, 'f', 0)
                        .arg(otherWall / static_cast<double>(otherTicks) * 1e9, 0, 'f', 0)
                        .arg(wall * 1e3, 0, 'f', 1)
                        .arg(simSeconds / (share * wall), 0, 'f', 0)
                        .arg(1.0 / share, 0, 'f', 1)
                        .arg(burstSlowpath)
                        .arg(burstFailure);
    }

    // Memory must stay flat as the simulated duration grows: the recording
    // keeps a bounded number of min/max buckets, the event log the newest events.
    void memoryFlat()
    {
        std::size_t recorderBytes[2] = {};
        int i = 0;
        for (usec_t hours : {1, 4}) {
            Scenario s = load("default.yaml");
            s.duration = hours * 3600LL * 1'000'000;
            const auto t0 = std::chrono::steady_clock::now();
            Simulation sim(s);
            sim.runToEnd();
            recorderBytes[i++] = sim.recorder().bytes();
            qInfo("default.yaml %lld h simulated: recorder %zu KiB, events kept %zu (dropped %lld), max RSS %ld MiB, %.1f s wall",
                static_cast<long long>(hours), sim.recorder().bytes() / 1024, sim.events().events().size(),
                static_cast<long long>(sim.events().dropped()), maxRssKb() / 1024,
                seconds(std::chrono::steady_clock::now() - t0));
        }
        QCOMPARE(recorderBytes[1], recorderBytes[0]);
    }

    // How the cost grows with the machine: wake_all_kswapds() and a starved
    // source's zonelist walk visit every node's zones, as in the kernel.
    void machineScaling_data()
    {
        QTest::addColumn<int>("nodes");
        for (int nodes : {1, 4, 16, 64}) {
            const Scenario s = bigMachine(nodes);
            std::size_t zones = 0;
            for (const auto &nd : s.nodes)
                zones += nd.zones.size();
            QTest::newRow(qPrintable(QStringLiteral("%1 node%2 (%3 zones, %4 sources)")
                                         .arg(nodes)
                                         .arg(nodes == 1 ? "" : "s")
                                         .arg(zones)
                                         .arg(s.sources.size())))
                << nodes;
        }
    }
    void machineScaling()
    {
        QFETCH(int, nodes);
        Scenario s = bigMachine(nodes);
        s.duration = 10'000'000;
        QBENCHMARK_ONCE
        {
            const auto t0 = std::chrono::steady_clock::now();
            Simulation sim(s);
            sim.runToEnd();
            auto &r = runs(QTest::currentDataTag());
            r.simSeconds = 10;
            r.walls.push_back(seconds(std::chrono::steady_clock::now() - t0));
        }
    }

    // compare: 10 policies x 10 seeds of network-burst on every core.
    void compareThroughput()
    {
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
        QBENCHMARK_ONCE
        {
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
            m_compareWall = seconds(std::chrono::steady_clock::now() - t0);
        }
        m_compareLabel = QStringLiteral("compare network-burst, %1 policies x 10 seeds (%2 runs of 60 s) on %3 threads")
                             .arg(policyInfos().size())
                             .arg(runs.size())
                             .arg(threads);
    }

    void cleanupTestCase()
    {
        qInfo("simulated seconds per wall second (median over every run QTest made):");
        for (const auto &r : m_runs) {
            const double wall = median(r.walls);
            qInfo("  %-64s %6.1f ms per %2.0f s simulated: %6.0fx real time (%zu runs)", qPrintable(r.tag), wall * 1e3,
                r.simSeconds, r.simSeconds / wall, r.walls.size());
        }
        if (m_compareWall > 0)
            qInfo("%s: %.2f s wall", qPrintable(m_compareLabel), m_compareWall);
        if (!m_ceiling.isEmpty())
            qInfo("%s", qPrintable(m_ceiling));
    }

private:
    struct Runs {
        QString tag;
        double simSeconds = 0;
        std::vector<double> walls;
    };
    Runs &runs(const QString &tag)
    {
        auto it = std::find_if(m_runs.begin(), m_runs.end(), [&](const Runs &r) { return r.tag == tag; });
        if (it != m_runs.end())
            return *it;
        m_runs.push_back({tag, 0, {}});
        return m_runs.back();
    }
    std::vector<Runs> m_runs; // in the order the rows ran
    double m_compareWall = 0;
    QString m_compareLabel;
    QString m_ceiling;
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    BenchSimulation bench;
    // One 60 s run of network-burst takes about 50 ms; QTest would accept a
    // single one. At least 400 ms of runs per row give a median worth quoting
    // on a noisy machine (unless the caller sets -minimumtotal).
    std::vector<char *> args(argv, argv + argc);
    static char minimumTotal[] = "-minimumtotal", ms[] = "400";
    if (std::none_of(args.begin(), args.end(), [](const char *a) { return qstrcmp(a, "-minimumtotal") == 0; })) {
        args.push_back(minimumTotal);
        args.push_back(ms);
    }
    return QTest::qExec(&bench, static_cast<int>(args.size()), args.data());
}
#include "bench_simulation.moc"
