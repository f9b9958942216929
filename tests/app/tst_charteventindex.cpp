// The live charts' incremental event index (charts/charteventindex.h):
// - fed in chunks it gives the same chart data as indexing everything at once;
// - a sync only looks at the new events;
// - dropping the oldest events (EventLogModel at its bound) keeps the index in step;
// - markers per chart stay bounded when zoomed out over many events.
#include "apptestutil.h"

#include "charts/charteventindex.h"
#include "charts/zonechartdata.h"
#include "sim/simulation.h"

#include <QTest>

using namespace wm;
using namespace wm::gui;

namespace {

bool sameMarkers(const ZoneChartData &x, const ZoneChartData &y)
{
    if (x.markers.size() != y.markers.size() || x.kswapdAwake.size() != y.kswapdAwake.size() || x.lines.size() != y.lines.size())
        return false;
    for (std::size_t i = 0; i < x.markers.size(); ++i)
        if (x.markers[i].t != y.markers[i].t || x.markers[i].count != y.markers[i].count
            || x.markers[i].kind != y.markers[i].kind)
            return false;
    for (std::size_t i = 0; i < x.kswapdAwake.size(); ++i)
        if (x.kswapdAwake[i].t0 != y.kswapdAwake[i].t0 || x.kswapdAwake[i].t1 != y.kswapdAwake[i].t1)
            return false;
    return x.boostExtfrag == y.boostExtfrag && x.boostSlowpath == y.boostSlowpath && x.boostFailure == y.boostFailure
        && x.debounce == y.debounce && x.failures == y.failures;
}

struct Run {
    Snapshot snap;
    std::vector<Event> events;
};

Run runNetworkBurst(usec_t duration)
{
    Scenario s = test::loadScenario("network-burst.yaml");
    Simulation sim(s);
    sim.runUntil(duration);
    return {sim.snapshot(true), {sim.events().events().begin(), sim.events().events().end()}};
}

} // namespace

class TestChartEventIndex : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void incrementalEqualsFull()
    {
        const Run r = runNetworkBurst(20'000'000);
        QVERIFY(r.events.size() > 100);
        ChartEventIndex inc;
        std::vector<Event> growing;
        const std::size_t chunk = r.events.size() / 7 + 1;
        for (std::size_t i = 0; i < r.events.size(); i += chunk) {
            growing.insert(growing.end(), r.events.begin() + static_cast<std::ptrdiff_t>(i),
                r.events.begin() + static_cast<std::ptrdiff_t>(std::min(i + chunk, r.events.size())));
            inc.sync(growing);
            QCOMPARE(inc.lastSyncProcessed(), std::min(chunk, r.events.size() - i));
        }
        inc.sync(growing);
        QCOMPARE(inc.lastSyncProcessed(), std::size_t(0));
        QCOMPARE(inc.indexedEvents(), r.events.size());
        for (const auto &z : r.snap.zones) {
            if (z.managed == 0)
                continue;
            for (auto [from, to] : {std::pair<usec_t, usec_t> {0, r.snap.now}, {3'000'000, 9'000'000}, {5'000'000, 5'300'000}}) {
                const auto full = computeZoneChartData(r.snap, z.id, r.events, from, to, 900);
                const auto fromIndex = computeZoneChartData(r.snap, z.id, inc, from, to, 900);
                QVERIFY2(
                    sameMarkers(full, fromIndex), qPrintable(QStringLiteral("zone %1 [%2, %3]").arg(z.id).arg(from).arg(to)));
            }
        }
    }

    void droppingTheOldestEventsKeepsTheIndexInStep()
    {
        const Run r = runNetworkBurst(20'000'000);
        std::vector<Event> log(r.events.begin(), r.events.begin() + static_cast<std::ptrdiff_t>(r.events.size() / 2));
        ChartEventIndex inc;
        inc.sync(log);
        // Drop the oldest quarter and append the rest, as EventLogModel does at its bound.
        log.erase(log.begin(), log.begin() + static_cast<std::ptrdiff_t>(log.size() / 2));
        log.insert(log.end(), r.events.begin() + static_cast<std::ptrdiff_t>(r.events.size() / 2), r.events.end());
        inc.sync(log);
        QCOMPARE(inc.rebuilds(), std::size_t(0));
        QCOMPARE(inc.lastSyncProcessed(), r.events.size() - r.events.size() / 2);
        const usec_t from = log.front().at + 1, to = r.snap.now;
        for (const auto &z : r.snap.zones) {
            if (z.managed == 0)
                continue;
            const auto full = computeZoneChartData(r.snap, z.id, log, from, to, 700);
            const auto fromIndex = computeZoneChartData(r.snap, z.id, inc, from, to, 700);
            QCOMPARE(fromIndex.markers.size(), full.markers.size());
            QCOMPARE(fromIndex.failures, full.failures);
        }
        // A different log (a restart) is re-indexed from scratch.
        std::vector<Event> other(r.events.begin(), r.events.begin() + 10);
        inc.sync(other);
        QCOMPARE(inc.rebuilds(), std::size_t(1));
        QCOMPARE(inc.indexedEvents(), std::size_t(10));
    }

    void markersStayBoundedWhenZoomedOut()
    {
        // 200k atomic failures on one zone over 200 s: one chart shows a bounded number of markers.
        const Run r = runNetworkBurst(1'000'000);
        int zone = -1;
        for (const auto &z : r.snap.zones)
            if (z.managed > 0 && z.type == ZoneType::Normal)
                zone = z.id;
        QVERIFY(zone >= 0);
        std::vector<Event> many;
        for (int i = 0; i < 200'000; ++i) {
            Event e;
            e.at = static_cast<usec_t>(i) * 1000;
            e.kind = EventKind::AtomicFailure;
            e.zone = zone;
            e.node = 0;
            e.a = 2;
            many.push_back(e);
        }
        ChartEventIndex idx;
        idx.sync(many);
        const auto d = computeZoneChartData(r.snap, zone, idx, 0, 200'000'000, 1200);
        QVERIFY(d.failures.size() <= ChartEventIndex::kMaxMarkersPerKind + 1);
        QVERIFY(d.failures.size() > 100);
        std::int64_t total = 0;
        for (const auto &m : d.markers)
            total += m.count;
        QCOMPARE(total, std::int64_t(400'000)); // aggregated, nothing lost
    }
};

QTEST_MAIN(TestChartEventIndex)
#include "tst_charteventindex.moc"
