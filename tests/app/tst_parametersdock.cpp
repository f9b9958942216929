// The parameters dock validates with the core's rules before sending: refused
// values show a message next to the field and never reach the simulation.
#include "apptestutil.h"
#include "panels/parametersdock.h"
#include "scenario/params.h"

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

    // A refusal speaks of the value the user typed: once the simulation puts
    // its own value in the field (a timeline change, a reset, a policy
    // restart: showValues), the message and the red border go with it.
    void refusalIsClearedWhenTheSimulationSetsTheField()
    {
        const wm::Scenario scenario = wm::test::loadScenario("default.yaml");
        ParametersDock dock;
        dock.setScenario(scenario);
        dock.show();
        const QString key = QStringLiteral("vm.watermark_scale_factor");
        QLineEdit *f = dock.field(key);
        QLabel *msg = dock.messageLabel(key);
        f->setText(QStringLiteral("5000"));
        QVERIFY(dock.submit(key, f->text()).contains(QLatin1String("5000 is out of range 1..3000")));
        QVERIFY(!msg->isHidden());
        QVERIFY(!f->styleSheet().isEmpty());

        // The scenario's own timeline sets 100.
        wm::Scenario later = scenario;
        QCOMPARE(wm::applyParam(later, key.toStdString(), "100"), std::string());
        dock.showValues(later);
        QCOMPARE(f->text(), QStringLiteral("100"));
        QVERIFY2(msg->isHidden(), qPrintable(msg->text()));
        QCOMPARE(f->styleSheet(), QString());

        // Refused again, then a reset brings the file's value back.
        f->setText(QStringLiteral("0"));
        QVERIFY(!dock.submit(key, f->text()).isEmpty());
        QVERIFY(!msg->isHidden());
        dock.showValues(scenario);
        QCOMPARE(f->text(), QStringLiteral("10"));
        QVERIFY2(msg->isHidden(), qPrintable(msg->text()));
        QCOMPARE(f->styleSheet(), QString());
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
