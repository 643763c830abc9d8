#include "core/importers/sniff_stage.h"

#include <utility>

namespace exposure {

Status SniffStage::Unsupported() {
  failed_ = true;
  Status s = Status::Error(
      "not a supported format (the content matches no known export)");
  log_->errors.push_back(s);
  return s;
}

Status SniffStage::Fail(const Status& s) {
  if (undecided_) {
    importer_.reset();
    records_.reset();
    return Unsupported();
  }
  failed_ = true;
  Status logged =
      Status::Error(std::string(spec_->id) + ": " + s.message(), s.location());
  log_->errors.push_back(logged);
  log_->partial = true;
  return logged;
}

Status SniffStage::Start(bool complete) {
  spec_ = SniffFormat(head_, complete);
  if (spec_ == nullptr && !complete) {
    spec_ = MaybeFormat(head_);
    undecided_ = spec_ != nullptr;
  }
  if (spec_ == nullptr) {
    if (complete && head_.empty()) {
      failed_ = true;
      Status s = Status::Error("file is empty");
      log_->errors.push_back(s);
      return s;
    }
    return Unsupported();
  }
  ImportSink* sink = nullptr;
  if (undecided_) {
    records_ = std::make_unique<RecordSink>();
    sink = records_.get();
  } else {
    decided_ = true;
    log_->format = spec_->id;
    if (!sink_for_) {
      std::string().swap(head_);
      return Status::Ok();
    }
    sink = sink_for_(*spec_);
  }
  importer_ = spec_->create(sink);
  std::string head;
  head.swap(head_);
  return Import(head);
}

Status SniffStage::Import(std::string_view text) {
  if (undecided_) {
    undecided_bytes_ += text.size();
    if (undecided_bytes_ > max_undecided_bytes_) {
      importer_.reset();
      records_.reset();
      return Unsupported();
    }
  }
  Status s = importer_->Feed(text);
  return s.ok() ? s : Fail(s);
}

Status SniffStage::Feed(std::string_view chunk) {
  if (failed_)
    return Status::Ok();  // stopped: the error was returned before
  if (importer_ == nullptr) {
    if (decided_)
      return Status::Ok();  // telling the format only
    if (!GatherHead(&head_, kSniffBytes, &chunk))
      return Status::Ok();
    Status s = Start(false);
    if (!s.ok() || chunk.empty() || importer_ == nullptr)
      return s;
  }
  return Import(chunk);
}

void SniffStage::DecideFromHead() {
  if (!failed_ && !decided_ && importer_ == nullptr)
    (void)Start(false);  // an unknown format is the answer, not an error
}

Status SniffStage::Finish() {
  if (failed_)
    return Status::Ok();
  if (importer_ == nullptr && !decided_) {
    EXPOSURE_RETURN_IF_ERROR(Start(true));
  }
  if (importer_ == nullptr)
    return Status::Ok();
  Status s = importer_->Finish();
  if (!s.ok())
    return Fail(s);
  if (undecided_) {
    undecided_ = false;
    decided_ = true;
    log_->format = spec_->id;
    if (sink_for_)
      records_->Replay(sink_for_(*spec_));
    records_.reset();
  }
  return Status::Ok();
}

}  // namespace exposure
