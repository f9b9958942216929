#pragma once
// Compare window: two or more policies (or a fork at the current moment with
// different settings) on the identical seeded workload, side by side with
// synchronized axes, plus a table of key counters with deltas to the first run.
#include "scenario/scenario.h"

#include <QWidget>

QT_FORWARD_DECLARE_CLASS(QListWidget)
QT_FORWARD_DECLARE_CLASS(QComboBox)
QT_FORWARD_DECLARE_CLASS(QTableWidget)
QT_FORWARD_DECLARE_CLASS(QPlainTextEdit)
QT_FORWARD_DECLARE_CLASS(QLabel)
QT_FORWARD_DECLARE_CLASS(QPushButton)

namespace wm::gui {

class CompareChartGrid;
class CompareRunner;

class CompareView : public QWidget
{
    Q_OBJECT
public:
    // fork: compare "as is" with a copy whose settings change at `forkAt`.
    CompareView(const wm::Scenario &scenario, wm::usec_t forkAt, bool fork, QWidget *parent = nullptr);
    // Show this zone (a wm::Zone id, as the main window's charts use): the one
    // selected there. Unknown ids leave the choice alone.
    void selectZone(int zoneId);
    int selectedZone() const;

    void selectPolicies(const QStringList &ids);
    void setForkSettings(const QString &keyValueLines);
    void run();
    CompareRunner *runner() const { return m_runner; }
    QTableWidget *table() const { return m_table; }

private:
    void showResults();

    wm::Scenario m_scenario;
    wm::usec_t m_forkAt = 0;
    bool m_fork = false;
    QListWidget *m_policies = nullptr;
    QPlainTextEdit *m_forkEdits = nullptr;
    QComboBox *m_zone = nullptr;
    QPushButton *m_runButton = nullptr;
    QLabel *m_status = nullptr;
    CompareChartGrid *m_grid = nullptr;
    QTableWidget *m_table = nullptr;
    CompareRunner *m_runner = nullptr;
};

} // namespace wm::gui
