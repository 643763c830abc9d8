#include "core/base/json_writer.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "core/base/utf8.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace exposure {

namespace {

// The high bit of each of the 8 bytes in `w` that must not be copied
// verbatim (a control character, '"', '\\' or a non-ASCII byte, validated
// separately), or of a later byte (see PlainPrefix16).
[[maybe_unused]] inline uint64_t WordCareBits(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
  return (below_space | has_zero(w ^ (kOnes * '"')) |
          has_zero(w ^ (kOnes * '\\')) | w) &
         kHigh;
}

inline bool ByteNeedsCare(unsigned char c) {
  return c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
}

// Writes the character starting at `in` (a byte that ByteNeedsCare, or a
// plain one) escaped at `*p`; returns the input past it.
inline const char* WriteOne(const char* in, const char* end, char** p) {
  static const char kHex[] = "0123456789abcdef";
  char* out = *p;
  unsigned char c = static_cast<unsigned char>(*in);
  if (!ByteNeedsCare(c)) {
    *out++ = static_cast<char>(c);
  } else if (c >= 0x80) {
    std::string_view rest(in, static_cast<size_t>(end - in));
    size_t n = Utf8SequenceLength(rest, 0);
    if (n == 0) {
      std::memcpy(out, "\xEF\xBF\xBD", 3);
      out += 3;
    } else {
      std::memcpy(out, in, n);
      out += n;
      in += n - 1;
    }
  } else {
    *out++ = '\\';
    switch (c) {
      case '"':
        *out++ = '"';
        break;
      case '\\':
        *out++ = '\\';
        break;
      case '\n':
        *out++ = 'n';
        break;
      case '\r':
        *out++ = 'r';
        break;
      case '\t':
        *out++ = 't';
        break;
      default:
        std::memcpy(out, "u00", 3);
        out[3] = kHex[c >> 4];
        out[4] = kHex[c & 0xf];
        out += 5;
    }
  }
  *p = out;
  return in + 1;
}

// How many of the 16 bytes at `in` can be copied verbatim before the first
// that needs care (16 when none does).
inline unsigned PlainPrefix16(const char* in) {
#if defined(__SSE2__)
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
  // Signed compare: bytes >= 0x80 are negative, so "< 0x20" flags them too.
  __m128i care =
      _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                   _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
  unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(care));
  return mask == 0 ? 16 : static_cast<unsigned>(__builtin_ctz(mask));
#else
  for (unsigned half = 0; half < 16; half += 8) {
    uint64_t w;
    std::memcpy(&w, in + half, 8);
    uint64_t care = WordCareBits(w);
    // Only the lowest flagged byte is exact (borrows may flag later ones);
    // it is the first in memory on a little-endian target.
    if (care != 0)
      return half + static_cast<unsigned>(__builtin_ctzll(care)) / 8;
  }
  return 16;
#endif
}

// Writes `s` quoted and escaped at `p`, which has room for
// MaxQuotedSize(s.size()) bytes; returns the end of what was written.
// Plain text is copied 16 bytes at a time as it is checked: a block is
// stored whole and the output advanced past its plain prefix only (the
// room bound leaves space for the rest, which later bytes overwrite). The
// last few bytes are checked as a block padded with plain ones.
char* WriteQuoted(std::string_view s, char* p) {
  *p++ = '"';
  const char* in = s.data();
  const char* const end = in + s.size();
  while (in < end) {
    size_t left = static_cast<size_t>(end - in);
    size_t plain;
    if (left >= 16) {
      plain = PlainPrefix16(in);
      std::memcpy(p, in, 16);
    } else {
      char block[16];
      std::memset(block, 'a', sizeof(block));
      std::memcpy(block, in, left);
      plain = std::min<size_t>(PlainPrefix16(block), left);
      std::memcpy(p, block, 16);
    }
    p += plain;
    in += plain;
    if (plain < std::min<size_t>(left, 16))
      in = WriteOne(in, end, &p);
  }
  *p++ = '"';
  return p;
}

// Every input byte becomes at most 6 output bytes (\u00XX); plus quotes and
// the 16 bytes a block store may write past the end.
size_t MaxQuotedSize(size_t n) {
  return n * 6 + 2 + 16;
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
  bool comma = has_items_.back() != 0;
  has_items_.back() = 1;
  if (compact_) {
    const bool line = in_line_array_ && has_items_.size() == 2;
    char* p = Room((comma ? 1 : 0) + (line ? 1 : 0) + extra);
    if (comma)
      *p++ = ',';
    if (line)
      *p++ = '\n';
    return p;
  }
  size_t indent = has_items_.size() * 2;
  char* p = Room((comma ? 2 : 1) + indent + extra);
  if (comma)
    *p++ = ',';
  *p++ = '\n';
  return Indent(p, indent);
}

void JsonWriter::Newline() {
  if (compact_)
    return;
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
  if (lines_ && has_items_.size() == 1)
    in_line_array_ = true;
  has_items_.push_back(0);
}

void JsonWriter::EndArray() {
  bool had = has_items_.back() != 0;
  if (in_line_array_ && has_items_.size() == 2) {
    in_line_array_ = false;
    if (had)
      *Room(1) = '\n';
  }
  has_items_.pop_back();
  if (had)
    Newline();
  *Room(1) = ']';
}

void JsonWriter::RawValue(std::string_view json) {
  BeforeValue();
  Put(json);
}

void JsonWriter::Nested(size_t depth) {
  has_items_.assign(depth, 1);
  after_key_ = true;
}

void JsonWriter::Key(std::string_view key) {
  // Keys are the report's own field names (plain ASCII), so they are copied
  // without escaping: one write for separator, quotes and colon.
  char* p = Separate(key.size() + 4);
  *p++ = '"';
  std::memcpy(p, key.data(), key.size());
  p += key.size();
  // The space lands in Room()'s slack when compact (and is overwritten).
  std::memcpy(p, "\": ", 3);
  if (compact_)
    len_--;
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
