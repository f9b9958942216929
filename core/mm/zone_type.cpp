#include "mm/zone_type.h"

#include <cctype>

namespace wm {

std::string zoneCounterSuffix(ZoneType t)
{
    // mm/vmstat.c: TEXT_FOR_HIGHMEM(xx) is xx "_high" (pgalloc_high,
    // allocstall_high); the other zones' names are lower-cased.
    if (t == ZoneType::HighMem)
        return "high";
    std::string s(zoneName(t));
    for (auto &c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::optional<ZoneType> zoneTypeFromName(std::string_view name)
{
    for (int i = 0; i < kMaxNrZones; ++i) {
        const auto candidate = kZoneNames[static_cast<std::size_t>(i)];
        if (candidate.size() != name.size())
            continue;
        bool same = true;
        for (std::size_t k = 0; k < name.size() && same; ++k)
            same = std::tolower(static_cast<unsigned char>(candidate[k])) == std::tolower(static_cast<unsigned char>(name[k]));
        if (same)
            return zoneTypeFromIndex(i);
    }
    return std::nullopt;
}

} // namespace wm
