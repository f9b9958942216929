#pragma once
// GUI entry points for File > Export (MainWindow::exportMenu()). Each shows a
// file or directory dialog, writes atomically and reports errors in a message
// box. They return true when something was written. Headless variants (for
// tests and scripted use) take the path instead of asking.
//
//   exportChart          one zone's chart (zoneId >= 0) or the machine chart (zoneId < 0);
//                        PNG / SVG / PDF chosen by the file suffix
//   exportBundle         the review bundle (export/runbundle.h) into a chosen directory
//   exportProcSnapshot   /proc/zoneinfo- or /proc/vmstat-formatted snapshot; "vmstat"
//                        in the file name selects vmstat, anything else zoneinfo
//   exportSeriesCsv / exportEventsCsv   series.csv / events.csv
//
// Example wiring in MainWindow:
//   exportMenu()->addAction(tr("Chart…"), this, [this] {
//       wm::exporter::exportChart(this, *currentSnapshot(), eventLog()->events(), scenarioWithEdits(), selectedZone);
//   });
#include "scenario/scenario.h"
#include "sim/events.h"
#include "sim/snapshot.h"

#include <QSize>
#include <QString>

#include <vector>

class QWidget;

namespace wm::exporter {

bool exportChart(QWidget *parent, const Snapshot &snap, const std::vector<Event> &events, const Scenario &scenario, int zoneId,
    QSize size = QSize(1200, 600));
bool exportBundle(QWidget *parent, const Snapshot &snap, const std::vector<Event> &events, const Scenario &scenario);
// Which /proc file exportProcSnapshot writes: by the file name ("vmstat" in it), or forced.
enum class ProcFile { ByName, Zoneinfo, Vmstat };
bool exportProcSnapshot(QWidget *parent, const Snapshot &snap, const Scenario &scenario, ProcFile kind = ProcFile::ByName);
bool exportSeriesCsv(QWidget *parent, const Snapshot &snap);
bool exportEventsCsv(QWidget *parent, const Snapshot &snap, const std::vector<Event> &events);

// Headless: "" or an error.
QString exportChartTo(const QString &path, const Snapshot &snap, const std::vector<Event> &events, const Scenario &scenario,
    int zoneId, QSize size = QSize(1200, 600));
QString exportBundleTo(const QString &dir, const Snapshot &snap, const std::vector<Event> &events, const Scenario &scenario);
QString exportProcSnapshotTo(
    const QString &path, const Snapshot &snap, const Scenario &scenario, ProcFile kind = ProcFile::ByName);
QString exportSeriesCsvTo(const QString &path, const Snapshot &snap);
QString exportEventsCsvTo(const QString &path, const Snapshot &snap, const std::vector<Event> &events);

} // namespace wm::exporter
