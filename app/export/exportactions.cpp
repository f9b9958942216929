#include "export/exportactions.h"

#include "charts/chartrender.h"
#include "charts/zonechartbuilder.h"
#include "export/atomicfile.h"
#include "export/csvexport.h"
#include "export/procsnapshot.h"
#include "export/runbundle.h"

#include <QCoreApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSettings>

namespace wm::exporter {

namespace {

QString lastDir()
{
    return QSettings().value(QStringLiteral("export/lastDir"), QDir::homePath()).toString();
}

void rememberDir(const QString &path)
{
    QSettings().setValue(QStringLiteral("export/lastDir"), QFileInfo(path).absolutePath());
}

bool report(QWidget *parent, const QString &error)
{
    if (error.isEmpty())
        return true;
    QMessageBox::warning(parent, QCoreApplication::translate("Export", "Export failed"), error);
    return false;
}

QString baseName(const Scenario &s)
{
    QString n = QString::fromStdString(s.name).toLower();
    n.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    n.remove(QRegularExpression(QStringLiteral("^-+|-+$")));
    return n.isEmpty() ? QStringLiteral("watermark-explorer") : n;
}

QByteArray bytes(const std::string &s)
{
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

QString exportChartTo(
    const QString &path, const Snapshot &snap, const std::vector<Event> &events, const Scenario &scenario, int zoneId, QSize size)
{
    ChartCaption caption;
    caption.scenario = QString::fromStdString(scenario.name);
    caption.policy = QString::fromStdString(snap.policy);
    caption.seed = snap.seed;
    caption.version = QStringLiteral(WM_VERSION);
    const usec_t to = std::max<usec_t>(snap.now, 1);
    gui::ChartPtr chart(zoneId >= 0 ? buildZoneChart(snap, zoneId, events, 0, to, size.width(), caption)
                                    : buildMachineChart(snap, events, 0, to, size.width(), caption));
    gui::ChartRenderOptions o;
    o.size = size;
    o.description = caption.text();
    return gui::renderChart(chart.get(), path, o);
}

QString exportBundleTo(const QString &dir, const Snapshot &snap, const std::vector<Event> &events, const Scenario &scenario)
{
    RunBundleInput in;
    in.snap = snap;
    in.events = events;
    in.scenario = scenario;
    in.kind = QStringLiteral("gui");
    in.commandLine = QCoreApplication::arguments();
    return writeRunBundle(dir, in);
}

QString exportProcSnapshotTo(const QString &path, const Snapshot &snap, const Scenario &scenario, ProcFile kind)
{
    const ProcSnapshotInfo info {scenario.name, WM_VERSION};
    const bool vmstat = kind == ProcFile::ByName
        ? QFileInfo(path).fileName().contains(QLatin1String("vmstat"), Qt::CaseInsensitive)
        : kind == ProcFile::Vmstat;
    return writeFileAtomic(path, bytes(vmstat ? vmstatText(snap, info) : zoneinfoText(snap, info)));
}

QString exportSeriesCsvTo(const QString &path, const Snapshot &snap)
{
    return writeFileAtomic(path, bytes(seriesCsv(snap)));
}

QString exportEventsCsvTo(const QString &path, const Snapshot &snap, const std::vector<Event> &events)
{
    return writeFileAtomic(path, bytes(eventsCsv(events, snap)));
}

bool exportChart(
    QWidget *parent, const Snapshot &snap, const std::vector<Event> &events, const Scenario &scenario, int zoneId, QSize size)
{
    const QString suggested = QDir(lastDir()).filePath(baseName(scenario) + QStringLiteral(".png"));
    const QString path = QFileDialog::getSaveFileName(parent, QCoreApplication::translate("Export", "Export chart"), suggested,
        QCoreApplication::translate("Export", "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return false;
    rememberDir(path);
    return report(parent, exportChartTo(path, snap, events, scenario, zoneId, size));
}

bool exportBundle(QWidget *parent, const Snapshot &snap, const std::vector<Event> &events, const Scenario &scenario)
{
    const QString dir = QFileDialog::getExistingDirectory(
        parent, QCoreApplication::translate("Export", "Export review bundle into"), lastDir());
    if (dir.isEmpty())
        return false;
    const QString target = QDir(dir).filePath(baseName(scenario) + QStringLiteral("-seed-") + QString::number(snap.seed));
    QSettings().setValue(QStringLiteral("export/lastDir"), dir);
    return report(parent, exportBundleTo(target, snap, events, scenario));
}

bool exportProcSnapshot(QWidget *parent, const Snapshot &snap, const Scenario &scenario, ProcFile kind)
{
    const bool vmstat = kind == ProcFile::Vmstat;
    const QString suggested = QDir(lastDir()).filePath(vmstat ? QStringLiteral("vmstat.txt") : QStringLiteral("zoneinfo.txt"));
    const QString title = vmstat     ? QCoreApplication::translate("Export", "Export /proc/vmstat snapshot")
        : kind == ProcFile::Zoneinfo ? QCoreApplication::translate("Export", "Export /proc/zoneinfo snapshot")
                                     : QCoreApplication::translate("Export", "Export /proc snapshot");
    const QString path = QFileDialog::getSaveFileName(
        parent, title, suggested, QCoreApplication::translate("Export", "zoneinfo or vmstat text (*.txt);;All files (*)"));
    if (path.isEmpty())
        return false;
    rememberDir(path);
    return report(parent, exportProcSnapshotTo(path, snap, scenario, kind));
}

bool exportSeriesCsv(QWidget *parent, const Snapshot &snap)
{
    const QString path = QFileDialog::getSaveFileName(parent, QCoreApplication::translate("Export", "Export series CSV"),
        QDir(lastDir()).filePath(QStringLiteral("series.csv")), QStringLiteral("CSV (*.csv)"));
    if (path.isEmpty())
        return false;
    rememberDir(path);
    return report(parent, exportSeriesCsvTo(path, snap));
}

bool exportEventsCsv(QWidget *parent, const Snapshot &snap, const std::vector<Event> &events)
{
    const QString path = QFileDialog::getSaveFileName(parent, QCoreApplication::translate("Export", "Export events CSV"),
        QDir(lastDir()).filePath(QStringLiteral("events.csv")), QStringLiteral("CSV (*.csv)"));
    if (path.isEmpty())
        return false;
    rememberDir(path);
    return report(parent, exportEventsCsvTo(path, snap, events));
}

} // namespace wm::exporter
