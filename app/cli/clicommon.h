#pragma once
// Helpers shared by the subcommands: loading a scenario with diagnostics on
// stderr, applying --policy/--seed/--duration/--set, and option parsing.
#include "recording/recording.h"
#include "scenario/scenario.h"

#include <QString>
#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wm::cli {

// Loads a scenario; on failure prints every diagnostic (file:line:col, the
// line and a caret) to stderr and returns nullopt.
std::optional<Scenario> loadScenarioOrReport(const QString &path);

// Reads a PCP archive (recording/pcp_archive.h); on failure prints its diagnostics to stderr
// ("ARCHIVE: error: ...") and returns nullopt.
std::optional<recording::Recording> readArchiveOrReport(const QString &archive);
// "error: MESSAGE\nusage: watermark-explorer SYNOPSIS" on stderr; returns kExitBadInput's value (2).
int usageError(const QString &command, const QString &message);

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
// bundleTargetProblem: new, empty or an earlier bundle, writable, not over the
// scenario being run)? Prints "error: COMMAND --out: ..." and returns false if
// not. `scenarioNames`: where the bundle writes its scenario.yaml (run:
// "scenario.yaml"; compare: "<policy>/scenario.yaml"; sweep: none).
bool checkOutDir(const QString &command, const QString &dir, const Scenario &s);
bool checkOutDir(const QString &command, const QString &dir, const Scenario &s, const QStringList &scenarioNames);
// compare and sweep choose their seeds with --seeds: a `--set seed=N` would be
// silently replaced by them, so it is refused ("error: COMMAND: --set seed=N: ...").
bool refuseSeedSet(const QString &command, const Overrides &o);
// The seeds of compare and sweep: 1..count, or, when the scenario pins a list,
// its first `count` seeds, extended with fresh seeds after the largest when the
// list is shorter (never a seed twice). With `note`, says on stderr how a pinned
// list was cut or extended.
std::vector<std::uint64_t> chooseSeeds(const std::vector<std::uint64_t> &pinned, std::size_t count, bool note);
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
    // The same for an option given at most once with a non-empty value (--out,
    // --seed, ...): a second one, or an empty value, sets `error`.
    bool single(const QString &name, QString &value, QString &error);
    bool flag(const QString &name);

private:
    QStringList m_args;
    qsizetype m_i = 0;
    QStringList m_seen; // single() options already given
};

void printError(const QString &message);
// Writes to standard output and flushes it; false on a write error (ENOSPC,
// EFBIG, EIO ...), which finishStdout() then reports.
bool printOut(const QString &text);
// At the end of every command: flushes standard output and checks that every
// write reached it. On an error prints "error: cannot write to standard
// output: REASON" and returns kExitBadInput (2); else returns `rc`.
int finishStdout(int rc);

} // namespace wm::cli
