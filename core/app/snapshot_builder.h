// One snapshot from any mix of files, as each side of a diff and each point
// of a trend are given: Exposure Lens snapshots and JSON reports are read
// (core/track/snapshot.h), scanner exports are analyzed together, as
// `exposure analyze` would, and everything is merged. What a file is comes
// from its content (after decompression), never its name.
#ifndef CORE_APP_SNAPSHOT_BUILDER_H_
#define CORE_APP_SNAPSHOT_BUILDER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/app/analyzer.h"
#include "core/base/status.h"
#include "core/track/snapshot.h"

namespace exposure {

class SnapshotBuilder {
 public:
  // `prepare` sets up the analyzer the exports go to (policy, intel,
  // decisions, memory budget); it is called once, before the first export
  // is fed.
  explicit SnapshotBuilder(std::function<void(Analyzer*)> prepare);
  ~SnapshotBuilder();
  SnapshotBuilder(const SnapshotBuilder&) = delete;
  SnapshotBuilder& operator=(const SnapshotBuilder&) = delete;

  void BeginFile(std::string name);
  void Feed(std::string_view chunk);
  void EndFile();
  // Ends the current file early: its bytes could not all be read.
  void AbortFile(const std::string& message);
  // A file that could not be opened.
  void AddUnreadable(const std::string& name, const std::string& message);

  // Findings the exports fed so far produced (for progress lines).
  size_t analyzed_findings() const;
  // See Analyzer::LimitExceeded(): "" until the exports' analysis passed a
  // limit its `prepare` set.
  std::string LimitExceeded() const {
    return analyzer_ ? analyzer_->LimitExceeded() : std::string();
  }
  // Problems so far, each naming its file (a file that is not a snapshot,
  // report or recognised export; a damaged snapshot; an export's errors
  // once Finish() ran).
  const std::vector<std::string>& errors() const { return errors_; }

  // The snapshot of everything read; an error when no file gave anything.
  Result<Snapshot> Finish();

 private:
  void Decide(bool complete);
  void Route(std::string_view bytes);

  std::function<void(Analyzer*)> prepare_;
  std::unique_ptr<Analyzer> analyzer_;
  bool any_export_ = false;
  std::vector<Snapshot> read_;
  std::vector<std::string> errors_;

  // The current file.
  std::string name_;
  bool open_ = false;
  TrackInputKind kind_ = TrackInputKind::kUndecided;
  std::string pending_;  // bytes held until its kind is known
  std::string head_;     // its first decompressed bytes
  std::unique_ptr<Decompressor> sniff_;
  bool sniff_started_ = false;
  std::unique_ptr<SnapshotReader> reader_;
  bool reader_failed_ = false;
};

}  // namespace exposure

#endif  // CORE_APP_SNAPSHOT_BUILDER_H_
