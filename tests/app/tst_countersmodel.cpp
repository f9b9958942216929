// The counters table (CountersModel) under QAbstractItemModelTester: kernel
// names, grouped digits, deltas since a reset, and numeric sorting.
#include "apptestutil.h"
#include "panels/countersmodel.h"
#include "sim/simulation.h"

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace wm::gui;

namespace {
int rowOf(const QAbstractItemModel &m, const QString &name)
{
    for (int r = 0; r < m.rowCount(); ++r)
        if (m.index(r, CountersModel::Name).data().toString() == name)
            return r;
    return -1;
}
} // namespace

class TestCountersModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void valuesDeltasAndSorting()
    {
        CountersModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        wm::Simulation sim(wm::test::loadScenario("default.yaml"));
        sim.runUntil(2'000'000);
        model.update(sim.snapshot(false));
        model.resetDeltas();
        model.update(sim.snapshot(false));
        sim.runUntil(3'000'000);
        const wm::Snapshot snap = sim.snapshot(false);
        model.update(snap);

        const int row = rowOf(model, QStringLiteral("pgalloc_normal"));
        QVERIFY(row >= 0);
        const qint64 value = model.index(row, CountersModel::Value).data(CountersModel::SortRole).toLongLong();
        QVERIFY(value > 9999);
        QCOMPARE(model.index(row, CountersModel::Value).data().toString(), QStringLiteral("%L1").arg(value));
        const qint64 delta = model.index(row, CountersModel::Delta).data(CountersModel::SortRole).toLongLong();
        QVERIFY(delta > 0 && delta < value); // the third second only
        QCOMPARE(model.index(row, CountersModel::Delta).data().toString(), QStringLiteral("+%L1").arg(delta));

        // Sorting by value is numeric, not by the grouped text ("9,999" < "10,000").
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(CountersModel::SortRole);
        proxy.sort(CountersModel::Value, Qt::DescendingOrder);
        for (int r = 1; r < proxy.rowCount(); ++r)
            QVERIFY(proxy.index(r - 1, CountersModel::Value).data(CountersModel::SortRole).toLongLong()
                >= proxy.index(r, CountersModel::Value).data(CountersModel::SortRole).toLongLong());
    }
};

QTEST_MAIN(TestCountersModel)
#include "tst_countersmodel.moc"
