#pragma once
// The main window: charts in the centre, docks around, the playback toolbar.
// Thin: it wires SimulationController frames to the panels and the actions to
// the controller; scenario files go through ScenarioFiles.
#include "scenario/scenario.h"
#include "sim/frame.h"

#include <QMainWindow>

#include <memory>

QT_FORWARD_DECLARE_CLASS(QMenu)
QT_FORWARD_DECLARE_CLASS(QAction)

namespace wm::gui {

class SimulationController;
class PlaybackToolBar;
class ZoneChartPanel;
class EventLogModel;
class EventLogDock;
class CountersDock;
class ParametersDock;
class DerivationDock;
class CaptionBanner;
class StatusInfo;
class RecordingCompareView;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Loads a scenario file; on errors shows the diagnostics and keeps the current run.
    bool openScenario(const QString &path);
    void loadScenario(const wm::Scenario &scenario, const QString &displayName);
    // File > Open recording: reads the PCP archive on the worker thread; when it has loaded it
    // replaces the run (and plays if `play`); on errors shows the diagnostics and keeps the run.
    void openRecording(const QString &path, bool play = false);
    // A recording is playing (not a simulated run).
    bool playingRecording() const { return m_recordingActive; }
    // File > Import /proc/zoneinfo: on errors shows the diagnostics and keeps the current run.
    bool importZoneinfo(const QString &path);
    // File > This machine (Linux): /proc/zoneinfo with the sysctls of /proc/sys/vm.
    bool importThisMachine();
    void play();
    void setSpeed(double speed);
    // Restarts the run from t = 0 under another policy, keeping the parameter
    // edits made so far as timeline entries (those the new policy accepts).
    void setPolicy(const QString &policyId);

    // For the export engineer (app/export/): File > Export menu and the data to export.
    QMenu *exportMenu() const { return m_exportMenu; }
    std::shared_ptr<const wm::Snapshot> currentSnapshot() const { return m_snapshot; }
    const wm::Scenario &currentScenario() const { return m_scenario; }
    // The scenario with the GUI edits as timeline entries (what Save writes).
    wm::Scenario scenarioWithEdits() const;
    const EventLogModel *eventLog() const { return m_events; }
    ZoneChartPanel *chartPanel() const { return m_charts; }
    ParametersDock *parametersDock() const { return m_paramsDock; }
    CaptionBanner *banner() const { return m_banner; }
    PlaybackToolBar *toolBar() const { return m_toolbar; }
    SimulationController *controller() const { return m_controller; }
    // Simulation > Compare with the model…: enabled while a recording is open.
    QAction *compareWithModelAction() const { return m_compareModelAction; }
    // Opens the recording-against-model window and starts the comparison with the fitted
    // scenario (nullptr when no recording is open).
    RecordingCompareView *compareWithModel();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void connectActions();
    void onFrame(const Frame &frame);
    void onOpen();
    void onOpenRecording();
    void onRecordingLoaded(const QString &name, const QString &summary);
    void onRecordingFailed(const QString &path, const QString &errors);
    // Recording or run: what can be edited, saved, compared and exported.
    void setRecordingMode(bool recording);
    void onSave();
    void createExportActions();
    // Runs `f(snapshot)` when there is something to export, else says so.
    template <typename F> void withSnapshot(F &&f);
    void onCompare(bool fork);
    void restoreSettings();
    void saveSettings();
    void updateTitle();
    void onPolicyChangeRequested(const QString &policyId);

    SimulationController *m_controller = nullptr;
    PlaybackToolBar *m_toolbar = nullptr;
    ZoneChartPanel *m_charts = nullptr;
    EventLogModel *m_events = nullptr;
    EventLogDock *m_eventDock = nullptr;
    CountersDock *m_countersDock = nullptr;
    ParametersDock *m_paramsDock = nullptr;
    DerivationDock *m_derivationDock = nullptr;
    CaptionBanner *m_banner = nullptr;
    StatusInfo *m_status = nullptr;
    // What the parameters dock shows: (file timeline sets passed, edits applied).
    std::pair<std::size_t, std::size_t> m_shownParams {0, 0};
    QString m_pendingNotice; // for the banner after the next restart
    QMenu *m_exportMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    wm::Scenario m_scenario;
    QString m_scenarioName;
    std::shared_ptr<const wm::Snapshot> m_snapshot;
    std::vector<wm::TimelineEntry> m_applied;
    WorkerStatus m_workerStatus;
    bool m_recordingActive = false;
    bool m_playWhenRecordingLoads = false;
    bool m_paramsDockWasVisible = true;
    QString m_recordingName;
    QString m_recordingPath, m_pendingRecordingPath; // the archive played, the one being read
    QAction *m_compareModelAction = nullptr;
    QString m_compareToolTip; // the Compare button's for a run
    QList<QAction *> m_runOnlyActions; // disabled while a recording plays
};

} // namespace wm::gui
