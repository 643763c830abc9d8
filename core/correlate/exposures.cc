#include "core/correlate/exposures.h"

#include <algorithm>
#include <utility>

#include "core/base/disjoint_sets.h"
#include "core/base/strings.h"
#include "core/base/text_index.h"

namespace exposure {

namespace {

constexpr uint32_t kNone = 0xFFFFFFFF;

// Where a finding is, as grouping compares it: its port (with the protocol,
// 0 for none) and its package (kNone for none).
struct Place {
  uint32_t port = 0;  // port << 8 | protocol number, 0 without a port
  uint32_t component = kNone;
};

// Union-find over findings; each root knows its cluster's port and
// package, the first of its findings that had one.
class Clusters {
 public:
  explicit Clusters(std::vector<Place> places)
      : place_(std::move(places)), sets_(place_.size()) {}

  uint32_t Find(uint32_t i) { return sets_.Find(i); }

  bool Compatible(uint32_t a, uint32_t b) {
    const Place& x = place_[Find(a)];
    const Place& y = place_[Find(b)];
    if (x.component != kNone && y.component != kNone &&
        x.component != y.component)
      return false;
    return x.port == 0 || y.port == 0 || x.port == y.port;
  }

  // The cluster whose first finding came first becomes the root.
  void Union(uint32_t a, uint32_t b) {
    const auto [root, absorbed] = sets_.Union(a, b);
    if (root == absorbed)
      return;
    if (place_[root].port == 0)
      place_[root].port = place_[absorbed].port;
    if (place_[root].component == kNone)
      place_[root].component = place_[absorbed].component;
  }

 private:
  std::vector<Place> place_;
  DisjointSets sets_;
};

uint64_t IdKey(uint32_t asset, std::string_view id) {
  Fnv64 h;
  h.Add(uint64_t{asset});
  for (char c : Trim(id)) {
    const char upper = c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
    h.Add(std::string_view(&upper, 1));
  }
  return h.value();
}

}  // namespace

std::string PackageName(std::string_view name) {
  std::string out = ToLower(Trim(name));
  const size_t at = out.find('@', out.empty() || out[0] != '@' ? 0 : 1);
  if (at != std::string::npos)
    out.resize(at);
  const size_t space = out.find(' ');
  if (space != std::string::npos)
    out.resize(space);
  return out;
}

bool IsVulnerabilityId(std::string_view id) {
  id = Trim(id);
  if (id.empty())
    return false;
  static constexpr std::string_view kClasses[] = {
      "CWE",  "WASC", "CAPEC", "OWASP",  "KEV",   "CISA",
      "NIST", "PCI",  "MITRE", "ATT&CK", "HIPAA", "ISO"};
  for (std::string_view c : kClasses) {
    if (id.size() >= c.size() && EqualsIgnoreCase(id.substr(0, c.size()), c))
      return false;
  }
  return true;
}

ExposureTable GroupExposures(const FindingTable& findings) {
  const size_t n = findings.size();
  std::vector<Place> places(n);
  // (hash of asset and id, finding): findings that share an id on an
  // asset sort together. Findings without one: (hash of asset, rule and
  // place, finding), which must match exactly.
  std::vector<std::pair<uint64_t, uint32_t>> by_id;
  std::vector<std::pair<uint64_t, uint32_t>> by_rule;
  TextIndex protocols;
  TextIndex components;
  FindingTable::Reader reader(findings,
                              FindingTable::kScoring | FindingTable::kIdentity);
  for (uint32_t i = 0; i < n; ++i) {
    const Finding& f = reader.Read(i);
    const uint32_t asset =
        f.asset == Finding::kNoAsset ? kNone : static_cast<uint32_t>(f.asset);
    Place& p = places[i];
    if (f.port != 0) {
      const uint32_t protocol =
          std::min<uint32_t>(protocols.Add(f.protocol), 255);
      p.port = (f.port & 0xFFFFFF) << 8 | protocol;
    }
    if (!f.component.name.empty())
      p.component = components.Add(PackageName(f.component.name));
    const size_t before = by_id.size();
    for (const std::string& cve : f.cves)
      by_id.emplace_back(IdKey(asset, cve), i);
    for (const std::string& alias : f.aliases) {
      if (IsVulnerabilityId(alias))
        by_id.emplace_back(IdKey(asset, alias), i);
    }
    if (by_id.size() == before) {
      Fnv64 h;
      h.Add(uint64_t{asset}).Add(uint64_t{reader.rule()});
      h.Add(uint64_t{p.port}).Add(uint64_t{p.component});
      h.Add(f.location).Add(f.title);
      by_rule.emplace_back(h.value(), i);
    }
  }

  Clusters clusters(std::move(places));
  // Runs of one asset and id, in finding order: each later finding joins
  // the first's exposure if their places agree.
  std::sort(by_id.begin(), by_id.end());
  for (size_t run = 0; run < by_id.size();) {
    size_t end = run + 1;
    while (end < by_id.size() && by_id[end].first == by_id[run].first)
      ++end;
    const uint32_t first = by_id[run].second;
    for (size_t j = run + 1; j < end; ++j) {
      const uint32_t other = by_id[j].second;
      if (clusters.Find(first) != clusters.Find(other) &&
          clusters.Compatible(first, other))
        clusters.Union(first, other);
    }
    run = end;
  }
  std::vector<std::pair<uint64_t, uint32_t>>().swap(by_id);
  std::sort(by_rule.begin(), by_rule.end());
  for (size_t j = 1; j < by_rule.size(); ++j) {
    if (by_rule[j].first == by_rule[j - 1].first)
      clusters.Union(by_rule[j - 1].second, by_rule[j].second);
  }

  // Count each cluster, then number those of two or more by their first
  // finding (a root is its cluster's first finding).
  ExposureTable out;
  std::vector<uint32_t> size(n, 0);
  for (uint32_t i = 0; i < n; ++i)
    ++size[clusters.Find(i)];
  out.group_of.assign(n, ExposureTable::kAlone);
  std::vector<uint32_t> number(n, kNone);
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t root = clusters.Find(i);
    if (root == i)
      ++out.exposures;
    if (size[root] < 2)
      continue;
    if (number[root] == kNone)
      number[root] = out.groups++;
    out.group_of[i] = number[root];
  }
  return out;
}

}  // namespace exposure
