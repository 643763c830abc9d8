#include "core/importers/semgrep_importer.h"

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

constexpr size_t kMaxEvidenceBytes = 8 * 1024;

// Semgrep's rule severities: ERROR, WARNING, INFO (shown as high, medium,
// low), plus the newer CRITICAL/HIGH/MEDIUM/LOW and EXPERIMENT/INVENTORY.
Severity SemgrepSeverity(const std::string& text) {
  std::string s = ToLower(text);
  if (s == "info")
    return Severity::kLow;
  Severity sev = Severity::kInfo;
  if (ParseSeverity(s, &sev))
    return sev;
  return Severity::kInfo;
}

void AddStrings(const JsonValue& v, std::vector<std::string>* out) {
  if (v.is_string()) {
    AppendUnique(out, v.get<std::string>());
  } else if (v.is_array()) {
    for (const JsonValue& s : v) {
      if (s.is_string())
        AppendUnique(out, s.get<std::string>());
    }
  }
}

void AddCwes(const JsonValue& v, std::vector<std::string>* out) {
  std::vector<std::string> texts;
  AddStrings(v, &texts);
  for (const std::string& t : texts)
    AddCwesFromText(t, out);
}

class SemgrepImporter : public JsonImporter {
 public:
  explicit SemgrepImporter(ImportSink* sink) : sink_(sink) {}

 private:
  Status Check() override {
    if (records_.root_type() != '{')
      return Status::Error("not a Semgrep report: the root is not an object");
    if (!seen_list_) {
      return Status::Error(
          "not a Semgrep report: no \"results\" or \"vulns\" member");
    }
    return Status::Ok();
  }

  bool Want(const std::string& path) override {
    return path == "$.version" || path == "$.results[]" || path == "$.vulns[]";
  }

  Status OnEnter(const std::string& path) override {
    if (path == "$.results" || path == "$.vulns")
      seen_list_ = true;
    return Status::Ok();
  }

  Status OnValue(const std::string& path, const JsonValue& v) override {
    if (path == "$.version") {
      version_ = v.is_string() ? v.get<std::string>() : "";
    } else if (!v.is_object()) {
      return Status::Ok();
    } else if (path == "$.results[]") {
      AddResult(v);
    } else {
      AddSupplyChainVuln(v);
    }
    return Status::Ok();
  }

  void AddResult(const JsonValue& r) {
    Finding f;
    f.tool = "Semgrep";
    f.rule_id = JsonStr(r, "check_id");
    const JsonValue& extra = JsonGet(r, "extra");
    const JsonValue& meta = JsonGet(extra, "metadata");
    f.tool_severity = JsonStr(extra, "severity");
    f.severity = SemgrepSeverity(f.tool_severity);
    std::string message = std::string(Trim(JsonStr(extra, "message")));
    // The rule id's last dotted part is its short name.
    size_t dot = f.rule_id.rfind('.');
    f.title = dot == std::string::npos ? f.rule_id : f.rule_id.substr(dot + 1);
    if (f.title.empty())
      f.title = f.rule_id;
    f.description = sink_->Intern(message);
    AddCwes(JsonGet(meta, "cwe"), &f.cwes);
    AddStrings(JsonGet(meta, "references"), &f.references);
    for (const char* key : {"source", "shortlink", "source-rule-url"}) {
      std::string ref = JsonStr(meta, key);
      if (!ref.empty())
        AppendUnique(&f.references, ref);
    }
    std::string path = JsonStr(r, "path");
    std::string line = JsonStr(JsonGet(r, "start"), "line");
    f.location = line.empty() ? path : path + ":" + line;
    std::string fix = JsonStr(extra, "fix");
    if (!fix.empty())
      f.solution = sink_->Intern("Suggested fix: " + fix);
    bool secret = Contains(f.rule_id, "secrets") ||
                  EqualsIgnoreCase(JsonStr(meta, "category"), "secrets");
    f.category = secret ? Category::kSecret : Category::kWeakness;
    // The matched lines; a secret rule's match is the secret itself, and
    // "requires login" is a placeholder, so neither is kept.
    std::string lines = JsonStr(extra, "lines");
    if (!secret && !lines.empty() && lines != "requires login")
      f.evidence = Bounded(lines, kMaxEvidenceBytes);
    const JsonValue& ignored = JsonGet(extra, "is_ignored");
    if (ignored.is_boolean() && ignored.get<bool>())
      f.status = FindingStatus::kSuppressed;
    // Supply-chain results of the CLI.
    const JsonValue& sca = JsonGet(extra, "sca_info");
    if (sca.is_object()) {
      const JsonValue& dep =
          JsonGet(JsonGet(sca, "dependency_match"), "found_dependency");
      f.component.name = JsonStr(dep, "package");
      f.component.installed = JsonStr(dep, "version");
      f.component.type = ToLower(JsonStr(dep, "ecosystem"));
      f.component.path = JsonStr(dep, "lockfile");
      f.category = Category::kVulnerability;
      AddCvesFromText(JsonStr(meta, "sca-vuln-database-identifier"), &f.cves);
    }
    sink_->AddFinding(std::move(f));
  }

  void AddSupplyChainVuln(const JsonValue& v) {
    Finding f;
    f.tool = "Semgrep Supply Chain";
    f.category = Category::kVulnerability;
    const JsonValue& adv = JsonGet(v, "advisory");
    f.rule_id = JsonStr(adv, "ruleId");
    f.title = JsonStr(v, "title");
    if (f.title.empty())
      f.title = JsonStr(adv, "title");
    f.tool_severity = JsonStr(adv, "severity");
    Severity sev = Severity::kInfo;
    if (ParseSeverity(f.tool_severity, &sev))
      f.severity = sev;
    f.description = sink_->Intern(Trim(JsonStr(adv, "description")));
    const JsonValue& refs = JsonGet(adv, "references");
    std::vector<std::string> cves;
    AddStrings(JsonGet(refs, "cveIds"), &cves);
    for (const std::string& c : cves)
      AddCvesFromText(c, &f.cves);
    AddCwes(JsonGet(refs, "cweIds"), &f.cwes);
    AddStrings(JsonGet(refs, "urls"), &f.references);
    for (const std::string& url : f.references) {
      size_t ghsa = url.find("GHSA-");
      if (ghsa != std::string::npos)
        AppendUnique(&f.aliases, url.substr(ghsa));
    }
    const JsonValue& dep = JsonGet(v, "matchedDependency");
    f.component.name = JsonStr(dep, "name");
    f.component.installed = JsonStr(dep, "versionSpecifier");
    f.component.fixed =
        JsonStr(JsonGet(v, "closestSafeDependency"), "versionSpecifier");
    f.component.type = JsonStr(adv, "ecosystem");
    const JsonValue& file = JsonGet(v, "dependencyFileLocation");
    f.component.path = JsonStr(file, "path");
    std::string line = JsonStr(file, "startLine");
    f.location = f.component.path;
    if (!line.empty() && line != "0")
      f.location += ":" + line;
    if (!f.component.fixed.empty()) {
      f.solution = sink_->Intern("Upgrade " + f.component.name + " to " +
                                 f.component.fixed + " or later.");
    }
    f.first_seen = JsonStr(v, "openedAt");
    f.published = JsonStr(adv, "announcedAt");
    std::string exposure = JsonStr(v, "exposureType");
    if (!exposure.empty())
      f.evidence = "Exposure: " + exposure;
    std::string triage = JsonStr(JsonGet(v, "triage"), "status");
    if (triage == "FIXED" || triage == "CLOSED") {
      f.status = FindingStatus::kFixed;
    } else if (triage == "IGNORED") {
      f.status = FindingStatus::kSuppressed;
    }
    std::string repo = JsonStr(v, "repositoryName");
    if (!repo.empty()) {
      Asset a;
      a.kind = AssetKind::kRepository;
      a.name = repo;
      a.ids.repository = repo;
      f.asset = sink_->AddAsset(a);
    }
    sink_->AddFinding(std::move(f));
  }

  bool seen_list_ = false;
  std::string version_;

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffSemgrep(std::string_view head, bool complete) {
  (void)complete;
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty() || h[0] != '{')
    return false;
  if (Contains(h, "\"check_id\"") && Contains(h, "\"results\"") &&
      Contains(h, "\"extra\"")) {
    return true;
  }
  // Empty CLI output: {"results": [], "errors": []} with nothing else.
  if (Contains(h, "\"results\"") && Contains(h, "\"errors\"") &&
      !Contains(h, "\"runs\"") && !Contains(h, "\"vulnerabilities\"") &&
      !Contains(h, "\"check_type\"")) {
    std::string compact;
    for (char c : h) {
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
        compact += c;
    }
    if (Contains(compact, "\"results\":[]") &&
        (Contains(compact, "\"errors\":[") || Contains(compact, "\"paths\":{")))
      return true;
  }
  // Supply Chain API listing.
  return Contains(h, "\"vulns\"") && Contains(h, "\"advisory\"") &&
         Contains(h, "\"matchedDependency\"");
}

std::unique_ptr<Importer> CreateSemgrepImporter(ImportSink* sink) {
  return std::make_unique<SemgrepImporter>(sink);
}

}  // namespace exposure
