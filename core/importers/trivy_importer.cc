#include "core/importers/trivy_importer.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/base/time.h"
#include "core/import/json/json_importer.h"
#include "core/import/json/json_records.h"
#include "core/import/json/json_tokenizer.h"
#include "core/importers/sniff_util.h"

namespace exposure {

namespace {

bool EndsWithPath(std::string_view path, std::string_view suffix) {
  return EndsWith(path, suffix);
}

// True for the path of one Result object in any of the layouts:
// "$.Results[]", "$[]" (legacy), "$.Resources[].Results[]",
// "$.Vulnerabilities[].Results[]", "$.Misconfigurations[].Results[]".
bool IsResultPath(std::string_view path) {
  return path == "$[]" || EndsWithPath(path, ".Results[]");
}

// True for the path of one Kubernetes resource.
bool IsResourcePath(std::string_view path) {
  return path == "$.Resources[]" || path == "$.Vulnerabilities[]" ||
         path == "$.Misconfigurations[]";
}

// "alpine:3.10 (alpine 3.10.9)" -> "alpine:3.10"
std::string StripOsSuffix(const std::string& target) {
  size_t paren = target.find(" (");
  return paren == std::string::npos ? target : target.substr(0, paren);
}

class TrivyImporter : public JsonImporter {
 public:
  explicit TrivyImporter(ImportSink* sink) : sink_(sink) {}

 private:
  // Any well-formed document the sniffer took is a report, including
  // `null`: Trivy's legacy output for an image with nothing to report.
  Status Check() override { return Status::Ok(); }

  // Per Result: what its records need from it, known only at its end when
  // Trivy (or a reformatter) put the records before the Target.
  struct Pending {
    Finding finding;
    size_t result;  // index into results_
  };
  struct ResultInfo {
    std::string target;
    std::string klass;
    std::string type;
  };

  bool Want(const std::string& path) override {
    if (path == "$.ArtifactName" || path == "$.ArtifactType" ||
        path == "$.Metadata" || path == "$.ClusterName" ||
        path == "$.CreatedAt") {
      return true;
    }
    if (IsResultPath(ParentOf(path))) {
      std::string_view leaf = LeafKey(path);
      return leaf == "Target" || leaf == "Class" || leaf == "Type";
    }
    if (IsResourcePath(ParentOf(path))) {
      std::string_view leaf = LeafKey(path);
      return leaf == "Namespace" || leaf == "Kind" || leaf == "Name";
    }
    if (EndsWith(path, "[]")) {
      std::string_view parent =
          std::string_view(path).substr(0, path.size() - 2);
      if (IsResultPath(ParentOf(parent))) {
        std::string_view leaf = LeafKey(parent);
        return leaf == "Vulnerabilities" || leaf == "Misconfigurations" ||
               leaf == "Secrets" || leaf == "Licenses";
      }
    }
    return false;
  }

  // Views of `path`, which must outlive them.
  static std::string_view ParentOf(std::string_view path) {
    if (EndsWith(path, "[]"))
      return path.substr(0, path.size() - 2);
    size_t dot = path.rfind('.');
    return dot == std::string_view::npos ? std::string_view()
                                         : path.substr(0, dot);
  }

  static std::string_view LeafKey(std::string_view path) {
    size_t dot = path.rfind('.');
    return dot == std::string_view::npos ? std::string_view()
                                         : path.substr(dot + 1);
  }

  Status OnEnter(const std::string& path) override {
    if (IsResourcePath(path)) {
      in_resource_ = true;
      resource_ = {};
    } else if (IsResultPath(path)) {
      results_.emplace_back();
      current_result_ = results_.size() - 1;
    }
    return Status::Ok();
  }

  Status OnLeave(const std::string& path) override {
    if (IsResourcePath(path)) {
      Flush();
      in_resource_ = false;
    } else if (IsResultPath(path) && !in_resource_ && artifact_known()) {
      Flush();
    }
    return Status::Ok();
  }

  bool artifact_known() const { return !artifact_name_.empty(); }

  Status OnValue(const std::string& path, const JsonValue& v) override {
    if (path == "$.ArtifactName") {
      artifact_name_ = v.is_string() ? v.get<std::string>() : "";
    } else if (path == "$.ArtifactType") {
      artifact_type_ = v.is_string() ? v.get<std::string>() : "";
    } else if (path == "$.ClusterName") {
      cluster_ = v.is_string() ? v.get<std::string>() : "";
    } else if (path == "$.CreatedAt") {
      created_at_ = NormalizeIso8601(v.is_string() ? v.get<std::string>() : "");
      if (!created_at_.empty()) {
        for (size_t index : undated_)
          AddScan(index);
      }
      undated_.clear();
    } else if (path == "$.Metadata") {
      const JsonValue& os = JsonGet(v, "OS");
      std::string family = JsonStr(os, "Family");
      std::string name = JsonStr(os, "Name");
      os_ = family.empty() ? name : std::string(Trim(family + " " + name));
    } else if (IsResourcePath(ParentOf(path))) {
      std::string_view leaf = LeafKey(path);
      std::string value = v.is_string() ? v.get<std::string>() : "";
      if (leaf == "Namespace")
        resource_.ns = value;
      if (leaf == "Kind")
        resource_.kind = value;
      if (leaf == "Name")
        resource_.name = value;
    } else if (IsResultPath(ParentOf(path))) {
      std::string_view leaf = LeafKey(path);
      std::string value = v.is_string() ? v.get<std::string>() : "";
      ResultInfo& r = results_[current_result_];
      if (leaf == "Target")
        r.target = value;
      if (leaf == "Class")
        r.klass = value;
      if (leaf == "Type")
        r.type = value;
    } else {
      std::string_view list = LeafKey(ParentOf(path));
      if (!v.is_object())
        return Status::Ok();
      if (list == "Vulnerabilities") {
        AddVulnerability(v);
      } else if (list == "Misconfigurations") {
        AddMisconfiguration(v);
      } else if (list == "Secrets") {
        AddSecret(v);
      } else if (list == "Licenses") {
        AddLicense(v);
      }
    }
    return Status::Ok();
  }

  // Starts a record in place at the end of pending_; Queue() completes it.
  Finding& NewFinding(const JsonValue& v, Category category) {
    pending_.emplace_back();
    pending_.back().result = current_result_;
    Finding& f = pending_.back().finding;
    f.tool = "Trivy";
    f.category = category;
    f.tool_severity = JsonStr(v, "Severity");
    Severity sev = Severity::kInfo;
    if (ParseSeverity(f.tool_severity, &sev))
      f.severity = sev;
    const JsonValue& refs = JsonGet(v, "References");
    if (refs.is_array()) {
      for (const JsonValue& r : refs) {
        if (r.is_string())
          AppendUnique(&f.references, r.get<std::string>());
      }
    }
    std::string primary = JsonStr(v, "PrimaryURL");
    if (!primary.empty()) {
      f.references.insert(f.references.begin(), primary);
      // Keep the list free of the duplicate that may follow.
      for (size_t i = 1; i < f.references.size(); ++i) {
        if (f.references[i] == primary) {
          f.references.erase(f.references.begin() + static_cast<long>(i));
          break;
        }
      }
    }
    return f;
  }

  void AddVulnerability(const JsonValue& v) {
    Finding& f = NewFinding(v, Category::kVulnerability);
    f.rule_id = JsonStr(v, "VulnerabilityID");
    if (StartsWith(f.rule_id, "CVE-")) {
      AppendUnique(&f.cves, f.rule_id);
    } else {
      AppendUnique(&f.aliases, f.rule_id);
    }
    const JsonValue& vendor_ids = JsonGet(v, "VendorIDs");
    if (vendor_ids.is_array()) {
      for (const JsonValue& id : vendor_ids) {
        if (id.is_string())
          AppendUnique(&f.aliases, id.get<std::string>());
      }
    }
    f.title = JsonStr(v, "Title");
    if (f.title.empty())
      f.title = f.rule_id;
    f.component.name = JsonStr(v, "PkgName");
    f.component.installed = JsonStr(v, "InstalledVersion");
    f.component.fixed = JsonStr(v, "FixedVersion");
    f.component.path = JsonStr(v, "PkgPath");
    f.component.purl = JsonStr(JsonGet(v, "PkgIdentifier"), "PURL");
    const JsonValue& cwes = JsonGet(v, "CweIDs");
    if (cwes.is_array()) {
      for (const JsonValue& c : cwes) {
        if (c.is_string())
          AppendUnique(&f.cwes, c.get<std::string>());
      }
    }
    const JsonValue& cvss = JsonGet(v, "CVSS");
    if (cvss.is_object()) {
      // Objects iterate in key order: deterministic.
      for (auto it = cvss.begin(); it != cvss.end(); ++it) {
        const JsonValue& c = it.value();
        std::string v2 = JsonStr(c, "V2Vector");
        std::string v3 = JsonStr(c, "V3Vector");
        std::string v4 = JsonStr(c, "V40Vector");
        if (!v2.empty()) {
          f.cvss.push_back({"2.0", v2, std::string(it.key()),
                            JsonScoreTenths(c, "V2Score")});
        }
        if (!v3.empty()) {
          std::string version = StartsWith(v3, "CVSS:3.0/") ? "3.0" : "3.1";
          f.cvss.push_back({version, v3, std::string(it.key()),
                            JsonScoreTenths(c, "V3Score")});
        }
        if (!v4.empty()) {
          f.cvss.push_back({"4.0", v4, std::string(it.key()),
                            JsonScoreTenths(c, "V40Score")});
        }
      }
    }
    f.description = sink_->Intern(JsonStr(v, "Description"));
    if (!f.component.fixed.empty()) {
      f.solution = sink_->Intern("Upgrade " + f.component.name + " to " +
                                 f.component.fixed + " or later.");
    }
    f.published = JsonStr(v, "PublishedDate");
    std::string status = JsonStr(v, "Status");
    if (status == "not_affected")
      f.status = FindingStatus::kNotAffected;
    Queue(f);
  }

  void AddMisconfiguration(const JsonValue& v) {
    // Passed checks are not exposures.
    std::string status = JsonStr(v, "Status");
    if (status == "PASS" || status == "EXCEPTION")
      return;
    Finding& f = NewFinding(v, Category::kMisconfiguration);
    f.rule_id = JsonStr(v, "AVDID");
    if (f.rule_id.empty())
      f.rule_id = JsonStr(v, "ID");
    f.title = JsonStr(v, "Title");
    if (f.title.empty())
      f.title = f.rule_id;
    f.description = sink_->Intern(JsonStr(v, "Description"));
    f.solution = sink_->Intern(JsonStr(v, "Resolution"));
    f.evidence = JsonStr(v, "Message");
    const JsonValue& cause = JsonGet(v, "CauseMetadata");
    line_ = JsonStr(cause, "StartLine");
    Queue(f);
  }

  void AddSecret(const JsonValue& v) {
    Finding& f = NewFinding(v, Category::kSecret);
    f.rule_id = JsonStr(v, "RuleID");
    f.title = JsonStr(v, "Title");
    if (f.title.empty())
      f.title = f.rule_id;
    f.evidence = JsonStr(v, "Match");  // Trivy masks the secret itself
    line_ = JsonStr(v, "StartLine");
    Queue(f);
  }

  void AddLicense(const JsonValue& v) {
    Finding& f = NewFinding(v, Category::kLicense);
    std::string name = JsonStr(v, "Name");
    std::string category = JsonStr(v, "Category");
    f.rule_id = "license:" + name;
    f.title =
        "License " + name + (category.empty() ? "" : " (" + category + ")");
    f.component.name = JsonStr(v, "PkgName");
    f.component.path = JsonStr(v, "FilePath");
    std::string link = JsonStr(v, "Link");
    if (!link.empty())
      AppendUnique(&f.references, link);
    Queue(f);
  }

  // Records wait until their Result (and resource) is complete.
  void Queue(Finding& f) {
    f.location = line_;  // completed with the target in Flush()
    line_.clear();
  }

  void Flush() override {
    if (pending_.empty())
      return;
    Asset asset = ArtifactAsset();
    size_t index = sink_->AddAsset(asset);
    // One scan per artifact: its records all resolve to one asset.
    if (scanned_.insert(asset.name).second) {
      if (!created_at_.empty()) {
        AddScan(index);
      } else {
        undated_.push_back(index);  // CreatedAt may follow the Results
      }
    }
    for (Pending& p : pending_) {
      Finding& f = p.finding;
      const ResultInfo& r = results_[p.result];
      std::string line = std::move(f.location);
      f.location = r.target;
      if (!line.empty() && line != "0")
        f.location += ":" + line;
      if (f.component.type.empty())
        f.component.type = r.type;
      f.asset = index;
      sink_->AddFinding(std::move(f));
    }
    pending_.clear();
  }

  // The report's CreatedAt is when Trivy scanned its artifact; Trivy does
  // not log in anywhere, so credentialed stays unset.
  void AddScan(size_t index) {
    AssetScan scan;
    scan.asset = index;
    scan.time = created_at_;
    sink_->AddAssetScan(scan);
  }

  Asset ArtifactAsset() const {
    Asset a;
    if (in_resource_ || !resource_.name.empty()) {
      a.kind = AssetKind::kKubernetesWorkload;
      a.name = resource_.ns + "/" + resource_.kind + "/" + resource_.name;
      a.ids.k8s = (cluster_.empty() ? "" : cluster_ + "/") + a.name;
      return a;
    }
    std::string name = artifact_name_;
    if (name.empty() && !results_.empty()) {
      name = StripOsSuffix(results_[pending_.front().result].target);
    }
    a.name = name;
    a.os = os_;
    if (artifact_type_ == "filesystem" || artifact_type_ == "repository" ||
        artifact_type_ == "vm") {
      a.kind =
          artifact_type_ == "vm" ? AssetKind::kHost : AssetKind::kRepository;
      if (artifact_type_ == "vm") {
        a.ids.hostname = name;
      } else {
        a.ids.repository = name;
      }
    } else {
      a.kind = AssetKind::kContainerImage;
      a.ids.image = name;
    }
    return a;
  }

  struct Resource {
    std::string ns;
    std::string kind;
    std::string name;
  };

  std::string artifact_name_;
  std::string artifact_type_;
  std::string cluster_;
  std::string os_;
  bool in_resource_ = false;
  Resource resource_;
  std::vector<ResultInfo> results_;
  size_t current_result_ = 0;
  // The last may be the record being read; cleared per flush, keeping
  // capacity.
  std::vector<Pending> pending_;
  std::string line_;
  std::string created_at_;         // $.CreatedAt in UTC, "" until read
  std::set<std::string> scanned_;  // names of the assets given a scan
  std::vector<size_t> undated_;    // ... before CreatedAt was read

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffTrivy(std::string_view head, bool complete) {
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty())
    return false;
  if (h[0] == '{') {
    if (Contains(h, "\"SchemaVersion\"") &&
        (Contains(h, "\"ArtifactName\"") || Contains(h, "\"Results\""))) {
      return true;
    }
    // Kubernetes reports start with the cluster name.
    return Contains(h, "\"ClusterName\"") &&
           (Contains(h, "\"Resources\"") ||
            Contains(h, "\"Vulnerabilities\"") ||
            Contains(h, "\"Misconfigurations\""));
  }
  if (h[0] == '[') {
    // Legacy: an array of Results.
    return Contains(h, "\"Target\"") &&
           (Contains(h, "\"Vulnerabilities\"") || Contains(h, "\"Type\""));
  }
  // The legacy format prints `null` when there is nothing to report.
  return complete && Trim(h) == "null";
}

std::unique_ptr<Importer> CreateTrivyImporter(ImportSink* sink) {
  return std::make_unique<TrivyImporter>(sink);
}

}  // namespace exposure
