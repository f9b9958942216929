// Zoneinfo checker (core/zoneinfo/checker.h): recomputes min/low/high with
// __setup_per_zone_wmarks() and protection with setup_per_zone_lowmem_reserve(), and
// classifies each zone (exact / legacy-formula / boost / drift / mismatch) on the real
// samples of tests/data/zoneinfo (docs/model.md §12) and on synthetic variants of TV4.
#include "zoneinfo/checker.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QTest>

#include <fstream>

using namespace wm;

namespace {

std::string readData(const QString &name)
{
    QFile f(QStringLiteral(WM_TEST_DATA "/zoneinfo/") + name);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

const std::string kTV4File = "x86-vm-6.18-3zones.txt";

// min_free_kbytes of each sample: the header's, or set_recommended_min_free_kbytes()'s
// 512 * 11 pages = 22528 kB per populated zone <= Normal (docs/model.md §2.2).
const QHash<QString, qint64> kSampleMinFreeKbytes {
    {QStringLiteral("x86-vm-6.18-3zones.txt"), 67584}, // header
    {QStringLiteral("prometheus-procfs-fixture.txt"), 67584}, // 3 zones
    {QStringLiteral("lkml-kravetz-2023-6.6rc1-next-2node-16G.txt"), 90112}, // 4 zones
    {QStringLiteral("blog-arm64-2node-6.10plus-elided.txt"), 45056}, // 2 zones
};

// Replaces the first occurrence of `from` after the line "Node N, zone NAME".
std::string replaceInZone(std::string text, const std::string &zoneHeaderTail, const std::string &from, const std::string &to)
{
    const auto zone = text.find(zoneHeaderTail);
    if (zone == std::string::npos)
        return text;
    const auto at = text.find(from, zone);
    if (at == std::string::npos)
        return text;
    return text.replace(at, from.size(), to);
}

std::string removeLines(const std::string &text, const std::string &prefix)
{
    std::string out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string::npos)
            end = text.size();
        const std::string line = text.substr(pos, end - pos);
        if (line.rfind(prefix, 0) != 0)
            out += line + "\n";
        pos = end + 1;
    }
    return out;
}

// TV4's DMA32 with min, low, high and promo all raised by `n` pages (min 10569,
// low 13211, high 15853, promo 18495 as printed).
std::string shiftDma32Marks(std::string text, pages_t n)
{
    const std::pair<const char *, pages_t> marks[] {
        {"min      ", 10569}, {"low      ", 13211}, {"high     ", 15853}, {"promo    ", 18495}};
    for (const auto &[label, value] : marks)
        text = replaceInZone(text, "zone    DMA32\n", label + std::to_string(value), label + std::to_string(value + n));
    return text;
}

std::string tv4WithoutBoostLines()
{
    return removeLines(readData(QString::fromStdString(kTV4File)), "        boost");
}

const ZoneCheck *find(const ZoneinfoCheckResult &r, int node, const std::string &zone)
{
    for (const auto &c : r.zones)
        if (c.node == node && c.zone == zone)
            return &c;
    return nullptr;
}

ZoneinfoCheckResult check(const std::string &text, const ZoneinfoCheckOptions &options = {})
{
    const auto parsed = parseZoneinfo(text, "t");
    if (!parsed.ok())
        return {};
    return checkZoneinfo(parsed, options);
}

} // namespace

class TestZoneinfoChecker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Every zone of every sample file: the verdict docs/model.md §12 predicts.
    void sampleVerdicts_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("node");
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QString>("verdict");
        QTest::addColumn<qint64>("boostPages"); // for verdict boost
        QTest::addColumn<bool>("protectionExact");
        // For drift (also under a boost): managed now - managed at setup (the managed value
        // nearest the printed one that reproduces the marks), and the min/low/high
        // printed in the file, which __setup_per_zone_wmarks() must give back with that
        // zone's managed at setup (the other zones as printed), plus the boost.
        QTest::addColumn<qint64>("driftPages");
        QTest::addColumn<QList<qint64>>("printed");

        const QString x86 = QString::fromStdString(kTV4File);
        QTest::newRow("x86 6.18 DMA exact (TV4)") << x86 << 0 << "DMA"
                                                  << "exact" << 0LL << true << 0LL << QList<qint64> {};
        QTest::newRow("x86 6.18 DMA32 exact (TV4)") << x86 << 0 << "DMA32"
                                                    << "exact" << 0LL << true << 0LL << QList<qint64> {};
        QTest::newRow("x86 6.18 Normal exact (TV4)") << x86 << 0 << "Normal"
                                                     << "exact" << 0LL << true << 0LL << QList<qint64> {};
        QTest::newRow("x86 6.18 empty Movable 32 exact") << x86 << 0 << "Movable"
                                                         << "exact" << 0LL << true << 0LL << QList<qint64> {};
        QTest::newRow("x86 6.18 Device zeros exact") << x86 << 0 << "Device"
                                                     << "exact" << 0LL << true << 0LL << QList<qint64> {};

        const QString prom = QStringLiteral("prometheus-procfs-fixture.txt");
        QTest::newRow("prometheus DMA exact") << prom << 0 << "DMA"
                                              << "exact" << 0LL << false << 0LL << QList<qint64> {};
        QTest::newRow("prometheus DMA32 unprinted boost 26 pageblocks")
            << prom << 0 << "DMA32"
            << "boost" << 13312LL << false << 5285LL << QList<qint64> {19510, 21059, 22608};
        QTest::newRow("prometheus Normal unprinted boost 1 pageblock")
            << prom << 0 << "Normal"
            << "boost" << 512LL << true << -9125LL << QList<qint64> {11176, 13842, 16508};
        QTest::newRow("prometheus empty Movable 0: movable-as-lowmem rule")
            << prom << 0 << "Movable"
            << "legacy-formula" << 0LL << true << 0LL << QList<qint64> {};
        QTest::newRow("prometheus Device exact") << prom << 0 << "Device"
                                                 << "exact" << 0LL << true << 0LL << QList<qint64> {};

        const QString kr = QStringLiteral("lkml-kravetz-2023-6.6rc1-next-2node-16G.txt");
        QTest::newRow("kravetz node0 DMA drift") << kr << 0 << "DMA"
                                                 << "drift" << 0LL << false << -19LL << QList<qint64> {21, 26, 31};
        QTest::newRow("kravetz node0 DMA32 drift") << kr << 0 << "DMA32"
                                                   << "drift" << 0LL << false << 2959LL << QList<qint64> {2687, 3358, 4029};
        QTest::newRow("kravetz node0 Normal drift") << kr << 0 << "Normal"
                                                    << "drift" << 0LL << true << -7249LL << QList<qint64> {8473, 10591, 12709};
        QTest::newRow("kravetz node0 empty Movable exact") << kr << 0 << "Movable"
                                                           << "exact" << 0LL << true << 0LL << QList<qint64> {};
        QTest::newRow("kravetz node1 empty DMA exact") << kr << 1 << "DMA"
                                                       << "exact" << 0LL << true << 0LL << QList<qint64> {};
        QTest::newRow("kravetz node1 empty DMA32 exact") << kr << 1 << "DMA32"
                                                         << "exact" << 0LL << true << 0LL << QList<qint64> {};
        QTest::newRow("kravetz node1 Normal drift") << kr << 1 << "Normal"
                                                    << "drift" << 0LL << true << 3898LL << QList<qint64> {11345, 14181, 17017};
        QTest::newRow("kravetz node1 empty Movable exact") << kr << 1 << "Movable"
                                                           << "exact" << 0LL << true << 0LL << QList<qint64> {};

        const QString arm = QStringLiteral("blog-arm64-2node-6.10plus-elided.txt");
        QTest::newRow("arm64 node0 DMA drift") << arm << 0 << "DMA"
                                               << "drift" << 0LL << true << 2955LL << QList<qint64> {5512, 6890, 8268};
        QTest::newRow("arm64 node0 empty Normal exact") << arm << 0 << "Normal"
                                                        << "exact" << 0LL << true << 0LL << QList<qint64> {};
        QTest::newRow("arm64 node0 empty Movable exact") << arm << 0 << "Movable"
                                                         << "exact" << 0LL << true << 0LL << QList<qint64> {};
        QTest::newRow("arm64 node1 DMA drift") << arm << 1 << "DMA"
                                               << "drift" << 0LL << true << -3082LL << QList<qint64> {5751, 7188, 8625};
        QTest::newRow("arm64 node1 empty DMA32 exact") << arm << 1 << "DMA32"
                                                       << "exact" << 0LL << true << 0LL << QList<qint64> {};
    }
    void sampleVerdicts()
    {
        QFETCH(QString, file);
        QFETCH(int, node);
        QFETCH(QString, zone);
        QFETCH(QString, verdict);
        QFETCH(qint64, boostPages);
        QFETCH(bool, protectionExact);
        QFETCH(qint64, driftPages);
        QFETCH(QList<qint64>, printed);
        const auto parsed = parseZoneinfo(readData(file), "t");
        QVERIFY(parsed.ok());
        const auto r = checkZoneinfo(parsed);
        const ZoneCheck *c = find(r, node, zone.toStdString());
        QVERIFY(c);
        QCOMPARE(QString::fromUtf8(zoneVerdictName(c->verdict)), verdict);
        QVERIFY(!c->explanation.empty());
        if (c->verdict == ZoneVerdict::Boost)
            QCOMPARE(c->boostPages, boostPages);
        QCOMPARE(c->driftPages.value_or(0), driftPages);
        QCOMPARE(c->managedAtSetup.has_value(), driftPages != 0);
        if (driftPages != 0) {
            // __setup_per_zone_wmarks() with this zone's managed at setup and every other zone
            // as printed reproduces the printed marks (minus an unprinted boost).
            std::vector<ZoneWatermarkInput> zones;
            for (const auto &z : parsed.zones)
                zones.push_back({z.type.value_or(ZoneType::Normal), z.managed}); // Device: managed 0, adds nothing
            zones[c->index].managed = *c->managedAtSetup;
            const auto w = setupPerZoneWmarks(zones, kSampleMinFreeKbytes.value(file), 10)[c->index];
            const qint64 b = c->verdict == ZoneVerdict::Boost ? boostPages : 0;
            QCOMPARE((QList<qint64> {w.min() + b, w.low() + b, w.high() + b}), printed);
        }
        QVERIFY(c->protectionExact.has_value());
        QCOMPARE(*c->protectionExact, protectionExact);
    }

    // A drift fit is a range: with the other zones as printed, every managed
    // value from 493,319 to 493,527 gives kravetz's DMA32 its printed 2687 /
    // 3358 / 4029 (__setup_per_zone_wmarks(): min = 22528 * M / lowmem, step =
    // min / 4), and one page outside either end does not. The explanation names it.
    void driftFitIsARange()
    {
        const QString file = QStringLiteral("lkml-kravetz-2023-6.6rc1-next-2node-16G.txt");
        const auto parsed = parseZoneinfo(readData(file), "t");
        QVERIFY(parsed.ok());
        const auto r = checkZoneinfo(parsed);
        const ZoneCheck *c = find(r, 0, "DMA32");
        QVERIFY(c);
        QVERIFY2(c->explanation.find("with 493527 managed pages (any of 493319 to 493527 fits") != std::string::npos,
            c->explanation.c_str());
        auto marksWith = [&](pages_t managed) {
            std::vector<ZoneWatermarkInput> zones;
            for (const auto &z : parsed.zones)
                zones.push_back({z.type.value_or(ZoneType::Normal), z.managed});
            zones[c->index].managed = managed;
            const auto w = setupPerZoneWmarks(zones, 90112, 10)[c->index];
            return QList<qint64> {w.min(), w.low(), w.high()};
        };
        const QList<qint64> printed {2687, 3358, 4029};
        QCOMPARE(marksWith(493319), printed);
        QCOMPARE(marksWith(493527), printed);
        QVERIFY(marksWith(493318) != printed);
        QVERIFY(marksWith(493528) != printed);
    }

    void sampleSysctlSources_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<qint64>("minFreeKbytes");
        QTest::addColumn<QString>("source");
        QTest::addColumn<bool>("allExact");
        QTest::newRow("x86 header 67584") << QString::fromStdString(kTV4File) << 67584LL << "header" << true;
        // bootMinFreeKbytes(): set_recommended_min_free_kbytes() with 3, 4 and 2 populated lowmem zones.
        QTest::newRow("prometheus default THP value, 3 zones")
            << "prometheus-procfs-fixture.txt" << 67584LL << "default" << false;
        QTest::newRow("kravetz default THP value, 4 zones")
            << "lkml-kravetz-2023-6.6rc1-next-2node-16G.txt" << 90112LL << "default" << false;
        QTest::newRow("arm64 default THP value, 2 zones")
            << "blog-arm64-2node-6.10plus-elided.txt" << 45056LL << "default" << false;
    }
    void sampleSysctlSources()
    {
        QFETCH(QString, file);
        QFETCH(qint64, minFreeKbytes);
        QFETCH(QString, source);
        QFETCH(bool, allExact);
        const auto r = check(readData(file));
        QCOMPARE(r.sysctls.minFreeKbytes, minFreeKbytes);
        QCOMPARE(r.sysctls.watermarkScaleFactor, 10);
        QCOMPARE(QString::fromUtf8(sysctlSourceName(r.sysctls.source())), source);
        QCOMPARE(r.allExact(), allExact);
    }

    // TV4 (docs/model.md §2.8): __setup_per_zone_wmarks() reproduces the 6.18 VM exactly.
    void tv4ExactVector()
    {
        const auto r = check(readData(QString::fromStdString(kTV4File)));
        QVERIFY(r.allExact());
        const QList<QList<qint64>> expected {
            {52, 65, 78, 91}, {10569, 13211, 15853, 18495}, {6273, 7841, 9409, 10977}, {32, 32, 32, 32}, {0, 0, 0, 0}};
        QCOMPARE(r.zones.size(), std::size_t {5});
        for (int i = 0; i < 5; ++i) {
            const auto &w = r.zones[static_cast<std::size_t>(i)].computed.watermark;
            QCOMPARE(QList<qint64>(w.begin(), w.end()), expected[i]);
        }
    }

    // setup_per_zone_lowmem_reserve(), v6.18 cumulative rule: TV4 protection.
    void tv4Protection_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QList<qint64>>("protection");
        QTest::newRow("TV4 DMA") << "DMA" << QList<qint64> {0, 3019, 4811, 4811, 4811};
        QTest::newRow("TV4 DMA32") << "DMA32" << QList<qint64> {0, 0, 1792, 1792, 1792};
        QTest::newRow("TV4 Normal") << "Normal" << QList<qint64> {0, 0, 0, 0, 0};
    }
    void tv4Protection()
    {
        QFETCH(QString, zone);
        QFETCH(QList<qint64>, protection);
        const auto r = check(readData(QString::fromStdString(kTV4File)));
        const ZoneCheck *c = find(r, 0, zone.toStdString());
        QVERIFY(c);
        QCOMPARE(QList<qint64>(c->protectionComputed.begin(), c->protectionComputed.end()), protection);
        QVERIFY(c->protectionExact.value_or(false));
    }

    // v6.12's setup_per_zone_lowmem_reserve() writes 0 for an empty upper zone.
    void protectionRules_data()
    {
        QTest::addColumn<QString>("printed");
        QTest::addColumn<bool>("exact");
        QTest::addColumn<QString>("rule");
        QTest::newRow("v6.18 cumulative rule") << "(0, 3019, 4811, 4811, 4811)" << true << "cumulative";
        QTest::newRow("v6.12 empty-zone rule") << "(0, 3019, 4811, 0, 0)" << true << "empty-zone-zero";
        QTest::newRow("neither rule") << "(0, 3019, 4811, 4811, 0)" << false << "";
        QTest::newRow("drifted value") << "(0, 3020, 4811, 4811, 4811)" << false << "";
    }
    void protectionRules()
    {
        QFETCH(QString, printed);
        QFETCH(bool, exact);
        QFETCH(QString, rule);
        const std::string text = replaceInZone(
            readData(QString::fromStdString(kTV4File)), "zone      DMA\n", "(0, 3019, 4811, 4811, 4811)", printed.toStdString());
        const auto r = check(text);
        const ZoneCheck *c = find(r, 0, "DMA");
        QVERIFY(c);
        QCOMPARE(c->protectionExact.value_or(!exact), exact);
        QCOMPARE(QString::fromStdString(c->protectionRule), rule);
    }

    // A 5.0-era kernel (no `boost` line): all marks include a boost of 2 pageblocks.
    void synthetic50EraBoost()
    {
        const auto r = check(shiftDma32Marks(tv4WithoutBoostLines(), 1024));
        const ZoneCheck *c = find(r, 0, "DMA32");
        QVERIFY(c);
        QCOMPARE(c->verdict, ZoneVerdict::Boost);
        QCOMPARE(c->boostPages, 1024);
        QVERIFY(!c->staleBoost);
        QVERIFY(!c->driftPages);
        QVERIFY2(c->explanation.find("2 pageblocks") != std::string::npos, c->explanation.c_str());
        QVERIFY2(c->explanation.find("5.0-era") != std::string::npos, c->explanation.c_str());
        QCOMPARE(find(r, 0, "Normal")->verdict, ZoneVerdict::Exact);
        QVERIFY(!r.allExact());
    }

    // A uniform offset that no boost can have (boost_watermark() adds pageblocks up
    // to its cap) is not called a boost: here every mark 3 pages too high.
    void implausibleOffsetIsNotABoost()
    {
        const auto r = check(shiftDma32Marks(tv4WithoutBoostLines(), 3));
        const ZoneCheck *c = find(r, 0, "DMA32");
        QVERIFY(c);
        QVERIFY2(c->verdict != ZoneVerdict::Boost, c->explanation.c_str());
        QVERIFY(!r.allExact());
        // The cap minus whole pageblocks is a boost kswapd can leave behind: DMA32's
        // cap is 15853 * 15000 / 10000 = 23779, and 23779 - 45 * 512 = 739.
        const auto r2 = check(shiftDma32Marks(tv4WithoutBoostLines(), 739));
        QCOMPARE(find(r2, 0, "DMA32")->verdict, ZoneVerdict::Boost);
        QCOMPARE(find(r2, 0, "DMA32")->boostPages, 739);
    }

    // A printed boost is part of min/low/high (wmark_pages() adds zone->watermark_boost): exact.
    void printedBoostIsExact()
    {
        std::string text = readData(QString::fromStdString(kTV4File));
        text = replaceInZone(text, "zone    DMA32\n", "boost    0", "boost    1536");
        text = shiftDma32Marks(text, 1536);
        const auto r = check(text);
        QCOMPARE(find(r, 0, "DMA32")->verdict, ZoneVerdict::Exact);
        QVERIFY(r.allExact());
    }

    // The 5.0-5.2 __setup_per_zone_wmarks() bug: low/high set from min_wmark_pages() while a
    // boost was active keep that boost for good (min does not).
    void syntheticStaleBoost()
    {
        std::string text = removeLines(readData(QString::fromStdString(kTV4File)), "        promo");
        text = replaceInZone(text, "zone    DMA32\n", "low      13211", "low      13723");
        text = replaceInZone(text, "zone    DMA32\n", "high     15853", "high     16365");
        const auto r = check(text);
        const ZoneCheck *c = find(r, 0, "DMA32");
        QCOMPARE(c->verdict, ZoneVerdict::Boost);
        QVERIFY(c->staleBoost);
        QCOMPARE(c->boostPages, 512);
    }

    // Managed pages grew by 5000 after boot (e.g. initmem freed): the watermarks still follow the
    // old value; the checker finds a managed value within 5% that reproduces them.
    void syntheticDrift()
    {
        const std::string text
            = replaceInZone(readData(QString::fromStdString(kTV4File)), "zone    DMA32\n", "managed  772915", "managed  777915");
        const auto r = check(text);
        const ZoneCheck *c = find(r, 0, "DMA32");
        QVERIFY(c);
        QCOMPARE(c->verdict, ZoneVerdict::Drift);
        QVERIFY(c->driftPages && c->managedAtSetup);
        QVERIFY(*c->driftPages > 0 && *c->driftPages <= 5000);
        // The managed value it reports reproduces the observed marks with the other zones as printed.
        const auto w = setupPerZoneWmarks(
            {{ZoneType::DMA, 3840}, {ZoneType::DMA32, *c->managedAtSetup}, {ZoneType::Normal, 458752}}, 67584, 10);
        QCOMPARE(w[1].min(), 10569);
        QCOMPARE(w[1].low(), 13211);
        QCOMPARE(w[1].high(), 15853);
        QCOMPARE(w[1].promo(), 18495);
    }

    // Pre-4.6 __setup_per_zone_wmarks() (low = min + min/4, high = min + min/2): the TV4 marks,
    // checked with watermark_scale_factor 100, only fit the old formula (the v4.6+ step would be
    // managed*100/10000).
    void legacyPre46Formula()
    {
        ZoneinfoCheckOptions options;
        options.flags.watermarkScaleFactor = 100;
        // (A pre-4.6 kernel printed neither promo nor boost.)
        std::string text = removeLines(removeLines(readData(QString::fromStdString(kTV4File)), "        promo"), "        boost");
        const auto r = check(text, options);
        const ZoneCheck *c = find(r, 0, "DMA32");
        QVERIFY(c);
        QCOMPARE(c->verdict, ZoneVerdict::LegacyFormula);
        QCOMPARE(c->formula, std::string("pre-4.6"));
        QCOMPARE(r.sysctls.watermarkScaleFactorSource, SysctlSource::Flags);
        QCOMPARE(r.sysctls.source(), SysctlSource::Flags);
        QVERIFY(r.allExact()); // legacy-formula counts as exact
    }

    // A wrong promo is not exact: a file that prints promo (v6.1+) cannot be
    // explained by the pre-4.6 formula, which ignores promo.
    void wrongPromoIsNotExact()
    {
        std::string text = readData(QString::fromStdString(kTV4File));
        text = replaceInZone(text, "zone      DMA\n", "promo    91", "promo    92");
        const auto r = check(text);
        const ZoneCheck *c = find(r, 0, "DMA");
        QVERIFY(c);
        QVERIFY2(c->verdict != ZoneVerdict::Exact && c->verdict != ZoneVerdict::LegacyFormula, c->explanation.c_str());
        QVERIFY(!r.allExact());
    }

    void syntheticMismatch()
    {
        std::string text = readData(QString::fromStdString(kTV4File));
        text = replaceInZone(text, "zone    DMA32\n", "min      10569", "min      10576");
        text = replaceInZone(text, "zone    DMA32\n", "low      13211", "low      13214");
        const auto r = check(text);
        const ZoneCheck *c = find(r, 0, "DMA32");
        QCOMPARE(c->verdict, ZoneVerdict::Mismatch);
        QVERIFY2(c->explanation.find("+7") != std::string::npos, c->explanation.c_str());
    }

    // Precedence: explicit flags > file header > /proc/sys/vm (live file) > kernel default.
    void sysctlPrecedence()
    {
        const std::string withHeader = readData(QString::fromStdString(kTV4File));
        const std::string noHeader = readData(QStringLiteral("prometheus-procfs-fixture.txt"));
        ZoneinfoSysctlValues proc;
        proc.minFreeKbytes = 11111;
        proc.watermarkScaleFactor = 20;

        ZoneinfoCheckOptions o;
        auto r = check(withHeader, o);
        QCOMPARE(r.sysctls.minFreeKbytesSource, SysctlSource::Header);

        o.proc = proc;
        r = check(withHeader, o);
        QCOMPARE(r.sysctls.minFreeKbytes, 67584);
        QCOMPARE(r.sysctls.source(), SysctlSource::Header);

        r = check(noHeader, o);
        QCOMPARE(r.sysctls.minFreeKbytes, 11111);
        QCOMPARE(r.sysctls.watermarkScaleFactor, 20);
        QCOMPARE(r.sysctls.source(), SysctlSource::Proc);

        o.flags.minFreeKbytes = 90000;
        r = check(withHeader, o);
        QCOMPARE(r.sysctls.minFreeKbytes, 90000);
        QCOMPARE(r.sysctls.minFreeKbytesSource, SysctlSource::Flags);
        QCOMPARE(r.sysctls.watermarkScaleFactorSource, SysctlSource::Header);
        QCOMPARE(r.sysctls.source(), SysctlSource::Flags);
        QVERIFY(!r.allExact());
    }

    void readProcSysctlsFromDirectory()
    {
        const QString dir = QDir::tempPath() + QStringLiteral("/tst_zoneinfo_checker_vm");
        QDir().mkpath(dir);
        auto write = [&](const char *name, const char *value) { std::ofstream(dir.toStdString() + "/" + name) << value; };
        write("min_free_kbytes", "67584\n");
        write("watermark_scale_factor", "10\n");
        write("lowmem_reserve_ratio", "256\t256\t32\t0\t0\n");
        const auto v = readProcSysctls(dir.toStdString());
        QCOMPARE(v.minFreeKbytes, std::optional<std::int64_t>(67584));
        QCOMPARE(v.watermarkScaleFactor, std::optional<std::int64_t>(10));
        QVERIFY(!v.watermarkBoostFactor);
        QCOMPARE(*v.lowmemReserveRatio, (std::vector<std::int64_t> {256, 256, 32, 0, 0}));
        QDir(dir).removeRecursively();
    }

    // This machine's own /proc/zoneinfo with its /proc/sys/vm sysctls must reproduce exactly.
    void liveProcZoneinfo()
    {
        std::string text;
        std::string error;
        if (!readZoneinfoFile("/proc/zoneinfo", text, error))
            QSKIP("no /proc/zoneinfo here");
        const auto parsed = parseZoneinfo(text, "/proc/zoneinfo");
        QVERIFY(parsed.ok());
        ZoneinfoCheckOptions o;
        o.proc = readProcSysctls();
        const auto r = checkZoneinfo(parsed, o);
        for (const auto &c : r.zones) {
            // A real machine may have changed managed pages since boot (docs/model.md §12):
            // that is the machine, not the checker, so it skips rather than fails.
            if (c.verdict == ZoneVerdict::Drift)
                QSKIP(qPrintable(
                    QStringLiteral("this machine shows managed-page drift: ") + QString::fromStdString(c.explanation)));
            QVERIFY2(c.verdict == ZoneVerdict::Exact, c.explanation.c_str());
        }
        QVERIFY(r.allExact());
    }

    // The checker never crashes or hangs on odd but parsable input.
    void oddInputs_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("all zero") << "Node 0, zone DMA\n min 0\n low 0\n high 0\n managed 0\n";
        QTest::newRow("huge values") << "# min_free_kbytes: 281474976710656\nNode 0, zone Normal\n min 281474976710656\n low 1\n "
                                        "high 281474976710656\n managed 281474976710656\n protection: (0)\n";
        QTest::newRow("low below min") << "Node 0, zone Normal\n min 100\n low 1\n high 2\n managed 100000\n";
        QTest::newRow("movable only") << "Node 0, zone Movable\n min 40\n low 50\n high 60\n managed 4000000\n";
        QTest::newRow("many nodes") << [] {
            QString s;
            for (int n = 0; n < 64; ++n)
                s += QStringLiteral("Node %1, zone Normal\n min %2\n low %3\n high %4\n managed %5\n")
                         .arg(n)
                         .arg(n * 100)
                         .arg(n * 130)
                         .arg(n * 160)
                         .arg(n * 100000);
            return s;
        }();
    }
    void oddInputs()
    {
        QFETCH(QString, text);
        const auto parsed = parseZoneinfo(text.toStdString(), "t");
        QVERIFY(parsed.ok());
        const auto r = checkZoneinfo(parsed);
        QCOMPARE(r.zones.size(), parsed.zones.size());
        for (const auto &c : r.zones)
            QVERIFY(!c.explanation.empty());
    }
};

QTEST_GUILESS_MAIN(TestZoneinfoChecker)
#include "tst_zoneinfo_checker.moc"
