// watermark-explorer: no arguments (or a scenario file) opens the GUI; a
// subcommand (run, compare, sweep, zoneinfo, ...) runs headless.
#include "cli/clicommon.h"
#include "cli/commands.h"
#include "mainwindow.h"
#include "recording/pcp_archive.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QIcon>
#include <QPalette>
#include <QStyleFactory>
#include <QTemporaryDir>

#include <QTextStream>
#include <cmath>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace {

bool displayAvailable()
{
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    if (!platform.isEmpty() && !platform.startsWith("xcb") && !platform.startsWith("wayland"))
        return true; // offscreen, minimal, vnc, eglfs ... need no display variable
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

struct GuiArgs {
    QString scenario;
    bool play = false;
    double speed = -1; // unset
    QString error;
};

GuiArgs parseGuiArgs(const QStringList &args)
{
    GuiArgs g;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        if (a == QLatin1String("--play")) {
            g.play = true;
        } else if (a == QLatin1String("--speed") || a.startsWith(QLatin1String("--speed="))) {
            QString v
                = a.contains(QLatin1Char('=')) ? a.section(QLatin1Char('='), 1) : (i + 1 < args.size() ? args[++i] : QString());
            if (v.endsWith(QLatin1Char('x')) && v != QLatin1String("max"))
                v.chop(1); // "10x"
            bool ok = false;
            g.speed = v == QLatin1String("max") ? 0 : v.toDouble(&ok);
            if (v != QLatin1String("max") && (!ok || !std::isfinite(g.speed) || g.speed < 0.1 || g.speed > 1000))
                g.error = QStringLiteral("--speed: expected a factor (0.1 .. 1000) or 'max', got '%1'").arg(v);
        } else if (a.startsWith(QLatin1String("-"))) {
            g.error = QStringLiteral("unknown option '%1'").arg(a);
        } else if (g.scenario.isEmpty()) {
            g.scenario = a;
        } else {
            g.error = QStringLiteral("unexpected argument '%1'").arg(a);
        }
    }
    return g;
}

bool isHelpOption(const char *arg)
{
    return std::strcmp(arg, "--help") == 0 || std::strcmp(arg, "-h") == 0;
}

int runHeadless(int argc, char **argv, const wm::cli::Command *cmd)
{
    // `COMMAND ... --help` (or -h anywhere after the command): its help, nothing run.
    for (int i = 2; i < argc; ++i)
        if (isHelpOption(argv[i])) {
            std::fputs(wm::cli::commandHelpText(*cmd).toLocal8Bit().constData(), stdout);
            return wm::cli::finishStdout(wm::cli::kExitOk);
        }
    // Commands that write charts (--out: PNG/SVG/PDF through Qt Charts, which
    // needs a QApplication) get one on the offscreen platform unless the user chose one.
    bool charts = false;
    for (int i = 2; i < argc; ++i)
        charts = charts || std::strncmp(argv[i], "--out", 5) == 0;
    if (charts && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> app(charts ? new QApplication(argc, argv) : new QCoreApplication(argc, argv));
    QCoreApplication::setApplicationName(QStringLiteral("watermark-explorer"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WM_VERSION));
    QStringList args = QCoreApplication::arguments();
    args.erase(args.begin(), args.begin() + 2); // program name and subcommand
    return wm::cli::finishStdout(cmd->fn(args));
}

// WM_THEME=dark: Fusion with a dark palette, to check the dark look on a
// desktop that has none (Xvfb). Otherwise the platform's palette is used.
void applyThemeFromEnvironment()
{
    if (qgetenv("WM_THEME") != "dark")
        return;
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(220, 220, 220), disabled(127, 127, 127);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, QColor(60, 60, 64));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Light, QColor(70, 70, 74));
    p.setColor(QPalette::Midlight, QColor(60, 60, 64));
    p.setColor(QPalette::Mid, QColor(40, 40, 42));
    p.setColor(QPalette::Dark, QColor(25, 25, 26));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Link, QColor(90, 160, 240));
    p.setColor(QPalette::Highlight, QColor(42, 110, 200));
    p.setColor(QPalette::HighlightedText, Qt::white);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    QApplication::setPalette(p);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc > 1) {
        const QString first = QString::fromLocal8Bit(argv[1]);
        if (first == QLatin1String("help") && argc > 2 && !isHelpOption(argv[2])) {
            // `help COMMAND`: the same text as `COMMAND --help`.
            const QString name = QString::fromLocal8Bit(argv[2]);
            const auto *cmd = wm::cli::findCommand(name);
            if (!cmd || argc > 3) {
                std::fprintf(stderr, "watermark-explorer: help: %s\n\n%s",
                    (cmd ? QStringLiteral("expected one COMMAND") : QStringLiteral("unknown command '%1'").arg(name))
                        .toLocal8Bit()
                        .constData(),
                    wm::cli::helpText().toLocal8Bit().constData());
                return wm::cli::kExitBadInput;
            }
            std::fputs(wm::cli::commandHelpText(*cmd).toLocal8Bit().constData(), stdout);
            return wm::cli::finishStdout(wm::cli::kExitOk);
        }
        if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
            std::fputs(wm::cli::helpText().toLocal8Bit().constData(), stdout);
            return wm::cli::finishStdout(wm::cli::kExitOk);
        }
        if (first == QLatin1String("--version")) {
            std::printf("watermark-explorer %s\n", WM_VERSION);
            return wm::cli::finishStdout(0);
        }
        if (const auto *cmd = wm::cli::findCommand(first))
            return runHeadless(argc, argv, cmd);
    }

    QStringList rawArgs;
    for (int i = 1; i < argc; ++i) {
        if (isHelpOption(argv[i])) { // `SCENARIO.yaml --play --help`: the general help, no window
            std::fputs(wm::cli::helpText().toLocal8Bit().constData(), stdout);
            return wm::cli::finishStdout(wm::cli::kExitOk);
        }
        rawArgs << QString::fromLocal8Bit(argv[i]);
    }
    const GuiArgs g = parseGuiArgs(rawArgs);
    if (!g.error.isEmpty()) {
        std::fprintf(stderr, "watermark-explorer: %s\n\n%s", g.error.toLocal8Bit().constData(),
            wm::cli::usageText().toLocal8Bit().constData());
        return wm::cli::kExitBadInput;
    }

    const bool archive = !g.scenario.isEmpty() && wm::recording::looksLikePcpArchive(g.scenario.toStdString());
    if (!displayAvailable()) {
        std::fprintf(stderr,
            "watermark-explorer: no display (DISPLAY / WAYLAND_DISPLAY unset); %s headless "
            "instead.\nUse QT_QPA_PLATFORM=offscreen to force the GUI, or see --help for the subcommands.\n",
            archive ? "summarizing the recording" : "running the scenario");
        QCoreApplication app(argc, argv);
        // A recording without a window: its summary, as `watermark-explorer recording ARCHIVE`.
        if (archive)
            return wm::cli::cmdRecording({g.scenario});
        QString scenario = g.scenario.isEmpty() ? QStringLiteral(":/scenarios/default.yaml") : g.scenario;
        // The core reads files, not Qt resources: run the embedded default from a copy.
        QTemporaryDir tmp;
        if (scenario.startsWith(QLatin1Char(':'))) {
            const QString copy = tmp.path() + QStringLiteral("/default.yaml");
            if (!tmp.isValid() || !QFile::copy(scenario, copy)) {
                std::fprintf(stderr, "watermark-explorer: cannot extract the default scenario to %s\n",
                    tmp.path().toLocal8Bit().constData());
                return wm::cli::kExitBadInput;
            }
            scenario = copy;
        }
        return wm::cli::finishStdout(wm::cli::cmdRun({scenario}));
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("watermark-explorer"));
    QApplication::setApplicationDisplayName(QStringLiteral("Watermark Explorer"));
    QApplication::setOrganizationName(QStringLiteral("watermarkexplorer.org"));
    QApplication::setOrganizationDomain(QStringLiteral("watermarkexplorer.org"));
    QApplication::setApplicationVersion(QStringLiteral(WM_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.watermarkexplorer.WatermarkExplorer"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/resources/icons/org.watermarkexplorer.WatermarkExplorer.svg")));

    applyThemeFromEnvironment();

    wm::gui::MainWindow w;
    w.show();
    // A PCP archive plays as a recording; it loads on the worker thread, and when it cannot
    // be read its errors are shown and the default scenario opens (MainWindow::openRecording).
    if (archive) {
        if (g.speed >= 0)
            w.setSpeed(g.speed);
        w.openRecording(g.scenario, g.play);
        return app.exec();
    }
    bool ok = false;
    if (!g.scenario.isEmpty())
        ok = w.openScenario(g.scenario);
    // No file, or one that does not load (its errors were shown): the default,
    // never an empty window.
    if (g.scenario.isEmpty())
        ok = w.openScenario(QStringLiteral(":/scenarios/default.yaml"));
    else if (!ok)
        w.openScenario(QStringLiteral(":/scenarios/default.yaml")); // not played: it is not what was asked for
    if (g.speed >= 0)
        w.setSpeed(g.speed);
    if (ok && g.play)
        w.play();
    return app.exec();
}
