#include "core/importers/yarn_audit_importer.h"

#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/json/json_importer.h"
#include "core/import/json/json_records.h"
#include "core/import/json/json_tokenizer.h"
#include "core/importers/npm_audit_importer.h"
#include "core/importers/sniff_util.h"

namespace exposure {

namespace {

std::string JoinStrings(const JsonValue& list, const char* sep) {
  std::string out;
  if (!list.is_array())
    return out;
  for (const JsonValue& x : list) {
    if (!x.is_string())
      continue;
    if (!out.empty())
      out += sep;
    out += x.get<std::string>();
  }
  return out;
}

class YarnAuditImporter : public JsonLinesImporter {
 public:
  explicit YarnAuditImporter(ImportSink* sink)
      : JsonLinesImporter("yarn audit"), sink_(sink) {}

 private:
  Status OnRecord(const JsonValue& v) override {
    std::string type = JsonStr(v, "type");
    if (type == "error") {
      return Status::Error("yarn audit reported an error instead of results: " +
                           JsonStr(v, "data"));
    }
    if (type == "auditAdvisory") {
      AddAdvisory(JsonGet(v, "data"));
    } else if (type.empty() && v.contains("value") && v.contains("children")) {
      AddBerryPackage(v);
    }
    // auditSummary, auditAction, info, warning: not findings.
    return Status::Ok();
  }

  void AddAdvisory(const JsonValue& data) {
    const JsonValue& advisory = JsonGet(data, "advisory");
    const JsonValue& resolution = JsonGet(data, "resolution");
    Finding f = NpmAdvisoryFinding(advisory, "yarn audit", sink_);
    std::string path = JsonStr(resolution, "path");
    f.location = path;
    // The installed version on this path.
    const JsonValue& findings = JsonGet(advisory, "findings");
    if (findings.is_array()) {
      for (const JsonValue& x : findings) {
        const JsonValue& paths = JsonGet(x, "paths");
        if (!paths.is_array())
          continue;
        for (const JsonValue& p : paths) {
          if (p.is_string() && p.get<std::string>() == path)
            f.component.installed = JsonStr(x, "version");
        }
      }
    }
    std::string line = "Dependency path: " + path;
    if (JsonGet(resolution, "dev") == true)
      line += " (development dependency)";
    f.evidence = f.evidence.empty() ? line : line + "\n" + f.evidence;
    sink_->AddFinding(std::move(f));
  }

  void AddBerryPackage(const JsonValue& v) {
    const JsonValue& c = JsonGet(v, "children");
    Finding f;
    f.tool = "yarn audit";
    f.component.name = JsonStr(v, "value");
    f.component.type = "npm";
    f.rule_id = JsonStr(c, "ID");
    f.title = std::string(Trim(JsonStr(c, "Issue")));
    f.category = EndsWith(f.rule_id, "(deprecation)")
                     ? Category::kInformation
                     : Category::kVulnerability;
    if (f.title.empty())
      f.title = f.rule_id;
    f.tool_severity = JsonStr(c, "Severity");
    Severity sev = Severity::kInfo;
    if (ParseSeverity(f.tool_severity, &sev))
      f.severity = sev;
    std::string url = JsonStr(c, "URL");
    if (!url.empty()) {
      AppendUnique(&f.references, url);
      size_t slash = url.rfind('/');
      std::string last = url.substr(slash == std::string::npos ? 0 : slash + 1);
      if (StartsWith(last, "GHSA-"))
        AppendUnique(&f.aliases, last);
    }
    f.component.installed = JoinStrings(JsonGet(c, "Tree Versions"), ", ");
    std::string vulnerable = JsonStr(c, "Vulnerable Versions");
    if (!vulnerable.empty())
      f.evidence = "Vulnerable versions: " + vulnerable;
    std::string dependents = JoinStrings(JsonGet(c, "Dependents"), ", ");
    if (!dependents.empty()) {
      f.evidence += (f.evidence.empty() ? "" : "\n");
      f.evidence += "Dependents: " + dependents;
    }
    f.location = f.component.name;
    sink_->AddFinding(std::move(f));
  }

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffYarnAudit(std::string_view head, bool complete) {
  (void)complete;
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty() || h[0] != '{')
    return false;
  // yarn 1: every line is {"type": ..., "data": ...}.
  if (StartsWith(h, "{\"type\":") &&
      (Contains(h, "\"auditAdvisory\"") || Contains(h, "\"auditSummary\"") ||
       Contains(h, "\"type\":\"error\"") || Contains(h, "\"type\":\"info\"") ||
       Contains(h, "\"type\":\"warning\""))) {
    return true;
  }
  // yarn 2+: {"value": "pkg", "children": {"ID": ..., "Issue": ...}}.
  return StartsWith(h, "{\"value\":") && Contains(h, "\"children\"") &&
         Contains(h, "\"Issue\"") && Contains(h, "\"Severity\"");
}

std::unique_ptr<Importer> CreateYarnAuditImporter(ImportSink* sink) {
  return std::make_unique<YarnAuditImporter>(sink);
}

}  // namespace exposure
