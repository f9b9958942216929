#pragma once
// The review bundle of one run (run --out DIR, compare --out's per-policy
// folders, the GUI's File > Export > Bundle). Layout (README "run --out"):
//
//   DIR/manifest.json              written last; lists every other file with size and sha256
//   DIR/run.json                   the run --json document (when a report is given)
//   DIR/scenario.yaml              the scenario as run (--set and edits applied)
//   DIR/series.csv, events.csv     data (csvexport.h)
//   DIR/trace.txt                  event log as trace-cmd lines (trace.h)
//   DIR/zoneinfo.txt, vmstat.txt   /proc snapshots at the end (procsnapshot.h)
//   DIR/zoneinfo-at-<T>.txt, vmstat-at-<T>.txt   snapshots at --snapshot-at T
//   DIR/machine.{png,svg,pdf}      every zone's free/high over time
//   DIR/zone-<node>-<zone>.{png,svg,pdf}   one chart per populated zone
//
// Every file is written atomically (atomicfile.h).
#include "scenario/scenario.h"
#include "sim/events.h"
#include "sim/snapshot.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace wm::exporter {

struct TimedSnapshot {
    usec_t at = 0;
    Snapshot snap;
};

struct RunBundleInput {
    Snapshot snap; // at the end, with series
    std::vector<Event> events; // time order
    std::int64_t eventsDropped = 0;
    Scenario scenario; // as run
    std::optional<QJsonObject> report; // run.json
    std::vector<TimedSnapshot> snapshots; // --snapshot-at
    QStringList commandLine;
    QString kind = QStringLiteral("run");
    bool charts = true;
    bool pdf = true;
};

struct BundleFile {
    QString name; // relative to the bundle directory
    qint64 bytes = 0;
    QString sha256;
};

// "12.5s" -> file-name-safe time tag "12.500000s".
QString snapshotTag(usec_t at);

// Why `dir` may not receive a bundle, or "". A bundle replaces an earlier bundle
// (a directory with our manifest.json) file by file and leaves other files
// alone; it never writes into a directory of the user's own files, and never
// over the scenario file it was made from (`scenarioPath`, may be empty).
QString bundleTargetProblem(const QString &dir, const std::string &scenarioPath);

// Writes the bundle into `dir` (created with its parents). All or nothing: the
// files are written next to `dir` first and moved in when every one is there.
// `dir` must be new, empty or an earlier bundle (its manifest.json): a
// directory of other files is refused, and so is one whose scenario.yaml is the
// scenario the run was made from. Returns "" or the error; `written` receives
// the bundle's files (for the manifest of an enclosing bundle).
QString writeRunBundle(const QString &dir, const RunBundleInput &in, std::vector<BundleFile> *written = nullptr);
// The files of a bundle, manifest.json last, written straight into `dir`
// (writeRunBundle's staging step); `files` receives them without the manifest.
QString writeRunBundleFiles(const QString &dir, const RunBundleInput &in, std::vector<BundleFile> &files);

// Writes `dir`/manifest.json for the given files (plus `extra` keys).
QString writeManifest(const QString &dir, const QJsonObject &extra, const std::vector<BundleFile> &files);
// Size and sha256 of `dir`/`name`.
BundleFile describeFile(const QString &dir, const QString &name);

QString sha256Hex(const QByteArray &data);

} // namespace wm::exporter
