// A streaming JSON tokenizer (RFC 8259) fed in chunks of any size.
//
// Memory stays bounded by the largest single token (one string), not by the
// document, so a gigabyte Trivy or Grype report streams through. Nesting depth
// and token size are limited so hostile input cannot exhaust the stack or
// memory.
#ifndef CORE_IMPORT_JSON_JSON_TOKENIZER_H_
#define CORE_IMPORT_JSON_JSON_TOKENIZER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/import/input_window.h"

namespace exposure {

// Receives events; views are valid only during the call. Returning an error
// stops parsing; the tokenizer adds the location.
class JsonHandler {
 public:
  virtual ~JsonHandler() = default;
  virtual Status StartObject() = 0;
  virtual Status EndObject() = 0;
  virtual Status StartArray() = 0;
  virtual Status EndArray() = 0;
  virtual Status Key(std::string_view key) = 0;       // unescaped UTF-8
  virtual Status String(std::string_view value) = 0;  // unescaped UTF-8
  virtual Status Number(std::string_view text) = 0;   // valid JSON number
  virtual Status Bool(bool value) = 0;
  virtual Status Null() = 0;
};

struct JsonLimits {
  size_t max_depth = 256;
  size_t max_token_bytes = size_t{64} << 20;  // one string or number
  // Accept several top-level values separated by whitespace (JSON lines).
  bool multiple_values = false;
};

class JsonTokenizer {
 public:
  explicit JsonTokenizer(JsonHandler* handler, JsonLimits limits = {});

  Status Feed(std::string_view chunk);
  Status Finish();  // reports truncation

  uint64_t offset() const { return window_.OffsetOf(pos_); }
  // Where the tokenizer is: inside a handler call, at or just past the
  // token it reports (lines are counted up to there).
  Location location() { return window_.LocationAt(pos_); }
  // Top-level values completed so far.
  uint64_t values() const { return values_; }

 private:
  enum class Expect : uint8_t {
    kValue,       // any value
    kFirstValue,  // value or ']' right after '['
    kFirstKey,    // key or '}' right after '{'
    kKey,         // key after ','
    kColon,
    kCommaOrClose,  // ',' or the container's closer
    kDone,          // a single top-level value has been read
  };
  enum class Step { kProgress, kNeedMore, kError };

  Status Parse(bool final);
  Step ParseString(bool final, bool is_key);
  Step ParseNumber(bool final);
  Step ParseLiteral(bool final);
  Step AfterValue();
  Step Fail(std::string message, size_t at);
  bool Emit(const Status& s, size_t at);

  JsonHandler* handler_;
  JsonLimits limits_;
  // The chunk being parsed, in place, or the bytes carried over from the
  // previous one; it also turns positions in it into input offsets and
  // error locations.
  InputWindow window_;
  std::string_view in() const { return window_.bytes(); }
  size_t pos_ = 0;     // next unparsed byte in in()
  size_t resume_ = 0;  // where to continue looking for a string's end

  std::vector<char> stack_;  // '{' or '['
  Expect expect_ = Expect::kValue;
  uint64_t values_ = 0;
  bool bom_checked_ = false;
  Status error_;

  std::string scratch_;
};

// Appends the unescaped form of a JSON string body (no quotes) to `out`;
// false on a malformed escape. Unpaired surrogates become U+FFFD.
bool UnescapeJsonString(std::string_view body, std::string* out);

}  // namespace exposure

#endif  // CORE_IMPORT_JSON_JSON_TOKENIZER_H_
