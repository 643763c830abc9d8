#include "core/render/json_writer.h"

#include <charconv>
#include <cstring>

namespace exposure {

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto cont = [&](size_t k) {
    return k < s.size() && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80;
  };
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF)
    return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(i + 1) || !cont(i + 2))
      return 0;
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if (c == 0xE0 && c1 < 0xA0)
      return 0;  // overlong
    if (c == 0xED && c1 >= 0xA0)
      return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3))
      return 0;
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if (c == 0xF0 && c1 < 0x90)
      return 0;  // overlong
    if (c == 0xF4 && c1 >= 0x90)
      return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

namespace {

// True when one of the 8 bytes in `w` must not be copied verbatim: a control
// character, '"', '\\' or a non-ASCII byte (validated separately).
inline bool WordNeedsCare(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
  return ((below_space | has_zero(w ^ (kOnes * '"')) |
           has_zero(w ^ (kOnes * '\\')) | w) &
          kHigh) != 0;
}

inline bool ByteNeedsCare(unsigned char c) {
  return c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
}

// Length of the run of bytes from `i` that can be copied verbatim.
size_t PlainRun(std::string_view s, size_t i) {
  size_t run = i;
  while (run + 8 <= s.size()) {
    uint64_t w;
    std::memcpy(&w, s.data() + run, 8);
    if (WordNeedsCare(w))
      break;
    run += 8;
  }
  while (run < s.size() && !ByteNeedsCare(static_cast<unsigned char>(s[run])))
    ++run;
  return run - i;
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  size_t first = PlainRun(s, 0);
  if (first == s.size()) {
    // The common case: nothing to escape.
    out->push_back('"');
    out->append(s.data(), s.size());
    out->push_back('"');
    return;
  }
  out->push_back('"');
  out->append(s.data(), first);
  size_t i = first;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t n = Utf8SequenceLength(s, i);
      if (n == 0) {
        out->append("\xEF\xBF\xBD");
        ++i;
      } else {
        out->append(s.data() + i, n);
        i += n;
      }
    } else {
      switch (c) {
        case '"':
          out->append("\\\"");
          break;
        case '\\':
          out->append("\\\\");
          break;
        case '\n':
          out->append("\\n");
          break;
        case '\r':
          out->append("\\r");
          break;
        case '\t':
          out->append("\\t");
          break;
        default:
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xf]);
      }
      ++i;
    }
    size_t run = PlainRun(s, i);
    out->append(s.data() + i, run);
    i += run;
  }
  out->push_back('"');
}

void JsonWriter::Newline() {
  static constexpr char kSpaces[] =
      "\n                                                                ";
  size_t n = 1 + has_items_.size() * 2;
  if (n <= sizeof(kSpaces) - 1) {
    out_->append(kSpaces, n);
  } else {
    out_->push_back('\n');
    out_->append(has_items_.size() * 2, ' ');
  }
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_items_.empty()) {
    if (has_items_.back())
      out_->push_back(',');
    has_items_.back() = true;
    Newline();
  }
}

void JsonWriter::BeginObject() {
  BeforeValue();
  out_->push_back('{');
  has_items_.push_back(false);
}

void JsonWriter::EndObject() {
  bool had = has_items_.back();
  has_items_.pop_back();
  if (had)
    Newline();
  out_->push_back('}');
}

void JsonWriter::BeginArray() {
  BeforeValue();
  out_->push_back('[');
  has_items_.push_back(false);
}

void JsonWriter::EndArray() {
  bool had = has_items_.back();
  has_items_.pop_back();
  if (had)
    Newline();
  out_->push_back(']');
}

void JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendJsonString(key, out_);
  out_->append(": ");
  after_key_ = true;
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendJsonString(value, out_);
}

void JsonWriter::Int(int64_t value) {
  BeforeValue();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), value);
  out_->append(buf, static_cast<size_t>(r.ptr - buf));
}

void JsonWriter::Uint(uint64_t value) {
  BeforeValue();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), value);
  out_->append(buf, static_cast<size_t>(r.ptr - buf));
}

void JsonWriter::Raw(std::string_view json) {
  out_->append(json);
}

void JsonWriter::Decimal(int64_t value, int decimals) {
  BeforeValue();
  if (value < 0) {
    out_->push_back('-');
    value = -value;
  }
  int64_t scale = 1;
  for (int i = 0; i < decimals; ++i)
    scale *= 10;
  out_->append(std::to_string(value / scale));
  if (decimals > 0) {
    std::string frac = std::to_string(value % scale);
    out_->push_back('.');
    out_->append(static_cast<size_t>(decimals) - frac.size(), '0');
    out_->append(frac);
  }
}

void JsonWriter::Bool(bool value) {
  BeforeValue();
  out_->append(value ? "true" : "false");
}

void JsonWriter::Null() {
  BeforeValue();
  out_->append("null");
}

void JsonWriter::OptionalString(std::string_view key, std::string_view value) {
  if (value.empty())
    return;
  Key(key);
  String(value);
}

void JsonWriter::StringArray(std::string_view key,
                             const std::vector<std::string>& v) {
  Key(key);
  BeginArray();
  for (const std::string& s : v)
    String(s);
  EndArray();
}

}  // namespace exposure
