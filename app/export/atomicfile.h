#pragma once
// Atomic file writes for every export: the content goes to "<name>.tmp-XXXXXX"
// in the target directory, is flushed and closed, and only then renamed over
// the final name (rename(2) is atomic within a directory). On any failure the
// temporary file is removed and an error is returned, so a file with the
// final name is always complete.
#include <QByteArray>
#include <QString>

#include <functional>

class QIODevice;

namespace wm::exporter {

// Opens a temporary file next to `path`, calls `writer(device)` (which returns
// "" or an error), checks the device for write errors, then renames. Returns ""
// on success or a message "cannot write PATH: reason".
QString writeFileAtomic(const QString &path, const std::function<QString(QIODevice &)> &writer);
QString writeFileAtomic(const QString &path, const QByteArray &data);

// Creates `dir` and its parents; "" or "cannot create directory DIR: reason".
QString ensureDirectory(const QString &dir);

} // namespace wm::exporter
