#include "export/runbundle.h"

#include "charts/chartrender.h"
#include "charts/zonechartbuilder.h"
#include "export/atomicfile.h"
#include "export/csvexport.h"
#include "export/procsnapshot.h"
#include "export/trace.h"
#include "scenario/writer.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>

#include <climits>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <optional>

namespace wm::exporter {

QString sha256Hex(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

QString snapshotTag(usec_t at)
{
    return QStringLiteral("%1.%2s").arg(at / 1000000).arg(at % 1000000, 6, 10, QLatin1Char('0'));
}

BundleFile describeFile(const QString &dir, const QString &name)
{
    BundleFile f;
    f.name = name;
    QFile file(QDir(dir).filePath(name));
    if (file.open(QIODevice::ReadOnly)) {
        QCryptographicHash h(QCryptographicHash::Sha256);
        h.addData(&file);
        f.bytes = file.size();
        f.sha256 = QString::fromLatin1(h.result().toHex());
    }
    return f;
}

QString writeManifest(const QString &dir, const QJsonObject &extra, const std::vector<BundleFile> &files)
{
    QJsonObject m;
    m.insert(QStringLiteral("program"), QStringLiteral("watermark-explorer"));
    m.insert(QStringLiteral("version"), QStringLiteral(WM_VERSION));
    m.insert(QStringLiteral("manifest_version"), 1);
    m.insert(QStringLiteral("created_utc"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    for (auto it = extra.begin(); it != extra.end(); ++it)
        m.insert(it.key(), it.value());
    QJsonArray arr;
    for (const auto &f : files) {
        QJsonObject o;
        o.insert(QStringLiteral("name"), f.name);
        o.insert(QStringLiteral("bytes"), f.bytes);
        o.insert(QStringLiteral("sha256"), f.sha256);
        arr.append(o);
    }
    m.insert(QStringLiteral("files"), arr);
    return writeFileAtomic(QDir(dir).filePath(QStringLiteral("manifest.json")), QJsonDocument(m).toJson(QJsonDocument::Indented));
}

namespace {

QByteArray enc(const QString &path)
{
    return QFile::encodeName(path);
}

QString osError(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

QString join(const QString &dir, const QString &name)
{
    return dir.endsWith(QLatin1Char('/')) ? dir + name : dir + QLatin1Char('/') + name;
}

enum class Kind { None, File, Dir, Other };

// What is at `path` (a symbolic link is Other: never followed).
Kind kindOf(const QString &path)
{
    struct stat st = {};
    if (::lstat(enc(path).constData(), &st) != 0)
        return Kind::None;
    if (S_ISREG(st.st_mode))
        return Kind::File;
    if (S_ISDIR(st.st_mode))
        return Kind::Dir;
    return Kind::Other;
}

QStringList entriesOf(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDir::Name);
}

bool isEmptyDir(const QString &dir)
{
    return kindOf(dir) == Kind::Dir && entriesOf(dir).isEmpty();
}

// Leftovers of an interrupted bundle write inside a bundle directory.
bool isScratchName(const QString &name)
{
    return name.startsWith(QLatin1String(".bundle.tmp-")) || name.startsWith(QLatin1String(".bundle.old-"));
}

// Exactly a name QTemporaryDir made for a staging copy: "<prefix>(tmp|old)-XXXXXX".
bool madeScratchName(const QString &n, const QString &prefix)
{
    static const QRegularExpression tail(QStringLiteral("^(tmp|old)-[A-Za-z0-9]{6}$"));
    return n.startsWith(prefix) && tail.match(n.mid(prefix.size())).hasMatch();
}

// The entries of `dir` but the staging copies of bundle writes inside it
// (".bundle.tmp-XXXXXX", ".bundle.old-XXXXXX": a killed write's, which the
// next write removes, or a live one's).
QStringList entriesButStaging(const QString &dir)
{
    QStringList out = entriesOf(dir);
    out.removeIf([](const QString &n) { return madeScratchName(n, QStringLiteral(".bundle.")); });
    return out;
}

// The files an earlier bundle's manifest lists, and the directories holding them.
struct EarlierBundle {
    QSet<QString> files; // relative to the bundle directory, manifest.json not included
    QSet<QString> dirs; // "vanilla" for "vanilla/run.json"
    QHash<QString, QString> sha256; // as the manifest lists them
    // Is the entry at `rel` (of kind `k`) the earlier bundle's? Only a regular
    // file can be a listed file: anything else under that name is the user's.
    bool ours(const QString &rel, Kind k) const
    {
        const bool top = !rel.contains(QLatin1Char('/'));
        if (top && isScratchName(rel))
            return true;
        if (k == Kind::File)
            return files.contains(rel) || (top && rel == QLatin1String("manifest.json"));
        return k == Kind::Dir && dirs.contains(rel);
    }
};

// The earlier bundle in `dir`, or nullopt when `dir` has no manifest.json of ours.
std::optional<EarlierBundle> earlierBundle(const QString &dir)
{
    const QString path = join(dir, QStringLiteral("manifest.json"));
    if (kindOf(path) != Kind::File)
        return std::nullopt;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || f.size() > (qint64 {64} << 20))
        return std::nullopt;
    const QJsonObject m = QJsonDocument::fromJson(f.readAll()).object();
    if (m.value(QStringLiteral("program")).toString() != QLatin1String("watermark-explorer")
        || !m.value(QStringLiteral("files")).isArray())
        return std::nullopt;
    EarlierBundle b;
    for (const auto &v : m.value(QStringLiteral("files")).toArray()) {
        const QString name = QDir::cleanPath(v.toObject().value(QStringLiteral("name")).toString());
        if (name.isEmpty() || name == QLatin1String(".") || name.startsWith(QLatin1Char('/')) || name == QLatin1String("..")
            || name.startsWith(QLatin1String("../")))
            continue;
        b.files.insert(name);
        b.sha256.insert(name, v.toObject().value(QStringLiteral("sha256")).toString());
        for (qsizetype i = name.indexOf(QLatin1Char('/')); i > 0; i = name.indexOf(QLatin1Char('/'), i + 1))
            b.dirs.insert(name.left(i));
    }
    return b;
}

// `dir` made absolute and, when it exists, canonical (a symbolic link to a
// directory is followed: the bundle goes where it points).
QString resolvedTarget(const QString &dir)
{
    const QFileInfo fi(dir);
    if (fi.exists())
        return fi.canonicalFilePath();
    return QDir::cleanPath(fi.absoluteFilePath());
}

QString parentOf(const QString &path)
{
    return QFileInfo(path).absolutePath();
}

// The deepest ancestor of `path` that exists (anything: a file there is an error).
QString existingAncestor(const QString &path)
{
    QString p = parentOf(path);
    while (kindOf(p) == Kind::None && parentOf(p) != p)
        p = parentOf(p);
    return p;
}

// "" when a directory can be made (and is removed again) in `where`, else why not.
QString probeWrite(const QString &where)
{
    QTemporaryDir probe(join(where, QStringLiteral(".wm-probe-XXXXXX")));
    return probe.isValid() ? QString() : probe.errorString();
}

// SIGTERM, SIGHUP, SIGINT and SIGQUIT are held while a bundle is swapped in
// (the user's files carried over, the directories exchanged, the earlier
// bundle removed): a signal then would leave the user's files in the hidden
// staging directory, or a mount point half old and half new. The signal is
// recorded and raised again, with the earlier disposition, when the swap is
// over: the target is then the old bundle or the new one, never a mix.
class DeferSignals
{
public:
    DeferSignals()
    {
        s_pending = 0;
        struct sigaction sa = {};
        sa.sa_handler = [](int sig) { s_pending = sig; };
        sigemptyset(&sa.sa_mask);
        for (std::size_t i = 0; i < kSignals.size(); ++i)
            m_installed[i] = ::sigaction(kSignals[i], &sa, &m_old[i]) == 0;
    }
    ~DeferSignals()
    {
        for (std::size_t i = 0; i < kSignals.size(); ++i)
            if (m_installed[i])
                ::sigaction(kSignals[i], &m_old[i], nullptr);
        if (const int sig = s_pending; sig != 0) {
            s_pending = 0;
            ::raise(sig); // what it would have done during the swap
        }
    }
    DeferSignals(const DeferSignals &) = delete;
    DeferSignals &operator=(const DeferSignals &) = delete;

private:
    static constexpr std::array<int, 4> kSignals {SIGTERM, SIGHUP, SIGINT, SIGQUIT};
    static inline volatile std::sig_atomic_t s_pending = 0;
    std::array<struct sigaction, 4> m_old {};
    std::array<bool, 4> m_installed {};
};

// A staging directory is locked (flock) by the process writing it, for as
// long as it runs: a later run removes the staging directories of runs that
// were killed (their lock is gone with them), never one still being written.
class StagingLock
{
public:
    explicit StagingLock(const QString &dir)
        : m_fd(::open(enc(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC))
    {
        if (m_fd >= 0)
            ::flock(m_fd, LOCK_EX | LOCK_NB);
    }
    ~StagingLock()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    StagingLock(const StagingLock &) = delete;
    StagingLock &operator=(const StagingLock &) = delete;

private:
    int m_fd = -1;
};

// Is a directory (a leftover staging copy) locked by a live process?
bool lockedByLiveProcess(const QString &dir)
{
    const int fd = ::open(enc(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return true; // cannot tell: leave it
    const bool busy = ::flock(fd, LOCK_EX | LOCK_NB) != 0;
    ::close(fd);
    return busy;
}

// Renames done while swapping a bundle in, undone in reverse on failure.
class MoveJournal
{
public:
    QString move(const QString &from, const QString &to)
    {
        if (std::rename(enc(from).constData(), enc(to).constData()) != 0)
            return osError(errno);
        m_steps.push_back({from, to, false});
        return {};
    }
    // Swaps the two paths atomically (Linux renameat2); false when that fails.
    bool exchange(const QString &a, const QString &b)
    {
#ifdef RENAME_EXCHANGE
        if (::renameat2(AT_FDCWD, enc(a).constData(), AT_FDCWD, enc(b).constData(), RENAME_EXCHANGE) == 0) {
            m_steps.push_back({a, b, true});
            return true;
        }
#else
        Q_UNUSED(a);
        Q_UNUSED(b);
#endif
        return false;
    }
    // Puts everything back; false when some step could not be undone.
    bool undo()
    {
        bool ok = true;
        for (auto it = m_steps.rbegin(); it != m_steps.rend(); ++it) {
            const QByteArray from = enc(it->from), to = enc(it->to);
#ifdef RENAME_EXCHANGE
            if (it->exchange) {
                ok = ::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_EXCHANGE) == 0 && ok;
                continue;
            }
#endif
            ok = std::rename(to.constData(), from.constData()) == 0 && ok;
        }
        m_steps.clear();
        return ok;
    }

private:
    struct Step {
        QString from, to;
        bool exchange = false;
    };
    std::vector<Step> m_steps;
};

// Moves the user's entries of the earlier bundle at `oldRoot` (those its
// manifest does not list) to the same place under `newRoot`, descending into
// the bundle's own directories; top-level entries move only when `moveTop`.
// `shown` is how the target is named in messages.
QString carryUserEntries(const QString &oldRoot, const QString &newRoot, const QString &rel, const EarlierBundle &earlier,
    bool moveTop, MoveJournal &journal, const QString &shown)
{
    for (const QString &name : entriesOf(rel.isEmpty() ? oldRoot : join(oldRoot, rel))) {
        const QString r = rel.isEmpty() ? name : rel + QLatin1Char('/') + name;
        const Kind k = kindOf(join(oldRoot, r));
        if (earlier.ours(r, k)) {
            if (k == Kind::Dir && !isScratchName(r))
                if (QString e = carryUserEntries(oldRoot, newRoot, r, earlier, true, journal, shown); !e.isEmpty())
                    return e;
            continue;
        }
        if (!moveTop && rel.isEmpty())
            continue; // stays where it is
        const QString to = join(newRoot, r);
        const QString toParent = rel.isEmpty() ? newRoot : join(newRoot, rel);
        if (kindOf(to) != Kind::None || (kindOf(toParent) != Kind::None && kindOf(toParent) != Kind::Dir))
            return QStringLiteral("%1 is not part of the earlier bundle, and the new bundle has a file of that name: "
                                  "move it away")
                .arg(join(shown, kindOf(to) != Kind::None ? r : rel));
        if (kindOf(toParent) == Kind::None && !QDir().mkpath(toParent))
            return QStringLiteral("cannot write %1").arg(join(shown, rel));
        if (QString e = journal.move(join(oldRoot, r), to); !e.isEmpty())
            return QStringLiteral("cannot keep %1 in the new bundle: %2").arg(join(shown, r), e);
    }
    return {};
}

// ".NAME<suffix>": the hidden name of a staging or set-aside copy of `target`
// (NAME shortened so that the result fits a file name).
QString siblingName(const QString &target, const QString &suffix)
{
    return QLatin1Char('.') + QFileInfo(target).fileName().left(200) + suffix;
}

// The mode mkdir(2) gives a new directory under this process's umask (found by
// making one in `where`: umask(2) itself would change it for every thread).
mode_t newDirectoryMode(const QString &where)
{
    const QByteArray probe = enc(join(where, QStringLiteral(".mode-probe")));
    struct stat st = {};
    mode_t mode = 0755;
    if (::mkdir(probe.constData(), 0777) == 0) {
        if (::stat(probe.constData(), &st) == 0)
            mode = st.st_mode & 07777;
        ::rmdir(probe.constData());
    }
    return mode;
}

// Deletes a tree we made (an old bundle moved aside, a staging copy).
void removeTree(const QString &path)
{
    if (kindOf(path) == Kind::Dir)
        QDir(path).removeRecursively();
}

// Does `root` hold an entry its own manifest does not list (a file of the
// user's carried into it by a run that was killed without a chance to finish)?
bool holdsUserEntries(const QString &root, const QString &rel, const EarlierBundle &own)
{
    for (const QString &name : entriesOf(rel.isEmpty() ? root : join(root, rel))) {
        const QString r = rel.isEmpty() ? name : rel + QLatin1Char('/') + name;
        const Kind k = kindOf(join(root, r));
        if (!own.ours(r, k))
            return true;
        if (k == Kind::Dir && !isScratchName(r) && holdsUserEntries(root, r, own))
            return true;
    }
    return false;
}

// Removes what runs killed while writing `target` left behind: staging copies
// next to it (".NAME.tmp-*", ".NAME.old-*") and inside it (".bundle.tmp-*",
// ".bundle.old-*"), unless a live process holds one, or one holds files its
// manifest does not list (the user's: said on standard error, never deleted).
void removeLeftovers(const QString &target)
{
    const QString parent = parentOf(target);
    const QString base = siblingName(target, QString());
    auto made = madeScratchName;
    std::vector<QString> candidates;
    for (const QString &n : entriesOf(parent))
        if (made(n, base + QLatin1Char('.')))
            candidates.push_back(join(parent, n));
    if (kindOf(target) == Kind::Dir)
        for (const QString &n : entriesOf(target))
            if (made(n, QStringLiteral(".bundle.")))
                candidates.push_back(join(target, n));
    for (const QString &c : candidates) {
        if (kindOf(c) != Kind::Dir || lockedByLiveProcess(c))
            continue;
        if (const auto own = earlierBundle(c); own && holdsUserEntries(c, {}, *own)) {
            std::fprintf(stderr,
                "note: %s, left by an interrupted bundle write, holds files that are not the bundle's: "
                "check it and move them back\n",
                enc(c).constData());
            continue;
        }
        removeTree(c);
    }
}

// Swap by directory renames: the staging directory `staging` (a sibling of
// `target`) becomes `target`; the earlier bundle is deleted after.
QString swapWhole(const QString &target, const QString &staging, const QString &shown, bool &undoFailed)
{
    if (kindOf(target) == Kind::None || isEmptyDir(target)) {
        // rename(2) replaces an empty directory atomically.
        if (std::rename(enc(staging).constData(), enc(target).constData()) != 0)
            return QStringLiteral("cannot write %1: %2").arg(shown, osError(errno));
        return {};
    }
    const auto earlier = earlierBundle(target);
    if (!earlier)
        return QStringLiteral("%1 is not empty and holds no earlier bundle (manifest.json): choose a new or empty directory")
            .arg(shown);
    MoveJournal journal;
    QString err = carryUserEntries(target, staging, {}, *earlier, true, journal, shown);
    if (err.isEmpty() && journal.exchange(staging, target)) {
        removeTree(staging); // now the earlier bundle
        return {};
    }
    if (err.isEmpty()) { // no RENAME_EXCHANGE here: move the earlier bundle aside, then the new one in
        QTemporaryDir aside(join(parentOf(target), siblingName(target, QStringLiteral(".old-XXXXXX"))));
        aside.setAutoRemove(false);
        if (!aside.isValid()) {
            err = QStringLiteral("cannot write next to %1: %2").arg(shown, aside.errorString());
        } else if (QString e = journal.move(target, aside.path()); !e.isEmpty()) {
            ::rmdir(enc(aside.path()).constData());
            err = QStringLiteral("cannot replace %1: %2").arg(shown, e);
        } else if (QString e2 = journal.move(staging, target); !e2.isEmpty()) {
            err = QStringLiteral("cannot replace %1: %2").arg(shown, e2);
        } else {
            removeTree(aside.path());
            return {};
        }
    }
    undoFailed = !journal.undo();
    return err;
}

// Swap entry by entry inside `target` (a mount point, the working directory, or
// a directory whose parent we cannot write); `staging` is inside it.
QString swapEntries(const QString &target, const QString &staging, const QString &shown, bool &undoFailed)
{
    const QString stagingName = QFileInfo(staging).fileName();
    EarlierBundle earlier;
    if (auto e = earlierBundle(target))
        earlier = *e;
    else if (!entriesButStaging(target).isEmpty())
        return QStringLiteral("%1 is not empty and holds no earlier bundle (manifest.json): choose a new or empty directory")
            .arg(shown);
    MoveJournal journal;
    auto fail = [&](const QString &e) {
        undoFailed = !journal.undo();
        return e;
    };
    if (QString e = carryUserEntries(target, staging, {}, earlier, false, journal, shown); !e.isEmpty())
        return fail(e);
    QStringList incoming = entriesOf(staging);
    if (incoming.removeAll(QStringLiteral("manifest.json")) > 0)
        incoming << QStringLiteral("manifest.json"); // last
    for (const QString &n : incoming) {
        const Kind k = kindOf(join(target, n));
        if (k != Kind::None && !earlier.ours(n, k))
            return fail(
                QStringLiteral("%1 is not part of the earlier bundle, and the new bundle has a file of that name: move it away")
                    .arg(join(shown, n)));
    }
    QTemporaryDir aside(join(target, QStringLiteral(".bundle.old-XXXXXX")));
    aside.setAutoRemove(false);
    if (!aside.isValid())
        return fail(QStringLiteral("cannot write into %1: %2").arg(shown, aside.errorString()));
    const QString asideName = QFileInfo(aside.path()).fileName();
    auto failAside = [&](const QString &e) {
        const QString msg = fail(e);
        if (!undoFailed)
            ::rmdir(enc(aside.path()).constData());
        return msg;
    };
    for (const QString &n : entriesOf(target)) {
        if (n == stagingName || n == asideName || !earlier.ours(n, kindOf(join(target, n))))
            continue;
        if (QString e = journal.move(join(target, n), join(aside.path(), n)); !e.isEmpty())
            return failAside(QStringLiteral("cannot replace %1: %2").arg(join(shown, n), e));
    }
    for (const QString &n : incoming)
        if (QString e = journal.move(join(staging, n), join(target, n)); !e.isEmpty())
            return failAside(QStringLiteral("cannot write %1: %2").arg(join(shown, n), e));
    removeTree(aside.path());
    removeTree(staging);
    return {};
}

} // namespace

QString bundleTargetProblem(const QString &dir, const std::string &scenarioPath, const QStringList &scenarioNames)
{
    const QString target = resolvedTarget(dir);
    const QDir d(dir);
    const QString input = scenarioPath.empty() ? QString() : QFileInfo(QString::fromStdString(scenarioPath)).canonicalFilePath();
    if (!input.isEmpty()) {
        for (const QString &name : scenarioNames) {
            const QString ours = QFileInfo(join(target, name)).canonicalFilePath();
            if (!ours.isEmpty() && input == ours)
                return QStringLiteral(
                    "%1 is the scenario file this run was made from; the bundle's scenario.yaml would replace it")
                    .arg(d.filePath(name));
        }
    }
    // A name the file system cannot hold is refused now, not after the run.
    for (const QString &part : QDir::cleanPath(QFileInfo(dir).absoluteFilePath()).split(QLatin1Char('/')))
        if (enc(part).size() > NAME_MAX)
            return QStringLiteral("the name %1... is too long (%2 bytes; a file name holds at most %3)")
                .arg(part.left(40))
                .arg(enc(part).size())
                .arg(NAME_MAX);
    const Kind k = kindOf(target);
    if (k == Kind::None) {
        if (QFileInfo(dir).isSymLink())
            return QStringLiteral("%1 is a symbolic link to nothing").arg(dir);
        const QString ancestor = existingAncestor(target);
        if (kindOf(ancestor) != Kind::Dir && QFileInfo(ancestor).isFile())
            return QStringLiteral("cannot create directory %1: %2 is not a directory").arg(dir, ancestor);
        if (QString e = probeWrite(ancestor); !e.isEmpty())
            return QStringLiteral("cannot create directory %1: cannot write in %2: %3").arg(dir, ancestor, e);
        return {};
    }
    if (k != Kind::Dir)
        return QStringLiteral("%1 exists and is not a directory").arg(dir);
    if (::access(enc(target).constData(), W_OK | X_OK) != 0)
        return QStringLiteral("cannot write to directory %1: %2").arg(dir, osError(errno));
    if (!entriesButStaging(target).isEmpty()) {
        const auto earlier = earlierBundle(target);
        if (!earlier)
            return QStringLiteral("%1 is not empty and holds no earlier bundle (manifest.json): choose a new or empty directory")
                .arg(dir);
        // The new bundle replaces the earlier one whole: the scenario being run
        // must not be one of its files, and a listed name that is no longer a
        // file (the user's directory there) is not ours to delete.
        if (!input.isEmpty() && input.startsWith(target + QLatin1Char('/'))
            && earlier->files.contains(input.mid(target.size() + 1)))
            return QStringLiteral("%1 is the scenario file being run, and it belongs to the earlier bundle in %2, which the "
                                  "new bundle replaces: copy it elsewhere first")
                .arg(QString::fromStdString(scenarioPath), dir);
        QStringList listed(earlier->files.begin(), earlier->files.end());
        listed.sort();
        for (const QString &name : listed) {
            const Kind lk = kindOf(join(target, name));
            if (lk != Kind::None && lk != Kind::File)
                return QStringLiteral("%1 was a file of the earlier bundle and is now %2 that is not ours: move it away")
                    .arg(d.filePath(name), lk == Kind::Dir ? QStringLiteral("a directory") : QStringLiteral("something"));
            // A file the user edited after the run is theirs now: not replaced unasked.
            const QString want = earlier->sha256.value(name);
            if (lk == Kind::File && !want.isEmpty() && describeFile(target, name).sha256 != want)
                return QStringLiteral("%1 was changed after the earlier bundle was written (its sha256 is not the one in "
                                      "manifest.json): the new bundle would replace your edits; move it away or restore it")
                    .arg(d.filePath(name));
        }
        // Where the new bundle is known to write (its scenario.yaml, compare's
        // policy directories), nothing of the user's may be in the way.
        for (const QString &name : scenarioNames) {
            QString prefix;
            for (const QString &part : name.split(QLatin1Char('/'))) {
                prefix = prefix.isEmpty() ? part : prefix + QLatin1Char('/') + part;
                const Kind pk = kindOf(join(target, prefix));
                if (pk == Kind::None)
                    break;
                if (!earlier->ours(prefix, pk))
                    return QStringLiteral("%1 is not part of the earlier bundle, and the new bundle writes one of that name: "
                                          "move it away")
                        .arg(d.filePath(prefix));
            }
        }
    }
    // The bundle is staged next to the directory, or inside it.
    const QString next = probeWrite(parentOf(target));
    if (!next.isEmpty() && !probeWrite(target).isEmpty())
        return QStringLiteral("cannot write to directory %1: %2").arg(dir, next);
    return {};
}

QString writeBundleDirectory(const QString &dir, const std::string &scenarioPath, const QStringList &scenarioNames,
    const std::function<QString(const QString &staging)> &fill)
{
    if (QString err = bundleTargetProblem(dir, scenarioPath, scenarioNames); !err.isEmpty())
        return err + QStringLiteral("; nothing was written");
    const QString target = resolvedTarget(dir);
    const QString shown = QDir::cleanPath(dir);
    const QString parent = parentOf(target);
    removeLeftovers(target);
    // Parents of a new directory are made now, and removed again on failure.
    QStringList created;
    auto removeCreated = [&created] {
        for (auto it = created.crbegin(); it != created.crend(); ++it)
            ::rmdir(enc(*it).constData());
    };
    if (kindOf(target) == Kind::None) {
        QStringList missing;
        for (QString p = parent; kindOf(p) == Kind::None && parentOf(p) != p; p = parentOf(p))
            missing.prepend(p);
        for (const QString &p : missing) {
            if (::mkdir(enc(p).constData(), 0777) != 0) {
                const int e = errno;
                removeCreated();
                return QStringLiteral("cannot create directory %1: %2").arg(shown, osError(e));
            }
            created << p;
        }
    }
    // Everything is written into a hidden directory next to `dir` and moved in
    // only when all of it is there: a full disk or a failing chart leaves `dir`
    // as it was, not a mix of two runs. A mount point cannot be renamed (and a
    // sibling would be on another file system), and renaming the working
    // directory would leave the user's shell in a deleted one: there the
    // bundle is staged inside `dir` and swapped in entry by entry.
    bool inside = false;
    mode_t mode = 0;
    if (kindOf(target) == Kind::Dir) {
        struct stat t = {}, p = {};
        if (::stat(enc(target).constData(), &t) == 0 && ::stat(enc(parent).constData(), &p) == 0)
            inside = t.st_dev != p.st_dev || t.st_ino == p.st_ino;
        mode = t.st_mode & 07777;
        const QString cwd = QFileInfo(QDir::currentPath()).canonicalFilePath();
        inside = inside || cwd == target || cwd.startsWith(target + QLatin1Char('/'));
    }
    std::optional<QTemporaryDir> staging;
    if (!inside) {
        staging.emplace(join(parent, siblingName(target, QStringLiteral(".tmp-XXXXXX"))));
        if (!staging->isValid() && kindOf(target) == Kind::Dir)
            inside = true; // a writable directory in a read-only one
    }
    if (inside)
        staging.emplace(join(target, QStringLiteral(".bundle.tmp-XXXXXX")));
    staging->setAutoRemove(false); // removed below, and never when it still holds the user's files
    if (!staging->isValid()) {
        removeCreated();
        return QStringLiteral("cannot write into %1: %2").arg(shown, staging->errorString());
    }
    const QString stagingPath = staging->path();
    const StagingLock lock(stagingPath);
    if (!inside) // the staging directory becomes `dir`: its mode, or a new directory's
        ::chmod(enc(stagingPath).constData(), mode != 0 ? mode : newDirectoryMode(stagingPath));
    auto named = [&](QString err) { // name the directory the user asked for, not the staging copy
        err.replace(stagingPath, shown);
        return err;
    };
    if (QString err = fill(stagingPath); !err.isEmpty()) {
        removeTree(stagingPath);
        removeCreated();
        return named(err);
    }
    bool undoFailed = false;
    const DeferSignals deferred; // until the function returns: the swap and its clean-up are one step
    if (QString err
        = inside ? swapEntries(target, stagingPath, shown, undoFailed) : swapWhole(target, stagingPath, shown, undoFailed);
        !err.isEmpty()) {
        if (undoFailed)
            return err + QStringLiteral("; some files could not be put back: they are in ") + stagingPath;
        removeTree(stagingPath);
        removeCreated();
        return err;
    }
    return {};
}

QString writeRunBundle(const QString &dir, const RunBundleInput &in, std::vector<BundleFile> *written)
{
    std::vector<BundleFile> files;
    const QString err
        = writeBundleDirectory(dir, in.scenario.sourcePath, {QStringLiteral("scenario.yaml")}, [&](const QString &staging) {
              QString e = writeRunBundleFiles(staging, in, files);
              if (e.isEmpty())
                  files.push_back(describeFile(staging, QStringLiteral("manifest.json")));
              return e;
          });
    if (err.isEmpty() && written)
        *written = files;
    return err;
}

QString writeRunBundleFiles(const QString &dir, const RunBundleInput &in, std::vector<BundleFile> &files)
{
    const QDir d(dir);
    auto put = [&](const QString &name, const QByteArray &data) -> QString {
        QString err = writeFileAtomic(d.filePath(name), data);
        if (err.isEmpty()) {
            BundleFile f {name, data.size(), sha256Hex(data)};
            files.push_back(f);
        }
        return err;
    };
    auto putStd = [&](const QString &name, const std::string &text) {
        return put(name, QByteArray(text.data(), static_cast<qsizetype>(text.size())));
    };
    const std::string scenarioText = writeScenarioYaml(in.scenario);
    const ProcSnapshotInfo info {in.scenario.name, WM_VERSION};
    QString err;
    if (in.report && (err = put(QStringLiteral("run.json"), QJsonDocument(*in.report).toJson(QJsonDocument::Indented))).size())
        return err;
    if ((err = putStd(QStringLiteral("scenario.yaml"), scenarioText)).size())
        return err;
    if ((err = putStd(QStringLiteral("series.csv"), seriesCsv(in.snap))).size())
        return err;
    if ((err = putStd(QStringLiteral("events.csv"), eventsCsv(in.events, in.snap))).size())
        return err;
    if ((err = putStd(QStringLiteral("trace.txt"), traceText(in.events, in.snap, in.eventsDropped))).size())
        return err;
    if ((err = putStd(QStringLiteral("zoneinfo.txt"), zoneinfoText(in.snap, info))).size())
        return err;
    if ((err = putStd(QStringLiteral("vmstat.txt"), vmstatText(in.snap, info))).size())
        return err;
    for (const auto &ts : in.snapshots) {
        const QString tag = snapshotTag(ts.at);
        if ((err = putStd(QStringLiteral("zoneinfo-at-%1.txt").arg(tag), zoneinfoText(ts.snap, info))).size())
            return err;
        if ((err = putStd(QStringLiteral("vmstat-at-%1.txt").arg(tag), vmstatText(ts.snap, info))).size())
            return err;
    }
    if (in.charts) {
        ChartCaption caption;
        caption.scenario = QString::fromStdString(in.scenario.name);
        caption.policy = QString::fromStdString(in.snap.policy);
        caption.seed = in.snap.seed;
        caption.version = QStringLiteral(WM_VERSION);
        const usec_t to = std::max<usec_t>(in.snap.now, 1);
        const QSize size(1200, 600);
        QStringList suffixes {QStringLiteral("png"), QStringLiteral("svg")};
        if (in.pdf)
            suffixes << QStringLiteral("pdf");
        auto render = [&](QChart *raw, const QString &base) -> QString {
            gui::ChartPtr chart(raw);
            gui::ChartRenderOptions o;
            o.size = size;
            o.description = caption.text();
            for (const auto &suf : suffixes) {
                const QString name = base + QLatin1Char('.') + suf;
                if (QString e = gui::renderChart(chart.get(), d.filePath(name), o); !e.isEmpty())
                    return e;
                files.push_back(describeFile(dir, name));
            }
            return {};
        };
        if ((err = render(buildMachineChart(in.snap, in.events, 0, to, size.width(), caption), QStringLiteral("machine"))).size())
            return err;
        for (const auto &z : in.snap.zones) {
            if (z.managed <= 0)
                continue;
            const QString base = QStringLiteral("zone-%1-%2").arg(z.node).arg(QString::fromUtf8(zoneName(z.type)));
            if ((err = render(buildZoneChart(in.snap, z.id, in.events, 0, to, size.width(), caption), base)).size())
                return err;
        }
    }
    QJsonObject extra;
    extra.insert(QStringLiteral("kind"), in.kind);
    extra.insert(QStringLiteral("scenario"), QString::fromStdString(in.scenario.name));
    extra.insert(QStringLiteral("scenario_file"), QString::fromStdString(in.scenario.sourcePath));
    extra.insert(QStringLiteral("scenario_sha256"), sha256Hex(QByteArray::fromStdString(scenarioText)));
    extra.insert(QStringLiteral("seed"), QString::number(in.snap.seed));
    extra.insert(QStringLiteral("policy"), QString::fromStdString(in.snap.policy));
    extra.insert(QStringLiteral("simulated_seconds"), static_cast<double>(in.snap.now) / 1e6);
    QJsonArray at;
    for (const auto &ts : in.snapshots)
        at.append(static_cast<double>(ts.at) / 1e6);
    extra.insert(QStringLiteral("snapshots_at_s"), at);
    extra.insert(QStringLiteral("command_line"), QJsonArray::fromStringList(in.commandLine));
    return writeManifest(dir, extra, files);
}

} // namespace wm::exporter
