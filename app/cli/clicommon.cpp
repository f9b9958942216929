#include "cli/clicommon.h"

#include "export/runbundle.h"

#include "scenario/loader.h"
#include "scenario/params.h"

#include <QFile>
#include <QTextStream>

#include <cstdio>

namespace wm::cli {

void printError(const QString &message)
{
    QTextStream err(stderr);
    err << message << Qt::endl;
}

void printOut(const QString &text)
{
    QTextStream out(stdout);
    out << text;
    out.flush();
}

std::optional<Scenario> loadScenarioOrReport(const QString &path)
{
    const LoadResult r = loadScenarioFile(path.toStdString());
    if (r.ok())
        return r.scenario;
    for (const auto &d : r.diagnostics)
        printError(QString::fromStdString(formatDiagnostic(d, r.text)));
    printError(QStringLiteral("%1: %2 error(s); nothing was run").arg(path).arg(r.diagnostics.size()));
    return std::nullopt;
}

bool checkOutDir(const QString &command, const QString &dir, const Scenario &s)
{
    if (dir.isEmpty())
        return true;
    const QString problem = exporter::bundleTargetProblem(dir, s.sourcePath);
    if (problem.isEmpty())
        return true;
    printError(QStringLiteral("error: %1 --out: %2; nothing was run").arg(command, problem));
    return false;
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

bool ArgReader::flag(const QString &name)
{
    if (!atEnd() && m_args.at(m_i) == name) {
        ++m_i;
        return true;
    }
    return false;
}

} // namespace wm::cli
