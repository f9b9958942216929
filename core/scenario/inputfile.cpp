#include "scenario/inputfile.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

namespace wm {

namespace {

// Waits up to `ms` for data (or the end of it); false on a timeout.
bool waitReadable(int fd, int ms, bool &hangup)
{
    pollfd p {fd, POLLIN, 0};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (true) {
        const auto left
            = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0)
            return false;
        const int r = ::poll(&p, 1, static_cast<int>(left));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        hangup = (p.revents & POLLIN) == 0 && (p.revents & (POLLHUP | POLLERR)) != 0;
        return true;
    }
}

} // namespace

std::string inputNoDataReason(int idleMs)
{
    return "a FIFO, pipe or device that gave no data for " + std::to_string(idleMs / 1000)
        + " s (no writer?); only regular files, pipes with a writer and standard input (-) are read";
}

InputRead readInputFile(const std::string &path, std::size_t maxBytes, int idleMs)
{
    InputRead r;
    const bool isStdin = path == "-";
    int fd = 0;
    if (!isStdin) {
        // O_NONBLOCK: opening a FIFO with no writer (or a device) must not block.
        fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
        if (fd < 0) {
            r.status = InputReadStatus::OpenFailed;
            r.error = errno;
            return r;
        }
    }
    struct stat st {
    };
    const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    const bool fifo = !regular && S_ISFIFO(st.st_mode);
    char buf[65536];
    while (true) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            r.text.append(buf, static_cast<std::size_t>(n));
            if (r.text.size() > maxBytes) {
                r.status = InputReadStatus::TooLarge;
                break;
            }
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        bool hangup = false;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!waitReadable(fd, idleMs, hangup)) {
                r.status = InputReadStatus::NoData;
                break;
            }
            continue; // data, or the end of it: the next read says which
        }
        if (n < 0) {
            r.status = InputReadStatus::ReadFailed;
            r.error = errno;
            break;
        }
        // End of file. A FIFO opened before its writer reads as empty: wait
        // (bounded) for a writer, unless one came and went already.
        if (fifo && !isStdin && r.text.empty()) {
            if (!waitReadable(fd, idleMs, hangup)) {
                r.status = InputReadStatus::NoData;
                break;
            }
            if (!hangup)
                continue;
        }
        break;
    }
    if (!isStdin)
        ::close(fd);
    return r;
}

} // namespace wm
