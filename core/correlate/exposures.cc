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

// A pentest finding's reference to a scanner rule, and the scanner findings
// it may join: one entry of each per finding of such a rule.
struct RuleRef {
  uint64_t key;  // hash of the asset and the scanner rule's number
  uint32_t finding;
  bool pentest;  // the pentest finding, else one of the named rule's
  bool operator<(const RuleRef& o) const {
    return key != o.key ? key < o.key : finding < o.finding;
  }
};

constexpr uint32_t kPentestRule = 0x80000000;

// By rule number, for the rules of pentest findings that name a scanner
// rule ("pentest_csv:nessus:97833" names "nessus:97833"): that rule's
// number | kPentestRule; for each rule so named, its own number; kNone
// for the others. Empty when no pentest rule names one: the rules, not
// the findings, are read, a few tens of bytes each.
std::vector<uint32_t> RuleReferences(const FindingTable& findings) {
  static constexpr std::string_view kPentestFormats[] = {"pentest_csv:",
                                                         "pentest_json:"};
  std::vector<uint32_t> ref;
  const auto rules = static_cast<uint32_t>(findings.rule_count());
  for (uint32_t r = 0; r < rules; ++r) {
    const std::string_view key = findings.rule_key(r);
    std::string_view named;
    for (std::string_view prefix : kPentestFormats) {
      if (StartsWith(key, prefix))
        named = key.substr(prefix.size());
    }
    // "format:rule_id", the format a lower-case id of another format.
    const size_t colon = named.find(':');
    if (colon == std::string_view::npos || colon == 0)
      continue;
    bool word = true;
    for (char c : named.substr(0, colon))
      word = word &&
             ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    if (!word || StartsWith(named, "pentest_"))
      continue;
    const uint32_t target = findings.FindRule(named);
    if (target == TextIndex::kNone)
      continue;
    if (ref.empty())
      ref.assign(rules, kNone);
    ref[r] = target | kPentestRule;
    ref[target] = target;
  }
  return ref;
}

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
  // Pentest findings naming a scanner rule, and that rule's findings.
  const std::vector<uint32_t> rule_ref = RuleReferences(findings);
  std::vector<RuleRef> by_ref;
  std::vector<uint16_t> evidence(n);
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
    evidence[i] = f.evidence_flags;
    if (!rule_ref.empty() && rule_ref[reader.rule()] != kNone) {
      const uint32_t ref = rule_ref[reader.rule()];
      Fnv64 h;
      h.Add(uint64_t{asset}).Add(uint64_t{ref & ~kPentestRule});
      by_ref.push_back({h.value(), i, (ref & kPentestRule) != 0});
    }
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

  // Runs of one asset and named rule: each pentest finding joins the first
  // of the rule's findings whose place agrees (they stay apart otherwise).
  std::sort(by_ref.begin(), by_ref.end());
  for (size_t run = 0; run < by_ref.size();) {
    size_t end = run + 1;
    while (end < by_ref.size() && by_ref[end].key == by_ref[run].key)
      ++end;
    for (size_t p = run; p < end; ++p) {
      if (!by_ref[p].pentest)
        continue;
      const uint32_t pentest = by_ref[p].finding;
      for (size_t s = run; s < end; ++s) {
        const uint32_t other = by_ref[s].finding;
        if (by_ref[s].pentest)
          continue;
        if (clusters.Find(pentest) == clusters.Find(other))
          break;
        if (clusters.Compatible(pentest, other)) {
          clusters.Union(pentest, other);
          break;
        }
      }
    }
    run = end;
  }
  std::vector<RuleRef>().swap(by_ref);

  // Count each cluster, then number those of two or more by their first
  // finding (a root is its cluster's first finding), OR-ing their
  // evidence.
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
    if (number[root] == kNone) {
      number[root] = out.groups++;
      out.group_evidence.push_back(0);
    }
    out.group_of[i] = number[root];
    out.group_evidence[number[root]] |= evidence[i];
  }
  return out;
}

}  // namespace exposure
