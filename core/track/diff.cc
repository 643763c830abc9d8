#include "core/track/diff.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "core/base/strings.h"
#include "core/base/time.h"

namespace exposure {

const char* DiffClassName(DiffClass c) {
  switch (c) {
    case DiffClass::kNew:
      return "new";
    case DiffClass::kPersisting:
      return "persisting";
    case DiffClass::kFixed:
      return "fixed";
    case DiffClass::kNotReassessed:
      return "not_reassessed";
    case DiffClass::kReopened:
      return "reopened";
  }
  return "";
}

bool PortInScope(std::string_view ports,
                 uint32_t port,
                 std::string_view protocol,
                 bool* known) {
  *known = false;
  const std::string list = ToLower(Trim(ports));
  if (list.empty() || list == "default")
    return false;
  *known = true;
  // The protocol a "T:" or "U:" prefix selects, for the ranges after it.
  char proto = 0;
  const char wanted = protocol == "udp" ? 'u' : 't';
  bool in = false;
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && (list[i] == ',' || IsAsciiSpace(list[i])))
      ++i;
    size_t end = i;
    while (end < list.size() && list[end] != ',' && !IsAsciiSpace(list[end]))
      ++end;
    std::string_view token(list.data() + i, end - i);
    i = end;
    if (token.size() >= 2 && token[1] == ':' &&
        (token[0] == 't' || token[0] == 'u')) {
      proto = token[0];
      token.remove_prefix(2);
    }
    if (token.empty())
      continue;
    if (proto != 0 && proto != wanted)
      continue;
    if (token == "all") {
      in = in || port >= 1;
      continue;
    }
    const size_t dash = token.find('-');
    uint32_t lo = 0;
    uint32_t hi = 0;
    if (dash == std::string_view::npos) {
      if (!ParseUint32(token, &lo)) {
        *known = false;  // a list this parser does not understand
        return false;
      }
      hi = lo;
    } else {
      const std::string_view a = token.substr(0, dash);
      const std::string_view b = token.substr(dash + 1);
      if (!ParseUint32(a.empty() ? "1" : a, &lo) ||
          !ParseUint32(b.empty() ? "65535" : b, &hi)) {
        *known = false;
        return false;
      }
    }
    if (port >= lo && port <= hi)
      in = true;
  }
  return in;
}

namespace {

std::string_view KindOf(std::string_view key) {
  const size_t colon = key.find(':');
  return colon == std::string_view::npos ? key : key.substr(0, colon);
}

// Keys that name one asset whatever its address: they must agree when
// both assets have one of a kind.
bool IsStrongKind(std::string_view kind) {
  return kind != "ip" && kind != "host" && kind != "name";
}

// Which asset of `b` each asset of `a` is, and back.
struct AssetPairing {
  std::vector<uint32_t> b_of_a;
  std::vector<uint32_t> a_of_b;
};

bool Compatible(const SnapshotAsset& x, const SnapshotAsset& y) {
  std::map<std::string_view, std::pair<bool, bool>> kinds;  // in y, shared
  for (const std::string& k : y.keys) {
    if (IsStrongKind(KindOf(k)))
      kinds[KindOf(k)].first = true;
  }
  std::set<std::string_view> y_keys(y.keys.begin(), y.keys.end());
  std::map<std::string_view, bool> x_kinds;  // kind -> shares a value
  for (const std::string& k : x.keys) {
    const std::string_view kind = KindOf(k);
    if (!IsStrongKind(kind) || !kinds.count(kind))
      continue;
    x_kinds[kind] = x_kinds[kind] || y_keys.count(k) > 0;
  }
  for (const auto& [kind, shared] : x_kinds) {
    if (!shared)
      return false;
  }
  return true;
}

AssetPairing MatchAssets(const Snapshot& a, const Snapshot& b) {
  AssetPairing m;
  m.b_of_a.assign(a.assets.size(), DiffEntry::kNone);
  m.a_of_b.assign(b.assets.size(), DiffEntry::kNone);
  std::unordered_map<std::string_view, std::vector<uint32_t>> by_key;
  for (size_t i = 0; i < b.assets.size(); ++i) {
    for (const std::string& k : b.assets[i].keys)
      by_key[k].push_back(static_cast<uint32_t>(i));
  }
  // The first key (strongest) of an asset first, for every asset; then
  // the next: an asset matched by its FQDN is not taken by another one
  // sharing only its old IP address.
  size_t most_keys = 0;
  for (const SnapshotAsset& x : a.assets)
    most_keys = std::max(most_keys, x.keys.size());
  for (size_t level = 0; level < most_keys; ++level) {
    for (size_t i = 0; i < a.assets.size(); ++i) {
      const SnapshotAsset& x = a.assets[i];
      if (m.b_of_a[i] != DiffEntry::kNone || level >= x.keys.size())
        continue;
      auto it = by_key.find(x.keys[level]);
      if (it == by_key.end())
        continue;
      uint32_t found = DiffEntry::kNone;
      size_t candidates = 0;
      for (uint32_t j : it->second) {
        if (m.a_of_b[j] != DiffEntry::kNone || !Compatible(x, b.assets[j]))
          continue;
        if (x.kind != b.assets[j].kind && !x.kind.empty() &&
            !b.assets[j].kind.empty()) {
          continue;
        }
        found = j;
        ++candidates;
      }
      if (candidates == 1) {
        m.b_of_a[i] = found;
        m.a_of_b[found] = static_cast<uint32_t>(i);
      }
    }
  }
  // Assets no key names (a file that gave only a label): by kind and name,
  // one to one, in order.
  std::map<std::pair<std::string_view, std::string_view>, std::vector<uint32_t>>
      unnamed;
  for (size_t j = b.assets.size(); j-- > 0;) {
    if (b.assets[j].keys.empty() && m.a_of_b[j] == DiffEntry::kNone)
      unnamed[{b.assets[j].kind, b.assets[j].name}].push_back(
          static_cast<uint32_t>(j));
  }
  for (size_t i = 0; i < a.assets.size(); ++i) {
    if (!a.assets[i].keys.empty() || m.b_of_a[i] != DiffEntry::kNone)
      continue;
    auto it = unnamed.find({a.assets[i].kind, a.assets[i].name});
    if (it == unnamed.end() || it->second.empty())
      continue;
    const uint32_t j = it->second.back();
    it->second.pop_back();
    m.b_of_a[i] = j;
    m.a_of_b[j] = static_cast<uint32_t>(i);
  }
  return m;
}

struct FindingSlot {
  uint32_t asset;
  uint64_t problem;
  uint32_t repeat;
  bool operator==(const FindingSlot& o) const {
    return asset == o.asset && problem == o.problem && repeat == o.repeat;
  }
};
struct FindingSlotHash {
  size_t operator()(const FindingSlot& s) const {
    return static_cast<size_t>(s.problem ^ (uint64_t{s.asset} << 32) ^
                               (uint64_t{s.repeat} * 0x9E3779B97F4A7C15ull));
  }
};
using FindingIndex = std::unordered_map<FindingSlot, uint32_t, FindingSlotHash>;

FindingIndex IndexFindings(const Snapshot& s) {
  FindingIndex index;
  index.reserve(s.findings.size());
  for (size_t i = 0; i < s.findings.size(); ++i) {
    const SnapshotFinding& f = s.findings[i];
    index.emplace(FindingSlot{f.asset, f.problem, f.repeat},
                  static_cast<uint32_t>(i));
  }
  return index;
}

// The finding of `b` that finding `f` of `a` is, or kNone.
uint32_t Counterpart(const SnapshotFinding& f,
                     const AssetPairing& match,
                     const FindingIndex& b_index) {
  uint32_t asset = SnapshotFinding::kNone;
  if (f.asset != SnapshotFinding::kNone) {
    asset = match.b_of_a[f.asset];
    if (asset == DiffEntry::kNone)
      return DiffEntry::kNone;
  }
  auto it = b_index.find(FindingSlot{asset, f.problem, f.repeat});
  return it == b_index.end() ? DiffEntry::kNone : it->second;
}

std::string PortName(const Snapshot& s, const SnapshotFinding& f) {
  const std::string& proto = s.text(f.protocol);
  return std::to_string(f.port) + "/" + (proto.empty() ? "tcp" : proto);
}

// Whether `b` re-assessed finding `f` of `a` that it does not report:
// DiffClass::kFixed or kNotReassessed, and why.
DiffClass ClassifyGone(const Snapshot& a,
                       const Snapshot& b,
                       const AssetPairing& match,
                       const SnapshotFinding& f,
                       std::string* reason) {
  const SnapshotRule& rule = a.rules[f.rule];
  const std::string& format = rule.format;
  if (f.asset == SnapshotFinding::kNone) {
    for (const SnapshotScan& scan : b.scans) {
      if (scan.format == format) {
        *reason = "no longer reported by the new " + format + " scan";
        return DiffClass::kFixed;
      }
    }
    *reason = "no " + format + " scan among the new inputs";
    return DiffClass::kNotReassessed;
  }
  const SnapshotAsset& old_asset = a.assets[f.asset];
  const uint32_t now_asset = match.b_of_a[f.asset];
  if (now_asset == DiffEntry::kNone) {
    *reason = "asset " + old_asset.name + " is not in the new scans";
    return DiffClass::kNotReassessed;
  }
  const SnapshotAsset& asset = b.assets[now_asset];
  std::vector<const SnapshotScan*> scans;
  std::set<std::string> others;
  for (uint32_t s : asset.scans) {
    if (b.scans[s].format == format) {
      scans.push_back(&b.scans[s]);
    } else {
      others.insert(b.scans[s].format);
    }
  }
  if (scans.empty()) {
    *reason = "not scanned again by " + format;
    if (!others.empty()) {
      *reason += " (the new scans of it: ";
      bool first = true;
      for (const std::string& o : others) {
        if (!first)
          *reason += ", ";
        *reason += o;
        first = false;
      }
      *reason += ")";
    }
    return DiffClass::kNotReassessed;
  }
  // The check: in scope unless every new scan states its checks and none
  // lists this one.
  bool rule_in_scope = false;
  for (const SnapshotScan* scan : scans) {
    if (scan->scope.rules.empty() ||
        std::binary_search(scan->scope.rules.begin(), scan->scope.rules.end(),
                           rule.rule_id)) {
      rule_in_scope = true;
      break;
    }
  }
  if (!rule_in_scope) {
    *reason = "check " + rule.rule_id + " is not in the new scan's policy";
    return DiffClass::kNotReassessed;
  }
  if (f.port != 0) {
    const std::string port = PortName(a, f);
    bool in_scope =
        std::binary_search(asset.ports.begin(), asset.ports.end(), port);
    bool any_known = false;
    std::string stated;
    const SnapshotScan* found_by =
        f.scan == SnapshotFinding::kNone ? nullptr : &a.scans[f.scan];
    for (const SnapshotScan* scan : scans) {
      if (in_scope)
        break;
      bool known = false;
      if (PortInScope(scan->scope.ports, f.port, a.text(f.protocol), &known))
        in_scope = true;
      if (known) {
        any_known = true;
        stated = scan->scope.ports;
      } else if (found_by && !scan->scope.ports.empty() &&
                 scan->scope.ports == found_by->scope.ports) {
        // The same stated list ("default" too) that found it before.
        in_scope = true;
      }
    }
    if (!in_scope) {
      *reason = any_known
                    ? "port " + port +
                          " is outside the new scan's port range " + stated
                    : "port " + port +
                          " was not seen open again and the new "
                          "scan's port range is not stated";
      return DiffClass::kNotReassessed;
    }
  }
  if (f.needs_credentials && !asset.credentialed) {
    *reason =
        "a local check, and the new scan of " + asset.name + " did not log in";
    return DiffClass::kNotReassessed;
  }
  *reason = "not found by the new " + format + " scan of " + asset.name;
  return DiffClass::kFixed;
}

std::string Fixed2(int32_t x100000) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%.2f", x100000 / 100000.0);
  return buf;
}

// What moved between the two records of a persisting finding; "" for
// nothing. EPSS moves by less than 0.01 are noise of its daily update.
std::string Changes(const Snapshot& a,
                    const SnapshotFinding& x,
                    const Snapshot& b,
                    const SnapshotFinding& y) {
  std::string out;
  auto add = [&out](const std::string& s) {
    if (!out.empty())
      out += "; ";
    out += s;
  };
  if (x.risk != y.risk)
    add("risk " + std::to_string(x.risk) + " → " + std::to_string(y.risk));
  if (x.kev != y.kev)
    add(y.kev ? "added to KEV" : "removed from KEV");
  const int32_t ex = std::max(x.epss, 0);
  const int32_t ey = std::max(y.epss, 0);
  if ((x.epss < 0) != (y.epss < 0) || std::abs(ex - ey) >= 1000) {
    add("EPSS " + (x.epss < 0 ? std::string("none") : Fixed2(x.epss)) + " → " +
        (y.epss < 0 ? std::string("none") : Fixed2(y.epss)));
  }
  if (a.text(x.status) != b.text(y.status))
    add("status " + a.text(x.status) + " → " + b.text(y.status));
  if (x.decision != y.decision) {
    add(std::string("decision ") + Name(x.decision) + " → " + Name(y.decision));
  }
  return out;
}

FixTimes TimesOf(std::vector<int32_t> days) {
  FixTimes t;
  t.count = days.size();
  if (days.empty())
    return t;
  std::sort(days.begin(), days.end());
  int64_t sum = 0;
  for (int32_t d : days)
    sum += d;
  const auto n = static_cast<int64_t>(days.size());
  t.mean_tenths = (sum * 10 + n / 2) / n;
  const size_t mid = days.size() / 2;
  t.median_tenths = days.size() % 2 ? int64_t{days[mid]} * 10
                                    : (int64_t{days[mid - 1]} + days[mid]) * 5;
  return t;
}

}  // namespace

DiffResult Diff(const Snapshot& old_snap,
                const Snapshot& now,
                const std::vector<const Snapshot*>& history,
                const std::vector<int32_t>* old_due) {
  DiffResult r;
  const AssetPairing match = MatchAssets(old_snap, now);
  const FindingIndex now_index = IndexFindings(now);
  const int32_t now_day = now.as_of_day();
  const int32_t old_day = old_snap.as_of_day();
  r.old_of_new.assign(now.findings.size(), DiffEntry::kNone);
  r.due_of_new.resize(now.findings.size());
  for (size_t j = 0; j < now.findings.size(); ++j)
    r.due_of_new[j] = now.findings[j].due;
  const auto due_of_old = [&](size_t i) {
    return old_due && i < old_due->size() ? (*old_due)[i]
                                          : old_snap.findings[i].due;
  };

  std::vector<int32_t> fix_days[kSeverityCount];
  std::vector<int32_t> all_days;
  for (size_t i = 0; i < old_snap.findings.size(); ++i) {
    const SnapshotFinding& f = old_snap.findings[i];
    const uint32_t j = Counterpart(f, match, now_index);
    DiffEntry e;
    e.old = static_cast<uint32_t>(i);
    if (j != DiffEntry::kNone && r.old_of_new[j] == DiffEntry::kNone) {
      r.old_of_new[j] = e.old;
      const int32_t before = due_of_old(i);
      if (before != kNoDay &&
          (r.due_of_new[j] == kNoDay || before < r.due_of_new[j])) {
        r.due_of_new[j] = before;
      }
      e.cls = DiffClass::kPersisting;
      e.now = j;
      e.reason = Changes(old_snap, f, now, now.findings[j]);
      e.changed = !e.reason.empty();
      if (e.changed)
        ++r.changed;
    } else {
      e.cls = ClassifyGone(old_snap, now, match, f, &e.reason);
      if (e.cls == DiffClass::kFixed) {
        const int32_t first = f.first_seen != kNoDay ? f.first_seen : old_day;
        if (first != kNoDay && now_day != kNoDay && now_day >= first) {
          e.days_to_fix = now_day - first;
          fix_days[static_cast<int>(f.severity)].push_back(e.days_to_fix);
          all_days.push_back(e.days_to_fix);
        }
        const int32_t due = due_of_old(i);
        if (due != kNoDay && now_day != kNoDay && old_snap.IsOpen(f)) {
          e.sla = now_day <= due ? 1 : 0;
          ++(e.sla ? r.sla_met : r.sla_missed);
        }
      }
    }
    r.entries[static_cast<int>(e.cls)].push_back(std::move(e));
  }

  // Findings of NEW without an OLD match: new, or reopened when an earlier
  // transition of the history fixed them.
  std::vector<const Snapshot*> chain(history.begin(), history.end());
  std::stable_sort(
      chain.begin(), chain.end(),
      [](const Snapshot* x, const Snapshot* y) { return x->as_of < y->as_of; });
  chain.push_back(&old_snap);
  struct Earlier {
    AssetPairing now_to_c;  // NEW -> chain[i]
    FindingIndex c_index;
    std::vector<uint8_t> fixed;  // by chain[i] finding: fixed in i -> i+1
  };
  std::vector<Earlier> earlier;
  bool any_unmatched = false;
  for (uint32_t o : r.old_of_new)
    any_unmatched = any_unmatched || o == DiffEntry::kNone;
  if (any_unmatched && chain.size() > 1) {
    for (size_t c = 0; c + 1 < chain.size(); ++c) {
      const Snapshot& from = *chain[c];
      const Snapshot& to = *chain[c + 1];
      Earlier e;
      e.now_to_c = MatchAssets(now, from);
      e.c_index = IndexFindings(from);
      e.fixed.assign(from.findings.size(), 0);
      const AssetPairing step = MatchAssets(from, to);
      const FindingIndex to_index = IndexFindings(to);
      std::string ignored;
      for (size_t k = 0; k < from.findings.size(); ++k) {
        const SnapshotFinding& f = from.findings[k];
        if (Counterpart(f, step, to_index) == DiffEntry::kNone &&
            ClassifyGone(from, to, step, f, &ignored) == DiffClass::kFixed) {
          e.fixed[k] = 1;
        }
      }
      earlier.push_back(std::move(e));
    }
  }
  for (size_t j = 0; j < now.findings.size(); ++j) {
    if (r.old_of_new[j] != DiffEntry::kNone)
      continue;
    const SnapshotFinding& g = now.findings[j];
    DiffEntry e;
    e.now = static_cast<uint32_t>(j);
    e.cls = DiffClass::kNew;
    for (size_t c = earlier.size(); c-- > 0;) {
      const uint32_t k =
          Counterpart(g, earlier[c].now_to_c, earlier[c].c_index);
      if (k != DiffEntry::kNone && earlier[c].fixed[k]) {
        e.cls = DiffClass::kReopened;
        const std::string& when = chain[c + 1]->as_of;
        e.reason = "fixed as of " +
                   (when.empty() ? std::string("an earlier scan") : when) +
                   ", found again";
        break;
      }
    }
    if (e.cls == DiffClass::kNew) {
      const bool asset_known = g.asset == SnapshotFinding::kNone ||
                               match.a_of_b[g.asset] != DiffEntry::kNone;
      e.reason = asset_known ? "not in the old scans"
                             : "on an asset the old scans did not have";
    }
    r.entries[static_cast<int>(e.cls)].push_back(std::move(e));
  }

  // Counts, risk and order.
  for (int c = 0; c < kDiffClassCount; ++c) {
    const bool on_new = c == static_cast<int>(DiffClass::kNew) ||
                        c == static_cast<int>(DiffClass::kPersisting) ||
                        c == static_cast<int>(DiffClass::kReopened);
    auto finding_of = [&](const DiffEntry& e) -> const SnapshotFinding& {
      return on_new ? now.findings[e.now] : old_snap.findings[e.old];
    };
    std::vector<DiffEntry>& list = r.entries[c];
    for (const DiffEntry& e : list)
      ++r.by_severity[c][static_cast<int>(finding_of(e).severity)];
    std::sort(list.begin(), list.end(),
              [&](const DiffEntry& x, const DiffEntry& y) {
                const SnapshotFinding& a = finding_of(x);
                const SnapshotFinding& b = finding_of(y);
                return std::make_tuple(-a.risk, -static_cast<int>(a.severity),
                                       a.key, a.repeat) <
                       std::make_tuple(-b.risk, -static_cast<int>(b.severity),
                                       b.key, b.repeat);
              });
  }
  r.open_risk_before = old_snap.OpenRisk();
  r.open_risk_after = now.OpenRisk();
  if (r.open_risk_before > 0) {
    const auto before = static_cast<int64_t>(r.open_risk_before);
    const auto after = static_cast<int64_t>(r.open_risk_after);
    const int64_t num = (before - after) * 1000;
    // Rounded half away from zero.
    r.reduction_tenths = num >= 0 ? (num + before / 2) / before
                                  : -((-num + before / 2) / before);
  }
  for (int s = 0; s < kSeverityCount; ++s)
    r.time_to_fix[s] = TimesOf(fix_days[s]);
  r.time_to_fix_all = TimesOf(all_days);
  if (now_day != kNoDay) {
    for (size_t j = 0; j < now.findings.size(); ++j) {
      const int32_t due = r.due_of_new[j];
      if (now.IsOpen(now.findings[j]) && due != kNoDay && due < now_day)
        ++r.overdue;
    }
  }
  return r;
}

bool SnapshotGateHolds(const Gate& gate, const SnapshotFinding& f) {
  return GateHolds(
      gate, GateValues{f.kev, f.severity, f.risk, f.epss, f.decision, f.cisa});
}

std::vector<uint64_t> CountDiffGateFindings(const Snapshot& now,
                                            const DiffResult& diff,
                                            const std::vector<Gate>& gates) {
  std::vector<uint64_t> counts(gates.size(), 0);
  std::vector<uint8_t> fresh(now.findings.size(), 0);
  for (DiffClass c : {DiffClass::kNew, DiffClass::kReopened}) {
    for (const DiffEntry& e : diff.entries[static_cast<int>(c)])
      fresh[e.now] = 1;
  }
  for (size_t i = 0; i < now.findings.size(); ++i) {
    const SnapshotFinding& f = now.findings[i];
    if (!now.IsOpen(f))
      continue;
    for (size_t g = 0; g < gates.size(); ++g) {
      if (gates[g].new_only && !fresh[i])
        continue;
      if (SnapshotGateHolds(gates[g], f))
        ++counts[g];
    }
  }
  return counts;
}

}  // namespace exposure
