#include "playbacktoolbar.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QStyle>

namespace wm::gui {

const QList<double> &PlaybackToolBar::speeds()
{
    static const QList<double> s {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 0};
    return s;
}

PlaybackToolBar::PlaybackToolBar(QWidget *parent)
    : QToolBar(tr("Simulation"), parent)
{
    setObjectName(QStringLiteral("playbackToolBar"));
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    auto *st = style();
    auto make = [this](const QIcon &icon, const QString &text, const QKeySequence &key, const QString &tip) {
        auto *a = new QAction(icon, text, this);
        if (!key.isEmpty())
            a->setShortcut(key);
        a->setToolTip(key.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        return a;
    };
    openAction
        = make(st->standardIcon(QStyle::SP_DialogOpenButton), tr("Open\u2026"), QKeySequence::Open, tr("Open a scenario file"));
    saveAction = make(st->standardIcon(QStyle::SP_DialogSaveButton), tr("Save\u2026"), QKeySequence::Save,
        tr("Save the scenario with your parameter edits as timeline entries"));
    playAction = make(st->standardIcon(QStyle::SP_MediaPlay), tr("Play"), QKeySequence(Qt::Key_Space), tr("Play / pause"));
    stepTickAction
        = make(st->standardIcon(QStyle::SP_MediaSeekForward), tr("Tick"), QKeySequence(Qt::Key_Right), tr("Step one tick"));
    step100msAction = make(QIcon(), tr("+100 ms"), QKeySequence(Qt::SHIFT | Qt::Key_Right), tr("Step 100 ms of simulated time"));
    step1sAction = make(QIcon(), tr("+1 s"), QKeySequence(Qt::CTRL | Qt::Key_Right), tr("Step 1 s of simulated time"));
    resetAction = make(st->standardIcon(QStyle::SP_BrowserReload), tr("Reset"), QKeySequence(Qt::CTRL | Qt::Key_R),
        tr("Restart the scenario from time 0 (edits are discarded)"));
    compareAction = make(st->standardIcon(QStyle::SP_FileDialogDetailedView), tr("Compare\u2026"),
        QKeySequence(Qt::CTRL | Qt::Key_K), tr("Run several policies on the identical seeded workload side by side"));
    forkAction = make(QIcon(), tr("Fork\u2026"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K),
        tr("Fork at the current moment with different settings and compare"));
    m_forkTip = forkAction->toolTip();
    exportAction
        = make(st->standardIcon(QStyle::SP_DialogSaveButton), tr("Export"), QKeySequence(), tr("Export charts and data"));
    fasterAction = make(QIcon(), tr("Faster"), QKeySequence(Qt::Key_Plus), tr("Faster"));
    slowerAction = make(QIcon(), tr("Slower"), QKeySequence(Qt::Key_Minus), tr("Slower"));
    fasterAction->setShortcuts({QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal)});

    addAction(openAction);
    addAction(saveAction);
    addSeparator();
    addAction(playAction);
    addAction(stepTickAction);
    addAction(step100msAction);
    addAction(step1sAction);
    addSeparator();
    addWidget(new QLabel(tr(" Speed "), this));
    m_speed = new QComboBox(this);
    m_speed->setToolTip(tr("Simulated seconds per real second (+ / -)"));
    for (double s : speeds())
        m_speed->addItem(s > 0 ? QStringLiteral("%1\u00d7").arg(s) : tr("max"), s);
    m_speed->setCurrentIndex(static_cast<int>(speeds().indexOf(1.0)));
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT speedChanged(speed()); });
    addWidget(m_speed);
    addAction(resetAction);
    addSeparator();
    addAction(compareAction);
    addAction(forkAction);
    // + and - are window shortcuts without toolbar buttons.
    connect(fasterAction, &QAction::triggered, this,
        [this] { m_speed->setCurrentIndex(std::min(m_speed->currentIndex() + 1, m_speed->count() - 1)); });
    connect(
        slowerAction, &QAction::triggered, this, [this] { m_speed->setCurrentIndex(std::max(m_speed->currentIndex() - 1, 0)); });
}

double PlaybackToolBar::speed() const
{
    return m_speed->currentData().toDouble();
}

void PlaybackToolBar::setSpeed(double speed)
{
    if (!(speed >= 0))
        return;
    // A factor that is not in the list (--speed 4) gets its own entry, in order,
    // so the box always shows the speed the simulation runs at.
    int at = m_speed->count() - 1; // before "max"
    for (int i = 0; i < m_speed->count(); ++i) {
        const double v = m_speed->itemData(i).toDouble();
        if (qFuzzyCompare(v + 1, speed + 1)) {
            m_speed->setCurrentIndex(i);
            return;
        }
        if (v > speed && at == m_speed->count() - 1 && v > 0)
            at = i;
    }
    m_speed->insertItem(at, QStringLiteral("%1\u00d7").arg(speed), speed);
    m_speed->setCurrentIndex(at);
}

void PlaybackToolBar::setRunning(bool running)
{
    playAction->setText(running ? tr("Pause") : tr("Play"));
    playAction->setIcon(style()->standardIcon(running ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
}

void PlaybackToolBar::setFinished(bool finished)
{
    forkAction->setEnabled(!finished);
    forkAction->setToolTip(finished ? tr("The run has finished: a fork at its end would run exactly like the original. "
                                         "Reset (%1) or open a scenario to fork again.")
                                          .arg(resetAction->shortcut().toString(QKeySequence::NativeText))
                                    : m_forkTip);
}

} // namespace wm::gui
