#include "statusinfo.h"

#include "policy/registry.h"

#include <QLabel>
#include <QStatusBar>

namespace wm::gui {

StatusInfo::StatusInfo(QStatusBar *bar)
    : QObject(bar)
{
    auto add = [bar](const QString &tip, int minWidth) {
        auto *l = new QLabel(bar);
        l->setToolTip(tip);
        l->setMinimumWidth(minWidth);
        l->setContentsMargins(6, 0, 6, 0); // "…/ 86400 s" and "414× real time" never touch
        bar->addPermanentWidget(l);
        return l;
    };
    m_state = add(tr("Simulation state"), 70);
    m_time = add(tr("Simulated time / scenario duration"), 170);
    m_rtf = add(tr("Real-time factor: simulated seconds per real second"), 110);
    m_seed = add(tr("Workload RNG seed"), 80);
    m_policy = add(tr("Policy"), 160);
}

void StatusInfo::update(const wm::Snapshot &snap, const WorkerStatus &status)
{
    m_state->setText(snap.finished ? tr("finished") : status.running ? tr("running") : tr("paused"));
    m_time->setText(tr("t = %1 s / %2 s")
                        .arg(static_cast<double>(snap.now) / 1e6, 0, 'f', 3)
                        .arg(static_cast<double>(snap.duration) / 1e6, 0, 'f', 0));
    if (status.running && status.realTimeFactor > 0)
        m_rtf->setText(tr("%1\u00d7 real time").arg(status.realTimeFactor, 0, 'g', 3));
    else
        m_rtf->setText(status.maxSpeed ? tr("speed: max") : tr("speed: %1\u00d7").arg(status.speed));
    if (snap.recorded) {
        // A recording: which sample, from which machine.
        const auto &r = *snap.recorded;
        m_seed->setText(tr("sample %L1 / %L2").arg(r.sample + 1).arg(r.samples));
        m_policy->setText(tr("recorded on %1").arg(QString::fromStdString(r.hostname.empty() ? "?" : r.hostname)));
        m_policy->setToolTip(tr("%1\nkernel %2").arg(QString::fromStdString(r.source), QString::fromStdString(r.kernelRelease)));
        return;
    }
    m_seed->setText(tr("seed %1").arg(snap.seed));
    const auto *info = wm::findPolicyInfo(snap.policy);
    m_policy->setText(tr("policy: %1").arg(QString::fromStdString(snap.policy)));
    m_policy->setToolTip(info ? QString::fromStdString(info->title + "\n" + info->summary) : QString());
}

} // namespace wm::gui
