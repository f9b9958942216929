// watermark-explorer record -o ARCHIVE [--interval 10ms] [--duration T] [--all-vmstat]
#include "cli/clicommon.h"
#include "cli/commands.h"
#include "recording/pcp_record.h"
#include "scenario/units.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace wm::cli {

namespace {
std::atomic<bool> g_stop {false};
extern "C" void onStopSignal(int)
{
    g_stop.store(true);
}
} // namespace

int cmdRecord(const QStringList &args)
{
    ArgReader r(args);
    QString out, value, error;
    recording::RecordOptions o;
    o.intervalNs = 10'000'000;
    bool outSeen = false;
    while (!r.atEnd()) {
        if (r.option(QStringLiteral("-o"), value, error) || r.option(QStringLiteral("--output"), value, error)) {
            if (outSeen && error.isEmpty())
                error = QStringLiteral("record: -o given twice");
            outSeen = true;
            out = value;
        } else if (r.option(QStringLiteral("--interval"), value, error)) {
            std::string e;
            const auto us = parseDuration(value.toStdString(), &e);
            if (error.isEmpty() && (!us || *us < 1000 || *us > 3'600'000'000LL))
                error = QStringLiteral("record: --interval %1: expected 1ms to 1h%2")
                            .arg(value, e.empty() ? QString() : QStringLiteral(" (%1)").arg(QString::fromStdString(e)));
            else if (us)
                o.intervalNs = *us * 1000;
        } else if (r.option(QStringLiteral("--duration"), value, error)) {
            std::string e;
            const auto us = parseDuration(value.toStdString(), &e);
            if (error.isEmpty() && (!us || *us <= 0 || *us > 366LL * 86400 * 1'000'000))
                error = QStringLiteral("record: --duration %1: expected a time above 0 and at most 366d").arg(value);
            else if (us)
                o.durationNs = *us * 1000;
        } else if (r.flag(QStringLiteral("--all-vmstat"))) {
            o.allVmstat = true;
        } else {
            error = QStringLiteral("record: unexpected argument '%1'").arg(r.next());
        }
        if (!error.isEmpty()) {
            printError(QStringLiteral("error: ") + error + QStringLiteral("\nusage: watermark-explorer ")
                + QLatin1String(findCommand(QStringLiteral("record"))->synopsis));
            return kExitBadInput;
        }
    }
    if (out.isEmpty()) {
        printError(QStringLiteral("error: record: -o ARCHIVE is required\nusage: watermark-explorer ")
            + QLatin1String(findCommand(QStringLiteral("record"))->synopsis));
        return kExitBadInput;
    }
    o.archive = out.toStdString();
    // Ctrl-C, SIGTERM and SIGHUP end the recording with a whole archive (pmiEnd).
    struct sigaction sa {
    };
    sa.sa_handler = onStopSignal;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP})
        sigaction(sig, &sa, nullptr);
    o.stop = &g_stop;
    const bool tty = isatty(STDERR_FILENO) != 0;
    if (tty)
        o.progress = [](std::size_t samples, double seconds) {
            std::fprintf(stderr, "\rrecording: %zu samples, %.0f s (Ctrl-C ends it)   ", samples, seconds);
            std::fflush(stderr);
        };
    const auto res = recording::recordPcpArchive(o);
    if (tty && res.samples > 0)
        std::fputc('\n', stderr);
    if (!res.ok) {
        printError(QStringLiteral("error: record: %1%2")
                       .arg(QString::fromStdString(res.error),
                           res.archiveValid ? QStringLiteral(" (the %1 samples before it are in %2)").arg(res.samples).arg(out)
                                            : QString()));
        return kExitBadInput;
    }
    const double share = res.wallSeconds > 0 ? 100.0 * res.cpuSeconds / res.wallSeconds : 0;
    printOut(QStringLiteral("recorded %1 samples of %2 zones and %3 vmstat counters in %4 s to %5 (interval %6; CPU %7 % "
                            "of one core; %8 intervals missed)\n")
                 .arg(res.samples)
                 .arg(res.zones)
                 .arg(res.vmstatMetrics)
                 .arg(res.wallSeconds, 0, 'f', 1)
                 .arg(out, QString::fromStdString(formatDuration(o.intervalNs / 1000)))
                 .arg(share, 0, 'f', 1)
                 .arg(res.missedDeadlines));
    return kExitOk;
}

} // namespace wm::cli
