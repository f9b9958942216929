// libFuzzer target for the /proc/zoneinfo parser, checker and importer.
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Icore tests/fuzz/fuzz_zoneinfo.cpp \
//     core/zoneinfo/*.cpp core/mm/watermarks.cpp core/mm/zone_type.cpp core/mm/gfp.cpp \
//     core/scenario/diagnostics.cpp -o fuzz_zoneinfo
//   ./fuzz_zoneinfo -max_len=8192 tests/data/zoneinfo
// Invariants: no crash, no hang, no sanitizer report; a parse either has zones or errors;
// the checker gives every zone a verdict and an explanation.
#include "zoneinfo/checker.h"
#include "zoneinfo/importer.h"
#include "zoneinfo/parser.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const auto parsed = wm::parseZoneinfo(text, "fuzz");
    if (!parsed.ok()) {
        if (parsed.errors.empty())
            std::abort();
        return 0;
    }
    for (const auto &d : parsed.errors)
        if (d.line < 0 || d.column < 0)
            std::abort();
    wm::ZoneinfoCheckOptions options;
    const auto checked = wm::checkZoneinfo(parsed, options);
    if (checked.zones.size() != parsed.zones.size())
        std::abort();
    for (const auto &c : checked.zones)
        if (c.explanation.empty())
            std::abort();
    const auto imported = wm::importZoneinfo(parsed, options);
    if (!imported.ok() && imported.errors.empty())
        std::abort();
    return 0;
}
