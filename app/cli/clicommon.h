#pragma once
// Helpers shared by the subcommands: loading a scenario with diagnostics on
// stderr, applying --policy/--seed/--duration/--set, and option parsing.
#include "scenario/scenario.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <string>
#include <vector>

namespace wm::cli {

// Loads a scenario; on failure prints every diagnostic (file:line:col, the
// line and a caret) to stderr and returns nullopt.
std::optional<Scenario> loadScenarioOrReport(const QString &path);

// Applies overrides in order; on failure prints "error: --set key=value: msg"
// and returns false.
struct Overrides {
    std::optional<QString> policy;
    std::optional<QString> seed;
    std::optional<QString> duration;
    std::vector<std::pair<std::string, std::string>> sets;
};
bool applyOverrides(Scenario &s, const Overrides &o);
// Before any work: may `--out DIR` receive this command's outputs (runbundle.h
// bundleTargetProblem)? Prints "error: COMMAND --out: ..." and returns false if not.
bool checkOutDir(const QString &command, const QString &dir, const Scenario &s);
// The value of one `--set key=value` into `o`; sets `error` when there is no '='.
void addSetOverride(const QString &value, Overrides &o, QString &error);

// A minimal GNU-style option reader: --name value, --name=value, flags.
class ArgReader
{
public:
    explicit ArgReader(QStringList args)
        : m_args(std::move(args))
    {
    }
    bool atEnd() const { return m_i >= m_args.size(); }
    QString next() { return m_args.at(m_i++); }
    // If the current argument is --name (or --name=v), consumes it and its value.
    bool option(const QString &name, QString &value, QString &error);
    bool flag(const QString &name);

private:
    QStringList m_args;
    qsizetype m_i = 0;
};

void printError(const QString &message);
void printOut(const QString &text);

} // namespace wm::cli
