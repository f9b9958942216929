#pragma once
// Recording against the model (Simulation > Compare with the model…, docs/architecture.md §12):
// the recording's free pages and the model's, per zone on one time axis, and the distance table
// (recording::measureDistance: per zone free-page error and time below low/min, per reclaim
// counter recorded against model with its tolerance). The scenario is the fitted one, or a file
// the user picks. The comparison runs on Qt's thread pool; only its value result comes back.
#include "recordingcomparison.h"

#include <QFutureWatcher>
#include <QWidget>

QT_FORWARD_DECLARE_CLASS(QLabel)
QT_FORWARD_DECLARE_CLASS(QPushButton)
QT_FORWARD_DECLARE_CLASS(QTableWidget)

namespace wm::gui {

class RecordingOverlayCharts;

class RecordingCompareView : public QWidget
{
    Q_OBJECT
public:
    // `archive`: the PCP archive being played; `name`: what the window calls it.
    RecordingCompareView(const QString &archive, const QString &name, QWidget *parent = nullptr);
    ~RecordingCompareView() override;

    // Starts a comparison: the fitted scenario when `scenarioFile` is empty. A running one is
    // left to finish and its result dropped.
    void start(const QString &scenarioFile = QString());
    bool isRunning() const;
    const RecordingComparison &result() const { return m_result; }

    QTableWidget *zoneTable() const { return m_zones; }
    QTableWidget *counterTable() const { return m_counters; }
    RecordingOverlayCharts *charts() const { return m_charts; }
    QLabel *statusLabel() const { return m_status; }

    // Export without dialogs (tests, the buttons after their dialog): "" or an error.
    QString exportChartsTo(const QString &basePath, QStringList *written = nullptr) const;
    QString exportTableTo(const QString &path) const;

Q_SIGNALS:
    void finished();

private:
    void onFinished();
    void showComparison(const RecordingComparison &c);
    void askScenarioFile();
    void askExportCharts();
    void askExportTable();

    QString m_archive, m_name;
    QFutureWatcher<RecordingComparison> m_watcher;
    QString m_pendingFile;
    bool m_restart = false;
    RecordingComparison m_result;
    QLabel *m_status = nullptr;
    QPushButton *m_fitButton = nullptr, *m_fileButton = nullptr, *m_exportCharts = nullptr, *m_exportTable = nullptr;
    RecordingOverlayCharts *m_charts = nullptr;
    QTableWidget *m_zones = nullptr;
    QTableWidget *m_counters = nullptr;
};

} // namespace wm::gui
