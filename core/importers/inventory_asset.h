// What the inventory importers share: reading a record's tags into the
// asset's context, placing a host's names and MAC address among its
// identities, and writing an asset that has several addresses.
//
// The store keeps one value per identity for an asset record, and resolves
// records into assets later (core/correlate/identity.h): records that share
// their strong identities and differ only in the IP address are one asset.
// So an inventory gives an asset's further addresses (a cloud VM's public
// address, a host's second interface) as further records that repeat its
// strong identities.
#ifndef CORE_IMPORTERS_INVENTORY_ASSET_H_
#define CORE_IMPORTERS_INVENTORY_ASSET_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/model.h"
#include "core/model/sink.h"

namespace exposure {

// Adds the tag "key=value" ("key" alone when the value is empty) to `a` and
// fills the part of its context the key names; a field already set keeps
// its value (the first tag wins). Keys match case-insensitively, with '-',
// '_', '.', ':' and spaces ignored:
//   environment      env, environment
//   owner            owner, owners, ownedby, owneremail, technicalowner,
//                    businessowner
//   business unit    businessunit, bu, department, dept, division,
//                    costcenter, costcentre
//   criticality      criticality, businesscriticality, assetcriticality
//                    (read with ParseCriticality; other values are tags
//                    only)
//   internet facing  internetfacing, publicfacing: true/yes/1 or
//                    false/no/0, no value meaning true
void AddInventoryTag(std::string_view key, std::string_view value, Asset* a);

// Places a host's name among `ids`: a name with a domain as the FQDN (and
// its first label as the host name), a short one as the host name; fields
// already set are kept. Domains that are no DNS zone (Windows' WORKGROUP,
// Linux's localdomain) are left out, and addresses are no names.
void SetHostName(std::string_view name, Identities* ids);

// A MAC address as the inventory writes it ("00-0D-3A-4B-5C-01",
// "0050.569a.0b0c"), as scanners report it: lowercase, colon-separated, 6
// octets. SSM inventories pad a 6-octet address with two zero octets
// ("12:71:a2:ee:5e:7a:00:00"), which are dropped; other 8-octet addresses
// (EUI-64) are kept whole. Text that is no MAC address is kept as it is.
std::string InventoryMac(std::string_view text);

// True for an address that names no host beyond its link: IPv6 link-local
// (fe80::/10), which every interface has and scanners rarely report.
bool IsLinkLocalAddress(std::string_view ip);

// Adds `a` and, when it has a stronger identity than an IP address to tie
// them to it, one record for each of `more_ips` that repeats `a`'s kind,
// name, site and identities with that address. Empty, repeated and
// link-local addresses are skipped; `a` without an IP address takes the
// first usable one. Returns the index of `a`'s record.
size_t AddAssetWithAddresses(ImportSink* sink,
                             Asset a,
                             const std::vector<std::string>& more_ips);

// The last segment of a path-like id ("projects/p/zones/z/instances/vm1"
// -> "vm1"); the whole text when it has no '/'.
std::string_view LastSegment(std::string_view id);

}  // namespace exposure

#endif  // CORE_IMPORTERS_INVENTORY_ASSET_H_
