// The alternatives that need no kernel change (docs/model.md §8.14-8.15):
// static-min-free (the admins' fix), static-wsf (Lance Yang on v1, Michal
// Hocko on v3, docs/model.md §8.10), no-boost. They set
// their sysctl at boot, through the sysctl handlers.
#include "tst_policy_util.h"

#include <QTest>

using namespace wm;
using namespace wm::ptest;

class TestPolicyStatic : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Machine of tst_policy_util.h: DMA32 772915 + Normal 458752 managed, min_free_kbytes
    // 67584. __setup_per_zone_wmarks(): L = 772915 + 458752 = 1231667.
    // Vanilla: pages_min 16896, Normal min = 16896 * 458752 / 1231667 = 6293,
    //   step max(6293 >> 2 = 1573, 458752 * 10 / 10000 = 458) = 1573, high 6293 + 3146 = 9439.
    void staticPoliciesSetSysctlsAtBoot()
    {
        const auto vanilla = kernel(machine("vanilla"));
        QCOMPARE(vanilla->tunables().minFreeKbytes, 67584);
        QCOMPARE(vanilla->zone(1).type, ZoneType::Normal);
        QCOMPARE(vanilla->zone(1).watermark[0], 6293);
        QCOMPARE(vanilla->zone(1).watermark[2], 9439);

        // static-min-free factor 2 through min_free_kbytes_sysctl_handler(): 67584 * 2 = 135168,
        // pages_min 33792, Normal min = 33792 * 458752 / 1231667 = 12586,
        // step max(12586 >> 2 = 3146, 458) = 3146, high 12586 + 6292 = 18878.
        auto mf = kernel(machine("static-min-free"));
        QCOMPARE(mf->tunables().minFreeKbytes, 135168);
        QCOMPARE(mf->tunables().userMinFreeKbytes, 135168); // the sysctl handler's semantics
        QCOMPARE(mf->zone(1).watermark[0], 12586);
        QCOMPARE(mf->zone(1).watermark[2], 18878);

        // factor 3: 67584 * 3 = 202752, pages_min 50688, Normal min = 50688 * 458752 / 1231667 = 18879.
        Scenario s = machine("static-min-free");
        s.policy.knobs["factor"] = 3;
        const auto mf3 = kernel(s);
        QCOMPARE(mf3->tunables().minFreeKbytes, 202752);
        QCOMPARE(mf3->zone(1).watermark[0], 18879);

        // static-wsf: watermark_scale_factor 100 through its sysctl handler. min unchanged
        // (6293); step max(1573, 458752 * 100 / 10000 = 4587) = 4587, high 6293 + 9174 = 15467.
        auto wsf = kernel(machine("static-wsf"));
        QCOMPARE(wsf->tunables().watermarkScaleFactor, 100);
        QCOMPARE(wsf->zone(1).watermark[0], 6293);
        QCOMPARE(wsf->zone(1).watermark[1], 10880); // 6293 + 4587
        QCOMPARE(wsf->zone(1).watermark[2], 15467);

        // no-boost: watermark_boost_factor 0, so boost_watermark() returns false.
        auto nb = kernel(machine("no-boost"));
        QCOMPARE(nb->tunables().watermarkBoostFactor, 0);
        QVERIFY(!nb->boostWatermark(nb->zone(1), EventReason::Extfrag));
    }
};

QTEST_GUILESS_MAIN(TestPolicyStatic)
#include "tst_policy_static.moc"
