// Settable parameters: --set, timeline `set:` and the GUI dock share these.
#include "mm/gfp.h"
#include "scenario/params.h"

#include <QtTest>

using namespace wm;

namespace {

Scenario sample()
{
    Scenario s;
    s.name = "P";
    NodeSpec n;
    n.zones.push_back(ZoneSpec {ZoneType::Normal, 1000, -1, 0, 0, 0, 0.5, 0});
    s.nodes.push_back(n);
    SourceSpec net;
    net.name = "net";
    net.gfp = "GFP_ATOMIC";
    net.gfpMask = gfp::ATOMIC_;
    net.rate = RatePattern {RateKind::Bursts, 10, 1'000'000, 100'000, 0, 5000, 0, {}};
    s.sources.push_back(net);
    SourceSpec pc;
    pc.name = "pagecache";
    pc.rate.kind = RateKind::Poisson;
    pc.rate.rate = 20000;
    s.sources.push_back(pc);
    SourceSpec pw;
    pw.name = "pw";
    pw.rate.kind = RateKind::Piecewise;
    pw.rate.points = {{0, 1}};
    s.sources.push_back(pw);
    return s;
}

} // namespace

class TestParams : public QObject
{
    Q_OBJECT
private slots:
    void applyValid_data();
    void applyValid();
    void applyInvalid_data();
    void applyInvalid();
    void valuesRoundTrip();
    void listParamsCoversSources();
    void scopes();
    void policyChange();
    void tickCountBounded();
    void splitAssignment_data();
    void splitAssignment();
};

void TestParams::applyValid_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("readBack"); // paramValue afterwards
    QTest::newRow("min_free_kbytes number") << "vm.min_free_kbytes"
                                            << "8192"
                                            << "8192";
    QTest::newRow("min_free_kbytes auto") << "vm.min_free_kbytes"
                                          << "auto"
                                          << "auto";
    QTest::newRow("min_free_kbytes zero") << "vm.min_free_kbytes"
                                          << "0"
                                          << "0";
    QTest::newRow("min_free_kbytes INT_MAX") << "vm.min_free_kbytes"
                                             << "2147483647"
                                             << "2147483647";
    QTest::newRow("scale factor low end") << "vm.watermark_scale_factor"
                                          << "1"
                                          << "1";
    QTest::newRow("scale factor high end") << "vm.watermark_scale_factor"
                                           << " 3000 "
                                           << "3000";
    QTest::newRow("boost factor zero") << "vm.watermark_boost_factor"
                                       << "0"
                                       << "0";
    QTest::newRow("lowmem spaces") << "vm.lowmem_reserve_ratio"
                                   << "1 2 3 4 5"
                                   << "1 2 3 4 5";
    QTest::newRow("lowmem commas") << "vm.lowmem_reserve_ratio"
                                   << "256,256,32,0,0"
                                   << "256 256 32 0 0";
    QTest::newRow("lowmem brackets") << "vm.lowmem_reserve_ratio"
                                     << "[9, 8, 7, 6, 5]"
                                     << "9 8 7 6 5";
    QTest::newRow("thp off") << "transparent_hugepage"
                             << "off"
                             << "false";
    QTest::newRow("policy") << "policy"
                            << "vanilla"
                            << "vanilla";
    QTest::newRow("duration") << "duration"
                              << "10s"
                              << "10s";
    QTest::newRow("duration 30 days") << "duration"
                                      << "30d"
                                      << "30d";
    QTest::newRow("tick") << "tick"
                          << "250us"
                          << "250us";
    QTest::newRow("seed max, 2^63 - 1") << "seed"
                                        << "9223372036854775807"
                                        << "9223372036854775807";
    QTest::newRow("file rate") << "reclaim.kswapd_file_rate"
                               << "5/ms"
                               << "5000/s";
    QTest::newRow("anon rate bare") << "reclaim.kswapd_anon_rate"
                                    << "100"
                                    << "100/s";
    QTest::newRow("swap") << "reclaim.swap"
                          << "no"
                          << "false";
    QTest::newRow("direct reclaim cost ns") << "reclaim.direct_reclaim_cost"
                                            << "500ns"
                                            << "0.5us";
    QTest::newRow("oom kill") << "reclaim.oom_kill"
                              << "64MiB"
                              << "16384 pages";
    QTest::newRow("source rate") << "workload.pagecache.rate"
                                 << "1/ms"
                                 << "1000/s";
    QTest::newRow("bursts base rate") << "workload.net.rate"
                                      << "0/s"
                                      << "0/s";
    QTest::newRow("burst rate") << "workload.net.burst_rate"
                                << "2/ms"
                                << "2000/s";
    QTest::newRow("period") << "workload.net.period"
                            << "2s"
                            << "2s";
    QTest::newRow("burst length") << "workload.net.burst_length"
                                  << "1s"
                                  << "1s";
    QTest::newRow("order") << "workload.net.order"
                           << "10"
                           << "10";
}

void TestParams::applyValid()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, readBack);
    Scenario s = sample();
    const std::string err = applyParam(s, key.toStdString(), value.toStdString());
    QVERIFY2(err.empty(), err.c_str());
    QCOMPARE(QString::fromStdString(paramValue(s, key.toStdString()).value()), readBack);
    // The read-back text is accepted and changes nothing.
    Scenario again = s;
    QVERIFY(applyParam(again, key.toStdString(), readBack.toStdString()).empty());
    QVERIFY(again == s);
}

void TestParams::applyInvalid_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("unknown key with suggestion")
        << "vm.watermark_scale_fator"
        << "10"
        << "unknown parameter 'vm.watermark_scale_fator'; did you mean 'vm.watermark_scale_factor'?";
    QTest::newRow("unknown key prefix") << "vm.watermark_scale"
                                        << "10"
                                        << "did you mean 'vm.watermark_scale_factor'?";
    QTest::newRow("unknown key far away") << "frobnicate"
                                          << "1"
                                          << "unknown parameter 'frobnicate'";
    QTest::newRow("scale factor zero") << "vm.watermark_scale_factor"
                                       << "0"
                                       << "vm.watermark_scale_factor: 0 is out of range 1..3000";
    QTest::newRow("scale factor above") << "vm.watermark_scale_factor"
                                        << "3001"
                                        << "out of range 1..3000";
    QTest::newRow("scale factor text") << "vm.watermark_scale_factor"
                                       << "ten"
                                       << "expected an integer, got 'ten'";
    QTest::newRow("scale factor fraction") << "vm.watermark_scale_factor"
                                           << "10.5"
                                           << "expected an integer";
    QTest::newRow("boost factor above INT_MAX") << "vm.watermark_boost_factor"
                                                << "2147483648"
                                                << "out of range 0..2147483647";
    QTest::newRow("min_free_kbytes negative") << "vm.min_free_kbytes"
                                              << "-1"
                                              << "out of range 0..2147483647 (or \"auto\")";
    QTest::newRow("min_free_kbytes 2^70") << "vm.min_free_kbytes"
                                          << "1180591620717411303424"
                                          << "too large for 64 bits";
    QTest::newRow("lowmem four values") << "vm.lowmem_reserve_ratio"
                                        << "1 2 3 4"
                                        << "expected 5 integers";
    QTest::newRow("lowmem negative") << "vm.lowmem_reserve_ratio"
                                     << "1 2 -3 4 5"
                                     << "Normal ratio: -3 is out of range";
    QTest::newRow("thp maybe") << "transparent_hugepage"
                               << "maybe"
                               << "expected true or false";
    QTest::newRow("unknown policy") << "policy"
                                    << "vanila"
                                    << "unknown policy 'vanila'; did you mean 'vanilla'?";
    QTest::newRow("knob on vanilla") << "policy.debounce_ms"
                                     << "10"
                                     << "unknown parameter 'policy.debounce_ms'";
    QTest::newRow("duration too long") << "duration"
                                       << "31d"
                                       << "longer than 30 days";
    QTest::newRow("duration shorter than tick") << "duration"
                                                << "100us"
                                                << "shorter than the tick (1ms)";
    QTest::newRow("duration without unit") << "duration"
                                           << "60"
                                           << "missing unit";
    QTest::newRow("tick zero") << "tick"
                               << "0s"
                               << "greater than 0";
    QTest::newRow("tick above duration") << "tick"
                                         << "2min"
                                         << "longer than the duration (1min)";
    QTest::newRow("tick above 1s") << "tick"
                                   << "2s"
                                   << "longer than 1s";
    QTest::newRow("negative seed") << "seed"
                                   << "-1"
                                   << "non-negative integer";
    QTest::newRow("negative rate") << "reclaim.kswapd_file_rate"
                                   << "-5/s"
                                   << "must not be negative";
    QTest::newRow("nan rate") << "reclaim.kswapd_anon_rate"
                              << "nan"
                              << "must be finite";
    QTest::newRow("rate above limit") << "reclaim.kswapd_anon_rate"
                                      << "2e9/s"
                                      << "out of range 0/s..1000000000/s";
    QTest::newRow("cost above limit") << "reclaim.direct_reclaim_cost"
                                      << "2s"
                                      << "out of range";
    QTest::newRow("oom kill half page") << "reclaim.oom_kill"
                                        << "2KiB"
                                        << "whole number of 4 KiB pages";
    QTest::newRow("unknown source") << "workload.nope.rate"
                                    << "1/s"
                                    << "unknown parameter 'workload.nope.rate'";
    QTest::newRow("burst rate on poisson") << "workload.pagecache.burst_rate"
                                           << "1/s"
                                           << "unknown parameter";
    QTest::newRow("rate on piecewise") << "workload.pw.rate"
                                       << "1/s"
                                       << "unknown parameter";
    QTest::newRow("period shorter than burst") << "workload.net.period"
                                               << "50ms"
                                               << "shorter than the burst length (100ms)";
    QTest::newRow("zero period") << "workload.net.period"
                                 << "0s"
                                 << "greater than 0";
    QTest::newRow("burst longer than period") << "workload.net.burst_length"
                                              << "2s"
                                              << "longer than the period (1s)";
    QTest::newRow("order 11") << "workload.net.order"
                              << "11"
                              << "out of range 0..10";
    QTest::newRow("empty value") << "vm.watermark_scale_factor"
                                 << ""
                                 << "expected an integer";
}

void TestParams::applyInvalid()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, errorPart);
    Scenario s = sample();
    const Scenario before = s;
    const std::string err = applyParam(s, key.toStdString(), value.toStdString());
    QVERIFY(!err.empty());
    QVERIFY2(QString::fromStdString(err).contains(errorPart), err.c_str());
    QVERIFY(s == before); // untouched
    QCOMPARE(s.sysctls, before.sysctls);
}

void TestParams::valuesRoundTrip()
{
    const Scenario s = sample();
    for (const auto &p : listParams(s)) {
        const auto v = paramValue(s, p.key);
        QVERIFY2(v.has_value(), p.key.c_str());
        Scenario copy = s;
        const std::string err = applyParam(copy, p.key, *v);
        QVERIFY2(err.empty(), (p.key + ": " + err).c_str());
        QVERIFY2(copy == s, p.key.c_str());
    }
    QVERIFY(!paramValue(s, "no.such.key").has_value());
}

void TestParams::listParamsCoversSources()
{
    const auto params = listParams(sample());
    auto has = [&](const std::string &k) {
        return std::any_of(params.begin(), params.end(), [&](const ParamInfo &p) { return p.key == k; });
    };
    for (const char *k : {"vm.min_free_kbytes", "vm.watermark_scale_factor", "vm.watermark_boost_factor",
             "vm.lowmem_reserve_ratio", "transparent_hugepage", "policy", "duration", "tick", "seed", "reclaim.kswapd_file_rate",
             "reclaim.kswapd_anon_rate", "reclaim.swap", "reclaim.direct_reclaim_cost", "workload.net.rate",
             "workload.net.burst_rate", "workload.net.period", "workload.net.burst_length", "workload.net.order",
             "workload.pagecache.rate", "workload.pagecache.order", "workload.pw.order"})
        QVERIFY2(has(k), k);
    QVERIFY(!has("workload.pagecache.burst_rate")); // not a bursts source
    QVERIFY(!has("workload.pw.rate")); // piecewise: edit the points
    for (const auto &p : params) {
        QVERIFY(!p.help.empty());
        QVERIFY(p.min <= p.max);
    }
    const auto scale = findParam(sample(), "vm.watermark_scale_factor");
    QVERIFY(scale.has_value());
    QCOMPARE(scale->min, 1.0);
    QCOMPARE(scale->max, 3000.0);
}

void TestParams::scopes()
{
    const Scenario s = sample();
    for (const char *k : {"transparent_hugepage", "policy", "duration", "tick", "seed"})
        QCOMPARE(findParam(s, k)->scope, ParamScope::Boot);
    for (const char *k : {"vm.min_free_kbytes", "vm.watermark_scale_factor", "vm.lowmem_reserve_ratio", "reclaim.swap",
             "workload.net.rate", "workload.net.order"})
        QCOMPARE(findParam(s, k)->scope, ParamScope::Live);
}

void TestParams::policyChange()
{
    Scenario s = sample();
    s.policy.id = "no-such-policy-for-test";
    s.policy.knobs["debounce_ms"] = 5;
    // Switching to vanilla drops knobs vanilla does not have.
    QVERIFY(applyParam(s, "policy", "vanilla").empty());
    QCOMPARE(s.policy.id, std::string("vanilla"));
    QVERIFY(s.policy.knobs.empty());
    const std::string err = applyParam(s, "policy.debounce_ms", "10");
    QVERIFY2(QString::fromStdString(err).contains("policy 'vanilla' has no knobs"), err.c_str());
}

void TestParams::tickCountBounded()
{
    // duration / tick is at most 2^32 ticks, whichever of the two is set last
    // (run --duration, --set tick): 30 days at 1 ms is 2,592,000,000 ticks, at
    // 100 us 25,920,000,000.
    Scenario s = sample();
    QVERIFY(applyParam(s, "duration", "30d").empty());
    const Scenario before = s;
    const std::string err = applyParam(s, "tick", "100us");
    QVERIFY2(QString::fromStdString(err).contains("is 25920000000 ticks, more than 4294967296"), err.c_str());
    QVERIFY(s == before);
    Scenario t = sample();
    QVERIFY(applyParam(t, "tick", "100us").empty());
    QVERIFY(applyParam(t, "duration", "4d").empty()); // 3,456,000,000 ticks
    QVERIFY(QString::fromStdString(applyParam(t, "duration", "5d")).contains("more than 4294967296"));
}

void TestParams::splitAssignment_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("simple") << "vm.watermark_scale_factor=100" << true << "vm.watermark_scale_factor"
                            << "100";
    QTest::newRow("spaces trimmed") << "  tick = 1ms " << true << "tick"
                                    << "1ms";
    QTest::newRow("value with equals") << "a=b=c" << true << "a"
                                       << "b=c";
    QTest::newRow("empty value") << "seed=" << true << "seed"
                                 << "";
    QTest::newRow("no equals") << "seed" << false << ""
                               << "";
    QTest::newRow("empty key") << "=5" << false << ""
                               << "";
    QTest::newRow("blank key") << "  =5" << false << ""
                               << "";
}

void TestParams::splitAssignment()
{
    QFETCH(QString, input);
    QFETCH(bool, valid);
    QFETCH(QString, key);
    QFETCH(QString, value);
    const auto r = wm::splitAssignment(input.toStdString());
    QCOMPARE(r.has_value(), valid);
    if (valid) {
        QCOMPARE(QString::fromStdString(r->first), key);
        QCOMPARE(QString::fromStdString(r->second), value);
    }
}

QTEST_APPLESS_MAIN(TestParams)
#include "tst_params.moc"
