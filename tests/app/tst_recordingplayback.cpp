// RecordingPlayback on a small hand-made recording, so every rule is pinned down on values
// we chose (the real archives of tests/data/pcp have no gap, no boost, no recorded sysctl):
// - a watermark change is explained by the zone's own managed change, another zone's, the
//   boost, a recorded sysctl write, or "a sysctl write or a boost";
// - kswapd wakes at the sample before pgscan_kswapd/pageoutrun rose and sleeps where they stop;
// - stalls go to the zone such a request prefers; gaps become labelled events;
// - the snapshot holds a missing value from the sample before, unboosts the recorded marks,
//   counts counters from the first sample and carries the checker's verdict.
#include "recording/recording.h"
#include "sim/recordingplayback.h"

#include <QTest>

using namespace wm;
using namespace wm::gui;
using wm::recording::kMissing;
using wm::recording::ZoneMetric;

namespace {

constexpr std::size_t kSamples = 8;

void set(wm::recording::ZoneSeries &z, ZoneMetric m, std::vector<std::int64_t> v)
{
    z.values[static_cast<std::size_t>(m)] = std::move(v);
}

// Node 0: DMA32 and Normal, 8 samples 100 ms apart with a 3 s gap before sample 6.
std::shared_ptr<const wm::recording::Recording> makeRecording(bool withSysctls)
{
    auto r = std::make_shared<wm::recording::Recording>();
    r->source = "hand-made";
    r->hostname = "test";
    r->seconds = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 3.5, 3.6};
    wm::recording::ZoneSeries dma32, normal;
    dma32.node = normal.node = 0;
    dma32.zone = "DMA32";
    normal.zone = "Normal";
    for (auto *z : {&dma32, &normal})
        for (auto &v : z->values)
            v.assign(kSamples, kMissing);
    // DMA32: marks move at 2 because Normal grew; at 4 by its boost (all three by the same 100).
    set(dma32, ZoneMetric::Managed, std::vector<std::int64_t>(kSamples, 700000));
    set(dma32, ZoneMetric::Free, {50000, 49000, 48000, kMissing, 47000, 46000, 45000, 44000});
    set(dma32, ZoneMetric::Min, {4000, 4000, 3900, 3900, 4000, 4000, 4000, 4000});
    set(dma32, ZoneMetric::Low, {5000, 5000, 4900, 4900, 5000, 5000, 5000, 5000});
    set(dma32, ZoneMetric::High, {6000, 6000, 5900, 5900, 6000, 6000, 6000, 6000});
    set(dma32, ZoneMetric::Boost, {0, 0, 0, 0, 100, 100, 100, 100});
    // Normal: grows at 2; at 6 its marks change with nothing else known to have changed.
    set(normal, ZoneMetric::Managed, {1000000, 1000000, 1032768, 1032768, 1032768, 1032768, 1032768, 1032768});
    set(normal, ZoneMetric::Free, {900000, 890000, 880000, 870000, 860000, 850000, 840000, 830000});
    set(normal, ZoneMetric::Min, {10000, 10000, 10300, 10300, 10300, 10300, 11000, 11000});
    set(normal, ZoneMetric::Low, {12500, 12500, 12900, 12900, 12900, 12900, 13700, 13700});
    set(normal, ZoneMetric::High, {15000, 15000, 15500, 15500, 15500, 15500, 16400, 16400});
    r->zones = {dma32, normal};
    wm::recording::Counter scan, runs, stallMovable, compact;
    scan.values = {100, 100, 100, 300, 500, 500, 500, 500}; // rises into 3 and 4
    runs.values = {7, 7, 7, 7, 7, 7, 7, 8}; // and pageoutrun into 7
    stallMovable.values = {0, 0, 0, 2, 2, 2, 2, 2};
    compact.values = {0, 0, 0, 0, 0, 1, 1, 1};
    wm::recording::Counter freePages; // an instant value: it goes down without being a reset
    freePages.values = {950000, 940000, 930000, 920000, 910000, 900000, 890000, 880000};
    freePages.counterSemantics = false;
    r->counters = {{"pgscan_kswapd", scan}, {"pageoutrun", runs}, {"allocstall_movable", stallMovable},
        {"compact_stall", compact}, {"nr_free_pages", freePages}};
    if (withSysctls) { // recorded by `record`: a min_free_kbytes write between 5 and 6
        r->sysctls.minFreeKbytes = {67584, 67584, 67584, 67584, 67584, 67584, 70000, 70000};
        r->sysctls.watermarkScaleFactor = std::vector<std::int64_t>(kSamples, 10);
    }
    r->gaps.push_back({6, 3.0, false});
    return r;
}

std::vector<const wm::Event *> ofKind(const std::vector<wm::Event> &events, wm::EventKind kind)
{
    std::vector<const wm::Event *> out;
    for (const auto &e : events)
        if (e.kind == kind)
            out.push_back(&e);
    return out;
}

} // namespace

class TestRecordingPlayback : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void watermarkChangesAreExplained_data()
    {
        QTest::addColumn<bool>("withSysctls");
        QTest::addColumn<QString>("normalAt6"); // what the Normal change at 3.5 s says
        QTest::newRow("pmlogger archive (no sysctls): a sysctl write or a boost")
            << false << QStringLiteral("a sysctl write or a boost");
        QTest::newRow("record archive (sysctls): the min_free_kbytes write") << true << QStringLiteral("sysctl write");
    }

    void watermarkChangesAreExplained()
    {
        QFETCH(bool, withSysctls);
        QFETCH(QString, normalAt6);
        const RecordingPlayback p(makeRecording(withSysctls));
        const auto changes = ofKind(p.allEvents(), wm::EventKind::WatermarksChanged);
        QCOMPARE(changes.size(), std::size_t {4});
        // Time order: DMA32 and Normal at 0.2 s, DMA32 at 0.4 s, Normal at 3.5 s.
        QCOMPARE(changes[0]->at, 200'000);
        const auto text = [&](std::size_t i) { return QString::fromStdString(changes[i]->text); };
        const wm::Event *normalGrew = changes[0]->zone == 1 ? changes[0] : changes[1];
        const wm::Event *dma32Follows = changes[0]->zone == 0 ? changes[0] : changes[1];
        QCOMPARE(normalGrew->a, 32768);
        QCOMPARE(QString::fromStdString(normalGrew->text),
            QStringLiteral("Normal: managed +32768 pages -> min/low/high 10300/12900/15500 (watermarks recomputed: "
                           "__setup_per_zone_wmarks)"));
        QVERIFY2(QString::fromStdString(dma32Follows->text).startsWith(QLatin1String("DMA32: Normal managed +32768 pages")),
            dma32Follows->text.c_str());
        QCOMPARE(changes[2]->at, 400'000);
        QVERIFY2(text(2).contains(QLatin1String("boost 0 -> 100")) && text(2).contains(QLatin1String("boost_watermark")),
            qPrintable(text(2)));
        QCOMPARE(changes[3]->at, 3'500'000);
        QVERIFY2(text(3).contains(normalAt6), qPrintable(text(3)));
    }

    void kswapdStallsAndGaps()
    {
        const RecordingPlayback p(makeRecording(false));
        const auto wakes = ofKind(p.allEvents(), wm::EventKind::KswapdWake);
        const auto sleeps = ofKind(p.allEvents(), wm::EventKind::KswapdSleep);
        // Rose into samples 3 and 4 (awake from sample 2's time), unchanged into 5, pageoutrun into 7.
        QCOMPARE(wakes.size(), std::size_t {2});
        QCOMPARE(wakes[0]->at, 200'000);
        QCOMPARE(wakes[0]->a, -1);
        QCOMPARE(sleeps.size(), std::size_t {1});
        QCOMPARE(sleeps[0]->at, 400'000);
        QCOMPARE(wakes[1]->at, 3'500'000);
        // allocstall_movable (no Movable zone) and compact_stall go to Normal, the zone those requests prefer.
        const auto stalls = ofKind(p.allEvents(), wm::EventKind::AllocStall);
        QCOMPARE(stalls.size(), std::size_t {1});
        QCOMPARE(stalls[0]->a, 2);
        QCOMPARE(stalls[0]->zone, 1);
        QCOMPARE(stalls[0]->b, wm::zoneIndex(wm::ZoneType::Movable));
        const auto compactions = ofKind(p.allEvents(), wm::EventKind::CompactStall);
        QCOMPARE(compactions.size(), std::size_t {1});
        QCOMPARE(compactions[0]->zone, 1);
        const auto gaps = ofKind(p.allEvents(), wm::EventKind::RecordingGap);
        QCOMPARE(gaps.size(), std::size_t {1});
        QCOMPARE(gaps[0]->at, 500'000);
        QCOMPARE(gaps[0]->a, 3000);
        QCOMPARE(QString::fromStdString(gaps[0]->text), QStringLiteral("gap 3 s"));
        // Every event in time order.
        for (std::size_t i = 1; i < p.allEvents().size(); ++i)
            QVERIFY(p.allEvents()[i - 1].at <= p.allEvents()[i].at);
    }

    void snapshotOfASample()
    {
        RecordingPlayback p(makeRecording(false));
        QCOMPARE(p.current(), RecordingPlayback::npos);
        // Up to 0.3 s: four samples; DMA32's free is missing at 3 and holds from 2.
        auto events = p.advanceTo(300'000);
        QCOMPARE(p.current(), std::size_t {3});
        wm::Snapshot s = p.snapshot();
        QCOMPARE(s.now, 300'000);
        QCOMPARE(s.zones.size(), std::size_t {2});
        QCOMPARE(s.zones[0].free, 48000);
        QCOMPARE(s.zones[1].managed, 1032768);
        QCOMPARE(s.nodes.size(), std::size_t {1});
        QCOMPARE(s.nodes[0].kswapd, wm::KswapdState::Running);
        QCOMPARE(s.counters[wm::Counter::PgscanKswapd], 200);
        QVERIFY(s.recorded);
        QCOMPARE(s.recorded->sample, std::size_t {3});
        bool scanRow = false, freeRow = false;
        for (const auto &c : s.recorded->counters)
            if (c.name == "pgscan_kswapd") {
                scanRow = true;
                QCOMPARE(c.value, 300);
                QCOMPARE(c.increase, 200);
                QCOMPARE(c.rate, 2000.0); // 200 in 0.1 s
                QVERIFY(c.counter);
            } else if (c.name == "nr_free_pages") {
                freeRow = true;
                QCOMPARE(c.increase, -30000); // a change, not three resets
                QCOMPARE(c.rate, -100000.0);
                QVERIFY(!c.counter);
            }
        QVERIFY(scanRow && freeRow);
        QCOMPARE(s.recorded->checks.size(), std::size_t {2});
        // The events handed out are those of the samples played.
        for (const auto &e : events)
            QVERIFY(e.at <= 300'000);
        // At 0.4 s DMA32 carries a boost of 100: the unboosted marks are the recorded ones minus it.
        p.stepSample();
        s = p.snapshot();
        QCOMPARE(s.zones[0].boost, 100);
        QCOMPARE(s.zones[0].watermark[0], 3900);
        QCOMPARE(s.zones[0].min(), 4000);
        QCOMPARE(s.series.size(), std::size_t {2});
        QCOMPARE(s.series[0].buckets.back().minUnboosted, 3900);
        QCOMPARE(s.series[0].buckets.back().min, 4000);
        // To the end, then reset: back before the first sample.
        p.advanceTo(p.duration());
        QVERIFY(p.finished());
        QCOMPARE(p.snapshot().recorded->sample, kSamples - 1);
        p.reset();
        QCOMPARE(p.current(), RecordingPlayback::npos);
        QCOMPARE(p.stepSample().size(), std::size_t {0}); // sample 0 has no events
        QCOMPARE(p.snapshot().counters[wm::Counter::PgscanKswapd], 0);
    }
};

QTEST_MAIN(TestRecordingPlayback)
#include "tst_recordingplayback.moc"
