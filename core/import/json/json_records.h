// Record-at-a-time JSON streaming on top of JsonTokenizer.
//
// Scanner reports are big arrays of small records (one vulnerability, one
// result). An importer says which paths it wants as values; each such value
// is built as a small DOM (nlohmann::json) and handed over, everything else
// is walked without being stored. Memory is bounded by the largest record.
//
// Paths: "$" is the root; ".Key" descends into an object member and "[]"
// into any array element, e.g. "$.Results[].Vulnerabilities[]".
#ifndef CORE_IMPORT_JSON_JSON_RECORDS_H_
#define CORE_IMPORT_JSON_JSON_RECORDS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/status.h"
#include "core/import/json/json_tokenizer.h"

namespace exposure {

class JsonRecordHandler {
 public:
  virtual ~JsonRecordHandler() = default;
  // Asked at the start of every value outside a wanted one: true to receive
  // the whole value in OnValue().
  virtual bool Want(const std::string& path) = 0;
  virtual Status OnValue(const std::string& path, nlohmann::json&& value) = 0;
  // An object or array that is walked (not wanted) starts or ends; lets an
  // importer scope context (the current Result of a Trivy report).
  virtual Status OnEnter(const std::string& path) {
    (void)path;
    return Status::Ok();
  }
  virtual Status OnLeave(const std::string& path) {
    (void)path;
    return Status::Ok();
  }
};

// Adapts tokenizer events to JsonRecordHandler calls.
class JsonRecordStream : public JsonHandler {
 public:
  explicit JsonRecordStream(JsonRecordHandler* handler);

  Status StartObject() override;
  Status EndObject() override;
  Status StartArray() override;
  Status EndArray() override;
  Status Key(std::string_view key) override;
  Status String(std::string_view value) override;
  Status Number(std::string_view text) override;
  Status Bool(bool value) override;
  Status Null() override;

  // The root's type, once known: '{', '[' or 0 (scalar or nothing yet).
  char root_type() const { return root_type_; }

 private:
  // Sets path_ to the path of the value that starts now.
  void EnterValuePath();
  Status Scalar(nlohmann::json value);
  Status StartContainer(bool object);
  Status EndContainer();
  // Adds a finished value to the DOM being built.
  void AddToDom(nlohmann::json value);

  JsonRecordHandler* handler_;
  std::string path_;
  std::string key_;
  struct Frame {
    bool object;
    size_t path_len;  // length of this container's own path
  };
  std::vector<Frame> walk_;  // containers walked, not captured
  char root_type_ = 0;

  // Capture state: the DOM being built and its open containers. The
  // pointers stay valid because a container gets no new member while one of
  // its children is still open.
  bool capturing_ = false;
  std::string capture_path_;
  nlohmann::json dom_;
  std::vector<nlohmann::json*> dom_stack_;
};

// Converts a JSON number's text to a DOM number (integer when it fits).
nlohmann::json JsonNumberValue(std::string_view text);

}  // namespace exposure

#endif  // CORE_IMPORT_JSON_JSON_RECORDS_H_
