#include "shippedscenarios.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace wm {

namespace {
const QString kSubdir = QStringLiteral("watermark-explorer/scenarios");

void addIfDir(QStringList &dirs, const QString &dir)
{
    const QString clean = QDir::cleanPath(dir);
    if (QFileInfo(clean).isDir() && !dirs.contains(clean))
        dirs << clean;
}
} // namespace

QStringList shippedScenarioDirs()
{
    QStringList dirs;
    const QString appDir = QCoreApplication::instance() ? QCoreApplication::applicationDirPath() : QString();
    if (!appDir.isEmpty())
        addIfDir(dirs, appDir + QStringLiteral("/../share/") + kSubdir);
    for (const QString &d : QStandardPaths::standardLocations(QStandardPaths::GenericDataLocation))
        addIfDir(dirs, d + QLatin1Char('/') + kSubdir);
#ifdef WM_SOURCE_SCENARIO_DIR
    // A build tree (it holds CMakeCache.txt) uses the scenarios it was built from.
    if (!appDir.isEmpty() && QFileInfo::exists(appDir + QStringLiteral("/CMakeCache.txt")))
        addIfDir(dirs, QStringLiteral(WM_SOURCE_SCENARIO_DIR));
#endif
    return dirs;
}

QString resolveScenarioPath(const QString &path)
{
    if (path.isEmpty() || path.startsWith(QLatin1Char(':')) || QDir::isAbsolutePath(path) || QFileInfo::exists(path))
        return path;
    for (const QString &dir : shippedScenarioDirs()) {
        const QString candidate = dir + QLatin1Char('/') + path;
        if (QFileInfo(candidate).isFile())
            return candidate;
    }
    return path;
}

} // namespace wm
