// libFuzzer target for the PCP archive reader (core/recording), and what the window and `fit`
// do with what it reads. An input is one archive: two little-endian 32-bit lengths (the .meta's and
// the .index's), the .meta bytes, the .index bytes, and the rest as the .0 volume. The files go to
// a private temporary folder and are read through libpcp exactly as a user's archive is.
//   cmake --preset fuzz && cmake --build --preset fuzz
//   build/fuzz/tests/fuzz/fuzz_pcp_archive -max_len=65536 tests/fuzz/corpus/pcp
// Invariants: no crash, no hang, no sanitizer report; a read either yields a recording with zones
// whose every series has one value per sample, or errors; zoneinfoAt() and fitScenario() accept
// any recording the reader returns.
#include "recording/fit.h"
#include "recording/pcp_archive.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <unistd.h>

namespace {
std::string folder()
{
    static const std::string dir = [] {
        char tmpl[] = "/tmp/wm-fuzz-pcp-XXXXXX";
        const char *d = mkdtemp(tmpl);
        if (!d)
            std::abort();
        return std::string(d);
    }();
    return dir;
}

void writeFile(const std::string &path, const std::uint8_t *data, std::size_t size)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char *>(data), static_cast<std::streamsize>(size));
}

std::uint32_t le32(const std::uint8_t *p)
{
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 | static_cast<std::uint32_t>(p[2]) << 16
        | static_cast<std::uint32_t>(p[3]) << 24;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 8)
        return 0;
    const std::size_t metaLen = le32(data), indexLen = le32(data + 4);
    if (metaLen > size - 8 || indexLen > size - 8 - metaLen)
        return 0;
    const std::string base = folder() + "/a";
    writeFile(base + ".meta", data + 8, metaLen);
    writeFile(base + ".index", data + 8 + metaLen, indexLen);
    writeFile(base + ".0", data + 8 + metaLen + indexLen, size - 8 - metaLen - indexLen);
    const auto res = wm::recording::readPcpArchive(base);
    if (!res.ok()) {
        if (res.errors.empty())
            std::abort();
        return 0;
    }
    const auto &r = *res.recording;
    if (r.zones.empty())
        std::abort();
    for (const auto &z : r.zones) {
        for (const auto &v : z.values)
            if (v.size() != r.samples())
                std::abort();
        for (const auto &v : z.protection)
            if (v.size() != r.samples())
                std::abort();
    }
    for (const auto &[name, c] : r.counters)
        if (c.values.size() != r.samples())
            std::abort();
    for (std::size_t i = 0; i < r.samples(); ++i)
        (void)wm::recording::zoneinfoAt(r, i);
    std::string error;
    const auto fit = wm::recording::fitScenario(r, error);
    if (!fit && error.empty())
        std::abort();
    return 0;
}
