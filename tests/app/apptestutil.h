#pragma once
// Shared helpers for the widget tests: load a scenario from the source tree.
#include "scenario/loader.h"

#include <QApplication>
#include <QDialog>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTest>
#include <QTimer>

#include <string>

namespace wm::test {

inline wm::Scenario loadScenario(const char *name)
{
    const std::string path = std::string(WM_SOURCE_DIR) + "/scenarios/" + name;
    auto r = wm::loadScenarioFile(path);
    if (!r.ok())
        qFatal("cannot load %s", path.c_str());
    return *r.scenario;
}

// Closes the next modal dialog and keeps what it said (title, object name, diagnostics).
class DialogCloser : public QObject
{
public:
    DialogCloser()
    {
        m_timer.setInterval(10);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            auto *w = qobject_cast<QDialog *>(QApplication::activeModalWidget());
            if (!w)
                return;
            title = w->windowTitle();
            objectName = w->objectName();
            if (auto *edit = w->findChild<QPlainTextEdit *>(QStringLiteral("diagnosticsText")))
                text = edit->toPlainText();
            if (auto *label = w->findChild<QLabel *>(QStringLiteral("diagnosticsSummary")))
                summary = label->text();
            w->reject();
            m_timer.stop();
        });
        m_timer.start();
    }
    QString title, objectName, text, summary;

private:
    QTimer m_timer;
};

} // namespace wm::test
