// v2 of the atomic-boost series: "[PATCH v2 1/1] mm/page_alloc: dynamic
// min_free_kbytes adjustment", wujing, 5 Jan 2026,
// <tencent_6FE67BA7BE8376AB038A71ACAD4FF8A90006@qq.com> (docs/model.md §8.4).
#include "tst_policy_util.h"

#include <QTest>

using namespace wm;
using namespace wm::ptest;

namespace {
void fail(Kernel &k, usec_t t, std::int64_t count = 1)
{
    k.setNow(t);
    k.policy().onAllocFail(k, ctx(k, gfp::ATOMIC_, 0, count));
    runTimers(k, t + 1000); // the work runs at the next tick
}
} // namespace

class TestPolicyV2 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // +50% per failure, user_min_free_kbytes raised with it.
    void v2PlusFiftyPercentAndUserMinFreeKbytes()
    {
        auto k = kernel(machine("v2", false, 4194304));
        const std::int64_t boot = k->tunables().minFreeKbytes;
        fail(*k, kSec);
        QCOMPARE(k->tunables().minFreeKbytes, boot + boot / 2);
        QCOMPARE(k->tunables().userMinFreeKbytes, boot + boot / 2);
    }

    // Global 10 s debounce: a failure 5 s later (any zone, any node) is
    // suppressed and counted; one after 10 s acts again.
    void v2GlobalTenSecondDebounce()
    {
        auto k = kernel(machine("v2", true, 4194304));
        const std::int64_t boot = k->tunables().minFreeKbytes;
        fail(*k, kSec, 3); // 1 acts, 2 suppressed
        const std::int64_t one = boot + boot / 2;
        QCOMPARE(k->tunables().minFreeKbytes, one);
        QCOMPARE(k->counters()[Counter::SimDebounceSuppressed], 2);
        k->setNow(6 * kSec);
        QVERIFY(!k->policy().onAllocFail(*k, ctx(*k, gfp::ATOMIC_, 1)));
        runTimers(*k, 6 * kSec + 1000);
        QCOMPARE(k->tunables().minFreeKbytes, one);
        QCOMPARE(k->counters()[Counter::SimDebounceSuppressed], 3);
        fail(*k, 11 * kSec + 1);
        QCOMPARE(k->tunables().minFreeKbytes, one + one / 2);
    }

    // The boost is capped at 1 % of RAM ((totalram_pages << (PAGE_SHIFT - 10)) / 100)
    // and applied only when larger than the current value.
    void v2CappedAtOnePercentOfRam()
    {
        auto k = kernel(machine("v2", false, 4194304));
        const std::int64_t cap = (772915 + 4194304) * 4 / 100; // 198688 kB
        std::int64_t v = k->tunables().minFreeKbytes; // 67584
        for (usec_t t : {kSec, 12 * kSec, 23 * kSec, 34 * kSec}) {
            fail(*k, t);
            v = std::max(v, std::min(v + v / 2, cap));
            QCOMPARE(k->tunables().minFreeKbytes, v);
        }
        QCOMPARE(v, cap); // 101376, 152064, then the cap, then no change
        // A machine whose boot value is already above 1 % of RAM never changes.
        auto small = kernel(machine("v2"));
        const std::int64_t boot = small->tunables().minFreeKbytes;
        QVERIFY(boot > (772915 + 458752) * 4 / 100);
        fail(*small, kSec);
        QCOMPARE(small->tunables().minFreeKbytes, boot);
    }

    // Decay: 300 s after the boost -5%, every 300 s, never below 1.2 x initial,
    // where initial is captured in init_per_zone_wmark_min(): the sqrt default
    // (17829 kB for these 4,967,219 lowmem pages), not the 67584 kB the scenario
    // writes at boot. So the decay ends below the boot value.
    void v2DecaysFivePercentEvery300sToFloor()
    {
        auto k = kernel(machine("v2", false, 4194304));
        const std::int64_t boot = k->tunables().minFreeKbytes;
        QCOMPARE(boot, std::int64_t {67584});
        const std::int64_t initial = calculateMinFreeKbytes(772915 + 4194304);
        QCOMPARE(initial, std::int64_t {17829});
        const std::int64_t floor = initial + initial / 5;
        QVERIFY(floor < boot);
        fail(*k, kSec);
        std::int64_t v = boot + boot / 2;
        QCOMPARE(k->tunables().minFreeKbytes, v);
        runTimers(*k, kSec + 299 * kSec); // not yet
        QCOMPARE(k->tunables().minFreeKbytes, v);
        usec_t t = kSec + 1000 + 300 * kSec;
        int decays = 0;
        for (; v > floor && decays < 100; ++decays, t += 300 * kSec) {
            runTimers(*k, t);
            v = std::max(floor, v - v / 20);
            QCOMPARE(k->tunables().minFreeKbytes, v);
            QCOMPARE(k->tunables().userMinFreeKbytes, v);
        }
        QCOMPARE(v, floor);
        QCOMPARE(k->policy().nextTimer(), kNoTimer); // stops at the floor
    }
};

QTEST_GUILESS_MAIN(TestPolicyV2)
#include "tst_policy_v2.moc"
