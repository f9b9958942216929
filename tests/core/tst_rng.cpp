// core/workload/rng: the draws the workload makes every tick. They replace
// std:: distributions (whose output differs between standard libraries), so
// each one is checked against its distribution's moments here, and the fast
// exp(-x) against libm.
#include "workload/rng.h"

#include <QTest>

#include <cmath>
#include <vector>

using wm::Rng;

namespace {
struct Moments {
    double mean = 0;
    double variance = 0;
};

template <typename Draw> Moments moments(int n, Draw &&draw)
{
    double sum = 0, sumSq = 0;
    for (int i = 0; i < n; ++i) {
        const auto x = static_cast<double>(draw());
        sum += x;
        sumSq += x * x;
    }
    const double mean = sum / n;
    return {mean, sumSq / n - mean * mean};
}

constexpr int kDraws = 200000;
} // namespace

class TestRng : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void expNegMatchesLibm_data()
    {
        QTest::addColumn<double>("x");
        for (double x : {0.0, 1e-9, 0.001, 0.0039, 0.5, 1.0, 2.71828, 5.0, 12.3456, 29.999, 30.0, 45.0})
            QTest::newRow(qPrintable(QString::number(x))) << x;
    }
    void expNegMatchesLibm()
    {
        QFETCH(double, x);
        const double want = std::exp(-x);
        QVERIFY2(std::abs(Rng::expNeg(x) - want) <= 1e-11 * want,
            qPrintable(QStringLiteral("expNeg(%1) = %2, exp = %3").arg(x).arg(Rng::expNeg(x), 0, 'g', 17).arg(want, 0, 'g', 17)));
    }
    void expNegDenseSweep()
    {
        // Every table cell and the points between them.
        double worst = 0;
        for (int i = 0; i <= 30 * 256 * 7; ++i) {
            const double x = i / (256.0 * 7);
            worst = std::max(worst, std::abs(Rng::expNeg(x) / std::exp(-x) - 1));
        }
        QVERIFY2(worst < 1e-11, qPrintable(QString::number(worst)));
    }

    void poissonMoments_data()
    {
        QTest::addColumn<double>("lambda");
        // Inversion below 30 (with expNeg), the normal approximation above.
        QTest::newRow("rare: 0.001 per tick (a 1/s fallback rate)") << 0.001;
        QTest::newRow("2 per tick (skb base rate)") << 2.0;
        QTest::newRow("29.5: last inversion mean") << 29.5;
        QTest::newRow("200 per tick (page cache)") << 200.0;
    }
    void poissonMoments()
    {
        QFETCH(double, lambda);
        Rng r(42);
        const Moments m = moments(kDraws, [&] { return r.poisson(lambda); });
        // Mean and variance are both lambda; allow 5 standard errors.
        const double se = std::sqrt(lambda / kDraws);
        QVERIFY2(std::abs(m.mean - lambda) < 5 * se + 1e-12, qPrintable(QStringLiteral("mean %1").arg(m.mean)));
        QVERIFY2(std::abs(m.variance / lambda - 1) < 0.05, qPrintable(QStringLiteral("variance %1").arg(m.variance)));
    }

    void binomialMoments_data()
    {
        QTest::addColumn<qint64>("n");
        QTest::addColumn<double>("p");
        QTest::newRow("n <= 16: Bernoulli trials") << qint64(12) << 0.3;
        QTest::newRow("rare deaths: Poisson regime (1 s lifetimes, 1 ms ticks)") << qint64(5000) << 0.0009995;
        QTest::newRow("many deaths: normal regime") << qint64(90000) << 0.0033;
    }
    void binomialMoments()
    {
        QFETCH(qint64, n);
        QFETCH(double, p);
        Rng r(7);
        const Moments m = moments(kDraws, [&] { return r.binomial(n, p); });
        const double mean = static_cast<double>(n) * p;
        const double var = mean * (1 - p);
        QVERIFY2(std::abs(m.mean - mean) < 5 * std::sqrt(var / kDraws), qPrintable(QStringLiteral("mean %1").arg(m.mean)));
        QVERIFY2(std::abs(m.variance / var - 1) < 0.05, qPrintable(QStringLiteral("variance %1").arg(m.variance)));
    }
    void binomialStaysWithinBounds()
    {
        Rng r(3);
        for (int i = 0; i < 10000; ++i) {
            const auto k = r.binomial(20, 0.97); // normal approximation near n
            QVERIFY(k >= 0 && k <= 20);
        }
        QCOMPARE(r.binomial(0, 0.5), 0);
        QCOMPARE(r.binomial(10, 0.0), 0);
        QCOMPARE(r.binomial(10, 1.0), 10);
    }

    void normalMoments()
    {
        Rng r(11);
        const Moments m = moments(kDraws, [&] { return r.normal(); });
        QVERIFY2(std::abs(m.mean) < 5 / std::sqrt(double(kDraws)), qPrintable(QString::number(m.mean)));
        QVERIFY2(std::abs(m.variance - 1) < 0.02, qPrintable(QString::number(m.variance)));
    }

    void sameSeedSameStream()
    {
        Rng a(1234), b(1234), c(1235);
        bool differs = false;
        for (int i = 0; i < 1000; ++i) {
            const auto x = a.next();
            QCOMPARE(x, b.next());
            differs = differs || x != c.next();
        }
        QVERIFY(differs);
    }
};

QTEST_APPLESS_MAIN(TestRng)
#include "tst_rng.moc"
