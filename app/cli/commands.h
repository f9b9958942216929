#pragma once
// Headless subcommands. Each takes its arguments after the subcommand name and
// returns the process exit code: 0 success, 1 a check failed, 2 bad input.
#include <QStringList>

namespace wm::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;
inline constexpr int kExitBadInput = 2;

using CommandFn = int (*)(const QStringList &args);

struct Command {
    const char *name;
    CommandFn fn;
    const char *synopsis;
    const char *summary; // one line for the general --help
    const char *help; // what it does, every option (one per line, aligned) and its exit codes
};

// The table of subcommands (dispatch.cpp).
const Command *findCommand(const QString &name);
// The usage lines: the GUI form and every subcommand's synopsis.
QString usageText();
// The general --help: the usage lines, the GUI options and the subcommands with their summaries.
QString helpText();
// `COMMAND --help` and `help COMMAND`: the command's synopsis, then its help.
QString commandHelpText(const Command &cmd);

int cmdRun(const QStringList &args);
int cmdValidate(const QStringList &args);
int cmdZoneinfo(const QStringList &args);
int cmdImportZoneinfo(const QStringList &args);
int cmdCompare(const QStringList &args);
int cmdSweep(const QStringList &args);
int cmdRecord(const QStringList &args);
int cmdRecording(const QStringList &args);
int cmdFit(const QStringList &args);
int cmdDistance(const QStringList &args);

} // namespace wm::cli
