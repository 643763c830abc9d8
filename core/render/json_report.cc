#include "core/render/json_report.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/app/analyzer.h"
#include "core/base/strings.h"
#include "core/base/text_pool.h"
#include "core/render/json_writer.h"

namespace exposure {

namespace {

constexpr const char* kSchema = "exposure-lens/report/v2";

void WriteInput(JsonWriter* w, const Input& in) {
  w->BeginObject();
  w->Key("name");
  w->String(in.name);
  w->StringOrNull("format", in.format);
  w->StringOrNull("compression", in.compression);
  w->Key("findings");
  w->Uint(in.findings);
  w->Key("assets");
  w->Uint(in.assets.size());
  w->Key("services");
  w->Uint(in.services.size());
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

// References as one string: each a 4-byte length, then its bytes. Exact
// for any bytes, and two lists are equal exactly when their encodings are.
void EncodeReferences(const std::vector<std::string>& refs, std::string* out) {
  out->clear();
  for (const std::string& r : refs) {
    uint32_t size = static_cast<uint32_t>(r.size());
    out->append(reinterpret_cast<const char*>(&size), sizeof(size));
    out->append(r);
  }
}

std::vector<std::string_view> DecodeReferences(std::string_view encoded) {
  std::vector<std::string_view> refs;
  while (encoded.size() >= sizeof(uint32_t)) {
    uint32_t size;
    std::memcpy(&size, encoded.data(), sizeof(size));
    encoded.remove_prefix(sizeof(size));
    refs.push_back(encoded.substr(0, size));
    encoded.remove_prefix(size);
  }
  return refs;
}

// Rule texts (description, solution, references) are the same for every
// record of one rule (a Nessus plugin on 5,000 hosts), so the report lists
// them once under "rules" and findings point to their rule. A finding whose
// texts differ from its rule's first occurrence carries its own copy.
struct Rule {
  std::string_view key;  // "format:rule_id", in Layout::pool
  size_t format_size = 0;
  std::string_view format() const { return key.substr(0, format_size); }
  std::string_view rule_id() const { return key.substr(format_size + 1); }
  // The texts of the rule's first finding in input order: description and
  // solution point into the Store's interned texts, references (encoded by
  // EncodeReferences) into Layout::pool.
  std::string_view description;
  std::string_view solution;
  std::string_view references;
};

// Ids, order and summary numbers, computed in one pass over the findings.
struct Layout {
  std::vector<std::string> asset_ids;  // by asset index
  std::vector<size_t> asset_order;     // asset indexes, report order
  // Finding indexes are 32-bit throughout (FindingTable, Assessment): at
  // millions of findings, every byte per finding counts.
  std::vector<uint32_t> finding_order;  // finding indexes, report order
  // A finding's id is "f-" + its key in hex, plus "-N" for the N-th record
  // with the same key (N > 1).
  std::vector<uint64_t> finding_keys;  // by finding index
  std::vector<uint32_t> finding_dup;   // by finding index: N, 1 for the first
  std::vector<uint32_t> finding_rule;  // by finding index: index in rules
  // By finding index: whether its description, solution or references
  // differ from its rule's (the report then shows the finding's own).
  std::vector<bool> own_texts;
  std::vector<Rule> rules;  // sorted by key
  TextPool pool;

  uint64_t by_severity[kSeverityCount] = {};
  std::vector<size_t> finding_counts;  // by asset
  std::vector<int> max_severity;       // by asset; -1 when it has none
};

// Interned texts are equal exactly when their views share storage.
bool SameView(std::string_view a, std::string_view b) {
  return a.data() == b.data() && a.size() == b.size();
}

// `asset_key` is the finding's asset's primary key ("-" for none).
uint64_t FindingKey(const Finding& f, std::string_view asset_key) {
  Fnv64 h;
  h.Add(f.format).Add(f.category).Add(f.rule_id);
  h.Add(asset_key);
  h.Add(uint64_t{f.port}).Add(f.protocol);
  h.Add(f.component.name).Add(f.component.installed).Add(f.component.path);
  h.Add(f.location);
  return h.value();
}

// The indexes 0..n-1 sorted by `less`.
template <typename Less>
std::vector<size_t> SortedIndexes(size_t n, Less less) {
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(), less);
  return order;
}

Layout ComputeLayout(const Store& store, const Assessment& assessment) {
  Layout l;
  const auto& assets = store.assets();
  l.asset_ids.resize(assets.size());
  std::vector<std::string> asset_keys(assets.size());
  for (size_t i = 0; i < assets.size(); ++i) {
    asset_keys[i] = Store::PrimaryKey(assets[i]);
    l.asset_ids[i] = "a-" + Fnv64().Add(asset_keys[i]).Hex();
  }
  l.asset_order = SortedIndexes(assets.size(), [&](size_t a, size_t b) {
    return std::tie(assets[a].name, l.asset_ids[a]) <
           std::tie(assets[b].name, l.asset_ids[b]);
  });
  // Position of each asset in report order: sorting findings by it is the
  // same as sorting by asset name, without string compares.
  std::vector<size_t> asset_rank(assets.size());
  for (size_t i = 0; i < l.asset_order.size(); ++i) {
    asset_rank[l.asset_order[i]] = i;
  }

  // Sorted as compact entries (risk, severity and asset rank packed in one
  // number) so most comparisons never touch a finding's texts.
  struct Entry {
    uint64_t primary;  // higher risk, then severity, then asset rank first
    uint32_t port;
    uint32_t rule;  // rank of the rule id (first-seen rule index until
                    // the rules are ranked)
    uint32_t index;
  };
  // The last tie-breakers, component name and location, packed in one
  // buffer while the layout is computed.
  struct TieText {
    size_t offset;
    uint32_t name_size;
    uint32_t location_size;
  };
  const FindingTable& findings = store.findings();
  const size_t n = findings.size();
  std::vector<Entry> entries(n);
  std::string tie_pool;
  std::vector<TieText> ties(n);
  std::vector<uint64_t>& keys = l.finding_keys;
  keys.resize(n);
  l.finding_rule.resize(n);
  l.finding_counts.assign(assets.size(), 0);
  l.max_severity.assign(assets.size(), -1);
  l.own_texts.assign(n, false);
  // Rules, each described by the first of its findings in input order.
  std::unordered_map<std::string_view, size_t> rule_index;
  std::string rule_key;
  std::string references;
  FindingTable::Reader reader(findings, FindingTable::kIdentity);
  for (size_t i = 0; i < n; ++i) {
    const Finding& f = reader.Read(i);
    const bool has_asset = f.asset != Finding::kNoAsset;
    keys[i] = FindingKey(f, has_asset ? asset_keys[f.asset] : "-");
    rule_key = f.format;
    rule_key += ':';
    rule_key += f.rule_id;
    EncodeReferences(f.references, &references);
    auto it = rule_index.find(rule_key);
    if (it == rule_index.end()) {
      Rule rule;
      rule.key = l.pool.Add(rule_key);
      rule.format_size = f.format.size();
      rule.description = f.description;
      rule.solution = f.solution;
      rule.references = l.pool.Add(references);
      it = rule_index.emplace(rule.key, l.rules.size()).first;
      l.rules.push_back(rule);
    } else {
      // Interned texts are equal exactly when their views share storage.
      const Rule& rule = l.rules[it->second];
      l.own_texts[i] = !SameView(f.description, rule.description) ||
                       !SameView(f.solution, rule.solution) ||
                       references != rule.references;
    }
    // First-seen index; remapped below.
    l.finding_rule[i] = static_cast<uint32_t>(it->second);

    uint64_t risk = static_cast<uint64_t>(assessment.finding(i).risk);
    uint64_t severity = static_cast<uint64_t>(f.severity);
    uint64_t rank = has_asset ? asset_rank[f.asset] : assets.size();
    entries[i] = {((1023 - risk) << 40) | ((7 - severity) << 37) | rank, f.port,
                  static_cast<uint32_t>(it->second), static_cast<uint32_t>(i)};
    ties[i] = {tie_pool.size(), static_cast<uint32_t>(f.component.name.size()),
               static_cast<uint32_t>(f.location.size())};
    tie_pool += f.component.name;
    tie_pool += f.location;

    l.by_severity[static_cast<int>(f.severity)]++;
    if (has_asset) {
      l.finding_counts[f.asset]++;
      l.max_severity[f.asset] =
          std::max(l.max_severity[f.asset], static_cast<int>(f.severity));
    }
  }

  std::vector<size_t> by_key = SortedIndexes(
      l.rules.size(),
      [&](size_t a, size_t b) { return l.rules[a].key < l.rules[b].key; });
  std::vector<size_t> new_index(l.rules.size());
  std::vector<Rule> sorted;
  sorted.reserve(l.rules.size());
  for (size_t i = 0; i < by_key.size(); ++i) {
    new_index[by_key[i]] = i;
    sorted.push_back(l.rules[by_key[i]]);
  }
  l.rules = std::move(sorted);
  for (uint32_t& r : l.finding_rule)
    r = static_cast<uint32_t>(new_index[r]);
  // Rule ids repeat (a plugin on 5,000 hosts): rank them through the few
  // distinct rules, so the sort compares numbers instead of strings. Rules
  // of different formats with the same id share a rank.
  // With one format (the usual case), the rules, sorted by "format:id",
  // are already in id order and their ids distinct: rank = position.
  const bool one_format = std::all_of(
      l.rules.begin(), l.rules.end(),
      [&](const Rule& r) { return r.format() == l.rules.front().format(); });
  std::vector<uint32_t> rule_rank(l.rules.size());
  if (one_format) {
    for (size_t i = 0; i < rule_rank.size(); ++i)
      rule_rank[i] = static_cast<uint32_t>(i);
  } else {
    std::vector<size_t> by_id =
        SortedIndexes(l.rules.size(), [&](size_t a, size_t b) {
          return l.rules[a].rule_id() < l.rules[b].rule_id();
        });
    uint32_t rank = 0;
    for (size_t i = 0; i < by_id.size(); ++i) {
      if (i > 0 &&
          l.rules[by_id[i]].rule_id() != l.rules[by_id[i - 1]].rule_id())
        ++rank;
      rule_rank[by_id[i]] = rank;
    }
  }
  for (Entry& e : entries)
    e.rule = rule_rank[new_index[e.rule]];

  auto name_of = [&](uint32_t i) {
    return std::string_view(tie_pool.data() + ties[i].offset,
                            ties[i].name_size);
  };
  auto location_of = [&](uint32_t i) {
    return std::string_view(
        tie_pool.data() + ties[i].offset + ties[i].name_size,
        ties[i].location_size);
  };
  // Highest risk first, then most severe; ties broken by stable,
  // content-derived fields (port, rule id, component, location, key), then
  // by input order, so the order never depends on hashing. Input order is
  // the last key rather than stable_sort's doing: std::sort needs no buffer
  // of half the entries.
  std::sort(entries.begin(), entries.end(),
            [&](const Entry& a, const Entry& b) {
              if (a.primary != b.primary)
                return a.primary < b.primary;
              if (a.port != b.port)
                return a.port < b.port;
              if (a.rule != b.rule)
                return a.rule < b.rule;
              std::string_view an = name_of(a.index);
              std::string_view bn = name_of(b.index);
              if (an != bn)
                return an < bn;
              std::string_view al = location_of(a.index);
              std::string_view bl = location_of(b.index);
              if (al != bl)
                return al < bl;
              if (keys[a.index] != keys[b.index])
                return keys[a.index] < keys[b.index];
              return a.index < b.index;
            });
  l.finding_order.resize(n);
  for (size_t i = 0; i < entries.size(); ++i)
    l.finding_order[i] = entries[i].index;
  // The sort's inputs are the largest buffers here: release them before
  // the numbering below allocates its own.
  std::vector<Entry>().swap(entries);
  std::vector<TieText>().swap(ties);
  std::string().swap(tie_pool);

  // Records identical in every identifying field get -2, -3, ... in report
  // order, so ids stay unique and reproducible. Sorting (key, position)
  // pairs puts each key's records together in report order, in 16 bytes a
  // finding where a hash map of counts took about 40.
  l.finding_dup.resize(n);
  {
    std::vector<std::pair<uint64_t, uint32_t>> by_identity(n);
    for (size_t p = 0; p < n; ++p)
      by_identity[p] = {keys[l.finding_order[p]], static_cast<uint32_t>(p)};
    std::sort(by_identity.begin(), by_identity.end());
    uint32_t run = 0;
    for (size_t k = 0; k < n; ++k) {
      run = (k > 0 && by_identity[k].first == by_identity[k - 1].first)
                ? run + 1
                : 1;
      l.finding_dup[l.finding_order[by_identity[k].second]] = run;
    }
  }

  return l;
}

void WriteAsset(JsonWriter* w,
                const Store& store,
                const Assessment& assessment,
                const Layout& l,
                size_t index,
                const std::vector<std::vector<const Service*>>& services) {
  const Asset& a = store.assets()[index];
  w->BeginObject();
  w->Key("id");
  w->String(l.asset_ids[index]);
  w->Key("name");
  w->String(a.name);
  w->Key("kind");
  w->String(a.kind);
  w->Key("identities");
  w->BeginObject();
  w->OptionalString("ip", a.ids.ip);
  w->OptionalString("hostname", a.ids.hostname);
  w->OptionalString("fqdn", a.ids.fqdn);
  w->OptionalString("mac", a.ids.mac);
  w->OptionalString("cloud_id", a.ids.cloud_id);
  w->OptionalString("image", a.ids.image);
  w->OptionalString("repository", a.ids.repository);
  w->OptionalString("kubernetes", a.ids.k8s);
  w->OptionalString("url", a.ids.url);
  w->EndObject();
  w->OptionalString("os", a.os);
  if (!a.tags.empty())
    w->StringArray("tags", a.tags);
  const AssetAssessment& aa = assessment.assets[index];
  w->Key("criticality");
  w->String(Name(aa.criticality));
  w->Key("exposure");
  w->String(Name(aa.exposure));
  w->Key("exposure_evidence");
  w->String(aa.exposure_evidence);
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
                   const Explanation& e) {
  WriteIntel(w, fa);
  w->Key("risk");
  w->BeginObject();
  w->Key("score");
  w->Uint(static_cast<uint64_t>(fa.risk));
  w->Key("basis");
  w->String(e.severity_basis);
  if (!e.cvss_vector.empty()) {
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
  for (uint32_t i : l.finding_order) {
    uint32_t c = assessment.finding_class[i];
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

void WriteFinding(JsonWriter* w,
                  const Store& store,
                  const Assessment& assessment,
                  const Layout& l,
                  const Priorities& priorities,
                  size_t index,
                  FindingTable::Reader* reader) {
  const Finding& f = reader->Read(index);
  w->BeginObject();
  w->Key("id");
  {
    std::string id = "f-";
    id += Fnv64Hex(l.finding_keys[index]);
    if (l.finding_dup[index] > 1) {
      id += '-';
      id += std::to_string(l.finding_dup[index]);
    }
    w->String(id);
  }
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
  w->Key("tool");
  w->String(f.tool);
  w->Key("input");
  w->String(store.inputs()[f.input].name);
  w->EndObject();
  w->Key("category");
  w->String(f.category);
  w->Key("rule_id");
  w->String(f.rule_id);
  w->Key("title");
  w->String(f.title);
  w->Key("severity");
  w->String(SeverityName(f.severity));
  w->OptionalString("tool_severity", f.tool_severity);
  w->Key("status");
  w->String(f.status);
  const FindingAssessment& fa = assessment.finding(index);
  WriteIntel(w, fa);
  w->Key("risk");
  w->Uint(static_cast<uint64_t>(fa.risk));
  w->Key("decision");
  w->String(Name(fa.decision));
  w->Key("cisa");
  w->String(Name(fa.cisa));
  w->StringOrNull("due", assessment.Due(fa));
  w->Key("priority");
  w->String(PriorityId(priorities.id[assessment.finding_class[index]]));
  w->StringArray("cves", f.cves);
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
  if (f.exploit_available) {
    w->Key("exploit_available");
    w->Bool(true);
  }
  const Component& c = f.component;
  if (!c.name.empty() || !c.path.empty()) {
    w->Key("component");
    w->BeginObject();
    w->OptionalString("name", c.name);
    w->OptionalString("installed", c.installed);
    w->OptionalString("fixed", c.fixed);
    w->OptionalString("type", c.type);
    w->OptionalString("path", c.path);
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
  w->Key("rule");
  const Rule& rule = l.rules[l.finding_rule[index]];
  w->String(rule.key);
  if (l.own_texts[index]) {
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

}  // namespace

std::string RenderInputJson(const Store& store, size_t input) {
  std::string out;
  JsonWriter w(&out);
  WriteInput(&w, store.inputs()[input]);
  w.Flush();
  return out;
}

std::string RenderJsonReport(const Store& store, const Assessment& assessment) {
  std::string out;
  RenderJsonReport(store, assessment,
                   [&out](std::string_view piece) { out.append(piece); });
  return out;
}

void RenderJsonReport(const Store& store,
                      const Assessment& assessment,
                      const ReportSink& sink) {
  Layout l = ComputeLayout(store, assessment);
  const size_t asset_count = store.assets().size();

  std::vector<std::vector<const Service*>> services(asset_count);
  for (const Service& s : store.services())
    services[s.asset].push_back(&s);
  for (auto& list : services) {
    std::sort(list.begin(), list.end(), [](const Service* a, const Service* b) {
      return std::tie(a->port, a->protocol) < std::tie(b->port, b->protocol);
    });
  }

  // The report is handed out in pieces of about kFlushBytes, so a report
  // larger than the input never has to exist in memory as a whole.
  constexpr size_t kFlushBytes = size_t{1} << 20;
  std::string out;
  out.reserve(kFlushBytes + 64 * 1024);
  JsonWriter w(&out);
  auto flush = [&](bool force) {
    if (force || w.size() >= kFlushBytes)
      sink(w.Take());
  };
  w.BeginObject();
  w.Key("schema");
  w.String(kSchema);
  w.Key("tool");
  w.BeginObject();
  w.Key("name");
  w.String("Exposure Lens");
  w.Key("version");
  w.String(kVersion);
  w.EndObject();

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
  w.Uint(asset_count);
  w.Key("services");
  w.Uint(store.services().size());
  w.Key("by_severity");
  w.BeginObject();
  for (int s = kSeverityCount - 1; s >= 0; --s) {
    w.Key(SeverityName(static_cast<Severity>(s)));
    w.Uint(l.by_severity[s]);
  }
  w.EndObject();
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
  w.EndObject();

  w.Key("assets");
  w.BeginArray();
  for (size_t i : l.asset_order) {
    WriteAsset(&w, store, assessment, l, i, services);
    flush(false);
  }
  w.EndArray();

  w.Key("rules");
  w.BeginArray();
  for (const Rule& r : l.rules) {
    w.BeginObject();
    w.Key("id");
    w.String(r.key);
    w.Key("format");
    w.String(r.format());
    w.Key("rule_id");
    w.String(r.rule_id());
    w.OptionalString("description", r.description);
    w.OptionalString("solution", r.solution);
    if (!r.references.empty()) {
      w.Key("references");
      w.BeginArray();
      for (std::string_view ref : DecodeReferences(r.references))
        w.String(ref);
      w.EndArray();
    }
    w.EndObject();
    flush(false);
  }
  w.EndArray();

  Priorities priorities = NumberPriorities(assessment, l);
  w.Key("priorities");
  w.BeginArray();
  Explanation explanation;  // reused: its strings keep their storage
  for (uint32_t c : priorities.order) {
    w.BeginObject();
    w.Key("id");
    w.String(PriorityId(priorities.id[c]));
    Explain(assessment, c, &explanation);
    WritePriority(&w, assessment, assessment.distinct[c], explanation);
    w.EndObject();
    flush(false);
  }
  w.EndArray();

  w.Key("findings");
  w.BeginArray();
  FindingTable::Reader reader(store.findings());
  for (uint32_t i : l.finding_order) {
    WriteFinding(&w, store, assessment, l, priorities, i, &reader);
    flush(false);
  }
  w.EndArray();
  w.EndObject();
  w.Raw("\n");
  flush(true);
}

}  // namespace exposure
