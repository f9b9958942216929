#pragma once
// Reading an input file (a scenario, a zoneinfo file) with a size and a time
// bound: a regular file is read to its end, at most `maxBytes`; anything else
// (a FIFO, a pipe, a character device) is opened without blocking and read
// while data keeps coming, so a FIFO with no writer, a terminal or a stalled
// pipe is refused after `idleMs` without data instead of hanging, and an
// endless device (/dev/zero) stops at the size bound. "-" is standard input,
// read blocking (the user's own pipe), with the size bound.
#include <cstddef>
#include <string>

namespace wm {

enum class InputReadStatus { Ok, OpenFailed, ReadFailed, TooLarge, NoData };

struct InputRead {
    InputReadStatus status = InputReadStatus::Ok;
    int error = 0; // errno for OpenFailed / ReadFailed
    std::string text;
    bool ok() const { return status == InputReadStatus::Ok; }
};

inline constexpr int kInputIdleMs = 10000;

InputRead readInputFile(const std::string &path, std::size_t maxBytes, int idleMs = kInputIdleMs);

// "a FIFO, pipe or device that gave no data for 10 s (no writer?)": why NoData.
std::string inputNoDataReason(int idleMs = kInputIdleMs);

} // namespace wm
