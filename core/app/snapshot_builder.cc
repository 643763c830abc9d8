#include "core/app/snapshot_builder.h"

#include <utility>

#include "core/import/decompress.h"

namespace exposure {

SnapshotBuilder::SnapshotBuilder(std::function<void(Analyzer*)> prepare)
    : prepare_(std::move(prepare)) {}

SnapshotBuilder::~SnapshotBuilder() = default;

void SnapshotBuilder::BeginFile(std::string name) {
  name_ = std::move(name);
  open_ = true;
  kind_ = TrackInputKind::kUndecided;
  pending_.clear();
  head_.clear();
  sniff_.reset();
  sniff_started_ = false;
  reader_.reset();
  reader_failed_ = false;
}

void SnapshotBuilder::Feed(std::string_view chunk) {
  if (!open_)
    return;
  if (kind_ != TrackInputKind::kUndecided) {
    Route(chunk);
    return;
  }
  pending_.append(chunk.data(), chunk.size());
  if (!sniff_started_) {
    if (pending_.size() < kCompressionMagicBytes)
      return;
    sniff_started_ = true;
    sniff_ = Decompressor::Create(DetectCompression(pending_));
    chunk = pending_;
  }
  if (sniff_) {
    // Only the head is wanted: the sink stops the decoder once it has it
    // (the decoder is dropped after deciding).
    Status ignored = sniff_->Feed(chunk, [this](std::string_view piece) {
      head_.append(
          piece.data(),
          std::min(piece.size(), kTrackSniffBytes -
                                     std::min(kTrackSniffBytes, head_.size())));
      return head_.size() >= kTrackSniffBytes ? Status::Error("enough")
                                              : Status::Ok();
    });
    (void)ignored;
  } else {
    head_ = pending_.substr(0, std::min(pending_.size(), kTrackSniffBytes));
  }
  if (head_.size() >= kTrackSniffBytes)
    Decide(false);
}

// Called with `complete` at the end of the file, else once the head holds
// kTrackSniffBytes.
void SnapshotBuilder::Decide(bool complete) {
  if (!sniff_started_) {
    // A file shorter than the magic bytes: plain.
    head_ = pending_;
  }
  kind_ = SniffTrackInput(head_, complete);
  if (kind_ == TrackInputKind::kUndecided) {
    if (!complete)
      return;
    kind_ = TrackInputKind::kExport;
  }
  sniff_.reset();
  std::string held;
  held.swap(pending_);
  if (kind_ == TrackInputKind::kExport) {
    if (!analyzer_) {
      analyzer_ = std::make_unique<Analyzer>();
      if (prepare_)
        prepare_(analyzer_.get());
    }
    analyzer_->BeginFile(name_);
    any_export_ = true;
  } else {
    reader_ = std::make_unique<SnapshotReader>(name_);
  }
  Route(held);
}

void SnapshotBuilder::Route(std::string_view bytes) {
  if (bytes.empty())
    return;
  if (kind_ == TrackInputKind::kExport) {
    analyzer_->Feed(bytes);
  } else if (reader_ && !reader_failed_) {
    Status s = reader_->Feed(bytes);
    if (!s.ok()) {
      reader_failed_ = true;
      errors_.push_back(s.message());
    }
  }
}

void SnapshotBuilder::EndFile() {
  if (!open_)
    return;
  if (kind_ == TrackInputKind::kUndecided) {
    if (sniff_) {
      Status ignored = sniff_->Finish([this](std::string_view piece) {
        head_.append(
            piece.data(),
            std::min(piece.size(), kTrackSniffBytes - std::min(kTrackSniffBytes,
                                                               head_.size())));
        return Status::Ok();
      });
      (void)ignored;
    }
    Decide(true);
  }
  open_ = false;
  if (kind_ == TrackInputKind::kExport) {
    analyzer_->EndFile();
    return;
  }
  if (!reader_ || reader_failed_)
    return;
  Result<Snapshot> s = reader_->Finish();
  reader_.reset();
  if (!s.ok()) {
    errors_.push_back(s.status().message());
    return;
  }
  read_.push_back(std::move(*s));
}

void SnapshotBuilder::AbortFile(const std::string& message) {
  if (!open_)
    return;
  if (kind_ == TrackInputKind::kExport) {
    analyzer_->AbortFile(message);
    open_ = false;
    return;
  }
  open_ = false;
  reader_.reset();
  errors_.push_back(name_ + ": " + message);
}

void SnapshotBuilder::AddUnreadable(const std::string& name,
                                    const std::string& message) {
  errors_.push_back(name + ": " + message);
}

size_t SnapshotBuilder::analyzed_findings() const {
  return analyzer_ ? analyzer_->store().finding_count() : 0;
}

Result<Snapshot> SnapshotBuilder::Finish() {
  bool have = false;
  Snapshot out;
  if (any_export_) {
    bool recognised = false;
    for (const Input& in : analyzer_->store().inputs()) {
      recognised = recognised || !in.format.empty();
      for (const InputError& e : in.errors) {
        errors_.push_back(e.message +
                          (e.location.empty() ? "" : " at " + e.location));
      }
    }
    if (recognised) {
      const Assessment assessment = analyzer_->Assess();
      const Plan plan = analyzer_->MakePlan(assessment);
      out = MakeSnapshot(analyzer_->store(), assessment, plan);
      have = true;
    }
    analyzer_.reset();
  }
  for (Snapshot& s : read_) {
    if (!have) {
      out = std::move(s);
      have = true;
    } else {
      MergeSnapshot(&out, std::move(s));
    }
  }
  read_.clear();
  if (!have) {
    std::string message = "no snapshot, report or recognised export was read";
    if (!errors_.empty())
      message += " (" + errors_.front() + ")";
    return Status::Error(message);
  }
  return out;
}

}  // namespace exposure
