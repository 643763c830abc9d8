// A small streaming JSON writer with a fixed layout, pretty (2-space indent),
// compact (no whitespace at all) or in lines, so reports are byte-for-byte
// deterministic on every target. Strings are
// emitted as valid UTF-8 whatever their input: invalid sequences become
// U+FFFD, which keeps native and JavaScript output identical.
#ifndef CORE_BASE_JSON_WRITER_H_
#define CORE_BASE_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace exposure {

// Output goes to the caller's string. While a writer is open that string
// may hold spare bytes past the output (so most values cost one write, not
// several appends): read or change it only after Flush() or the writer's
// end. Writing after Flush() continues at the string's end then.
class JsonWriter {
 public:
  enum class Style : uint8_t {
    kIndented,
    kCompact,
    // Compact, except that each element of an array that is a member of
    // the root object starts a line, and so does the bracket closing such
    // an array when it has elements: a reader can take the elements one
    // line at a time, and the other lines, joined, are the root object
    // with those arrays empty.
    kLines,
  };

  explicit JsonWriter(std::string* out, Style style = Style::kIndented)
      : out_(out),
        compact_(style != Style::kIndented),
        lines_(style == Style::kLines) {}
  ~JsonWriter() { Flush(); }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  // Trims the string to exactly the output written so far.
  void Flush();
  // The string's size once flushed.
  size_t size() const { return open_ ? len_ : out_->size(); }
  // Hands out everything written so far and starts over at the string's
  // beginning, keeping its bytes as spare room: output streamed in pieces
  // reuses one buffer instead of growing (and zero-filling) it per piece.
  // The view is valid until the next write.
  std::string_view Take();

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  // `key` is one of the report's field names: plain ASCII, nothing that
  // JSON would escape (it is written verbatim).
  void Key(std::string_view key);
  void String(std::string_view value);
  void Int(int64_t value);
  void Uint(uint64_t value);
  // A fixed-point decimal: value / 10^decimals, e.g. (75, 1) -> 7.5.
  void Decimal(int64_t value, int decimals);
  void Bool(bool value);
  void Null();
  // Appends `json` verbatim (no separator, no indentation).
  void Raw(std::string_view json);
  // Appends `json`, one value written by a writer Nested() at this depth,
  // with the separator (and line break or indentation) that writing the
  // value here would have put before it: the same bytes.
  void RawValue(std::string_view json);
  // Before anything is written: the next value is written as if it were
  // an element `depth` levels deep in a document of this style (a root
  // array's element is at depth 2), without the separator before it, which
  // the writer that takes it with RawValue() writes. Lets one value of a
  // long list be rendered apart (on another thread) from the rest.
  void Nested(size_t depth);

  // Convenience: a member whose value is a string, skipped when empty.
  void OptionalString(std::string_view key, std::string_view value);
  // A member whose value is a string, or null when it is empty.
  void StringOrNull(std::string_view key, std::string_view value);
  void StringArray(std::string_view key, const std::vector<std::string>& v);

 private:
  void BeforeValue();
  void Newline();
  // Grows the output by `n` bytes and returns where they start; at least
  // kSlack more bytes after them are writable (overwritten later).
  char* Room(size_t n) {
    if (open_ && len_ + n + kSlack <= out_->size()) {
      char* p = &(*out_)[len_];
      len_ += n;
      return p;
    }
    return Grow(n);
  }
  char* Grow(size_t n);  // Room() when the spare bytes run out
  static constexpr size_t kSlack = 16;
  // Writes the separator before a member or element, then leaves room for
  // `extra` more bytes and returns where they start.
  char* Separate(size_t extra);
  void Put(std::string_view bytes);

  std::string* out_;
  size_t len_ = 0;     // output size while open
  bool open_ = false;  // whether the string may hold spare bytes
  bool compact_;
  bool lines_;
  bool in_line_array_ = false;  // kLines: inside an array of the root
  // Per open container: whether it has a member yet.
  std::vector<uint8_t> has_items_;
  bool after_key_ = false;
};

// Appends `s` as a quoted JSON string.
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace exposure

#endif  // CORE_BASE_JSON_WRITER_H_
