// core/stats: mean, sample standard deviation, Student-t 95% intervals and
// paired differences, against values computed by hand / from standard tables.
#include "stats/stats.h"

#include <QTest>

#include <cmath>

using namespace wm::stats;

class TestStats : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tTable_data()
    {
        QTest::addColumn<int>("df");
        QTest::addColumn<double>("t");
        QTest::newRow("1") << 1 << 12.706;
        QTest::newRow("2") << 2 << 4.303;
        QTest::newRow("3") << 3 << 3.182;
        QTest::newRow("4") << 4 << 2.776;
        QTest::newRow("9") << 9 << 2.262;
        QTest::newRow("29") << 29 << 2.045;
        QTest::newRow("30") << 30 << 2.042;
        QTest::newRow("45") << 45 << 2.021;
        QTest::newRow("100000") << 100000 << 1.960;
    }
    void tTable()
    {
        QFETCH(int, df);
        QFETCH(double, t);
        QCOMPARE(tCritical95(static_cast<std::size_t>(df)), t);
    }

    void meanStddevCi()
    {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sum of squares 32, sample sd sqrt(32/7).
        const std::vector<double> x {2, 4, 4, 4, 5, 5, 7, 9};
        QCOMPARE(mean(x), 5.0);
        QVERIFY(std::abs(sampleStddev(x) - std::sqrt(32.0 / 7.0)) < 1e-12);
        const Summary s = summarize(x);
        const double half = 2.365 * std::sqrt(32.0 / 7.0) / std::sqrt(8.0); // t(7) = 2.365
        QCOMPARE(s.n, std::size_t(8));
        QVERIFY(std::abs(s.ci95Lo - (5.0 - half)) < 1e-12);
        QVERIFY(std::abs(s.ci95Hi - (5.0 + half)) < 1e-12);
        QVERIFY(std::abs(s.halfWidth() - half) < 1e-12);
    }

    void degenerateSamples()
    {
        const Summary one = summarize({42});
        QCOMPARE(one.mean, 42.0);
        QCOMPARE(one.stddev, 0.0);
        QCOMPARE(one.ci95Lo, 42.0);
        QCOMPARE(one.ci95Hi, 42.0);
        const Summary none = summarize({});
        QCOMPARE(none.n, std::size_t(0));
        QCOMPARE(none.mean, 0.0);
        const Summary constant = summarize({3, 3, 3});
        QCOMPARE(constant.stddev, 0.0);
        QCOMPARE(constant.ci95Hi, 3.0);
    }

    // Paired differences remove the per-seed variation both policies share.
    void pairedDifference()
    {
        const std::vector<double> base {100, 200, 300, 400, 500};
        const std::vector<double> x {110, 212, 309, 411, 508}; // diffs 10, 12, 9, 11, 8
        const Summary d = wm::stats::pairedDifference(x, base);
        QCOMPARE(d.mean, 10.0);
        QVERIFY(std::abs(d.stddev - std::sqrt(10.0 / 4.0)) < 1e-12);
        const double half = 2.776 * std::sqrt(2.5) / std::sqrt(5.0);
        QVERIFY(std::abs(d.ci95Lo - (10.0 - half)) < 1e-12);
        QVERIFY(d.ci95Lo > 0); // significant although the unpaired intervals overlap
        const Summary unpairedX = summarize(x), unpairedB = summarize(base);
        QVERIFY(unpairedX.ci95Lo < unpairedB.ci95Hi);
    }
};

QTEST_GUILESS_MAIN(TestStats)
#include "tst_stats.moc"
