#include "core/base/strings.h"

#include <cstring>

#include <algorithm>

namespace exposure {

namespace {
char LowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
}  // namespace

bool AllAsciiDigits(std::string_view s) {
  if (s.empty())
    return false;
  for (char c : s) {
    if (!IsAsciiDigit(c))
      return false;
  }
  return true;
}

uint64_t DigitsValue(std::string_view s) {
  uint64_t v = 0;
  for (char c : s)
    v = v * 10 + static_cast<uint64_t>(c - '0');
  return v;
}

void AppendZeroPadded(uint64_t v, size_t width, std::string* out) {
  std::string digits = std::to_string(v);
  if (digits.size() < width)
    out->append(width - digits.size(), '0');
  out->append(digits);
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = LowerAscii(c);
  return out;
}

std::string ToUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i]))
      return false;
  }
  return true;
}

std::vector<std::string> SplitTrimmed(std::string_view s,
                                      std::string_view separators) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find_first_of(separators, start);
    if (end == std::string_view::npos)
      end = s.size();
    std::string_view piece = Trim(s.substr(start, end - start));
    if (!piece.empty())
      out.emplace_back(piece);
    start = end + 1;
  }
  return out;
}

bool ParseUint32(std::string_view s, uint32_t* out) {
  s = Trim(s);
  if (s.empty() || s.size() > 10)
    return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9')
      return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v > 0xffffffffULL)
    return false;
  *out = static_cast<uint32_t>(v);
  return true;
}

bool ParseScoreTenths(std::string_view s, int* out) {
  s = Trim(s);
  if (s.empty())
    return false;
  int whole = 0;
  size_t i = 0;
  size_t digits = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
    whole = whole * 10 + (s[i] - '0');
    if (whole > 100)
      return false;
  }
  if (digits == 0)
    return false;
  int tenth = 0;
  if (i < s.size()) {
    if (s[i] != '.')
      return false;
    ++i;
    if (i < s.size()) {
      if (s[i] < '0' || s[i] > '9')
        return false;
      tenth = s[i] - '0';
      ++i;
      // Further digits must be zeros: scores are stated to one decimal.
      for (; i < s.size(); ++i) {
        if (s[i] != '0')
          return false;
      }
    }
  }
  int v = whole * 10 + tenth;
  if (v > 100)
    return false;
  *out = v;
  return true;
}

void AppendUnique(std::vector<std::string>* list, std::string value) {
  if (value.empty())
    return;
  if (std::find(list->begin(), list->end(), value) == list->end()) {
    list->push_back(std::move(value));
  }
}

Fnv64& Fnv64::Add(std::string_view s) {
  for (unsigned char c : s) {
    h_ ^= c;
    h_ *= 0x100000001b3ULL;
  }
  // A separator byte keeps ("ab","c") and ("a","bc") apart.
  h_ ^= 0xff;
  h_ *= 0x100000001b3ULL;
  return *this;
}

Fnv64& Fnv64::Add(uint64_t v) {
  for (int i = 0; i < 8; ++i) {
    h_ ^= (v >> (8 * i)) & 0xff;
    h_ *= 0x100000001b3ULL;
  }
  return *this;
}

std::string Fnv64::Hex() const {
  return Fnv64Hex(h_);
}

std::string Fnv64Hex(uint64_t v) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 0; i < 16; ++i) {
    out[15 - i] = kDigits[(v >> (4 * i)) & 0xf];
  }
  return out;
}

const char* FindByteSwar(const char* p, char c, size_t n) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  const uint64_t pattern = kOnes * static_cast<unsigned char>(c);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    uint64_t x = w ^ pattern;  // a zero byte where `c` is
    if (((x - kOnes) & ~x & kHigh) != 0)
      break;
  }
  for (; i < n; ++i) {
    if (p[i] == c)
      return p + i;
  }
  return nullptr;
}

const char* FindByte(const char* p, char c, size_t n) {
#if defined(__wasm__)
  return FindByteSwar(p, c, n);
#else
  return static_cast<const char*>(std::memchr(p, c, n));
#endif
}

bool GlobMatch(std::string_view pattern, std::string_view text) {
  // Iterative matcher with one backtrack point: linear in practice.
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  auto lower = [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  };
  while (t < text.size()) {
    if (p < pattern.size() &&
        (pattern[p] == '?' || lower(pattern[p]) == lower(text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*')
    ++p;
  return p == pattern.size();
}

}  // namespace exposure
