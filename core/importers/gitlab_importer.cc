#include "core/importers/gitlab_importer.h"

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

enum class GitlabKind { kSast, kDependencyScanning, kContainerScanning };

const char* DefaultTool(GitlabKind kind) {
  switch (kind) {
    case GitlabKind::kSast:
      return "GitLab SAST";
    case GitlabKind::kDependencyScanning:
      return "GitLab Dependency Scanning";
    case GitlabKind::kContainerScanning:
      return "GitLab Container Scanning";
  }
  return "";
}

// Trivy's GitLab template writes "Unknown" for an image or operating system
// it could not tell.
std::string Known(const std::string& s) {
  return s == "Unknown" ? std::string() : s;
}

class GitlabImporter : public JsonImporter {
 public:
  GitlabImporter(ImportSink* sink, GitlabKind kind)
      : kind_(kind), sink_(sink) {}

 private:
  Status Check() override {
    if (records_.root_type() != '{' || !seen_list_) {
      return Status::Error(
          "not a GitLab security report: no \"vulnerabilities\" list");
    }
    return Status::Ok();
  }

  bool Want(const std::string& path) override {
    return path == "$.vulnerabilities[]" ||
           (kind_ == GitlabKind::kContainerScanning && path == "$.scan");
  }

  Status OnEnter(const std::string& path) override {
    if (path == "$.vulnerabilities")
      seen_list_ = true;
    return Status::Ok();
  }

  Status OnValue(const std::string& path, const JsonValue& v) override {
    if (path == "$.scan") {
      // Names the tool of the records that follow it (Trivy's template
      // writes "scan" first; GitLab's analyzer writes it last, too late
      // for records that are not held back).
      scan_tool_ = JsonStr(JsonGet(v, "scanner"), "name");
      if (scan_tool_.empty())
        scan_tool_ = JsonStr(JsonGet(v, "analyzer"), "name");
    } else if (v.is_object()) {
      Add(v);
    }
    return Status::Ok();
  }

  void Add(const JsonValue& v) {
    Finding f;
    const JsonValue& scanner = JsonGet(v, "scanner");
    f.tool = JsonStr(scanner, "name");
    if (f.tool.empty())
      f.tool = scan_tool_;
    if (f.tool.empty())
      f.tool = DefaultTool(kind_);
    f.title = JsonStr(v, "name");
    if (f.title.empty())
      f.title = JsonStr(v, "message");
    f.tool_severity = JsonStr(v, "severity");
    Severity sev = Severity::kInfo;
    if (ParseSeverity(f.tool_severity, &sev))
      f.severity = sev;
    std::string description = JsonStr(v, "description");
    if (description.empty())
      description = JsonStr(v, "message");
    f.description = sink_->Intern(Trim(description));
    f.solution = sink_->Intern(Trim(JsonStr(v, "solution")));

    const JsonValue& ids = JsonGet(v, "identifiers");
    if (ids.is_array()) {
      for (const JsonValue& id : ids) {
        std::string type = ToLower(JsonStr(id, "type"));
        std::string value = JsonStr(id, "value");
        std::string name = JsonStr(id, "name");
        if (type == "cve") {
          AddCvesFromText(value.empty() ? name : value, &f.cves);
        } else if (type == "cwe") {
          AddCwe(value, &f.cwes);
          AddCwesFromText(name, &f.cwes);
        } else {
          if (f.rule_id.empty())
            f.rule_id = !name.empty() ? name : value;
          if (type == "ghsa" || type == "osvdb" || type == "gemnasium" ||
              type == "usn" || type == "elsa" || type == "rhsa") {
            AppendUnique(&f.aliases, !value.empty() ? value : name);
          }
        }
        std::string url = JsonStr(id, "url");
        if (!url.empty())
          AppendUnique(&f.references, url);
      }
    }
    if (f.rule_id.empty() && !f.cves.empty())
      f.rule_id = f.cves.front();
    if (f.title.empty())
      f.title = f.rule_id;
    const JsonValue& links = JsonGet(v, "links");
    if (links.is_array()) {
      for (const JsonValue& l : links) {
        std::string url = JsonStr(l, "url");
        if (!url.empty())
          AppendUnique(&f.references, url);
      }
    }

    const JsonValue& loc = JsonGet(v, "location");
    std::string file = JsonStr(loc, "file");
    std::string line = JsonStr(loc, "start_line");
    f.location = line.empty() ? file : file + ":" + line;
    const JsonValue& dep = JsonGet(loc, "dependency");
    std::string package = JsonStr(JsonGet(dep, "package"), "name");
    if (!package.empty()) {
      f.component.name = package;
      f.component.installed = JsonStr(dep, "version");
      f.component.path = file;
    }
    std::string image = JsonStr(loc, "image");
    if (kind_ == GitlabKind::kContainerScanning) {
      AddImage(v, loc, &f);
      sink_->AddFinding(std::move(f));
      return;
    }
    if (!image.empty() && f.location.empty())
      f.location = image;

    std::string category = JsonStr(v, "category");
    if (category == "secret_detection" ||
        ToLower(JsonStr(scanner, "id")).find("secret") != std::string::npos) {
      f.category = Category::kSecret;
    } else if (kind_ == GitlabKind::kDependencyScanning || !package.empty() ||
               !f.cves.empty()) {
      f.category = Category::kVulnerability;
    } else {
      f.category = Category::kWeakness;
    }
    std::string raw = JsonStr(v, "raw_source_code_extract");
    if (!raw.empty() && f.category != Category::kSecret)
      f.evidence = Bounded(raw, 4096);
    std::string message = JsonStr(v, "message");
    if (f.evidence.empty() && !message.empty() && message != description)
      f.evidence = message;
    sink_->AddFinding(std::move(f));
  }

  // A container scanning record: a package of the scanned image, which is
  // the asset (with its operating system when known).
  void AddImage(const JsonValue& v, const JsonValue& loc, Finding* f) {
    f->category = Category::kVulnerability;
    std::string image = Known(JsonStr(loc, "image"));
    f->location = image;
    f->component.path.clear();
    if (JsonStr(v, "name").empty() && JsonStr(v, "message").empty() &&
        !f->component.name.empty()) {
      f->title += " in " + f->component.name;
      if (!f->component.installed.empty())
        f->title += " " + f->component.installed;
    }
    if (image.empty())
      return;
    Asset a;
    a.kind = AssetKind::kContainerImage;
    a.name = image;
    a.ids.image = image;
    a.os = Known(JsonStr(loc, "operating_system"));
    f->asset = sink_->AddAsset(a);
  }

  GitlabKind kind_;
  bool seen_list_ = false;
  std::string scan_tool_;

  ImportSink* sink_;  // outlives the importer
};

std::string Compact(std::string_view h) {
  std::string out;
  for (char c : h) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
      out += c;
  }
  return out;
}

bool LooksLikeGitlab(std::string_view head) {
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty() || h[0] != '{')
    return false;
  std::string c = Compact(h);
  if (!Contains(c, "\"vulnerabilities\":[") || !Contains(c, "\"version\":"))
    return false;
  // Records carry "identifiers" and "location"; an empty report has
  // "remediations" or a "scan" with its "scanner".
  return (Contains(c, "\"identifiers\":[") && Contains(c, "\"location\":{")) ||
         (Contains(c, "\"vulnerabilities\":[]") &&
          (Contains(c, "\"remediations\":[") || Contains(c, "\"scanner\":{")));
}

// The scan type or the list of dependency files, which GitLab writes after
// the records (a report larger than the head shows neither), or a record
// located in a named package of a file rather than of an image (SAST
// records may carry an empty "dependency").
bool IsDependencyScanning(std::string_view head) {
  if (Contains(head, "\"dependency_scanning\"") ||
      Contains(head, "\"dependency_files\""))
    return true;
  std::string c = Compact(head);
  return Contains(c, "\"dependency\":{\"package\":{\"name\":\"") &&
         Contains(c, "\"file\":") && !Contains(c, "\"operating_system\":");
}

// The scan type, or the records' category (older reports), or a record
// located in an image with its operating system: GitLab's v15 reports
// name neither type nor category before their records, and "scan" may
// come last.
bool IsContainerScanning(std::string_view head) {
  if (Contains(head, "\"container_scanning\""))
    return true;
  std::string c = Compact(head);
  return Contains(c, "\"operating_system\":") && Contains(c, "\"image\":");
}

}  // namespace

bool SniffGitlabSast(std::string_view head, bool complete) {
  (void)complete;
  return LooksLikeGitlab(head) && !IsDependencyScanning(head) &&
         !IsContainerScanning(head);
}

std::unique_ptr<Importer> CreateGitlabSastImporter(ImportSink* sink) {
  return std::make_unique<GitlabImporter>(sink, GitlabKind::kSast);
}

bool SniffGitlabDependencyScanning(std::string_view head, bool complete) {
  (void)complete;
  return LooksLikeGitlab(head) && IsDependencyScanning(head);
}

std::unique_ptr<Importer> CreateGitlabDependencyScanningImporter(
    ImportSink* sink) {
  return std::make_unique<GitlabImporter>(sink,
                                          GitlabKind::kDependencyScanning);
}

bool SniffGitlabContainerScanning(std::string_view head, bool complete) {
  (void)complete;
  return LooksLikeGitlab(head) && !IsDependencyScanning(head) &&
         IsContainerScanning(head);
}

std::unique_ptr<Importer> CreateGitlabContainerScanningImporter(
    ImportSink* sink) {
  return std::make_unique<GitlabImporter>(sink, GitlabKind::kContainerScanning);
}

}  // namespace exposure
