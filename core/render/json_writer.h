// A small streaming JSON writer with a fixed, pretty layout (2-space indent),
// so reports are byte-for-byte deterministic on every target. Strings are
// emitted as valid UTF-8 whatever their input: invalid sequences become
// U+FFFD, which keeps native and JavaScript output identical.
#ifndef CORE_RENDER_JSON_WRITER_H_
#define CORE_RENDER_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace exposure {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}
  // A writer for a fragment that continues inside `depth` open containers
  // which already have members; appending its output with Raw() to a writer
  // at that depth gives the same bytes as writing the members directly.
  JsonWriter(std::string* out, size_t depth)
      : out_(out), has_items_(depth, true) {}

  size_t depth() const { return has_items_.size(); }

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);
  void String(std::string_view value);
  void Int(int64_t value);
  void Uint(uint64_t value);
  // A fixed-point decimal: value / 10^decimals, e.g. (75, 1) -> 7.5.
  void Decimal(int64_t value, int decimals);
  void Bool(bool value);
  void Null();
  // Appends `json`, output of a fragment writer at this depth (see above).
  void Raw(std::string_view json);

  // Convenience: a member whose value is a string, skipped when empty.
  void OptionalString(std::string_view key, std::string_view value);
  void StringArray(std::string_view key, const std::vector<std::string>& v);

 private:
  void BeforeValue();
  void Newline();

  std::string* out_;
  // Per open container: whether it has a member yet.
  std::vector<bool> has_items_;
  bool after_key_ = false;
};

// Appends `s` as a quoted JSON string.
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace exposure

#endif  // CORE_RENDER_JSON_WRITER_H_
