// Which asset records are one asset.
//
// Every tool and inventory describes the machines, images, repositories
// and cloud resources it saw by what it knows of them: an IP address, a
// host name, a MAC, a serial number, a cloud id. The resolver groups those
// records into assets along an identity ladder, strongest first:
//
//   cloud id, image, repository, Kubernetes workload, URL   (exact)
//   serial number or system UUID                            (exact)
//   FQDN, MAC address                                       (strong)
//   host name within a site, IP address within a site       (weak)
//
// - Two records merge on the strongest key both carry; when both also
//   carry another key stronger than an IP address, it must agree (an IP
//   may differ: DHCP gives a machine another address).
// - A key seen with conflicting stronger keys (a host name on two serial
//   numbers, an IP address on two MACs) is never a merge key.
// - Host names and IP addresses only merge within one site: the same
//   private address at two sites is two assets. Without sites the whole
//   analysis is one site.
//
// The result does not depend on the order of keys within a record, only on
// the order of the records (first seen wins ties), so the same inputs give
// the same assets.
#ifndef CORE_CORRELATE_IDENTITY_H_
#define CORE_CORRELATE_IDENTITY_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/model/model.h"

namespace exposure {

// A place whose private addresses and short host names are its own:
// records of an input whose name matches one of `inputs` (globs), or whose
// IPv4 address is in one of `cidrs`, or that an inventory places at a
// location of this name, belong to it.
struct Site {
  std::string name;
  std::vector<std::pair<uint32_t, int>> cidrs;  // network, prefix
  std::vector<std::string> inputs;
};

// How sure an asset's identity is: the strongest key it has.
enum class IdentityConfidence : uint8_t { kWeak = 0, kStrong, kExact };
// "weak", "strong", "exact".
const char* IdentityConfidenceName(IdentityConfidence c);

// One record: an asset as one or more inputs described it, and its site
// ("" for the one default site).
struct IdentityRecord {
  const Asset* asset = nullptr;
  std::string site;
};

// What the resolver found out about one asset.
struct AssetIdentity {
  // Its identity keys, strongest first ("fqdn:web01.corp.example",
  // "ip:10.0.0.5", "ip:10.0.0.5@berlin"): the first is its primary key.
  std::vector<std::string> keys;
  // The key its id is made from: its strongest key that no other asset
  // has (stable when its IP address changes), "#2"... for the later of
  // assets that share all of theirs.
  std::string primary;
  IdentityConfidence confidence = IdentityConfidence::kWeak;
  // Keys of its records that were not used to merge, and why.
  std::vector<std::string> conflicts;
};

struct IdentityResult {
  // By record: the asset it is part of. Assets are numbered in the order
  // of their first record.
  std::vector<uint32_t> asset_of;
  std::vector<AssetIdentity> assets;
};

IdentityResult ResolveIdentities(const std::vector<IdentityRecord>& records);

// The site of a record: by the input names that mentioned it (`inputs`),
// else by its IPv4 address, else by the location an inventory gave it;
// "" when no site claims it.
std::string SiteOf(const std::vector<Site>& sites,
                   const std::vector<const std::string*>& inputs,
                   const Asset& asset);

}  // namespace exposure

#endif  // CORE_CORRELATE_IDENTITY_H_
