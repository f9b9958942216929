// /proc/zoneinfo parser (core/zoneinfo/parser.h): the layout printed by mm/vmstat.c
// zoneinfo_show_print(), on the real samples of tests/data/zoneinfo and on broken input.
#include "zoneinfo/parser.h"

#include <QFile>
#include <QTest>
#include <algorithm>

using namespace wm;

namespace {

std::string readData(const QString &name)
{
    QFile f(QStringLiteral(WM_TEST_DATA "/zoneinfo/") + name);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

const ZoneinfoZone *findZone(const ZoneinfoParseResult &r, int node, const std::string &name)
{
    for (const auto &z : r.zones)
        if (z.node == node && z.name == name)
            return &z;
    return nullptr;
}

// A minimal v6.18-style zone block.
std::string zoneBlock(int node, const char *name, const std::string &body)
{
    return "Node " + std::to_string(node) + ", zone " + name + "\n" + body;
}
const std::string kGoodBody
    = "  pages free     100\n        boost    0\n        min      10\n        low      12\n        high     14\n"
      "        promo    16\n        spanned  4096\n        present  4000\n        managed  3900\n"
      "        cma      0\n        protection: (0, 1, 2)\n";

} // namespace

class TestZoneinfoParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sampleFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("zones");
        QTest::addColumn<int>("nodes");
        QTest::addColumn<bool>("boostPrinted");
        QTest::addColumn<bool>("promoPrinted");
        QTest::addColumn<bool>("headerSysctls");
        QTest::newRow("x86 VM 6.18, 1 node, header sysctls") << "x86-vm-6.18-3zones.txt" << 5 << 1 << true << true << true;
        QTest::newRow("prometheus fixture, 5.0-era without boost line")
            << "prometheus-procfs-fixture.txt" << 5 << 1 << false << false << false;
        QTest::newRow("kravetz 6.6-rc1, 2 nodes")
            << "lkml-kravetz-2023-6.6rc1-next-2node-16G.txt" << 8 << 2 << true << false << false;
        QTest::newRow("arm64 blog, elided, 2 nodes") << "blog-arm64-2node-6.10plus-elided.txt" << 8 << 2 << true << true << false;
    }
    void sampleFiles()
    {
        QFETCH(QString, file);
        QFETCH(int, zones);
        QFETCH(int, nodes);
        QFETCH(bool, boostPrinted);
        QFETCH(bool, promoPrinted);
        QFETCH(bool, headerSysctls);
        const std::string text = readData(file);
        QVERIFY(!text.empty());
        const auto r = parseZoneinfo(text, file.toStdString());
        QVERIFY2(r.ok(), r.errors.empty() ? "no zones" : r.errors.front().message.c_str());
        QCOMPARE(static_cast<int>(r.zones.size()), zones);
        QCOMPARE(static_cast<int>(zoneinfoNodes(r).size()), nodes);
        QCOMPARE(r.anyBoostPrinted, boostPrinted);
        for (const auto &z : r.zones) {
            QCOMPARE(z.boost.has_value(), boostPrinted);
            QCOMPARE(z.promo.has_value(), promoPrinted);
            QVERIFY(z.protection.has_value());
            QVERIFY(z.free.has_value());
        }
        QCOMPARE(r.header.any(), headerSysctls);
    }

    void x86VmValues()
    {
        const auto r = parseZoneinfo(readData(QStringLiteral("x86-vm-6.18-3zones.txt")), "x86");
        QVERIFY(r.ok());
        QCOMPARE(r.header.minFreeKbytes, std::optional<std::int64_t>(67584));
        QCOMPARE(r.header.watermarkScaleFactor, std::optional<std::int64_t>(10));
        QCOMPARE(r.header.watermarkBoostFactor, std::optional<std::int64_t>(15000));
        QCOMPARE(r.header.lowmemReserveRatio, (std::optional<std::vector<std::int64_t>>({256, 256, 32, 0, 0})));
        const auto *dma32 = findZone(r, 0, "DMA32");
        QVERIFY(dma32);
        QCOMPARE(dma32->type, std::optional<ZoneType>(ZoneType::DMA32));
        QCOMPARE(*dma32->free, 772915);
        QCOMPARE(dma32->min, 10569);
        QCOMPARE(dma32->low, 13211);
        QCOMPARE(dma32->high, 15853);
        QCOMPARE(*dma32->promo, 18495);
        QCOMPARE(dma32->managed, 772915);
        QCOMPARE(*dma32->present, 782336);
        QCOMPARE(*dma32->spanned, 1044480);
        QCOMPARE(*dma32->protection, (std::vector<pages_t> {0, 0, 1792, 1792, 1792}));
        const auto *normal = findZone(r, 0, "Normal");
        QVERIFY(normal);
        // nr_zone_inactive_file + nr_zone_active_file (not the per-node nr_inactive_file above it)
        QCOMPARE(*normal->fileLru, 144431 + 39123);
        QCOMPARE(*normal->anonLru, 1286 + 382);
        const auto *device = findZone(r, 0, "Device");
        QVERIFY(device && device->isDevice());
        QCOMPARE(device->managed, 0);
    }

    void arm64ElidedValues()
    {
        const auto r = parseZoneinfo(readData(QStringLiteral("blog-arm64-2node-6.10plus-elided.txt")), "arm64");
        QVERIFY(r.ok());
        // "# min_free_kbytes / watermark_scale_factor: not printed." is not a value.
        QVERIFY(!r.header.any());
        const auto *dma1 = findZone(r, 1, "DMA");
        QVERIFY(dma1);
        QVERIFY(dma1->elided);
        QCOMPARE(*dma1->cma, 8192);
        QCOMPARE(dma1->managed, 256381);
        QVERIFY(!dma1->fileLru); // elided
        // The shell prompt before the first block is reported, not fatal.
        QCOMPARE(r.warnings.size(), std::size_t {1});
        QCOMPARE(r.warnings.front().line, 6);
    }

    void prometheusWithoutBoost()
    {
        const auto r = parseZoneinfo(readData(QStringLiteral("prometheus-procfs-fixture.txt")), "prom");
        QVERIFY(r.ok());
        const auto *normal = findZone(r, 0, "Normal");
        QVERIFY(normal);
        QVERIFY(!normal->boost);
        QCOMPARE(normal->min, 11176);
        QCOMPARE(*normal->fileLru, 241429 + 275989);
        QCOMPARE(*normal->anonLru, 112423 + 440982);
        QCOMPARE(normal->protection->size(), std::size_t {5});
    }

    // Pagesets print "high:" with a colon; it must not be taken for the zone's high watermark.
    void pagesetHighIsNotTheWatermark()
    {
        // A whole file (pagesets, start_pfn) of one zone: protection has one entry.
        std::string body = kGoodBody;
        body.replace(body.find("(0, 1, 2)"), 9, "(0)");
        const std::string text = zoneBlock(0, "Normal",
            body
                + "  pagesets\n    cpu: 0\n              count: 10\n              high:  999\n"
                  "              batch: 63\n  vm stats threshold: 24\n"
                  "  node_unreclaimable:  0\n  start_pfn:           4096\n");
        const auto r = parseZoneinfo(text, "t");
        QVERIFY(r.ok());
        QCOMPARE(r.zones.front().high, 14);
        QVERIFY(r.warnings.empty());
    }

    // A copy cut short is never read as a whole file (issue 16): a last line
    // without its newline, a populated zone without its last line (start_pfn:),
    // a node with fewer zones than protection: has entries.
    void truncatedCopiesAreErrors()
    {
        const std::string whole = readData(QStringLiteral("x86-vm-6.18-3zones.txt"));
        QVERIFY(parseZoneinfo(whole, "t").ok());
        auto says = [](const ZoneinfoParseResult &r, const char *what) {
            return std::any_of(
                r.errors.begin(), r.errors.end(), [&](const Diagnostic &d) { return d.message.find(what) != std::string::npos; });
        };
        const std::size_t normal = whole.find("zone   Normal");
        const std::size_t managed = whole.find("managed", normal);
        const auto cutMidLine = parseZoneinfo(whole.substr(0, managed + 10), "t"); // "managed  5" of "managed  5505024"
        QVERIFY(!cutMidLine.ok());
        QVERIFY(says(cutMidLine, "in the middle of this line"));
        const std::size_t lineEnd = whole.find('\n', managed) + 1;
        const auto cutAtLine = parseZoneinfo(whole.substr(0, lineEnd), "t");
        QVERIFY(!cutAtLine.ok());
        QVERIFY(says(cutAtLine, "a truncated copy"));
        const std::size_t movable = whole.find("Node 0, zone  Movable");
        const auto cutBeforeMovable = parseZoneinfo(whole.substr(0, movable), "t");
        QVERIFY(!cutBeforeMovable.ok());
        QVERIFY(says(cutBeforeMovable, "protection: lists 5"));
    }

    // Before v4.8 the per-zone counters were named nr_inactive_file ... and followed "pages free".
    void oldKernelZoneCounters()
    {
        const std::string text = zoneBlock(0, "Normal",
            kGoodBody
                + "    nr_inactive_anon 5\n    nr_active_anon 6\n"
                  "    nr_inactive_file 7\n    nr_active_file 8\n");
        const auto r = parseZoneinfo(text, "t");
        QVERIFY(r.ok());
        QCOMPARE(*r.zones.front().fileLru, 15);
        QCOMPARE(*r.zones.front().anonLru, 11);
    }

    void headerForms_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<qint64>("minFreeKbytes"); // -1 = not taken
        QTest::newRow("/proc/sys/vm path") << "# /proc/sys/vm/min_free_kbytes: 1234" << 1234LL;
        QTest::newRow("sysctl -a style") << "# vm.min_free_kbytes = 2345" << 2345LL;
        QTest::newRow("bare name") << "# min_free_kbytes: 3456" << 3456LL;
        QTest::newRow("free text is not a value") << "# min_free_kbytes: not stated (THP)" << -1LL;
        QTest::newRow("two names are not a value") << "# min_free_kbytes / watermark_scale_factor: 5" << -1LL;
        QTest::newRow("other sysctl ignored") << "# /proc/sys/vm/percpu_pagelist_high_fraction: 0" << -1LL;
    }
    void headerForms()
    {
        QFETCH(QString, line);
        QFETCH(qint64, minFreeKbytes);
        const auto r = parseZoneinfo(line.toStdString() + "\n" + zoneBlock(0, "DMA", kGoodBody), "t");
        QVERIFY(r.ok());
        QCOMPARE(r.header.minFreeKbytes.value_or(-1), minFreeKbytes);
    }

    // A header value that is meant as a value but cannot be one is reported
    // (file:line:col), not silently replaced by the default; notes stay quiet.
    void headerValueWarnings_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<int>("column"); // 0 = no warning expected
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("a word") << "# /proc/sys/vm/min_free_kbytes: abc" << 33 << "\"abc\" is not a number";
        QTest::newRow("more than an int") << "# watermark_scale_factor: 99999999999999999999" << 27
                                          << "an integer the sysctl can hold";
        QTest::newRow("a note is not a value") << "# min_free_kbytes: not stated (THP)" << 0 << "";
        QTest::newRow("a good value") << "# min_free_kbytes: 1234" << 0 << "";
    }
    void headerValueWarnings()
    {
        QFETCH(QString, line);
        QFETCH(int, column);
        QFETCH(QString, messagePart);
        const auto r = parseZoneinfo(line.toStdString() + "\n" + zoneBlock(0, "DMA", kGoodBody), "t");
        QVERIFY(r.ok());
        const auto it = std::find_if(r.warnings.begin(), r.warnings.end(),
            [](const Diagnostic &d) { return d.message.find("header value ignored") != std::string::npos; });
        if (column == 0) {
            QVERIFY2(it == r.warnings.end(), it == r.warnings.end() ? "" : it->message.c_str());
            return;
        }
        QVERIFY(it != r.warnings.end());
        QCOMPARE(it->line, 1);
        QCOMPARE(it->column, column);
        QVERIFY2(QString::fromStdString(it->message).contains(messagePart), it->message.c_str());
    }

    // Garbage gives a diagnostic with a 1-based line and column, never a crash.
    void diagnostics_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("messagePart");
        const QString body = QString::fromStdString(kGoodBody);
        QTest::newRow("empty input") << "" << 1 << 1 << "no \"Node N, zone NAME\"";
        QTest::newRow("only comments") << "# hello\n# world\n" << 1 << 1 << "no \"Node N, zone NAME\"";
        QTest::newRow("node number not a number") << "Node x, zone DMA\n" + body << 1 << 6 << "node number";
        QTest::newRow("unknown zone name") << "Node 0, zone Foo\n" + body << 1 << 14 << "unknown zone";
        QTest::newRow("buddyinfo line") << "Node 0, zone DMA 1 2 3\n" << 1 << 18 << "buddyinfo";
        QTest::newRow("min is not a number") << "Node 0, zone DMA\n  min abc\n" << 2 << 7 << "expected a number after \"min\"";
        QTest::newRow("trailing junk after a value") << "Node 0, zone DMA\n  managed 12 pages\n" << 2 << 14 << "unexpected text";
        QTest::newRow("negative page count") << "Node 0, zone DMA\n  low -5\n" << 2 << 7 << "out of range";
        QTest::newRow("overflowing page count") << "Node 0, zone DMA\n  high 99999999999999999999999\n"
                                                << 2 << 8 << "out of range";
        QTest::newRow("bad protection list") << "Node 0, zone DMA\n  protection: (0, x)\n" << 2 << 19 << "protection list";
        QTest::newRow("protection without parenthesis") << "Node 0, zone DMA\n  protection: 0, 1\n"
                                                        << 2 << 15 << "expected \"(\"";
        QTest::newRow("missing managed line") << "Node 0, zone DMA\n  min 1\n  low 2\n  high 3\n"
                                              << 1 << 1 << "no \"managed\" line";
        QTest::newRow("duplicate zone block")
            << "Node 0, zone DMA\n" + body + "Node 0, zone DMA\n" + body << 13 << 1 << "duplicate block";
        QTest::newRow("duplicate key in a zone") << "Node 0, zone DMA\n" + body + "  min 5\n" << 13 << 3 << "appears twice";
    }
    void diagnostics()
    {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, messagePart);
        const auto r = parseZoneinfo(text.toStdString(), "in.txt");
        QVERIFY(!r.ok());
        QVERIFY(!r.errors.empty());
        const auto &d = r.errors.front();
        QCOMPARE(d.file, std::string("in.txt"));
        QCOMPARE(d.line, line);
        QCOMPARE(d.column, column);
        QVERIFY2(QString::fromStdString(d.message).contains(messagePart), d.message.c_str());
    }

    // Unknown but well-formed lines (new kernel counters) are ignored silently; odd ones warn.
    void tolerantOfUnknownLines()
    {
        const auto r = parseZoneinfo("Node 0, zone DMA\n  per-node stats\n      nr_new_counter 5\n[...]\n" + kGoodBody
                + "      nr_free_pages_blocks 3584\n  ~~~ weird\n...\n",
            "t");
        QVERIFY(r.ok());
        QCOMPARE(r.warnings.size(), std::size_t {1});
        QCOMPARE(r.warnings.front().line, 17);
        QVERIFY(r.zones.front().elided);
    }

    void windowsLineEndings()
    {
        std::string text = zoneBlock(0, "DMA", kGoodBody);
        std::string crlf;
        for (char c : text)
            crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
        const auto r = parseZoneinfo(crlf, "t");
        QVERIFY(r.ok());
        QCOMPARE(r.zones.front().managed, 3900);
    }

    // Fuzz-style robustness: every prefix cut and byte flip of a real file parses without crashing.
    void truncatedAndMutatedSamples()
    {
        const std::string text = readData(QStringLiteral("x86-vm-6.18-3zones.txt"));
        QVERIFY(!text.empty());
        for (std::size_t cut = 0; cut < text.size(); cut += 7) {
            const auto r = parseZoneinfo(std::string_view(text).substr(0, cut), "t");
            QVERIFY(r.ok() || !r.errors.empty());
        }
        std::uint32_t seed = 12345;
        for (int i = 0; i < 2000; ++i) {
            std::string m = text;
            for (int k = 0; k < 8; ++k) {
                seed = seed * 1664525u + 1013904223u;
                m[seed % m.size()] = static_cast<char>(seed >> 24);
            }
            const auto r = parseZoneinfo(m, "t");
            QVERIFY(r.ok() || !r.errors.empty());
            QVERIFY(r.errors.size() <= 100 && r.warnings.size() <= 101);
        }
    }
};

QTEST_GUILESS_MAIN(TestZoneinfoParser)
#include "tst_zoneinfo_parser.moc"
