#include "core/render/json_writer.h"

#include <algorithm>
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

// Writes `s` quoted and escaped at `p`, which has room for
// MaxQuotedSize(s.size()) bytes; returns the end of what was written.
char* WriteQuoted(std::string_view s, char* p) {
  static const char kHex[] = "0123456789abcdef";
  *p++ = '"';
  size_t i = 0;
  while (true) {
    size_t run = PlainRun(s, i);
    if (run != 0) {
      std::memcpy(p, s.data() + i, run);
      p += run;
      i += run;
    }
    if (i >= s.size())
      break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t n = Utf8SequenceLength(s, i);
      if (n == 0) {
        std::memcpy(p, "\xEF\xBF\xBD", 3);
        p += 3;
        ++i;
      } else {
        std::memcpy(p, s.data() + i, n);
        p += n;
        i += n;
      }
      continue;
    }
    *p++ = '\\';
    switch (c) {
      case '"':
        *p++ = '"';
        break;
      case '\\':
        *p++ = '\\';
        break;
      case '\n':
        *p++ = 'n';
        break;
      case '\r':
        *p++ = 'r';
        break;
      case '\t':
        *p++ = 't';
        break;
      default:
        std::memcpy(p, "u00", 3);
        p[3] = kHex[c >> 4];
        p[4] = kHex[c & 0xf];
        p += 5;
    }
    ++i;
  }
  *p++ = '"';
  return p;
}

// Every input byte becomes at most 6 output bytes (\u00XX); plus quotes.
size_t MaxQuotedSize(size_t n) {
  return n * 6 + 2;
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  size_t at = out->size();
  out->resize(at + MaxQuotedSize(s.size()));
  char* end = WriteQuoted(s, &(*out)[at]);
  out->resize(static_cast<size_t>(end - out->data()));
}

char* JsonWriter::Grow(size_t n) {
  if (!open_) {
    len_ = out_->size();
    open_ = true;
  }
  if (len_ + n + kSlack > out_->size()) {
    // Grow a block at a time, so resize()'s zero-filling is paid once per
    // block, not per value. Blocks start small (a short output, such as one
    // input's record, must not keep 64 KiB) and double up to 64 KiB.
    size_t block =
        std::min(std::max(out_->size(), size_t{256}), size_t{64} * 1024);
    out_->resize(len_ + n + kSlack + block);
  }
  char* p = &(*out_)[len_];
  len_ += n;
  return p;
}

std::string_view JsonWriter::Take() {
  size_t n = size();
  open_ = true;
  len_ = 0;
  return std::string_view(out_->data(), n);
}

void JsonWriter::Flush() {
  if (open_) {
    out_->resize(len_);
    open_ = false;
  }
}

void JsonWriter::Put(std::string_view bytes) {
  if (!bytes.empty())
    std::memcpy(Room(bytes.size()), bytes.data(), bytes.size());
}

// Writes `n` spaces at `p` in whole blocks of 16 (fixed-size copies the
// compiler inlines); the bytes past `n` land in Room()'s slack.
inline char* Indent(char* p, size_t n) {
  static constexpr char kBlock[17] = "                ";
  for (size_t i = 0; i < n; i += 16)
    std::memcpy(p + i, kBlock, 16);
  return p + n;
}

char* JsonWriter::Separate(size_t extra) {
  size_t indent = has_items_.size() * 2;
  bool comma = has_items_.back() != 0;
  has_items_.back() = 1;
  char* p = Room((comma ? 2 : 1) + indent + extra);
  if (comma)
    *p++ = ',';
  *p++ = '\n';
  return Indent(p, indent);
}

void JsonWriter::Newline() {
  size_t indent = has_items_.size() * 2;
  char* p = Room(1 + indent);
  *p++ = '\n';
  Indent(p, indent);
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_items_.empty())
    Separate(0);
}

void JsonWriter::BeginObject() {
  BeforeValue();
  *Room(1) = '{';
  has_items_.push_back(0);
}

void JsonWriter::EndObject() {
  bool had = has_items_.back() != 0;
  has_items_.pop_back();
  if (had)
    Newline();
  *Room(1) = '}';
}

void JsonWriter::BeginArray() {
  BeforeValue();
  *Room(1) = '[';
  has_items_.push_back(0);
}

void JsonWriter::EndArray() {
  bool had = has_items_.back() != 0;
  has_items_.pop_back();
  if (had)
    Newline();
  *Room(1) = ']';
}

void JsonWriter::Key(std::string_view key) {
  // Keys are the report's own field names (plain ASCII), so they are copied
  // without escaping: one write for separator, quotes and colon.
  char* p = Separate(key.size() + 4);
  *p++ = '"';
  std::memcpy(p, key.data(), key.size());
  p += key.size();
  std::memcpy(p, "\": ", 3);
  after_key_ = true;
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  size_t max = MaxQuotedSize(value.size());
  char* start = Room(max);
  char* end = WriteQuoted(value, start);
  len_ -= max - static_cast<size_t>(end - start);  // give back the unused
}

void JsonWriter::Int(int64_t value) {
  BeforeValue();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), value);
  Put(std::string_view(buf, static_cast<size_t>(r.ptr - buf)));
}

void JsonWriter::Uint(uint64_t value) {
  BeforeValue();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), value);
  Put(std::string_view(buf, static_cast<size_t>(r.ptr - buf)));
}

void JsonWriter::Raw(std::string_view json) {
  Put(json);
}

void JsonWriter::Decimal(int64_t value, int decimals) {
  BeforeValue();
  char buf[48];
  char* p = buf;
  if (value < 0) {
    *p++ = '-';
    value = -value;
  }
  int64_t scale = 1;
  for (int i = 0; i < decimals; ++i)
    scale *= 10;
  p = std::to_chars(p, buf + 24, value / scale).ptr;
  if (decimals > 0) {
    *p++ = '.';
    char frac[24];
    char* fend = std::to_chars(frac, frac + sizeof(frac), value % scale).ptr;
    size_t digits = static_cast<size_t>(fend - frac);
    for (size_t i = digits; i < static_cast<size_t>(decimals); ++i)
      *p++ = '0';
    std::memcpy(p, frac, digits);
    p += digits;
  }
  Put(std::string_view(buf, static_cast<size_t>(p - buf)));
}

void JsonWriter::Bool(bool value) {
  BeforeValue();
  Put(value ? "true" : "false");
}

void JsonWriter::Null() {
  BeforeValue();
  Put("null");
}

void JsonWriter::OptionalString(std::string_view key, std::string_view value) {
  if (value.empty())
    return;
  Key(key);
  String(value);
}

void JsonWriter::StringOrNull(std::string_view key, std::string_view value) {
  Key(key);
  if (value.empty()) {
    Null();
  } else {
    String(value);
  }
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
