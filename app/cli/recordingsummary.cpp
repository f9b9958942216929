#include "cli/recordingsummary.h"

#include "cli/texttable.h"

#include <QDateTime>
#include <QJsonArray>

namespace wm::cli {

namespace {
using recording::kMissing;
using recording::ZoneMetric;

const char *const kSummaryCounters[] = {"pgscan_kswapd", "pgsteal_kswapd", "pgscan_direct", "pgsteal_direct", "pageoutrun",
    "kswapd_low_wmark_hit_quickly", "kswapd_high_wmark_hit_quickly", "allocstall_dma", "allocstall_dma32", "allocstall_normal",
    "allocstall_movable", "compact_stall", "pgalloc_dma", "pgalloc_dma32", "pgalloc_normal", "pgalloc_movable", "oom_kill"};

QString num(std::int64_t v)
{
    return v == kMissing ? QStringLiteral("-") : QString::number(v);
}
} // namespace

RecordingSummary summarizeRecording(const recording::Recording &r)
{
    RecordingSummary s;
    const std::size_t n = r.samples();
    for (const auto &z : r.zones) {
        ZoneSummary zs;
        zs.node = z.node;
        zs.zone = z.zone;
        std::size_t first = n, last = n;
        for (std::size_t i = 0; i < n; ++i)
            if (z.at(ZoneMetric::Managed, i) != kMissing && z.at(ZoneMetric::Min, i) != kMissing) {
                if (first == n)
                    first = i;
                last = i;
            }
        if (first == n)
            continue;
        zs.managedFirst = z.at(ZoneMetric::Managed, first);
        zs.managedLast = z.at(ZoneMetric::Managed, last);
        zs.minFirst = z.at(ZoneMetric::Min, first);
        zs.lowFirst = z.lastAt(ZoneMetric::Low, first);
        zs.highFirst = z.lastAt(ZoneMetric::High, first);
        zs.minLast = z.at(ZoneMetric::Min, last);
        zs.lowLast = z.lastAt(ZoneMetric::Low, last);
        zs.highLast = z.lastAt(ZoneMetric::High, last);
        std::int64_t pMin = kMissing, pLow = kMissing, pHigh = kMissing, pManaged = kMissing;
        for (std::size_t i = 0; i < n; ++i) {
            const std::int64_t free = z.at(ZoneMetric::Free, i), min = z.at(ZoneMetric::Min, i), low = z.at(ZoneMetric::Low, i),
                               high = z.at(ZoneMetric::High, i), managed = z.at(ZoneMetric::Managed, i);
            if (min != kMissing && low != kMissing && high != kMissing) {
                if (pMin != kMissing && (min != pMin || low != pLow || high != pHigh))
                    ++zs.watermarkChanges;
                pMin = min;
                pLow = low;
                pHigh = high;
            }
            if (managed != kMissing) {
                if (pManaged != kMissing && managed != pManaged)
                    ++zs.managedChanges;
                pManaged = managed;
            }
            if (free == kMissing)
                continue;
            if (zs.freeLowest == kMissing || free < zs.freeLowest) {
                zs.freeLowest = free;
                zs.freeLowestAt = r.seconds[i];
            }
            // The sample's value holds until the next sample.
            const double dt = i + 1 < n ? r.seconds[i + 1] - r.seconds[i] : 0;
            if (pLow != kMissing && free < pLow)
                zs.belowLowSeconds += dt;
            if (pMin != kMissing && free < pMin)
                zs.belowMinSeconds += dt;
        }
        s.zones.push_back(std::move(zs));
    }
    for (const char *name : kSummaryCounters) {
        const auto it = r.counters.find(name);
        if (it == r.counters.end())
            continue;
        std::size_t a = n, b = n;
        for (std::size_t i = 0; i < n; ++i)
            if (it->second.values[i] != kMissing) {
                if (a == n)
                    a = i;
                b = i;
            }
        if (a < b)
            if (const auto d = r.counterDelta(name, a, b))
                s.counters.emplace_back(name, *d);
    }
    return s;
}

QString recordingSummaryText(const recording::Recording &r, const RecordingSummary &s)
{
    QString out;
    const auto q = [](const std::string &t) { return QString::fromStdString(t); };
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(r.startEpochNs / 1'000'000, Qt::UTC);
    out += QStringLiteral("recording  %1\n").arg(q(r.source));
    out += QStringLiteral("host       %1   kernel %2   page size %3 bytes%4\n")
               .arg(r.hostname.empty() ? QStringLiteral("?") : q(r.hostname),
                   r.kernelRelease.empty() ? QStringLiteral("not recorded") : q(r.kernelRelease))
               .arg(r.pageSize)
               .arg(r.pageSizeFromArchive ? QString() : QStringLiteral(" (assumed)"));
    out += QStringLiteral("time       %1 samples over %2 s, every %3 ms, from %4 UTC; %5 gap(s)\n")
               .arg(r.samples())
               .arg(r.duration(), 0, 'f', 3)
               .arg(r.medianInterval() * 1000, 0, 'g', 4)
               .arg(start.toString(QStringLiteral("yyyy-MM-dd hh:mm:ss.zzz")))
               .arg(r.gaps.size());
    const auto sysctl = [&](const std::vector<std::int64_t> &v) {
        std::int64_t first = kMissing, last = kMissing;
        for (const auto x : v)
            if (x != kMissing) {
                if (first == kMissing)
                    first = x;
                last = x;
            }
        if (first == kMissing)
            return QStringLiteral("not recorded");
        return first == last ? QString::number(first) : QStringLiteral("%1 -> %2").arg(first).arg(last);
    };
    out += QStringLiteral("sysctls    min_free_kbytes %1, watermark_scale_factor %2, watermark_boost_factor %3\n\n")
               .arg(sysctl(r.sysctls.minFreeKbytes), sysctl(r.sysctls.watermarkScaleFactor),
                   sysctl(r.sysctls.watermarkBoostFactor));
    QList<QStringList> rows;
    rows.append({QStringLiteral("node/zone"), QStringLiteral("managed"), QStringLiteral("min"), QStringLiteral("low"),
        QStringLiteral("high"), QStringLiteral("marks moved"), QStringLiteral("lowest free"), QStringLiteral("at s"),
        QStringLiteral("<low s"), QStringLiteral("<min s")});
    for (const auto &z : s.zones) {
        const auto range
            = [](std::int64_t a, std::int64_t b) { return a == b ? num(a) : QStringLiteral("%1->%2").arg(num(a), num(b)); };
        rows.append({QStringLiteral("%1/%2").arg(z.node).arg(q(z.zone)), range(z.managedFirst, z.managedLast),
            range(z.minFirst, z.minLast), range(z.lowFirst, z.lowLast), range(z.highFirst, z.highLast),
            QString::number(z.watermarkChanges), num(z.freeLowest), QString::number(z.freeLowestAt, 'f', 2),
            QString::number(z.belowLowSeconds, 'f', 2), QString::number(z.belowMinSeconds, 'f', 2)});
    }
    out += textTable(rows, {false, true, true, true, true, true, true, true, true, true});
    if (!s.counters.empty()) {
        out += QStringLiteral("\nincrease over the recording (mem.vmstat):\n");
        for (const auto &[name, d] : s.counters)
            out += QStringLiteral("  %1 %2\n").arg(q(name), -34).arg(d);
    } else {
        out += QStringLiteral("\nno mem.vmstat counters in this archive\n");
    }
    for (const auto &g : r.gaps)
        out += QStringLiteral("gap: %1 s without samples before %2 s%3\n")
                   .arg(g.seconds, 0, 'f', 3)
                   .arg(r.seconds[g.beforeSample], 0, 'f', 3)
                   .arg(g.mark ? QStringLiteral(" (pmlogger <mark>: logging stopped and restarted)") : QString());
    for (const auto &note : r.notes)
        out += QStringLiteral("note: %1\n").arg(q(note));
    return out;
}

QJsonObject recordingSummaryJson(const recording::Recording &r, const RecordingSummary &s)
{
    const auto q = [](const std::string &t) { return QString::fromStdString(t); };
    const auto jnum = [](std::int64_t v) { return v == kMissing ? QJsonValue() : QJsonValue(static_cast<qint64>(v)); };
    QJsonArray zones;
    for (const auto &z : s.zones)
        zones.append(QJsonObject {{QStringLiteral("node"), z.node}, {QStringLiteral("zone"), q(z.zone)},
            {QStringLiteral("managed_first"), jnum(z.managedFirst)}, {QStringLiteral("managed_last"), jnum(z.managedLast)},
            {QStringLiteral("min_first"), jnum(z.minFirst)}, {QStringLiteral("low_first"), jnum(z.lowFirst)},
            {QStringLiteral("high_first"), jnum(z.highFirst)}, {QStringLiteral("min_last"), jnum(z.minLast)},
            {QStringLiteral("low_last"), jnum(z.lowLast)}, {QStringLiteral("high_last"), jnum(z.highLast)},
            {QStringLiteral("watermark_changes"), static_cast<qint64>(z.watermarkChanges)},
            {QStringLiteral("managed_changes"), static_cast<qint64>(z.managedChanges)},
            {QStringLiteral("free_lowest"), jnum(z.freeLowest)}, {QStringLiteral("free_lowest_at_s"), z.freeLowestAt},
            {QStringLiteral("below_low_s"), z.belowLowSeconds}, {QStringLiteral("below_min_s"), z.belowMinSeconds}});
    QJsonObject counters;
    for (const auto &[name, d] : s.counters)
        counters.insert(q(name), static_cast<qint64>(d));
    QJsonArray gaps;
    for (const auto &g : r.gaps)
        gaps.append(QJsonObject {{QStringLiteral("before_s"), r.seconds[g.beforeSample]}, {QStringLiteral("seconds"), g.seconds},
            {QStringLiteral("mark"), g.mark}});
    QJsonArray notes;
    for (const auto &n : r.notes)
        notes.append(q(n));
    return QJsonObject {{QStringLiteral("recording"), q(r.source)}, {QStringLiteral("hostname"), q(r.hostname)},
        {QStringLiteral("kernel"), q(r.kernelRelease)}, {QStringLiteral("page_size"), static_cast<qint64>(r.pageSize)},
        {QStringLiteral("samples"), static_cast<qint64>(r.samples())}, {QStringLiteral("duration_s"), r.duration()},
        {QStringLiteral("interval_s"), r.medianInterval()},
        {QStringLiteral("start_epoch_s"), static_cast<double>(r.startEpochNs) / 1e9}, {QStringLiteral("zones"), zones},
        {QStringLiteral("counters"), counters}, {QStringLiteral("gaps"), gaps}, {QStringLiteral("notes"), notes}};
}

QString recordingCsv(const recording::Recording &r)
{
    QString out = QStringLiteral("time_s,metric,instance,value\n");
    const auto line = [&out](double t, const QString &metric, const QString &inst, std::int64_t v) {
        if (v != kMissing)
            out += QStringLiteral("%1,%2,%3,%4\n").arg(t, 0, 'f', 6).arg(metric, inst).arg(v);
    };
    for (std::size_t i = 0; i < r.samples(); ++i) {
        const double t = r.seconds[i];
        for (const auto &z : r.zones) {
            const QString inst = QStringLiteral("%1::node%2").arg(QString::fromStdString(z.zone)).arg(z.node);
            for (std::size_t m = 0; m < recording::kZoneMetricCount; ++m)
                line(t, QString::fromStdString(recording::zoneMetricPcpName(static_cast<ZoneMetric>(m))), inst, z.values[m][i]);
            for (std::size_t k = 0; k < z.protection.size(); ++k)
                line(t, QStringLiteral("mem.zoneinfo.protection"), inst + QStringLiteral("::lowmem_reserved%1").arg(k),
                    z.protection[k][i]);
        }
        for (const auto &[name, c] : r.counters)
            line(t, QStringLiteral("mem.vmstat.") + QString::fromStdString(name), QString(), c.values[i]);
        const auto &sy = r.sysctls;
        line(t, QStringLiteral("wmx.vm.min_free_kbytes"), QString(), sy.minFreeKbytes[i]);
        line(t, QStringLiteral("wmx.vm.watermark_scale_factor"), QString(), sy.watermarkScaleFactor[i]);
        line(t, QStringLiteral("wmx.vm.watermark_boost_factor"), QString(), sy.watermarkBoostFactor[i]);
        for (std::size_t k = 0; k < sy.lowmemReserveRatio.size(); ++k)
            line(t, QStringLiteral("wmx.vm.lowmem_reserve_ratio"), QString::number(k), sy.lowmemReserveRatio[k][i]);
    }
    return out;
}

} // namespace wm::cli
