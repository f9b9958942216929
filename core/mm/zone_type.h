#pragma once
// Zone types in the kernel's order (include/linux/mmzone.h enum zone_type).
// ZONE_HIGHMEM only exists on 32-bit kernels; we keep it so lowmem_reserve
// tables line up with the five-column "protection:" line of /proc/zoneinfo.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wm {

enum class ZoneType : std::uint8_t { DMA = 0, DMA32 = 1, Normal = 2, HighMem = 3, Movable = 4 };

inline constexpr int kMaxNrZones = 5; // MAX_NR_ZONES with CONFIG_HIGHMEM

inline constexpr std::array<std::string_view, kMaxNrZones> kZoneNames {"DMA", "DMA32", "Normal", "HighMem", "Movable"};

constexpr int zoneIndex(ZoneType t)
{
    return static_cast<int>(t);
}
constexpr ZoneType zoneTypeFromIndex(int i)
{
    return static_cast<ZoneType>(i);
}
inline std::string_view zoneName(ZoneType t)
{
    return kZoneNames[static_cast<std::size_t>(zoneIndex(t))];
}
// The zone part of per-zone vmstat counters: pgalloc_dma32, allocstall_normal,
// pgalloc_high (mm/vmstat.c TEXT_FOR_HIGHMEM).
std::string zoneCounterSuffix(ZoneType t);
// Accepts "DMA", "dma32", "Normal", ... (case-insensitive).
std::optional<ZoneType> zoneTypeFromName(std::string_view name);

// is_highmem_idx() / ZONE_MOVABLE: the zones __setup_per_zone_wmarks() treats
// specially (clamped min, excluded from the lowmem sum).
constexpr bool isHighmemOrMovable(ZoneType t)
{
    return t == ZoneType::HighMem || t == ZoneType::Movable;
}

} // namespace wm
