#include "core/base/net.h"

namespace exposure {

bool ParseIpv4(std::string_view text, uint32_t* out) {
  uint32_t value = 0;
  size_t i = 0;
  for (int part_index = 0; part_index < 4; ++part_index) {
    if (part_index > 0) {
      if (i >= text.size() || text[i] != '.')
        return false;
      ++i;
    }
    uint32_t part = 0;
    size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (++digits > 3)
        return false;
      part = part * 10 + static_cast<uint32_t>(text[i] - '0');
      ++i;
    }
    if (digits == 0 || part > 255)
      return false;
    value = (value << 8) | part;
  }
  if (i != text.size())
    return false;
  *out = value;
  return true;
}

bool IsIpv4(std::string_view text) {
  uint32_t ignored = 0;
  return ParseIpv4(text, &ignored);
}

bool LooksLikeIpv6(std::string_view text) {
  if (text.find(':') == std::string_view::npos)
    return false;
  for (char c : text) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
               (c >= 'A' && c <= 'F');
    if (!hex && c != ':' && c != '.')
      return false;
  }
  return true;
}

}  // namespace exposure
