#pragma once
// Parameters dock: every settable key of the scenario (wm::listParams):
// sysctls, the policy's knobs, the reclaim model and each workload source's
// knobs. Live keys are editable while running; a value is first validated on
// a scratch copy (wm::applyParam), so a refused value shows its message next
// to the field and is never sent to the simulation.
#include "scenario/scenario.h"

#include <QDockWidget>

#include <map>

QT_FORWARD_DECLARE_CLASS(QComboBox)
QT_FORWARD_DECLARE_CLASS(QLineEdit)
QT_FORWARD_DECLARE_CLASS(QFormLayout)
QT_FORWARD_DECLARE_CLASS(QLabel)
QT_FORWARD_DECLARE_CLASS(QVBoxLayout)

namespace wm::gui {

class ParametersDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit ParametersDock(QWidget *parent = nullptr);

    void setScenario(const wm::Scenario &scenario);
    // The values in force now (the file's timeline and the accepted edits
    // applied so far): updates every field the user is not editing, and
    // clears the message of each field whose text it replaces and any refusal
    // (it spoke of a value that is no longer shown).
    void showValues(const wm::Scenario &effective);
    // The field of a key (tests), or nullptr.
    QLineEdit *field(const QString &key) const;
    QLabel *messageLabel(const QString &key) const;
    QComboBox *policyBox() const { return m_policyBox; }
    // Validates and, when valid, emits parameterEdited. Returns the error ("" if sent).
    QString submit(const QString &key, const QString &value);

public Q_SLOTS:
    void onParameterResult(const QString &key, const QString &value, bool accepted, const QString &message, wm::usec_t at);

Q_SIGNALS:
    void parameterEdited(const QString &key, const QString &value);
    // The policy is fixed for a run (the kernel it boots): the window restarts the run.
    void policyChangeRequested(const QString &policyId);

private:
    struct Field {
        QLineEdit *edit = nullptr;
        QLabel *message = nullptr;
        bool refused = false; // the message is a refusal (red border)
    };
    void rebuild();
    void addPolicyRow(QFormLayout *form, const QString &tip);
    void showMessage(const QString &key, const QString &text, bool error);

    wm::Scenario m_current; // the scenario with every accepted edit applied
    QWidget *m_content = nullptr;
    QVBoxLayout *m_layout = nullptr;
    std::map<QString, Field> m_fields;
    QComboBox *m_policyBox = nullptr;
    std::vector<std::string> m_keys;
};

} // namespace wm::gui
