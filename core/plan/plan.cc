#include "core/plan/plan.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "core/base/strings.h"
#include "core/correlate/exposures.h"
#include "core/correlate/finding_table.h"
#include "core/plan/versions.h"

namespace exposure {

namespace {

constexpr const char* kKindNames[] = {"upgrade", "patch", "configure",
                                      "mitigate"};

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Runs of white space as one space, trimmed, without a final full stop;
// lower case unless `keep_case`: two tools' spellings of one solution group
// together. Both forms of one text have the same length.
std::string NormalizeSolution(std::string_view text, bool keep_case = false) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (IsSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space)
      out += ' ';
    space = false;
    out += static_cast<char>(!keep_case && c >= 'A' && c <= 'Z' ? c - 'A' + 'a'
                                                                : c);
  }
  while (!out.empty() && (out.back() == '.' || out.back() == ' '))
    out.pop_back();
  return out;
}

// Whether a solution text says there is no fix.
bool SaysNoFix(const std::string& normalized) {
  static constexpr const char* kNoFix[] = {"",
                                           "n/a",
                                           "na",
                                           "none",
                                           "no solution",
                                           "none.",
                                           "not applicable",
                                           "no fix",
                                           "no known solution",
                                           "no fix available",
                                           "there is no known solution",
                                           "there is no known fix",
                                           "no remediation",
                                           "unknown"};
  if (normalized.size() < 4)
    return true;
  return std::any_of(std::begin(kNoFix), std::end(kNoFix),
                     [&](const char* s) { return normalized == s; }) ||
         normalized.find("no known solution") != std::string::npos ||
         normalized.find("no solution is available") != std::string::npos ||
         normalized.find("no fix is available") != std::string::npos;
}

bool Contains(const std::string& text, const char* word) {
  return text.find(word) != std::string::npos;
}

// The kind of fix a solution text describes.
ActionKind KindOfSolution(const std::string& normalized) {
  if (Contains(normalized, "workaround") || Contains(normalized, "mitigat"))
    return ActionKind::kMitigate;
  if (Contains(normalized, "upgrade") || Contains(normalized, "update") ||
      Contains(normalized, "patch") || Contains(normalized, "hotfix") ||
      Contains(normalized, "fixed version") ||
      Contains(normalized, "install the"))
    return ActionKind::kPatch;
  if (Contains(normalized, "configur") || Contains(normalized, "disable") ||
      Contains(normalized, "enable") || Contains(normalized, "set the") ||
      Contains(normalized, "header") || Contains(normalized, "restrict") ||
      Contains(normalized, "remove") || Contains(normalized, "cipher") ||
      Contains(normalized, "certificate"))
    return ActionKind::kConfigure;
  return ActionKind::kMitigate;
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// "Upgrade to <product> [version] <version> or later." (one version, the
// whole first sentence): the product (as `cased` spells it: NormalizeSolution
// with keep_case) and the version.
bool ParseUpgradeTo(const std::string& normalized,
                    const std::string& cased,
                    std::string* product,
                    std::string* version) {
  static constexpr std::string_view kLead = "upgrade to ";
  if (normalized.compare(0, kLead.size(), kLead) != 0)
    return false;
  std::string_view rest = std::string_view(normalized).substr(kLead.size());
  const size_t end = rest.find(". ");
  if (end != std::string_view::npos)
    rest = rest.substr(0, end);
  if (rest.find('/') != std::string_view::npos ||
      rest.find(',') != std::string_view::npos ||
      rest.find(" and ") != std::string_view::npos)
    return false;
  // Words up to the first that starts with a digit.
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < rest.size()) {
    size_t j = rest.find(' ', i);
    if (j == std::string_view::npos)
      j = rest.size();
    words.push_back(rest.substr(i, j - i));
    i = j + 1;
  }
  size_t v = 0;
  while (v < words.size() && (words[v].empty() || !IsDigit(words[v][0])))
    ++v;
  if (v == 0 || v == words.size() || v > 6)
    return false;
  // Only "or later"/"or higher"/"or newer" may follow.
  if (v + 1 < words.size()) {
    if (words.size() != v + 3 || words[v + 1] != "or" ||
        (words[v + 2] != "later" && words[v + 2] != "higher" &&
         words[v + 2] != "newer"))
      return false;
  }
  size_t p_end = v;
  if (words[p_end - 1] == "version" || words[p_end - 1] == "release")
    --p_end;
  if (p_end == 0)
    return false;
  const size_t first = static_cast<size_t>(words[0].data() - normalized.data());
  const size_t last =
      static_cast<size_t>(words[p_end - 1].data() - normalized.data()) +
      words[p_end - 1].size();
  *product = cased.substr(first, last - first);
  std::string_view ver = words[v];
  while (!ver.empty() && (ver.back() == '.' || ver.back() == ','))
    ver.remove_suffix(1);
  *version = std::string(ver);
  return !version->empty();
}

// The leading numeric components of `v` but the last (its release line),
// as text: "2.4.52" -> "2.4".
std::string LineOf(std::string_view v) {
  std::string line;
  std::string current;
  size_t numbers = 0;
  std::string out;
  for (size_t i = 0; i <= v.size(); ++i) {
    const char c = i < v.size() ? v[i] : '\0';
    if (IsDigit(c) || c == ':') {
      current += c;
      continue;
    }
    if (current.empty())
      break;
    if (numbers++)
      line += '.';
    out = line;  // the line without this component
    line += current;
    current.clear();
    if (c != '.')
      break;
  }
  return numbers > 1 ? out : line;
}

const char* Noun(AssetKind kind, bool plural) {
  switch (kind) {
    case AssetKind::kHost:
      return plural ? "hosts" : "host";
    case AssetKind::kContainerImage:
      return plural ? "images" : "image";
    case AssetKind::kRepository:
      return plural ? "repositories" : "repository";
    case AssetKind::kCloudResource:
      return plural ? "cloud resources" : "cloud resource";
    case AssetKind::kKubernetesWorkload:
      return plural ? "workloads" : "workload";
    case AssetKind::kWebApplication:
      return plural ? "web applications" : "web application";
    case AssetKind::kArtifact:
      return plural ? "artifacts" : "artifact";
    case AssetKind::kUnknown:
      break;
  }
  return plural ? "assets" : "asset";
}

// The first sentence of `text`, at most about 100 bytes, cut at a word
// and never inside a UTF-8 sequence.
std::string Headline(std::string_view text) {
  text = Trim(text);
  size_t end = text.size();
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if ((text[i] == '.' && IsSpace(text[i + 1])) || text[i] == '\n') {
      end = i;
      break;
    }
  }
  std::string_view s = text.substr(0, end);
  if (s.size() > 100) {
    size_t cut = s.rfind(' ', 100);
    if (cut == std::string_view::npos || cut < 40) {
      cut = 100;
      while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
        --cut;
    }
    return std::string(Trim(s.substr(0, cut))) + "…";
  }
  while (!s.empty() && (s.back() == '.' || s.back() == ':'))
    s.remove_suffix(1);
  std::string out(s);
  for (char& c : out) {
    if (IsSpace(c))
      c = ' ';
  }
  return out;
}

// Findings whose decisions and fixes are worked out at once, and per task.
constexpr size_t kPlanWindow = 16384;
constexpr size_t kPlanTask = 1024;

struct Group {
  FixKey fix;
  std::string rule_title;  // the first finding's title
  std::vector<uint32_t> findings;
  std::vector<uint32_t> assets;
  uint32_t kev = 0;
  uint64_t risk = 0;
  std::string due;
  Severity severity = Severity::kInfo;
  DeployerPriority priority = DeployerPriority::kDefer;
  bool mixed_from = false;
};

// A decision's finding condition: the key, and the repeat (0: any).
struct FindingRef {
  bool valid = false;
  uint64_t key = 0;
  uint32_t repeat = 0;
};

FindingRef ParseFindingRef(std::string_view id) {
  FindingRef ref;
  if (id.size() < 18 || id.substr(0, 2) != "f-")
    return ref;
  uint64_t key = 0;
  for (size_t i = 2; i < 18; ++i) {
    const char c = id[i];
    int d = IsDigit(c)               ? c - '0'
            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
            : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                     : -1;
    if (d < 0)
      return ref;
    key = key << 4 | static_cast<uint64_t>(d);
  }
  ref.key = key;
  if (id.size() == 18) {
    ref.valid = true;
  } else if (id[18] == '-' && id.size() > 19) {
    uint32_t n = 0;
    for (size_t i = 19; i < id.size(); ++i) {
      if (!IsDigit(id[i]) || n > 100000000)
        return ref;
      n = n * 10 + static_cast<uint32_t>(id[i] - '0');
    }
    ref.repeat = n;
    ref.valid = true;
  }
  return ref;
}

// A purl without its version, qualifiers and subpath.
std::string_view PurlBase(std::string_view purl) {
  const size_t at = purl.find_first_of("@?#");
  return at == std::string_view::npos ? purl : purl.substr(0, at);
}

bool PurlMatches(std::string_view wanted, std::string_view purl) {
  if (purl.empty())
    return false;
  if (wanted.find('@') == std::string_view::npos)
    return EqualsIgnoreCase(PurlBase(wanted), PurlBase(purl));
  // With a version: the purl up to its qualifiers must be the same.
  const size_t q = purl.find_first_of("?#");
  return EqualsIgnoreCase(wanted, purl) ||
         (q != std::string_view::npos &&
          EqualsIgnoreCase(wanted, purl.substr(0, q)));
}

// Every name a decision's asset condition may give, lower case, with the
// assets it names: the report id, the primary key, the name and each
// identity. Built only when some decision names an asset; a lookup per
// decision, not a scan of the assets per decision.
std::unordered_map<std::string, std::vector<uint32_t>> AssetNameIndex(
    const Store& store,
    const std::vector<std::string>& keys) {
  std::unordered_map<std::string, std::vector<uint32_t>> index;
  const auto& assets = store.assets();
  for (size_t i = 0; i < assets.size(); ++i) {
    const Asset& a = assets[i];
    const Identities& ids = a.ids;
    auto add = [&](std::string_view name) {
      if (name.empty())
        return;
      std::vector<uint32_t>& list = index[ToLower(name)];
      if (list.empty() || list.back() != i)
        list.push_back(static_cast<uint32_t>(i));
    };
    add(AssetReportId(store, i));
    add(keys[i]);
    for (const std::string* name :
         {&a.name, &ids.hostname, &ids.fqdn, &ids.ip, &ids.cloud_id, &ids.image,
          &ids.repository, &ids.url})
      add(*name);
  }
  for (auto& [name, list] : index) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  return index;
}

bool HasId(const Finding& f, std::string_view id) {
  for (const std::string& c : f.cves) {
    if (EqualsIgnoreCase(c, id))
      return true;
  }
  for (const std::string& c : f.aliases) {
    if (EqualsIgnoreCase(c, id))
      return true;
  }
  return EqualsIgnoreCase(f.rule_id, id);
}

}  // namespace

const char* ActionKindName(ActionKind k) {
  return kKindNames[static_cast<int>(k)];
}

std::string FindKb(std::string_view text) {
  for (size_t i = 0; i + 8 <= text.size(); ++i) {
    if ((text[i] != 'K' && text[i] != 'k') ||
        (text[i + 1] != 'B' && text[i + 1] != 'b'))
      continue;
    if (i > 0 && (std::isalnum(static_cast<unsigned char>(text[i - 1])) != 0))
      continue;
    size_t j = i + 2;
    while (j < text.size() && IsDigit(text[j]))
      ++j;
    const size_t digits = j - i - 2;
    if ((digits == 6 || digits == 7) &&
        (j == text.size() ||
         std::isalnum(static_cast<unsigned char>(text[j])) == 0))
      return "KB" + std::string(text.substr(i + 2, digits));
  }
  return {};
}

std::string FindBulletin(std::string_view text) {
  for (size_t i = 0; i + 8 <= text.size(); ++i) {
    if ((text[i] != 'M' && text[i] != 'm') ||
        (text[i + 1] != 'S' && text[i + 1] != 's'))
      continue;
    if (i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1])) != 0)
      continue;
    if (IsDigit(text[i + 2]) && IsDigit(text[i + 3]) && text[i + 4] == '-' &&
        IsDigit(text[i + 5]) && IsDigit(text[i + 6]) && IsDigit(text[i + 7]) &&
        (i + 8 == text.size() ||
         std::isalnum(static_cast<unsigned char>(text[i + 8])) == 0))
      return "MS" + std::string(text.substr(i + 2, 6));
  }
  return {};
}

FixKey FixOf(const Finding& f, std::string_view rule_key) {
  FixKey out;
  if (f.category == Category::kMisconfiguration) {
    out.kind = ActionKind::kConfigure;
    out.target.rule = std::string(rule_key);
    out.key = "configure|" + out.target.rule;
    return out;
  }
  if (f.category == Category::kSecret) {
    out.kind = ActionKind::kMitigate;
    out.target.rule = std::string(rule_key);
    out.key = "secret|" + out.target.rule;
    return out;
  }
  if (!f.component.name.empty() && !f.component.fixed.empty()) {
    const std::string to =
        ChooseFix(f.component.installed, FixedVersions(f.component.fixed));
    if (!to.empty()) {
      out.kind = ActionKind::kUpgrade;
      out.target.component = f.component.name;
      out.target.ecosystem = f.component.type;
      out.target.from = f.component.installed;
      out.target.to = to;
      const std::string line = !f.component.installed.empty() &&
                                       OnReleaseLine(f.component.installed, to)
                                   ? LineOf(f.component.installed)
                                   : LineOf(to);
      out.key = "upgrade|" + f.component.type + "|" + f.component.name + "|" +
                f.component.installed + "|" + line;
      return out;
    }
  }
  std::string kb = FindKb(f.title);
  if (kb.empty())
    kb = FindKb(f.solution);
  if (!kb.empty()) {
    out.kind = ActionKind::kPatch;
    out.target.fix = kb;
    out.key = "kb|" + kb;
    return out;
  }
  const std::string solution = NormalizeSolution(f.solution);
  if (SaysNoFix(solution))
    return out;
  const std::string bulletin = FindBulletin(f.title + " " + solution);
  if (!bulletin.empty()) {
    out.kind = ActionKind::kPatch;
    out.target.fix = bulletin;
    out.key = "kb|" + bulletin;
    return out;
  }
  std::string product, version;
  if (ParseUpgradeTo(solution, NormalizeSolution(f.solution, true), &product,
                     &version)) {
    out.kind = ActionKind::kUpgrade;
    out.target.component = product;
    out.target.to = version;
    out.key = "product|" + ToLower(product) + "|" + LineOf(version);
    return out;
  }
  out.kind = KindOfSolution(solution);
  out.target.solution = std::string(Trim(f.solution));
  out.key = "solution|" + solution;
  return out;
}

Plan MakePlan(const Store& store,
              const Assessment& assessment,
              Decisions decisions,
              const TaskRunner* runner) {
  Plan plan;
  plan.decisions = std::move(decisions);
  const auto& assets = store.assets();
  plan.asset_keys.resize(assets.size());
  for (size_t a = 0; a < assets.size(); ++a)
    plan.asset_keys[a] = std::string(ReportAssetKey(store, a));
  plan.ids = ComputeFindingIds(store, plan.asset_keys);
  plan.vex = ApplyVex(store, plan.ids);

  const FindingTable& table = store.findings();
  const size_t n = table.size();
  plan.decision.assign(n, Plan::kNoDecision);
  plan.expired.assign(n, 0);
  plan.action.assign(n, Plan::kNoAction);

  // What each decision's conditions need, worked out once. Decisions that
  // name a finding (what the dashboard writes, one per marked finding) are
  // found by the finding's key; the others are tried on every finding.
  // Candidates are tried in file order, so the first match still wins.
  const std::vector<Decision>& list = plan.decisions.list;
  std::vector<FindingRef> refs(list.size());
  std::vector<std::vector<uint32_t>> asset_ok(list.size());  // sorted
  std::vector<uint8_t> lapsed(list.size(), 0);
  std::unordered_map<uint64_t, std::vector<uint32_t>> by_key;
  std::vector<uint32_t> general;
  std::unordered_map<std::string, std::vector<uint32_t>> asset_names;
  for (size_t d = 0; d < list.size(); ++d) {
    if (!list[d].match.finding.empty()) {
      refs[d] = ParseFindingRef(list[d].match.finding);
      if (refs[d].valid)
        by_key[refs[d].key].push_back(static_cast<uint32_t>(d));
    } else {
      general.push_back(static_cast<uint32_t>(d));
    }
    if (!list[d].match.asset.empty()) {
      if (asset_names.empty())
        asset_names = AssetNameIndex(store, plan.asset_keys);
      auto it = asset_names.find(ToLower(list[d].match.asset));
      if (it != asset_names.end())
        asset_ok[d] = it->second;
    }
    lapsed[d] = !list[d].until.empty() && !assessment.as_of.empty() &&
                list[d].until < assessment.as_of.substr(0, 10);
  }
  // Each finding's decision and fix depend on it alone: worked out in
  // tasks over a window of findings, then merged into the groups in
  // finding order, so the plan is the same for any runner.
  struct Part {
    FixKey fix;              // its fix, when it needs one
    bool open = false;       // not decided, nor closed by scanner or VEX
    bool needs_fix = false;  // open, and a fix to find
    Severity severity = Severity::kInfo;
    size_t asset = Finding::kNoAsset;
  };
  auto work_out = [&](FindingTable::Reader* reader,
                      std::vector<uint32_t>* candidates, size_t i, Part* part) {
    const Finding& f = reader->Read(i);
    // None when its spilled block could not be read back (an empty finding).
    const std::string_view rule_key = reader->rule() < table.rule_count()
                                          ? table.rule_key(reader->rule())
                                          : std::string_view();
    *candidates = general;
    if (!by_key.empty()) {
      auto it = by_key.find(plan.ids.key[i]);
      if (it != by_key.end()) {
        candidates->insert(candidates->end(), it->second.begin(),
                           it->second.end());
        std::sort(candidates->begin(), candidates->end());
      }
    }
    for (const uint32_t d : *candidates) {
      const DecisionMatch& m = list[d].match;
      if (!m.finding.empty() &&
          (refs[d].key != plan.ids.key[i] ||
           (refs[d].repeat != 0 && refs[d].repeat != plan.ids.RepeatOf(i))))
        continue;
      if (!m.rule.empty() && m.rule != rule_key)
        continue;
      if (!m.cve.empty() && !HasId(f, m.cve))
        continue;
      if (!m.asset.empty() &&
          (f.asset == Finding::kNoAsset ||
           !std::binary_search(asset_ok[d].begin(), asset_ok[d].end(),
                               static_cast<uint32_t>(f.asset))))
        continue;
      if (!m.component.empty() && !PurlMatches(m.component, f.component.purl))
        continue;
      if (lapsed[d]) {
        plan.expired[i] = 1;
        continue;
      }
      plan.decision[i] = static_cast<int32_t>(d);
      plan.expired[i] = 0;
      break;
    }
    // A VEX statement that the finding is not affected, or fixed, closes
    // it; one that it is affected (or under investigation) leaves it open.
    if (plan.decision[i] != Plan::kNoDecision ||
        f.status != FindingStatus::kOpen || plan.vex.Closes(i))
      return;
    const FindingAssessment& fa = assessment.finding(i);
    part->open = true;
    part->needs_fix = f.category != Category::kInformation &&
                      f.category != Category::kLicense &&
                      (fa.risk > 0 || f.severity > Severity::kInfo);
    if (part->needs_fix)
      part->fix = FixOf(f, rule_key);
    part->severity = f.severity;
    part->asset = f.asset;
  };

  std::vector<Group> groups;
  std::unordered_map<std::string, uint32_t> group_of;
  // The first title of each group, read when the group is made.
  FindingTable::Reader titles(table);
  std::vector<Part> parts(std::min(n, kPlanWindow));
  for (size_t first = 0; first < n; first += kPlanWindow) {
    const size_t count = std::min(kPlanWindow, n - first);
    const size_t tasks = (count + kPlanTask - 1) / kPlanTask;
    std::fill(parts.begin(), parts.begin() + count, Part());
    // Spilled blocks are read back one reader at a time.
    RunTasks(table.spilled_bytes() == 0 ? runner : nullptr, tasks,
             [&](size_t t) {
               FindingTable::Reader reader(table);
               std::vector<uint32_t> candidates;
               const size_t end = std::min(count, (t + 1) * kPlanTask);
               for (size_t k = t * kPlanTask; k < end; ++k)
                 work_out(&reader, &candidates, first + k, &parts[k]);
             });
    for (size_t k = 0; k < count; ++k) {
      const size_t i = first + k;
      Part& part = parts[k];
      if (plan.expired[i])
        ++plan.expired_count;
      if (plan.decision[i] != Plan::kNoDecision) {
        ++plan.decided[static_cast<int>(list[plan.decision[i]].status)];
        continue;
      }
      if (!part.open)
        continue;
      const FindingAssessment& fa = assessment.finding(i);
      ++plan.open;
      plan.open_risk += static_cast<uint64_t>(fa.risk);
      if (!part.needs_fix)
        continue;
      if (part.fix.key.empty()) {
        ++plan.without_action;
        continue;
      }
      auto [it, added] =
          group_of.emplace(part.fix.key, static_cast<uint32_t>(groups.size()));
      if (added) {
        groups.emplace_back();
        groups.back().fix = std::move(part.fix);
        groups.back().rule_title = titles.Read(i).title;
      } else {
        Group& g = groups[it->second];
        ActionTarget& t = g.fix.target;
        const FixKey& fix = part.fix;
        if (!fix.target.to.empty() &&
            (t.to.empty() || CompareVersions(fix.target.to, t.to) > 0))
          t.to = fix.target.to;
        if (fix.target.from != t.from)
          g.mixed_from = true;
      }
      Group& g = groups[it->second];
      plan.action[i] = it->second;
      g.findings.push_back(static_cast<uint32_t>(i));
      if (part.asset != Finding::kNoAsset)
        g.assets.push_back(static_cast<uint32_t>(part.asset));
      g.kev += fa.kev ? 1 : 0;
      g.risk += static_cast<uint64_t>(fa.risk);
      const std::string& due = assessment.Due(fa);
      if (!due.empty() && (g.due.empty() || due < g.due))
        g.due = due;
      g.severity = std::max(g.severity, part.severity);
      g.priority = std::max(g.priority, fa.decision);
    }
  }

  // Actions from the groups, ranked; then each finding's action number.
  std::vector<Action> actions;
  actions.reserve(groups.size());
  for (Group& g : groups) {
    Action a;
    a.id = "act-" + Fnv64().Add(g.fix.key).Hex();
    a.kind = g.fix.kind;
    a.target = std::move(g.fix.target);
    if (g.mixed_from)
      a.target.from.clear();
    a.findings = std::move(g.findings);
    std::sort(g.assets.begin(), g.assets.end());
    g.assets.erase(std::unique(g.assets.begin(), g.assets.end()),
                   g.assets.end());
    a.assets = std::move(g.assets);
    a.kev = g.kev;
    a.risk_removed = g.risk;
    a.due = std::move(g.due);
    a.severity = g.severity;
    a.priority = g.priority;
    // The owner most of its assets name (ties: the first by name).
    std::map<std::string, size_t> owners;
    AssetKind kind = AssetKind::kUnknown;
    bool one_kind = true;
    for (size_t k = 0; k < a.assets.size(); ++k) {
      const Asset& asset = assets[a.assets[k]];
      const std::string& owner = assessment.assets[a.assets[k]].owner;
      if (!owner.empty())
        ++owners[owner];
      if (k == 0) {
        kind = asset.kind;
      } else if (asset.kind != kind) {
        one_kind = false;
      }
    }
    size_t best = 0;
    for (const auto& [owner, count] : owners) {
      if (count > best) {
        best = count;
        a.owner = owner;
      }
    }
    const size_t count = a.assets.size();
    std::string on;
    if (count > 0) {
      on = " on " + std::to_string(count) + " " +
           Noun(one_kind ? kind : AssetKind::kUnknown, count != 1);
    }
    const ActionTarget& t = a.target;
    switch (a.kind) {
      case ActionKind::kUpgrade:
        if (!t.ecosystem.empty() || !t.from.empty()) {
          a.title = "Upgrade " + t.component + " " +
                    (t.from.empty() ? std::string() : t.from + " ") + "→ " +
                    t.to + on;
        } else {
          a.title = "Upgrade " + t.component + " to " + t.to + " or later" + on;
        }
        break;
      case ActionKind::kPatch:
        a.title =
            t.fix.empty() ? Headline(t.solution) + on : "Apply " + t.fix + on;
        break;
      case ActionKind::kConfigure:
        a.title = t.rule.empty()
                      ? Headline(t.solution) + on
                      : "Fix \"" + Headline(g.rule_title) + "\"" + on;
        break;
      case ActionKind::kMitigate:
        a.title = t.rule.empty() ? Headline(t.solution) + on
                                 : "Revoke and rotate \"" +
                                       Headline(g.rule_title) + "\"" + on;
        break;
    }
    actions.push_back(std::move(a));
  }
  std::vector<uint32_t> order(actions.size());
  for (size_t k = 0; k < order.size(); ++k)
    order[k] = static_cast<uint32_t>(k);
  std::sort(order.begin(), order.end(), [&actions](uint32_t x, uint32_t y) {
    return actions[x].risk_removed != actions[y].risk_removed
               ? actions[x].risk_removed > actions[y].risk_removed
               : actions[x].id < actions[y].id;
  });
  std::vector<uint32_t> rank(actions.size());
  plan.actions.reserve(actions.size());
  uint64_t running = 0;
  for (uint32_t k : order) {
    rank[k] = static_cast<uint32_t>(plan.actions.size());
    running += actions[k].risk_removed;
    actions[k].cumulative_tenths =
        plan.open_risk == 0 ? 0
                            : static_cast<int>(running * 1000 / plan.open_risk);
    plan.actions.push_back(std::move(actions[k]));
  }
  for (uint32_t& a : plan.action) {
    if (a != Plan::kNoAction)
      a = rank[a];
  }
  return plan;
}

}  // namespace exposure
