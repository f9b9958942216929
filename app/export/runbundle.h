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
// Every file is written atomically (atomicfile.h), and the bundle as a whole
// replaces an earlier one only when complete (writeBundleDirectory).
#include "scenario/scenario.h"
#include "sim/events.h"
#include "sim/snapshot.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
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
    std::vector<TimedSnapshot> snapshots; // --snapshot-at, one per tick (runWithSnapshots())
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

// Why `dir` may not receive a bundle, or "". Checked before any work (so that
// nothing runs for an output that cannot be written) and again when writing:
//  - `dir` must be new, empty or an earlier bundle (a directory whose
//    manifest.json is ours); a directory of the user's own files is refused;
//  - it must be a directory (or creatable: not under a regular file) that this
//    process can write (a probe directory is made next to it and removed);
//  - the scenario file it was made from (`scenarioPath`, may be empty) is
//    neither one of `scenarioNames` (where the new bundle writes its
//    scenario.yaml; "scenario.yaml" for a run, "<policy>/scenario.yaml" for
//    compare) nor a file of the earlier bundle (which the new one replaces).
QString bundleTargetProblem(
    const QString &dir, const std::string &scenarioPath, const QStringList &scenarioNames = {QStringLiteral("scenario.yaml")});

// Writes a bundle directory all or nothing. `fill(staging)` writes every file
// of the bundle (manifest.json last) into `staging`, a fresh hidden directory
// next to `dir` (inside `dir` when `dir` is a mount point, the working
// directory or in a directory we cannot write); "" or an error. Only when it
// succeeded does the staging directory replace `dir` as a whole: files of the
// earlier bundle (listed in its manifest) that the new one does not write are
// gone, the user's other files in it are kept (a user's file where the new
// bundle has one of the same name is refused), and on any failure `dir` is
// left exactly as it was (a new `dir`, and parents created for it, are
// removed again). SIGTERM, SIGHUP, SIGINT and SIGQUIT are held during the
// swap and raised after it, so a signal leaves `dir` the old bundle or the new
// one with the user's files in place; staging copies of runs killed before the
// swap (flock-free: their process is gone) are removed by the next write to
// `dir`. Error messages name `dir`, never the staging copy.
QString writeBundleDirectory(const QString &dir, const std::string &scenarioPath, const QStringList &scenarioNames,
    const std::function<QString(const QString &staging)> &fill);

// Writes the bundle of one run into `dir` (created with its parents) with
// writeBundleDirectory. Returns "" or the error; `written` receives the
// bundle's files, manifest.json last (for the manifest of an enclosing bundle).
QString writeRunBundle(const QString &dir, const RunBundleInput &in, std::vector<BundleFile> *written = nullptr);
// The files of a bundle, manifest.json last, written straight into the
// existing directory `dir` (writeRunBundle's staging step); `files` receives
// them without the manifest.
QString writeRunBundleFiles(const QString &dir, const RunBundleInput &in, std::vector<BundleFile> &files);

// Writes `dir`/manifest.json for the given files (plus `extra` keys).
QString writeManifest(const QString &dir, const QJsonObject &extra, const std::vector<BundleFile> &files);
// Size and sha256 of `dir`/`name`.
BundleFile describeFile(const QString &dir, const QString &name);

QString sha256Hex(const QByteArray &data);

} // namespace wm::exporter
