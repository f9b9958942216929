// Zone names as the kernel prints them: in /proc/zoneinfo ("Node 0, zone
// HighMem") and in the per-zone /proc/vmstat counters (mm/vmstat.c).
#include "mm/zone_type.h"

#include <QTest>

using namespace wm;

class TestZoneType : public QObject
{
    Q_OBJECT
private slots:
    void vmstatText_zoneSuffix_data()
    {
        QTest::addColumn<int>("zone");
        QTest::addColumn<QString>("pgalloc");
        // mm/vmstat.c: TEXT_FOR_DMA(xx) xx "_dma", TEXT_FOR_DMA32(xx) xx "_dma32",
        // xx "_normal", TEXT_FOR_HIGHMEM(xx) xx "_high", xx "_movable".
        QTest::newRow("DMA: pgalloc_dma") << zoneIndex(ZoneType::DMA) << "pgalloc_dma";
        QTest::newRow("DMA32: pgalloc_dma32") << zoneIndex(ZoneType::DMA32) << "pgalloc_dma32";
        QTest::newRow("Normal: pgalloc_normal") << zoneIndex(ZoneType::Normal) << "pgalloc_normal";
        QTest::newRow("HighMem: pgalloc_high, not _highmem") << zoneIndex(ZoneType::HighMem) << "pgalloc_high";
        QTest::newRow("Movable: pgalloc_movable") << zoneIndex(ZoneType::Movable) << "pgalloc_movable";
    }
    void vmstatText_zoneSuffix()
    {
        QFETCH(int, zone);
        QFETCH(QString, pgalloc);
        QCOMPARE(QString::fromStdString("pgalloc_" + zoneCounterSuffix(zoneTypeFromIndex(zone))), pgalloc);
    }

    // The names /proc/zoneinfo prints (zone_names[] in mm/page_alloc.c), read back case-insensitively.
    void zoneNames_roundTrip()
    {
        for (int i = 0; i < kMaxNrZones; ++i) {
            const ZoneType t = zoneTypeFromIndex(i);
            QCOMPARE(zoneTypeFromName(zoneName(t)), std::optional<ZoneType>(t));
        }
        QCOMPARE(zoneTypeFromName("highmem"), std::optional<ZoneType>(ZoneType::HighMem));
        QCOMPARE(zoneTypeFromName("high"), std::nullopt);
        QCOMPARE(zoneName(ZoneType::HighMem), std::string_view("HighMem"));
    }
};

QTEST_GUILESS_MAIN(TestZoneType)
#include "tst_zone_type.moc"
