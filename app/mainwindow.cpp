#include "mainwindow.h"

#include "charts/zonechartpanel.h"
#include "compareview.h"
#include "export/exportactions.h"
#include "panels/captionbanner.h"
#include "panels/countersdock.h"
#include "panels/derivationdock.h"
#include "panels/eventlogdock.h"
#include "panels/eventlogmodel.h"
#include "panels/parametersdock.h"
#include "playbacktoolbar.h"
#include "recordingcompareview.h"
#include "scenario/params.h"
#include "scenariofiles.h"
#include "shippedscenarios.h"
#include "sim/scenarioedits.h"
#include "sim/simulationcontroller.h"
#include "statusinfo.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace wm::gui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_controller(new SimulationController(this))
{
    setWindowIcon(QIcon(QStringLiteral(":/resources/icons/org.watermarkexplorer.WatermarkExplorer.svg")));
    m_toolbar = new PlaybackToolBar(this);
    addToolBar(m_toolbar);

    auto *centre = new QWidget(this);
    auto *layout = new QVBoxLayout(centre);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_banner = new CaptionBanner(centre);
    m_charts = new ZoneChartPanel(centre);
    layout->addWidget(m_banner);
    layout->addWidget(m_charts, 1);
    setCentralWidget(centre);

    m_events = new EventLogModel(this);
    m_eventDock = new EventLogDock(m_events, this);
    m_countersDock = new CountersDock(this);
    m_paramsDock = new ParametersDock(this);
    m_derivationDock = new DerivationDock(this);
    addDockWidget(Qt::LeftDockWidgetArea, m_paramsDock);
    addDockWidget(Qt::RightDockWidgetArea, m_derivationDock);
    addDockWidget(Qt::RightDockWidgetArea, m_countersDock);
    tabifyDockWidget(m_derivationDock, m_countersDock);
    m_derivationDock->raise();
    addDockWidget(Qt::BottomDockWidgetArea, m_eventDock);
    resizeDocks({m_paramsDock}, {300}, Qt::Horizontal);
    resizeDocks({m_derivationDock}, {380}, Qt::Horizontal);
    resizeDocks({m_eventDock}, {170}, Qt::Vertical);

    m_status = new StatusInfo(statusBar());
    createMenus();
    connectActions();
    m_compareToolTip = m_toolbar->compareAction->toolTip();
    restoreSettings();
    updateTitle();
}

MainWindow::~MainWindow()
{
    m_controller->shutdown();
}

void MainWindow::createMenus()
{
    auto *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_toolbar->openAction);
    auto *openRecording = file->addAction(tr("Open &recording\u2026"), this, &MainWindow::onOpenRecording);
    openRecording->setObjectName(QStringLiteral("openRecordingAction"));
    openRecording->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    openRecording->setToolTip(
        tr("Play a Performance Co-Pilot archive of a real machine (pmlogger, or watermark-explorer record)"));
    file->addAction(m_toolbar->saveAction);
    file->addSeparator();
    auto *importZi = file->addAction(tr("&Import /proc/zoneinfo\u2026"), this, [this] {
        const QString path = ScenarioFiles::askZoneinfoPath(this);
        if (!path.isEmpty())
            importZoneinfo(path);
    });
    importZi->setObjectName(QStringLiteral("importZoneinfoAction"));
    importZi->setToolTip(tr("A scenario with the nodes, zones and watermarks of a /proc/zoneinfo file and a default workload"));
#ifdef Q_OS_LINUX
    auto *thisMachine = file->addAction(tr("&This machine"), this, [this] { importThisMachine(); });
    thisMachine->setObjectName(QStringLiteral("thisMachineAction"));
    thisMachine->setToolTip(tr("Simulate this machine: /proc/zoneinfo and the sysctls of /proc/sys/vm"));
#endif
    file->addSeparator();
    m_exportMenu = file->addMenu(tr("&Export"));
    m_exportMenu->setObjectName(QStringLiteral("exportMenu"));
    m_toolbar->exportAction->setMenu(m_exportMenu);
    m_toolbar->addAction(m_toolbar->exportAction);
    if (auto *button = qobject_cast<QToolButton *>(m_toolbar->widgetForAction(m_toolbar->exportAction)))
        button->setPopupMode(QToolButton::InstantPopup);
    createExportActions();
    file->addSeparator();
    auto *quit = file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    quit->setMenuRole(QAction::QuitRole);

    auto *sim = menuBar()->addMenu(tr("&Simulation"));
    for (auto *a : {m_toolbar->playAction, m_toolbar->stepTickAction, m_toolbar->step100msAction, m_toolbar->step1sAction,
             m_toolbar->fasterAction, m_toolbar->slowerAction, m_toolbar->resetAction})
        sim->addAction(a);
    sim->addSeparator();
    sim->addAction(m_toolbar->compareAction);
    sim->addAction(m_toolbar->forkAction);
    m_compareModelAction = sim->addAction(tr("Compare with the &model\u2026"), this, [this] { compareWithModel(); });
    m_compareModelAction->setObjectName(QStringLiteral("compareWithModelAction"));
    m_compareModelAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    m_compareModelAction->setToolTip(tr("The recording against a simulation of the same machine: free pages per zone on one "
                                        "time axis and the distance table (a recording is open)"));
    m_compareModelAction->setEnabled(false); // a run is not a recording

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(m_charts->followAction());
    m_viewMenu->addAction(m_charts->resetZoomAction());
    m_viewMenu->addSeparator();
    for (QDockWidget *d : std::initializer_list<QDockWidget *> {m_paramsDock, m_derivationDock, m_countersDock, m_eventDock})
        m_viewMenu->addAction(d->toggleViewAction());
    m_viewMenu->addAction(m_toolbar->toggleViewAction());

    auto *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Watermark Explorer"), this, [this] {
        QMessageBox::about(this, tr("About Watermark Explorer"),
            tr("<b>Watermark Explorer %1</b><p>Simulates Linux zone watermarks, kswapd, watermark "
               "boosting and GFP_ATOMIC failures, and the patch series \"boost watermarks on atomic "
               "allocation failure\".</p><p>Hover over chart lines, markers, counters and parameters "
               "for explanations with the kernel functions they follow.</p>")
                .arg(QStringLiteral(WM_VERSION)));
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

template <typename F> void MainWindow::withSnapshot(F &&f)
{
    if (!m_snapshot) {
        QMessageBox::information(this, tr("Nothing to export"), tr("Load a scenario and run it first."));
        return;
    }
    // Keep the snapshot alive while a file dialog runs the event loop (new frames replace m_snapshot).
    const std::shared_ptr<const wm::Snapshot> snap = m_snapshot;
    f(*snap);
}

void MainWindow::createExportActions()
{
    namespace ex = wm::exporter;
    // Exports draw from the full recording of the current snapshot (not the view),
    // with the scenario including the GUI's edits.
    auto add = [this](const QString &text, const QString &name, auto &&fn) {
        QAction *a = m_exportMenu->addAction(text, this, [this, fn] { withSnapshot(fn); });
        a->setObjectName(name);
        return a;
    };
    add(tr("&Chart of the selected zone (PNG/SVG/PDF)\u2026"), QStringLiteral("exportZoneChart"), [this](const wm::Snapshot &s) {
        ex::exportChart(this, s, m_events->events(), scenarioWithEdits(), m_charts->selectedZone());
    });
    add(tr("&Whole machine chart\u2026"), QStringLiteral("exportMachineChart"),
        [this](const wm::Snapshot &s) { ex::exportChart(this, s, m_events->events(), scenarioWithEdits(), -1); });
    // A bundle replays a scenario, and the /proc files print the simulated machine: runs only.
    m_runOnlyActions << add(tr("Review &bundle\u2026"), QStringLiteral("exportBundle"),
        [this](const wm::Snapshot &s) { ex::exportBundle(this, s, m_events->events(), scenarioWithEdits()); });
    m_exportMenu->addSeparator();
    QAction *zi = add(tr("/proc/&zoneinfo snapshot at the cursor\u2026"), QStringLiteral("exportZoneinfo"),
        [this](const wm::Snapshot &s) { ex::exportProcSnapshot(this, s, scenarioWithEdits(), ex::ProcFile::Zoneinfo); });
    zi->setToolTip(tr("The simulated machine as /proc/zoneinfo prints it, at the current simulated time"));
    m_runOnlyActions << zi;
    m_runOnlyActions << add(tr("/proc/&vmstat snapshot\u2026"), QStringLiteral("exportVmstat"),
        [this](const wm::Snapshot &s) { ex::exportProcSnapshot(this, s, scenarioWithEdits(), ex::ProcFile::Vmstat); });
    m_exportMenu->addSeparator();
    add(tr("&Series CSV\u2026"), QStringLiteral("exportSeriesCsv"),
        [this](const wm::Snapshot &s) { ex::exportSeriesCsv(this, s); });
    add(tr("&Events CSV\u2026"), QStringLiteral("exportEventsCsv"),
        [this](const wm::Snapshot &s) { ex::exportEventsCsv(this, s, m_events->events()); });
    m_exportMenu->setToolTipsVisible(true);
}

void MainWindow::connectActions()
{
    auto *tb = m_toolbar;
    connect(tb->openAction, &QAction::triggered, this, &MainWindow::onOpen);
    connect(tb->saveAction, &QAction::triggered, this, &MainWindow::onSave);
    connect(tb->playAction, &QAction::triggered, m_controller, &SimulationController::togglePlay);
    connect(tb->stepTickAction, &QAction::triggered, m_controller, &SimulationController::stepTick);
    connect(tb->step100msAction, &QAction::triggered, this, [this] { m_controller->stepBy(100'000); });
    connect(tb->step1sAction, &QAction::triggered, this, [this] { m_controller->stepBy(1'000'000); });
    connect(tb->resetAction, &QAction::triggered, this, [this] {
        m_controller->reset();
        // The run starts again at t = 0: a zoomed window of the old run would
        // show nothing of the new one (the trailing-window choice is kept).
        m_charts->setFollowLive(true);
    });
    connect(tb, &PlaybackToolBar::speedChanged, m_controller, &SimulationController::setSpeed);
    connect(tb->compareAction, &QAction::triggered, this, [this] {
        // For a recording, Compare is "against the model": there are no policies to run.
        if (m_recordingActive)
            compareWithModel();
        else
            onCompare(false);
    });
    connect(tb->forkAction, &QAction::triggered, this, [this] { onCompare(true); });
    addAction(tb->fasterAction);
    addAction(tb->slowerAction);

    connect(m_controller, &SimulationController::frameReady, this, &MainWindow::onFrame);
    connect(m_controller, &SimulationController::statusChanged, this, [this](const WorkerStatus &s) {
        m_workerStatus = s;
        m_toolbar->setRunning(s.running);
        m_toolbar->setFinished(s.finished);
    });
    connect(m_controller, &SimulationController::pausedByCaption, this,
        [this](const QString &text) { m_banner->showCaption(text, true); });
    connect(m_controller, &SimulationController::recordingLoaded, this, &MainWindow::onRecordingLoaded);
    connect(m_controller, &SimulationController::recordingFailed, this, &MainWindow::onRecordingFailed);
    connect(m_controller, &SimulationController::loadFailed, this,
        [this](const QString &msg) { QMessageBox::warning(this, tr("Cannot start the simulation"), msg); });
    connect(m_controller, &SimulationController::parameterResult, m_paramsDock, &ParametersDock::onParameterResult);
    connect(m_paramsDock, &ParametersDock::parameterEdited, m_controller, &SimulationController::setParameter);
    connect(m_paramsDock, &ParametersDock::policyChangeRequested, this, &MainWindow::onPolicyChangeRequested);
    connect(m_banner, &CaptionBanner::continueRequested, m_controller, &SimulationController::play);
    connect(m_eventDock, &EventLogDock::timeActivated, m_charts, &ZoneChartPanel::setCursorTime);
    connect(m_charts, &ZoneChartPanel::exportChartRequested, this, [this](int zone) {
        withSnapshot([this, zone](const wm::Snapshot &s) {
            wm::exporter::exportChart(this, s, m_events->events(), scenarioWithEdits(), zone);
        });
    });
    connect(m_charts, &ZoneChartPanel::zoneSelected, m_derivationDock, &DerivationDock::setZone);
}

void MainWindow::onFrame(const Frame &frame)
{
    if (!frame.snapshot)
        return;
    if (frame.restarted) {
        m_events->clear();
        m_charts->resetEvents();
        std::vector<QString> names;
        for (const auto &z : frame.snapshot->zones)
            names.push_back(QStringLiteral("N%1 %2").arg(z.node).arg(QString::fromUtf8(wm::zoneName(z.type))));
        m_events->setZoneNames(std::move(names));
        m_countersDock->resetDeltas();
        m_banner->hideCaption();
        // A caption at 0 s is the lesson's opening: show it while the run
        // waits at t = 0 (it is logged, and shown again, when tick 0 runs).
        if (frame.snapshot->now == 0)
            for (const auto &e : m_scenario.timeline)
                if (e.kind == wm::TimelineKind::Caption && e.at == 0)
                    m_banner->showCaption(QString::fromStdString(e.text), false);
        if (!m_pendingNotice.isEmpty())
            m_banner->showNotice(std::exchange(m_pendingNotice, QString()));
    }
    m_events->append(frame.events);
    for (const auto &e : frame.events)
        if (e.kind == wm::EventKind::Caption)
            m_banner->showCaption(QString::fromStdString(e.text), e.a != 0);
    m_snapshot = frame.snapshot;
    m_applied = frame.applied;
    // The dock shows the values in force: the file's timeline changes them too (a recording has none).
    const std::pair<std::size_t, std::size_t> shown {timelineSetsPassed(m_scenario, m_snapshot->now), m_applied.size()};
    if (!m_snapshot->recorded && (shown != m_shownParams || frame.restarted)) {
        m_shownParams = shown;
        m_paramsDock->showValues(scenarioAt(m_scenario, m_applied, m_snapshot->now));
    }
    m_workerStatus = frame.status;
    m_toolbar->setRunning(frame.status.running);
    m_toolbar->setFinished(frame.status.finished);
    // The derivation first: a chart rebuild selects a zone (zoneSelected), and
    // the dock draws it from the snapshot it holds, which must be this one.
    m_derivationDock->update(m_snapshot);
    m_charts->setSnapshot(m_snapshot, &m_events->events());
    m_status->update(*m_snapshot, frame.status);
    if (m_countersDock->isVisible())
        m_countersDock->update(*m_snapshot);
    else
        m_countersDock->setPending(m_snapshot);
}

wm::Scenario MainWindow::scenarioWithEdits() const
{
    if (m_recordingActive) {
        // What exports name a recording by: its file (there are no parameters to carry).
        wm::Scenario s;
        s.name = m_recordingName.toStdString();
        return s;
    }
    return wm::gui::scenarioWithEdits(m_scenario, m_applied);
}

void MainWindow::openRecording(const QString &path, bool play)
{
    m_playWhenRecordingLoads = play;
    m_pendingRecordingPath = path;
    m_controller->loadRecording(path);
}

void MainWindow::onOpenRecording()
{
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("files/lastRecordingDir")).toString();
    const QString path
        = QFileDialog::getOpenFileName(this, tr("Open recording"), dir, tr("PCP archives (*.meta *.0 *.index);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("files/lastRecordingDir"), QFileInfo(path).absolutePath());
    openRecording(path);
}

void MainWindow::onRecordingLoaded(const QString &name, const QString &summary)
{
    m_recordingName = name;
    m_recordingPath = m_pendingRecordingPath;
    m_scenarioName = tr("%1 (recording)").arg(name);
    m_applied.clear();
    setRecordingMode(true);
    const QString notice = tr("Recording %1: %2. Parameters of a recording cannot be edited.").arg(name, summary);
    // Shown once the recording's first frame has cleared the banner (it may be here already).
    if (m_snapshot && m_snapshot->recorded)
        m_banner->showNotice(notice);
    else
        m_pendingNotice = notice;
    m_charts->setFollowLive(true);
    m_controller->setSpeed(m_toolbar->speed());
    if (std::exchange(m_playWhenRecordingLoads, false))
        m_controller->play();
    updateTitle();
}

void MainWindow::onRecordingFailed(const QString &path, const QString &errors)
{
    m_playWhenRecordingLoads = false;
    const bool nothingLoaded = m_scenario.nodes.empty() && !m_recordingActive;
    ScenarioFiles::showDiagnostics(this, path, errors, tr("Cannot open recording"),
        nothingLoaded ? tr("the default scenario opens instead")
                      : (m_recordingActive ? tr("the current recording is unchanged") : tr("the current run is unchanged")));
    // Never an empty window (as for a scenario that does not load).
    if (nothingLoaded)
        openScenario(QStringLiteral(":/scenarios/default.yaml"));
}

void MainWindow::setRecordingMode(bool recording)
{
    if (recording == m_recordingActive)
        return;
    m_recordingActive = recording;
    // Parameters of a recording cannot be edited: the dock goes away, and comes back for a run.
    if (recording) {
        m_paramsDockWasVisible = m_paramsDock->isVisible();
        m_paramsDock->hide();
    } else if (m_paramsDockWasVisible) {
        m_paramsDock->show();
    }
    m_paramsDock->setEnabled(!recording);
    m_paramsDock->toggleViewAction()->setEnabled(!recording);
    for (QAction *a : {m_toolbar->saveAction, m_toolbar->forkAction})
        a->setEnabled(!recording);
    // Compare stays: for a recording it compares the recording with the model.
    m_compareModelAction->setEnabled(recording);
    m_toolbar->compareAction->setToolTip(recording
            ? tr("Compare the recording with the model (%1)")
                  .arg(m_toolbar->compareAction->shortcut().toString(QKeySequence::NativeText))
            : m_compareToolTip);
    for (QAction *a : m_runOnlyActions)
        a->setEnabled(!recording);
}

bool MainWindow::openScenario(const QString &given)
{
    // A name not found in the current folder may be a shipped one ("lessons/01-watermarks.yaml").
    const QString path = wm::resolveScenarioPath(given);
    // Say what happens instead: the run goes on, or (nothing loaded yet) the default opens.
    auto s = ScenarioFiles::load(
        this, path, m_scenario.nodes.empty() ? tr("the default scenario opens instead") : tr("the current run is unchanged"));
    if (!s)
        return false;
    loadScenario(*s, QFileInfo(path).fileName());
    QSettings().setValue(QStringLiteral("files/lastScenario"), QFileInfo(path).absoluteFilePath());
    return true;
}

bool MainWindow::importZoneinfo(const QString &path)
{
    QString notice;
    auto s = ScenarioFiles::importZoneinfo(this, path, &notice);
    if (!s)
        return false;
    loadScenario(*s, QFileInfo(path).fileName());
    m_pendingNotice = notice; // shown once the new run's first frame has cleared the banner
    return true;
}

bool MainWindow::importThisMachine()
{
    return importZoneinfo(QStringLiteral("/proc/zoneinfo"));
}

void MainWindow::loadScenario(const wm::Scenario &scenario, const QString &displayName)
{
    setRecordingMode(false);
    m_playWhenRecordingLoads = false;
    m_scenario = scenario;
    m_scenarioName = scenario.name.empty() ? displayName : QString::fromStdString(scenario.name);
    m_applied.clear();
    m_shownParams = {0, 0};
    m_pendingNotice.clear();
    m_paramsDock->setScenario(scenario);
    m_controller->load(scenario);
    m_controller->setSpeed(m_toolbar->speed());
    updateTitle();
}

void MainWindow::onPolicyChangeRequested(const QString &policyId)
{
    if (m_snapshot && m_snapshot->now > 0) {
        const auto answer = QMessageBox::question(this, tr("Change the policy"),
            tr("The policy is part of the kernel the run boots with, so the run restarts from t = 0 under "
               "<b>%1</b>. Your parameter edits are kept and replayed at the times you made them.")
                .arg(policyId.toHtmlEscaped()),
            QMessageBox::Ok | QMessageBox::Cancel, QMessageBox::Ok);
        if (answer != QMessageBox::Ok) {
            m_paramsDock->showValues(scenarioAt(m_scenario, m_applied, m_snapshot->now)); // the box goes back
            return;
        }
    }
    setPolicy(policyId);
}

void MainWindow::setPolicy(const QString &policyId)
{
    wm::Scenario s = scenarioWithEdits();
    if (!wm::applyParam(s, "policy", policyId.toStdString()).empty())
        return;
    // Knob edits of the old policy that the new one does not have would be
    // refused at their time: leave them out.
    wm::Scenario check = s;
    std::erase_if(s.timeline, [&check](const wm::TimelineEntry &e) {
        return e.kind == wm::TimelineKind::Set && e.key.starts_with("policy.") && !wm::applyParam(check, e.key, e.value).empty();
    });
    const bool wasRunning = m_workerStatus.running;
    loadScenario(s, m_scenarioName);
    if (wasRunning)
        play();
}

void MainWindow::play()
{
    m_controller->play();
}

void MainWindow::setSpeed(double speed)
{
    m_toolbar->setSpeed(speed);
    m_controller->setSpeed(speed);
}

void MainWindow::onOpen()
{
    const QString path = ScenarioFiles::askOpenPath(this);
    if (!path.isEmpty())
        openScenario(path);
}

void MainWindow::onSave()
{
    if (m_recordingActive)
        return;
    ScenarioFiles::save(this, scenarioWithEdits());
}

void MainWindow::onCompare(bool fork)
{
    if (m_scenario.nodes.empty() || m_recordingActive)
        return;
    auto *view = new CompareView(scenarioWithEdits(), fork && m_snapshot ? m_snapshot->now : 0, fork, nullptr);
    view->selectZone(m_charts->selectedZone()); // the zone the user is looking at
    view->setAttribute(Qt::WA_DeleteOnClose);
    view->show();
}

RecordingCompareView *MainWindow::compareWithModel()
{
    if (!m_recordingActive || m_recordingPath.isEmpty())
        return nullptr;
    auto *view = new RecordingCompareView(m_recordingPath, m_recordingName, nullptr);
    view->setAttribute(Qt::WA_DeleteOnClose);
    view->show();
    view->start();
    return view;
}

void MainWindow::updateTitle()
{
    // The platform adds the application's display name ("… — Watermark Explorer").
    setWindowTitle(m_scenarioName);
}

void MainWindow::restoreSettings()
{
    QSettings s;
    if (!restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray())) {
        const QRect avail = screen() ? screen()->availableGeometry() : QRect(0, 0, 1600, 1000);
        resize(std::min(1600, avail.width() * 95 / 100), std::min(1000, avail.height() * 95 / 100));
    }
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    if (s.contains(QStringLiteral("sim/speed")))
        m_toolbar->setSpeed(s.value(QStringLiteral("sim/speed")).toDouble());
}

void MainWindow::saveSettings()
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("sim/speed"), m_toolbar->speed());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    m_controller->shutdown(1000);
    event->accept();
}

} // namespace wm::gui
