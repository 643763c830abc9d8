// Small string helpers shared by importers and renderers.
#ifndef CORE_BASE_STRINGS_H_
#define CORE_BASE_STRINGS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace exposure {

// Trim, StartsWith and EndsWith are inline: parsers call them for every
// element, field and path.
inline bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}
inline std::string_view Trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && IsAsciiSpace(s[b]))
    ++b;
  while (e > b && IsAsciiSpace(s[e - 1]))
    --e;
  return s.substr(b, e - b);
}
inline bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}
inline bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}
inline bool IsAsciiDigit(char c) {
  return c >= '0' && c <= '9';
}
// True when `s` is one or more ASCII digits.
bool AllAsciiDigits(std::string_view s);
// The value of ASCII digits `s` (no sign, no overflow check: callers bound
// the length).
uint64_t DigitsValue(std::string_view s);
// Appends `v` in decimal, zero-padded on the left to `width` digits.
void AppendZeroPadded(uint64_t v, size_t width, std::string* out);
std::string ToLower(std::string_view s);
std::string ToUpper(std::string_view s);  // ASCII letters only
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
// Splits on any of `separators`, trims pieces and drops empty ones.
std::vector<std::string> SplitTrimmed(std::string_view s,
                                      std::string_view separators);
// Parses a decimal unsigned integer that fits in 32 bits; false otherwise.
bool ParseUint32(std::string_view s, uint32_t* out);
// Parses "7.5" / "10" / "10.0" into tenths (75, 100); false if not a score.
bool ParseScoreTenths(std::string_view s, int* out);
// Adds `value` to `list` unless already present (lists stay small: CVEs of
// one finding), preserving first-seen order.
void AppendUnique(std::vector<std::string>* list, std::string value);

// Shell-style glob with * and ?, case-insensitive (ASCII).
bool GlobMatch(std::string_view pattern, std::string_view text);

// 64-bit FNV-1a, for stable ids. Not for security.
class Fnv64 {
 public:
  Fnv64& Add(std::string_view s);
  Fnv64& Add(uint64_t v);
  uint64_t value() const { return h_; }
  std::string Hex() const;  // 16 lowercase hex digits

 private:
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

// `v` as 16 lowercase hex digits.
std::string Fnv64Hex(uint64_t v);

// The first `c` in p[0, n), or nullptr (memchr's contract): memchr, except on
// WebAssembly, whose C library scans 4 bytes a step, where FindByteSwar
// scans 8. The tokenizers scan every input byte with it.
const char* FindByte(const char* p, char c, size_t n);
const char* FindByteSwar(const char* p, char c, size_t n);

}  // namespace exposure

#endif  // CORE_BASE_STRINGS_H_
