// "Why this watermark?": the derivation of a zone's marks with the numbers of
// __setup_per_zone_wmarks() and __zone_watermark_ok(), and the zone's headroom
// above the GFP_ATOMIC floor said the right way round when it is negative;
// a zone chosen in the dock shows at once, whatever the frame rate limit holds.
#include "apptestutil.h"
#include "panels/derivationdock.h"
#include "sim/simulation.h"

#include <QComboBox>
#include <QTest>
#include <QTextBrowser>

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

    // The rate limit is for frames: a zone the user picks right after one is
    // drawn at once from the newest snapshot, and the text the limit was
    // holding back (of the old zone) does not replace it afterwards.
    void chosenZoneShowsAtOnce()
    {
        wm::Simulation sim(wm::test::loadScenario("network-burst.yaml"));
        sim.runUntil(100'000);
        const auto first = std::make_shared<const wm::Snapshot>(sim.snapshot(false));
        DerivationDock dock;
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        auto *box = dock.findChild<QComboBox *>();
        auto *text = dock.findChild<QTextBrowser *>();
        QVERIFY(box && text);
        dock.update(first);
        QVERIFY(box->count() >= 2);
        dock.setZone(box->itemData(0).toInt());
        sim.runUntil(200'000);
        const auto newest = std::make_shared<const wm::Snapshot>(sim.snapshot(false));
        dock.update(newest); // within kMinIntervalMs: held back

        QTest::keyClick(box, Qt::Key_Down);
        const int chosen = box->itemData(1).toInt();
        QCOMPARE(dock.zone(), chosen);
        const wm::ZoneState *z = nullptr;
        for (const auto &zz : newest->zones)
            if (zz.id == chosen)
                z = &zz;
        QVERIFY(z);
        const QString heading
            = QStringLiteral("Node %1 %2 at t = 0.200 s").arg(z->node).arg(QString::fromUtf8(wm::zoneName(z->type)));
        QVERIFY2(text->toPlainText().startsWith(heading), qPrintable(text->toPlainText().left(60)));
        QTest::qWait(2 * DerivationDock::kMinIntervalMs);
        QVERIFY2(text->toPlainText().startsWith(heading), qPrintable(text->toPlainText().left(60)));
    }

    // A dock hidden behind the Counters tab gets no text (update() skips it);
    // brought to the front while paused, it draws the newest kept snapshot at
    // once instead of the text it had when it was hidden.
    void shownAgainDrawsTheKeptSnapshot()
    {
        wm::Simulation sim(wm::test::loadScenario("network-burst.yaml"));
        sim.runUntil(100'000);
        DerivationDock dock;
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        auto *text = dock.findChild<QTextBrowser *>();
        QVERIFY(text);
        dock.update(std::make_shared<const wm::Snapshot>(sim.snapshot(false)));
        const int zone = dock.findChild<QComboBox *>()->itemData(0).toInt();
        dock.setZone(zone);
        QVERIFY(text->toPlainText().contains(QLatin1String("at t = 0.100 s")));
        dock.hide();
        sim.runUntil(300'000);
        dock.update(std::make_shared<const wm::Snapshot>(sim.snapshot(false)));
        dock.show();
        QVERIFY2(text->toPlainText().contains(QLatin1String("at t = 0.300 s")), qPrintable(text->toPlainText().left(60)));
    }
};

QTEST_MAIN(TestDerivationDock)
#include "tst_derivationdock.moc"
