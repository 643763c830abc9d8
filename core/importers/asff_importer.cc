// One finding per ASFF Finding, except control checks that passed
// (Compliance.Status PASSED): a passed check is not an exposure, so those
// are skipped. The findings may be wrapped ({"Findings": [...]}, a bare
// array) or stand alone: a file holding one finding object, or JSON lines
// of them as Prowler 2 writes with -M json-asff. A finding repeating the Id
// of an earlier one in the same file is the same finding exported twice and
// is not counted again. Findings that are archived (RecordState ARCHIVED) or
// whose workflow is RESOLVED get status "fixed"; SUPPRESSED workflow gives
// "suppressed".
//
// The asset is Resources[0]: an ECR image becomes a container image, other
// resources a cloud resource identified by their ARN / id.
#include "core/importers/asff_importer.h"

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/json/json_importer.h"
#include "core/import/json/json_records.h"
#include "core/import/json/json_tokenizer.h"
#include "core/importers/json_members.h"
#include "core/importers/sniff_util.h"

namespace exposure {

namespace {

std::string CvssVersion(const std::string& stated, const std::string& vector) {
  if (StartsWith(vector, "CVSS:3.1/"))
    return "3.1";
  if (StartsWith(vector, "CVSS:3.0/"))
    return "3.0";
  if (StartsWith(vector, "CVSS:4.0/"))
    return "4.0";
  if (stated == "2" || stated == "2.0")
    return "2.0";
  return stated;
}

bool IsCheck(const JsonValue& v) {
  if (!JsonStr(JsonGet(v, "Compliance"), "Status").empty())
    return true;
  const JsonValue& types = JsonGet(v, "Types");
  if (types.is_array()) {
    for (const JsonValue& t : types) {
      if (t.is_string() && StartsWith(t.get<std::string>(),
                                      "Software and Configuration Checks/"
                                      "Industry and Regulatory Standards")) {
        return true;
      }
    }
  }
  return false;
}

bool IsFindingsList(std::string_view path) {
  return path == "$.Findings" || path == "$.findings";
}

class AsffImporter : public JsonImporter {
 public:
  explicit AsffImporter(ImportSink* sink)
      : JsonImporter(Limits()), sink_(sink) {}

 private:
  static JsonLimits Limits() {
    JsonLimits l;
    l.multiple_values = true;  // Prowler 2 writes one finding per line
    return l;
  }

  Status Check() override {
    if (records_.root_type() != '[' && !seen_list_ && !seen_object_) {
      return Status::Error(
          "not an ASFF document: no Findings array, finding object or array");
    }
    return Status::Ok();
  }

  // A top-level object may be a wrapper ({"Findings": [...]}) or a finding
  // itself, which its first key does not tell. So the object is walked: a
  // Findings list streams record by record as always, and every other
  // member is kept (a finding's members are small) until the object ends
  // and shows which it was.
  bool Want(const std::string& path) override {
    if (path == "$[]" || path == "$.Findings[]" || path == "$.findings[]")
      return true;
    return StartsWith(path, "$.") && path.find('.', 2) == std::string::npos &&
           !IsFindingsList(path);
  }

  Status OnEnter(const std::string& path) override {
    if (path == "$") {
      members_.Clear();
      wrapper_ = false;
    } else if (IsFindingsList(path)) {
      seen_list_ = true;
      wrapper_ = true;
    }
    return Status::Ok();
  }

  Status OnLeave(const std::string& path) override {
    if (path != "$" || members_.empty())
      return Status::Ok();
    if (!wrapper_ && members_.Has("SchemaVersion") &&
        members_.Has("ProductArn")) {
      seen_object_ = true;
      Add(members_.Object());
    }
    members_.Clear();
    return Status::Ok();
  }

  Status OnValue(const std::string& path, const JsonValue& v) override {
    if (path != "$[]" && !StartsWith(path, "$.Findings[") &&
        !StartsWith(path, "$.findings[")) {
      members_.Add(std::string_view(path).substr(2), v);
      return Status::Ok();
    }
    if (!v.is_object())
      return Status::Error("expected an ASFF finding object");
    Add(v);
    return Status::Ok();
  }

  void Add(const JsonValue& v) {
    const JsonValue& compliance = JsonGet(v, "Compliance");
    std::string compliance_status = JsonStr(compliance, "Status");
    if (compliance_status == "PASSED")
      return;
    std::string id = JsonStr(v, "Id");
    if (!id.empty() && !seen_ids_.insert(id).second)
      return;

    Finding f;
    std::string product = JsonStr(v, "ProductName");
    if (product.empty())
      product =
          JsonStr(JsonGet(v, "ProductFields"), "aws/securityhub/ProductName");
    if (product.empty()) {
      // "arn:aws:securityhub:us-east-1::product/aws/guardduty"
      std::string arn = JsonStr(v, "ProductArn");
      size_t slash = arn.rfind('/');
      if (slash != std::string::npos)
        product = arn.substr(slash + 1);
    }
    f.tool = product.empty() ? "AWS Security Hub" : product;

    const JsonValue& sev = JsonGet(v, "Severity");
    f.tool_severity = JsonStr(sev, "Label");
    if (f.tool_severity.empty())
      f.tool_severity = JsonStr(sev, "Original");
    Severity s = Severity::kInfo;
    if (ParseSeverity(f.tool_severity, &s)) {
      f.severity = s;
    } else {
      // Normalized 0-100: 1-39 low, 40-69 medium, 70-89 high, 90+ critical.
      int n = JsonScoreTenths(sev, "Normalized");
      n = n < 0 ? 0 : n / 10;
      f.severity = n >= 90   ? Severity::kCritical
                   : n >= 70 ? Severity::kHigh
                   : n >= 40 ? Severity::kMedium
                   : n >= 1  ? Severity::kLow
                             : Severity::kInfo;
    }

    f.title = JsonStr(v, "Title");
    f.rule_id = JsonStr(JsonGet(v, "ProductFields"), "ControlId");
    if (f.rule_id.empty())
      f.rule_id = JsonStr(JsonGet(v, "Compliance"), "SecurityControlId");
    if (f.rule_id.empty())
      f.rule_id = JsonStr(v, "GeneratorId");
    if (f.title.empty())
      f.title = f.rule_id;
    f.description = sink_->Intern(JsonStr(v, "Description"));
    const JsonValue& rec = JsonGet(JsonGet(v, "Remediation"), "Recommendation");
    f.solution = sink_->Intern(JsonStr(rec, "Text"));
    std::string rec_url = JsonStr(rec, "Url");
    if (!rec_url.empty())
      AppendUnique(&f.references, rec_url);
    std::string source_url = JsonStr(v, "SourceUrl");
    if (!source_url.empty())
      AppendUnique(&f.references, source_url);
    f.first_seen = JsonStr(v, "FirstObservedAt");
    if (f.first_seen.empty())
      f.first_seen = JsonStr(v, "CreatedAt");
    f.last_seen = JsonStr(v, "LastObservedAt");
    if (f.last_seen.empty())
      f.last_seen = JsonStr(v, "UpdatedAt");

    std::string record_state = JsonStr(v, "RecordState");
    std::string workflow = JsonStr(JsonGet(v, "Workflow"), "Status");
    if (workflow.empty())
      workflow = JsonStr(v, "WorkflowState");
    if (record_state == "ARCHIVED" || workflow == "RESOLVED") {
      f.status = FindingStatus::kFixed;
    } else if (workflow == "SUPPRESSED") {
      f.status = FindingStatus::kSuppressed;
    }

    // Vulnerabilities (Inspector): CVEs / GHSAs, CVSS, the package.
    const JsonValue& vulns = JsonGet(v, "Vulnerabilities");
    if (vulns.is_array()) {
      for (const JsonValue& vuln : vulns) {
        std::string vid = JsonStr(vuln, "Id");
        if (StartsWith(vid, "CVE-")) {
          AppendUnique(&f.cves, vid);
        } else if (!vid.empty()) {
          AppendUnique(&f.aliases, vid);
        }
        // Inspector states the EPSS probability without a percentile.
        int epss = JsonProbability5(vuln, "EpssScore");
        if (epss > f.file_epss)
          f.file_epss = epss;
        const JsonValue& cvss = JsonGet(vuln, "Cvss");
        if (cvss.is_array()) {
          for (const JsonValue& c : cvss) {
            std::string vector = JsonStr(c, "BaseVector");
            CvssVector cv{CvssVersion(JsonStr(c, "Version"), vector), vector,
                          ToLower(JsonStr(c, "Source")),
                          JsonScoreTenths(c, "BaseScore")};
            bool dup = false;
            for (const CvssVector& have : f.cvss) {
              dup = dup ||
                    (have.vector == cv.vector && have.source == cv.source &&
                     have.score_tenths == cv.score_tenths);
            }
            if (!dup)
              f.cvss.push_back(std::move(cv));
          }
        }
        const JsonValue& refs = JsonGet(vuln, "ReferenceUrls");
        if (refs.is_array()) {
          for (const JsonValue& r : refs) {
            if (r.is_string())
              AppendUnique(&f.references, r.get<std::string>());
          }
        }
        std::string vendor_url = JsonStr(JsonGet(vuln, "Vendor"), "Url");
        if (!vendor_url.empty())
          AppendUnique(&f.references, vendor_url);
        if (JsonStr(vuln, "ExploitAvailable") == "YES")
          f.evidence_flags |= kEvidenceExploit;
        const JsonValue& pkgs = JsonGet(vuln, "VulnerablePackages");
        if (pkgs.is_array() && !pkgs.empty() && f.component.name.empty()) {
          const JsonValue& p = pkgs[0];
          f.component.name = JsonStr(p, "Name");
          std::string version = JsonStr(p, "Version");
          std::string release = JsonStr(p, "Release");
          std::string epoch = JsonStr(p, "Epoch");
          if (!release.empty())
            version += "-" + release;
          if (!epoch.empty() && epoch != "0")
            version = epoch + ":" + version;
          f.component.installed = version;
          f.component.fixed = JsonStr(p, "FixedInVersion");
          f.component.type = ToLower(JsonStr(p, "PackageManager"));
          f.component.path = JsonStr(p, "FilePath");
        }
      }
    }
    // Control checks are misconfigurations; Inspector results and threat
    // detections (GuardDuty) are vulnerabilities of the resource.
    f.category = f.cves.empty() && f.aliases.empty() && IsCheck(v)
                     ? Category::kMisconfiguration
                     : Category::kVulnerability;

    // Where: the first resource.
    Asset a;
    a.kind = AssetKind::kCloudResource;
    std::string region = JsonStr(v, "Region");
    const JsonValue& resources = JsonGet(v, "Resources");
    if (resources.is_array() && !resources.empty()) {
      const JsonValue& r = resources[0];
      std::string rid = JsonStr(r, "Id");
      std::string type = JsonStr(r, "Type");
      if (region.empty())
        region = JsonStr(r, "Region");
      a.ids.cloud_id = rid;
      a.name = rid;
      f.location = rid;
      if (!type.empty())
        a.tags.push_back("type:" + type);
      const JsonValue& details = JsonGet(r, "Details");
      const JsonValue& ecr = JsonGet(details, "AwsEcrContainerImage");
      const JsonValue& ec2 = JsonGet(details, "AwsEc2Instance");
      if (ecr.is_object()) {
        a.kind = AssetKind::kContainerImage;
        std::string repo = JsonStr(ecr, "RepositoryName");
        std::string digest = JsonStr(ecr, "ImageDigest");
        std::string registry = JsonStr(ecr, "RegistryId");
        std::string image = repo;
        if (!registry.empty() && !region.empty()) {
          image = registry + ".dkr.ecr." + region + ".amazonaws.com/" + repo;
        }
        if (!digest.empty())
          image += "@" + digest;
        a.ids.image = image;
        a.name = image;
      } else if (ec2.is_object()) {
        const JsonValue& ips = JsonGet(ec2, "IpV4Addresses");
        if (ips.is_array() && !ips.empty() && ips[0].is_string())
          a.ids.ip = ips[0].get<std::string>();
        std::string platform = JsonStr(ec2, "Platform");
        if (!platform.empty())
          a.os = platform;
      }
    } else {
      std::string account = JsonStr(v, "AwsAccountId");
      if (!account.empty()) {
        a.ids.cloud_id = "arn:aws:iam::" + account + ":root";
        a.name = "aws account " + account;
      } else {
        a.name = "aws";
      }
    }
    if (!region.empty())
      a.tags.push_back("region:" + region);
    f.asset = sink_->AddAsset(a);
    sink_->AddFinding(std::move(f));
  }

  bool seen_list_ = false;
  bool seen_object_ = false;  // a top-level finding object
  // The members of the top-level object being read, and whether it holds
  // a Findings list.
  RootMembers members_;
  bool wrapper_ = false;
  std::set<std::string> seen_ids_;

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffAsff(std::string_view head, bool complete) {
  (void)complete;
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty() || (h[0] != '{' && h[0] != '['))
    return false;
  // Every ASFF finding has these (AwsAccountId is missing from some
  // exports).
  return Contains(h, "\"SchemaVersion\"") && Contains(h, "\"ProductArn\"") &&
         Contains(h, "\"GeneratorId\"") && Contains(h, "\"Resources\"");
}

std::unique_ptr<Importer> CreateAsffImporter(ImportSink* sink) {
  return std::make_unique<AsffImporter>(sink);
}

}  // namespace exposure
