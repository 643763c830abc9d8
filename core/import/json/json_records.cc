#include "core/import/json/json_records.h"

#include <utility>

namespace exposure {

JsonRecordStream::JsonRecordStream(JsonRecordHandler* handler,
                                   size_t max_record_bytes)
    : handler_(handler), path_("$"), max_record_bytes_(max_record_bytes) {}

void JsonRecordStream::EnterValuePath() {
  if (walk_.empty()) {
    path_ = "$";
    return;
  }
  const Frame& f = walk_.back();
  path_.resize(f.path_len);
  if (f.object) {
    path_ += '.';
    path_ += key_;
  } else {
    path_ += "[]";
  }
}

Status JsonRecordStream::CheckSize() const {
  if (builder_.bytes() > max_record_bytes_) {
    return Status::Error("a single record at " + capture_path_ +
                         " is larger than " +
                         std::to_string(max_record_bytes_) + " bytes");
  }
  return Status::Ok();
}

template <typename Add>
Status JsonRecordStream::Scalar(Add add) {
  if (capturing_) {
    add();
    return CheckSize();
  }
  EnterValuePath();
  if (walk_.empty() && root_type_ == 0)
    root_type_ = 's';
  if (!handler_->Want(path_))
    return Status::Ok();
  builder_.Reset(&doc_);
  add();
  return handler_->OnValue(path_, doc_.root());
}

Status JsonRecordStream::StartContainer(bool object) {
  if (capturing_) {
    if (object) {
      builder_.StartObject();
    } else {
      builder_.StartArray();
    }
    return CheckSize();
  }
  EnterValuePath();
  if (walk_.empty() && root_type_ == 0)
    root_type_ = object ? '{' : '[';
  if (handler_->Want(path_)) {
    capturing_ = true;
    capture_path_ = path_;
    builder_.Reset(&doc_);
    if (object) {
      builder_.StartObject();
    } else {
      builder_.StartArray();
    }
    return Status::Ok();
  }
  walk_.push_back({object, path_.size()});
  return handler_->OnEnter(path_);
}

Status JsonRecordStream::EndContainer() {
  if (capturing_) {
    builder_.End();
    if (builder_.done()) {
      capturing_ = false;
      return handler_->OnValue(capture_path_, doc_.root());
    }
    return Status::Ok();
  }
  path_.resize(walk_.back().path_len);
  walk_.pop_back();
  return handler_->OnLeave(path_);
}

Status JsonRecordStream::StartObject() {
  return StartContainer(true);
}
Status JsonRecordStream::StartArray() {
  return StartContainer(false);
}
Status JsonRecordStream::EndObject() {
  return EndContainer();
}
Status JsonRecordStream::EndArray() {
  return EndContainer();
}

Status JsonRecordStream::Key(std::string_view key) {
  if (capturing_) {
    builder_.Key(key);
    return Status::Ok();
  }
  key_.assign(key);
  return Status::Ok();
}

Status JsonRecordStream::String(std::string_view value) {
  return Scalar([&] { builder_.String(value); });
}

Status JsonRecordStream::Number(std::string_view text) {
  return Scalar([&] { builder_.Number(text); });
}

Status JsonRecordStream::Bool(bool value) {
  return Scalar([&] { builder_.Bool(value); });
}

Status JsonRecordStream::Null() {
  return Scalar([&] { builder_.Null(); });
}

}  // namespace exposure
