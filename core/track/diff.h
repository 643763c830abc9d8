// The change between two scans: every finding of either snapshot in exactly
// one class (docs/continuous.md):
//
//   new             in NEW only
//   persisting      in both ("changed" when its risk, KEV, EPSS, status or
//                   decision moved, with what moved)
//   fixed           in OLD only, and NEW looked again: a scan of the same
//                   format saw its asset again, its port and check were in
//                   that scan's stated scope, and a local check (one that
//                   needed a login) was re-run by a scan that logged in
//   not_reassessed  in OLD only, and NEW did not look: never called fixed
//   reopened        in NEW only, and fixed in an earlier transition of the
//                   history given
//
// Findings are matched by their asset and problem: assets by their identity
// keys (the strongest shared key, no conflicting key of the exact or
// strong kinds), so an asset whose IP address changed under the same FQDN,
// MAC or cloud id is still the same asset; problems by the finding key
// without its asset (format, check, port, component, location: never the
// scanner's output text or timestamps).
#ifndef CORE_TRACK_DIFF_H_
#define CORE_TRACK_DIFF_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/plan/gates.h"
#include "core/track/snapshot.h"

namespace exposure {

enum class DiffClass : uint8_t {
  kNew = 0,
  kPersisting,
  kFixed,
  kNotReassessed,
  kReopened,
};
constexpr int kDiffClassCount = 5;
// "new", "persisting", "fixed", "not_reassessed", "reopened".
const char* DiffClassName(DiffClass c);

struct DiffEntry {
  static constexpr uint32_t kNone = 0xFFFFFFFF;
  DiffClass cls = DiffClass::kNew;
  // The finding in NEW (new, persisting, reopened) and in OLD (persisting,
  // fixed, not reassessed).
  uint32_t now = kNone;
  uint32_t old = kNone;
  bool changed = false;      // persisting only
  std::string reason;        // why this class (what moved, for a change)
  int32_t days_to_fix = -1;  // fixed: NEW's as_of minus first seen
  int8_t sla = -1;           // fixed with a due date: 1 met, 0 missed
};

// Days from first seen to the scan that found a finding fixed, in tenths
// of a day (integers: the same bytes on every target).
struct FixTimes {
  size_t count = 0;
  int64_t mean_tenths = 0;
  int64_t median_tenths = 0;
};

struct DiffResult {
  // By class, each ordered by risk (highest first), severity, then key.
  std::array<std::vector<DiffEntry>, kDiffClassCount> entries;
  size_t changed = 0;
  // [class][severity]
  std::array<std::array<uint64_t, kSeverityCount>, kDiffClassCount>
      by_severity{};
  uint64_t open_risk_before = 0;
  uint64_t open_risk_after = 0;
  // (before - after) / before, in tenths of a percent; 0 when before is 0.
  int64_t reduction_tenths = 0;
  // Of fixed findings with a first-seen day: by severity, and all.
  std::array<FixTimes, kSeverityCount> time_to_fix{};
  FixTimes time_to_fix_all;
  // Fixed findings with a due date, fixed by it (the fix counts on NEW's
  // as_of) or not; open findings in NEW past their due date.
  uint64_t sla_met = 0;
  uint64_t sla_missed = 0;
  uint64_t overdue = 0;
  // By NEW finding index: its OLD match (persisting), else kNone.
  std::vector<uint32_t> old_of_new;
  // By NEW finding index: its due date, the earlier of NEW's and its OLD
  // match's (an analysis dates SLAs from its own as_of; a finding that
  // persists keeps the deadline it had when first seen).
  std::vector<int32_t> due_of_new;
};

// Compares `old_snap` with `now`. `history`: earlier snapshots (any order;
// sorted by as_of here), for telling reopened findings from new ones.
// `old_due`, when given, is the due date of each OLD finding as carried
// from earlier snapshots (a previous Diff's due_of_new); else OLD's own.
DiffResult Diff(const Snapshot& old_snap,
                const Snapshot& now,
                const std::vector<const Snapshot*>& history = {},
                const std::vector<int32_t>* old_due = nullptr);

// Whether a NEW finding meets a gate's condition ("new:" aside), as
// GateHolds does for an analysis.
bool SnapshotGateHolds(const Gate& gate, const SnapshotFinding& f);

// For each gate, how many open findings of NEW trip it: "new:" gates count
// new and reopened findings only.
std::vector<uint64_t> CountDiffGateFindings(const Snapshot& now,
                                            const DiffResult& diff,
                                            const std::vector<Gate>& gates);

// Whether `port` lies in a stated port list ("1-1024,8080", "T:1-65535,U:53",
// "all"; ranges may be separated by commas or spaces). false with *known
// false when the list is empty or "default" (the scanner's own list).
bool PortInScope(std::string_view ports,
                 uint32_t port,
                 std::string_view protocol,
                 bool* known);

}  // namespace exposure

#endif  // CORE_TRACK_DIFF_H_
