#include "mm/gfp.h"

#include <array>
#include <cctype>
#include <charconv>
#include <utility>

namespace wm {

ZoneType gfpZone(gfp_t mask)
{
    // gfp_zone() via GFP_ZONE_TABLE on x86-64: __GFP_DMA -> DMA, __GFP_DMA32 -> DMA32,
    // __GFP_HIGHMEM|__GFP_MOVABLE -> Movable, __GFP_HIGHMEM alone -> Normal (no HighMem on 64-bit),
    // __GFP_MOVABLE alone -> Normal.
    if (mask & gfp::DMA)
        return ZoneType::DMA;
    if (mask & gfp::DMA32)
        return ZoneType::DMA32;
    if ((mask & gfp::HIGHMEM) && (mask & gfp::MOVABLE))
        return ZoneType::Movable;
    return ZoneType::Normal;
}

namespace {
struct GfpName {
    std::string_view name;
    gfp_t value;
};
// Composite names first so formatGfp() prefers them, as %pGg does.
constexpr std::array<GfpName, 33> kNames {{
    {"GFP_HIGHUSER_MOVABLE", gfp::HIGHUSER_MOVABLE},
    {"GFP_HIGHUSER", gfp::HIGHUSER},
    {"GFP_USER", gfp::USER},
    {"GFP_KERNEL", gfp::KERNEL},
    {"GFP_NOFS", gfp::NOFS},
    {"GFP_NOIO", gfp::NOIO},
    {"GFP_NOWAIT", gfp::NOWAIT},
    {"GFP_ATOMIC", gfp::ATOMIC_},
    {"GFP_DMA32", gfp::DMA32},
    {"GFP_DMA", gfp::DMA},
    {"__GFP_DMA", gfp::DMA},
    {"__GFP_HIGHMEM", gfp::HIGHMEM},
    {"__GFP_DMA32", gfp::DMA32},
    {"__GFP_MOVABLE", gfp::MOVABLE},
    {"__GFP_RECLAIMABLE", gfp::RECLAIMABLE},
    {"__GFP_HIGH", gfp::HIGH},
    {"__GFP_IO", gfp::IO},
    {"__GFP_FS", gfp::FS},
    {"__GFP_DIRECT_RECLAIM", gfp::DIRECT_RECLAIM},
    {"__GFP_KSWAPD_RECLAIM", gfp::KSWAPD_RECLAIM},
    {"__GFP_RECLAIM", gfp::RECLAIM},
    {"__GFP_WRITE", gfp::WRITE},
    {"__GFP_NOWARN", gfp::NOWARN},
    {"__GFP_RETRY_MAYFAIL", gfp::RETRY_MAYFAIL},
    {"__GFP_NOFAIL", gfp::NOFAIL},
    {"__GFP_NORETRY", gfp::NORETRY},
    {"__GFP_MEMALLOC", gfp::MEMALLOC},
    {"__GFP_COMP", gfp::COMP},
    {"__GFP_NOMEMALLOC", gfp::NOMEMALLOC},
    {"__GFP_HARDWALL", gfp::HARDWALL},
    {"__GFP_THISNODE", gfp::THISNODE},
    {"__GFP_ACCOUNT", gfp::ACCOUNT},
    {"__GFP_ZERO", gfp::ZERO},
}};

std::string_view trim(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}
} // namespace

std::optional<gfp_t> parseGfp(std::string_view text, std::string *error)
{
    gfp_t mask = 0;
    bool any = false;
    while (true) {
        const auto bar = text.find('|');
        const auto part = trim(text.substr(0, bar));
        if (part.empty()) {
            if (error)
                *error = "empty GFP flag name";
            return std::nullopt;
        }
        bool found = false;
        if (part.size() > 2 && part[0] == '0' && (part[1] == 'x' || part[1] == 'X')) {
            gfp_t v = 0;
            const auto *b = part.data() + 2;
            const auto *e = part.data() + part.size();
            auto [p, ec] = std::from_chars(b, e, v, 16);
            if (ec != std::errc() || p != e) {
                if (error)
                    *error = "bad hexadecimal GFP mask '" + std::string(part) + "'";
                return std::nullopt;
            }
            mask |= v;
            found = true;
        } else {
            for (const auto &n : kNames)
                if (n.name == part) {
                    mask |= n.value;
                    found = true;
                    break;
                }
        }
        if (!found) {
            if (error)
                *error = "unknown GFP flag '" + std::string(part)
                    + "' (use GFP_ATOMIC, GFP_NOWAIT, GFP_KERNEL, GFP_HIGHUSER_MOVABLE, __GFP_* or 0x...)";
            return std::nullopt;
        }
        any = true;
        if (bar == std::string_view::npos)
            break;
        text.remove_prefix(bar + 1);
    }
    if (!any)
        return std::nullopt;
    return mask;
}

std::string formatGfp(gfp_t mask)
{
    char hex[16];
    auto [p, ec] = std::to_chars(hex, hex + sizeof hex, mask, 16);
    (void)ec;
    std::string out = "0x" + std::string(hex, p) + "(";
    gfp_t rest = mask;
    bool first = true;
    for (const auto &n : kNames) {
        if (n.value != 0 && (rest & n.value) == n.value && n.name.substr(0, 4) != "GFP_D") {
            if (!first)
                out += '|';
            out += n.name;
            rest &= ~n.value;
            first = false;
        }
    }
    if (first)
        out += "none";
    out += ')';
    return out;
}

} // namespace wm
