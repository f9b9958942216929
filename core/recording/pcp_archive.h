#pragma once
// Reads a Performance Co-Pilot archive through libpcp's PMAPI (an archive context; PCP's file
// format is libpcp's business, not ours) into a Recording: every zone's mem.zoneinfo.* values,
// every mem.vmstat.* counter, hinv.pagesize, kernel.uname.release, and what `record` adds under
// wmx.* (boost, promo, the vm sysctls). Archives without mem.vmstat, with metrics an older
// kernel or PMDA lacks, with gaps (<mark> records), counters that wrap or reset, zones that
// appear or vanish (memory hotplug) and several volumes all read; one without any
// mem.zoneinfo value is refused.
//
// Never crashes or hangs on a damaged archive: files that are not regular files (a FIFO, a
// device) are refused before libpcp opens them; libpcp's errors become diagnostics.
#include "recording/recording.h"

#include <string>

namespace wm::recording {

// `path`: the archive's base name, or any of its files (NAME.meta, NAME.index, NAME.0), or a
// folder of archives (libpcp reads them as one).
//
// libpcp itself is not safe on every damaged archive: PCP 6.0.3 smashes its stack on some (its own
// pmdumplog too; tests/data/pcp-hostile). So the reading happens in a child process (fork), which
// hands the Recording back through a pipe: a child that dies of a signal, or does not answer
// within its time bound, is a diagnostic like any other, never a crash or hang of ours.
ReadResult readPcpArchive(const std::string &path);
// The same in this process (what the child runs; for callers that must not fork).
ReadResult readPcpArchiveInProcess(const std::string &path);

// True when `path` looks like a PCP archive (NAME.meta / NAME.0 / NAME.index exists beside it,
// or it is one of those files): how the window and the CLI tell a recording from a scenario.
bool looksLikePcpArchive(const std::string &path);

} // namespace wm::recording
