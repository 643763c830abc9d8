// Recognising IP addresses in scanner fields and policy rules.
#ifndef CORE_BASE_NET_H_
#define CORE_BASE_NET_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace exposure {

// Parses a dotted-quad IPv4 address ("10.0.0.1": four decimal parts of one
// to three digits, each at most 255, nothing else) into a host-order value;
// false otherwise.
bool ParseIpv4(std::string_view text, uint32_t* out);
// True if `text` is a dotted-quad IPv4 address as ParseIpv4 reads it.
bool IsIpv4(std::string_view text);
// True if `text` has the shape of an IPv6 address: at least one colon, and
// only hex digits, colons and dots (an embedded IPv4 tail). A shape check,
// not a full validation.
bool LooksLikeIpv6(std::string_view text);
// An IPv4 address (IsIpv4) or the shape of an IPv6 one (LooksLikeIpv6): a
// host field that names an address rather than a host name.
inline bool LooksLikeIpAddress(std::string_view text) {
  return IsIpv4(text) || LooksLikeIpv6(text);
}

// The hex digits of a MAC address written with any of `separators`
// between them ("00-50-56-9A-0B-0C", "0050.569a.0b0c"), lower-cased; ""
// when the text has any other character. The caller checks the count (12
// for 6 octets, 16 for EUI-64).
std::string MacHexDigits(std::string_view text, std::string_view separators);
// Hex digits two by two, colon-separated: "005056" -> "00:50:56".
std::string ColonOctets(std::string_view hex);

// Parses "10.0.0.0/8" into network and prefix; false if malformed.
bool ParseCidr(std::string_view text, uint32_t* net, int* prefix);
// Whether IPv4 address `ip` is in the network `net`/`prefix`.
inline bool InCidr(uint32_t ip, uint32_t net, int prefix) {
  const uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  return (ip & mask) == net;
}
// True unless `ip` is in a special-purpose range (RFC 6890: private,
// loopback, link-local, carrier-grade NAT, documentation, multicast,
// reserved).
bool IsPublicIpv4(uint32_t ip);

}  // namespace exposure

#endif  // CORE_BASE_NET_H_
