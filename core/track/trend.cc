#include "core/track/trend.h"

#include <algorithm>

namespace exposure {

const char* AgeBucketName(int bucket) {
  static const char* const kNames[kAgeBuckets] = {"0-30", "31-90", "91-180",
                                                  ">180"};
  return bucket >= 0 && bucket < kAgeBuckets ? kNames[bucket] : "";
}

namespace {

int AgeBucket(int32_t days) {
  if (days <= 30)
    return 0;
  if (days <= 90)
    return 1;
  if (days <= 180)
    return 2;
  return 3;
}

}  // namespace

std::vector<TrendPoint> Trend(const std::vector<const Snapshot*>& snapshots) {
  std::vector<const Snapshot*> sorted(snapshots);
  std::stable_sort(
      sorted.begin(), sorted.end(),
      [](const Snapshot* a, const Snapshot* b) { return a->as_of < b->as_of; });
  std::vector<TrendPoint> points;
  // By finding of the previous snapshot: the day it was first seen.
  std::vector<int32_t> previous_first;
  std::vector<int32_t> previous_due;  // carried (DiffResult::due_of_new)
  for (size_t i = 0; i < sorted.size(); ++i) {
    const Snapshot& s = *sorted[i];
    TrendPoint p;
    p.as_of = s.as_of;
    p.sources = s.sources;
    p.exposures = s.exposures;
    const int32_t day = s.as_of_day();
    std::vector<int32_t> first(s.findings.size(), kNoDay);
    const DiffResult* diff = nullptr;
    DiffResult step;
    if (i > 0) {
      std::vector<const Snapshot*> history(sorted.begin(),
                                           sorted.begin() + (i - 1));
      step = Diff(*sorted[i - 1], s, history, &previous_due);
      diff = &step;
      p.has_previous = true;
      p.new_findings = step.entries[static_cast<int>(DiffClass::kNew)].size();
      p.fixed = step.entries[static_cast<int>(DiffClass::kFixed)].size();
      p.reopened = step.entries[static_cast<int>(DiffClass::kReopened)].size();
      p.not_reassessed =
          step.entries[static_cast<int>(DiffClass::kNotReassessed)].size();
      p.time_to_fix = step.time_to_fix;
      p.time_to_fix_all = step.time_to_fix_all;
      const uint64_t due = step.sla_met + step.sla_missed;
      if (due > 0) {
        p.sla_on_time_tenths =
            static_cast<int>((step.sla_met * 1000 + due / 2) / due);
      }
    }
    for (size_t k = 0; k < s.findings.size(); ++k) {
      const SnapshotFinding& f = s.findings[k];
      int32_t d = f.first_seen != kNoDay ? f.first_seen : day;
      if (diff && diff->old_of_new[k] != DiffEntry::kNone) {
        const int32_t before = previous_first[diff->old_of_new[k]];
        if (before != kNoDay && (d == kNoDay || before < d))
          d = before;
      }
      first[k] = d;
      if (!s.IsOpen(f))
        continue;
      ++p.open;
      ++p.open_by_severity[static_cast<int>(f.severity)];
      if (f.kev)
        ++p.open_kev;
      p.open_risk += static_cast<uint64_t>(f.risk);
      if (d != kNoDay && day != kNoDay)
        ++p.backlog_age[AgeBucket(std::max(0, day - d))];
    }
    previous_first.swap(first);
    if (diff) {
      previous_due = step.due_of_new;
    } else {
      previous_due.clear();
      for (const SnapshotFinding& f : s.findings)
        previous_due.push_back(f.due);
    }
    points.push_back(std::move(p));
  }
  return points;
}

}  // namespace exposure
