#include "cli/clicommon.h"
#include "cli/commands.h"

#include "cli/commands.h"
#include "export/runbundle.h"
#include "recording/pcp_archive.h"
#include "shippedscenarios.h"

#include "scenario/loader.h"
#include "scenario/params.h"
#include "scenario/units.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace wm::cli {

void printError(const QString &message)
{
    QTextStream err(stderr);
    err << message << Qt::endl;
}

namespace {
int g_stdoutErrno = 0; // the first failed write to standard output
} // namespace

bool printOut(const QString &text)
{
    // Control characters (an escape sequence or a NUL in a scenario's name)
    // are shown as \xHH, never sent raw to the terminal; JSON escapes its own.
    QString shown;
    shown.reserve(text.size());
    for (const QChar ch : text) {
        const char16_t u = ch.unicode();
        if ((u < 0x20 && u != u'\n' && u != u'\t') || u == 0x7f || (u >= 0x80 && u < 0xa0))
            shown += QStringLiteral("\\x%1").arg(static_cast<unsigned>(u), 2, 16, QLatin1Char('0'));
        else
            shown += ch;
    }
    const QByteArray bytes = shown.toUtf8();
    errno = 0;
    if (std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stdout)
            != static_cast<std::size_t>(bytes.size())
        || std::fflush(stdout) != 0) {
        if (g_stdoutErrno == 0)
            g_stdoutErrno = errno != 0 ? errno : EIO;
        return false;
    }
    return true;
}

int finishStdout(int rc)
{
    errno = 0;
    if (std::fflush(stdout) != 0 || std::ferror(stdout) || g_stdoutErrno != 0) {
        const int e = g_stdoutErrno != 0 ? g_stdoutErrno : (errno != 0 ? errno : EIO);
        std::fprintf(stderr, "error: cannot write to standard output: %s (the output is incomplete)\n", std::strerror(e));
        std::fflush(stderr);
        return kExitBadInput;
    }
    return rc;
}

std::optional<Scenario> loadScenarioOrReport(const QString &given)
{
    // Not in the current folder: a shipped scenario of that name (lessons/01-watermarks.yaml).
    const QString path = resolveScenarioPath(given);
    const LoadResult r = loadScenarioFile(path.toStdString());
    if (r.ok())
        return r.scenario;
    for (const auto &d : r.diagnostics)
        printError(QString::fromStdString(formatDiagnostic(d, r.text)));
    if (path == given && !QFileInfo::exists(given) && !QDir::isAbsolutePath(given)) {
        const QStringList dirs = shippedScenarioDirs();
        printError(QStringLiteral("%1: not in the current folder, nor among the shipped scenarios (%2)")
                       .arg(given, dirs.isEmpty() ? QStringLiteral("none installed") : dirs.join(QStringLiteral(", "))));
    }
    printError(QStringLiteral("%1: %2 error(s); nothing was run").arg(path).arg(r.diagnostics.size()));
    return std::nullopt;
}

std::optional<recording::Recording> readArchiveOrReport(const QString &archive)
{
    auto res = recording::readPcpArchive(archive.toStdString());
    if (res.ok())
        return std::move(res.recording);
    for (const auto &d : res.errors)
        printError(QString::fromStdString(formatDiagnostic(d, {})));
    return std::nullopt;
}

int usageError(const QString &command, const QString &message)
{
    const Command *c = findCommand(command);
    printError(QStringLiteral("error: ") + message
        + (c ? QStringLiteral("\nusage: watermark-explorer ") + QLatin1String(c->synopsis) : QString()));
    return kExitBadInput;
}

bool checkOutDir(const QString &command, const QString &dir, const Scenario &s)
{
    return checkOutDir(command, dir, s, {QStringLiteral("scenario.yaml")});
}

bool checkOutDir(const QString &command, const QString &dir, const Scenario &s, const QStringList &scenarioNames)
{
    if (dir.isEmpty())
        return true;
    const QString problem = exporter::bundleTargetProblem(dir, s.sourcePath, scenarioNames);
    if (problem.isEmpty())
        return true;
    printError(QStringLiteral("error: %1 --out: %2; nothing was run").arg(command, problem));
    return false;
}

bool refuseSeedSet(const QString &command, const Overrides &o)
{
    for (const auto &[key, value] : o.sets)
        if (key == "seed") {
            printError(QStringLiteral("error: %1: --set seed=%2: %1 runs the seeds --seeds N chooses (1..N, or the "
                                      "scenario's `seeds:` list); use --seeds, or `run --seed` for one seed")
                           .arg(command, QString::fromStdString(value)));
            return true;
        }
    return false;
}

std::vector<std::uint64_t> chooseSeeds(const std::vector<std::uint64_t> &pinned, std::size_t count, bool note)
{
    std::vector<std::uint64_t> seeds;
    if (pinned.empty()) {
        for (std::size_t i = 1; i <= count; ++i)
            seeds.push_back(static_cast<std::uint64_t>(i));
        return seeds;
    }
    seeds.assign(pinned.begin(), pinned.begin() + static_cast<std::ptrdiff_t>(std::min(count, pinned.size())));
    // Fresh seeds after the largest; when that is the largest seed there is,
    // the smallest ones the list does not hold (never fewer seeds than asked).
    std::uint64_t next = *std::max_element(pinned.begin(), pinned.end());
    while (seeds.size() < count && next < kMaxSeed)
        seeds.push_back(++next);
    for (std::uint64_t low = 1; seeds.size() < count && low < kMaxSeed; ++low)
        if (std::find(pinned.begin(), pinned.end(), low) == pinned.end())
            seeds.push_back(low);
    if (note && count != pinned.size())
        printError(QStringLiteral("note: the scenario pins %1 seeds; --seeds %2 uses %3")
                       .arg(pinned.size())
                       .arg(count)
                       .arg(count < pinned.size()
                               ? QStringLiteral("the first %1 of them").arg(count)
                               : QStringLiteral("them and %1 more after the largest (or from 1 up, past the largest seed)")
                                     .arg(seeds.size() - pinned.size())));
    return seeds;
}

bool applyOverrides(Scenario &s, const Overrides &o)
{
    auto apply = [&](const std::string &key, const std::string &value, const QString &flag) {
        const std::string err = applyParam(s, key, value);
        if (err.empty())
            return true;
        // "--set key=value" reads as typed: no space after the '='.
        const QString sep = flag.endsWith(QLatin1Char('=')) ? QString() : QStringLiteral(" ");
        printError(
            QStringLiteral("error: %1%2%3: %4").arg(flag, sep, QString::fromStdString(value), QString::fromStdString(err)));
        return false;
    };
    if (o.policy && !apply("policy", o.policy->toStdString(), QStringLiteral("--policy")))
        return false;
    if (o.seed && !apply("seed", o.seed->toStdString(), QStringLiteral("--seed")))
        return false;
    if (o.duration && !apply("duration", o.duration->toStdString(), QStringLiteral("--duration")))
        return false;
    for (const auto &[k, v] : o.sets)
        if (!apply(k, v, QStringLiteral("--set ") + QString::fromStdString(k) + QLatin1Char('=')))
            return false;
    return true;
}

void addSetOverride(const QString &value, Overrides &o, QString &error)
{
    const auto kv = splitAssignment(value.toStdString());
    if (!kv) {
        error = QStringLiteral("--set expects key=value, got '%1'").arg(value);
        return;
    }
    o.sets.push_back(*kv);
}

bool ArgReader::option(const QString &name, QString &value, QString &error)
{
    if (atEnd())
        return false;
    const QString a = m_args.at(m_i);
    if (a == name) {
        if (m_i + 1 >= m_args.size()) {
            error = name + QStringLiteral(" needs a value");
            ++m_i;
            return true;
        }
        value = m_args.at(m_i + 1);
        m_i += 2;
        return true;
    }
    if (a.startsWith(name + QLatin1Char('='))) {
        value = a.mid(name.size() + 1);
        ++m_i;
        return true;
    }
    return false;
}

bool ArgReader::single(const QString &name, QString &value, QString &error)
{
    if (!option(name, value, error))
        return false;
    if (!error.isEmpty())
        return true;
    if (m_seen.contains(name))
        error = QStringLiteral("%1 given twice (the second one: '%2'); give it once").arg(name, value);
    else if (value.isEmpty())
        error = QStringLiteral("%1 needs a value, got an empty one").arg(name);
    m_seen << name;
    return true;
}

bool ArgReader::flag(const QString &name)
{
    if (!atEnd() && m_args.at(m_i) == name) {
        ++m_i;
        return true;
    }
    return false;
}

} // namespace wm::cli
