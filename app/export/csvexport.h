#pragma once
// CSV of the recorded series and of the event log (RFC 4180: comma separated,
// "\n" line ends, fields with a comma, quote or line break are quoted and
// quotes doubled). One header line each.
//
// series.csv: time_s,node,zone,free_min,free_max,free,min,low,high,boost,min_unboosted,atomic_floor,file,anon
//   one row per recorded bucket and zone, time order, time_s = end of the bucket.
//   With the run --out recorder every bucket is one tick (free_min = free_max = free)
//   until the run exceeds the recorder's bound (runoutputs.h), then buckets merge
//   pairwise and free_min/free_max keep the extremes.
// events.csv: time_s,kind,reason,node,zone,a,b,text (kind/reason as events.h names
//   them; zone is the zone name or empty; a/b as documented in sim/events.h).
#include "sim/events.h"
#include "sim/snapshot.h"

#include <string>
#include <string_view>
#include <vector>

namespace wm::exporter {

std::string csvField(std::string_view text);
std::string seriesCsv(const Snapshot &snap);
std::string eventsCsv(const std::vector<Event> &events, const Snapshot &snap);

} // namespace wm::exporter
