// The parameters dock validates with the core's rules before sending: refused
// values show a message next to the field and never reach the simulation.
#include "apptestutil.h"
#include "panels/parametersdock.h"

#include <QLabel>
#include <QLineEdit>
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
