// The compare window's layout: the policy list shows every title whole (it used
// to be cut off at the side), the side panel lies inside the window, and a run
// fills the chart grid (under the charts' legend) and the delta table. With WM_SCREENSHOT_DIR set, the
// finished window is saved there as compare.png (docs/screenshots).
#include "apptestutil.h"

#include "comparerunner.h"
#include "compareview.h"

#include <QDir>
#include <QGroupBox>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPixmap>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using namespace wm;
using namespace wm::gui;

class TestCompareView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void policyTitlesAreNotCutOff()
    {
        CompareView view(test::loadScenario("default.yaml"), 0, false);
        view.resize(1400, 900);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *list = view.findChild<QListWidget *>();
        QVERIFY(list);
        QVERIFY(list->count() >= 3);
        QVERIFY2(list->sizeHintForColumn(0) <= list->viewport()->width(),
            qPrintable(QStringLiteral("longest title %1 px, list %2 px")
                           .arg(list->sizeHintForColumn(0))
                           .arg(list->viewport()->width())));
        const QRect inWindow(list->mapTo(&view, QPoint(0, 0)), list->size());
        QVERIFY(view.rect().contains(inWindow));
        // Every row is visible without scrolling.
        const QRect last = list->visualItemRect(list->item(list->count() - 1));
        QVERIFY(list->viewport()->rect().contains(last));
    }

    // The compare window opens on the zone the main window shows (DMA32 here, id 1).
    void opensOnTheGivenZone()
    {
        CompareView view(test::loadScenario("default.yaml"), 0, true);
        QCOMPARE(view.selectedZone(), 2); // default: Normal
        view.selectZone(1);
        QCOMPARE(view.selectedZone(), 1);
        view.selectZone(99); // unknown: unchanged
        QCOMPARE(view.selectedZone(), 1);
    }

    void runFillsTheTable()
    {
        Scenario s = test::loadScenario("default.yaml");
        CompareView view(s, 0, false);
        view.resize(1500, 950);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.selectPolicies({QStringLiteral("vanilla"), QStringLiteral("v4"), QStringLiteral("v10")});
        // The charts' legend shows once there are charts to explain.
        auto legend = [&]() -> QLabel * {
            for (auto *l : view.findChildren<QLabel *>())
                if (l->text().contains(QStringLiteral("GFP_ATOMIC&nbsp;floor")))
                    return l;
            return nullptr;
        };
        QVERIFY(legend());
        QVERIFY(!legend()->isVisibleTo(&view));
        QSignalSpy done(view.runner(), &CompareRunner::finished);
        view.run();
        QVERIFY(done.wait(60000));
        QCOMPARE(view.table()->columnCount(), 3);
        QVERIFY(view.table()->rowCount() > 5);
        QVERIFY(legend()->isVisibleTo(&view));
        // Digits are grouped as the derivation dock groups them (12-digit stall times stay readable).
        bool grouped = false;
        for (int r = 0; r < view.table()->rowCount(); ++r)
            if (const auto *item = view.table()->item(r, 0); item && item->text().size() > 4)
                grouped = grouped || item->text().contains(QLocale().groupSeparator());
        QVERIFY2(grouped, "some counter has 5 or more digits and shows them grouped");
        // No cell is elided: every column is at least as wide as its widest value.
        QTest::qWait(50);
        const QAbstractItemView *asView = view.table(); // sizeHintForColumn is public there
        for (int c = 0; c < view.table()->columnCount() - 1; ++c)
            QVERIFY2(view.table()->columnWidth(c) >= asView->sizeHintForColumn(c),
                qPrintable(QStringLiteral("column %1: %2 px for %3 px of text")
                               .arg(c)
                               .arg(view.table()->columnWidth(c))
                               .arg(asView->sizeHintForColumn(c))));
        const QString dir = qEnvironmentVariable("WM_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            QTest::qWait(200);
            QVERIFY(view.grab().save(QDir(dir).filePath(QStringLiteral("compare.png"))));
        }
    }
};

QTEST_MAIN(TestCompareView)
#include "tst_compareview.moc"
