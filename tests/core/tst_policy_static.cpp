// The alternatives that need no kernel change (design.md Policies):
// static-min-free (field-survey §3.1), static-wsf (Lance Yang on v1, Michal
// Hocko on v3, kernel-model.md §2.3), no-boost (field-survey §3.1). They set
// their sysctl at boot, through the sysctl handlers.
#include "tst_policy_util.h"

#include <QTest>

using namespace wm;
using namespace wm::ptest;

class TestPolicyStatic : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void staticPoliciesSetSysctlsAtBoot()
    {
        const auto vanilla = kernel(machine("vanilla"));
        const auto boot = vanilla->tunables();

        auto mf = kernel(machine("static-min-free"));
        QCOMPARE(mf->tunables().minFreeKbytes, boot.minFreeKbytes * 2);
        QCOMPARE(mf->tunables().userMinFreeKbytes, boot.minFreeKbytes * 2); // the sysctl handler's semantics
        QVERIFY(mf->zone(1).watermark[0] > vanilla->zone(1).watermark[0]);

        Scenario s = machine("static-min-free");
        s.policy.knobs["factor"] = 3;
        QCOMPARE(kernel(s)->tunables().minFreeKbytes, boot.minFreeKbytes * 3);

        auto wsf = kernel(machine("static-wsf"));
        QCOMPARE(wsf->tunables().watermarkScaleFactor, 100);
        QCOMPARE(wsf->zone(1).watermark[0], vanilla->zone(1).watermark[0]); // min unchanged
        QVERIFY(wsf->zone(1).watermark[2] > vanilla->zone(1).watermark[2]);

        auto nb = kernel(machine("no-boost"));
        QCOMPARE(nb->tunables().watermarkBoostFactor, 0);
        QVERIFY(!nb->boostWatermark(nb->zone(1), EventReason::Extfrag));
    }
};

QTEST_GUILESS_MAIN(TestPolicyStatic)
#include "tst_policy_static.moc"
