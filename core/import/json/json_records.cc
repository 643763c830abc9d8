#include "core/import/json/json_records.h"

#include <cerrno>
#include <cstdlib>
#include <utility>

namespace exposure {

nlohmann::json JsonNumberValue(std::string_view text) {
  std::string s(text);
  if (s.find_first_of(".eE") == std::string::npos) {
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (errno == 0 && end == s.c_str() + s.size()) {
      return nlohmann::json(static_cast<int64_t>(v));
    }
  }
  return nlohmann::json(std::strtod(s.c_str(), nullptr));
}

JsonRecordStream::JsonRecordStream(JsonRecordHandler* handler)
    : handler_(handler), path_("$") {}

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

void JsonRecordStream::AddToDom(nlohmann::json value) {
  nlohmann::json* parent = dom_stack_.back();
  if (parent->is_object()) {
    (*parent)[key_] = std::move(value);
  } else {
    parent->push_back(std::move(value));
  }
}

Status JsonRecordStream::Scalar(nlohmann::json value) {
  if (capturing_) {
    AddToDom(std::move(value));
    return Status::Ok();
  }
  EnterValuePath();
  if (walk_.empty() && root_type_ == 0)
    root_type_ = 's';
  if (handler_->Want(path_))
    return handler_->OnValue(path_, std::move(value));
  return Status::Ok();
}

Status JsonRecordStream::StartContainer(bool object) {
  nlohmann::json fresh =
      object ? nlohmann::json::object() : nlohmann::json::array();
  if (capturing_) {
    nlohmann::json* parent = dom_stack_.back();
    nlohmann::json* child;
    if (parent->is_object()) {
      child = &((*parent)[key_] = std::move(fresh));
    } else {
      parent->push_back(std::move(fresh));
      child = &parent->back();
    }
    dom_stack_.push_back(child);
    return Status::Ok();
  }
  EnterValuePath();
  if (walk_.empty() && root_type_ == 0)
    root_type_ = object ? '{' : '[';
  if (handler_->Want(path_)) {
    capturing_ = true;
    capture_path_ = path_;
    dom_ = std::move(fresh);
    dom_stack_.assign(1, &dom_);
    return Status::Ok();
  }
  walk_.push_back({object, path_.size()});
  return handler_->OnEnter(path_);
}

Status JsonRecordStream::EndContainer() {
  if (capturing_) {
    dom_stack_.pop_back();
    if (dom_stack_.empty()) {
      capturing_ = false;
      nlohmann::json value = std::move(dom_);
      dom_ = nullptr;
      return handler_->OnValue(capture_path_, std::move(value));
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
  key_.assign(key);
  return Status::Ok();
}

Status JsonRecordStream::String(std::string_view value) {
  return Scalar(nlohmann::json(std::string(value)));
}

Status JsonRecordStream::Number(std::string_view text) {
  return Scalar(JsonNumberValue(text));
}

Status JsonRecordStream::Bool(bool value) {
  return Scalar(nlohmann::json(value));
}

Status JsonRecordStream::Null() {
  return Scalar(nlohmann::json(nullptr));
}

}  // namespace exposure
