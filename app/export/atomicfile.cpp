#include "export/atomicfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace wm::exporter {

namespace {
QString osError(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

// QFileDevice says "Unknown error" for a failed buffered write (ENOSPC, EDQUOT,
// EIO): the errno of the failing call says what happened.
QString deviceError(const QFileDevice &dev, int savedErrno)
{
    const QString s = dev.errorString();
    if (savedErrno != 0 && (s.isEmpty() || s == QLatin1String("Unknown error")))
        return osError(savedErrno);
    return s;
}
} // namespace

QString ensureDirectory(const QString &dir)
{
    const QFileInfo fi(dir);
    if (fi.exists()) {
        if (!fi.isDir())
            return QStringLiteral("cannot create directory %1: a file with that name exists").arg(dir);
        if (!fi.isWritable())
            return QStringLiteral("cannot write to directory %1: permission denied").arg(dir);
        return {};
    }
    // Find the deepest existing ancestor to give a precise reason.
    QFileInfo parent(fi.absolutePath());
    while (!parent.exists() && parent.absoluteFilePath() != parent.absolutePath())
        parent = QFileInfo(parent.absolutePath());
    if (parent.exists() && !parent.isDir())
        return QStringLiteral("cannot create directory %1: %2 is not a directory").arg(dir, parent.absoluteFilePath());
    if (!QDir().mkpath(dir)) {
        if (parent.exists() && !parent.isWritable())
            return QStringLiteral("cannot create directory %1: permission denied in %2").arg(dir, parent.absoluteFilePath());
        return QStringLiteral("cannot create directory %1").arg(dir);
    }
    return {};
}

QString writeFileAtomic(const QString &path, const std::function<QString(QIODevice &)> &writer)
{
    const QFileInfo fi(path);
    const QFileInfo dirInfo(fi.absolutePath());
    if (!dirInfo.exists() || !dirInfo.isDir())
        return QStringLiteral("cannot write %1: directory %2 does not exist").arg(path, fi.absolutePath());
    QTemporaryFile tmp(fi.absoluteFilePath() + QStringLiteral(".tmp-XXXXXX"));
    tmp.setAutoRemove(true);
    if (!tmp.open())
        return QStringLiteral("cannot write %1: cannot create a file in %2 to write it (%3); nothing was changed")
            .arg(path, fi.absolutePath(), tmp.errorString());
    errno = 0;
    QString err = writer(tmp);
    if (err == QLatin1String("Unknown error") && errno != 0)
        err = osError(errno);
    errno = 0;
    if (err.isEmpty() && !tmp.flush())
        err = deviceError(tmp, errno);
    if (err.isEmpty() && tmp.error() != QFileDevice::NoError)
        err = deviceError(tmp, errno);
    if (err.isEmpty() && ::fsync(tmp.handle()) != 0 && errno != EINVAL)
        err = osError(errno);
    if (!err.isEmpty())
        return QStringLiteral("cannot write %1: %2").arg(path, err); // tmp removed by its destructor
    tmp.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
    const QByteArray from = QFile::encodeName(tmp.fileName());
    const QByteArray to = QFile::encodeName(fi.absoluteFilePath());
    tmp.close();
    if (std::rename(from.constData(), to.constData()) != 0) {
        const int e = errno;
        return QStringLiteral("cannot write %1: %2").arg(path, osError(e));
    }
    tmp.setAutoRemove(false); // renamed: nothing left to remove
    return {};
}

QString writeFileAtomic(const QString &path, const QByteArray &data)
{
    return writeFileAtomic(path, [&data](QIODevice &dev) -> QString {
        if (dev.write(data) != data.size())
            return dev.errorString().isEmpty() ? QStringLiteral("short write") : dev.errorString();
        return {};
    });
}

} // namespace wm::exporter
