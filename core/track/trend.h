// How exposure moves over a series of snapshots: per snapshot (sorted by
// as_of), what is open, what changed since the previous one (each step is
// a Diff with every earlier snapshot as its history), how fast fixes came
// and how old the backlog is.
#ifndef CORE_TRACK_TREND_H_
#define CORE_TRACK_TREND_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/track/diff.h"
#include "core/track/snapshot.h"

namespace exposure {

// Backlog age buckets, in days since first seen: 0-30, 31-90, 91-180, >180.
constexpr int kAgeBuckets = 4;
// "0-30", "31-90", "91-180", ">180".
const char* AgeBucketName(int bucket);

struct TrendPoint {
  std::string as_of;
  std::vector<std::string> sources;
  uint64_t open = 0;
  std::array<uint64_t, kSeverityCount> open_by_severity{};
  uint64_t open_kev = 0;
  uint64_t exposures = 0;
  uint64_t open_risk = 0;
  // Since the previous snapshot (all zero for the first).
  bool has_previous = false;
  uint64_t new_findings = 0;
  uint64_t fixed = 0;
  uint64_t reopened = 0;
  uint64_t not_reassessed = 0;
  std::array<FixTimes, kSeverityCount> time_to_fix{};
  FixTimes time_to_fix_all;
  // Fixes with a due date that came by it, in tenths of a percent; -1
  // when no fix had a due date.
  int sla_on_time_tenths = -1;
  // Open findings by age: as_of minus the day first seen (the earliest of
  // the tool's first-seen date and the first snapshot that had it).
  std::array<uint64_t, kAgeBuckets> backlog_age{};
};

// `snapshots` in any order.
std::vector<TrendPoint> Trend(const std::vector<const Snapshot*>& snapshots);

}  // namespace exposure

#endif  // CORE_TRACK_TREND_H_
