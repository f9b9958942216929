// EventLogModel under QAbstractItemModelTester: appends, drops at the bound, clears, filtering.
#include "mm/gfp.h"
#include "panels/eventlogdock.h"
#include "panels/eventlogmodel.h"

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>

using namespace wm::gui;

namespace {
std::vector<wm::Event> makeEvents(int n, wm::usec_t t0)
{
    std::vector<wm::Event> v;
    for (int i = 0; i < n; ++i) {
        wm::Event e;
        e.at = t0 + i * 1000;
        e.kind = static_cast<wm::EventKind>(i % static_cast<int>(wm::EventKind::Count_));
        e.zone = i % 3 - 1;
        e.node = 0;
        e.a = i;
        e.text = "x=" + std::to_string(i);
        v.push_back(e);
    }
    return v;
}
} // namespace

class TestEventLogModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void passesModelTester()
    {
        EventLogModel model(nullptr, 100);
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setFilterRole(EventLogModel::KindRole);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setZoneNames({QStringLiteral("N0 DMA"), QStringLiteral("N0 Normal")});
        model.append(makeEvents(40, 0));
        QCOMPARE(model.rowCount(), 40);
        model.append({});
        model.append(makeEvents(90, 40'000)); // exceeds the bound: oldest rows dropped
        QVERIFY(model.rowCount() <= 100);
        QCOMPARE(model.rowCount() + model.dropped(), 130);
        // Still in time order, newest kept.
        QCOMPARE(model.events().back().at, 40'000 + 89 * 1000);
        for (std::size_t i = 1; i < model.events().size(); ++i)
            QVERIFY(model.events()[i - 1].at <= model.events()[i].at);
        proxy.setFilterRegularExpression(QStringLiteral("^5$"));
        QVERIFY(proxy.rowCount() > 0);
        for (int r = 0; r < proxy.rowCount(); ++r)
            QCOMPARE(proxy.index(r, 0).data(EventLogModel::KindRole).toInt(), 5);
        const auto droppedBefore = model.dropped() + model.rowCount();
        model.append(makeEvents(500, 200'000)); // larger than the bound at once
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(model.rowCount() + model.dropped(), droppedBefore + 500); // nothing lost without a count
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    // The dock says how many rows it shows of how many, and what the bound
    // dropped; Tab leaves the table instead of walking its cells.
    void dockCountsWhatItShows()
    {
        EventLogModel model(nullptr, 100);
        EventLogDock dock(&model);
        QVERIFY(!dock.view()->tabKeyNavigation());
        model.append(makeEvents(130, 0));
        QCOMPARE(dock.countText(), QStringLiteral("100 events (30 older dropped)"));
        dock.setKindFilter(5);
        const int shown = dock.proxy()->rowCount();
        QVERIFY(shown > 0 && shown < 100);
        QCOMPARE(dock.countText(), QStringLiteral("%1 of 100 events (30 older dropped)").arg(shown));
        // A click on a row pauses auto-scroll, visibly (the box unticks).
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        QVERIFY(dock.autoScroll());
        const QRect cell = dock.view()->visualRect(dock.proxy()->index(0, 0));
        QTest::mouseClick(dock.view()->viewport(), Qt::LeftButton, {}, cell.center());
        QVERIFY(!dock.autoScroll());
    }

    void everyKindHasDetailsOrText()
    {
        EventLogModel model;
        model.append(makeEvents(static_cast<int>(wm::EventKind::Count_), 0));
        for (int r = 0; r < model.rowCount(); ++r) {
            QVERIFY(!model.index(r, EventLogModel::Kind).data().toString().isEmpty());
            QVERIFY(!model.index(r, EventLogModel::Details).data().toString().isEmpty());
            QVERIFY(!model.index(r, 0).data(Qt::ToolTipRole).toString().isEmpty());
        }
        // A kswapd wakeup names its waker's gfp mask when the log has it, in the form
        // Kernel::wakeupKswapd() logs it: formatGfp() of the real GFP_ATOMIC, which is
        // __GFP_HIGH | __GFP_KSWAPD_RECLAIM = 0x20 | 0x800 = 0x820 in v6.12 gfp_types.h.
        wm::Event wake;
        wake.kind = wm::EventKind::KswapdWake;
        wake.a = 2;
        wake.text = wm::formatGfp(wm::gfp::ATOMIC_);
        QCOMPARE(EventLogModel::details(wake), QStringLiteral("classzone 2, woken by 0x820(GFP_ATOMIC)"));
        // rmqueue() wakes kswapd after a fragmentation boost with wakeup_kswapd(zone, 0, 0, ...):
        // named for what it is, not as a mask of 0.
        wake.text = wm::formatGfp(0);
        QCOMPARE(
            EventLogModel::details(wake), QStringLiteral("classzone 2, woken by rmqueue() after a fragmentation boost (gfp 0)"));
    }
};

QTEST_MAIN(TestEventLogModel)
#include "tst_eventlogmodel.moc"
