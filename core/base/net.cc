#include "core/base/net.h"

#include "core/base/strings.h"

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

bool ParseCidr(std::string_view text, uint32_t* net, int* prefix) {
  size_t slash = text.find('/');
  uint32_t addr;
  int bits = 32;
  if (!ParseIpv4(text.substr(0, slash), &addr))
    return false;
  if (slash != std::string_view::npos) {
    uint32_t b;
    if (!ParseUint32(text.substr(slash + 1), &b) || b > 32)
      return false;
    bits = static_cast<int>(b);
  }
  uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  *net = addr & mask;
  *prefix = bits;
  return true;
}

bool IsPublicIpv4(uint32_t ip) {
  struct Range {
    uint32_t net;
    int prefix;
  };
  // Special-purpose ranges (RFC 6890): private, loopback, link-local,
  // carrier-grade NAT, documentation, multicast and reserved.
  static const Range kNotPublic[] = {
      {0x00000000, 8},  {0x0A000000, 8},  {0x64400000, 10}, {0x7F000000, 8},
      {0xA9FE0000, 16}, {0xAC100000, 12}, {0xC0000200, 24}, {0xC0A80000, 16},
      {0xC6120000, 15}, {0xC6336400, 24}, {0xCB007100, 24}, {0xE0000000, 3},
  };
  for (const Range& r : kNotPublic) {
    uint32_t mask = ~uint32_t{0} << (32 - r.prefix);
    if ((ip & mask) == r.net)
      return false;
  }
  return true;
}

std::string MacHexDigits(std::string_view text, std::string_view separators) {
  std::string hex;
  for (char c : text) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) {
      hex += c;
    } else if (c >= 'A' && c <= 'F') {
      hex += static_cast<char>(c - 'A' + 'a');
    } else if (separators.find(c) == std::string_view::npos) {
      return std::string();
    }
  }
  return hex;
}

std::string ColonOctets(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    if (!out.empty())
      out += ':';
    out.append(hex.substr(i, 2));
  }
  return out;
}

}  // namespace exposure
