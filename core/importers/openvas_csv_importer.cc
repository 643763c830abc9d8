// One finding per result row (host x port x NVT). A row repeating the
// Result ID of an earlier row is the same result written twice and is not
// counted again. "Log" results are kept as informational findings. The
// severity is the XML importer's (GreenboneSeverity) from the CVSS column,
// so a scan rates the same in either export. A row whose QoD column (the
// quality of detection, a number: the CSV has no QoD type) is 99 or 100 is
// confirmed, as the XML importer's GreenboneConfirmed says.
//
// Scans: one per host (by IP, else name), dated by the latest Timestamp of
// its results, in UTC: when the scan last produced a result for it, the
// only time the export carries. Added once the file has ended. The export
// does not say whether the scan logged in: credentialed is never set.
#include "core/importers/openvas_csv_importer.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/base/time.h"
#include "core/import/csv/csv_columns.h"
#include "core/import/csv/csv_importer.h"
#include "core/import/csv/csv_reader.h"
#include "core/importers/latest_scans.h"
#include "core/importers/openvas_xml_importer.h"
#include "core/importers/text_util.h"

namespace exposure {

namespace {

class OpenvasCsvImporter : public CsvImporter {
 public:
  explicit OpenvasCsvImporter(ImportSink* sink) : sink_(sink) {}

 private:
  Status OnHeader(const CsvHeader& h) override {
    if (!h.Has("NVT Name") && !h.Has("NVT OID")) {
      return Status::Error(
          "not an OpenVAS CSV export: no NVT Name or NVT OID column");
    }
    return Status::Ok();
  }

  Status OnRecord(const CsvRow& row) override {
    if (row.blank())
      return Status::Ok();
    std::string result_id = Str(row, "Result ID");
    if (!result_id.empty() && !seen_.insert(result_id).second)
      return Status::Ok();
    Finding f;
    f.tool = "OpenVAS";
    f.rule_id = Str(row, "NVT OID");
    f.title = Str(row, "NVT Name");
    if (f.title.empty())
      f.title = f.rule_id;
    // The "CVSS" column is the result's severity score; the "Severity"
    // class next to it follows the bands of the gvmd that wrote the file.
    f.tool_severity = Str(row, "Severity");
    Severity sev = GreenboneSeverity(Str(row, "CVSS"), f.tool_severity);
    f.severity = sev;
    f.cves = ExtractCves(Get(row, "CVEs"));
    f.category = CheckCategory(sev, f.cves);
    for (const std::string& bid : SplitTrimmed(Get(row, "BIDs"), ", ")) {
      AppendUnique(&f.aliases, "BID-" + bid);
    }
    for (const std::string& cert : SplitTrimmed(Get(row, "CERTs"), ", ")) {
      AppendUnique(&f.aliases, cert);
    }
    for (std::string& ref :
         SplitTrimmed(Get(row, "Other References"), ", \n")) {
      AppendUnique(&f.references, std::move(ref));
    }

    std::string description = CleanText(Get(row, "Summary"));
    for (const char* part :
         {"Vulnerability Insight", "Impact", "Affected Software/OS",
          "Vulnerability Detection Method"}) {
      std::string text = CleanText(Get(row, part));
      if (!text.empty()) {
        description += (description.empty() ? "" : "\n\n") + std::string(part) +
                       ": " + text;
      }
    }
    f.description = sink_->Intern(description);
    std::string solution = CleanText(Get(row, "Solution"));
    std::string solution_type = Str(row, "Solution Type");
    if (!solution.empty() && !solution_type.empty())
      solution = solution_type + ": " + solution;
    f.solution = sink_->Intern(solution);
    f.evidence = CleanText(Get(row, "Specific Result"));
    if (GreenboneConfirmed("", Get(row, "QoD")))
      f.evidence_flags |= kEvidenceConfirmed;
    f.last_seen = NormalizeDate(Get(row, "Timestamp"));

    Asset a;
    a.kind = AssetKind::kHost;
    a.ids.ip = Str(row, "IP");
    std::string host = Str(row, "Hostname");
    if (host.find('.') != std::string::npos && !LooksLikeIpAddress(host)) {
      a.ids.fqdn = host;
    } else {
      a.ids.hostname = host;
    }
    a.name = !a.ids.fqdn.empty()       ? a.ids.fqdn
             : !a.ids.hostname.empty() ? a.ids.hostname
                                       : a.ids.ip;
    f.asset = sink_->AddAsset(a);
    scans_.Note(a.ids.ip.empty() ? a.name : a.ids.ip, f.asset,
                NormalizeIso8601(Get(row, "Timestamp")));

    uint32_t port = 0;
    std::string protocol = ToLower(Str(row, "Port Protocol"));
    if (ParseUint32(Trim(Get(row, "Port")), &port) && port != 0) {
      f.port = port;
      f.protocol = protocol;
      f.location = std::to_string(port) + "/" + protocol;
      if (!protocol.empty()) {
        Service svc;
        svc.asset = f.asset;
        svc.port = port;
        svc.protocol = protocol;
        sink_->AddService(svc);
      }
    } else {
      f.location = "general/" + (protocol.empty() ? "tcp" : protocol);
    }
    sink_->AddFinding(std::move(f));
    return Status::Ok();
  }

  void Flush() override { scans_.Flush(sink_); }

  ImportSink* sink_;
  std::set<std::string> seen_;  // Result IDs
  LatestScans scans_;           // each host's latest result
};

}  // namespace

bool SniffOpenvasCsv(std::string_view head, bool complete) {
  auto records = CsvHeadRecords(head, complete, 1);
  return !records.empty() &&
         HasColumns(records[0], {"IP", "NVT Name", "NVT OID"});
}

std::unique_ptr<Importer> CreateOpenvasCsvImporter(ImportSink* sink) {
  return std::make_unique<OpenvasCsvImporter>(sink);
}

}  // namespace exposure
