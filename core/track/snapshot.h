// A snapshot: what one analysis found, kept compact so scans can be compared
// over time (core/track/diff.h, core/track/trend.h). It holds, per finding,
// its stable key and what a comparison needs (severity, risk, KEV, EPSS,
// due date, first and last seen, status and decision, action), per asset its
// identity keys and which scans saw it, and per scan what it covered (its
// format, policy, targets, ports and checks).
//
// On disk a snapshot is JSON lines compressed with zstd (docs/continuous.md):
// a header line {"schema": "exposure-lens/snapshot/v1", ...}, then one line
// per scan, asset and finding. Lines make it readable as it streams, with
// one line in memory at a time. A snapshot of a newer schema version than
// this build's is refused; older ones are read.
#ifndef CORE_TRACK_SNAPSHOT_H_
#define CORE_TRACK_SNAPSHOT_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/base/status.h"
#include "core/correlate/store.h"
#include "core/plan/plan.h"
#include "core/score/risk.h"

namespace exposure {

constexpr int kSnapshotVersion = 1;
constexpr char kSnapshotSchemaPrefix[] = "exposure-lens/snapshot/v";

// A day as days since 1970-01-01; kNoDay when not known.
constexpr int32_t kNoDay = INT32_MIN;
// "YYYY-MM-DD" of `day`, "" for kNoDay.
std::string DayDate(int32_t day);

// One scan (an input that is not an inventory).
struct SnapshotScan {
  std::string name;
  std::string format;
  SourceClass source = SourceClass::kHost;
  ScanScope scope;
};

struct SnapshotAsset {
  std::string id;  // "a-...", as the report names it
  std::string name;
  std::string kind;  // AssetKindName
  // Identity keys, strongest first (core/correlate/identity.h): the first
  // is the key its id and its findings' keys are made from.
  std::vector<std::string> keys;
  std::vector<uint32_t> scans;     // Snapshot::scans that saw it, ascending
  std::vector<std::string> ports;  // open services seen: "443/tcp", sorted
  bool credentialed = false;       // a host scan logged in
  bool uncredentialed = false;     // a host scan said it did not
  std::string last_scanned;
};

// A check of one format (the title is kept once per check).
struct SnapshotRule {
  std::string format;
  std::string rule_id;
  std::string title;
  SourceClass source = SourceClass::kHost;
};

struct SnapshotFinding {
  static constexpr uint32_t kNone = 0xFFFFFFFF;
  uint64_t key = 0;      // FindingKey with its asset's primary key
  uint64_t problem = 0;  // FindingKey without an asset: what is wrong
  uint32_t repeat = 1;   // FindingIds' repeat number
  uint32_t asset = kNone;
  uint32_t scan = kNone;  // the scan that reported it
  uint32_t rule = 0;      // into Snapshot::rules
  // Into Snapshot::strings (0 is ""): CVEs joined by ' ', the component
  // ("name installed"), the action's id, the protocol, the status
  // (the decision's, else the tool's: "open", "fixed", "accepted", ...).
  uint32_t cves = 0;
  uint32_t component = 0;
  uint32_t action = 0;
  uint32_t protocol = 0;
  uint32_t status = 0;
  int32_t epss = -1;  // x100000
  int32_t due = kNoDay;
  int32_t first_seen = kNoDay;
  int32_t last_seen = kNoDay;
  uint32_t port = 0;
  int16_t risk = 0;
  Severity severity = Severity::kInfo;
  DeployerPriority decision = DeployerPriority::kDefer;
  CisaLevel cisa = CisaLevel::kTrack;
  bool kev = false;
  bool decision_expired = false;
  // A local check: a host scan's finding without a port on an asset the
  // scan logged in to. Only a scan that logs in again re-assesses it.
  bool needs_credentials = false;
};

class Snapshot {
 public:
  Snapshot();
  Snapshot(Snapshot&&) = default;
  Snapshot& operator=(Snapshot&&) = default;

  std::string as_of;    // YYYY-MM-DD the analysis was made as of
  std::string version;  // of the Exposure Lens that made it
  // Where it came from, for messages: the file names it was read or
  // analyzed from.
  std::vector<std::string> sources;
  uint64_t exposures = 0;  // exposures with an open finding
  std::vector<SnapshotScan> scans;
  std::vector<SnapshotAsset> assets;
  std::vector<SnapshotRule> rules;
  std::vector<SnapshotFinding> findings;  // by key, then repeat

  const std::string& text(uint32_t id) const { return strings_[id]; }
  uint32_t Intern(std::string_view text);
  uint32_t InternRule(const SnapshotRule& rule);
  bool IsOpen(const SnapshotFinding& f) const { return f.status == open_; }
  // "f-" and the key (FindingId).
  std::string FindingIdOf(const SnapshotFinding& f) const;
  // Its day number of as_of (kNoDay when it has none).
  int32_t as_of_day() const;
  uint64_t OpenRisk() const;
  // Sorts the findings by key and repeat (call after adding findings).
  void SortFindings();

 private:
  std::deque<std::string> strings_;
  std::unordered_map<std::string_view, uint32_t> string_ids_;
  std::unordered_map<std::string, uint32_t> rule_ids_;
  uint32_t open_ = 0;
};

// The snapshot of one analysis.
Snapshot MakeSnapshot(const Store& store,
                      const Assessment& assessment,
                      const Plan& plan);

// Writes `snapshot` as zstd-compressed JSON lines, in pieces to `sink`.
Status WriteSnapshot(const Snapshot& snapshot,
                     const std::function<void(std::string_view)>& sink);

// What a file handed to a comparison is, told from its first bytes after
// decompression.
enum class TrackInputKind : uint8_t {
  kUndecided,  // too few bytes yet
  kSnapshot,
  kReport,  // an Exposure Lens JSON report
  kExport,  // anything else: a scanner export to analyze
};
// Pass at least the first kTrackSniffBytes decompressed bytes (or all of a
// shorter input with `complete`).
constexpr size_t kTrackSniffBytes = 512;
TrackInputKind SniffTrackInput(std::string_view head, bool complete);

// Reads a snapshot, or an Exposure Lens JSON report (its findings, assets
// and inputs; a report says nothing of scan scopes, so a comparison against
// it assumes less), from compressed or plain chunks. Errors name `name`.
class SnapshotReader {
 public:
  explicit SnapshotReader(std::string name);
  ~SnapshotReader();
  SnapshotReader(const SnapshotReader&) = delete;
  SnapshotReader& operator=(const SnapshotReader&) = delete;

  Status Feed(std::string_view chunk);
  Result<Snapshot> Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Merges `from` into `into`: scans appended, assets with a shared primary
// key merged, findings of equal key and repeat kept once (`into`'s); as_of
// the later. For a side of a comparison given as several files.
void MergeSnapshot(Snapshot* into, Snapshot from);

}  // namespace exposure

#endif  // CORE_TRACK_SNAPSHOT_H_
