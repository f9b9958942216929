#pragma once
// The main toolbar: file actions, play/pause, step (tick / 100 ms / 1 s),
// speed, reset, compare and export. Owns the QActions and their shortcuts;
// the main window connects them.
#include <QToolBar>

QT_FORWARD_DECLARE_CLASS(QComboBox)

namespace wm::gui {

class PlaybackToolBar : public QToolBar
{
    Q_OBJECT
public:
    explicit PlaybackToolBar(QWidget *parent = nullptr);

    QAction *openAction = nullptr;
    QAction *saveAction = nullptr;
    QAction *playAction = nullptr;
    QAction *stepTickAction = nullptr;
    QAction *step100msAction = nullptr;
    QAction *step1sAction = nullptr;
    QAction *resetAction = nullptr;
    QAction *compareAction = nullptr;
    QAction *forkAction = nullptr;
    QAction *exportAction = nullptr;
    QAction *fasterAction = nullptr;
    QAction *slowerAction = nullptr;

    // Speed factor of the combo (0 = max).
    double speed() const;
    void setSpeed(double speed);
    void setRunning(bool running);
    // A finished run offers no Fork: forked at its end, both runs would be
    // identical. Reset or Open (a run that has not finished) offers it again.
    void setFinished(bool finished);

    static const QList<double> &speeds();

Q_SIGNALS:
    void speedChanged(double speed);

private:
    QComboBox *m_speed = nullptr;
    QString m_forkTip; // the tooltip while Fork is offered
};

} // namespace wm::gui
