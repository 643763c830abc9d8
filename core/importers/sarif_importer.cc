#include "core/importers/sarif_importer.h"

#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/json/json_importer.h"
#include "core/import/json/json_records.h"
#include "core/import/json/json_tokenizer.h"
#include "core/importers/sniff_util.h"
#include "core/importers/text_util.h"

namespace exposure {

namespace {

// Longest message or snippet kept as evidence.
constexpr size_t kMaxEvidenceBytes = 8 * 1024;
// A run's findings wait for the end of the run (its repository may follow
// the results); past this many they are emitted early so memory stays
// bounded, with the asset known at that point.
constexpr size_t kMaxPendingFindings = 20000;

// The text of a SARIF message or multiformat string object.
std::string MessageText(const JsonValue& m) {
  std::string text = JsonStr(m, "text");
  if (text.empty())
    text = JsonStr(m, "markdown");
  return text;
}

// "{0} flows to {1}" with arguments filled in.
std::string FillArguments(const std::string& pattern, const JsonValue& args) {
  if (!args.is_array())
    return pattern;
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      size_t close = pattern.find('}', i);
      uint32_t n = 0;
      if (close != std::string::npos &&
          ParseUint32(std::string_view(pattern).substr(i + 1, close - i - 1),
                      &n) &&
          n < args.size() && args[n].is_string()) {
        out += args[n].get<std::string>();
        i = close;
        continue;
      }
    }
    out += pattern[i];
  }
  return out;
}

struct Rule {  // NOLINT(bugprone-exception-escape): plain strings only
  std::string id;
  std::string name;
  std::string short_description;
  std::string full_description;
  std::string help;
  std::string help_uri;
  std::string default_level;
  std::string security_severity;
  std::string problem_severity;
  std::vector<std::string> cwes;
  std::vector<std::string> tags;
  JsonDoc message_strings;  // a copy: rules outlive their record
  // The description and solution every finding of the rule gets, interned
  // by its first finding, so later ones neither copy nor hash the texts.
  mutable bool interned = false;
  mutable std::string_view interned_description;
  mutable std::string_view interned_solution;
};

Rule ParseRule(const JsonValue& r) {
  Rule rule;
  rule.id = JsonStr(r, "id");
  rule.name = JsonStr(r, "name");
  rule.short_description = MessageText(JsonGet(r, "shortDescription"));
  rule.full_description = MessageText(JsonGet(r, "fullDescription"));
  rule.help = MessageText(JsonGet(r, "help"));
  rule.help_uri = JsonStr(r, "helpUri");
  rule.default_level = JsonStr(JsonGet(r, "defaultConfiguration"), "level");
  const JsonValue& props = JsonGet(r, "properties");
  rule.security_severity = JsonStr(props, "security-severity");
  rule.problem_severity = JsonStr(props, "problem.severity");
  const JsonValue& tags = JsonGet(props, "tags");
  if (tags.is_array()) {
    for (const JsonValue& t : tags) {
      if (!t.is_string())
        continue;
      std::string tag = t.get<std::string>();
      AddCwesFromText(tag, &rule.cwes);
      rule.tags.push_back(std::move(tag));
    }
  }
  const JsonValue& cwe = JsonGet(props, "cwe");
  if (cwe.is_string()) {
    AddCwesFromText(cwe.get<std::string>(), &rule.cwes);
  } else if (cwe.is_array()) {
    for (const JsonValue& c : cwe) {
      if (c.is_string())
        AddCwesFromText(c.get<std::string>(), &rule.cwes);
    }
  }
  const JsonValue& rels = JsonGet(r, "relationships");
  if (rels.is_array()) {
    for (const JsonValue& rel : rels) {
      const JsonValue& target = JsonGet(rel, "target");
      std::string component =
          ToLower(JsonStr(JsonGet(target, "toolComponent"), "name"));
      if (component == "cwe")
        AddCwe(JsonStr(target, "id"), &rule.cwes);
    }
  }
  const JsonValue& strings = JsonGet(r, "messageStrings");
  if (strings.is_object())
    rule.message_strings = JsonDoc::Clone(strings);
  return rule;
}

// A tool component's rules, by position and by id.
struct Component {
  std::vector<Rule> rules;
  std::map<std::string, size_t> by_id;
};

// What a result says that needs its rule to be completed.
struct Pending {
  Finding finding;
  std::string rule_id;
  int64_t rule_index = -1;
  int64_t component = -1;  // -1: the driver, else an extension index
  std::string level;
  std::string security_severity;
  std::string properties_severity;
  std::string message_id;
  JsonDoc message_arguments;  // a copy: results wait for their run
  std::string snippet;
  std::string justification;  // of the suppression in effect
};

class SarifImporter : public JsonImporter {
 public:
  explicit SarifImporter(ImportSink* sink) : sink_(sink) {}

 private:
  Status Check() override {
    if (records_.root_type() != '{')
      return Status::Error("not a SARIF log: the root is not an object");
    if (!seen_runs_)
      return Status::Error("not a SARIF log: no \"runs\" member");
    return Status::Ok();
  }

  bool Want(const std::string& path) override {
    return path == "$.version" || path == "$.runs[].results[]" ||
           path == "$.runs[].tool.driver.rules[]" ||
           path == "$.runs[].tool.extensions[].rules[]" ||
           path == "$.runs[].tool.driver.name" ||
           path == "$.runs[].tool.driver.version" ||
           path == "$.runs[].tool.driver.semanticVersion" ||
           path == "$.runs[].versionControlProvenance" ||
           path == "$.runs[].automationDetails";
  }

  Status OnEnter(const std::string& path) override {
    if (path == "$.runs") {
      seen_runs_ = true;
    } else if (path == "$.runs[]") {
      StartRun();
    } else if (path == "$.runs[].tool.extensions[]") {
      extensions_.emplace_back();
    }
    return Status::Ok();
  }

  Status OnLeave(const std::string& path) override {
    if (path == "$.runs[]") {
      Flush();
      asset_known_ = false;
    } else if (path == "$.runs[].tool") {
      tool_done_ = true;
    }
    return Status::Ok();
  }

  Status OnValue(const std::string& path, const JsonValue& v) override {
    if (path == "$.version") {
      std::string version = v.is_string() ? v.get<std::string>() : "";
      if (!version.empty() && !StartsWith(version, "2.")) {
        return Status::Error("unsupported SARIF version " + version +
                             " (2.1.0 is read)");
      }
    } else if (path == "$.runs[].results[]") {
      if (v.is_object())
        AddResult(v);
    } else if (path == "$.runs[].tool.driver.rules[]") {
      if (v.is_object())
        AddRule(&driver_, v);
    } else if (path == "$.runs[].tool.extensions[].rules[]") {
      if (v.is_object() && !extensions_.empty())
        AddRule(&extensions_.back(), v);
    } else if (path == "$.runs[].tool.driver.name") {
      tool_name_ = v.is_string() ? v.get<std::string>() : "";
    } else if (path == "$.runs[].tool.driver.version" ||
               path == "$.runs[].tool.driver.semanticVersion") {
      if (tool_version_.empty() && v.is_string())
        tool_version_ = v.get<std::string>();
    } else if (path == "$.runs[].versionControlProvenance") {
      if (v.is_array()) {
        for (const JsonValue& vcp : v) {
          std::string uri = JsonStr(vcp, "repositoryUri");
          if (!uri.empty()) {
            repository_ = uri;
            break;
          }
        }
      }
    } else if (path == "$.runs[].automationDetails") {
      automation_id_ = JsonStr(v, "id");
    }
    return Status::Ok();
  }

  void StartRun() {
    driver_ = Component();
    extensions_.clear();
    tool_name_.clear();
    tool_version_.clear();
    repository_.clear();
    automation_id_.clear();
    tool_done_ = false;
    asset_known_ = false;
    pending_.clear();
  }

  static void AddRule(Component* c, const JsonValue& v) {
    Rule rule = ParseRule(v);
    if (!rule.id.empty())
      c->by_id.emplace(rule.id, c->rules.size());
    c->rules.push_back(std::move(rule));
  }

  void AddResult(const JsonValue& r) {
    std::string kind = JsonStr(r, "kind");
    if (kind == "pass" || kind == "notApplicable")
      return;
    // Built in place at the end of pending_ (a deque: the copies for further
    // locations are pushed after it without moving it).
    pending_.emplace_back();
    Pending& p = pending_.back();
    Finding& f = p.finding;
    p.rule_id = JsonStr(r, "ruleId");
    const JsonValue& rule_ref = JsonGet(r, "rule");
    if (p.rule_id.empty())
      p.rule_id = JsonStr(rule_ref, "id");
    const JsonValue& index = JsonGet(r, "ruleIndex");
    if (index.is_number_integer()) {
      p.rule_index = index.get<int64_t>();
    } else if (JsonGet(rule_ref, "index").is_number_integer()) {
      p.rule_index = JsonGet(rule_ref, "index").get<int64_t>();
    }
    const JsonValue& comp =
        JsonGet(JsonGet(rule_ref, "toolComponent"), "index");
    if (comp.is_number_integer())
      p.component = comp.get<int64_t>();
    p.level = JsonStr(r, "level");
    if (kind == "informational" && p.level.empty())
      p.level = "none";
    const JsonValue& props = JsonGet(r, "properties");
    p.security_severity = JsonStr(props, "security-severity");
    p.properties_severity = JsonStr(props, "severity");
    const JsonValue& message = JsonGet(r, "message");
    f.evidence = MessageText(message);
    p.message_id = JsonStr(message, "id");
    p.message_arguments = JsonDoc::Clone(JsonGet(message, "arguments"));

    // Status: the first suppression in effect (accepted, or with no status;
    // "underReview" and "rejected" ones are not). Snyk Code marks an ignore
    // of category "not-vulnerable" as a false positive.
    const JsonValue& suppressions = JsonGet(r, "suppressions");
    if (suppressions.is_array()) {
      for (const JsonValue& s : suppressions) {
        std::string status = JsonStr(s, "status");
        if (status == "rejected" || status == "underReview")
          continue;
        std::string category = JsonStr(JsonGet(s, "properties"), "category");
        f.status = category == "not-vulnerable" ? FindingStatus::kFalsePositive
                                                : FindingStatus::kSuppressed;
        p.justification = JsonStr(s, "justification");
        break;
      }
    }
    if (JsonStr(r, "baselineState") == "absent")
      f.status = FindingStatus::kFixed;

    // CWE ids given per result (taxa) and CVEs in the rule id.
    const JsonValue& taxa = JsonGet(r, "taxa");
    if (taxa.is_array()) {
      for (const JsonValue& t : taxa) {
        std::string component =
            ToLower(JsonStr(JsonGet(t, "toolComponent"), "name"));
        if (component == "cwe")
          AddCwe(JsonStr(t, "id"), &f.cwes);
      }
    }
    const JsonValue& provenance = JsonGet(r, "provenance");
    f.first_seen = JsonStr(provenance, "firstDetectionTimeUtc");
    f.last_seen = JsonStr(provenance, "lastDetectionTimeUtc");
    const JsonValue& host = JsonGet(r, "hostedViewerUri");
    if (host.is_string())
      f.references.push_back(host.get<std::string>());

    const JsonValue& locations = JsonGet(r, "locations");
    std::vector<std::pair<std::string, std::string>> where;
    if (locations.is_array()) {
      for (const JsonValue& loc : locations) {
        where.push_back(LocationOf(loc));
      }
    }
    if (where.empty())
      where.emplace_back();
    // One finding per location, in order: the record itself takes the
    // first, copies of it the others.
    for (size_t i = 1; i < where.size(); ++i) {
      pending_.push_back(p);
      pending_.back().finding.location = std::move(where[i].first);
      pending_.back().snippet = std::move(where[i].second);
    }
    p.finding.location = std::move(where.front().first);
    p.snippet = std::move(where.front().second);
    if (pending_.size() > kMaxPendingFindings && tool_done_)
      Flush();
  }

  // "path:line" (or a logical name) and the snippet of one location.
  static std::pair<std::string, std::string> LocationOf(const JsonValue& loc) {
    const JsonValue& phys = JsonGet(loc, "physicalLocation");
    std::string uri = JsonStr(JsonGet(phys, "artifactLocation"), "uri");
    const JsonValue& region = JsonGet(phys, "region");
    std::string line = JsonStr(region, "startLine");
    std::string snippet = JsonStr(JsonGet(region, "snippet"), "text");
    if (snippet.empty()) {
      snippet =
          JsonStr(JsonGet(JsonGet(phys, "contextRegion"), "snippet"), "text");
    }
    std::string text = uri;
    if (!line.empty())
      text += ":" + line;
    if (text.empty()) {
      const JsonValue& logical = JsonGet(loc, "logicalLocations");
      if (logical.is_array() && !logical.empty()) {
        text = JsonStr(logical[0], "fullyQualifiedName");
        if (text.empty())
          text = JsonStr(logical[0], "name");
      }
    }
    return {text, snippet};
  }

  const Rule* FindRule(const Pending& p) const {
    const Component* c = &driver_;
    if (p.component >= 0) {
      if (static_cast<size_t>(p.component) >= extensions_.size())
        return nullptr;
      c = &extensions_[static_cast<size_t>(p.component)];
    }
    if (p.rule_index >= 0 &&
        static_cast<size_t>(p.rule_index) < c->rules.size()) {
      return &c->rules[static_cast<size_t>(p.rule_index)];
    }
    if (p.rule_id.empty())
      return nullptr;
    auto it = c->by_id.find(p.rule_id);
    if (it != c->by_id.end())
      return &c->rules[it->second];
    if (p.component < 0) {
      // "ruleId" without a component may name an extension's rule.
      for (const Component& e : extensions_) {
        auto e_it = e.by_id.find(p.rule_id);
        if (e_it != e.by_id.end())
          return &e.rules[e_it->second];
      }
      // Hierarchical ids ("CA2101/1") fall back to their base rule.
      size_t slash = p.rule_id.find('/');
      if (slash != std::string::npos) {
        auto base = c->by_id.find(p.rule_id.substr(0, slash));
        if (base != c->by_id.end())
          return &c->rules[base->second];
      }
    }
    return nullptr;
  }

  // `secret_tool`: whether the tool is a secret scanner (by its name).
  void Complete(Pending* p, bool secret_tool) {
    Finding& f = p->finding;
    const Rule* rule = FindRule(*p);
    static const Rule kNoRule;
    f.tool = tool_name_;
    f.rule_id = !p->rule_id.empty() ? p->rule_id
                : rule != nullptr   ? rule->id
                                    : std::string();
    if (f.rule_id.empty() && rule == nullptr) {
      // Some producers (gitleaks 7) omit ruleId; their message starts with
      // the rule's id ("AWS Access Key secret detected").
      for (const Rule& candidate : driver_.rules) {
        if (!candidate.id.empty() && StartsWith(f.evidence, candidate.id) &&
            candidate.id.size() > f.rule_id.size()) {
          f.rule_id = candidate.id;
          rule = &candidate;
        }
      }
    }
    const Rule& r = rule != nullptr ? *rule : kNoRule;

    if (f.evidence.empty() && !p->message_id.empty() &&
        r.message_strings.root().is_object()) {
      f.evidence = FillArguments(
          MessageText(JsonGet(r.message_strings.root(), p->message_id)),
          p->message_arguments.root());
    }

    // Title: the rule's short description or name, else the message.
    f.title = r.short_description;
    if (f.title.empty() && r.name != f.rule_id)
      f.title = r.name;
    if (f.title.empty()) {
      std::string_view msg = Trim(f.evidence);
      f.title = std::string(msg.substr(0, msg.find('\n')));
      if (f.title.size() > 200)
        f.title = Bounded(f.title, 200);
    }
    if (f.title.empty())
      f.title = f.rule_id;

    // Severity: a security-severity score wins, then the tool's own
    // severity property, then the SARIF level (default "warning").
    Severity sev = Severity::kMedium;
    std::string security = !p->security_severity.empty() ? p->security_severity
                                                         : r.security_severity;
    bool set = false;
    if (!security.empty()) {
      if (SeverityFromScore(security, &sev) || ParseSeverity(security, &sev)) {
        f.tool_severity = "security-severity " + security;
        set = true;
      }
    }
    if (!set && !p->properties_severity.empty() &&
        ParseSeverity(p->properties_severity, &sev)) {
      f.tool_severity = p->properties_severity;
      set = true;
    }
    if (!set) {
      std::string level = p->level;
      if (level.empty())
        level = r.problem_severity == "recommendation" ? "note"
                                                       : r.problem_severity;
      if (level.empty())
        level = r.default_level;
      if (level.empty())
        level = "warning";
      if (!ParseSeverity(level, &sev))
        sev = Severity::kMedium;
      f.tool_severity = level;
    }
    f.severity = sev;

    for (const std::string& cwe : r.cwes)
      AppendUnique(&f.cwes, cwe);
    AddCvesFromText(f.rule_id, &f.cves);
    if (StartsWith(f.rule_id, "GHSA-"))
      AppendUnique(&f.aliases, f.rule_id.substr(0, 19));
    if (!r.help_uri.empty())
      AppendUnique(&f.references, r.help_uri);

    bool secret = secret_tool;
    for (const std::string& tag : r.tags) {
      if (EqualsIgnoreCase(tag, "secret") || EqualsIgnoreCase(tag, "secrets"))
        secret = true;
    }
    f.category = secret                   ? Category::kSecret
                 : !f.cves.empty()        ? Category::kVulnerability
                 : sev == Severity::kInfo ? Category::kInformation
                                          : Category::kWeakness;

    // kNoRule (shared, never written) has no texts: its views stay empty.
    if (rule != nullptr && !r.interned) {
      const std::string& description = !r.full_description.empty()
                                           ? r.full_description
                                           : r.short_description;
      r.interned_description = sink_->Intern(description);
      if (!r.help.empty() && r.help != description)
        r.interned_solution = sink_->Intern(r.help);
      r.interned = true;
    }
    f.description = r.interned_description;
    f.solution = r.interned_solution;
    if (!p->justification.empty()) {
      if (!f.evidence.empty())
        f.evidence += "\n";
      f.evidence += "Suppressed: " + p->justification;
    }
    // A secret scanner's snippet holds the secret itself: not kept.
    if (!p->snippet.empty() && !secret) {
      if (!f.evidence.empty())
        f.evidence += "\n";
      f.evidence += p->snippet;
    }
    f.evidence = Bounded(f.evidence, kMaxEvidenceBytes);
  }

  static bool ContainsIgnoreCase(std::string_view hay, std::string_view n) {
    return ToLower(hay).find(ToLower(n)) != std::string::npos;
  }

  void Flush() override {
    if (pending_.empty())
      return;
    if (!asset_known_) {
      Asset a;
      if (!repository_.empty()) {
        a.kind = AssetKind::kRepository;
        a.name = repository_;
        a.ids.repository = repository_;
      } else {
        a.kind = AssetKind::kArtifact;
        a.name = tool_name_.empty() ? std::string("SARIF") : tool_name_;
        if (!automation_id_.empty())
          a.name += " " + automation_id_;
      }
      asset_ = sink_->AddAsset(a);
      asset_known_ = true;
    }
    const bool secret_tool = ContainsIgnoreCase(tool_name_, "leak") ||
                             ContainsIgnoreCase(tool_name_, "secret");
    for (Pending& p : pending_) {
      Complete(&p, secret_tool);
      p.finding.asset = asset_;
      sink_->AddFinding(std::move(p.finding));
    }
    pending_.clear();
  }

  bool seen_runs_ = false;

  // The current run.
  Component driver_;
  std::vector<Component> extensions_;
  std::string tool_name_;
  std::string tool_version_;
  std::string repository_;
  std::string automation_id_;
  bool tool_done_ = false;
  bool asset_known_ = false;
  size_t asset_ = 0;
  std::deque<Pending> pending_;  // growing never moves a Finding

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffSarif(std::string_view head, bool complete) {
  (void)complete;
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty() || h[0] != '{' || !Contains(h, "\"runs\""))
    return false;
  if (Contains(h, "\"$schema\"") &&
      (Contains(h, "sarif-schema") || Contains(h, "sarif-2") ||
       Contains(h, "/sarif"))) {
    return true;
  }
  return Contains(h, "\"version\": \"2.1.0\"") ||
         Contains(h, "\"version\":\"2.1.0\"");
}

std::unique_ptr<Importer> CreateSarifImporter(ImportSink* sink) {
  return std::make_unique<SarifImporter>(sink);
}

}  // namespace exposure
