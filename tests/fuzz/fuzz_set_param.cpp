// libFuzzer target for `--set key=value`: splitAssignment() then applyParam()
// on a small scenario. Any input gives "" or an error; never a crash, and a
// refused value leaves the scenario untouched.
#include "scenario/params.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    wm::Scenario s;
    s.name = "fuzz";
    s.nodes.push_back({{wm::ZoneSpec {}}});
    s.nodes[0].zones[0].managed = 262144;
    wm::SourceSpec src;
    src.name = "skb";
    src.rate.kind = wm::RateKind::Bursts;
    s.sources.push_back(src);
    const auto kv = wm::splitAssignment(text);
    if (!kv)
        return 0;
    const wm::Scenario before = s;
    const std::string err = wm::applyParam(s, kv->first, kv->second);
    if (!err.empty() && !(s == before))
        std::abort(); // a refused value must not change anything
    if (err.empty() && !wm::paramValue(s, kv->first))
        std::abort(); // an accepted key has a value
    return 0;
}
