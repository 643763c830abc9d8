#include "core/correlate/identity.h"

#include <algorithm>
#include <array>
#include <unordered_map>

#include "core/base/disjoint_sets.h"
#include "core/base/net.h"
#include "core/base/strings.h"

namespace exposure {

namespace {

// The ladder's rungs, strongest first. Every record has at most one value
// per slot.
enum Slot : int {
  kCloud = 0,
  kImage,
  kRepository,
  kK8s,
  kUrl,
  kSerial,
  kFqdn,
  kMac,
  kHost,
  kIp,
  kName,  // a last resort for records with no other key
  kSlots
};

constexpr const char* kPrefix[kSlots] = {
    "cloud:", "image:", "repo:", "k8s:", "url:", "serial:",
    "fqdn:",  "mac:",   "host:", "ip:",  "name:"};
constexpr const char* kSlotPlural[kSlots] = {
    "cloud ids",  "images",         "repositories", "Kubernetes workloads",
    "URLs",       "serial numbers", "FQDNs",        "MAC addresses",
    "host names", "IP addresses",   "names"};
constexpr const char* kSlotName[kSlots] = {
    "cloud id",  "image",         "repository", "Kubernetes workload",
    "URL",       "serial number", "FQDN",       "MAC address",
    "host name", "IP address",    "name"};

IdentityConfidence ConfidenceOf(int slot) {
  if (slot <= kSerial)
    return IdentityConfidence::kExact;
  if (slot <= kMac)
    return IdentityConfidence::kStrong;
  return IdentityConfidence::kWeak;
}

// Values tools write where they know nothing: never an identity.
bool IsPlaceholderSerial(const std::string& upper) {
  static constexpr const char* kJunk[] = {"0",
                                          "NONE",
                                          "N/A",
                                          "NA",
                                          "NULL",
                                          "UNKNOWN",
                                          "NOT SPECIFIED",
                                          "NOT AVAILABLE",
                                          "NOT APPLICABLE",
                                          "DEFAULT STRING",
                                          "TO BE FILLED BY O.E.M.",
                                          "SYSTEM SERIAL NUMBER",
                                          "CHASSIS SERIAL NUMBER",
                                          "0123456789",
                                          "123456789",
                                          "1234567890",
                                          "INVALID",
                                          "SERIAL"};
  for (const char* j : kJunk) {
    if (upper == j)
      return true;
  }
  // "00000000", "XXXXXXXX", "FFFFFFFF-FFFF-...": one character repeated.
  const char first = upper.empty() ? 0 : upper[0];
  return std::all_of(upper.begin(), upper.end(),
                     [first](char c) { return c == first || c == '-'; });
}

std::string Serial(std::string_view text) {
  std::string s(Trim(text));
  for (char& c : s) {
    if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
  }
  return IsPlaceholderSerial(s) ? std::string() : s;
}

// "00-50-56-9A-0B-0C", "0050.569a.0b0c" -> "00:50:56:9a:0b:0c"; 6 or 8
// octets (some inventories write EUI-64); "" for anything else, and for
// the all-zero and broadcast addresses.
std::string Mac(std::string_view text) {
  const std::string hex = MacHexDigits(text, ":-. ");
  if (hex.size() != 12 && hex.size() != 16)
    return std::string();
  if (hex.find_first_not_of('0') == std::string::npos ||
      hex.find_first_not_of('f') == std::string::npos)
    return std::string();
  return ColonOctets(hex);
}

std::string Fqdn(std::string_view text) {
  std::string s = ToLower(Trim(text));
  while (!s.empty() && s.back() == '.')
    s.pop_back();
  if (s.find('.') == std::string::npos || StartsWith(s, "localhost."))
    return std::string();
  return s;
}

std::string Hostname(std::string_view text) {
  std::string s = ToLower(Trim(text));
  s = s.substr(0, s.find('.'));
  return s == "localhost" ? std::string() : s;
}

std::string Ip(std::string_view text) {
  std::string s(Trim(text));
  uint32_t v4 = 0;
  if (ParseIpv4(s, &v4)) {
    if (v4 == 0 || v4 == 0xFFFFFFFF || (v4 >> 24) == 127)
      return std::string();
    return s;
  }
  s = ToLower(s);
  if (s == "::1" || s == "::" || !LooksLikeIpv6(s))
    return std::string();
  return s;
}

// A record's values per slot ("" where it has none). Host and IP values
// carry their site in the key, not in the value: agreement is checked on
// the bare value (a machine seen from two sites has one name).
struct Values {
  std::string slot[kSlots];
  std::string site;
};

Values ValuesOf(const IdentityRecord& r) {
  const Asset& a = *r.asset;
  const Identities& id = a.ids;
  Values v;
  v.site = r.site;
  v.slot[kCloud] = std::string(Trim(id.cloud_id));
  v.slot[kImage] = std::string(Trim(id.image));
  v.slot[kRepository] = std::string(Trim(id.repository));
  v.slot[kK8s] = std::string(Trim(id.k8s));
  v.slot[kUrl] = ToLower(Trim(id.url));
  v.slot[kSerial] = Serial(id.serial);
  v.slot[kFqdn] = Fqdn(id.fqdn);
  v.slot[kMac] = Mac(id.mac);
  v.slot[kHost] = Hostname(id.hostname);
  if (v.slot[kHost].empty() && !v.slot[kFqdn].empty())
    v.slot[kHost] = v.slot[kFqdn].substr(0, v.slot[kFqdn].find('.'));
  v.slot[kIp] = Ip(id.ip);
  const bool any = std::any_of(std::begin(v.slot), std::begin(v.slot) + kName,
                               [](const std::string& s) { return !s.empty(); });
  if (!any && !a.name.empty())
    v.slot[kName] = std::string(AssetKindName(a.kind)) + ":" + a.name;
  return v;
}

std::string KeyOf(int slot, const std::string& value, const std::string& site) {
  std::string key = kPrefix[slot] + value;
  if ((slot == kHost || slot == kIp) && !site.empty())
    key += "@" + site;
  return key;
}

struct Key {
  int slot = 0;
  std::string text;
  std::vector<uint32_t> carriers;  // records, in order
  std::string conflict;            // why it is not a merge key, or ""
};

// Union-find over records, each root holding its cluster's values of the
// slots that must agree for two clusters to merge: those stronger than an
// IP address.
class Clusters {
 public:
  explicit Clusters(const std::vector<Values>& values) : sets_(values.size()) {
    agree_.resize(values.size());
    for (size_t r = 0; r < values.size(); ++r) {
      for (int s = 0; s < kIp; ++s)
        agree_[r][s] = values[r].slot[s].empty() ? nullptr : &values[r].slot[s];
    }
  }

  uint32_t Find(uint32_t r) { return sets_.Find(r); }

  // The first slot whose values differ between the clusters of `a` and
  // `b`, or kSlots when they may merge.
  int Disagreement(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    for (int s = 0; s < kIp; ++s) {
      if (agree_[a][s] != nullptr && agree_[b][s] != nullptr &&
          *agree_[a][s] != *agree_[b][s])
        return s;
    }
    return kSlots;
  }

  // Merges the clusters, the one whose first record came first becoming
  // the root.
  void Union(uint32_t a, uint32_t b) {
    const auto [root, absorbed] = sets_.Union(a, b);
    if (root == absorbed)
      return;
    for (int s = 0; s < kIp; ++s) {
      if (agree_[root][s] == nullptr)
        agree_[root][s] = agree_[absorbed][s];
    }
  }

 private:
  DisjointSets sets_;
  std::vector<std::array<const std::string*, kIp>> agree_;
};

}  // namespace

const char* IdentityConfidenceName(IdentityConfidence c) {
  switch (c) {
    case IdentityConfidence::kExact:
      return "exact";
    case IdentityConfidence::kStrong:
      return "strong";
    case IdentityConfidence::kWeak:
      return "weak";
  }
  return "weak";
}

std::string SiteOf(const std::vector<Site>& sites,
                   const std::vector<const std::string*>& inputs,
                   const Asset& asset) {
  for (const Site& site : sites) {
    for (const std::string& glob : site.inputs) {
      for (const std::string* input : inputs) {
        if (GlobMatch(glob, *input))
          return site.name;
      }
    }
  }
  uint32_t ip = 0;
  if (ParseIpv4(Trim(asset.ids.ip), &ip)) {
    for (const Site& site : sites) {
      for (const auto& [net, prefix] : site.cidrs) {
        if (InCidr(ip, net, prefix))
          return site.name;
      }
    }
  }
  if (!asset.context.site.empty()) {
    for (const Site& site : sites) {
      if (EqualsIgnoreCase(site.name, asset.context.site))
        return site.name;
    }
  }
  return std::string();
}

IdentityResult ResolveIdentities(const std::vector<IdentityRecord>& records) {
  const size_t n = records.size();
  std::vector<Values> values;
  values.reserve(n);
  for (const IdentityRecord& r : records)
    values.push_back(ValuesOf(r));

  // Every key and the records that carry it, in first-seen order.
  std::vector<Key> keys;
  std::unordered_map<std::string, uint32_t> key_index;
  std::vector<std::vector<uint32_t>> record_keys(n);
  for (uint32_t r = 0; r < n; ++r) {
    for (int s = 0; s < kSlots; ++s) {
      const std::string& v = values[r].slot[s];
      if (v.empty())
        continue;
      std::string text = KeyOf(s, v, values[r].site);
      auto [it, added] =
          key_index.emplace(text, static_cast<uint32_t>(keys.size()));
      if (added) {
        keys.emplace_back();
        keys.back().slot = s;
        keys.back().text = std::move(text);
      }
      keys[it->second].carriers.push_back(r);
      record_keys[r].push_back(it->second);
    }
  }

  // A key whose carriers disagree on a stronger slot names no one asset.
  for (Key& k : keys) {
    for (int s = 0; s < k.slot && s < kName; ++s) {
      const std::string* first = nullptr;
      size_t distinct = 0;
      std::vector<const std::string*> seen;
      for (uint32_t r : k.carriers) {
        const std::string& v = values[r].slot[s];
        if (v.empty())
          continue;
        if (std::none_of(seen.begin(), seen.end(),
                         [&v](const std::string* x) { return *x == v; })) {
          seen.push_back(&v);
          ++distinct;
        }
        if (first == nullptr)
          first = &v;
      }
      if (distinct > 1) {
        k.conflict = k.text + ": seen with " + std::to_string(distinct) +
                     " different " + kSlotPlural[s];
        break;
      }
    }
  }

  // Merge, strongest rung first, keys in the order first seen.
  Clusters clusters(values);
  std::vector<std::vector<std::string>> refused(n);  // by record
  for (int slot = 0; slot < kSlots; ++slot) {
    for (const Key& k : keys) {
      if (k.slot != slot || !k.conflict.empty() || k.carriers.size() < 2)
        continue;
      const uint32_t first = k.carriers.front();
      for (size_t i = 1; i < k.carriers.size(); ++i) {
        const uint32_t r = k.carriers[i];
        if (clusters.Find(first) == clusters.Find(r))
          continue;
        const int differ = clusters.Disagreement(first, r);
        if (differ == kSlots) {
          clusters.Union(first, r);
        } else {
          const std::string why = k.text + ": also on another asset whose " +
                                  kSlotName[differ] + " differs";
          refused[first].push_back(why);
          refused[r].push_back(why);
        }
      }
    }
  }

  // Number the assets in the order of their first record.
  IdentityResult out;
  out.asset_of.assign(n, 0);
  std::vector<uint32_t> number(n, UINT32_MAX);
  for (uint32_t r = 0; r < n; ++r) {
    const uint32_t root = clusters.Find(r);
    if (number[root] == UINT32_MAX) {
      number[root] = static_cast<uint32_t>(out.assets.size());
      out.assets.emplace_back();
    }
    out.asset_of[r] = number[root];
  }
  // Each asset's keys, strongest first (then first seen), and conflicts.
  std::vector<std::vector<uint32_t>> asset_keys(out.assets.size());
  for (uint32_t r = 0; r < n; ++r) {
    AssetIdentity& id = out.assets[out.asset_of[r]];
    for (uint32_t k : record_keys[r]) {
      if (!keys[k].conflict.empty()) {
        if (std::find(id.conflicts.begin(), id.conflicts.end(),
                      keys[k].conflict) == id.conflicts.end())
          id.conflicts.push_back(keys[k].conflict);
      } else {
        std::vector<uint32_t>& list = asset_keys[out.asset_of[r]];
        if (std::find(list.begin(), list.end(), k) == list.end())
          list.push_back(k);
      }
    }
    for (const std::string& why : refused[r]) {
      if (std::find(id.conflicts.begin(), id.conflicts.end(), why) ==
          id.conflicts.end())
        id.conflicts.push_back(why);
    }
  }
  for (size_t a = 0; a < out.assets.size(); ++a) {
    std::vector<uint32_t>& list = asset_keys[a];
    std::stable_sort(list.begin(), list.end(), [&keys](uint32_t x, uint32_t y) {
      return keys[x].slot < keys[y].slot;
    });
    AssetIdentity& id = out.assets[a];
    for (uint32_t k : list)
      id.keys.push_back(keys[k].text);
    if (!list.empty())
      id.confidence = ConfidenceOf(keys[list.front()].slot);
  }
  // The primary key: the strongest key no other asset has (two assets
  // whose merge was refused share one), else the strongest numbered by
  // its holders in asset order, else the first conflicting key.
  std::unordered_map<std::string, uint32_t> holders;
  for (const AssetIdentity& id : out.assets) {
    for (const std::string& k : id.keys)
      ++holders[k];
  }
  std::unordered_map<std::string, uint32_t> ordinal;
  for (AssetIdentity& id : out.assets) {
    for (const std::string& k : id.keys) {
      if (holders[k] == 1) {
        id.primary = k;
        break;
      }
    }
    if (id.primary.empty() && !id.keys.empty()) {
      const uint32_t nth = ++ordinal[id.keys.front()];
      id.primary = id.keys.front();
      if (nth > 1)
        id.primary += "#" + std::to_string(nth);
    }
    if (id.primary.empty() && !id.conflicts.empty()) {
      const std::string& c = id.conflicts.front();
      const uint32_t nth = ++ordinal[c];
      id.primary = c.substr(0, c.find(": "));
      if (nth > 1)
        id.primary += "#" + std::to_string(nth);
    }
  }
  return out;
}

}  // namespace exposure
