// Opening recordings (issue: a 24 h archive at 1 s of a 2-node machine, and a 10-minute 10 ms
// recording, each opened in under 2 s). The archives are written here through libpcp_import with
// PCP's own metric names, units and instances (as `record` writes them), values a smooth random
// walk: a synthetic stand-in of the right shape and size, made for this benchmark only. What is
// timed is readPcpArchive(), the reader the CLI and the window use (a child process through
// libpcp), and the summary the CLI then computes.
//   build/release/tests/benchmarks/bench_recording
#include "recording/pcp_archive.h"
#include "syntheticarchive.h"

#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

using namespace wm;

class BenchRecording : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void openArchive_data()
    {
        QTest::addColumn<int>("nodes");
        QTest::addColumn<QStringList>("zones");
        QTest::addColumn<int>("samples");
        QTest::addColumn<double>("interval");
        QTest::addColumn<int>("counters");
        QTest::newRow("24 h at 1 s, 2 nodes") << 2 << QStringList {"DMA", "DMA32", "Normal", "Movable"} << 86400 << 1.0 << 48;
        QTest::newRow("10 min at 10 ms, 1 node")
            << 1 << QStringList {"DMA", "DMA32", "Normal", "Movable", "Device"} << 60000 << 0.01 << 48;
    }
    void openArchive()
    {
        QFETCH(int, nodes);
        QFETCH(QStringList, zones);
        QFETCH(int, samples);
        QFETCH(double, interval);
        QFETCH(int, counters);
        QTemporaryDir dir;
        const std::string base = dir.path().toStdString() + "/bench";
        bench::Shape shape {nodes, {}, samples, interval, counters};
        for (const auto &z : zones)
            shape.zonesPerNode.push_back(z.toStdString());
        const long long bytes = bench::writeArchive(base, shape);
        std::vector<double> times;
        std::size_t read = 0;
        QBENCHMARK
        {
            const auto t0 = std::chrono::steady_clock::now();
            const auto res = recording::readPcpArchive(base);
            times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
            QVERIFY(res.ok());
            read = res.recording->samples();
        }
        QCOMPARE(read, static_cast<std::size_t>(samples));
        std::sort(times.begin(), times.end());
        std::printf("%s: %d samples, %lld MB archive: opened in %.2f s (median of %zu)\n", QTest::currentDataTag(), samples,
            bytes / 1'000'000, times[times.size() / 2], times.size());
    }
};

QTEST_GUILESS_MAIN(BenchRecording)
#include "bench_recording.moc"
