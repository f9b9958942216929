// "Why this watermark?": the derivation of a zone's marks with the numbers of
// __setup_per_zone_wmarks() and __zone_watermark_ok(), and the zone's headroom
// above the GFP_ATOMIC floor said the right way round when it is negative.
#include "apptestutil.h"
#include "panels/derivationdock.h"
#include "sim/simulation.h"

#include <QTest>

using namespace wm::gui;

class TestDerivationDock : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void headroomIsSaidTheRightWayRound()
    {
        // network-burst's DMA zone sits far below its GFP_ATOMIC floor for Normal
        // requests (lowmem_reserve[Normal] is larger than the zone); its Normal
        // zone starts above its floor.
        wm::Simulation sim(wm::test::loadScenario("network-burst.yaml"));
        sim.runUntil(100'000);
        const wm::Snapshot snap = sim.snapshot(false);
        for (const auto &z : snap.zones) {
            if (z.managed <= 0)
                continue;
            const QString html = DerivationDock::derivationHtml(snap, z.id);
            const auto headroom = z.free - z.atomicFloor;
            QVERIFY2(!html.contains(QLatin1String("<b>-")), qPrintable(html.right(200)));
            if (headroom < 0)
                QVERIFY2(html.contains(QStringLiteral("<b>%L1</b> below the GFP_ATOMIC floor").arg(-headroom)),
                    qPrintable(html.right(200)));
            else if (headroom > 0)
                QVERIFY2(html.contains(QStringLiteral("<b>%L1</b> above the GFP_ATOMIC floor").arg(headroom)),
                    qPrintable(html.right(200)));
        }
        const bool someBelow = std::any_of(
            snap.zones.begin(), snap.zones.end(), [](const wm::ZoneState &z) { return z.managed > 0 && z.free < z.atomicFloor; });
        QVERIFY2(someBelow, "the DMA zone is below its floor here, so the negative case is exercised");
    }
};

QTEST_MAIN(TestDerivationDock)
#include "tst_derivationdock.moc"
