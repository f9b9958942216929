// v1 of the atomic-boost series: "[PATCH 1/1] mm/page_alloc: auto-tune
// min_free_kbytes on atomic allocation failure", wujing, 4 Jan 2026, cover
// <tencent_C5AD9528AAB1853E24A7DC98A19D700E3808@qq.com> (docs/model.md §8.3).
#include "tst_policy_util.h"

#include <QTest>

using namespace wm;
using namespace wm::ptest;

class TestPolicyV1 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // v1's `(gfp_mask & GFP_ATOMIC) && order == 0` matches any mask with
    // __GFP_HIGH or __GFP_KSWAPD_RECLAIM; v4's `== GFP_ATOMIC` only GFP_ATOMIC
    // (and GFP_KERNEL|__GFP_HIGH). Same failure, both policies.
    void v1BuggyTest_vs_v4StrictTest_data()
    {
        QTest::addColumn<uint>("mask");
        QTest::addColumn<int>("order");
        QTest::addColumn<bool>("v1Triggers");
        QTest::addColumn<bool>("v4Triggers");
        QTest::newRow("GFP_ATOMIC") << uint(gfp::ATOMIC_) << 0 << true << true;
        QTest::newRow("GFP_KERNEL") << uint(gfp::KERNEL) << 0 << true << false;
        QTest::newRow("GFP_NOWAIT") << uint(gfp::NOWAIT) << 0 << true << false;
        QTest::newRow("__GFP_HIGH") << uint(gfp::HIGH) << 0 << true << false;
        QTest::newRow("GFP_KERNEL|__GFP_HIGH") << uint(gfp::KERNEL | gfp::HIGH) << 0 << true << true;
        QTest::newRow("__GFP_DIRECT_RECLAIM|__GFP_IO|__GFP_FS")
            << uint(gfp::DIRECT_RECLAIM | gfp::IO | gfp::FS) << 0 << false << false;
        QTest::newRow("GFP_ATOMIC order 2") << uint(gfp::ATOMIC_) << 2 << false << false;
    }
    void v1BuggyTest_vs_v4StrictTest()
    {
        QFETCH(uint, mask);
        QFETCH(int, order);
        QFETCH(bool, v1Triggers);
        QFETCH(bool, v4Triggers);
        {
            auto k = kernel(machine("v1", false, 4194304));
            const auto before = k->tunables().minFreeKbytes;
            k->setNow(kSec);
            QCOMPARE(k->policy().onAllocFail(*k, ctx(*k, mask, 0, 1, order)), v1Triggers);
            runTimers(*k, kSec + 1000);
            QCOMPARE(k->tunables().minFreeKbytes != before, v1Triggers);
        }
        {
            auto k = kernel(machine("v4"));
            k->setNow(kSec);
            QCOMPARE(k->policy().onAllocFail(*k, ctx(*k, mask, 0, 1, order)), v4Triggers);
            QCOMPARE(k->counters()[Counter::SimBoostsAtomicFailure] > 0, v4Triggers);
        }
    }

    // v1's work doubles min_free_kbytes, capped at 1% of total RAM in kB, and
    // leaves user_min_free_kbytes alone (v2 is the version that sets it).
    void v1DoublesMinFreeKbytesCappedAtOnePercent()
    {
        Scenario s = machine("v1", false, 4194304);
        s.sysctls.minFreeKbytes.reset(); // boot value: user_min_free_kbytes stays -1
        auto k = kernel(s);
        const std::int64_t cap = (772915 + 4194304) * 4 / 100; // 198688 kB
        std::int64_t expect = k->tunables().minFreeKbytes;
        const std::int64_t user = k->tunables().userMinFreeKbytes;
        usec_t t = kSec;
        for (int i = 0; i < 8; ++i) {
            k->setNow(t);
            QVERIFY(k->policy().onAllocFail(*k, ctx(*k, gfp::ATOMIC_)));
            runTimers(*k, t + 1000);
            expect = std::min(expect * 2, std::max(cap, expect));
            QCOMPARE(k->tunables().minFreeKbytes, expect);
            t += 2000;
        }
        QCOMPARE(k->tunables().minFreeKbytes, std::max<std::int64_t>(cap, k->tunables().bootMinFreeKbytes));
        QCOMPARE(k->tunables().userMinFreeKbytes, user);
    }

    // schedule_work() on a pending work does nothing: 50 failures in one
    // instant (bulk) or in one tick double min_free_kbytes once, no decay after.
    void v1OneWorkPerTick_noDecay()
    {
        auto k = kernel(machine("v1", false, 4194304));
        const auto boot = k->tunables().minFreeKbytes;
        k->setNow(kSec);
        QVERIFY(k->policy().onAllocFail(*k, ctx(*k, gfp::ATOMIC_, 0, 50)));
        QVERIFY(!k->policy().onAllocFail(*k, ctx(*k, gfp::ATOMIC_, 0, 1)));
        runTimers(*k, kSec + 1000);
        QCOMPARE(k->tunables().minFreeKbytes, boot * 2);
        runTimers(*k, 3600 * kSec);
        QCOMPARE(k->tunables().minFreeKbytes, boot * 2);
        QCOMPARE(k->counters()[Counter::SimMinFreeKbytesChanges], 1);
    }
};

QTEST_GUILESS_MAIN(TestPolicyV1)
#include "tst_policy_v1.moc"
