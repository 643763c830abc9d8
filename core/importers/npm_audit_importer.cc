#include "core/importers/npm_audit_importer.h"

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

namespace exposure {

namespace {

// Most evidence lines kept for one finding (a popular module can sit on
// thousands of dependency paths).
constexpr size_t kMaxEvidenceLines = 50;

void AddCwe(Finding* f, const std::string& text) {
  std::string_view t = Trim(text);
  if (StartsWith(t, "CWE-"))
    t.remove_prefix(4);
  if (t.empty())
    return;
  for (char c : t) {
    if (c < '0' || c > '9')
      return;
  }
  AppendUnique(&f->cwes, "CWE-" + std::string(t));
}

// `cwe` as npm writes it: "CWE-79", ["CWE-79", ...], or (some registries) a
// string holding a JSON array.
void AddCwes(Finding* f, const JsonValue& cwe) {
  if (cwe.is_array()) {
    for (const JsonValue& c : cwe) {
      if (c.is_string())
        AddCwes(f, c);
    }
  } else if (cwe.is_string()) {
    std::string s = cwe.get<std::string>();
    if (StartsWith(Trim(s), "[")) {
      Result<JsonDoc> parsed = JsonDoc::Parse(s);
      if (parsed.ok() && parsed->root().is_array())
        AddCwes(f, parsed->root());
    } else {
      AddCwe(f, s);
    }
  }
}

void AddNpmCvss(Finding* f, const JsonValue& cvss) {
  std::string vector = JsonStr(cvss, "vectorString");
  if (vector.empty())
    return;
  std::string version = StartsWith(vector, "CVSS:3.0/")   ? "3.0"
                        : StartsWith(vector, "CVSS:4.0/") ? "4.0"
                        : StartsWith(vector, "CVSS:3")    ? "3.1"
                                                          : "2.0";
  f->cvss.push_back({version, vector, "npm", JsonScoreTenths(cvss, "score")});
}

// "https://github.com/advisories/GHSA-xxxx" -> "GHSA-xxxx", else "".
std::string GhsaFromUrl(const std::string& url) {
  size_t slash = url.rfind('/');
  std::string last = slash == std::string::npos ? url : url.substr(slash + 1);
  return StartsWith(last, "GHSA-") ? last : std::string();
}

void SetSeverity(Finding* f, const std::string& text) {
  f->tool_severity = text;
  Severity sev = Severity::kInfo;
  if (ParseSeverity(text, &sev))
    f->severity = sev;
}

void AddEvidenceLine(Finding* f, size_t* lines, const std::string& line) {
  if (*lines == kMaxEvidenceLines) {
    f->evidence += "\n...";
  } else if (*lines < kMaxEvidenceLines) {
    if (!f->evidence.empty())
      f->evidence += "\n";
    f->evidence += line;
  }
  ++*lines;
}

class NpmAuditV6Importer : public JsonImporter {
 public:
  explicit NpmAuditV6Importer(ImportSink* sink) : sink_(sink) {}

 private:
  Status Check() override {
    if (!seen_advisories_)
      return Status::Error("not an npm audit report: no \"advisories\"");
    return Status::Ok();
  }

  bool Want(const std::string& path) override {
    return path == "$.error" || path == "$.actions[]" ||
           (StartsWith(path, "$.advisories.") &&
            path.find('.', 13) == std::string::npos &&
            path.find('[', 13) == std::string::npos);
  }

  Status OnEnter(const std::string& path) override {
    if (path == "$.advisories")
      seen_advisories_ = true;
    return Status::Ok();
  }

  Status OnLeave(const std::string& path) override {
    if (path == "$.actions") {
      actions_done_ = true;
      Flush();
    }
    return Status::Ok();
  }

  Status OnValue(const std::string& path, const JsonValue& v) override {
    if (path == "$.error") {
      std::string code = JsonStr(v, "code");
      std::string summary = JsonStr(v, "summary");
      if (v.is_string())
        summary = v.get<std::string>();
      return Status::Error("npm audit reported an error instead of results" +
                           (code.empty() ? "" : ": " + code) +
                           (summary.empty() ? "" : ": " + summary));
    }
    if (path == "$.actions[]") {
      ReadAction(v);
      return Status::Ok();
    }
    if (!v.is_object())
      return Status::Ok();
    seen_advisories_ = true;
    Pending p;
    p.id = JsonStr(v, "id");
    p.finding = NpmAdvisoryFinding(v, "npm audit", sink_);
    Finding& f = p.finding;
    // Installed versions and dependency paths.
    std::vector<std::string> versions;
    size_t lines = 0;
    const JsonValue& findings = JsonGet(v, "findings");
    if (findings.is_array()) {
      for (const JsonValue& x : findings) {
        std::string version = JsonStr(x, "version");
        if (!version.empty())
          AppendUnique(&versions, version);
        const JsonValue& paths = JsonGet(x, "paths");
        if (!paths.is_array())
          continue;
        for (const JsonValue& path_json : paths) {
          if (!path_json.is_string())
            continue;
          std::string dep_path = path_json.get<std::string>();
          if (f.location.empty())
            f.location = dep_path;
          AddEvidenceLine(&f, &lines, version + ": " + dep_path);
        }
      }
    }
    for (const std::string& version : versions) {
      if (!f.component.installed.empty())
        f.component.installed += ", ";
      f.component.installed += version;
    }
    if (actions_done_) {
      Emit(std::move(p));
    } else {
      pending_.push_back(std::move(p));
    }
    return Status::Ok();
  }

  // "install express@4.16.3" / "update debug" / "review" per advisory id.
  void ReadAction(const JsonValue& a) {
    std::string action = JsonStr(a, "action");
    std::string module = JsonStr(a, "module");
    std::string target = JsonStr(a, "target");
    std::string text;
    if (action == "install") {
      text =
          "Run `npm install " + module + (target.empty() ? "" : "@") + target +
          "`" +
          (JsonGet(a, "isMajor") == true ? " (a major version change)" : "") +
          ".";
    } else if (action == "update") {
      text = "Run `npm update " + module + " --depth " + JsonStr(a, "depth") +
             "`.";
    } else if (action == "review") {
      text = "Review " + module + ": no fix is available through npm.";
    } else {
      return;
    }
    const JsonValue& resolves = JsonGet(a, "resolves");
    if (!resolves.is_array())
      return;
    for (const JsonValue& r : resolves) {
      std::string id = JsonStr(r, "id");
      if (id.empty())
        continue;
      std::vector<std::string>& list = actions_[id];
      AppendUnique(&list, text);
    }
  }

  struct Pending {
    std::string id;
    Finding finding;
  };

  void Emit(Pending p) {
    auto it = actions_.find(p.id);
    if (it != actions_.end()) {
      std::string text;
      for (const std::string& t : it->second)
        text += (text.empty() ? "" : "\n") + t;
      std::string rec(p.finding.solution);
      if (!rec.empty())
        text = rec + "\n" + text;
      p.finding.solution = sink_->Intern(text);
    }
    sink_->AddFinding(std::move(p.finding));
  }

  // Advisories wait for `actions` when those come later.
  void Flush() override {
    for (Pending& p : pending_)
      Emit(std::move(p));
    pending_.clear();
  }

  bool seen_advisories_ = false;
  bool actions_done_ = false;
  std::map<std::string, std::vector<std::string>> actions_;
  std::deque<Pending> pending_;  // growing never moves a Finding

  ImportSink* sink_;  // outlives the importer
};

class NpmAuditV7Importer : public JsonImporter {
 public:
  explicit NpmAuditV7Importer(ImportSink* sink) : sink_(sink) {}

 private:
  Status Check() override {
    if (!seen_vulnerabilities_) {
      return Status::Error(
          "not an npm 7+ audit report: no \"vulnerabilities\"");
    }
    return Status::Ok();
  }

  bool Want(const std::string& path) override {
    return path == "$.error" || (StartsWith(path, "$.vulnerabilities.") &&
                                 path.find('.', 18) == std::string::npos &&
                                 path.find('[', 18) == std::string::npos);
  }

  Status OnEnter(const std::string& path) override {
    if (path == "$.vulnerabilities")
      seen_vulnerabilities_ = true;
    return Status::Ok();
  }

  Status OnValue(const std::string& path, const JsonValue& v) override {
    if (path == "$.error") {
      std::string code = JsonStr(v, "code");
      std::string summary = JsonStr(v, "summary");
      return Status::Error("npm audit reported an error instead of results" +
                           (code.empty() ? "" : ": " + code) +
                           (summary.empty() ? "" : ": " + summary));
    }
    if (!v.is_object())
      return Status::Ok();
    seen_vulnerabilities_ = true;
    AddPackage(v, path.substr(18));
    return Status::Ok();
  }

  void AddPackage(const JsonValue& v, const std::string& key) {
    std::string name = JsonStr(v, "name");
    if (name.empty())
      name = key;
    std::string range = JsonStr(v, "range");
    std::vector<std::string> nodes;
    const JsonValue& nodes_json = JsonGet(v, "nodes");
    if (nodes_json.is_array()) {
      for (const JsonValue& n : nodes_json) {
        if (n.is_string())
          nodes.push_back(n.get<std::string>());
      }
    }
    std::vector<std::string> through;  // vulnerable dependencies
    const JsonValue& via = JsonGet(v, "via");
    if (via.is_array()) {
      for (const JsonValue& x : via) {
        if (x.is_string())
          AppendUnique(&through, x.get<std::string>());
      }
    }
    std::string fix;
    const JsonValue& fix_available = JsonGet(v, "fixAvailable");
    if (fix_available == true) {
      fix = "Run `npm audit fix`.";
    } else if (fix_available.is_object()) {
      fix = "Upgrade " + JsonStr(fix_available, "name") + " to " +
            JsonStr(fix_available, "version") +
            (JsonGet(fix_available, "isSemVerMajor") == true
                 ? " (a major version change)"
                 : "") +
            ".";
    } else if (fix_available == false) {
      fix = "No fix is available.";
    }

    auto base = [&]() {
      Finding f;
      f.tool = "npm audit";
      f.category = Category::kVulnerability;
      f.component.name = name;
      f.component.type = "npm";
      if (!nodes.empty()) {
        f.component.path = nodes[0];
        f.location = nodes[0];
      }
      size_t lines = 0;
      if (!range.empty())
        AddEvidenceLine(&f, &lines, "Vulnerable versions: " + range);
      for (const std::string& n : nodes)
        AddEvidenceLine(&f, &lines, "Installed at: " + n);
      if (!through.empty()) {
        std::string list;
        for (const std::string& t : through)
          list += (list.empty() ? "" : ", ") + t;
        AddEvidenceLine(&f, &lines, "Vulnerable through: " + list);
      }
      if (!fix.empty())
        f.solution = sink_->Intern(fix);
      return f;
    };

    bool any_advisory = false;
    if (via.is_array()) {
      for (const JsonValue& x : via) {
        if (!x.is_object())
          continue;
        any_advisory = true;
        Finding f = base();
        f.rule_id = JsonStr(x, "source");
        f.title = std::string(Trim(JsonStr(x, "title")));
        if (f.title.empty())
          f.title = name + " advisory " + f.rule_id;
        SetSeverity(&f, JsonStr(x, "severity"));
        std::string url = JsonStr(x, "url");
        std::string ghsa = GhsaFromUrl(url);
        if (!ghsa.empty())
          AppendUnique(&f.aliases, ghsa);
        if (!url.empty())
          AppendUnique(&f.references, url);
        AddCwes(&f, JsonGet(x, "cwe"));
        AddNpmCvss(&f, JsonGet(x, "cvss"));
        std::string advisory_range = JsonStr(x, "range");
        if (!advisory_range.empty() && advisory_range != range) {
          f.evidence = "Advisory range: " + advisory_range + "\n" + f.evidence;
        }
        sink_->AddFinding(std::move(f));
      }
    }
    if (!any_advisory) {
      Finding f = base();
      f.rule_id = "npm-audit:" + name;
      std::string list;
      for (const std::string& t : through)
        list += (list.empty() ? "" : ", ") + t;
      f.title = name + " is vulnerable through its dependencies" +
                (list.empty() ? "" : " (" + list + ")");
      SetSeverity(&f, JsonStr(v, "severity"));
      sink_->AddFinding(std::move(f));
    }
  }

  bool seen_vulnerabilities_ = false;

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

Finding NpmAdvisoryFinding(const JsonValue& a,
                           const char* tool,
                           ImportSink* sink) {
  Finding f;
  f.tool = tool;
  f.category = Category::kVulnerability;
  f.rule_id = JsonStr(a, "id");
  f.title = std::string(Trim(JsonStr(a, "title")));
  if (f.title.empty())
    f.title = "npm advisory " + f.rule_id;
  SetSeverity(&f, JsonStr(a, "severity"));
  const JsonValue& cves = JsonGet(a, "cves");
  if (cves.is_array()) {
    for (const JsonValue& c : cves) {
      if (c.is_string())
        AppendUnique(&f.cves, c.get<std::string>());
    }
  }
  std::string ghsa = JsonStr(a, "github_advisory_id");
  std::string url = JsonStr(a, "url");
  if (ghsa.empty())
    ghsa = GhsaFromUrl(url);
  if (!ghsa.empty())
    AppendUnique(&f.aliases, ghsa);
  std::string npm_id = JsonStr(a, "npm_advisory_id");
  if (!npm_id.empty())
    AppendUnique(&f.aliases, "npm:" + npm_id);
  AddCwes(&f, JsonGet(a, "cwe"));
  AddNpmCvss(&f, JsonGet(a, "cvss"));
  f.component.name = JsonStr(a, "module_name");
  f.component.type = "npm";
  f.component.fixed = JsonStr(a, "patched_versions");
  if (f.component.fixed == "<0.0.0")
    f.component.fixed.clear();  // npm's way of saying "no fix"
  f.description = sink->Intern(JsonStr(a, "overview"));
  f.solution = sink->Intern(Trim(JsonStr(a, "recommendation")));
  if (!url.empty())
    AppendUnique(&f.references, url);
  // `references` is Markdown: "- https://...\n- https://...".
  for (const std::string& line : SplitTrimmed(JsonStr(a, "references"), "\n")) {
    std::string_view l = line;
    if (StartsWith(l, "- "))
      l.remove_prefix(2);
    l = Trim(l);
    if (StartsWith(l, "http://") || StartsWith(l, "https://"))
      AppendUnique(&f.references, std::string(l));
  }
  f.published = JsonStr(a, "created");
  std::string vulnerable = JsonStr(a, "vulnerable_versions");
  if (!vulnerable.empty())
    f.evidence = "Vulnerable versions: " + vulnerable;
  return f;
}

bool SniffNpmAuditV6(std::string_view head, bool complete) {
  (void)complete;
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty() || h[0] != '{' || Contains(h, "\"auditReportVersion\""))
    return false;
  if (Contains(h, "\"advisories\"") &&
      (Contains(h, "\"actions\"") || Contains(h, "\"muted\"") ||
       Contains(h, "\"module_name\""))) {
    return true;
  }
  // `npm audit --json` when the registry could not be asked:
  // {"error": {"code": "ENOAUDIT", "summary": ..., "detail": ...}}
  return Contains(h, "\"error\"") && Contains(h, "\"code\"") &&
         Contains(h, "\"summary\"") && Contains(h, "\"detail\"") &&
         !Contains(h, "\"type\"");
}

std::unique_ptr<Importer> CreateNpmAuditV6Importer(ImportSink* sink) {
  return std::make_unique<NpmAuditV6Importer>(sink);
}

bool SniffNpmAuditV7(std::string_view head, bool complete) {
  (void)complete;
  std::string_view h = SkipBomAndSpace(head);
  return !h.empty() && h[0] == '{' && Contains(h, "\"auditReportVersion\"") &&
         Contains(h, "\"vulnerabilities\"");
}

std::unique_ptr<Importer> CreateNpmAuditV7Importer(ImportSink* sink) {
  return std::make_unique<NpmAuditV7Importer>(sink);
}

}  // namespace exposure
