// One finding per failed check result (check x resource) as Prowler writes
// it. PASS results are not exposures, and MANUAL / INFO results are
// reminders to verify something by hand, not detected problems: those rows
// are skipped. Muted FAIL results are kept with status "suppressed".
#include "core/importers/prowler_csv_importer.h"

#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/csv/csv_columns.h"
#include "core/import/csv/csv_importer.h"
#include "core/import/csv/csv_reader.h"

namespace exposure {

namespace {

constexpr size_t kMissing = CsvHeader::kMissing;

// "[check11] Avoid the use of the root account (Scored)" -> "check11"
std::string BracketedId(std::string_view title) {
  title = Trim(title);
  if (!StartsWith(title, "["))
    return std::string();
  size_t close = title.find(']');
  return close == std::string_view::npos
             ? std::string()
             : std::string(title.substr(1, close - 1));
}

class ProwlerCsvImporter : public CsvImporter {
 public:
  explicit ProwlerCsvImporter(ImportSink* sink)
      : CsvImporter(Options()), sink_(sink) {}

 private:
  static CsvOptions Options() {
    CsvOptions o;
    o.delimiter = 0;  // v2: ',', v3 and later: ';'
    return o;
  }

  std::string Str(const CsvRow& row,
                  std::initializer_list<std::string_view> names) const {
    size_t i = FirstColumn(header(), names);
    return i == kMissing ? std::string() : std::string(Trim(row[i]));
  }

  Status OnHeader(const CsvHeader& h) override {
    v2_ = h.Has("CHECK_RESULT");
    if (!v2_ && !(h.Has("STATUS") && h.Has("CHECK_ID"))) {
      return Status::Error(
          "not a Prowler CSV export: no CHECK_RESULT or STATUS/CHECK_ID "
          "columns");
    }
    return Status::Ok();
  }

  Status OnRecord(const CsvRow& row) override {
    if (row.blank())
      return Status::Ok();
    std::string status = Str(row, {"CHECK_RESULT", "STATUS"});
    if (!ProwlerStatusIsFinding(status))
      return Status::Ok();
    Finding f;
    f.tool = "Prowler";
    f.category = Category::kMisconfiguration;
    std::string provider = ToLower(Str(row, {"PROVIDER"}));
    std::string account =
        Str(row, {"ACCOUNT_UID", "ACCOUNT_ID", "ACCOUNT_NUM"});
    std::string region = Str(row, {"REGION"});
    std::string resource_id =
        Str(row, {"RESOURCE_UID", "RESOURCE_ARN", "RESOURCE_ID"});
    std::string resource_name = Str(row, {"RESOURCE_NAME"});
    std::string resource_type =
        Str(row, {"RESOURCE_TYPE", "CHECK_ASFF_RESOURCE_TYPE"});
    if (v2_) {
      provider = "aws";
      std::string title = Str(row, {"TITLE_TEXT"});
      f.rule_id = BracketedId(title);
      if (f.rule_id.empty())
        f.rule_id = Str(row, {"TITLE_ID"});
      f.title = title;
      std::string cis = Str(row, {"TITLE_ID"});
      if (!cis.empty())
        f.aliases.push_back("CIS-" + cis);
    } else {
      f.rule_id = Str(row, {"CHECK_ID"});
      f.title = Str(row, {"CHECK_TITLE"});
    }
    if (f.title.empty())
      f.title = f.rule_id;
    f.tool_severity = Str(row, {"SEVERITY", "CHECK_SEVERITY"});
    Severity sev = Severity::kInfo;
    if (ParseSeverity(f.tool_severity, &sev))
      f.severity = sev;
    if (EqualsIgnoreCase(Str(row, {"MUTED"}), "True"))
      f.status = FindingStatus::kSuppressed;

    std::string description = CleanText(Str(row, {"DESCRIPTION"}));
    std::string risk = CleanText(Str(row, {"RISK", "CHECK_RISK"}));
    if (!risk.empty())
      description += (description.empty() ? "" : "\n\nRisk: ") + risk;
    f.description = sink_->Intern(description);
    std::string solution = CleanText(
        Str(row, {"REMEDIATION_RECOMMENDATION_TEXT", "CHECK_REMEDIATION"}));
    std::string cli = CleanText(Str(row, {"REMEDIATION_CODE_CLI"}));
    if (!cli.empty())
      solution += (solution.empty() ? "" : "\n\nCLI: ") + cli;
    f.solution = sink_->Intern(solution);
    f.evidence =
        CleanText(Str(row, {"STATUS_EXTENDED", "CHECK_RESULT_EXTENDED"}));
    for (const char* col :
         {"RELATED_URL", "REMEDIATION_RECOMMENDATION_URL", "CHECK_DOC"}) {
      std::string url = Str(row, {col});
      if (!url.empty())
        AppendUnique(&f.references, url);
    }
    for (std::string& url : SplitTrimmed(Str(row, {"ADDITIONAL_URLS"}), "| "))
      AppendUnique(&f.references, std::move(url));
    std::string when = Str(row, {"TIMESTAMP", "ASSESSMENT_START_TIME"});
    f.last_seen = NormalizeDate(when);

    Asset a = CloudResourceAsset(provider, account, region, resource_id,
                                 resource_name, resource_type);
    f.location = !resource_id.empty() ? resource_id : region;
    f.asset = sink_->AddAsset(a);
    sink_->AddFinding(std::move(f));
    return Status::Ok();
  }

  ImportSink* sink_;
  bool v2_ = false;
};

}  // namespace

Asset CloudResourceAsset(const std::string& provider,
                         const std::string& account,
                         const std::string& region,
                         const std::string& resource_id,
                         const std::string& resource_name,
                         const std::string& resource_type) {
  Asset a;
  a.kind = AssetKind::kCloudResource;
  if (!resource_id.empty()) {
    a.ids.cloud_id = resource_id;
    a.name = !resource_name.empty() ? resource_name : resource_id;
  } else if (!account.empty()) {
    // Account-level results: the account itself, by its root ARN on AWS.
    a.ids.cloud_id = (provider.empty() || provider == "aws")
                         ? "arn:aws:iam::" + account + ":root"
                         : provider + ":" + account;
    a.name = (provider.empty() ? std::string("aws") : provider) + " account " +
             account;
  } else {
    a.name = provider.empty() ? "cloud account" : provider + " account";
  }
  if (!provider.empty())
    a.tags.push_back(provider);
  if (!region.empty())
    a.tags.push_back("region:" + region);
  if (!resource_type.empty())
    a.tags.push_back("type:" + resource_type);
  return a;
}

bool ProwlerStatusIsFinding(std::string_view status) {
  status = Trim(status);
  return EqualsIgnoreCase(status, "FAIL") ||
         EqualsIgnoreCase(status, "WARNING");
}

bool SniffProwlerCsv(std::string_view head, bool complete) {
  auto records = CsvHeadRecords(head, complete, 1);
  if (records.empty())
    return false;
  const std::vector<std::string>& h = records[0];
  return HasColumns(h, {"ACCOUNT_NUM", "TITLE_ID", "CHECK_RESULT"}) ||
         HasColumns(h, {"CHECK_ID", "CHECK_TITLE", "STATUS", "SEVERITY"});
}

std::unique_ptr<Importer> CreateProwlerCsvImporter(ImportSink* sink) {
  return std::make_unique<ProwlerCsvImporter>(sink);
}

}  // namespace exposure
