// Record-at-a-time JSON streaming on top of JsonTokenizer.
//
// Scanner reports are big arrays of small records (one vulnerability, one
// result). An importer says which paths it wants as values; each such value
// is built as a small tree (JsonDoc, whose storage is reused record after
// record) and handed over, everything else is walked without being stored.
// Memory is bounded by the largest record, and a record over
// kMaxJsonRecordBytes is an error.
//
// Paths: "$" is the root; ".Key" descends into an object member and "[]"
// into any array element, e.g. "$.Results[].Vulnerabilities[]".
#ifndef CORE_IMPORT_JSON_JSON_RECORDS_H_
#define CORE_IMPORT_JSON_JSON_RECORDS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/import/json/json_tokenizer.h"
#include "core/import/json/json_value.h"

namespace exposure {

// The largest record (its strings and tree) one wanted value may take.
constexpr size_t kMaxJsonRecordBytes = size_t{512} << 20;

class JsonRecordHandler {
 public:
  virtual ~JsonRecordHandler() = default;
  // Asked at the start of every value outside a wanted one: true to receive
  // the whole value in OnValue().
  virtual bool Want(const std::string& path) = 0;
  // `value` is valid during the call only (JsonDoc::Clone() keeps a copy).
  virtual Status OnValue(const std::string& path, const JsonValue& value) = 0;
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
  explicit JsonRecordStream(JsonRecordHandler* handler,
                            size_t max_record_bytes = kMaxJsonRecordBytes);

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
  // A scalar outside a wanted value: delivered alone if wanted.
  template <typename Add>
  Status Scalar(Add add);
  Status StartContainer(bool object);
  Status EndContainer();
  Status CheckSize() const;

  JsonRecordHandler* handler_;
  std::string path_;
  std::string key_;
  struct Frame {
    bool object;
    size_t path_len;  // length of this container's own path
  };
  std::vector<Frame> walk_;  // containers walked, not captured
  char root_type_ = 0;

  // Capture state: the tree being built for the wanted value.
  bool capturing_ = false;
  std::string capture_path_;
  JsonDoc doc_;
  JsonDocBuilder builder_;
  size_t max_record_bytes_;
};

}  // namespace exposure

#endif  // CORE_IMPORT_JSON_JSON_RECORDS_H_
