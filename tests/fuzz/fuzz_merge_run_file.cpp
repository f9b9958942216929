// libFuzzer target for the run files `sweep --merge` reads (app/cli/runfile.h).
//   cmake --preset fuzz && cmake --build --preset fuzz --target fuzz_merge_run_file
//   build/fuzz/tests/fuzz/fuzz_merge_run_file tests/fuzz/corpus/merge_run_file
// Invariants: no crash, no hang, no sanitizer report; a file is either refused
// with a reason or gives a whole counter from 0 to 2^53 that its document holds,
// in a document without a key twice in one object.
#include "cli/runfile.h"

#include <QByteArray>
#include <QJsonObject>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const QString metric = QStringLiteral("sim_atomic_failures");
    const wm::cli::RunFile r = wm::cli::parseRunFile(bytes, metric);
    if (!r.problem.isEmpty())
        return 0;
    if (!(r.value >= 0) || r.value > 9007199254740992.0 || r.value != std::floor(r.value))
        std::abort();
    if (r.doc.value(QStringLiteral("counters")).toObject().value(metric).toDouble(-1) != r.value)
        std::abort();
    if (!wm::cli::duplicateJsonKey(bytes).isEmpty())
        std::abort();
    return 0;
}
