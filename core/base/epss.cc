#include "core/base/epss.h"

#include "core/base/strings.h"

namespace exposure {

bool ParseEpssFixed(std::string_view text, uint32_t* out) {
  // mantissa digits [ "." digits ] [ ("e"|"E") ["+"|"-"] digits ]
  std::string digits;  // the mantissa's digits, leading zeros dropped
  int64_t shift = 5;   // value * 10^5 == digits * 10^shift
  size_t i = 0;
  size_t mantissa_digits = 0;
  auto take = [&](char c) {
    ++mantissa_digits;
    if (!(digits.empty() && c == '0'))
      digits.push_back(c);
  };
  while (i < text.size() && IsAsciiDigit(text[i]))
    take(text[i++]);
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && IsAsciiDigit(text[i])) {
      take(text[i++]);
      --shift;
    }
  }
  if (mantissa_digits == 0 || mantissa_digits > 40)
    return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-'))
      negative = text[i++] == '-';
    std::string_view exp = text.substr(i);
    if (!AllAsciiDigits(exp) || exp.size() > 3)
      return false;
    int64_t e = static_cast<int64_t>(DigitsValue(exp));
    shift += negative ? -e : e;
    i = text.size();
  }
  if (i != text.size())
    return false;
  uint64_t value = 0;
  if (!digits.empty()) {
    // Integer digits kept once the decimal point is placed; anything over 6
    // digits is > 1 (100000 has 6).
    int64_t kept = static_cast<int64_t>(digits.size()) + shift;
    if (kept > 6)
      return false;
    if (shift >= 0) {
      value = DigitsValue(digits);
      for (int64_t k = 0; k < shift; ++k)
        value *= 10;
    } else if (kept >= 0) {
      value = DigitsValue(std::string_view(digits).substr(0, kept));
      if (digits[kept] >= '5')  // round half up on the first dropped digit
        ++value;
    }
  }
  if (value > kEpssScale)
    return false;
  *out = static_cast<uint32_t>(value);
  return true;
}

std::string FormatEpssFixed(uint32_t fixed) {
  std::string out = std::to_string(fixed / kEpssScale);
  out.push_back('.');
  AppendZeroPadded(fixed % kEpssScale, 5, &out);
  return out;
}

}  // namespace exposure
