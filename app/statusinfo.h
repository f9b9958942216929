#pragma once
// Status bar fields: simulated time, real-time factor, seed, policy, state.
#include "sim/frame.h"

#include <QObject>

QT_FORWARD_DECLARE_CLASS(QStatusBar)
QT_FORWARD_DECLARE_CLASS(QLabel)

namespace wm::gui {

class StatusInfo : public QObject
{
    Q_OBJECT
public:
    explicit StatusInfo(QStatusBar *bar);
    void update(const wm::Snapshot &snap, const WorkerStatus &status);

private:
    QLabel *m_state = nullptr;
    QLabel *m_time = nullptr;
    QLabel *m_rtf = nullptr;
    QLabel *m_seed = nullptr;
    QLabel *m_policy = nullptr;
};

} // namespace wm::gui
