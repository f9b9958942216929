// The writer: load -> write -> load gives an equal Scenario.
#include "mm/gfp.h"
#include "scenario/loader.h"
#include "scenario/source_edit.h"
#include "scenario/units.h"
#include "scenario/writer.h"

#include <QtTest>

#include <limits>

using namespace wm;

namespace {

std::string describe(const LoadResult &r, const std::string &text)
{
    std::string s;
    for (const auto &d : r.diagnostics)
        s += formatDiagnostic(d, text) + "\n";
    return s + "--- text ---\n" + text;
}

const char *kRich = R"(name: "Rich: a scenario with # and 'quotes'"
description: |
  Line one: with a colon
  line two "quoted" and unicode µs ✓
duration: 90s
tick: 250us
seed: 42
seeds: [7, 8, 9223372036854775807]
machine:
  nodes:
    - zones:
        - {type: DMA, managed: 3840 pages, free: 3000 pages, high_order_fraction: 0.25}
        - type: DMA32
          managed: 1GiB
          file: 100MiB
          anon: 50MiB
          unreclaimable: 4MiB
          extfrag_fallback_rate: 2.5/s
        - {type: Normal, managed: 2GiB, high_order_fraction: 0.1}
    - zones: []
    - zones:
        - {type: Normal, managed: 1000 pages, free: 0}
        - {type: Movable, managed: 0}
sysctl:
  vm.min_free_kbytes: 67584
  vm.watermark_scale_factor: 3000
  vm.watermark_boost_factor: 0
  vm.lowmem_reserve_ratio: "1, 2, 3, 4, 5"
  transparent_hugepage: off
reclaim:
  kswapd_file_rate: 0.1/ms
  kswapd_anon_rate: 1e3/s
  swap: no
  direct_reclaim_cost: 1.5us
  oom_kill: 1234 pages
policy: {id: vanilla, knobs: {}}
workload:
  - name: pagecache
    gfp: GFP_HIGHUSER_MOVABLE
    node: 2
    rate: {pattern: poisson, rate: 20000/s}
    lifetime: page_cache
    stop: 30s
  - name: net-rx
    gfp: "GFP_ATOMIC | __GFP_NOWARN"
    order: 3
    rate: {pattern: bursts, base: 0.5/s, burst_rate: 5/ms, period: 2s, length: 100ms, phase: 1.25s}
    lifetime: {exponential: 50ms}
    slab_refill: {order: 2}
    start: 1s
  - name: const
    gfp: 0x820
    rate: {pattern: constant, rate: 1/s}
    lifetime: anon
    slab_refill: {enabled: false, order: 5}
  - name: ramp
    rate: {pattern: ramp, from: 10/s, to: 1/us}
    lifetime: {fixed: 0s}
  - name: pw
    rate:
      pattern: piecewise
      points:
        - {at: 0s, rate: 0/s}
        - {at: 1500ms, rate: 0.333/s}
        - {at: 1500ms, rate: 7/s}
    lifetime: forever
    order: 10
timeline:
  - at: 60s
    set: {vm.lowmem_reserve_ratio: [9, 9, 9, 9, 9], reclaim.swap: "yes"}
  - at: 0s
    caption: "Start: watch # the 'low' line"
    pause: true
  - at: 10s
    set: {vm.watermark_scale_factor: 10, workload.net-rx.burst_rate: 1e4/s, policy: vanilla}
  - at: 89999ms
    caption: ""
)";

} // namespace

class TestScenarioWriter : public QObject
{
    Q_OBJECT
private slots:
    void roundTripRich();
    void roundTripProgrammatic_data();
    void roundTripProgrammatic();
    void writesHeaderAndUnits();
    void outputIsStable();
    void cutShortRun_writesTheScenarioAsRun();
    void sessionEditsKeepTheSourceText_data();
    void sessionEditsKeepTheSourceText();
    void sessionEditsOtherChangesWriteAfresh();
};

void TestScenarioWriter::roundTripRich()
{
    // policy is Boot: a timeline must not set it.
    std::string text = kRich;
    text.replace(text.find(", policy: vanilla"), std::strlen(", policy: vanilla"), "");
    const auto first = loadScenarioText(text, "rich.yaml");
    QVERIFY2(first.ok(), describe(first, text).c_str());
    const std::string yaml = writeScenarioYaml(*first.scenario);
    const auto second = loadScenarioText(yaml, "rich-written.yaml");
    QVERIFY2(second.ok(), describe(second, yaml).c_str());
    QVERIFY2(*second.scenario == *first.scenario, yaml.c_str());
    // Spot checks that the comparison covers what we think it does.
    QCOMPARE(second.scenario->nodes.size(), std::size_t(3));
    QCOMPARE(second.scenario->sources[2].slabOrder, 5);
    QVERIFY(!second.scenario->sources[2].slabRefill);
    QCOMPARE(second.scenario->sources[1].gfpMask, gfp::ATOMIC_ | gfp::NOWARN);
    QCOMPARE(second.scenario->timeline.size(), std::size_t(6));
    QCOMPARE(second.scenario->timeline[0].kind, TimelineKind::Caption);
    QCOMPARE(second.scenario->reclaim.kswapdFileRate, 100.0);
}

void TestScenarioWriter::roundTripProgrammatic_data()
{
    QTest::addColumn<int>("variant");
    QTest::newRow("defaults with one zone") << 0;
    QTest::newRow("awkward strings") << 1;
    QTest::newRow("extreme numbers") << 2;
    QTest::newRow("every lifetime and pattern") << 3;
}

void TestScenarioWriter::roundTripProgrammatic()
{
    QFETCH(int, variant);
    Scenario s;
    s.name = "P";
    NodeSpec node;
    ZoneSpec z;
    z.managed = 1000;
    node.zones.push_back(z);
    s.nodes.push_back(node);
    switch (variant) {
    case 0:
        break;
    case 1: {
        s.name = "null";
        s.description = "true\n  indented: {not: a map}\n- not a list\n\ttab \"q\" \\ back";
        SourceSpec src;
        src.name = "yes";
        src.gfp = "GFP_KERNEL|__GFP_HIGH";
        src.gfpMask = *parseGfp(src.gfp);
        src.rate.rate = 3;
        s.sources.push_back(src);
        s.timeline.push_back({0, TimelineKind::Caption, {}, {}, "~", true});
        s.timeline.push_back({1, TimelineKind::Caption, {}, {}, "- item: [x]", false});
        s.timeline.push_back({2, TimelineKind::Set, "workload.yes.rate", "0.5/s", {}, false});
        break;
    }
    case 2: {
        s.duration = 30LL * 24 * 3600 * 1000000;
        s.tick = 604; // the shortest tick 30 days allow: 4,291,390,729 ticks, just under 2^32
        s.seed = kMaxSeed;
        s.seeds = {0, kMaxSeed};
        s.nodes[0].zones[0].managed = pages_t(1) << 50;
        s.nodes[0].zones[0].free = (pages_t(1) << 50) - 3;
        s.nodes[0].zones[0].fileLru = 1;
        s.nodes[0].zones[0].anonLru = 1;
        s.nodes[0].zones[0].unreclaimable = 1;
        s.nodes[0].zones[0].highOrderFraction = 1.0 / 3.0;
        s.nodes[0].zones[0].extfragFallbackRate = 1e-300;
        s.sysctls.minFreeKbytes = 2147483647;
        s.sysctls.watermarkBoostFactor = 2147483647;
        s.sysctls.watermarkScaleFactor = 1;
        s.sysctls.lowmemReserveRatio = {0, 2147483647, 0, 1, 0};
        s.reclaim.kswapdFileRate = 1e9;
        s.reclaim.kswapdAnonRate = 0.1 + 0.2;
        s.reclaim.directReclaimUsPerPage = 1e-7;
        s.reclaim.oomKillPages = pages_t(1) << 50;
        break;
    }
    case 3: {
        const LifetimeKind kinds[] = {
            LifetimeKind::Fixed, LifetimeKind::Exponential, LifetimeKind::PageCache, LifetimeKind::Anon, LifetimeKind::Forever};
        const RateKind patterns[]
            = {RateKind::Constant, RateKind::Poisson, RateKind::Bursts, RateKind::Ramp, RateKind::Piecewise};
        for (int i = 0; i < 5; ++i) {
            SourceSpec src;
            src.name = "s" + std::to_string(i);
            src.gfpMask = gfp::KERNEL;
            src.order = i;
            src.lifetime.kind = kinds[i];
            src.lifetime.duration = (kinds[i] == LifetimeKind::Fixed || kinds[i] == LifetimeKind::Exponential) ? 1234567 : 0;
            src.rate.kind = patterns[i];
            switch (patterns[i]) {
            case RateKind::Constant:
            case RateKind::Poisson:
                src.rate.rate = 123.456;
                break;
            case RateKind::Bursts:
                src.rate = {RateKind::Bursts, 1, 1000001, 999999, 7, 5e5, 0, {}};
                break;
            case RateKind::Ramp:
                src.rate.rate = 0;
                src.rate.rampTo = 1e6;
                break;
            case RateKind::Piecewise:
                src.rate.points = {{0, 1}, {1, 2}, {1, 3}, {59'999'999, 0}};
                break;
            }
            src.slabRefill = i % 2 == 1;
            src.slabOrder = i;
            src.start = i * 1000;
            if (i > 2)
                src.stop = 50'000'000 + i;
            s.sources.push_back(src);
        }
        break;
    }
    default:
        QFAIL("unknown variant");
    }
    const std::string yaml = writeScenarioYaml(s);
    const auto r = loadScenarioText(yaml, "p.yaml");
    QVERIFY2(r.ok(), describe(r, yaml).c_str());
    QVERIFY2(*r.scenario == s, yaml.c_str());
}

void TestScenarioWriter::writesHeaderAndUnits()
{
    Scenario s;
    s.name = "U";
    s.nodes.push_back({{ZoneSpec {ZoneType::DMA, 3840, -1, 0, 0, 0, 0.5, 0}}});
    s.tick = 250'000;
    s.duration = 10'000'000;
    const std::string yaml = writeScenarioYaml(s);
    QVERIFY(yaml.rfind("# Watermark Explorer scenario", 0) == 0);
    QVERIFY(yaml.find("tick: 250ms") != std::string::npos);
    QVERIFY(yaml.find("duration: 10s") != std::string::npos);
    QVERIFY(yaml.find("managed: 3840 pages") != std::string::npos);
    QVERIFY(yaml.find("kswapd_anon_rate: 20000/s") != std::string::npos);
    QVERIFY(yaml.find("vm.min_free_kbytes: auto") != std::string::npos);
    QVERIFY(yaml.find("vm.lowmem_reserve_ratio: [256, 256, 32, 0, 0]") != std::string::npos);
    QVERIFY(yaml.find("policy: vanilla") != std::string::npos);
    QVERIFY(yaml.find("free:") == std::string::npos); // -1 = the rest: not written
}

void TestScenarioWriter::outputIsStable()
{
    std::string text = kRich;
    text.replace(text.find(", policy: vanilla"), std::strlen(", policy: vanilla"), "");
    const auto r = loadScenarioText(text, "rich.yaml");
    QVERIFY(r.ok());
    const std::string once = writeScenarioYaml(*r.scenario);
    const auto again = loadScenarioText(once, "once.yaml");
    QVERIFY(again.ok());
    QCOMPARE(writeScenarioYaml(*again.scenario), once);
}

QTEST_APPLESS_MAIN(TestScenarioWriter)
namespace {
const char *kSourceHead = "# My machine: keep this comment\n"
                          "name: Mine # and this one\n"
                          "duration: 30s\n"
                          "machine:\n"
                          "  nodes:\n"
                          "    - zones:\n"
                          "        - {type: Normal, managed: 262144 pages, file: 200000 pages}\n";
const char *kSourceWorkload = "workload:\n"
                              "  - name: k\n"
                              "    gfp: GFP_KERNEL\n"
                              "    rate: 100/s\n";
} // namespace

void TestScenarioWriter::sessionEditsKeepTheSourceText_data()
{
    QTest::addColumn<QString>("source");
    QTest::newRow("no timeline yet: one is appended") << QString(kSourceHead) + kSourceWorkload;
    QTest::newRow("block timeline in the middle: entries join it") << QString(kSourceHead)
            + "timeline:\n  # the file's own entry\n  - at: 5s\n    caption: \"hello\"\n\n# the workload\n" + kSourceWorkload;
    QTest::newRow("block timeline at the end, items in column 0")
        << QString(kSourceHead) + kSourceWorkload + "timeline:\n- {at: 5s, caption: \"hello\"}\n# trailing comment\n";
}

void TestScenarioWriter::sessionEditsKeepTheSourceText()
{
    // Save of a session: the user's file as they wrote it, plus the session's
    // parameter edits in its timeline; it loads back to the session's scenario.
    QFETCH(QString, source);
    const std::string text = source.toStdString();
    const auto loaded = loadScenarioText(text, "mine.yaml");
    QVERIFY(loaded.ok());
    Scenario edited = *loaded.scenario;
    edited.timeline.push_back({12'000'000, TimelineKind::Set, "vm.watermark_scale_factor", "100", {}, false});
    edited.timeline.push_back({20'000'000, TimelineKind::Set, "vm.lowmem_reserve_ratio", "256 256 32 0 0", {}, false});
    const auto out = appendSessionEdits(text, "mine.yaml", edited);
    QVERIFY(out);
    QVERIFY(out->find("# My machine: keep this comment") != std::string::npos);
    QVERIFY(out->find("name: Mine # and this one") != std::string::npos);
    QVERIFY(out->rfind(text.substr(0, 40), 0) == 0);
    const auto back = loadScenarioText(*out, "mine.yaml");
    QVERIFY2(back.ok(), out->c_str());
    QCOMPARE(*back.scenario, edited);
    // Nothing added: the text comes back unchanged.
    QCOMPARE(*appendSessionEdits(text, "mine.yaml", *loaded.scenario), text);
}

void TestScenarioWriter::sessionEditsOtherChangesWriteAfresh()
{
    const std::string text = std::string(kSourceHead) + kSourceWorkload;
    const auto loaded = loadScenarioText(text, "mine.yaml");
    QVERIFY(loaded.ok());
    Scenario otherPolicy = *loaded.scenario;
    otherPolicy.policy.id = "v10";
    QVERIFY(!appendSessionEdits(text, "mine.yaml", otherPolicy));
    // A flow-style timeline cannot be extended line by line.
    const std::string flow = text + "timeline: [{at: 5s, caption: \"hi\"}]\n";
    const auto flowLoaded = loadScenarioText(flow, "mine.yaml");
    QVERIFY(flowLoaded.ok());
    Scenario edited = *flowLoaded.scenario;
    edited.timeline.push_back({12'000'000, TimelineKind::Set, "vm.watermark_scale_factor", "100", {}, false});
    QVERIFY(!appendSessionEdits(flow, "mine.yaml", edited));
    // Not a scenario at all (an imported /proc/zoneinfo): written afresh.
    QVERIFY(!appendSessionEdits("Node 0, zone   Normal\n  pages free 5\n", "zoneinfo", edited));
}

void TestScenarioWriter::cutShortRun_writesTheScenarioAsRun()
{
    // `run --duration 15s` on a 60 s scenario: the timeline entries at 15 s and
    // later never ran, and a source starting at 20 s never started. The
    // scenario as run must load again (the loader refuses entries at or after
    // the end, and sources starting after it) and behave the same.
    const std::string text = std::string(kSourceHead)
        + "workload:\n"
          "  - {name: k, gfp: GFP_KERNEL, rate: 100/s}\n"
          "  - {name: late, gfp: GFP_KERNEL, rate: 100/s, start: 20s}\n"
          "timeline:\n"
          "  - {at: 5s, caption: before}\n"
          "  - {at: 15s, caption: at the end}\n"
          "  - {at: 25s, set: {vm.watermark_scale_factor: 100}}\n";
    const auto r = loadScenarioText(text, "cut.yaml");
    QVERIFY2(r.ok(), describe(r, text).c_str());
    Scenario cut = *r.scenario;
    cut.duration = 15'000'000;
    const std::string yaml = writeScenarioYaml(cut);
    QVERIFY(yaml.find("# 2 timeline entries at or after the end of the run (15s) left out.") != std::string::npos);
    const auto back = loadScenarioText(yaml, "back.yaml");
    QVERIFY2(back.ok(), describe(back, yaml).c_str());
    QCOMPARE(back.scenario->timeline.size(), std::size_t {1});
    QCOMPARE(back.scenario->timeline[0].text, std::string("before"));
    QCOMPARE(back.scenario->sources.size(), std::size_t {2}); // kept: the streams follow the sources' order
    QCOMPARE(back.scenario->sources[1].start, usec_t {15'000'000});
    // The full-length scenario is written whole.
    QVERIFY(writeScenarioYaml(*r.scenario).find("left out") == std::string::npos);
    QVERIFY(writeScenarioYaml(*r.scenario).find("start: 20s") != std::string::npos);
}

#include "tst_scenario_writer.moc"
