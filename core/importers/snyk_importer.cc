#include "core/importers/snyk_importer.h"

#include <deque>
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

// A project object: the root, an element of the root array, or an
// application found inside a container image.
bool IsProjectPath(const std::string& path) {
  return path == "$" || path == "$[]" || path == "$.applications[]" ||
         path == "$[].applications[]";
}

bool IsOuterProjectPath(const std::string& path) {
  return path == "$" || path == "$[]";
}

bool IsProjectField(const std::string& leaf) {
  return leaf == "projectName" || leaf == "path" || leaf == "targetFile" ||
         leaf == "displayTargetFile" || leaf == "packageManager" ||
         leaf == "platform";
}

std::string CvssVersionOf(const std::string& vector) {
  if (StartsWith(vector, "CVSS:4.0/"))
    return "4.0";
  if (StartsWith(vector, "CVSS:3.0/"))
    return "3.0";
  if (StartsWith(vector, "CVSS:3"))
    return "3.1";
  return "2.0";
}

class SnykImporter : public JsonImporter {
 public:
  explicit SnykImporter(ImportSink* sink) : sink_(sink) {}

 private:
  Status Check() override {
    if (!seen_vulnerabilities_) {
      return Status::Error(
          "not a Snyk report: no \"vulnerabilities\" array in a project");
    }
    return Status::Ok();
  }

  struct Project {
    std::string name;
    std::string path;
    std::string target_file;
    std::string display_target_file;
    std::string package_manager;
    std::string platform;
  };
  struct Pending {
    Finding finding;
    size_t project;  // index into projects_
  };

  bool IsProject(const std::string& path) const {
    return IsProjectPath(path) && (path != "$" || records_.root_type() == '{');
  }

  bool Want(const std::string& path) override {
    if (EndsWith(path, ".vulnerabilities[]"))
      return IsProject(path.substr(0, path.size() - 18));
    if (EndsWith(path, ".filtered.ignore[]"))
      return IsProject(path.substr(0, path.size() - 18));
    if (IsProject(JsonPathParent(path)))
      return IsProjectField(JsonPathKey(path));
    return false;
  }

  Status OnEnter(const std::string& path) override {
    if (IsProject(path)) {
      projects_.emplace_back();
      stack_.push_back(projects_.size() - 1);
    } else if (EndsWith(path, ".vulnerabilities") &&
               IsProject(JsonPathParent(path))) {
      seen_vulnerabilities_ = true;
    }
    return Status::Ok();
  }

  Status OnLeave(const std::string& path) override {
    if (IsProject(path) && !stack_.empty()) {
      stack_.pop_back();
      if (IsOuterProjectPath(path)) {
        Flush();
        projects_.clear();
      }
    }
    return Status::Ok();
  }

  Status OnValue(const std::string& path, const JsonValue& v) override {
    if (stack_.empty())
      return Status::Ok();
    Project& p = projects_[stack_.back()];
    std::string leaf = JsonPathKey(path);
    bool ignored = EndsWith(path, ".filtered.ignore[]");
    if (ignored || EndsWith(path, ".vulnerabilities[]")) {
      if (v.is_object())
        AddVulnerability(v, ignored);
      return Status::Ok();
    }
    if (IsProject(JsonPathParent(path))) {
      std::string value = v.is_string() ? v.get<std::string>() : "";
      if (leaf == "projectName")
        p.name = value;
      if (leaf == "path")
        p.path = value;
      if (leaf == "targetFile")
        p.target_file = value;
      if (leaf == "displayTargetFile")
        p.display_target_file = value;
      if (leaf == "packageManager")
        p.package_manager = value;
      if (leaf == "platform")
        p.platform = value;
      return Status::Ok();
    }
    return Status::Ok();
  }

  void AddVulnerability(const JsonValue& v, bool ignored) {
    Finding f;
    f.tool = "Snyk";
    f.category = JsonStr(v, "type") == "license" ? Category::kLicense
                                                 : Category::kVulnerability;
    f.rule_id = JsonStr(v, "id");
    f.title = JsonStr(v, "title");
    if (f.title.empty())
      f.title = f.rule_id;
    f.tool_severity = JsonStr(v, "severity");
    Severity sev = Severity::kInfo;
    if (ParseSeverity(f.tool_severity, &sev))
      f.severity = sev;
    if (!f.rule_id.empty())
      AppendUnique(&f.aliases, f.rule_id);
    const JsonValue& ids = JsonGet(v, "identifiers");
    if (ids.is_object()) {
      for (auto it = ids.begin(); it != ids.end(); ++it) {
        if (!it.value().is_array())
          continue;
        for (const JsonValue& id : it.value()) {
          if (!id.is_string())
            continue;
          std::string s = id.get<std::string>();
          if (it.key() == "CVE") {
            AppendUnique(&f.cves, s);
          } else if (it.key() == "CWE") {
            AppendUnique(&f.cwes, s);
          } else if (it.key() == "GHSA" || it.key() == "ALTERNATIVE" ||
                     s.find_first_not_of("0123456789") != std::string::npos) {
            AppendUnique(&f.aliases, s);
          } else {
            AppendUnique(&f.aliases,
                         std::string(it.key()) + "-" + s);  // "NSP-17"
          }
        }
      }
    }
    std::string vector = JsonStr(v, "CVSSv3");
    if (!vector.empty()) {
      f.cvss.push_back({CvssVersionOf(vector), vector, "snyk",
                        JsonScoreTenths(v, "cvssScore")});
    }
    const JsonValue& details = JsonGet(v, "cvssDetails");
    if (details.is_array()) {
      for (const JsonValue& d : details) {
        std::string dv = JsonStr(d, "cvssV3Vector");
        if (dv.empty())
          continue;
        f.cvss.push_back({CvssVersionOf(dv), dv, JsonStr(d, "assigner"),
                          JsonScoreTenths(d, "cvssV3BaseScore")});
      }
    }
    const JsonValue& epss = JsonGet(v, "epssDetails");
    f.file_epss = JsonProbability5(epss, "probability");
    if (f.file_epss >= 0)
      f.file_epss_percentile = JsonProbability5(epss, "percentile");
    Component& c = f.component;
    c.name = JsonStr(v, "name");
    if (c.name.empty())
      c.name = JsonStr(v, "packageName");
    c.installed = JsonStr(v, "version");
    c.type = JsonStr(v, "packageManager");
    const JsonValue& fixed_in = JsonGet(v, "fixedIn");
    if (fixed_in.is_array()) {
      for (const JsonValue& x : fixed_in) {
        if (!x.is_string())
          continue;
        if (!c.fixed.empty())
          c.fixed += ", ";
        c.fixed += x.get<std::string>();
      }
    }
    // The dependency path, from the project to the package.
    const JsonValue& from = JsonGet(v, "from");
    if (from.is_array() && !from.empty()) {
      std::string chain;
      for (const JsonValue& x : from) {
        if (!x.is_string())
          continue;
        if (!chain.empty())
          chain += " > ";
        chain += x.get<std::string>();
      }
      f.evidence = "Introduced through: " + chain;
    }
    std::string upgrade;
    const JsonValue& path = JsonGet(v, "upgradePath");
    if (path.is_array()) {
      for (const JsonValue& x : path) {
        if (x.is_string()) {
          upgrade = x.get<std::string>();
          break;
        }
      }
    }
    if (!upgrade.empty()) {
      f.solution = sink_->Intern("Upgrade to " + upgrade + ".");
    } else if (!c.fixed.empty()) {
      f.solution =
          sink_->Intern("Upgrade " + c.name + " to " + c.fixed + " or later.");
    }
    f.description = sink_->Intern(JsonStr(v, "description"));
    const JsonValue& refs = JsonGet(v, "references");
    if (refs.is_array()) {
      for (const JsonValue& r : refs) {
        std::string url = JsonStr(r, "url");
        if (!url.empty())
          AppendUnique(&f.references, url);
      }
    }
    std::string exploit = JsonStr(v, "exploit");
    // Snyk's exploit maturity: "Proof of Concept", "Functional", "High",
    // "Mature" (a kit), or "No Known Exploit" / "Not Defined" / "Unproven".
    if (exploit == "Functional" || exploit == "High" || exploit == "Mature") {
      f.evidence_flags |= kEvidenceExploit | kEvidenceExploitKit;
    } else if (!exploit.empty() && exploit != "Not Defined" &&
               exploit != "Unproven" && exploit != "No Known Exploit") {
      f.evidence_flags |= kEvidenceExploit;
    }
    f.published = JsonStr(v, "publicationTime");
    if (ignored)
      f.status = FindingStatus::kSuppressed;
    pending_.push_back({std::move(f), stack_.back()});
  }

  // At the end of an outer project (its identities may follow its records).
  void Flush() override {
    if (pending_.empty() || projects_.empty())
      return;
    const Project& outer = projects_.front();
    Asset a;
    std::string name = outer.name;
    if (StartsWith(name, "docker-image|")) {
      a.kind = AssetKind::kContainerImage;
      a.name = name.substr(13);
      a.ids.image = a.name;
    } else {
      a.kind = AssetKind::kRepository;
      a.name = !outer.path.empty() ? outer.path : name;
      a.ids.repository = a.name;
    }
    size_t index = a.name.empty() ? Finding::kNoAsset : sink_->AddAsset(a);
    for (Pending& p : pending_) {
      const Project& own = projects_[p.project];
      Finding& f = p.finding;
      f.asset = index;
      f.location = !own.display_target_file.empty() ? own.display_target_file
                                                    : own.target_file;
      if (f.location.empty() && p.project != 0)
        f.location = own.name;
      if (f.component.type.empty())
        f.component.type = own.package_manager;
      f.component.path = f.location;
      sink_->AddFinding(std::move(f));
    }
    pending_.clear();
  }

  bool seen_vulnerabilities_ = false;
  std::vector<Project> projects_;  // of the current outer project
  std::vector<size_t> stack_;      // open projects, innermost last
  std::deque<Pending> pending_;    // growing never moves a Finding

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffSnyk(std::string_view head, bool complete) {
  (void)complete;
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty() || (h[0] != '{' && h[0] != '['))
    return false;
  if (Contains(h, "\"bomFormat\"") || Contains(h, "\"auditReportVersion\""))
    return false;
  return Contains(h, "\"vulnerabilities\"") &&
         Contains(h, "\"packageManager\"") &&
         (Contains(h, "\"upgradePath\"") ||
          Contains(h, "\"dependencyCount\"") || Contains(h, "\"uniqueCount\""));
}

std::unique_ptr<Importer> CreateSnykImporter(ImportSink* sink) {
  return std::make_unique<SnykImporter>(sink);
}

}  // namespace exposure
