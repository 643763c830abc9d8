#include "core/app/analyzer.h"

#include <utility>

#include "core/render/json_report.h"

namespace exposure {

Analyzer::Analyzer() = default;
Analyzer::~Analyzer() = default;

void Analyzer::BeginFile(std::string name) {
  if (open_)
    EndFile();
  input_ = store_.AddInput(std::move(name));
  open_ = true;
  head_.clear();
  spec_ = nullptr;
  importer_.reset();
  failed_ = false;
}

void Analyzer::Fail(const Status& status) {
  Input& in = store_.input(input_);
  std::string format = spec_ != nullptr ? spec_->id : "unknown format";
  in.errors.push_back({in.name + ": " + format + ": " + status.message(),
                       status.location().ToString()});
  in.partial = true;
  failed_ = true;
}

void Analyzer::Start(bool complete) {
  spec_ = SniffFormat(head_, complete);
  if (spec_ == nullptr) {
    Input& in = store_.input(input_);
    in.errors.push_back(
        {in.name + (complete && head_.empty()
                        ? std::string(": file is empty")
                        : std::string(": not a supported format (the "
                                      "content matches no known export)")),
         ""});
    failed_ = true;
    return;
  }
  store_.input(input_).format = spec_->id;
  importer_ = spec_->create(ImportSink(&store_, input_));
  Status s = importer_->Feed(head_);
  std::string().swap(head_);
  if (!s.ok())
    Fail(s);
}

void Analyzer::Feed(std::string_view chunk) {
  if (!open_ || failed_)
    return;
  store_.input(input_).bytes += chunk.size();
  if (importer_ == nullptr) {
    size_t want = kSniffBytes - head_.size();
    head_.append(chunk.substr(0, want));
    if (head_.size() < kSniffBytes)
      return;
    Start(false);
    if (failed_)
      return;
    chunk.remove_prefix(std::min(want, chunk.size()));
    if (chunk.empty())
      return;
  }
  Status s = importer_->Feed(chunk);
  if (!s.ok())
    Fail(s);
}

const Input& Analyzer::EndFile() {
  if (open_) {
    open_ = false;
    if (!failed_ && importer_ == nullptr)
      Start(true);
    if (!failed_ && importer_ != nullptr) {
      Status s = importer_->Finish();
      if (!s.ok())
        Fail(s);
    }
    importer_.reset();
  }
  return store_.input(input_);
}

const Input& Analyzer::AbortFile(const std::string& message) {
  if (open_ && !failed_)
    Fail(Status::Error(message));
  importer_.reset();
  open_ = false;
  return store_.input(input_);
}

void Analyzer::AddUnreadable(std::string name, const std::string& message) {
  if (open_)
    EndFile();
  input_ = store_.AddInput(std::move(name));
  Input& in = store_.input(input_);
  in.errors.push_back({in.name + ": " + message, ""});
}

std::string Analyzer::ReportJson() const {
  return RenderJsonReport(store_);
}

std::string DetectFormat(std::string_view head, bool complete) {
  const ImporterSpec* spec = SniffFormat(head, complete);
  return spec != nullptr ? spec->id : "";
}

}  // namespace exposure
