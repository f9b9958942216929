#pragma once
// `watermark-explorer zoneinfo ARCHIVE`: every sample of a PCP archive checked like a
// /proc/zoneinfo file, reporting each zone's verdict at the start and whenever it changes.
#include "zoneinfo/checker.h"

#include <QString>

namespace wm::cli {

int checkZoneinfoArchive(const QString &path, const ZoneinfoSysctlValues &flags, bool json);

} // namespace wm::cli
