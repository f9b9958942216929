#include "cli/commands.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace wm::cli {

namespace {
// Each command's help: what it does, every option its cmd_*.cpp accepts (keep
// resources/watermark-explorer.1 in step: tests/cli/test_help.py checks that
// every long option here is in the man page) and its exit codes. Lines of at
// most 79 columns.
constexpr const char *kRunHelp = "Runs SCENARIO.yaml headless, as fast as it computes, and prints a summary: the\n"
                                 "captions in time order, the counters machine-wide and per zone, and the\n"
                                 "real-time factor. The same scenario, seed and settings always give the same\n"
                                 "result.\n"
                                 "\n"
                                 "Options take their value as --name VALUE or --name=VALUE.\n"
                                 "\n"
                                 "Options:\n"
                                 "  --policy ID      run under policy ID instead of the scenario's (vanilla, v1,\n"
                                 "                   v2, v3, v4, v5, v10, static-min-free, static-wsf, no-boost)\n"
                                 "  --seed N         random seed, 0 .. 2^63-1, instead of the scenario's\n"
                                 "  --duration T     simulated time, e.g. 500ms, 30s, 2min\n"
                                 "  --set key=value  set a parameter before the run (repeatable):\n"
                                 "                   vm.min_free_kbytes, vm.watermark_scale_factor,\n"
                                 "                   policy.<knob>, workload.<name>.rate, ...\n"
                                 "  --json           print one JSON document instead of the text summary\n"
                                 "  --out DIR        also write a review bundle to DIR: run.json, scenario.yaml,\n"
                                 "                   series.csv, events.csv, trace.txt, zoneinfo.txt, vmstat.txt,\n"
                                 "                   charts (PNG, SVG, PDF) and manifest.json\n"
                                 "  --snapshot-at T  also write zoneinfo and vmstat snapshots at simulated time T\n"
                                 "                   (repeatable; needs --out)\n"
                                 "  -h, --help       print this help and exit\n"
                                 "\n"
                                 "Exit status:\n"
                                 "  0  the run completed (and the bundle was written)\n"
                                 "  2  bad input: the scenario does not load, an unknown option or a bad value,\n"
                                 "     or --out DIR is refused or cannot be written\n";

constexpr const char *kCompareHelp = "Runs every policy of --policies on every seed, in parallel, on the identical\n"
                                     "request stream, and reports per policy and metric the mean, standard deviation,\n"
                                     "95% confidence interval and the paired difference against the first policy. The\n"
                                     "text table fits in 72 columns.\n"
                                     "\n"
                                     "Options take their value as --name VALUE or --name=VALUE.\n"
                                     "\n"
                                     "Options:\n"
                                     "  --policies ID,ID,...  the policies to compare, the first is the baseline\n"
                                     "                        (required; vanilla, v1, v2, v3, v4, v5, v10,\n"
                                     "                        static-min-free, static-wsf, no-boost)\n"
                                     "  --seeds N             run N seeds, 1 to 1000: 1..N, or the first N of the\n"
                                     "                        scenario's seeds: list (default 5, or the whole list)\n"
                                     "  --duration T          simulated time of each run, e.g. 30s\n"
                                     "  --set key=value       set a parameter before the runs (repeatable);\n"
                                     "                        policy.<knob>=V applies to each compared policy that\n"
                                     "                        has the knob; seed is refused (use --seeds)\n"
                                     "  --json                print one JSON document instead of the text table\n"
                                     "  --out DIR             also write a review bundle to DIR: one run bundle per\n"
                                     "                        policy (first seed), overlay charts, summary.txt,\n"
                                     "                        compare.json and manifest.json\n"
                                     "  -h, --help            print this help and exit\n"
                                     "\n"
                                     "Exit status:\n"
                                     "  0  every run completed (and the bundle was written)\n"
                                     "  2  bad input: the scenario does not load, an unknown policy, an unknown\n"
                                     "     option or a bad value, or --out DIR is refused or cannot be written\n";

constexpr const char *kSweepHelp = "Runs every point of a parameter grid on every seed, in parallel, and reports\n"
                                   "one metric per run and per grid point (mean, standard deviation, 95% confidence\n"
                                   "interval). One parameter gives a line chart with a confidence band, two a\n"
                                   "heatmap.\n"
                                   "\n"
                                   "Options take their value as --name VALUE or --name=VALUE.\n"
                                   "\n"
                                   "Options:\n"
                                   "  --param NAME=A:B:STEP  sweep parameter NAME from A to B by STEP, with an\n"
                                   "                         optional common unit (10ms:100ms:10ms); repeatable, at\n"
                                   "                         least one; any parameter but seed; at most 10000 grid\n"
                                   "                         points\n"
                                   "  --metric M             the counter to report (default sim_atomic_failures;\n"
                                   "                         any counter of run --json)\n"
                                   "  --seeds N              run N seeds at every point, 1 to 10000 (default 1):\n"
                                   "                         1..N, or the first N of the scenario's seeds: list\n"
                                   "  --policy ID            run under policy ID instead of the scenario's\n"
                                   "  --duration T           simulated time of each run, e.g. 30s\n"
                                   "  --set key=value        set a parameter before the runs (repeatable; seed is\n"
                                   "                         refused)\n"
                                   "  --jobs N               run N simulations at a time, 1 to 1024 (default: the\n"
                                   "                         number of CPUs)\n"
                                   "  --json                 print one JSON document instead of the text summary\n"
                                   "  --out DIR              also write sweep.csv, summary.csv, summary.txt,\n"
                                   "                         sweep.json, the chart (PNG, SVG, PDF) and\n"
                                   "                         manifest.json to DIR; with --plan, the directory the\n"
                                   "                         planned runs write to (default sweep-runs)\n"
                                   "  --plan                 print the runs as independent shell commands, one per\n"
                                   "                         line, each writing DIR/point-<i>-seed-<s>.json, and\n"
                                   "                         run nothing\n"
                                   "  --merge DIR...         read the planned runs' results from the directories\n"
                                   "                         DIR... (every argument up to the next option) instead\n"
                                   "                         of running; give the same SCENARIO.yaml, --param,\n"
                                   "                         --seeds and --metric as --plan\n"
                                   "  -h, --help             print this help and exit\n"
                                   "\n"
                                   "Exit status:\n"
                                   "  0  the sweep completed (or the plan was printed)\n"
                                   "  2  bad input: the scenario does not load, a bad --param, --metric or other\n"
                                   "     option, a missing or foreign --merge result, or --out DIR is refused or\n"
                                   "     cannot be written\n";

constexpr const char *kZoneinfoHelp = "Reads a /proc/zoneinfo file (- for standard input), recomputes every zone's\n"
                                      "min, low and high watermarks from its managed pages and the sysctls, and says\n"
                                      "per zone whether they reproduce: exact, legacy-formula, boost, drift or\n"
                                      "mismatch. The sysctls are the options' values, else the file's '#\n"
                                      "/proc/sys/vm/...' header lines, else /proc/sys/vm for the live /proc/zoneinfo,\n"
                                      "else the kernel defaults.\n"
                                      "\n"
                                      "FILE may be a PCP archive (pmlogger's or record's): every sample is checked\n"
                                      "and each zone's verdict is reported at the start and whenever it changes. The\n"
                                      "sysctls are then the archive's wmx.vm.* values where record logged them.\n"
                                      "\n"
                                      "Options take their value as --name VALUE or --name=VALUE.\n"
                                      "\n"
                                      "Options:\n"
                                      "  --min-free-kbytes K         vm.min_free_kbytes to assume, 0 to 2147483647\n"
                                      "  --watermark-scale-factor S  vm.watermark_scale_factor to assume, 1 to 3000\n"
                                      "  --json                      print one JSON document instead of the text\n"
                                      "                              report\n"
                                      "  -h, --help                  print this help and exit\n"
                                      "\n"
                                      "Exit status:\n"
                                      "  0  every zone reproduces (exact or legacy-formula)\n"
                                      "  1  a zone does not reproduce (boost, drift or mismatch)\n"
                                      "  2  bad input: the file cannot be read or parsed, or an unknown option or a\n"
                                      "     bad value\n";

constexpr const char *kRecordHelp = "Samples this machine's /proc/zoneinfo, /proc/vmstat and /proc/sys/vm at a fixed\n"
                                    "interval and writes a Performance Co-Pilot archive (ARCHIVE.0, .meta, .index)\n"
                                    "through libpcp_import: mem.zoneinfo.* and mem.vmstat.* with PCP's own names,\n"
                                    "identifiers, instances and units, plus what PCP lacks under wmx.* (each zone's\n"
                                    "boost and promo, vm.min_free_kbytes, watermark_scale_factor,\n"
                                    "watermark_boost_factor, lowmem_reserve_ratio). Ctrl-C, SIGTERM or the duration\n"
                                    "end it with a whole archive. PCP's tools read it (pminfo -a, pmdumplog, pmrep).\n"
                                    "\n"
                                    "Options take their value as --name VALUE or --name=VALUE.\n"
                                    "\n"
                                    "Options:\n"
                                    "  -o, --output ARCHIVE  the archive's base name (required; its files must not\n"
                                    "                        exist)\n"
                                    "  --interval T          time between samples, 1ms to 1h (default 10ms)\n"
                                    "  --duration T          stop after T (default: until Ctrl-C or SIGTERM)\n"
                                    "  --all-vmstat          every /proc/vmstat counter PCP knows, not only the\n"
                                    "                        reclaim and allocation ones\n"
                                    "  -h, --help            print this help and exit\n"
                                    "\n"
                                    "Exit status:\n"
                                    "  0  the archive was written\n"
                                    "  2  bad input: an unknown option or a bad value, the archive exists, or a\n"
                                    "     write failed (the samples before it are kept in a valid archive)\n";

constexpr const char *kRecordingHelp = "Reads a Performance Co-Pilot archive (pmlogger's or record's; the base name or\n"
                                       "any of its files) and prints what it holds of the machine: host, kernel,\n"
                                       "samples and interval, per zone the managed pages and the min/low/high\n"
                                       "watermarks at the start and the end, how often the watermarks moved, the\n"
                                       "lowest free pages and the time below low and min, the reclaim counters'\n"
                                       "increase (pgscan/pgsteal for kswapd and direct reclaim, pageoutrun,\n"
                                       "allocstall, ...), gaps and counter resets.\n"
                                       "\n"
                                       "Options:\n"
                                       "  --json      print one JSON document instead of the text report\n"
                                       "  --csv       print every value instead: time_s,metric,instance,value (zone\n"
                                       "              values in pages, counters raw, PCP's metric names)\n"
                                       "  -h, --help  print this help and exit\n"
                                       "\n"
                                       "Exit status:\n"
                                       "  0  the archive was read\n"
                                       "  2  bad input: not a readable PCP archive, damaged, or without\n"
                                       "     mem.zoneinfo values\n";

constexpr const char *kFitHelp = "Builds the scenario that reproduces a PCP archive: the machine of its first\n"
                                 "sample (zones, free pages, file and anon LRU), the sysctls (recorded by\n"
                                 "record, else the values that reproduce the first sample's watermarks), each\n"
                                 "change of a zone's managed pages as a hotplug timeline entry, a workload of\n"
                                 "piecewise rates from the LRU growth, pgsteal and pgalloc counters, and the\n"
                                 "reclaim rates from the intervals in which kswapd and direct reclaim ran. The\n"
                                 "fitted values, how each was found and its spread are printed and written as\n"
                                 "comments; the scenario is checked to load and written atomically.\n"
                                 "\n"
                                 "Options:\n"
                                 "  -o, --output SCENARIO.yaml  the scenario to write (required)\n"
                                 "  --force                     replace an existing SCENARIO.yaml\n"
                                 "  -h, --help                  print this help and exit\n"
                                 "\n"
                                 "Exit status:\n"
                                 "  0  the scenario was written\n"
                                 "  2  bad input: the archive cannot be read, SCENARIO.yaml exists without\n"
                                 "     --force, or it cannot be written\n";

constexpr const char *kDistanceHelp = "Simulates a scenario (by default the one fit makes) against a PCP archive and\n"
                                      "reports, per zone, the free pages' RMS and worst error (also relative to the\n"
                                      "zone's high - min gap) and the time below low and min, recorded and modelled;\n"
                                      "for the machine, the reclaim counters' increase recorded and modelled\n"
                                      "(pgsteal/pgscan for kswapd and direct reclaim, pageoutrun, allocstall,\n"
                                      "kswapd_*_wmark_hit_quickly, compact_stall) and the time of the first kswapd\n"
                                      "run. Tolerances: free pages RMS within 25 % of high - min, pgsteal_kswapd\n"
                                      "within 10 %, pageoutrun within 20 %.\n"
                                      "\n"
                                      "Options take their value as --name VALUE or --name=VALUE.\n"
                                      "\n"
                                      "Options:\n"
                                      "  --scenario S  the scenario to run instead of the fitted one\n"
                                      "  --json        print one JSON document instead of the text report\n"
                                      "  -h, --help    print this help and exit\n"
                                      "\n"
                                      "Exit status:\n"
                                      "  0  every tolerance holds\n"
                                      "  1  a tolerance does not hold\n"
                                      "  2  bad input: the archive or the scenario cannot be read\n";

constexpr const char *kImportZoneinfoHelp = "Builds a scenario reproducing the machine of a /proc/zoneinfo file (- for\n"
                                            "standard input): every node and populated zone, their managed and free pages,\n"
                                            "min_free_kbytes so that the initial watermarks equal the file's, and a default\n"
                                            "workload to edit. The scenario is checked to load and written atomically.\n"
                                            "\n"
                                            "Options take their value as --name VALUE or --name=VALUE.\n"
                                            "\n"
                                            "Options:\n"
                                            "  -o, --output SCENARIO.yaml  the scenario to write (required; - for standard\n"
                                            "                              output); an existing file is replaced only with\n"
                                            "                              --force, never the input file and never a device,\n"
                                            "                              FIFO or directory\n"
                                            "  --force                     replace an existing SCENARIO.yaml\n"
                                            "  --min-free-kbytes K         vm.min_free_kbytes to assume, 0 to 2147483647\n"
                                            "  --watermark-scale-factor S  vm.watermark_scale_factor to assume, 1 to 3000\n"
                                            "  -h, --help                  print this help and exit\n"
                                            "\n"
                                            "Exit status:\n"
                                            "  0  the scenario was written\n"
                                            "  2  bad input: the file cannot be read or parsed, an unknown option or a bad\n"
                                            "     value, or SCENARIO.yaml exists (without --force) or cannot be written;\n"
                                            "     nothing is written\n";

constexpr const char *kValidateHelp = "Loads SCENARIO.yaml and reports every error as file:line:col with the line and\n"
                                      "a caret, or one line saying it is valid (nodes, sources, timeline entries,\n"
                                      "policy). Nothing runs.\n"
                                      "\n"
                                      "Options:\n"
                                      "  -h, --help  print this help and exit\n"
                                      "\n"
                                      "Exit status:\n"
                                      "  0  the scenario is valid\n"
                                      "  2  it is not (every diagnostic is printed), or a bad argument\n";

// One entry per subcommand; add yours here.
const std::array kCommands {
    Command {"run", cmdRun,
        "run SCENARIO.yaml [--policy ID] [--seed N] [--duration T] [--set key=value]... [--json] [--out DIR] [--snapshot-at T]",
        "run a scenario headless and print what happened", kRunHelp},
    Command {"compare", cmdCompare,
        "compare SCENARIO.yaml --policies ID,ID,... [--seeds N] [--duration T] [--set key=value]... [--json] [--out DIR]",
        "run several policies on the same seeded workload and compare them", kCompareHelp},
    Command {"validate", cmdValidate, "validate SCENARIO.yaml", "check a scenario file and report every error", kValidateHelp},
    Command {"zoneinfo", cmdZoneinfo, "zoneinfo FILE|-|ARCHIVE [--min-free-kbytes K] [--watermark-scale-factor S] [--json]",
        "check that a /proc/zoneinfo's watermarks follow the kernel's rules", kZoneinfoHelp},
    Command {"import-zoneinfo", cmdImportZoneinfo,
        "import-zoneinfo FILE -o SCENARIO.yaml [--force] [--min-free-kbytes K] [--watermark-scale-factor S]",
        "turn a /proc/zoneinfo into a scenario of that machine", kImportZoneinfoHelp},
    Command {"sweep", cmdSweep,
        "sweep SCENARIO.yaml --param NAME=A:B:STEP [--param ...] [--metric M] [--seeds N] [--policy ID] [--duration T] [--set "
        "key=value]... [--jobs N] [--json] [--out DIR] [--plan] [--merge DIR...]",
        "run a grid of parameter values on several seeds and summarize a metric", kSweepHelp},
    Command {"record", cmdRecord, "record -o ARCHIVE [--interval T] [--duration T] [--all-vmstat]",
        "record this machine's zones and reclaim counters into a PCP archive", kRecordHelp},
    Command {"recording", cmdRecording, "recording ARCHIVE [--json | --csv]",
        "summarize a PCP archive: zones, watermarks, reclaim counters", kRecordingHelp},
    Command {"fit", cmdFit, "fit ARCHIVE -o SCENARIO.yaml [--force]", "the scenario that reproduces a PCP archive", kFitHelp},
    Command {"distance", cmdDistance, "distance ARCHIVE [--scenario S] [--json]",
        "how far the model is from a PCP archive: free pages and reclaim counters", kDistanceHelp},
};
} // namespace

const Command *findCommand(const QString &name)
{
    for (const auto &c : kCommands)
        if (name == QLatin1String(c.name))
            return &c;
    return nullptr;
}

QString usageText()
{
    QString s = QStringLiteral("usage: watermark-explorer [SCENARIO.yaml] [--play] [--speed X]   (GUI)\n");
    for (const auto &c : kCommands)
        s += QStringLiteral("       watermark-explorer ") + QLatin1String(c.synopsis) + QLatin1Char('\n');
    return s;
}

QString helpText()
{
    QString s = usageText();
    s += QStringLiteral("       watermark-explorer help [COMMAND]\n"
                        "       watermark-explorer --help | --version\n"
                        "\n"
                        "Without a command, opens the window on SCENARIO.yaml (or the default scenario);\n"
                        "given a PCP archive instead, plays it as a recording.\n"
                        "  --play     start playing at once\n"
                        "  --speed X  playback speed: a factor from 0.1 to 1000 (10 or 10x), or max\n"
                        "\n"
                        "Commands (headless):\n");
    qsizetype width = 0;
    for (const auto &c : kCommands)
        width = std::max<qsizetype>(width, static_cast<qsizetype>(std::strlen(c.name)));
    for (const auto &c : kCommands)
        s += QStringLiteral("  ") + QString::fromLatin1(c.name).leftJustified(width + 2) + QLatin1String(c.summary)
            + QLatin1Char('\n');
    s += QStringLiteral("\nExit status: 0 success, 1 a check failed (zoneinfo, distance), 2 bad input.\n"
                        "See 'watermark-explorer COMMAND --help' and man watermark-explorer.\n");
    return s;
}

QString commandHelpText(const Command &cmd)
{
    return QStringLiteral("usage: watermark-explorer ") + QLatin1String(cmd.synopsis) + QStringLiteral("\n\n")
        + QString::fromUtf8(cmd.help);
}

} // namespace wm::cli
