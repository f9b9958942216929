#include "scenariofiles.h"

#include "scenario/loader.h"
#include "scenario/writer.h"

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
#include <QSettings>
#include <QVBoxLayout>

namespace wm::gui {

namespace {

void showDiagnostics(QWidget *parent, const QString &path, const QString &text)
{
    QDialog dlg(parent);
    dlg.setWindowTitle(QObject::tr("Cannot open scenario"));
    auto *layout = new QVBoxLayout(&dlg);
    layout->addWidget(new QLabel(QObject::tr("<b>%1</b> has errors; the current run is unchanged.").arg(path.toHtmlEscaped()), &dlg));
    auto *edit = new QPlainTextEdit(text, &dlg);
    edit->setReadOnly(true);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setMinimumSize(640, 260);
    layout->addWidget(edit);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dlg);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dlg, &QDialog::reject);
    layout->addWidget(buttons);
    dlg.exec();
}

} // namespace

QString ScenarioFiles::askOpenPath(QWidget *parent)
{
    QSettings s;
    const QString dir = s.value(QStringLiteral("files/lastDir")).toString();
    const QString path = QFileDialog::getOpenFileName(parent, QObject::tr("Open scenario"), dir,
                                                      QObject::tr("Scenarios (*.yaml *.yml);;All files (*)"));
    if (!path.isEmpty())
        s.setValue(QStringLiteral("files/lastDir"), QFileInfo(path).absolutePath());
    return path;
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
        QFile f(path);
        if (f.open(QIODevice::ReadOnly) && f.size() < (4 << 20))
            text = f.readAll().toStdString();
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

std::optional<wm::Scenario> ScenarioFiles::load(QWidget *parent, const QString &path)
{
    QString errors;
    auto s = loadQuiet(path, &errors);
    if (!s)
        showDiagnostics(parent, path, errors);
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
    const QString path = QFileDialog::getSaveFileName(parent, QObject::tr("Save scenario"), suggestion,
                                                      QObject::tr("Scenarios (*.yaml *.yml)"));
    if (path.isEmpty())
        return false;
    QSaveFile f(path);
    const std::string yaml = wm::writeScenarioYaml(scenario);
    if (!f.open(QIODevice::WriteOnly) || f.write(yaml.data(), static_cast<qint64>(yaml.size())) < 0 || !f.commit()) {
        QMessageBox::warning(parent, QObject::tr("Save failed"), QObject::tr("Cannot write %1: %2").arg(path, f.errorString()));
        return false;
    }
    s.setValue(QStringLiteral("files/lastDir"), QFileInfo(path).absolutePath());
    return true;
}

} // namespace wm::gui
