#include "core/render/json_report.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/base/json_writer.h"
#include "core/base/strings.h"
#include "core/base/text_index.h"
#include "core/correlate/exposures.h"
#include "core/correlate/report_ids.h"
#include "core/plan/plan.h"
#include "core/render/coverage_report.h"
#include "core/render/export_view.h"
#include "core/render/paths_report.h"
#include "core/render/plan_report.h"
#include "core/render/report_order.h"
#include "core/score/validation.h"

namespace exposure {

namespace {

// v3: the report's bytes are laid out as ReportLayout::kLines unless asked
// for indented, and a finding's intel evidence moved from its validation
// to its priority's "intel_sources"; the other members are those of v2.
constexpr const char* kSchema = "exposure-lens/report/v3";

void WriteInput(JsonWriter* w, const Input& in) {
  w->BeginObject();
  w->Key("name");
  w->String(in.name);
  w->StringOrNull("format", in.format);
  w->Key("kind");
  if (in.format.empty()) {
    w->Null();
  } else {
    w->String(in.source == SourceClass::kInventory ? "inventory" : "scan");
  }
  w->StringOrNull("compression", in.compression);
  // Only for text converted to UTF-8, so that a location's byte offset can
  // be understood: it counts the converted text.
  if (!in.encoding.empty()) {
    w->Key("encoding");
    w->String(in.encoding);
  }
  w->Key("findings");
  w->Uint(in.findings);
  w->Key("assets");
  w->Uint(in.assets.size());
  w->Key("services");
  w->Uint(in.services);
  // VEX documents add statements, not findings: how many it gave.
  if (in.statements > 0) {
    w->Key("statements");
    w->Uint(in.statements);
  }
  // Directory collections add principals and relations.
  if (in.principals > 0 || in.relations > 0) {
    w->Key("principals");
    w->Uint(in.principals);
    w->Key("relations");
    w->Uint(in.relations);
  }
  w->Key("partial");
  w->Bool(in.partial);
  w->Key("errors");
  w->BeginArray();
  for (const InputError& e : in.errors) {
    w->BeginObject();
    w->Key("message");
    w->String(e.message);
    w->Key("location");
    w->String(e.location);
    w->EndObject();
  }
  w->EndArray();
  w->EndObject();
}

// Rule texts (description, solution, references) are the same for every
// record of one rule (a Nessus plugin on 5,000 hosts), so the report lists
// them once under "rules" and findings point to their rule. A finding whose
// texts differ from its rule's first occurrence carries its own copy.
struct Rule {
  // The texts of the rule's first finding in input order: description and
  // solution point into the Store's interned texts; references is the
  // finding table's dictionary word of the list.
  std::string_view description;
  std::string_view solution;
  uint32_t references = 0;
  uint32_t format_size = 0;  // of its key "format:rule_id"
};

// Ids, order and summary numbers, computed in one pass over the findings.
struct Layout {
  std::vector<std::string> asset_ids;  // by asset index
  std::vector<size_t> asset_order;     // asset indexes, report order
  // The rules findings refer to, numbered in the order their first finding
  // comes (`table_rule`: the finding table's number of each; their keys
  // "format:rule_id" are the table's).
  const FindingTable* table = nullptr;
  std::vector<uint32_t> table_rule;
  std::deque<Rule> rules;
  std::vector<uint32_t> rules_by_key;  // rule numbers, report order
  std::unique_ptr<ReportOrder> order;
  // Finding ids, decisions and actions (core/plan/plan.h).
  const Plan* plan = nullptr;
  // The attack paths (null: none were analyzed).
  const PathReport* paths = nullptr;

  uint64_t by_severity[kSeverityCount] = {};
  // By validation level + 1 (refuted first).
  uint64_t by_level[kLevelConfirmed + 2] = {};

  // Exposures (Assessment::exposures). One of a single finding is written
  // with the finding; each of two or more ("exposures" section) keeps what
  // its findings add up to.
  struct Group {
    std::string id;
    size_t asset = Finding::kNoAsset;
    std::vector<std::string> cves;     // sorted, distinct
    std::vector<std::string> aliases;  // vulnerability ids, sorted, distinct
    std::string rule_key;              // without ids: the rule
    uint32_t port = 0;
    std::string protocol;
    std::string component;
    std::vector<std::string> sources;  // format ids, sorted, distinct
    int severity = 0;
    uint64_t risk = 0;
    uint32_t top = 0;  // its first finding in report order
    uint64_t top_primary = ~uint64_t{0};
    std::vector<uint32_t> members;  // finding indexes, in input order
    std::vector<uint64_t> keys;     // their keys
  };
  std::vector<Group> groups;
  std::vector<uint32_t> group_order;  // report order: by their top finding
  // ReportAssetKey, by asset index (the plan's).
  const std::vector<std::string>* asset_keys = nullptr;
  std::vector<size_t> finding_counts;  // by asset
  std::vector<int> max_severity;       // by asset; -1 when it has none

  std::string_view rule_key(uint32_t rule) const {
    return table->rule_key(table_rule[rule]);
  }
  std::string_view rule_id(uint32_t rule) const {
    return rule_key(rule).substr(rules[rule].format_size + 1);
  }
};

// Interned texts are equal exactly when their views share storage.
bool SameView(std::string_view a, std::string_view b) {
  return a.data() == b.data() && a.size() == b.size();
}

// The indexes 0..n-1 sorted by `less`.
template <typename Index, typename Less>
std::vector<Index> SortedIndexes(size_t n, Less less) {
  std::vector<Index> order(n);
  for (size_t i = 0; i < n; ++i)
    order[i] = static_cast<Index>(i);
  std::sort(order.begin(), order.end(), less);
  return order;
}

// Ranks rules by id for the finding order (rules of different formats with
// the same id share a rank) and lists them by key for the report.
std::vector<uint32_t> RankRules(Layout* l) {
  const size_t n = l->rules.size();
  l->rules_by_key = SortedIndexes<uint32_t>(n, [&](uint32_t a, uint32_t b) {
    return l->rule_key(a) < l->rule_key(b);
  });
  std::vector<uint32_t> rank(n);
  // With one format (the usual case), the rules, sorted by "format:id",
  // are already in id order and their ids distinct: rank = position.
  const bool one_format = std::all_of(
      l->rules_by_key.begin(), l->rules_by_key.end(), [&](uint32_t r) {
        return l->rule_key(r).substr(0, l->rules[r].format_size) ==
               l->rule_key(l->rules_by_key.front())
                   .substr(0, l->rules[l->rules_by_key.front()].format_size);
      });
  if (one_format) {
    for (size_t i = 0; i < n; ++i)
      rank[l->rules_by_key[i]] = static_cast<uint32_t>(i);
    return rank;
  }
  std::vector<uint32_t> by_id = SortedIndexes<uint32_t>(
      n, [&](uint32_t a, uint32_t b) { return l->rule_id(a) < l->rule_id(b); });
  uint32_t r = 0;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && l->rule_id(by_id[i]) != l->rule_id(by_id[i - 1]))
      ++r;
    rank[by_id[i]] = r;
  }
  return rank;
}

// The lowest of `ids` that `keep` takes, upper-cased ("" for none).
template <typename Keep>
std::string LowestId(const std::vector<std::string>& ids, Keep keep) {
  std::string lowest;
  for (const std::string& id : ids) {
    if (!keep(id))
      continue;
    std::string upper = ToUpper(Trim(id));
    if (lowest.empty() || upper < lowest)
      lowest = std::move(upper);
  }
  return lowest;
}

// What names an exposure whichever spelling its tools used: its lowest
// CVE, else its lowest other vulnerability id, else "" (then its rule).
std::string ExposureName(const std::vector<std::string>& cves,
                         const std::vector<std::string>& aliases) {
  std::string id = LowestId(cves, [](const std::string&) { return true; });
  return id.empty() ? LowestId(aliases, IsVulnerabilityId) : id;
}

// What identifies an exposure, written into its id: its asset, place and
// lowest vulnerability id (a CVE before any other), or its rule.
std::string ExposureId(std::string_view asset_key,
                       uint32_t port,
                       std::string_view protocol,
                       std::string_view component,
                       std::string_view id_or_rule) {
  Fnv64 h;
  h.Add(asset_key).Add(component).Add(uint64_t{port}).Add(protocol);
  h.Add(id_or_rule);
  return "e-" + h.Hex();
}

std::string_view AssetKey(const Layout& l, size_t asset) {
  return asset == Finding::kNoAsset ? std::string_view("-")
                                    : std::string_view((*l.asset_keys)[asset]);
}

// `ids` with one entry per id, letter case aside (the first spelling),
// sorted.
void SortDistinctIds(std::vector<std::string>* ids) {
  std::vector<std::string> out;
  for (std::string& id : *ids) {
    if (std::none_of(out.begin(), out.end(), [&id](const std::string& o) {
          return EqualsIgnoreCase(o, id);
        }))
      out.push_back(std::move(id));
  }
  std::sort(out.begin(), out.end());
  *ids = std::move(out);
}

// The id of the exposure of a finding alone in it: its own ids and place.
std::string LoneExposureId(const Layout& l, const Finding& f) {
  std::string id = ExposureName(f.cves, f.aliases);
  if (id.empty())
    id = f.format + ":" + f.rule_id;
  return ExposureId(
      AssetKey(l, f.asset), f.port,
      f.port != 0 ? f.protocol : std::string_view(),
      f.component.name.empty() ? std::string() : PackageName(f.component.name),
      id);
}

// Adds finding `i` (`f`, its order entry `e`) to its group.
void AddToGroup(Layout::Group* g,
                const Finding& f,
                const OrderEntry& e,
                uint64_t risk,
                uint32_t i) {
  if (g->members.empty())
    g->asset = f.asset;
  g->members.push_back(i);
  g->keys.push_back(e.key);
  if (g->port == 0 && f.port != 0) {
    g->port = f.port;
    g->protocol = f.protocol;
  }
  if (g->component.empty() && !f.component.name.empty())
    g->component = PackageName(f.component.name);
  g->cves.insert(g->cves.end(), f.cves.begin(), f.cves.end());
  for (const std::string& a : f.aliases) {
    if (IsVulnerabilityId(a))
      g->aliases.push_back(a);
  }
  if (std::find(g->sources.begin(), g->sources.end(), f.format) ==
      g->sources.end())
    g->sources.push_back(f.format);
  g->severity = std::max(g->severity, static_cast<int>(f.severity));
  g->risk = std::max(g->risk, risk);
  if (e.primary < g->top_primary) {
    g->top_primary = e.primary;
    g->top = i;
  }
  if (g->rule_key.empty())
    g->rule_key = f.format + ":" + f.rule_id;
}

// Ids and report order of the groups, once all their findings are in.
void FinishGroups(Layout* l) {
  for (Layout::Group& g : l->groups) {
    SortDistinctIds(&g.cves);
    SortDistinctIds(&g.aliases);
    std::sort(g.sources.begin(), g.sources.end());
    std::string id = ExposureName(g.cves, g.aliases);
    if (id.empty()) {
      id = g.rule_key;
    } else {
      g.rule_key.clear();
    }
    g.id =
        ExposureId(AssetKey(*l, g.asset), g.port, g.protocol, g.component, id);
  }
  l->group_order =
      SortedIndexes<uint32_t>(l->groups.size(), [l](uint32_t a, uint32_t b) {
        const Layout::Group& x = l->groups[a];
        const Layout::Group& y = l->groups[b];
        return std::tie(x.top_primary, x.id) < std::tie(y.top_primary, y.id);
      });
}

Layout ComputeLayout(const Store& store,
                     const Assessment& assessment,
                     const Plan& plan) {
  Layout l;
  const auto& assets = store.assets();
  l.plan = &plan;
  l.asset_keys = &plan.asset_keys;
  {
    ReportAssetIds ids = ComputeReportAssetIds(store);
    l.asset_ids = std::move(ids.id);
    l.asset_order = std::move(ids.order);
  }
  // Position of each asset in report order: sorting findings by it is the
  // same as sorting by asset name, without string compares.
  std::vector<size_t> asset_rank(assets.size());
  for (size_t i = 0; i < l.asset_order.size(); ++i) {
    asset_rank[l.asset_order[i]] = i;
  }

  const FindingTable& findings = store.findings();
  const size_t n = findings.size();
  l.order = std::make_unique<ReportOrder>(
      store.spill(), store.report_budget(),
      [&l](uint32_t rule) { return l.rule_id(rule); });
  l.order->Reserve(n);
  l.finding_counts.assign(assets.size(), 0);
  l.max_severity.assign(assets.size(), -1);
  l.table = &findings;
  l.groups.resize(assessment.exposures.groups);
  // By the table's rule number: the layout's, or kUnseen.
  constexpr uint32_t kUnseen = 0xFFFFFFFF;
  std::vector<uint32_t> layout_rule(findings.rule_count(), kUnseen);
  FindingTable::Reader reader(findings,
                              FindingTable::kIdentity | FindingTable::kScoring);
  for (size_t i = 0; i < n; ++i) {
    const Finding& f = reader.Read(i);
    const bool has_asset = f.asset != Finding::kNoAsset;
    OrderEntry e;
    e.key = plan.ids.key[i];
    uint32_t& number = layout_rule[reader.rule()];
    const bool added = number == kUnseen;
    if (added) {
      number = static_cast<uint32_t>(l.table_rule.size());
      l.table_rule.push_back(reader.rule());
    }
    e.rule = number;
    const uint32_t references = reader.references_word();
    if (added) {
      Rule rule;
      rule.description = f.description;
      rule.solution = f.solution;
      rule.references = references;
      rule.format_size = static_cast<uint32_t>(f.format.size());
      l.rules.push_back(rule);
    } else {
      // Interned texts are equal exactly when their views share storage;
      // reference lists exactly when their dictionary words are.
      const Rule& rule = l.rules[e.rule];
      e.own_texts = !SameView(f.description, rule.description) ||
                    !SameView(f.solution, rule.solution) ||
                    references != rule.references;
    }

    // Higher risk, then more severe, then the asset's rank first.
    const uint64_t risk = static_cast<uint64_t>(assessment.finding(i).risk);
    const uint64_t severity = static_cast<uint64_t>(f.severity);
    const uint64_t rank = has_asset ? asset_rank[f.asset] : assets.size();
    e.primary = ((1023 - risk) << 40) | ((7 - severity) << 37) | rank;
    e.port = f.port;
    e.index = static_cast<uint32_t>(i);
    // Records in resident blocks are read where they are when the report
    // is written; the others travel with their entry, so that writing
    // never reads the spilled table out of order.
    const FindingTable::Position at = reader.position();
    e.block = at.block;
    e.offset = at.offset;
    e.copied = !findings.resident(at.block);
    l.order->Add(e, f.component.name, f.location,
                 e.copied ? reader.record() : std::string_view());

    l.by_severity[static_cast<int>(f.severity)]++;
    l.by_level[l.plan->Refuted(i, f.status)
                   ? 0
                   : assessment.finding(i).level + 1]++;
    const uint32_t group = assessment.exposures.group_of[i];
    if (group != ExposureTable::kAlone)
      AddToGroup(&l.groups[group], f, e, risk, static_cast<uint32_t>(i));
    if (has_asset) {
      l.finding_counts[f.asset]++;
      l.max_severity[f.asset] =
          std::max(l.max_severity[f.asset], static_cast<int>(f.severity));
    }
  }
  l.order->Finish(RankRules(&l));
  FinishGroups(&l);
  return l;
}

void WriteAssetTotals(JsonWriter* w,
                      const Layout& l,
                      const AssetAssessment& aa,
                      size_t index) {
  w->Key("risk");
  w->Uint(static_cast<uint64_t>(aa.risk));
  w->Key("findings");
  w->Uint(l.finding_counts[index]);
  w->Key("max_severity");
  if (l.max_severity[index] < 0) {
    w->Null();
  } else {
    w->String(SeverityName(static_cast<Severity>(l.max_severity[index])));
  }
}

void WriteAsset(JsonWriter* w,
                const Store& store,
                const Assessment& assessment,
                const Layout& l,
                size_t index,
                const std::vector<std::vector<const Service*>>& services,
                bool table) {
  const Asset& a = store.assets()[index];
  const AssetAssessment& aa = assessment.assets[index];
  w->BeginObject();
  w->Key("id");
  w->String(l.asset_ids[index]);
  w->Key("name");
  w->String(a.name);
  w->Key("kind");
  w->String(AssetKindName(a.kind));
  if (!table) {
    w->Key("identities");
    w->BeginObject();
    w->OptionalString("ip", a.ids.ip);
    w->OptionalString("hostname", a.ids.hostname);
    w->OptionalString("fqdn", a.ids.fqdn);
    w->OptionalString("mac", a.ids.mac);
    w->OptionalString("serial", a.ids.serial);
    w->OptionalString("cloud_id", a.ids.cloud_id);
    w->OptionalString("image", a.ids.image);
    w->OptionalString("repository", a.ids.repository);
    w->OptionalString("kubernetes", a.ids.k8s);
    w->OptionalString("url", a.ids.url);
    w->EndObject();
  }
  // Which keys tie its records, how strong they are, which disagreed.
  const AssetIdentity& identity = store.identity(index);
  w->Key("identity");
  w->BeginObject();
  w->StringArray("keys", identity.keys);
  w->Key("confidence");
  w->String(IdentityConfidenceName(identity.confidence));
  w->StringArray("conflicts", identity.conflicts);
  w->EndObject();
  if (!table) {
    w->OptionalString("os", a.os);
    if (!a.tags.empty())
      w->StringArray("tags", a.tags);
  }
  // Where it was seen: in an inventory, by which scanners, when last.
  const Store::Sightings& seen = store.sightings(index);
  const AssetCoverage& coverage = assessment.coverage.assets[index];
  w->Key("in_inventory");
  w->Bool(coverage.in_inventory);
  w->StringArray("scanned_by", ScannedBy(store, index));
  w->StringOrNull("last_scanned", seen.last_scanned);
  w->StringArray("gaps", CoverageGapNames(coverage.gaps));
  w->OptionalString("owner", aa.owner);
  w->OptionalString("business_unit", a.context.business_unit);
  w->OptionalString("environment", a.context.environment);
  w->OptionalString("site", a.context.site);
  w->Key("criticality");
  w->String(Name(aa.criticality));
  if (!table && !aa.criticality_source.empty()) {
    w->Key("criticality_source");
    w->String(aa.criticality_source);
  }
  w->Key("exposure");
  w->String(Name(aa.exposure));
  if (!table) {
    w->Key("exposure_evidence");
    w->String(aa.exposure_evidence);
  }
  WriteAssetTotals(w, l, aa, index);
  if (table) {
    w->EndObject();
    return;
  }
  w->Key("services");
  w->BeginArray();
  for (const Service* s : services[index]) {
    w->BeginObject();
    w->Key("port");
    w->Uint(s->port);
    w->Key("protocol");
    w->String(s->protocol);
    w->OptionalString("name", s->name);
    w->OptionalString("product", s->product);
    w->OptionalString("version", s->version);
    w->EndObject();
  }
  w->EndArray();
  w->EndObject();
}

void WriteDecisionPoint(JsonWriter* w,
                        const char* key,
                        const DecisionPoint& d) {
  w->Key(key);
  w->BeginObject();
  w->Key("value");
  w->String(d.value);
  w->Key("evidence");
  w->String(d.evidence);
  w->EndObject();
}

void WriteOptionalFixed5(JsonWriter* w, const char* key, int value) {
  w->Key(key);
  if (value < 0) {
    w->Null();
  } else {
    w->Decimal(value, 5);
  }
}

// Threat intelligence members, in findings and in their explanations.
void WriteIntel(JsonWriter* w, const FindingAssessment& fa) {
  w->Key("kev");
  w->Bool(fa.kev);
  WriteOptionalFixed5(w, "epss", fa.epss);
  WriteOptionalFixed5(w, "epss_percentile", fa.epss_percentile);
}

// The prioritization of one finding: intel, risk with its factors, SSVC
// with the evidence for each decision point, and the due date.
void WritePriority(JsonWriter* w,
                   const Assessment& assessment,
                   const FindingAssessment& fa,
                   const Explanation& e,
                   bool table) {
  if (!table) {
    WriteIntel(w, fa);
    // The intel evidence of the validation level of this priority's
    // findings (each finding's "validation" has its own evidence).
    if (!e.intel_sources.empty()) {
      w->Key("intel_sources");
      w->BeginArray();
      for (const ValidationSource& v : e.intel_sources) {
        w->BeginObject();
        w->Key("source");
        w->String(v.source);
        w->Key("evidence");
        w->String(v.evidence);
        w->EndObject();
      }
      w->EndArray();
    }
  }
  w->Key("risk");
  w->BeginObject();
  w->Key("score");
  w->Uint(static_cast<uint64_t>(fa.risk));
  if (!table) {
    w->Key("basis");
    w->String(e.severity_basis);
  }
  if (!table && !e.cvss_vector.empty()) {
    w->Key("cvss");
    w->BeginObject();
    w->Key("version");
    w->String(e.cvss_version);
    w->Key("vector");
    w->String(e.cvss_vector);
    w->Key("score");
    w->Decimal(fa.cvss_score, 1);
    w->EndObject();
  }
  w->Key("factors");
  w->BeginArray();
  for (const RiskFactor& f : e.factors) {
    w->BeginObject();
    w->Key("name");
    w->String(f.name);
    w->Key("value");
    w->String(f.value);
    w->Key("points");
    w->Int(f.points);
    w->EndObject();
  }
  w->EndArray();
  w->EndObject();
  if (table)
    return;
  w->Key("ssvc");
  w->BeginObject();
  w->Key("decision");
  w->String(Name(fa.decision));
  w->Key("cisa");
  w->String(Name(fa.cisa));
  WriteDecisionPoint(w, "exploitation", e.exploitation);
  WriteDecisionPoint(w, "automatable", e.automatable);
  WriteDecisionPoint(w, "technical_impact", e.technical_impact);
  WriteDecisionPoint(w, "system_exposure", e.exposure);
  WriteDecisionPoint(w, "human_impact", e.human_impact);
  w->EndObject();
  w->StringOrNull("due", assessment.Due(fa));
}

// Findings of one assessment class share their explanation, so the report
// lists each explanation once under "priorities" ("p-1", "p-2", ... in the
// order the findings first use them) and findings carry the numbers and
// decisions people filter on, plus the id of their explanation.
struct Priorities {
  std::vector<uint32_t> id;     // by class: 1-based id, 0 = unused
  std::vector<uint32_t> order;  // classes in id order
};

Priorities NumberPriorities(const Assessment& assessment, const Layout& l) {
  Priorities p;
  p.id.assign(assessment.distinct.size(), 0);
  std::unique_ptr<ReportOrder::Reader> order = l.order->Read(false);
  while (order->Next()) {
    const uint32_t c = assessment.finding_class[order->entry().index];
    if (p.id[c] == 0) {
      p.order.push_back(c);
      p.id[c] = static_cast<uint32_t>(p.order.size());
    }
  }
  return p;
}

std::string PriorityId(uint32_t id) {
  return "p-" + std::to_string(id);
}

// Element `c` (an assessment class) of the "priorities" list.
// `explanation` is scratch space.
void WritePriorityElement(JsonWriter* w,
                          const Assessment& assessment,
                          const Priorities& priorities,
                          uint32_t c,
                          bool table,
                          Explanation* explanation) {
  w->BeginObject();
  w->Key("id");
  w->String(PriorityId(priorities.id[c]));
  Explain(assessment, c, explanation);
  WritePriority(w, assessment, assessment.distinct[c], *explanation, table);
  w->EndObject();
}

// A finding's place on the evidence ladder (core/score/validation.h) and
// what of its own put it there: its tool's evidence (named by its format
// and input) and a proof another finding of its exposure brought. The
// intel behind the level (KEV, CISA, exploit catalogues) is the same for
// every finding of a CVE, so it is stated once, as its priority's
// "intel_sources" (WritePriority). A finding the plan says is not affected
// or a false positive is refuted (-1), with who said so. A table writes
// the level and label only.
void WriteValidation(JsonWriter* w,
                     const Store& store,
                     const Plan& plan,
                     size_t index,
                     const Finding& f,
                     const FindingAssessment& fa,
                     bool table) {
  const bool refuted = plan.Refuted(index, f.status);
  const int level = refuted ? kLevelRefuted : fa.level;
  w->Key("validation");
  w->BeginObject();
  w->Key("level");
  w->Int(level);
  w->Key("label");
  w->String(ValidationLabel(level));
  if (table) {
    w->EndObject();
    return;
  }
  const std::string& input = store.inputs()[f.input].name;
  auto source = [&](std::string_view name, std::string_view evidence,
                    std::string_view from) {
    w->BeginObject();
    w->Key("source");
    w->String(name);
    w->Key("evidence");
    w->String(evidence);
    w->Key("input");
    w->String(from);
    w->EndObject();
  };
  w->Key("sources");
  w->BeginArray();
  if (refuted) {
    const std::string status = plan.StatusName(index, f.status);
    if (const Decision* d = plan.DecisionOf(index)) {
      std::string text = status;
      const char* justification = VexJustificationName(d->justification);
      if (*justification != '\0')
        text += std::string(" (") + justification + ")";
      if (!d->by.empty())
        text += " by " + d->by;
      if (!d->reason.empty())
        text += ": " + d->reason;
      source("decision", text, "decisions");
    } else if (plan.vex.Decided(index)) {
      const VexStatement& v = store.vex()[plan.vex.statement[index]];
      std::string text = VexStatusName(v.status);
      if (!v.justification.empty())
        text += " (" + v.justification + ")";
      if (!v.author.empty())
        text += " by " + v.author;
      if (!v.statement.empty())
        text += ": " + v.statement;
      source("VEX", text, store.inputs()[v.input].name);
    } else {
      source(f.format, "the tool marks it " + status, input);
    }
  }
  std::vector<ValidationSource> own;
  AppendToolEvidence(f.evidence_flags, f.format, &own);
  for (const ValidationSource& v : own)
    source(v.source, v.evidence, input);
  const uint16_t proof = kEvidenceConfirmed | kEvidencePentest;
  if ((fa.evidence_flags & proof & ~f.evidence_flags) != 0) {
    source("exposure",
           (fa.evidence_flags & kEvidencePentest) != 0
               ? "a pentest result for the same exposure"
               : "another tool proved the same exposure",
           "");
  }
  w->EndArray();
  w->EndObject();
}

// Where a finding is: its component (a table's without type and purl),
// port, service and location.
void WritePlace(JsonWriter* w, const Finding& f, bool table) {
  const Component& c = f.component;
  if (!c.name.empty() || !c.path.empty()) {
    w->Key("component");
    w->BeginObject();
    w->OptionalString("name", c.name);
    w->OptionalString("installed", c.installed);
    w->OptionalString("fixed", c.fixed);
    if (!table)
      w->OptionalString("type", c.type);
    w->OptionalString("path", c.path);
    if (!table)
      w->OptionalString("purl", c.purl);
    w->EndObject();
  }
  // Port 0 is how host scanners mark host-level findings: no port at all.
  if (f.port != 0) {
    w->Key("port");
    w->Uint(f.port);
    w->OptionalString("protocol", f.protocol);
  }
  w->OptionalString("service", f.service);
  w->OptionalString("location", f.location);
}

// The VEX statement that decides finding `index` (core/plan/vex.h), as
// its "vex" member: status, justification, statement, action, author,
// timestamp, input (the file's name) and location, empty ones left out.
// Nothing when no statement applies.
void WriteFindingVex(JsonWriter* w,
                     const Store& store,
                     const Plan& plan,
                     size_t index) {
  if (!plan.vex.Decided(index))
    return;
  const VexStatement& s = store.vex()[plan.vex.statement[index]];
  w->Key("vex");
  w->BeginObject();
  w->Key("status");
  w->String(VexStatusName(s.status));
  w->OptionalString("justification", s.justification);
  w->OptionalString("statement", s.statement);
  w->OptionalString("action", s.action);
  w->OptionalString("author", s.author);
  w->OptionalString("timestamp", s.timestamp);
  w->Key("input");
  w->String(store.inputs()[s.input].name);
  w->OptionalString("location", s.location);
  w->EndObject();
}

// Finding `e.index` of the report's order: decoded from `record`, the
// copy the order carries when the finding's block was spilled, else read
// where it lies in its resident block. Valid until the reader's next call.
const Finding& ReadOrdered(FindingTable::Reader* reader,
                           const OrderEntry& e,
                           std::string_view record) {
  return e.copied ? reader->Decode(record, e.index)
                  : reader->ReadAt({e.block, e.offset}, e.index);
}

// `f` is finding `e.index`; `repeat` its number among the findings with
// its key (1 for the first). A table's finding has only the members listed
// at ReportDetail::kTable.
void WriteFinding(JsonWriter* w,
                  const Store& store,
                  const Assessment& assessment,
                  const Layout& l,
                  const Priorities& priorities,
                  const OrderEntry& e,
                  const Finding& f,
                  uint32_t repeat,
                  bool table) {
  const size_t index = e.index;
  w->BeginObject();
  w->Key("id");
  w->String(FindingId(e.key, repeat));
  w->Key("asset");
  if (f.asset == Finding::kNoAsset) {
    w->Null();
  } else {
    w->String(l.asset_ids[f.asset]);
  }
  w->Key("source");
  w->BeginObject();
  w->Key("format");
  w->String(f.format);
  if (!table) {
    w->Key("tool");
    w->String(f.tool);
  }
  w->Key("input");
  w->String(store.inputs()[f.input].name);
  w->EndObject();
  if (!table) {
    w->Key("category");
    w->String(CategoryName(f.category));
  }
  w->Key("rule_id");
  w->String(f.rule_id);
  w->Key("title");
  w->String(f.title);
  w->Key("severity");
  w->String(SeverityName(f.severity));
  if (!table)
    w->OptionalString("tool_severity", f.tool_severity);
  w->Key("status");
  w->String(l.plan->StatusName(index, f.status));
  if (const Decision* d = l.plan->DecisionOf(index)) {
    w->Key("triage");
    w->BeginObject();
    w->OptionalString("by", d->by);
    w->OptionalString("reason", d->reason);
    w->OptionalString("until", d->until);
    w->OptionalString("justification", VexJustificationName(d->justification));
    w->EndObject();
  }
  if (l.plan->expired[index]) {
    w->Key("decision_expired");
    w->Bool(true);
  }
  if (!table)
    WriteFindingVex(w, store, *l.plan, index);
  const FindingAssessment& fa = assessment.finding(index);
  WriteIntel(w, fa);
  WriteValidation(w, store, *l.plan, index, f, fa, table);
  w->Key("risk");
  w->Uint(static_cast<uint64_t>(fa.risk));
  // Whether the finding opens a way to a crown jewel, when the graph had
  // the data to say.
  if (const char* note =
          l.paths != nullptr ? FindingPathNote(*l.paths, index) : nullptr) {
    w->Key("attack_path");
    w->String(note);
  }
  w->Key("decision");
  w->String(Name(fa.decision));
  if (!table) {
    w->Key("cisa");
    w->String(Name(fa.cisa));
  }
  w->StringOrNull("due", assessment.Due(fa));
  w->Key("priority");
  w->String(PriorityId(priorities.id[assessment.finding_class[index]]));
  w->Key("exposure");
  {
    const uint32_t group = assessment.exposures.group_of[index];
    w->String(group == ExposureTable::kAlone ? LoneExposureId(l, f)
                                             : l.groups[group].id);
  }
  if (l.plan->action[index] != Plan::kNoAction) {
    w->Key("action");
    w->String(l.plan->actions[l.plan->action[index]].id);
  }
  w->StringArray("cves", f.cves);
  if (table) {
    WritePlace(w, f, true);
    w->EndObject();
    return;
  }
  if (!f.aliases.empty())
    w->StringArray("aliases", f.aliases);
  if (!f.cwes.empty())
    w->StringArray("cwes", f.cwes);
  if (!f.cvss.empty()) {
    w->Key("cvss");
    w->BeginArray();
    for (const CvssVector& c : f.cvss) {
      w->BeginObject();
      w->Key("version");
      w->String(c.version);
      w->Key("vector");
      w->String(c.vector);
      w->OptionalString("source", c.source);
      if (c.score_tenths >= 0) {
        w->Key("stated_score");
        w->Decimal(c.score_tenths, 1);
      }
      w->EndObject();
    }
    w->EndArray();
  }
  if ((f.evidence_flags & kEvidenceExploit) != 0) {
    w->Key("exploit_available");
    w->Bool(true);
  }
  WritePlace(w, f, false);
  w->Key("rule");
  w->String(l.rule_key(e.rule));
  if (e.own_texts) {
    // Texts that differ from the rule's are the finding's own.
    w->OptionalString("description", f.description);
    w->OptionalString("solution", f.solution);
    if (!f.references.empty())
      w->StringArray("references", f.references);
  }
  w->OptionalString("evidence", f.evidence);
  w->OptionalString("published", f.published);
  w->OptionalString("first_seen", f.first_seen);
  w->OptionalString("last_seen", f.last_seen);
  w->EndObject();
}

// Rule number `r` of the "rules" list (what its findings share:
// description, solution, references). `references` is scratch space.
void WriteRule(JsonWriter* w,
               const FindingTable& findings,
               const Layout& l,
               uint32_t r,
               std::vector<std::string>* references) {
  const Rule& rule = l.rules[r];
  const std::string_view key = l.rule_key(r);
  w->BeginObject();
  w->Key("id");
  w->String(key);
  w->Key("format");
  w->String(key.substr(0, rule.format_size));
  w->Key("rule_id");
  w->String(l.rule_id(r));
  w->OptionalString("description", rule.description);
  w->OptionalString("solution", rule.solution);
  findings.References(rule.references, references);
  if (!references->empty())
    w->StringArray("references", *references);
  w->EndObject();
}

// One side of a VEX conflict: which statement, and what it says.
void WriteVexSide(JsonWriter* w, const Store& store, uint32_t statement) {
  const VexStatement& s = store.vex()[statement];
  w->BeginObject();
  w->Key("input");
  w->String(store.inputs()[s.input].name);
  w->OptionalString("location", s.location);
  w->Key("status");
  w->String(VexStatusName(s.status));
  w->OptionalString("timestamp", s.timestamp);
  w->EndObject();
}

// The report's "vex" member, when some input has VEX statements: how many,
// the findings they decide by status, those that apply to no finding, and
// the conflicts (by finding id, then the statements' order).
void WriteVexSummary(JsonWriter* w, const Store& store, const Plan& plan) {
  const VexResults& vex = plan.vex;
  if (vex.statements == 0)
    return;
  w->Key("vex");
  w->BeginObject();
  w->Key("statements");
  w->Uint(vex.statements);
  w->Key("applied");
  w->BeginObject();
  for (int s = 0; s < kVexStatusCount; ++s) {
    w->Key(VexStatusName(static_cast<VexStatus>(s)));
    w->Uint(vex.applied[s]);
  }
  w->EndObject();
  w->Key("unmatched");
  w->Uint(vex.unmatched);
  std::vector<std::pair<std::string, const VexConflict*>> conflicts;
  conflicts.reserve(vex.conflicts.size());
  for (const VexConflict& c : vex.conflicts)
    conflicts.emplace_back(plan.ids.Id(c.finding), &c);
  std::sort(conflicts.begin(), conflicts.end(),
            [](const auto& a, const auto& b) {
              return std::tie(a.first, a.second->won, a.second->lost) <
                     std::tie(b.first, b.second->won, b.second->lost);
            });
  w->Key("conflicts");
  w->BeginArray();
  for (const auto& [id, c] : conflicts) {
    w->BeginObject();
    w->Key("finding");
    w->String(id);
    w->Key("won");
    WriteVexSide(w, store, c->won);
    w->Key("lost");
    WriteVexSide(w, store, c->lost);
    w->EndObject();
  }
  w->EndArray();
  w->EndObject();
}

// The summary's members of the plan: open findings and risk, actions,
// open findings no action removes, decided findings by status, and
// findings whose decision lapsed.
void WritePlanSummary(JsonWriter* w, const Plan& plan) {
  w->Key("open");
  w->Uint(plan.open);
  w->Key("open_risk");
  w->Uint(plan.open_risk);
  w->Key("actions");
  w->Uint(plan.actions.size());
  w->Key("without_action");
  w->Uint(plan.without_action);
  w->Key("decided");
  w->BeginObject();
  for (int d = 0; d < kDecisionStatusCount; ++d) {
    w->Key(DecisionStatusName(static_cast<DecisionStatus>(d)));
    w->Uint(plan.decided[d]);
  }
  w->EndObject();
  w->Key("decisions_expired");
  w->Uint(plan.expired_count);
}

}  // namespace

bool ParseReportDetail(std::string_view text, ReportDetail* detail) {
  if (text == "full") {
    *detail = ReportDetail::kFull;
  } else if (text == "table") {
    *detail = ReportDetail::kTable;
  } else {
    return false;
  }
  return true;
}

// Exposure group `g`: its asset, place, vulnerability ids (or rule),
// worst severity, highest risk and its top finding's priority, the tools
// that found it and (full detail) the findings.
void WriteExposure(JsonWriter* w,
                   const Assessment& assessment,
                   const Layout& l,
                   const Priorities& priorities,
                   const Layout::Group& g,
                   bool table) {
  w->BeginObject();
  w->Key("id");
  w->String(g.id);
  w->Key("asset");
  if (g.asset == Finding::kNoAsset) {
    w->Null();
  } else {
    w->String(l.asset_ids[g.asset]);
  }
  w->StringArray("cves", g.cves);
  if (!g.aliases.empty())
    w->StringArray("aliases", g.aliases);
  w->OptionalString("rule", g.rule_key);
  // Where on the asset: a port, a package, or (empty) the asset itself.
  w->Key("place");
  w->BeginObject();
  if (g.port != 0) {
    w->Key("port");
    w->Uint(g.port);
    w->OptionalString("protocol", g.protocol);
  }
  w->OptionalString("component", g.component);
  w->EndObject();
  w->Key("severity");
  w->String(SeverityName(static_cast<Severity>(g.severity)));
  w->Key("risk");
  w->Uint(g.risk);
  w->Key("priority");
  w->String(PriorityId(priorities.id[assessment.finding_class[g.top]]));
  w->StringArray("sources", g.sources);
  w->Key("findings");
  w->Uint(g.members.size());
  if (!table) {
    w->Key("found_by");
    w->BeginArray();
    for (size_t m = 0; m < g.members.size(); ++m)
      w->String(FindingId(g.keys[m], l.plan->ids.RepeatOf(g.members[m])));
    w->EndArray();
  }
  w->EndObject();
}

std::string RenderInputJson(const Store& store, size_t input) {
  std::string out;
  JsonWriter w(&out);
  WriteInput(&w, store.inputs()[input]);
  w.Flush();
  return out;
}

std::string RenderJsonReport(const Store& store,
                             const Assessment& assessment,
                             ReportLayout layout) {
  std::string out;
  // The whole report as one string is for analyses held in memory (tests,
  // small inputs); whoever must know that spilled findings could not be
  // read back renders with a sink.
  (void)RenderJsonReport(
      store, assessment, [&out](std::string_view piece) { out.append(piece); },
      ReportDetail::kFull, nullptr, nullptr, layout);
  return out;
}

// The report's sections, written in this order.
enum class ReportStream::Section : uint8_t {
  kHead,  // schema, tool, inputs, summary and the opening of "assets"
  kAssets,
  kRules,
  kPriorities,
  kFindings,
  kExposures,
  kActions,
  kDone,
};

struct ReportStream::State {
  State(const Store& s,
        const Assessment& a,
        ReportDetail detail,
        const Plan* given_plan,
        ReportLayout layout,
        const TaskRunner* r)
      : store(s),
        assessment(a),
        own_plan(given_plan ? nullptr
                            : std::make_unique<Plan>(MakePlan(s, a, {}))),
        plan(given_plan ? *given_plan : *own_plan),
        table(detail == ReportDetail::kTable),
        runner(r != nullptr && r->threads() > 1 ? r : nullptr),
        style(layout == ReportLayout::kIndented ? JsonWriter::Style::kIndented
                                                : JsonWriter::Style::kLines),
        w(&out, style) {}

  const Store& store;
  const Assessment& assessment;
  std::unique_ptr<Plan> own_plan;  // when none was given
  const Plan& plan;
  const bool table;
  const TaskRunner* const runner;  // null: one thread
  const JsonWriter::Style style;
  Layout l;
  std::vector<std::vector<const Service*>> services;  // by asset, sorted
  Priorities priorities;
  Explanation explanation;  // reused: its strings keep their storage
  std::vector<std::string> references;
  std::unique_ptr<FindingTable::Reader> reader;
  std::unique_ptr<ReportOrder::Reader> order;
  Section section = Section::kHead;
  size_t next = 0;  // the next element of the current section
  std::string out;
  JsonWriter w;
  // The findings' order has ended (a batch may see it end).
  bool order_ended = false;
  // One per task of a batch (StepBatch), reused from batch to batch.
  struct Part {
    std::string out;
    std::vector<size_t> ends;  // where each element of `out` ends
    Explanation explanation;
    std::vector<std::string> references;
    std::unique_ptr<FindingTable::Reader> reader;
  };
  std::vector<Part> parts;
  // A batch of findings: their order entries, and the records of those
  // whose block was spilled (copied), at record_at[i] in `records`.
  std::vector<OrderEntry> entries;
  std::vector<std::pair<size_t, size_t>> record_at;
  std::string records;
};

ReportStream::ReportStream(const Store& store,
                           const Assessment& assessment,
                           ReportDetail detail,
                           const Plan* plan,
                           const PathReport* paths,
                           ReportLayout layout,
                           const TaskRunner* runner)
    : s_(std::make_unique<State>(store,
                                 assessment,
                                 detail,
                                 plan,
                                 layout,
                                 runner)) {
  s_->out.reserve(kPieceBytes + 64 * 1024);
  s_->l = ComputeLayout(store, assessment, s_->plan);
  s_->l.paths = paths;
  s_->services.resize(store.assets().size());
  for (const Service& svc : store.services())
    s_->services[svc.asset].push_back(&svc);
  for (auto& list : s_->services) {
    std::sort(list.begin(), list.end(), [](const Service* a, const Service* b) {
      return std::tie(a->port, a->protocol) < std::tie(b->port, b->protocol);
    });
  }
}

ReportStream::~ReportStream() = default;

std::string_view ReportStream::Next() {
  State& s = *s_;
  if (s.section == Section::kDone)
    return {};
  // Whole elements (an asset, a rule, a finding, ...) at a time until the
  // piece is big enough, so a piece is never much over kPieceBytes.
  while (s.section != Section::kDone && s.w.size() < kPieceBytes) {
    if (!StepBatch())
      Step();
  }
  return s.w.Take();
}

// Elements of a list rendered at once by StepBatch: about a megabyte of
// rules or priorities, so that a batch's parts stay a piece's size.
constexpr size_t kBatchElements = 1024;

bool ReportStream::StepBatch() {
  State& s = *s_;
  if (s.runner == nullptr)
    return false;
  size_t count = 0;
  if (s.section == Section::kRules) {
    count = s.l.rules_by_key.size() - s.next;
  } else if (s.section == Section::kPriorities) {
    count = s.priorities.order.size() - s.next;
  } else if (s.section == Section::kFindings && !s.order_ended) {
    // The order is read here, on this thread; the findings' records are
    // decoded by the tasks, each with its own reader.
    s.entries.clear();
    s.record_at.clear();
    s.records.clear();
    while (s.entries.size() < kBatchElements) {
      if (!s.order->Next()) {
        s.order_ended = true;
        break;
      }
      const OrderEntry& e = s.order->entry();
      s.entries.push_back(e);
      if (e.copied) {
        const std::string_view record = s.order->record();
        s.record_at.emplace_back(s.records.size(), record.size());
        s.records.append(record);
      } else {
        s.record_at.emplace_back(0, 0);
      }
    }
    count = s.entries.size();
  } else {
    return false;
  }
  // Fewer than a batch left of a list: Step() ends it.
  if (count == 0 || (s.section != Section::kFindings && count < kBatchElements))
    return false;
  count = std::min(count, kBatchElements);
  // Tasks of contiguous elements, a few per thread so that one slow task
  // does not leave the others idle at the batch's end.
  const size_t tasks = std::min(s.runner->threads() * 4, count);
  if (s.parts.size() < tasks)
    s.parts.resize(tasks);
  const size_t first = s.next;
  RunTasks(s.runner, tasks, [&](size_t t) {
    State::Part& part = s.parts[t];
    part.out.clear();
    part.ends.clear();
    JsonWriter w(&part.out, s.style == JsonWriter::Style::kIndented
                                ? JsonWriter::Style::kIndented
                                : JsonWriter::Style::kCompact);
    const size_t begin = count * t / tasks;
    const size_t end = count * (t + 1) / tasks;
    for (size_t i = begin; i < end; ++i) {
      // A list of the report's root object: its elements are at depth 2.
      w.Nested(2);
      if (s.section == Section::kRules) {
        WriteRule(&w, *s.l.table, s.l, s.l.rules_by_key[first + i],
                  &part.references);
      } else if (s.section == Section::kPriorities) {
        WritePriorityElement(&w, s.assessment, s.priorities,
                             s.priorities.order[first + i], s.table,
                             &part.explanation);
      } else {
        if (part.reader == nullptr) {
          part.reader = std::make_unique<FindingTable::Reader>(*s.l.table);
        }
        const OrderEntry& e = s.entries[i];
        const Finding& f =
            ReadOrdered(part.reader.get(), e,
                        std::string_view(s.records).substr(
                            s.record_at[i].first, s.record_at[i].second));
        WriteFinding(&w, s.store, s.assessment, s.l, s.priorities, e, f,
                     s.l.plan->ids.RepeatOf(e.index), s.table);
      }
      part.ends.push_back(w.size());
    }
  });
  for (size_t t = 0; t < tasks; ++t) {
    const State::Part& part = s.parts[t];
    if (part.ends.empty())
      continue;
    const std::string_view bytes(part.out.data(), part.ends.back());
    size_t at = 0;
    for (size_t end : part.ends) {
      s.w.RawValue(bytes.substr(at, end - at));
      at = end;
    }
  }
  s.next = first + count;
  return true;
}

void ReportStream::Step() {
  State& s = *s_;
  JsonWriter& w = s.w;
  const Layout& l = s.l;
  switch (s.section) {
    case Section::kHead:
      WriteHead();
      OpenSection("assets", Section::kAssets);
      return;
    case Section::kAssets:
      if (s.next < l.asset_order.size()) {
        WriteAsset(&w, s.store, s.assessment, l, l.asset_order[s.next++],
                   s.services, s.table);
        return;
      }
      w.EndArray();
      if (s.table) {
        StartPriorities();
      } else {
        OpenSection("rules", Section::kRules);
      }
      return;
    case Section::kRules:
      if (s.next < l.rules_by_key.size()) {
        WriteRule(&w, *l.table, l, l.rules_by_key[s.next++], &s.references);
        return;
      }
      w.EndArray();
      StartPriorities();
      return;
    case Section::kPriorities:
      if (s.next < s.priorities.order.size()) {
        WritePriorityElement(&w, s.assessment, s.priorities,
                             s.priorities.order[s.next++], s.table,
                             &s.explanation);
        return;
      }
      w.EndArray();
      s.reader = std::make_unique<FindingTable::Reader>(s.store.findings());
      s.order = l.order->Read(true);
      OpenSection("findings", Section::kFindings);
      return;
    case Section::kFindings:
      if (!s.order_ended && s.order->Next()) {
        const OrderEntry& e = s.order->entry();
        const Finding& f = ReadOrdered(s.reader.get(), e, s.order->record());
        WriteFinding(&w, s.store, s.assessment, l, s.priorities, e, f,
                     l.plan->ids.RepeatOf(e.index), s.table);
        return;
      }
      w.EndArray();
      s.order.reset();
      s.reader.reset();
      OpenSection("exposures", Section::kExposures);
      return;
    case Section::kExposures:
      if (s.next < l.group_order.size()) {
        WriteExposure(&w, s.assessment, l, s.priorities,
                      l.groups[l.group_order[s.next++]], s.table);
        return;
      }
      w.EndArray();
      OpenSection("actions", Section::kActions);
      return;
    case Section::kActions:
      if (s.next < l.plan->actions.size()) {
        WriteActionJson(&w, l.plan->actions[s.next++], l.plan->ids,
                        l.asset_ids);
        return;
      }
      w.EndArray();
      if (l.paths != nullptr) {
        const PathNames names(s.store, s.assessment, s.plan, *l.paths);
        WritePathSections(&w, names);
      }
      w.EndObject();
      w.Raw("\n");
      s.section = Section::kDone;
      return;
    case Section::kDone:
      return;
  }
}

void ReportStream::StartPriorities() {
  s_->priorities = NumberPriorities(s_->assessment, s_->l);
  OpenSection("priorities", Section::kPriorities);
}

void ReportStream::OpenSection(const char* key, Section section) {
  s_->w.Key(key);
  s_->w.BeginArray();
  s_->section = section;
  s_->next = 0;
}

void ReportStream::WriteHead() {
  State& s = *s_;
  JsonWriter& w = s.w;
  const Store& store = s.store;
  const Assessment& assessment = s.assessment;
  w.BeginObject();
  w.Key("schema");
  w.String(kSchema);
  if (s.table) {
    w.Key("detail");
    w.String("table");
  }
  WriteToolMember(&w);

  w.Key("inputs");
  w.BeginArray();
  for (const Input& in : store.inputs())
    WriteInput(&w, in);
  w.EndArray();

  w.Key("summary");
  w.BeginObject();
  w.Key("findings");
  w.Uint(store.findings().size());
  w.Key("assets");
  w.Uint(store.assets().size());
  w.Key("services");
  w.Uint(store.services().size());
  w.Key("by_severity");
  w.BeginObject();
  for (int sev = kSeverityCount - 1; sev >= 0; --sev) {
    w.Key(SeverityName(static_cast<Severity>(sev)));
    w.Uint(s.l.by_severity[sev]);
  }
  w.EndObject();
  // Findings by validation level, "-1" (refuted) to "4" (confirmed).
  w.Key("by_validation");
  w.BeginObject();
  for (int level = kLevelRefuted; level <= kLevelConfirmed; ++level) {
    w.Key(std::to_string(level));
    w.Uint(s.l.by_level[level + 1]);
  }
  w.EndObject();
  w.Key("exposures");
  w.Uint(s.assessment.exposures.exposures);
  w.Key("cves");
  w.Uint(assessment.cves);
  w.Key("kev_cves");
  w.Uint(assessment.kev_cves);
  w.Key("as_of");
  if (assessment.as_of.empty()) {
    w.Null();
  } else {
    w.String(assessment.as_of);
  }
  WritePlanSummary(&w, *s.l.plan);
  WriteCoverageSummary(&w, assessment.coverage);
  w.EndObject();
  WriteCoverageMember(&w, store, assessment.coverage, s.l.asset_ids,
                      s.l.asset_order);
  if (!s.table)
    WriteVexSummary(&w, store, *s.l.plan);
}

Status ReportStream::status() const {
  // A spill space that fails to read back leaves the report short of
  // findings; the caller must not take it for a complete one.
  // The table is read first (laying out), the runs after.
  if (!s_->store.findings().spill_status().ok())
    return s_->store.findings().spill_status();
  return s_->l.order->status();
}

Status RenderJsonReport(const Store& store,
                        const Assessment& assessment,
                        const ReportSink& sink,
                        ReportDetail detail,
                        const Plan* plan,
                        const PathReport* paths,
                        ReportLayout layout,
                        const TaskRunner* runner) {
  ReportStream stream(store, assessment, detail, plan, paths, layout, runner);
  for (std::string_view piece = stream.Next(); !piece.empty();
       piece = stream.Next()) {
    sink(piece);
  }
  return stream.status();
}

}  // namespace exposure

namespace exposure {

struct ExportView::State {
  State(const Store& st, const Assessment& a, const Plan& p)
      : store(st), assessment(a), plan(p) {}
  const Store& store;
  const Assessment& assessment;
  const Plan& plan;
  Layout l;
  uint64_t open_by_severity[kSeverityCount] = {};
  uint64_t open_kev = 0;
  uint64_t open_risk_buckets[10] = {};
};

ExportView::ExportView(const Store& store,
                       const Assessment& assessment,
                       const Plan& plan)
    : s_(std::make_unique<State>(store, assessment, plan)) {
  s_->l = ComputeLayout(store, assessment, plan);
  FindingTable::Reader reader(store.findings(), FindingTable::kOther);
  for (size_t i = 0; i < store.findings().size(); ++i) {
    const Finding& f = reader.Read(i);
    if (!plan.IsOpen(i, f.status))
      continue;
    const FindingAssessment& fa = assessment.finding(i);
    s_->open_by_severity[static_cast<int>(f.severity)]++;
    s_->open_kev += fa.kev ? 1 : 0;
    s_->open_risk_buckets[std::min(fa.risk / 100, 9)]++;
  }
}

ExportView::~ExportView() = default;

const Store& ExportView::store() const {
  return s_->store;
}
const Assessment& ExportView::assessment() const {
  return s_->assessment;
}
const Plan& ExportView::plan() const {
  return s_->plan;
}
const std::string& ExportView::asset_id(size_t asset) const {
  return s_->l.asset_ids[asset];
}
const std::vector<size_t>& ExportView::asset_order() const {
  return s_->l.asset_order;
}
const uint64_t* ExportView::by_severity() const {
  return s_->l.by_severity;
}
const uint64_t* ExportView::open_by_severity() const {
  return s_->open_by_severity;
}
uint64_t ExportView::open_kev() const {
  return s_->open_kev;
}
const uint64_t* ExportView::open_risk_buckets() const {
  return s_->open_risk_buckets;
}

Status ExportView::ForEachFinding(
    const std::function<bool(const ExportFinding&)>& fn) const {
  const State& s = *s_;
  const Layout& l = s.l;
  FindingTable::Reader reader(s.store.findings());
  std::unique_ptr<ReportOrder::Reader> order = l.order->Read(true);
  std::string id;
  std::string exposure;
  while (order->Next()) {
    const OrderEntry& e = order->entry();
    const Finding& f = ReadOrdered(&reader, e, order->record());
    const size_t i = e.index;
    ExportFinding x;
    x.index = i;
    id = FindingId(e.key, s.plan.ids.RepeatOf(i));
    x.id = id;
    x.finding = &f;
    const FindingAssessment& fa = s.assessment.finding(i);
    x.assessment = &fa;
    if (f.asset != Finding::kNoAsset) {
      x.asset = &s.store.assets()[f.asset];
      x.asset_id = l.asset_ids[f.asset];
    }
    x.rule_key = l.rule_key(e.rule);
    x.input = s.store.inputs()[f.input].name;
    x.status = s.plan.StatusName(i, f.status);
    x.decision = s.plan.DecisionOf(i);
    x.decision_expired = s.plan.expired[i] != 0;
    x.due = s.assessment.Due(fa);
    const uint32_t group = s.assessment.exposures.group_of[i];
    if (group == ExposureTable::kAlone) {
      exposure = LoneExposureId(l, f);
      x.exposure_id = exposure;
    } else {
      x.exposure_id = l.groups[group].id;
    }
    if (s.plan.action[i] != Plan::kNoAction)
      x.action = &s.plan.actions[s.plan.action[i]];
    if (fa.cvss >= 0) {
      const ScoredVector& v =
          s.assessment.vectors[static_cast<size_t>(fa.cvss)];
      x.cvss_version = v.version;
      x.cvss_vector = v.vector;
    }
    x.open = s.plan.IsOpen(i, f.status);
    if (!fn(x))
      break;
  }
  if (!s.store.findings().spill_status().ok())
    return s.store.findings().spill_status();
  return l.order->status();
}

}  // namespace exposure
