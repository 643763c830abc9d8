// One finding per failed check result (check x resource) as Prowler writes
// it. PASS results are not exposures, and MANUAL / INFO results are
// reminders to verify something by hand: those records are skipped. Muted
// FAIL results are kept with status "suppressed".
#include "core/importers/prowler_json_importer.h"

#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/json/json_importer.h"
#include "core/import/json/json_records.h"
#include "core/import/json/json_tokenizer.h"
#include "core/importers/prowler_csv_importer.h"
#include "core/importers/sniff_util.h"

namespace exposure {

namespace {

// "[check11] Avoid the use of the root account" -> "check11"
std::string BracketedId(const std::string& title) {
  if (!StartsWith(title, "["))
    return std::string();
  size_t close = title.find(']');
  return close == std::string::npos ? std::string()
                                    : title.substr(1, close - 1);
}

void AddUrl(Finding* f, const std::string& url) {
  if (!url.empty())
    AppendUnique(&f->references, url);
}

class ProwlerJsonImporter : public JsonLinesImporter {
 public:
  explicit ProwlerJsonImporter(ImportSink* sink)
      : JsonLinesImporter("Prowler"), sink_(sink) {}

 private:
  Status OnRecord(const JsonValue& v) override {
    if (v.contains("status_code") || v.contains("finding_info")) {
      AddOcsf(v);
    } else if (v.contains("CheckID")) {
      AddV3(v);
    } else if (v.contains("Control") || v.contains("Account Number")) {
      AddV2(v);
    } else {
      return Status::Error("not a Prowler result: no Status/CheckID/Control");
    }
    return Status::Ok();
  }

  Finding NewFinding(const std::string& severity) {
    Finding f;
    f.tool = "Prowler";
    f.category = Category::kMisconfiguration;
    f.tool_severity = severity;
    Severity s = Severity::kInfo;
    if (ParseSeverity(severity, &s))
      f.severity = s;
    return f;
  }

  void Emit(Finding f,
            const Asset& asset,
            const std::string& resource_id,
            const std::string& region) {
    f.location = !resource_id.empty() ? resource_id : region;
    f.asset = sink_->AddAsset(asset);
    sink_->AddFinding(std::move(f));
  }

  static std::string Join(const std::string& a,
                          const char* label,
                          const std::string& b) {
    if (b.empty())
      return a;
    if (a.empty())
      return b;
    return a + "\n\n" + label + b;
  }

  void AddV2(const JsonValue& v) {
    if (!ProwlerStatusIsFinding(JsonStr(v, "Status")))
      return;
    Finding f = NewFinding(JsonStr(v, "Severity"));
    f.title = JsonStr(v, "Control");
    f.rule_id = BracketedId(f.title);
    std::string control_id = JsonStr(v, "Control ID");
    if (f.rule_id.empty())
      f.rule_id = control_id;
    if (!control_id.empty())
      f.aliases.push_back("CIS-" + control_id);
    f.evidence = JsonStr(v, "Message");
    f.description = sink_->Intern(JsonStr(v, "Risk"));
    f.solution = sink_->Intern(JsonStr(v, "Remediation"));
    AddUrl(&f, JsonStr(v, "Doc link"));
    f.last_seen = JsonStr(v, "Timestamp");
    std::string region = JsonStr(v, "Region");
    Asset a = CloudResourceAsset("aws", JsonStr(v, "Account Number"), region,
                                 "", "", "");
    Emit(std::move(f), a, "", region);
  }

  void AddV3(const JsonValue& v) {
    if (!ProwlerStatusIsFinding(JsonStr(v, "Status")))
      return;
    Finding f = NewFinding(JsonStr(v, "Severity"));
    f.rule_id = JsonStr(v, "CheckID");
    f.title = JsonStr(v, "CheckTitle");
    if (f.title.empty())
      f.title = f.rule_id;
    f.evidence = JsonStr(v, "StatusExtended");
    f.description = sink_->Intern(
        Join(JsonStr(v, "Description"), "Risk: ", JsonStr(v, "Risk")));
    const JsonValue& rem = JsonGet(v, "Remediation");
    const JsonValue& rec = JsonGet(rem, "Recommendation");
    f.solution = sink_->Intern(Join(
        JsonStr(rec, "Text"), "CLI: ", JsonStr(JsonGet(rem, "Code"), "CLI")));
    AddUrl(&f, JsonStr(v, "RelatedUrl"));
    AddUrl(&f, JsonStr(rec, "Url"));
    f.last_seen = JsonStr(v, "AssessmentStartTime");
    if (JsonGet(v, "Muted").is_boolean() && JsonGet(v, "Muted").get<bool>())
      f.status = FindingStatus::kSuppressed;
    std::string provider = ToLower(JsonStr(v, "Provider"));
    std::string region = JsonStr(v, "Region");
    std::string resource = JsonStr(v, "ResourceArn");
    if (resource.empty())
      resource = JsonStr(v, "ResourceId");
    Asset a = CloudResourceAsset(provider, JsonStr(v, "AccountId"), region,
                                 resource, JsonStr(v, "ResourceId"),
                                 JsonStr(v, "ResourceType"));
    Emit(std::move(f), a, resource, region);
  }

  void AddOcsf(const JsonValue& v) {
    if (!ProwlerStatusIsFinding(JsonStr(v, "status_code")))
      return;
    std::string severity = JsonStr(v, "severity");
    if (severity.empty())
      severity = JsonStr(JsonGet(v, "finding_info"), "severity");
    Finding f = NewFinding(severity);
    const JsonValue& info = JsonGet(v, "finding_info");
    f.rule_id = JsonStr(JsonGet(v, "metadata"), "event_code");
    if (f.rule_id.empty())
      f.rule_id = JsonStr(info, "check_id");
    f.title = JsonStr(info, "title");
    if (f.title.empty())
      f.title = JsonStr(v, "message");
    if (f.title.empty())
      f.title = f.rule_id;
    f.evidence = JsonStr(v, "status_detail");
    if (f.evidence.empty())
      f.evidence = JsonStr(v, "message");
    f.description = sink_->Intern(
        Join(JsonStr(info, "desc"), "Risk: ", JsonStr(v, "risk_details")));
    const JsonValue& rem = JsonGet(v, "remediation");
    f.solution = sink_->Intern(JsonStr(rem, "desc"));
    const JsonValue& refs = JsonGet(rem, "references");
    if (refs.is_array()) {
      for (const JsonValue& r : refs) {
        if (r.is_string())
          AddUrl(&f, r.get<std::string>());
      }
    }
    AddUrl(&f, JsonStr(JsonGet(v, "unmapped"), "related_url"));
    f.first_seen = JsonStr(info, "created_time_dt");
    if (f.first_seen.empty())
      f.first_seen = JsonStr(info, "created_time");
    f.last_seen = JsonStr(v, "time_dt");
    if (JsonStr(v, "status") == "Suppressed" ||
        JsonStr(JsonGet(v, "unmapped"), "muted") == "true") {
      f.status = FindingStatus::kSuppressed;
    }
    const JsonValue& cloud = JsonGet(v, "cloud");
    std::string provider = ToLower(JsonStr(cloud, "provider"));
    std::string account = JsonStr(JsonGet(cloud, "account"), "uid");
    std::string region = JsonStr(cloud, "region");
    std::string resource, name, type;
    const JsonValue& resources = JsonGet(v, "resources");
    if (resources.is_array() && !resources.empty()) {
      const JsonValue& r = resources[0];
      resource = JsonStr(r, "uid");
      name = JsonStr(r, "name");
      type = JsonStr(r, "type");
      if (region.empty())
        region = JsonStr(r, "region");
    }
    Asset a =
        CloudResourceAsset(provider, account, region, resource, name, type);
    Emit(std::move(f), a, resource, region);
  }

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffProwlerJson(std::string_view head, bool complete) {
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty())
    return false;
  (void)complete;
  if (h[0] == '{') {
    return Contains(h, "\"Account Number\"") && Contains(h, "\"Control\"") &&
           Contains(h, "\"Status\"");
  }
  return h[0] == '[' && Contains(h, "\"CheckID\"") &&
         Contains(h, "\"FindingUniqueId\"");
}

std::unique_ptr<Importer> CreateProwlerJsonImporter(ImportSink* sink) {
  return std::make_unique<ProwlerJsonImporter>(sink);
}

bool SniffProwlerOcsf(std::string_view head, bool complete) {
  (void)complete;
  std::string_view h = SkipBomAndSpace(head);
  return !h.empty() && h[0] == '[' && Contains(h, "\"status_code\"") &&
         Contains(h, "\"event_code\"") && Contains(h, "\"finding_info\"") &&
         Contains(h, "Prowler");
}

std::unique_ptr<Importer> CreateProwlerOcsfImporter(ImportSink* sink) {
  return std::make_unique<ProwlerJsonImporter>(sink);
}

}  // namespace exposure
