#include "cli/runreport.h"

#include "scenario/params.h"

#include "mm/kernel.h"

#include <QJsonArray>
#include <QTextStream>

namespace wm::cli {

std::vector<std::pair<std::string, std::int64_t>> flatCounters(const Snapshot &snap)
{
    bool hasHighmem = false;
    for (const auto &z : snap.zones)
        hasHighmem = hasHighmem || z.type == ZoneType::HighMem;
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (int i = 0; i < kNumCounters; ++i) {
        const auto c = static_cast<Counter>(i);
        const auto &info = counterInfo(c);
        if (!info.perZoneType) {
            out.emplace_back(std::string(info.name), reportedValue(c, snap.counters[c]));
            continue;
        }
        // /proc/vmstat prints one line per zone type, summed over nodes.
        for (int t = 0; t < kMaxNrZones; ++t) {
            const auto type = zoneTypeFromIndex(t);
            if (type == ZoneType::HighMem && !hasHighmem)
                continue;
            out.emplace_back(
                std::string(info.name) + "_" + zoneCounterSuffix(type), reportedValue(c, zoneTypeCounter(snap, c, type)));
        }
    }
    return out;
}

QJsonObject countersJson(const Snapshot &snap)
{
    QJsonObject o;
    for (const auto &[name, value] : flatCounters(snap))
        o.insert(QString::fromStdString(name), static_cast<qint64>(value));
    return o;
}

namespace {
QJsonObject zoneCountersJson(const CounterSet &cs)
{
    QJsonObject o;
    for (int i = 0; i < kNumCounters; ++i) {
        const auto c = static_cast<Counter>(i);
        if (cs[c] != 0)
            o.insert(QString::fromUtf8(counterName(c).data(), static_cast<qsizetype>(counterName(c).size())),
                static_cast<qint64>(reportedValue(c, cs[c])));
    }
    return o;
}
} // namespace

QJsonObject runReportJson(const Simulation &sim, double wallSeconds)
{
    const Snapshot snap = sim.snapshot(false);
    const Scenario &sc = sim.scenario();
    QJsonObject root;
    root.insert(QStringLiteral("scenario"), QString::fromStdString(sc.name));
    root.insert(QStringLiteral("scenario_file"), QString::fromStdString(sc.sourcePath));
    // Every setting the run started with (listParams keys, as --set takes them):
    // what `sweep --merge` checks a result file against.
    QJsonObject params;
    const Scenario &start = sim.initialScenario();
    for (const auto &[key, value] : paramValues(start))
        params.insert(QString::fromStdString(key), QString::fromStdString(value));
    root.insert(QStringLiteral("parameters"), params);
    root.insert(QStringLiteral("policy"), QString::fromStdString(snap.policy));
    root.insert(QStringLiteral("seed"), static_cast<qint64>(snap.seed));
    root.insert(QStringLiteral("tick_us"), static_cast<qint64>(snap.tick));
    const double simSeconds = static_cast<double>(snap.now) / 1e6;
    root.insert(QStringLiteral("simulated_seconds"), simSeconds);
    root.insert(QStringLiteral("wall_seconds"), wallSeconds);
    root.insert(QStringLiteral("wall_realtime_factor"), wallSeconds > 0 ? simSeconds / wallSeconds : 0.0);
    QJsonObject tun;
    tun.insert(QStringLiteral("min_free_kbytes"), static_cast<qint64>(snap.tunables.minFreeKbytes));
    tun.insert(QStringLiteral("boot_min_free_kbytes"), static_cast<qint64>(snap.tunables.bootMinFreeKbytes));
    tun.insert(QStringLiteral("watermark_scale_factor"), static_cast<qint64>(snap.tunables.watermarkScaleFactor));
    tun.insert(QStringLiteral("watermark_boost_factor"), static_cast<qint64>(snap.tunables.watermarkBoostFactor));
    root.insert(QStringLiteral("sysctls"), tun);
    root.insert(QStringLiteral("counters"), countersJson(snap));
    QJsonArray zones;
    for (const auto &z : snap.zones) {
        QJsonObject o;
        o.insert(QStringLiteral("node"), z.node);
        o.insert(
            QStringLiteral("zone"), QString::fromUtf8(zoneName(z.type).data(), static_cast<qsizetype>(zoneName(z.type).size())));
        o.insert(QStringLiteral("managed"), static_cast<qint64>(z.managed));
        o.insert(QStringLiteral("free"), static_cast<qint64>(z.free));
        o.insert(QStringLiteral("min"), static_cast<qint64>(z.min()));
        o.insert(QStringLiteral("low"), static_cast<qint64>(z.low()));
        o.insert(QStringLiteral("high"), static_cast<qint64>(z.high()));
        o.insert(QStringLiteral("boost"), static_cast<qint64>(z.boost));
        o.insert(QStringLiteral("atomic_floor"), static_cast<qint64>(z.atomicFloor));
        o.insert(QStringLiteral("file"), static_cast<qint64>(z.fileLru));
        o.insert(QStringLiteral("anon"), static_cast<qint64>(z.anonLru));
        o.insert(QStringLiteral("nr_reserved_highatomic"), static_cast<qint64>(z.nrReservedHighatomic));
        o.insert(QStringLiteral("counters"), zoneCountersJson(z.counters));
        zones.append(o);
    }
    root.insert(QStringLiteral("zones"), zones);
    QJsonArray nodes;
    for (const auto &n : snap.nodes) {
        QJsonObject o;
        o.insert(QStringLiteral("node"), n.id);
        o.insert(QStringLiteral("kswapd_failures"), n.kswapdFailures);
        o.insert(QStringLiteral("counters"), zoneCountersJson(n.counters));
        nodes.append(o);
    }
    root.insert(QStringLiteral("nodes"), nodes);
    QJsonObject events;
    const auto &byKind = sim.events().countsByKind();
    for (std::size_t i = 0; i < byKind.size(); ++i) {
        // Kinds only a recording's playback logs are not part of a run's schema.
        const auto kind = static_cast<EventKind>(i);
        if (kind == EventKind::WatermarksChanged || kind == EventKind::CompactStall || kind == EventKind::RecordingGap)
            continue;
        const auto name = eventKindName(kind);
        events.insert(QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())), static_cast<qint64>(byKind[i]));
    }
    root.insert(QStringLiteral("events"), events);
    root.insert(QStringLiteral("events_dropped"), static_cast<qint64>(sim.events().dropped()));
    QJsonArray captions;
    for (const auto &e : sim.events().events())
        if (e.kind == EventKind::Caption) {
            QJsonObject c;
            c.insert(QStringLiteral("at_s"), static_cast<double>(e.at) / 1e6);
            c.insert(QStringLiteral("text"), QString::fromStdString(e.text));
            captions.append(c);
        }
    root.insert(QStringLiteral("captions"), captions);
    return root;
}

QString runReportText(const Simulation &sim, double wallSeconds)
{
    const Snapshot snap = sim.snapshot(false);
    const Scenario &sc = sim.scenario();
    QString s;
    QTextStream out(&s);
    const double simSeconds = static_cast<double>(snap.now) / 1e6;
    out << "scenario  " << QString::fromStdString(sc.name) << "  policy " << QString::fromStdString(snap.policy) << "  seed "
        << snap.seed << "\n";
    out << "sysctls   min_free_kbytes " << snap.tunables.minFreeKbytes << " (boot " << snap.tunables.bootMinFreeKbytes
        << ")  watermark_scale_factor " << snap.tunables.watermarkScaleFactor << "  watermark_boost_factor "
        << snap.tunables.watermarkBoostFactor << "\n\n";
    // Captions in time order (lessons run headless this way).
    for (const auto &e : sim.events().events())
        if (e.kind == EventKind::Caption)
            out << QStringLiteral("[%1 s] ").arg(static_cast<double>(e.at) / 1e6, 0, 'f', 3) << QString::fromStdString(e.text)
                << "\n";
    out << QStringLiteral("\n%1 %2 %3 %4 %5 %6 %7 %8\n")
               .arg(QStringLiteral("node/zone"), -14)
               .arg(QStringLiteral("managed"), 10)
               .arg(QStringLiteral("free"), 9)
               .arg(QStringLiteral("min"), 7)
               .arg(QStringLiteral("low"), 7)
               .arg(QStringLiteral("high"), 7)
               .arg(QStringLiteral("boost"), 6)
               .arg(QStringLiteral("atomic fails"), 12);
    for (const auto &z : snap.zones) {
        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8\n")
                   .arg(QStringLiteral("%1/%2").arg(z.node).arg(QString::fromUtf8(zoneName(z.type).data())), -14)
                   .arg(z.managed, 10)
                   .arg(z.free, 9)
                   .arg(z.min(), 7)
                   .arg(z.low(), 7)
                   .arg(z.high(), 7)
                   .arg(z.boost, 6)
                   .arg(z.counters[Counter::SimAtomicFailures], 12);
    }
    out << "\n";
    for (const auto &[name, value] : flatCounters(snap))
        if (value != 0)
            out << QStringLiteral("  %1 %2\n").arg(QString::fromStdString(name), -34).arg(value);
    out << QStringLiteral("\nsimulated %1 s in %2 s wall: %3x real time\n")
               .arg(simSeconds, 0, 'f', 3)
               .arg(wallSeconds, 0, 'f', 3)
               .arg(wallSeconds > 0 ? simSeconds / wallSeconds : 0.0, 0, 'f', 0);
    return s;
}

} // namespace wm::cli
