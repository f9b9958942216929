#include "panels/parametersdock.h"

#include "explain/explain.h"
#include "policy/registry.h"
#include "scenario/params.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QScrollArea>
#include <QVBoxLayout>
#include <algorithm>

namespace wm::gui {

namespace {

QString groupOf(const std::string &key)
{
    if (key.starts_with("vm.") || key == "transparent_hugepage")
        return QObject::tr("Sysctls");
    if (key.starts_with("policy"))
        return QObject::tr("Policy");
    if (key.starts_with("reclaim."))
        return QObject::tr("Reclaim model");
    if (key.starts_with("machine."))
        return QObject::tr("Managed pages (hot-plug)");
    if (key.starts_with("workload.")) {
        const auto dot = key.find('.', 9);
        return QObject::tr("Workload: %1")
            .arg(QString::fromStdString(key.substr(9, dot == std::string::npos ? std::string::npos : dot - 9)));
    }
    return QObject::tr("Run (fixed at start)");
}

QString shortName(const std::string &key)
{
    if (key.starts_with("workload.")) {
        const auto dot = key.find('.', 9);
        if (dot != std::string::npos)
            return QString::fromStdString(key.substr(dot + 1));
    }
    if (key.starts_with("vm."))
        return QString::fromStdString(key.substr(3));
    if (key.starts_with("policy."))
        return QString::fromStdString(key.substr(7));
    if (key.starts_with("reclaim."))
        return QString::fromStdString(key.substr(8));
    if (key.starts_with("machine.node")) { // machine.node0.normal.managed -> "node 0 normal"
        const auto dot1 = key.find('.', 12), dot2 = key.find('.', dot1 + 1);
        if (dot1 != std::string::npos && dot2 != std::string::npos)
            return QStringLiteral("node %1 %2")
                .arg(QString::fromStdString(key.substr(12, dot1 - 12)),
                    QString::fromStdString(key.substr(dot1 + 1, dot2 - dot1 - 1)));
    }
    return QString::fromStdString(key);
}

} // namespace

ParametersDock::ParametersDock(QWidget *parent)
    : QDockWidget(tr("Parameters"), parent)
{
    setObjectName(QStringLiteral("parametersDock"));
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_content = new QWidget(scroll);
    m_layout = new QVBoxLayout(m_content);
    m_layout->setContentsMargins(4, 4, 4, 4);
    m_layout->addStretch(1);
    scroll->setWidget(m_content);
    setWidget(scroll);
    // Room for a key and a value such as "60000/s" or "256 256 32 0 0" side by side.
    setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("watermark_boost_factor   256 256 32 0 0   pages")));
}

void ParametersDock::setScenario(const wm::Scenario &scenario)
{
    m_current = scenario;
    rebuild();
}

void ParametersDock::rebuild()
{
    // Replace the whole content (cheap: happens on load only).
    while (m_layout->count() > 0) {
        QLayoutItem *item = m_layout->takeAt(0);
        delete item->widget();
        delete item;
    }
    m_fields.clear();
    m_keys.clear();
    m_policyBox = nullptr;
    std::map<QString, QFormLayout *> forms;
    std::vector<QString> order;
    auto params = wm::listParams(m_current);
    // Boot-time keys (fixed for a run) last: the editable ones come first.
    std::stable_partition(params.begin(), params.end(),
        [](const wm::ParamInfo &p) { return p.scope == wm::ParamScope::Live || p.key.starts_with("vm.") || p.key == "policy"; });
    for (const wm::ParamInfo &p : params) {
        const QString group = groupOf(p.key);
        QFormLayout *form = forms[group];
        if (!form) {
            auto *box = new QGroupBox(group, m_content);
            form = new QFormLayout(box);
            form->setContentsMargins(6, 6, 6, 6);
            form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
            forms[group] = form;
            m_layout->addWidget(box);
        }
        const QString key = QString::fromStdString(p.key);
        QString tip = QStringLiteral("<b>%1</b><br>%2").arg(key, QString::fromStdString(p.help).toHtmlEscaped());
        const QString extra = explainParam(p.key);
        if (!extra.isEmpty() && extra.toStdString() != p.help)
            tip += QStringLiteral("<br><br>") + extra.toHtmlEscaped();
        if (p.max > p.min)
            tip += tr("<br><i>range %1 .. %2 %3</i>")
                       .arg(p.min, 0, 'g', 10)
                       .arg(p.max, 0, 'g', 10)
                       .arg(QString::fromStdString(p.unit));
        if (p.key == "policy")
            tip += tr("<br><i>Fixed for a run: choosing another restarts the run from t = 0, with your edits.</i>");
        else if (p.scope == wm::ParamScope::Boot)
            tip += tr("<br><i>Fixed for a run: change it in the scenario file.</i>");

        if (p.key == "policy") {
            addPolicyRow(form, tip);
            continue;
        }
        auto *row = new QWidget(m_content);
        auto *v = new QVBoxLayout(row);
        v->setContentsMargins(0, 0, 0, 0);
        v->setSpacing(1);
        auto *h = new QHBoxLayout;
        auto *edit = new QLineEdit(QString::fromStdString(wm::paramValue(m_current, p.key).value_or("")), row);
        edit->setObjectName(key);
        edit->setToolTip(tip);
        edit->setEnabled(p.scope == wm::ParamScope::Live);
        h->addWidget(edit, 1);
        // No unit label when the value carries its own ("15s", "300ms", "60000/s"):
        // "15s us" reads as a contradiction.
        bool plainNumber = false;
        edit->text().toDouble(&plainNumber);
        if (!p.unit.empty() && p.unit != "id" && p.unit != "bool" && (plainNumber || edit->text().isEmpty()))
            h->addWidget(new QLabel(QString::fromStdString(p.unit), row));
        v->addLayout(h);
        auto *msg = new QLabel(row);
        msg->setWordWrap(true);
        msg->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // wraps to the dock, never widens it
        msg->hide();
        v->addWidget(msg);
        auto *label = new QLabel(shortName(p.key), m_content);
        label->setToolTip(tip);
        form->addRow(label, row);
        m_fields[key] = Field {edit, msg};
        m_keys.push_back(p.key);
        connect(edit, &QLineEdit::editingFinished, this, [this, key, edit] {
            const auto cur = wm::paramValue(m_current, key.toStdString());
            if (cur && QString::fromStdString(*cur) == edit->text().trimmed())
                return;
            submit(key, edit->text().trimmed());
        });
    }
    m_layout->addStretch(1);
}

void ParametersDock::addPolicyRow(QFormLayout *form, const QString &tip)
{
    m_policyBox = new QComboBox(m_content);
    m_policyBox->setObjectName(QStringLiteral("policy"));
    m_policyBox->setToolTip(tip);
    m_policyBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_policyBox->setMinimumContentsLength(8);
    for (const wm::PolicyInfo &info : wm::policyInfos()) {
        const QString id = QString::fromStdString(info.id);
        m_policyBox->addItem(QString::fromStdString(info.title), id);
        m_policyBox->setItemData(m_policyBox->count() - 1, QString::fromStdString(info.summary), Qt::ToolTipRole);
    }
    m_policyBox->setCurrentIndex(m_policyBox->findData(QString::fromStdString(m_current.policy.id)));
    connect(m_policyBox, &QComboBox::activated, this, [this](int index) {
        const QString id = m_policyBox->itemData(index).toString();
        if (id.toStdString() != m_current.policy.id)
            Q_EMIT policyChangeRequested(id);
    });
    auto *label = new QLabel(tr("policy"), m_content);
    label->setToolTip(tip);
    form->addRow(label, m_policyBox);
}

void ParametersDock::showValues(const wm::Scenario &effective)
{
    m_current = effective;
    for (auto &[key, f] : m_fields) {
        if (f.edit->hasFocus())
            continue; // never overwrite what the user is typing
        const auto v = wm::paramValue(m_current, key.toStdString());
        const bool replaced = v && f.edit->text() != QString::fromStdString(*v);
        if (replaced)
            f.edit->setText(QString::fromStdString(*v));
        // A message speaks of the text it sits under: "5000 is out of range"
        // or "applied at t = 29 s" under a value the timeline, a reset or a
        // restart put there would be read as being about that value.
        if (replaced || f.refused)
            showMessage(key, {}, false);
    }
    if (m_policyBox)
        m_policyBox->setCurrentIndex(m_policyBox->findData(QString::fromStdString(m_current.policy.id)));
}

QString ParametersDock::submit(const QString &key, const QString &value)
{
    wm::Scenario scratch = m_current;
    const std::string err = wm::applyParam(scratch, key.toStdString(), value.toStdString());
    if (!err.empty()) {
        showMessage(key, QString::fromStdString(err), true);
        return QString::fromStdString(err);
    }
    showMessage(key, tr("sent \u2026"), false);
    Q_EMIT parameterEdited(key, value);
    return {};
}

void ParametersDock::onParameterResult(
    const QString &key, const QString &value, bool accepted, const QString &message, wm::usec_t at)
{
    if (accepted) {
        wm::applyParam(m_current, key.toStdString(), value.toStdString());
        showMessage(key, tr("applied at t = %1 s").arg(static_cast<double>(at) / 1e6, 0, 'f', 3), false);
        if (auto *f = field(key))
            f->setText(QString::fromStdString(wm::paramValue(m_current, key.toStdString()).value_or(value.toStdString())));
    } else {
        showMessage(key, message, true);
    }
}

void ParametersDock::showMessage(const QString &key, const QString &text, bool error)
{
    auto it = m_fields.find(key);
    if (it == m_fields.end())
        return;
    QLabel *l = it->second.message;
    // Break opportunities inside dotted and underscored names
    // ("vm.watermark_boost_factor: ...") so they wrap instead of widening the dock.
    static const QRegularExpression inName(QStringLiteral("(?<=[A-Za-z])([._])(?=[A-Za-z])"));
    QString shown = text;
    shown.replace(inName, QStringLiteral("\\1") + QChar(0x200B));
    l->setText(shown);
    QPalette p = l->palette();
    p.setColor(QPalette::WindowText, error ? QColor(200, 30, 30) : palette().color(QPalette::PlaceholderText));
    l->setPalette(p);
    l->setVisible(!text.isEmpty());
    it->second.edit->setStyleSheet(error ? QStringLiteral("QLineEdit { border: 1px solid #c81e1e; }") : QString());
    it->second.refused = error;
}

QLineEdit *ParametersDock::field(const QString &key) const
{
    auto it = m_fields.find(key);
    return it == m_fields.end() ? nullptr : it->second.edit;
}

QLabel *ParametersDock::messageLabel(const QString &key) const
{
    auto it = m_fields.find(key);
    return it == m_fields.end() ? nullptr : it->second.message;
}

} // namespace wm::gui
