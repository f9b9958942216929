// The parameters dock validates with the core's rules before sending: refused
// values show a message next to the field and never reach the simulation.
#include "apptestutil.h"
#include "panels/parametersdock.h"

#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSignalSpy>
#include <QTest>

using namespace wm::gui;

class TestParametersDock : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listsSysctlsAndWorkloadKnobs()
    {
        ParametersDock dock;
        dock.setScenario(wm::test::loadScenario("default.yaml"));
        for (const char *k :
            {"vm.min_free_kbytes", "vm.watermark_scale_factor", "vm.watermark_boost_factor", "vm.lowmem_reserve_ratio"}) {
            QVERIFY2(dock.field(QString::fromLatin1(k)), k);
            QVERIFY(dock.field(QString::fromLatin1(k))->isEnabled());
        }
        QCOMPARE(dock.field(QStringLiteral("vm.watermark_scale_factor"))->text(), QStringLiteral("10"));
    }

    void refusedValueIsShownAndNotSent()
    {
        ParametersDock dock;
        dock.setScenario(wm::test::loadScenario("default.yaml"));
        dock.show();
        QSignalSpy spy(&dock, &ParametersDock::parameterEdited);
        const QString err = dock.submit(QStringLiteral("vm.watermark_scale_factor"), QStringLiteral("5000"));
        QVERIFY(!err.isEmpty());
        QCOMPARE(spy.count(), 0);
        QVERIFY(dock.messageLabel(QStringLiteral("vm.watermark_scale_factor"))->isVisible());
        QVERIFY(dock.messageLabel(QStringLiteral("vm.watermark_scale_factor"))->text().contains(QLatin1String("5000")));
    }

    // A long message wraps inside the dock instead of widening it (which clipped
    // the message and every value).
    void longMessageWrapsInsideTheDock()
    {
        ParametersDock dock;
        dock.setScenario(wm::test::loadScenario("default.yaml"));
        dock.resize(dock.minimumWidth(), 600);
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        QVERIFY(!dock.submit(QStringLiteral("vm.watermark_boost_factor"), QStringLiteral("abc")).isEmpty());
        QTest::qWait(20);
        auto *scroll = qobject_cast<QScrollArea *>(dock.widget());
        QVERIFY(scroll);
        QVERIFY2(scroll->widget()->width() <= scroll->viewport()->width(),
            qPrintable(QStringLiteral("content %1 px in a %2 px viewport")
                           .arg(scroll->widget()->width())
                           .arg(scroll->viewport()->width())));
        QLabel *msg = dock.messageLabel(QStringLiteral("vm.watermark_boost_factor"));
        QVERIFY(msg->isVisible());
        QVERIFY(msg->geometry().right() <= scroll->widget()->width());
    }

    void validValueIsSentThenConfirmed()
    {
        ParametersDock dock;
        dock.setScenario(wm::test::loadScenario("default.yaml"));
        dock.show();
        QSignalSpy spy(&dock, &ParametersDock::parameterEdited);
        QLineEdit *f = dock.field(QStringLiteral("vm.watermark_scale_factor"));
        f->setFocus();
        f->selectAll();
        QTest::keyClicks(f, QStringLiteral("150"));
        QTest::keyClick(f, Qt::Key_Return);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(1).toString(), QStringLiteral("150"));
        dock.onParameterResult(QStringLiteral("vm.watermark_scale_factor"), QStringLiteral("150"), true, {}, 2'000'000);
        QVERIFY(dock.messageLabel(QStringLiteral("vm.watermark_scale_factor"))->text().contains(QLatin1String("2.000")));
    }
};

QTEST_MAIN(TestParametersDock)
#include "tst_parametersdock.moc"
