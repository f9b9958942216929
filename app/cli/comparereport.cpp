#include "cli/comparereport.h"

#include "stats/stats.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <map>

namespace wm::cli {

namespace {

std::int64_t valueOf(const FlatCounters &c, const std::string &name)
{
    for (const auto &[n, v] : c)
        if (n == name)
            return v;
    return 0;
}

double pct(double num, double den)
{
    return den > 0 ? num / den * 100.0 : 0.0;
}

QJsonArray pair(double lo, double hi)
{
    return QJsonArray {lo, hi};
}

// The rows of the text table: label, metric, whether the cell is the paired difference.
struct Row {
    const char *label;
    const char *metric;
    bool paired = false;
};
const Row kRows[] = {
    {"atomic failures", "sim_atomic_failures"},
    {"warn_alloc msgs", "sim_warn_alloc_messages"},
    {"allocstall", "allocstall"},
    {"pgscan_kswapd", "pgscan_kswapd"},
    {"pgsteal_kswapd", "pgsteal_kswapd"},
    {"pgscan_direct", "pgscan_direct"},
    {"pgsteal_direct", "pgsteal_direct"},
    {"kswapd eff %", "kswapd_efficiency_pct"},
    {"kswapd busy ms", "sim_kswapd_busy_ms"},
    {"below min ms", "sim_time_below_min_ms"},
    {"boosts extfrag", "sim_boosts_extfrag"},
    {"boosts slowpath", "sim_boosts_atomic_slowpath"},
    {"boosts failure", "sim_boosts_atomic_failure"},
    {"min_free changes", "sim_min_free_kbytes_changes"},
    {"extra reclaim", "pages_reclaimed_beyond_first", true},
};

} // namespace

QString compactNumber(double x)
{
    if (!std::isfinite(x))
        return QStringLiteral("nan");
    const double a = std::abs(x);
    auto fmt = [&](double v, const char *suffix) {
        const double av = std::abs(v);
        // 3 significant digits at most: 1.23, 12.3, 123
        const int decimals = av < 9.995 ? 2 : av < 99.95 ? 1 : 0;
        QString s = QString::number(v, 'f', decimals);
        if (s.contains(QLatin1Char('.'))) {
            while (s.endsWith(QLatin1Char('0')))
                s.chop(1);
            if (s.endsWith(QLatin1Char('.')))
                s.chop(1);
        }
        return s + QLatin1String(suffix);
    };
    if (a < 999.5) {
        if (a >= 99.5 || x == std::round(x))
            return QString::number(std::llround(x));
        return fmt(x, "");
    }
    if (a < 999'500)
        return fmt(x / 1e3, "k");
    if (a < 999'500'000)
        return fmt(x / 1e6, "M");
    return fmt(x / 1e9, "G");
}

std::vector<MetricValues> compareMetrics(const CompareInput &in)
{
    std::vector<MetricValues> out;
    if (in.policies.empty() || in.policies.front().runs.empty())
        return out;
    const std::size_t np = in.policies.size();
    std::map<std::string, std::size_t> index;
    auto metric = [&](const std::string &name) -> MetricValues & {
        auto it = index.find(name);
        if (it == index.end()) {
            it = index.emplace(name, out.size()).first;
            out.push_back({name, std::vector<std::vector<double>>(np)});
        }
        return out[it->second];
    };
    // Counters, in flatCounters order (taken from the first run of the first policy).
    for (const auto &[name, v] : in.policies.front().runs.front().counters) {
        (void)v;
        metric(name);
    }
    for (std::size_t p = 0; p < np; ++p)
        for (const auto &run : in.policies[p].runs) {
            for (const auto &[name, v] : run.counters)
                metric(name).values[p].push_back(static_cast<double>(v));
            std::int64_t stalls = 0;
            for (const auto &[name, v] : run.counters)
                if (name.rfind("allocstall_", 0) == 0)
                    stalls += v;
            const auto scanK = static_cast<double>(valueOf(run.counters, "pgscan_kswapd"));
            const auto stealK = static_cast<double>(valueOf(run.counters, "pgsteal_kswapd"));
            const auto scanD = static_cast<double>(valueOf(run.counters, "pgscan_direct"));
            const auto stealD = static_cast<double>(valueOf(run.counters, "pgsteal_direct"));
            metric("allocstall").values[p].push_back(static_cast<double>(stalls));
            metric("kswapd_efficiency_pct").values[p].push_back(pct(stealK, scanK));
            metric("direct_efficiency_pct").values[p].push_back(pct(stealD, scanD));
            metric("pages_reclaimed").values[p].push_back(stealK + stealD);
        }
    const auto &reclaimed = metric("pages_reclaimed").values;
    auto &beyond = metric("pages_reclaimed_beyond_first").values;
    for (std::size_t p = 0; p < np; ++p)
        for (std::size_t s = 0; s < reclaimed[p].size() && s < reclaimed[0].size(); ++s)
            beyond[p].push_back(reclaimed[p][s] - reclaimed[0][s]);
    return out;
}

QJsonObject compareJson(const CompareInput &in)
{
    QJsonObject root;
    root.insert(QStringLiteral("scenario"), QString::fromStdString(in.scenario));
    root.insert(QStringLiteral("scenario_file"), QString::fromStdString(in.scenarioFile));
    root.insert(QStringLiteral("simulated_seconds"), in.durationSeconds);
    QJsonArray seeds;
    for (auto s : in.seeds)
        seeds.append(static_cast<qint64>(s));
    root.insert(QStringLiteral("seeds"), seeds);
    const auto metrics = compareMetrics(in);
    QJsonArray policies;
    for (std::size_t p = 0; p < in.policies.size(); ++p) {
        QJsonObject po;
        po.insert(QStringLiteral("policy"), QString::fromStdString(in.policies[p].policy));
        QJsonObject mo;
        for (const auto &m : metrics) {
            const auto s = stats::summarize(m.values[p]);
            QJsonObject o;
            o.insert(QStringLiteral("mean"), s.mean);
            // One seed has no spread: null, not a zero-width interval that reads as certainty.
            const bool spread = s.n >= 2;
            o.insert(QStringLiteral("stddev"), spread ? QJsonValue(s.stddev) : QJsonValue());
            o.insert(QStringLiteral("ci95"), spread ? QJsonValue(pair(s.ci95Lo, s.ci95Hi)) : QJsonValue());
            {
                // Against the first policy, same seed. The first policy carries
                // its zero difference with itself, so every policy's metric
                // object has the same shape (and identical metrics compare equal).
                const auto d = stats::pairedDifference(m.values[p], m.values[0]);
                QJsonObject po2;
                po2.insert(QStringLiteral("mean"), d.mean);
                po2.insert(QStringLiteral("ci95"), spread ? QJsonValue(pair(d.ci95Lo, d.ci95Hi)) : QJsonValue());
                o.insert(QStringLiteral("paired_diff"), po2);
            }
            mo.insert(QString::fromStdString(m.name), o);
        }
        po.insert(QStringLiteral("metrics"), mo);
        QJsonArray runs;
        for (const auto &r : in.policies[p].runs) {
            QJsonObject ro;
            ro.insert(QStringLiteral("seed"), static_cast<qint64>(r.seed));
            QJsonObject co;
            for (const auto &[name, v] : r.counters)
                co.insert(QString::fromStdString(name), static_cast<qint64>(v));
            ro.insert(QStringLiteral("counters"), co);
            runs.append(ro);
        }
        po.insert(QStringLiteral("runs"), runs);
        policies.append(po);
    }
    root.insert(QStringLiteral("policies"), policies);
    return root;
}

QString compareText(const CompareInput &in, int width)
{
    const auto metrics = compareMetrics(in);
    auto find = [&](const char *name) -> const MetricValues * {
        for (const auto &m : metrics)
            if (m.name == name)
                return &m;
        return nullptr;
    };
    const std::size_t np = in.policies.size();
    // Cells first, to size the columns.
    std::vector<std::vector<QString>> cells(std::size(kRows), std::vector<QString>(np));
    int cellWidth = 6;
    for (std::size_t p = 0; p < np; ++p)
        cellWidth = std::max(cellWidth, static_cast<int>(in.policies[p].policy.size()));
    for (std::size_t r = 0; r < std::size(kRows); ++r) {
        const MetricValues *m = find(kRows[r].metric);
        for (std::size_t p = 0; p < np; ++p) {
            QString c;
            if (!m || m->values[p].empty()) {
                c = QStringLiteral("-");
            } else if (kRows[r].paired && p == 0) {
                c = QStringLiteral("(base)");
            } else {
                const auto s
                    = kRows[r].paired ? stats::pairedDifference(m->values[p], m->values[0]) : stats::summarize(m->values[p]);
                c = (kRows[r].paired && s.mean > 0 ? QStringLiteral("+") : QString()) + compactNumber(s.mean);
                if (s.n >= 2 && s.halfWidth() > 0)
                    c += QStringLiteral("±") + compactNumber(s.halfWidth());
            }
            cellWidth = std::max(cellWidth, static_cast<int>(c.size()));
            cells[r][p] = c;
        }
    }
    // Simulator-only metrics (sim_*, no /proc/vmstat counter) carry a '*'.
    auto rowLabel = [](const Row &row) {
        return QString::fromLatin1(row.label) + (qstrncmp(row.metric, "sim_", 4) == 0 ? QStringLiteral(" *") : QString());
    };
    int labelWidth = 0;
    for (const auto &row : kRows)
        labelWidth = std::max(labelWidth, static_cast<int>(rowLabel(row).size()));
    // Budget in bytes (a mail client and `awk length` may count the UTF-8 "±"
    // as two): one separator, the cell, and one more for the sign.
    const int colWidth = cellWidth + 2;
    const int perTable = std::clamp((width - labelWidth) / colWidth, 1, 4);

    auto clip = [width](QString line) {
        if (line.toUtf8().size() > width)
            line = line.left(width - 3) + QStringLiteral("...");
        return line + QLatin1Char('\n');
    };
    QString out;
    out += clip(QString::fromStdString(in.scenario.empty() ? in.scenarioFile : in.scenario));
    out += clip(QStringLiteral("%1 seeds (%2), %3 s simulated each; cells: mean ± 95% CI")
                    .arg(in.seeds.size())
                    .arg(in.seeds.empty() ? QString() : QStringLiteral("%1..%2").arg(in.seeds.front()).arg(in.seeds.back()))
                    .arg(in.durationSeconds));
    out += clip(QStringLiteral("(Student t). extra reclaim: pgsteal_kswapd+pgsteal_direct"));
    out += clip(
        QStringLiteral("minus %1's, paired per seed.").arg(np ? QString::fromStdString(in.policies.front().policy) : QString()));
    out += clip(QStringLiteral("*: simulator-only metric, not a /proc/vmstat counter."));
    for (std::size_t first = 0; first < np; first += static_cast<std::size_t>(perTable)) {
        const std::size_t last = std::min(np, first + static_cast<std::size_t>(perTable));
        out += QLatin1Char('\n');
        QString head = QString(labelWidth, QLatin1Char(' '));
        for (std::size_t p = first; p < last; ++p)
            head += QLatin1Char(' ') + QString::fromStdString(in.policies[p].policy).rightJustified(cellWidth);
        out += head + QLatin1Char('\n');
        out += QString(head.size(), QLatin1Char('-')) + QLatin1Char('\n');
        for (std::size_t r = 0; r < std::size(kRows); ++r) {
            QString line = rowLabel(kRows[r]).leftJustified(labelWidth);
            for (std::size_t p = first; p < last; ++p)
                line += QLatin1Char(' ') + cells[r][p].rightJustified(cellWidth);
            out += line + QLatin1Char('\n');
        }
    }
    return out;
}

} // namespace wm::cli
