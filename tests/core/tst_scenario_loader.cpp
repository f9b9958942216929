// The scenario loader: valid files, every class of error with its position and
// key path, and hostile inputs that must give diagnostics, never a crash.
#include "mm/gfp.h"
#include "scenario/loader.h"

#include <QtTest>

#include <cerrno>
#include <cstring>
#include <string>

using namespace wm;

namespace {

// Lines 1-6; anything appended starts on line 7.
const std::string kBase = "name: T\n"
                          "machine:\n"
                          "  nodes:\n"
                          "    - zones:\n"
                          "        - type: Normal\n"
                          "          managed: 1000 pages\n";

std::string withBase(const std::string &extra)
{
    return kBase + extra;
}

std::string describe(const LoadResult &r, const std::string &text)
{
    std::string s;
    for (const auto &d : r.diagnostics)
        s += formatDiagnostic(d, text.size() < 4096 ? text : std::string()) + "\n";
    return s;
}

} // namespace

class TestScenarioLoader : public QObject
{
    Q_OBJECT
private slots:
    void minimalDefaults();
    void richScenario();
    void policyShorthandAndRateShorthand();
    void errors_data();
    void errors();
    void collectsEveryError();
    void duplicateKeysAllReported();
    void hostileInputs_data();
    void hostileInputs();
    void aliasBombStopsTheWalk();
    void fileAtTheSizeLimit();
    void badUtf8_shownAgainstItsLine();
    void longTimelineIsSorted();
    void tooLargeText();
    void unreadableFile_data();
    void unreadableFile();
    void loadFromFile();
    void machineFromZoneinfo();
    void formatDiagnosticLayout();
    void formatDiagnosticEdgeCases();
};

void TestScenarioLoader::minimalDefaults()
{
    const auto r = loadScenarioText(kBase, "min.yaml");
    QVERIFY2(r.ok(), describe(r, kBase).c_str());
    const Scenario &s = *r.scenario;
    QCOMPARE(s.name, std::string("T"));
    QCOMPARE(s.duration, usec_t(60'000'000));
    QCOMPARE(s.tick, usec_t(1000));
    QCOMPARE(s.seed, std::uint64_t(1));
    QCOMPARE(s.nodes.size(), std::size_t(1));
    QCOMPARE(s.nodes[0].zones[0].managed, pages_t(1000));
    QCOMPARE(s.nodes[0].zones[0].free, pages_t(-1));
    QCOMPARE(s.policy.id, std::string("vanilla"));
    QVERIFY(!s.sysctls.minFreeKbytes.has_value());
    QCOMPARE(s.sourcePath, std::string("min.yaml"));
}

void TestScenarioLoader::richScenario()
{
    const std::string text = withBase("description: |\n"
                                      "  two lines\n"
                                      "  of text\n"
                                      "duration: 10s\n"
                                      "tick: 500us\n"
                                      "seed: 9223372036854775807\n"
                                      "seeds: [3, 1, 2]\n"
                                      "sysctl:\n"
                                      "  vm.min_free_kbytes: 8192\n"
                                      "  vm.watermark_scale_factor: 150\n"
                                      "  vm.watermark_boost_factor: 0\n"
                                      "  vm.lowmem_reserve_ratio: [256, 256, 32, 0, 0]\n"
                                      "  transparent_hugepage: false\n"
                                      "reclaim: {kswapd_file_rate: 5/ms, swap: no, direct_reclaim_cost: 500ns, oom_kill: 4MiB}\n"
                                      "policy: {id: vanilla}\n"
                                      "workload:\n"
                                      "  - name: net\n"
                                      "    gfp: GFP_ATOMIC|__GFP_NOWARN\n"
                                      "    order: 3\n"
                                      "    rate: {pattern: bursts, base: 10/s, burst_rate: 5/ms, period: 1s, length: 100ms}\n"
                                      "    lifetime: {exponential: 50ms}\n"
                                      "    slab_refill: {order: 1}\n"
                                      "    start: 1s\n"
                                      "    stop: 9s\n"
                                      "  - rate: {pattern: piecewise, points: [{at: 0s, rate: 1/s}, {at: 2s, rate: 3/s}]}\n"
                                      "    gfp: 0x820\n"
                                      "timeline:\n"
                                      "  - at: 5s\n"
                                      "    set: {vm.watermark_scale_factor: 100, workload.net.burst_rate: 2/ms}\n"
                                      "  - at: 1s\n"
                                      "    caption: kswapd wakes\n"
                                      "    pause: true\n"
                                      "  - at: 5s\n"
                                      "    caption: after\n");
    const auto r = loadScenarioText(text, "rich.yaml");
    QVERIFY2(r.ok(), describe(r, text).c_str());
    const Scenario &s = *r.scenario;
    QCOMPARE(s.description, std::string("two lines\nof text\n"));
    QCOMPARE(s.tick, usec_t(500));
    QCOMPARE(s.seed, std::uint64_t {9223372036854775807ULL});
    QCOMPARE(s.seeds, (std::vector<std::uint64_t> {3, 1, 2}));
    QCOMPARE(s.sysctls.minFreeKbytes.value(), std::int64_t(8192));
    QCOMPARE(s.sysctls.watermarkScaleFactor, std::int64_t(150));
    QCOMPARE(s.sysctls.watermarkBoostFactor, std::int64_t(0));
    QVERIFY(!s.sysctls.thp);
    QCOMPARE(s.reclaim.kswapdFileRate, 5000.0);
    QCOMPARE(s.reclaim.kswapdAnonRate, 2.0e4); // default kept
    QVERIFY(!s.reclaim.swap);
    QCOMPARE(s.reclaim.directReclaimUsPerPage, 0.5);
    QCOMPARE(s.reclaim.oomKillPages, pages_t(1024));
    QCOMPARE(s.sources.size(), std::size_t(2));
    const SourceSpec &net = s.sources[0];
    QCOMPARE(net.gfpMask, gfp::ATOMIC_ | gfp::NOWARN);
    QCOMPARE(net.gfp, std::string("GFP_ATOMIC|__GFP_NOWARN"));
    QCOMPARE(net.order, 3);
    QCOMPARE(net.rate.kind, RateKind::Bursts);
    QCOMPARE(net.rate.rate, 10.0);
    QCOMPARE(net.rate.burstRate, 5000.0);
    QCOMPARE(net.rate.period, usec_t(1'000'000));
    QCOMPARE(net.rate.burstLength, usec_t(100'000));
    QCOMPARE(net.lifetime.kind, LifetimeKind::Exponential);
    QCOMPARE(net.lifetime.duration, usec_t(50'000));
    QVERIFY(net.slabRefill);
    QCOMPARE(net.slabOrder, 1);
    QCOMPARE(net.start, usec_t(1'000'000));
    QCOMPARE(net.stop.value(), usec_t(9'000'000));
    const SourceSpec &pw = s.sources[1];
    QCOMPARE(pw.name, std::string("source1")); // default name: source<index>
    QCOMPARE(pw.gfpMask, gfp_t(0x820));
    QCOMPARE(pw.rate.points.size(), std::size_t(2));
    QCOMPARE(pw.rate.points[1].at, usec_t(2'000'000));
    QCOMPARE(pw.rate.points[1].rate, 3.0);
    // Timeline sorted stably by time: caption at 1s, then the two sets at 5s in
    // file order, then the caption at 5s.
    QCOMPARE(s.timeline.size(), std::size_t(4));
    QCOMPARE(s.timeline[0].kind, TimelineKind::Caption);
    QCOMPARE(s.timeline[0].text, std::string("kswapd wakes"));
    QVERIFY(s.timeline[0].pause);
    QCOMPARE(s.timeline[1].key, std::string("vm.watermark_scale_factor"));
    QCOMPARE(s.timeline[1].value, std::string("100"));
    QCOMPARE(s.timeline[2].key, std::string("workload.net.burst_rate"));
    QCOMPARE(s.timeline[2].value, std::string("2/ms"));
    QCOMPARE(s.timeline[3].text, std::string("after"));
}

void TestScenarioLoader::policyShorthandAndRateShorthand()
{
    const std::string text = withBase("policy: vanilla\n"
                                      "workload:\n"
                                      "  - {name: a, rate: 20000/s, lifetime: page_cache}\n");
    const auto r = loadScenarioText(text, "t.yaml");
    QVERIFY2(r.ok(), describe(r, text).c_str());
    QCOMPARE(r.scenario->policy.id, std::string("vanilla"));
    QCOMPARE(r.scenario->sources[0].rate.kind, RateKind::Poisson);
    QCOMPARE(r.scenario->sources[0].rate.rate, 20000.0);
    QCOMPARE(r.scenario->sources[0].gfpMask, gfp::KERNEL); // default gfp
    QCOMPARE(r.scenario->sources[0].lifetime.kind, LifetimeKind::PageCache);
}

void TestScenarioLoader::errors_data()
{
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<int>("line"); // 0 = do not check the position
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");

    auto row = [](const char *name, const std::string &yaml, int line, int column, const char *path, const char *msg) {
        QTest::newRow(name) << QString::fromStdString(yaml) << line << column << QString(path) << QString(msg);
    };
    const std::string machineHead = "name: T\nmachine:\n  nodes:\n    - zones:\n";

    // Structure.
    row("unknown top-level key with suggestion", withBase("wrkload: []\n"), 7, 1, "wrkload",
        "unknown key 'wrkload'; did you mean 'workload'?");
    row("unknown key lists the valid ones", withBase("xyzzy: 1\n"), 7, 1, "xyzzy", "expected one of: name, description");
    row("unknown nested key", withBase("reclaim:\n  swapp: true\n"), 8, 3, "reclaim.swapp", "did you mean 'swap'?");
    row("duplicate key", withBase("name: X\n"), 7, 1, "name", "duplicate key 'name' (first defined at line 1, column 1)");
    row("duplicate nested key", withBase("sysctl:\n  vm.watermark_scale_factor: 10\n  vm.watermark_scale_factor: 20\n"), 9, 3,
        "sysctl.vm.watermark_scale_factor", "duplicate key");
    row("duplicate key inside a list item", withBase("workload:\n  - name: a\n    rate: 1/s\n    rate: 2/s\n"), 10, 5,
        "workload[0].rate", "duplicate key 'rate' (first defined at line 9, column 5)");
    row("wrong kind: list for mapping", withBase("sysctl: [1, 2]\n"), 7, 9, "sysctl", "expected a mapping, got a list");
    row("wrong kind: mapping for scalar", withBase("duration: {a: 1}\n"), 7, 11, "duration",
        "expected a duration such as 250ms, got a mapping");
    row("wrong kind: scalar for list", withBase("workload: abc\n"), 7, 11, "workload", "expected a list, got 'abc'");
    // yaml-cpp marks an empty value at the next token (next line, column 1); the
    // error points just after the key's colon, on the key's own line.
    row("empty value before another key", withBase("duration:\ntick: 1ms\n"), 7, 10, "duration",
        "expected a duration such as 250ms, got nothing");
    row("empty value at the end of the file", withBase("duration:"), 7, 10, "duration", "got nothing");
    row("empty nested value", withBase("workload:\n  - name: a\n    gfp:\n    rate: 1/s\n"), 9, 9, "workload[0].gfp",
        "expected GFP flags such as GFP_KERNEL, got nothing");
    row("explicit null marks itself", withBase("duration: ~\n"), 7, 11, "duration", "got nothing");
    row("explicit null on the next line marks itself", withBase("duration:\n  ~\n"), 8, 3, "duration", "got nothing");
    row("empty value of a quoted key", withBase("\"duration\":\ntick: 1ms\n"), 7, 12, "duration", "got nothing");
    row("missing required key at the parent", withBase("workload:\n  - name: a\n    order: 1\n"), 8, 5, "workload[0]",
        "missing required key 'rate'");
    row("missing name", "machine:\n  nodes: [{zones: [{type: Normal, managed: 10 pages}]}]\n", 1, 1, "",
        "missing required key 'name'");
    row("missing machine", "name: T\n", 1, 1, "", "missing required key 'machine'");
    row("empty name", "name: ''\nmachine: {nodes: [{zones: [{type: Normal, managed: 10 pages}]}]}\n", 1, 7, "name",
        "must not be empty");
    row("top level is not a mapping", "hello\n", 1, 1, "", "expected a mapping, got 'hello'");
    row("top level is a list", "- 1\n- 2\n", 1, 1, "", "expected a mapping, got a list");
    row("yaml syntax error", withBase("sysctl: [1, 2\n"), 0, 0, "", "YAML syntax error");
    row("bad indentation", "name: T\n  machine: x\n", 2, 10, "", "YAML syntax error");
    row("two documents", kBase + "---\nname: U\n", 7, 1, "", "only one YAML document");
    row("undefined alias", withBase("description: *nope\n"), 0, 0, "", "YAML");

    // Sysctls (kernel limits).
    row("scale factor below 1", withBase("sysctl:\n  vm.watermark_scale_factor: 0\n"), 8, 30, "sysctl.vm.watermark_scale_factor",
        "0 is out of range 1..3000");
    row("scale factor above 3000", withBase("sysctl: {vm.watermark_scale_factor: 3001}\n"), 7, 37,
        "sysctl.vm.watermark_scale_factor", "3001 is out of range 1..3000");
    row("boost factor above INT_MAX", withBase("sysctl: {vm.watermark_boost_factor: 2147483648}\n"), 7, 37,
        "sysctl.vm.watermark_boost_factor", "out of range 0..2147483647");
    row("boost factor negative", withBase("sysctl: {vm.watermark_boost_factor: -1}\n"), 7, 37, "sysctl.vm.watermark_boost_factor",
        "out of range");
    row("min_free_kbytes negative", withBase("sysctl: {vm.min_free_kbytes: -1}\n"), 7, 30, "sysctl.vm.min_free_kbytes",
        "-1 is out of range 0..2147483647");
    row("min_free_kbytes word", withBase("sysctl: {vm.min_free_kbytes: lots}\n"), 7, 30, "sysctl.vm.min_free_kbytes",
        "expected an integer, got 'lots' (or \"auto\")");
    row("min_free_kbytes yaml octal is decimal", withBase("sysctl: {vm.min_free_kbytes: 0x10}\n"), 7, 30,
        "sysctl.vm.min_free_kbytes", "expected an integer");
    row("lowmem_reserve_ratio too short", withBase("sysctl:\n  vm.lowmem_reserve_ratio: [256, 256, 32]\n"), 8, 28,
        "sysctl.vm.lowmem_reserve_ratio", "expected 5 ratios");
    row("lowmem_reserve_ratio negative entry", withBase("sysctl:\n  vm.lowmem_reserve_ratio: [256, 256, -32, 0, 0]\n"), 8, 39,
        "sysctl.vm.lowmem_reserve_ratio[2]", "-32 is out of range");
    row("lowmem_reserve_ratio as text", withBase("sysctl:\n  vm.lowmem_reserve_ratio: 1 2 3\n"), 8, 28,
        "sysctl.vm.lowmem_reserve_ratio", "expected 5 integers");
    row("thp not a bool", withBase("sysctl: {transparent_hugepage: maybe}\n"), 7, 32, "sysctl.transparent_hugepage",
        "expected true or false");

    // Durations and time.
    row("zero tick", withBase("tick: 0s\n"), 7, 7, "tick", "the tick must be greater than 0");
    row("tick longer than duration", withBase("duration: 1s\ntick: 2s\n"), 8, 7, "tick",
        "the tick (2s) is longer than the duration (1s)");
    row("ten-minute tick", withBase("duration: 1h\ntick: 10min\n"), 8, 7, "tick",
        "the tick (10min) is longer than 1s: every rule runs once a tick, and kswapd naps for 100ms");
    row("2^32 ticks and more", withBase("duration: 30d\ntick: 100us\n"), 8, 7, "tick",
        "30d at a tick of 100us is 25920000000 ticks, more than 4294967296 (2^32)");
    row("zero duration", withBase("duration: 0s\n"), 7, 11, "duration", "greater than 0");
    row("duration over 30 days", withBase("duration: 31d\n"), 7, 11, "duration", "longer than 30 days");
    row("duration without unit", withBase("duration: 60\n"), 7, 11, "duration", "missing unit");
    row("negative duration", withBase("duration: -5s\n"), 7, 11, "duration", "must not be negative");
    row("nan duration", withBase("duration: .nan\n"), 7, 11, "duration", "must be finite");

    // Machine.
    row("zero zones", machineHead + "        []\n", 3, 3, "machine", "no populated zone");
    row("zero nodes", "name: T\nmachine:\n  nodes: []\n", 3, 10, "machine.nodes", "at least one node");
    row("only empty zones", machineHead + "        - {type: Normal, managed: 0}\n", 3, 3, "machine",
        "no populated zone (a zone with managed > 0)");
    row("negative size", machineHead + "        - {type: Normal, managed: -5 pages}\n", 5, 35,
        "machine.nodes[0].zones[0].managed", "must not be negative");
    row("size beyond 2^50 pages", machineHead + "        - {type: Normal, managed: 1180591620717411303424 pages}\n", 5, 35,
        "machine.nodes[0].zones[0].managed", "too large (limit 2^50 pages)");
    row("size without a unit", machineHead + "        - {type: Normal, managed: 64}\n", 5, 35,
        "machine.nodes[0].zones[0].managed", "missing unit in '64': write 64 pages or 64MiB");
    row("size not whole pages", machineHead + "        - {type: Normal, managed: 1000B}\n", 5, 35,
        "machine.nodes[0].zones[0].managed", "whole number of 4 KiB pages");
    row("unknown zone type", machineHead + "        - {type: Norml, managed: 10 pages}\n", 5, 18,
        "machine.nodes[0].zones[0].type", "unknown zone type 'Norml'; did you mean 'Normal'?");
    row("zones out of kernel order",
        machineHead + "        - {type: Normal, managed: 10 pages}\n        - {type: DMA, managed: 10 pages}\n", 6, 11,
        "machine.nodes[0].zones[1]", "zone DMA is listed after Normal");
    row("duplicate zone type",
        machineHead + "        - {type: Normal, managed: 10 pages}\n        - {type: normal, managed: 10 pages}\n", 6, 11,
        "machine.nodes[0].zones[1]", "zone Normal appears twice");
    row("zone contents exceed managed",
        machineHead + "        - {type: Normal, managed: 100 pages, free: 50 pages, file: 40 pages, anon: 20 pages}\n", 5, 11,
        "machine.nodes[0].zones[0]", "free + file + anon + unreclaimable = 110 pages exceeds managed = 100 pages");
    row("high_order_fraction above 1", machineHead + "        - {type: Normal, managed: 10 pages, high_order_fraction: 1.5}\n", 5,
        66, "machine.nodes[0].zones[0].high_order_fraction", "1.5 is out of range 0..1");
    row("NaN fraction", machineHead + "        - {type: Normal, managed: 10 pages, high_order_fraction: .nan}\n", 5, 66,
        "machine.nodes[0].zones[0].high_order_fraction", "must be finite");
    row("inf fallback rate", machineHead + "        - {type: Normal, managed: 10 pages, extfrag_fallback_rate: .inf}\n", 5, 68,
        "machine.nodes[0].zones[0].extfrag_fallback_rate", "must be finite");
    row("missing managed", machineHead + "        - {type: Normal}\n", 5, 11, "machine.nodes[0].zones[0]",
        "missing required key 'managed'");

    // Numbers.
    row("seed 2^70", withBase("seed: 1180591620717411303424\n"), 7, 7, "seed", "too large for 64 bits");
    row("negative seed", withBase("seed: -1\n"), 7, 7, "seed", "non-negative integer");
    // Reports carry the seed as a JSON integer: signed 64-bit at most.
    row("seed 2^63", withBase("seed: 9223372036854775808\n"), 7, 7, "seed", "a seed is at most 9223372036854775807");
    row("seeds entry 2^64 - 1", withBase("seeds: [1, 18446744073709551615]\n"), 7, 12, "seeds[1]", "a seed is at most");
    row("seeds entry not a number", withBase("seeds: [1, x]\n"), 7, 12, "seeds[1]", "non-negative integer");
    row("seed listed twice", withBase("seeds: [1, 2, 1]\n"), 7, 15, "seeds[2]", "seed 1 is listed twice");

    // Reclaim.
    row("rate above the limit", withBase("reclaim: {kswapd_file_rate: 1e10/s}\n"), 7, 29, "reclaim.kswapd_file_rate",
        "out of range");
    row("cost not a duration", withBase("reclaim: {direct_reclaim_cost: abc}\n"), 7, 32, "reclaim.direct_reclaim_cost",
        "expected a duration");

    // Policy.
    row("unknown policy id", withBase("policy: vanila\n"), 7, 9, "policy", "unknown policy 'vanila'; did you mean 'vanilla'?");
    row("unknown policy id in mapping", withBase("policy: {id: nope}\n"), 7, 14, "policy.id", "unknown policy 'nope'");
    row("knob on vanilla", withBase("policy:\n  id: vanilla\n  knobs: {debounce_ms: 10}\n"), 9, 11, "policy.knobs.debounce_ms",
        "unknown knob 'debounce_ms' for policy 'vanilla' (it has no knobs)");
    row("policy without id", withBase("policy: {knobs: {}}\n"), 7, 9, "policy", "missing required key 'id'");

    // Workload.
    const std::string w = withBase("workload:\n");
    row("source on a missing node", w + "  - {name: a, node: 1, rate: 1/s}\n", 8, 21, "workload[0].node",
        "node 1 does not exist (the machine has 1 node)");
    row("order above MAX_PAGE_ORDER", w + "  - {name: a, order: 11, rate: 1/s}\n", 8, 22, "workload[0].order",
        "11 is out of range 0..10");
    row("negative order", w + "  - {name: a, order: -1, rate: 1/s}\n", 8, 22, "workload[0].order", "out of range 0..10");
    row("unknown gfp flag", w + "  - {name: a, gfp: GFP_KERNAL, rate: 1/s}\n", 8, 20, "workload[0].gfp",
        "unknown GFP flag 'GFP_KERNAL'");
    row("duplicate source name", w + "  - {name: a, rate: 1/s}\n  - {name: a, rate: 1/s}\n", 9, 12, "workload[1].name",
        "duplicate source name 'a' (also used by workload[0])");
    row("default name collides", w + "  - {rate: 1/s}\n  - {name: source0, rate: 1/s}\n", 9, 12, "workload[1].name",
        "duplicate source name 'source0'");
    row("source name with a dot", w + "  - {name: a.b, rate: 1/s}\n", 8, 12, "workload[0].name", "contain no spaces");
    row("empty source name", w + "  - {name: '', rate: 1/s}\n", 8, 12, "workload[0].name", "must be non-empty");
    row("unknown rate pattern", w + "  - {name: a, rate: {pattern: poison, rate: 1/s}}\n", 8, 31, "workload[0].rate.pattern",
        "unknown rate pattern 'poison'; did you mean 'poisson'?");
    row("key of another pattern", w + "  - {name: a, rate: {pattern: poisson, rate: 1/s, burst_rate: 2/s}}\n", 8, 51,
        "workload[0].rate.burst_rate", "unknown key 'burst_rate'");
    row("bursts missing period", w + "  - {name: a, rate: {pattern: bursts, burst_rate: 2/s, length: 1s}}\n", 8, 21,
        "workload[0].rate", "missing required key 'period'");
    row("burst longer than period", w + "  - {name: a, rate: {pattern: bursts, burst_rate: 2/s, period: 1s, length: 2s}}\n", 8,
        76, "workload[0].rate.length", "the burst length (2s) is longer than the period (1s)");
    row("inf rate", w + "  - {name: a, rate: .inf}\n", 8, 21, "workload[0].rate", "must be finite");
    row("negative rate", w + "  - {name: a, rate: {pattern: constant, rate: -1/s}}\n", 8, 47, "workload[0].rate.rate",
        "must not be negative");
    row("piecewise out of order",
        w + "  - name: a\n    rate: {pattern: piecewise, points: [{at: 2s, rate: 1/s}, {at: 1s, rate: 1/s}]}\n", 9, 67,
        "workload[0].rate.points[1].at", "points must be in time order");
    row("piecewise without points", w + "  - {name: a, rate: {pattern: piecewise, points: []}}\n", 8, 50,
        "workload[0].rate.points", "at least one point");
    row("unknown lifetime", w + "  - {name: a, rate: 1/s, lifetime: pagecache}\n", 8, 36, "workload[0].lifetime",
        "did you mean 'page_cache'?");
    row("lifetime needs a duration", w + "  - {name: a, rate: 1/s, lifetime: fixed}\n", 8, 36, "workload[0].lifetime",
        "'fixed' needs a duration");
    row("zero exponential lifetime", w + "  - {name: a, rate: 1/s, lifetime: {exponential: 0s}}\n", 8, 50,
        "workload[0].lifetime.exponential", "greater than 0");
    row("two lifetimes", w + "  - {name: a, rate: 1/s, lifetime: {fixed: 1s, exponential: 1s}}\n", 8, 36, "workload[0].lifetime",
        "exactly one of");
    row("slab order too high", w + "  - {name: a, rate: 1/s, slab_refill: {order: 12}}\n", 8, 47, "workload[0].slab_refill.order",
        "out of range 0..10");
    row("stop before start", w + "  - {name: a, rate: 1/s, start: 2s, stop: 1s}\n", 8, 43, "workload[0].stop",
        "not after its start");
    row("start after the end", w + "  - {name: a, rate: 1/s, start: 2min}\n", 8, 33, "workload[0].start",
        "after the end of the run");
    row("source not a mapping", w + "  - 42\n", 8, 5, "workload[0]", "expected a mapping, got '42'");

    // Timeline.
    const std::string t = withBase("timeline:\n");
    row("timeline at after the end", t + "  - {at: 2min, caption: x}\n", 8, 10, "timeline[0].at",
        "2min is after the end of the run (1min): nothing runs after it");
    // The last tick starts before the duration: an entry at the duration would never apply.
    row("timeline at the end", t + "  - {at: 1min, set: {vm.watermark_scale_factor: 500}}\n", 8, 10, "timeline[0].at",
        "1min is the end of the run (1min): nothing runs after it");
    row("timeline at missing", t + "  - {caption: x}\n", 8, 5, "timeline[0]", "missing required key 'at'");
    row("timeline entry without action", t + "  - {at: 1s}\n", 8, 5, "timeline[0]", "needs 'set' or 'caption'");
    row("timeline unknown parameter", t + "  - {at: 1s, set: {vm.watermark_scale: 5}}\n", 8, 20,
        "timeline[0].set.vm.watermark_scale", "did you mean 'vm.watermark_scale_factor'?");
    row("timeline boot parameter", t + "  - {at: 1s, set: {transparent_hugepage: false}}\n", 8, 20,
        "timeline[0].set.transparent_hugepage", "boot-time parameter");
    row("timeline value out of range", t + "  - {at: 1s, set: {vm.watermark_scale_factor: 0}}\n", 8, 47,
        "timeline[0].set.vm.watermark_scale_factor", "0 is out of range 1..3000");
    row("timeline unknown source", t + "  - {at: 1s, set: {workload.nope.rate: 5/s}}\n", 8, 20,
        "timeline[0].set.workload.nope.rate", "unknown parameter 'workload.nope.rate'");
    row("timeline empty set", t + "  - {at: 1s, set: {}}\n", 8, 19, "timeline[0].set", "at least one parameter");
    row("pause without caption", t + "  - {at: 1s, set: {vm.watermark_scale_factor: 5}, pause: true}\n", 8, 51,
        "timeline[0].pause", "only applies to a caption");
    row("timeline caption not text", t + "  - {at: 1s, caption: [a]}\n", 8, 23, "timeline[0].caption",
        "expected caption text, got a list");
}

void TestScenarioLoader::errors()
{
    QFETCH(QString, yaml);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, path);
    QFETCH(QString, message);
    const std::string text = yaml.toStdString();
    const auto r = loadScenarioText(text, "e.yaml");
    QVERIFY(!r.ok());
    QVERIFY(!r.scenario.has_value());
    bool found = false;
    for (const auto &d : r.diagnostics) {
        if (!QString::fromStdString(d.message).contains(message) || QString::fromStdString(d.path) != path)
            continue;
        found = true;
        QCOMPARE(d.file, std::string("e.yaml"));
        if (line > 0) {
            QCOMPARE(d.line, line);
            QCOMPARE(d.column, column);
        }
    }
    QVERIFY2(found,
        ("no diagnostic '" + message.toStdString() + "' at '" + path.toStdString() + "'; got:\n" + describe(r, text)).c_str());
}

void TestScenarioLoader::collectsEveryError()
{
    const std::string text = "name: T\n"
                             "tick: 0s\n" // 1
                             "machine:\n"
                             "  nodes:\n"
                             "    - zones:\n"
                             "        - {type: Normal, managed: -1}\n" // 2
                             "        - {type: Bogus, managed: 10 pages}\n" // 3
                             "sysctl: {vm.watermark_scale_factor: 9999}\n" // 4
                             "policy: nope\n" // 5
                             "workload:\n"
                             "  - {name: a, order: 12, rate: 1/s, lifetyme: anon}\n"; // 6, 7
    const auto r = loadScenarioText(text, "many.yaml");
    QVERIFY2(r.diagnostics.size() >= 7, describe(r, text).c_str());
    // Sorted in file order.
    for (std::size_t i = 1; i < r.diagnostics.size(); ++i)
        QVERIFY(std::make_pair(r.diagnostics[i - 1].line, r.diagnostics[i - 1].column)
            <= std::make_pair(r.diagnostics[i].line, r.diagnostics[i].column));
}

void TestScenarioLoader::duplicateKeysAllReported()
{
    const std::string text = withBase("seed: 1\nseed: 2\nseed: 3\nreclaim: {swap: true, swap: false}\n");
    const auto r = loadScenarioText(text, "dup.yaml");
    int dups = 0;
    for (const auto &d : r.diagnostics)
        if (QString::fromStdString(d.message).startsWith("duplicate key"))
            ++dups;
    QCOMPARE(dups, 3);
    QCOMPARE(r.diagnostics[0].line, 8);
    QCOMPARE(r.diagnostics[1].line, 9);
    QCOMPARE(r.diagnostics[2].path, std::string("reclaim.swap"));
}

void TestScenarioLoader::hostileInputs_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty file") << QByteArray() << "the file is empty";
    QTest::newRow("only a comment") << QByteArray("# nothing\n") << "the file is empty";
    QTest::newRow("50000 nested brackets") << QByteArray(50000, '[') << "nesting too deep";
    QTest::newRow("50000 nested braces") << QByteArray(50000, '{') << "nesting too deep";
    QTest::newRow("50000 closed brackets") << (QByteArray(50000, '[') + QByteArray(50000, ']')) << "nesting too deep";
    QByteArray blockNest;
    for (int i = 0; i < 5000; ++i)
        blockNest += "- ";
    QTest::newRow("5000 nested block sequences") << blockNest << "nesting too deep";
    QByteArray garbage(100000, '\0');
    quint32 x = 12345;
    for (auto &c : garbage) {
        x = x * 1103515245u + 12345u;
        c = static_cast<char>((x >> 16) & 0xff);
        if (c == 0)
            c = 1;
    }
    QTest::newRow("binary garbage without NUL") << garbage << "";
    QByteArray withNul = QByteArray::fromStdString(kBase);
    withNul.insert(8, '\0');
    QTest::newRow("NUL byte") << withNul << "NUL byte";
    QTest::newRow("only NULs") << QByteArray(1000, '\0') << "NUL byte";
    QTest::newRow("2^70 everywhere") << QByteArray::fromStdString(
        withBase("seed: 1180591620717411303424\nduration: 1180591620717411303424s\n"))
                                     << "too large";
    QTest::newRow("huge exponent") << QByteArray::fromStdString(withBase("duration: 1e999999999999s\n")) << "too large";
    QTest::newRow("invalid utf-8") << QByteArray("name: \xff\xfe\xc3\x28\nmachine: 1\n") << "not valid UTF-8";
    QTest::newRow("truncated utf-8") << QByteArray("name: abc\xe2\x82") << "not valid UTF-8";
    QTest::newRow("control character") << QByteArray("name: a\x1b[31mred\n") << "control character 0x1B";
    QTest::newRow("lone tab indentation") << QByteArray("name: T\n\tmachine: x\n") << "";
    QTest::newRow("unterminated quote") << QByteArray("name: \"abc\nmachine: x\n") << "";
    QTest::newRow("anchors on keys") << QByteArray("&a name: T\n*a : U\n") << "";
    QTest::newRow("complex keys") << QByteArray("? [a, b]\n: c\n? {x: y}\n: d\n") << "keys must be plain names";
    QTest::newRow("many documents") << QByteArray("---\n---\n---\n---\n") << "only one YAML document";
    QTest::newRow("huge flat unknown map") << [] {
        QByteArray b;
        for (int i = 0; i < 20000; ++i)
            b += "k" + QByteArray::number(i) + ": v\n";
        return b;
    }() << "too many errors";
}

void TestScenarioLoader::hostileInputs()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, message);
    const std::string text = input.toStdString();
    QElapsedTimer timer;
    timer.start();
    const auto r = loadScenarioText(text, "hostile.yaml");
    QVERIFY(timer.elapsed() < 120000); // a hang detector, not a benchmark (loaded CI machines)
    QVERIFY(!r.ok());
    QVERIFY(!r.diagnostics.empty());
    QVERIFY(r.diagnostics.size() <= kMaxScenarioDiagnostics + 1);
    bool found = message.isEmpty();
    for (const auto &d : r.diagnostics) {
        found = found || QString::fromStdString(d.message).contains(message);
        QVERIFY(!formatDiagnostic(d, text).empty());
    }
    QVERIFY2(found, describe(r, text.size() < 4096 ? text : std::string()).c_str());
}

void TestScenarioLoader::aliasBombStopsTheWalk()
{
    // Classic billion laughs: never expanded because the keys are unknown.
    std::string laughs = "lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int i = 1; i < 10; ++i) {
        laughs += "lol" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
        for (int j = 0; j < 9; ++j)
            laughs += std::string(j ? ", " : "") + "*a" + std::to_string(i - 1);
        laughs += "]\n";
    }
    auto r = loadScenarioText(laughs + "workload: *a9\nseeds: *a9\ntimeline: *a9\n", "laughs.yaml");
    QVERIFY(!r.ok());
    QVERIFY(!r.diagnostics.empty());

    // A bomb that fits the schema: 3000 sources sharing 1000 shared points.
    std::string bomb = withBase("description: {p: &p {at: 0s, rate: 1/s}, q: &pts [");
    for (int i = 0; i < 1000; ++i)
        bomb += i ? ", *p" : "*p";
    bomb += "], w: &w {name: x, rate: {pattern: piecewise, points: *pts}}}\nworkload: [";
    for (int i = 0; i < 3000; ++i)
        bomb += i ? ", *w" : "*w";
    bomb += "]\n";
    QElapsedTimer timer;
    timer.start();
    r = loadScenarioText(bomb, "bomb.yaml");
    QVERIFY(timer.elapsed() < 120000); // a hang detector, not a benchmark (loaded CI machines)
    QVERIFY(!r.ok());
    bool found = false;
    for (const auto &d : r.diagnostics)
        found = found || QString::fromStdString(d.message).contains("alias bomb");
    QVERIFY2(found, describe(r, std::string()).c_str());
}

void TestScenarioLoader::badUtf8_shownAgainstItsLine()
{
    // A Latin-1 "é" (0xE9) where UTF-8 is expected: reported at its byte, and
    // the diagnostic shows the line it is on with the caret under it.
    const std::string text = "name: caf\xe9 x\nmachine:\n  nodes: []\n";
    const auto t = loadScenarioText(text, "l1.yaml");
    QCOMPARE(t.diagnostics.size(), std::size_t {1});
    QCOMPARE(t.diagnostics[0].line, 1);
    QCOMPARE(t.diagnostics[0].column, 10);
    const std::string shown = formatDiagnostic(t.diagnostics[0], t.text);
    QVERIFY2(shown.rfind("l1.yaml:1:10: error: the file is not valid UTF-8 (byte 0xE9)", 0) == 0, shown.c_str());
    QVERIFY2(shown.find("\n    name: caf\xe9 x\n             ^") != std::string::npos, shown.c_str());
}

void TestScenarioLoader::fileAtTheSizeLimit()
{
    // A valid scenario just under the size limit (a long description), then
    // the same with an error on its last line: the position must still be exact.
    std::string text = withBase("description: |\n");
    const std::string line = "  " + std::string(77, 'x') + "\n";
    int lines = 7;
    while (text.size() + line.size() + 16 < kMaxScenarioFileBytes) {
        text += line;
        ++lines;
    }
    auto r = loadScenarioText(text, "big.yaml");
    QVERIFY2(r.ok(), describe(r, std::string()).c_str());
    QCOMPARE(r.scenario->description.size(), std::size_t(lines - 7) * 78);

    text += "tick: 0s\n";
    r = loadScenarioText(text, "big.yaml");
    QCOMPARE(r.diagnostics.size(), std::size_t(1));
    QCOMPARE(r.diagnostics[0].line, lines + 1);
    QCOMPARE(r.diagnostics[0].column, 7);
    QVERIFY(formatDiagnostic(r.diagnostics[0], text).find("tick: 0s\n") != std::string::npos);
}

void TestScenarioLoader::longTimelineIsSorted()
{
    std::string text = withBase("duration: 1h\ntimeline:\n");
    int entries = 0;
    while (text.size() + 64 < kMaxScenarioFileBytes) {
        text += "  - {at: " + std::to_string((entries * 7919) % 3600) + "s, caption: \"caption " + std::to_string(entries)
            + "\"}\n";
        ++entries;
    }
    const auto r = loadScenarioText(text, "long.yaml");
    QVERIFY2(r.ok(), describe(r, std::string()).c_str());
    QCOMPARE(r.scenario->timeline.size(), std::size_t(entries));
    for (std::size_t i = 1; i < r.scenario->timeline.size(); ++i)
        QVERIFY(r.scenario->timeline[i - 1].at <= r.scenario->timeline[i].at);
}

void TestScenarioLoader::tooLargeText()
{
    const std::string text(kMaxScenarioFileBytes + 1, '#');
    const auto r = loadScenarioText(text, "huge.yaml");
    QCOMPARE(r.diagnostics.size(), std::size_t(1));
    QVERIFY(QString::fromStdString(r.diagnostics[0].message).contains("too large"));
    QVERIFY(QString::fromStdString(r.diagnostics[0].message).contains("1 MiB"));
}

void TestScenarioLoader::unreadableFile_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("err");
    QTest::newRow("missing file") << "/nonexistent/dir/scenario.yaml" << ENOENT;
    QTest::newRow("directory") << QDir::tempPath() << EISDIR;
}

void TestScenarioLoader::unreadableFile()
{
    QFETCH(QString, path);
    QFETCH(int, err);
    const auto r = loadScenarioFile(path.toStdString());
    QVERIFY(!r.ok());
    QCOMPARE(r.diagnostics.size(), std::size_t(1));
    const auto &d = r.diagnostics[0];
    QCOMPARE(d.file, path.toStdString());
    QVERIFY2(QString::fromStdString(d.message).contains(QString::fromUtf8(std::strerror(err))), d.message.c_str());
    QVERIFY(QString::fromStdString(d.message).contains(path));
}

void TestScenarioLoader::loadFromFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("s.yaml");
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(kBase));
    }
    const auto r = loadScenarioFile(path.toStdString());
    QVERIFY(r.ok());
    QCOMPARE(r.scenario->sourcePath, path.toStdString());

    const QString big = dir.filePath("big.yaml");
    {
        QFile f(big);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(int(kMaxScenarioFileBytes) + 10, '#'));
    }
    const auto b = loadScenarioFile(big.toStdString());
    QCOMPARE(b.diagnostics.size(), std::size_t(1));
    QVERIFY(QString::fromStdString(b.diagnostics[0].message).contains("too large"));

    // An endless device stops at the size limit instead of filling memory.
    if (QFile::exists(QStringLiteral("/dev/zero"))) {
        const auto z = loadScenarioFile("/dev/zero");
        QCOMPARE(z.diagnostics.size(), std::size_t(1));
        QVERIFY(QString::fromStdString(z.diagnostics[0].message).contains("too large"));
    }

    // A failed load keeps the text it read, so the diagnostics are shown against
    // those bytes (a pipe cannot be read twice).
    const QString bad = dir.filePath("bad.yaml");
    {
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(kBase + "tick: 0s\n"));
    }
    const auto e = loadScenarioFile(bad.toStdString());
    QVERIFY(!e.ok());
    QCOMPARE(e.text, kBase + "tick: 0s\n");
    QVERIFY(formatDiagnostic(e.diagnostics[0], e.text).find("tick: 0s\n") != std::string::npos);
}

// machine: {from_zoneinfo: FILE}: the nodes and populated zones of a real
// /proc/zoneinfo, the path relative to the scenario; problems in that file are
// reported at the key with the file's own line.
void TestScenarioLoader::machineFromZoneinfo()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QFile::copy(QStringLiteral(WM_TEST_DATA "/zoneinfo/lkml-kravetz-2023-6.6rc1-next-2node-16G.txt"),
        dir.filePath(QStringLiteral("box.txt"))));
    auto write = [&](const QString &name, const std::string &text) {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(text));
    };
    const std::string head = "name: Z\nduration: 1s\nmachine:\n";
    write(QStringLiteral("s.yaml"), head + "  from_zoneinfo: box.txt\n");
    const auto r = loadScenarioFile(dir.filePath(QStringLiteral("s.yaml")).toStdString());
    QVERIFY2(r.ok(), describe(r, r.text).c_str());
    QCOMPARE(r.scenario->nodes.size(), std::size_t(2));
    // Node 0: DMA, DMA32, Normal (the empty Movable left out); node 1: Normal.
    QCOMPARE(r.scenario->nodes[0].zones.size(), std::size_t(3));
    QCOMPARE(r.scenario->nodes[1].zones.size(), std::size_t(1));
    QCOMPARE(r.scenario->nodes[1].zones[0].type, ZoneType::Normal);
    QCOMPARE(r.scenario->nodes[1].zones[0].managed, pages_t(2086594));
    QVERIFY(!r.scenario->sysctls.minFreeKbytes); // the sysctls stay the scenario's

    struct Bad {
        std::string body, message;
    };
    for (const Bad &b : {Bad {"  from_zoneinfo: missing.txt\n", "missing.txt"}, Bad {"  from_zoneinfo: s.yaml\n", "s.yaml:1:1"},
             Bad {"  from_zoneinfo: box.txt\n  nodes: []\n", "either 'nodes' or 'from_zoneinfo'"},
             Bad {"  from_zoneinfo: ''\n", "empty"}, Bad {"  from_zoneinfo: '-'\n", "not a file name"}}) {
        write(QStringLiteral("bad.yaml"), head + b.body);
        const auto e = loadScenarioFile(dir.filePath(QStringLiteral("bad.yaml")).toStdString());
        QVERIFY2(!e.ok(), b.body.c_str());
        QVERIFY2(!e.diagnostics.empty() && e.diagnostics[0].path == "machine.from_zoneinfo"
                && e.diagnostics[0].message.find(b.message) != std::string::npos && e.diagnostics[0].line == 4,
            describe(e, e.text).c_str());
    }
}

void TestScenarioLoader::formatDiagnosticLayout()
{
    const std::string text = withBase("sysctl:\n  vm.watermark_scale_factor: 5000\n");
    const auto r = loadScenarioText(text, "s.yaml");
    QCOMPARE(r.diagnostics.size(), std::size_t(1));
    QCOMPARE(formatDiagnostic(r.diagnostics[0], text),
        std::string("s.yaml:8:30: error: sysctl.vm.watermark_scale_factor: 5000 is out of range 1..3000\n"
                    "      vm.watermark_scale_factor: 5000\n"
                    "                                 ^"));
}

void TestScenarioLoader::formatDiagnosticEdgeCases()
{
    // Unknown position: no source line.
    QCOMPARE(formatDiagnostic({"f.yaml", 0, 0, "", "the file is empty"}, "x"), std::string("f.yaml: error: the file is empty"));
    // Line beyond the text: header only.
    QCOMPARE(formatDiagnostic({"f.yaml", 9, 2, "a", "m"}, "x\n"), std::string("f.yaml:9:2: error: a: m"));
    // Columns count characters, not bytes: "é" is two bytes, one column; a
    // wide CJK character takes two caret cells, as a terminal draws it.
    QCOMPARE(formatDiagnostic({"f", 1, 4, "", "m"}, "\xc3\xa9 x\n"), std::string("f:1:3: error: m\n    \xc3\xa9 x\n      ^"));
    QCOMPARE(formatDiagnostic({"f", 1, 8, "", "m"}, "\xe6\x97\xa5\xe6\x9c\xac x\n"),
        std::string("f:1:4: error: m\n    \xe6\x97\xa5\xe6\x9c\xac x\n         ^"));
    // Tabs are kept so the caret lines up; control bytes are masked.
    QCOMPARE(formatDiagnostic({"f", 1, 3, "", "m"}, "\tx\x01y\n"), std::string("f:1:3: error: m\n    \tx?y\n    \t ^"));
    // A very long line is shown as a window around the column.
    const std::string longLine(100000, 'a');
    const std::string out = formatDiagnostic({"f", 1, 50000, "", "m"}, longLine);
    QVERIFY(out.size() < 1000);
    QVERIFY(out.find("...") != std::string::npos);
    const auto caretLine = out.substr(out.rfind('\n') + 1);
    const auto srcLine = out.substr(out.find('\n') + 1, out.rfind('\n') - out.find('\n') - 1);
    QCOMPARE(caretLine.size(), caretLine.find('^') + 1);
    QCOMPARE(srcLine[caretLine.size() - 1], 'a');
}

QTEST_APPLESS_MAIN(TestScenarioLoader)
#include "tst_scenario_loader.moc"
