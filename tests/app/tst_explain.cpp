// Every counter, event kind and watermark line has an explanation.
#include "explain/explain.h"
#include "mm/zone_type.h"
#include "scenario/params.h"
#include "sim/counters.h"

#include <QTest>

using namespace wm::gui;

class TestExplain : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyCounterIsExplained()
    {
        for (int i = 0; i < wm::kNumCounters; ++i) {
            const auto c = static_cast<wm::Counter>(i);
            const auto name = wm::counterName(c);
            QVERIFY2(!explainCounter(name).isEmpty(), std::string(name).c_str());
            if (wm::counterInfo(c).perZoneType) {
                for (int z = 0; z < wm::kMaxNrZones; ++z) {
                    const std::string full = std::string(name) + "_" + wm::zoneCounterSuffix(wm::zoneTypeFromIndex(z));
                    QVERIFY2(!explainCounter(full).isEmpty(), full.c_str());
                }
            }
        }
        QVERIFY(explainCounter("no_such_counter").isEmpty());
    }

    void everyEventKindIsExplained()
    {
        for (int k = 0; k < static_cast<int>(wm::EventKind::Count_); ++k)
            QVERIFY(!explainEvent(static_cast<wm::EventKind>(k)).isEmpty());
        for (int r = 1; r < static_cast<int>(wm::EventReason::Count_); ++r)
            QVERIFY(!explainReason(static_cast<wm::EventReason>(r)).isEmpty());
    }

    void everyLineIsExplained()
    {
        for (auto l :
            {WatermarkLine::Free, WatermarkLine::Min, WatermarkLine::Low, WatermarkLine::High, WatermarkLine::MinUnboosted,
                WatermarkLine::AtomicFloor, WatermarkLine::Boost, WatermarkLine::LowmemReserve, WatermarkLine::KswapdAwake})
            QVERIFY(!explainWatermarkLine(l).isEmpty());
    }

    void sysctlsAreExplained()
    {
        for (const char *k :
            {"vm.min_free_kbytes", "vm.watermark_scale_factor", "vm.watermark_boost_factor", "vm.lowmem_reserve_ratio"})
            QVERIFY(explainParam(k).contains(QLatin1String("()")));
    }
};

QTEST_GUILESS_MAIN(TestExplain)
#include "tst_explain.moc"
