#include "scenariofiles.h"

#include "scenario/loader.h"
#include "scenario/source_edit.h"
#include "scenario/writer.h"
#include "zoneinfo/checker.h"
#include "zoneinfo/importer.h"
#include "zoneinfo/parser.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSaveFile>
#include <QScreen>
#include <QSettings>
#include <QVBoxLayout>

#include <algorithm>

namespace wm::gui {

void ScenarioFiles::showDiagnostics(
    QWidget *parent, const QString &path, const QString &text, const QString &title, const QString &consequence)
{
    QDialog dlg(parent);
    dlg.setObjectName(QStringLiteral("scenarioDiagnostics"));
    dlg.setWindowTitle(title.isEmpty() ? QObject::tr("Cannot open scenario") : title);
    auto *layout = new QVBoxLayout(&dlg);
    auto *what
        = new QLabel(QObject::tr("<b>%1</b> has errors; %2.")
                         .arg(path.toHtmlEscaped(),
                             consequence.isEmpty() ? QObject::tr("the current run is unchanged") : consequence.toHtmlEscaped()),
            &dlg);
    what->setObjectName(QStringLiteral("diagnosticsSummary"));
    what->setWordWrap(true);
    layout->addWidget(what);
    auto *edit = new QPlainTextEdit(text, &dlg);
    edit->setObjectName(QStringLiteral("diagnosticsText"));
    edit->setReadOnly(true);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    edit->setFont(fixed);
    // No wrapping (the caret lines up under its column), so open wide enough
    // for the longest line, up to most of the screen.
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    int longest = 0;
    const QFontMetrics fm(fixed);
    for (const QString &line : text.split(QLatin1Char('\n')))
        longest = std::max(longest, fm.horizontalAdvance(line));
    const int screenWidth = dlg.screen() ? dlg.screen()->availableGeometry().width() : 1280;
    edit->setMinimumSize(std::clamp(longest + 40, 640, screenWidth * 9 / 10 - 40), 260);
    layout->addWidget(edit);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dlg);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dlg, &QDialog::reject);
    layout->addWidget(buttons);
    dlg.exec();
}

namespace {
// An open-file dialog that starts in the folder remembered under `settingsKey`
// and remembers the folder of the file picked.
QString askPathRemembering(QWidget *parent, const QString &settingsKey, const QString &title, const QString &filter)
{
    QSettings s;
    const QString path = QFileDialog::getOpenFileName(parent, title, s.value(settingsKey).toString(), filter);
    if (!path.isEmpty())
        s.setValue(settingsKey, QFileInfo(path).absolutePath());
    return path;
}
} // namespace

QString ScenarioFiles::askOpenPath(QWidget *parent)
{
    return askPathRemembering(parent, QStringLiteral("files/lastDir"), QObject::tr("Open scenario"),
        QObject::tr("Scenarios (*.yaml *.yml);;All files (*)"));
}

std::optional<wm::Scenario> ScenarioFiles::loadQuiet(const QString &path, QString *errors)
{
    wm::LoadResult r;
    std::string text;
    if (path.startsWith(QLatin1Char(':'))) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            if (errors)
                *errors = QObject::tr("%1: cannot open resource").arg(path);
            return std::nullopt;
        }
        text = f.readAll().toStdString();
        r = wm::loadScenarioText(text, path.toStdString());
    } else {
        r = wm::loadScenarioFile(path.toStdString());
        text = r.text;
    }
    if (r.ok())
        return r.scenario;
    if (errors) {
        QStringList lines;
        for (const auto &d : r.diagnostics)
            lines << QString::fromStdString(wm::formatDiagnostic(d, text));
        *errors = lines.join(QLatin1Char('\n'));
        if (errors->isEmpty())
            *errors = QObject::tr("%1: could not be loaded").arg(path);
    }
    return std::nullopt;
}

std::optional<wm::Scenario> ScenarioFiles::load(QWidget *parent, const QString &path, const QString &consequence)
{
    QString errors;
    auto s = loadQuiet(path, &errors);
    if (!s)
        showDiagnostics(parent, path, errors, QString(), consequence);
    return s;
}

QString ScenarioFiles::saveTo(const QString &path, const wm::Scenario &scenario)
{
    QSaveFile f(path);
    // Keep the user's file as they wrote it (comments, order, units) when the
    // session only added timeline entries; otherwise write the scenario afresh.
    std::optional<std::string> kept;
    if (!scenario.sourcePath.empty()) {
        QFile source(QString::fromStdString(scenario.sourcePath));
        if (source.size() <= static_cast<qint64>(wm::kMaxScenarioFileBytes) && source.open(QIODevice::ReadOnly)) {
            const QByteArray text = source.readAll();
            kept = wm::appendSessionEdits(
                std::string_view(text.constData(), static_cast<std::size_t>(text.size())), scenario.sourcePath, scenario);
        }
    }
    const std::string yaml = kept ? *kept : wm::writeScenarioYaml(scenario);
    if (!f.open(QIODevice::WriteOnly) || f.write(yaml.data(), static_cast<qint64>(yaml.size())) < 0 || !f.commit())
        return QObject::tr("Cannot write %1: %2").arg(path, f.errorString());
    return {};
}

QString ScenarioFiles::askZoneinfoPath(QWidget *parent)
{
    return askPathRemembering(parent, QStringLiteral("files/lastZoneinfoDir"), QObject::tr("Import /proc/zoneinfo"),
        QObject::tr("zoneinfo text (*zoneinfo* *.txt);;All files (*)"));
}

namespace {

QString importNotice(const QString &path, const wm::ZoneinfoCheckResult &check)
{
    QStringList zones;
    int off = 0;
    for (const wm::ZoneCheck &z : check.zones) {
        if (z.verdict == wm::ZoneVerdict::Exact || z.verdict == wm::ZoneVerdict::LegacyFormula || z.managed == 0)
            continue;
        ++off;
        if (zones.size() < 4)
            zones << QObject::tr("node %1 %2 (%3): file %L4/%L5/%L6, simulated %L7/%L8/%L9")
                         .arg(z.node)
                         .arg(QString::fromStdString(z.zone), QString::fromUtf8(wm::zoneVerdictName(z.verdict)))
                         .arg(z.observedMin)
                         .arg(z.observedLow)
                         .arg(z.observedHigh)
                         .arg(z.computed.min())
                         .arg(z.computed.low())
                         .arg(z.computed.high());
    }
    if (off == 0)
        return {};
    if (off > zones.size())
        zones << QObject::tr("\u2026");
    return QObject::tr("%1 of the populated zones in %2 print watermarks (min/low/high) that the kernel's rules do not give "
                       "for their managed pages now; the simulation starts from the recomputed ones. %3. "
                       "<i>watermark-explorer zoneinfo %2</i> explains each zone.")
        .arg(off)
        .arg(QFileInfo(path).fileName().toHtmlEscaped(), zones.join(QStringLiteral("; ")));
}

} // namespace

std::optional<wm::Scenario> ScenarioFiles::importZoneinfoQuiet(const QString &path, QString *errors, QString *notice)
{
    auto fail = [errors](const QString &msg) -> std::optional<wm::Scenario> {
        if (errors)
            *errors = msg;
        return std::nullopt;
    };
    const std::string file = path.toStdString();
    std::string text, readError;
    if (!wm::readZoneinfoFile(file, text, readError))
        return fail(QString::fromStdString(readError));
    const auto parsed = wm::parseZoneinfo(text, file);
    auto formatAll = [&text](const std::vector<wm::Diagnostic> &ds) {
        QStringList lines;
        for (const auto &d : ds)
            lines << QString::fromStdString(wm::formatDiagnostic(d, text));
        return lines.join(QLatin1Char('\n'));
    };
    if (!parsed.ok()) {
        const QString msg = formatAll(parsed.errors);
        return fail(msg.isEmpty() ? QObject::tr("%1: no zone found; is this a /proc/zoneinfo file?").arg(path) : msg);
    }
    wm::ZoneinfoCheckOptions options;
    if (wm::isLiveZoneinfoPath(file))
        options.proc = wm::readProcSysctls();
    const auto imported = wm::importZoneinfo(parsed, options);
    if (!imported.ok()) {
        const QString msg = formatAll(imported.errors);
        return fail(msg.isEmpty() ? QObject::tr("%1: could not be imported").arg(path) : msg);
    }
    // Same guarantee as the CLI: the scenario must survive a save and load.
    const std::string yaml = wm::writeScenarioYaml(*imported.scenario);
    const auto reloaded = wm::loadScenarioText(yaml, file);
    if (!reloaded.ok()) {
        QStringList lines {QObject::tr("internal error: the imported scenario does not load again:")};
        for (const auto &d : reloaded.diagnostics)
            lines << QString::fromStdString(wm::formatDiagnostic(d, yaml));
        return fail(lines.join(QLatin1Char('\n')));
    }
    wm::Scenario s = *reloaded.scenario;
    if (notice)
        *notice = importNotice(path, wm::checkZoneinfo(parsed, options));
    // Save suggests "<name>-edited.yaml" next to the source; never next to /proc/zoneinfo.
    s.sourcePath = wm::isLiveZoneinfoPath(file) ? std::string() : file;
    return s;
}

std::optional<wm::Scenario> ScenarioFiles::importZoneinfo(QWidget *parent, const QString &path, QString *notice)
{
    QString errors;
    auto s = importZoneinfoQuiet(path, &errors, notice);
    if (!s)
        showDiagnostics(parent, path, errors, QObject::tr("Cannot import /proc/zoneinfo"));
    return s;
}

bool ScenarioFiles::save(QWidget *parent, const wm::Scenario &scenario)
{
    QSettings s;
    QString suggestion = QString::fromStdString(scenario.sourcePath);
    if (suggestion.isEmpty() || suggestion.startsWith(QLatin1Char(':')))
        suggestion = s.value(QStringLiteral("files/lastDir")).toString() + QStringLiteral("/session.yaml");
    else
        suggestion = QFileInfo(suggestion).absolutePath() + QLatin1Char('/') + QFileInfo(suggestion).completeBaseName()
            + QStringLiteral("-edited.yaml");
    const QString path
        = QFileDialog::getSaveFileName(parent, QObject::tr("Save scenario"), suggestion, QObject::tr("Scenarios (*.yaml *.yml)"));
    if (path.isEmpty())
        return false;
    if (const QString error = saveTo(path, scenario); !error.isEmpty()) {
        QMessageBox::warning(parent, QObject::tr("Save failed"), error);
        return false;
    }
    s.setValue(QStringLiteral("files/lastDir"), QFileInfo(path).absolutePath());
    return true;
}

} // namespace wm::gui
