// One finding per row: each row is one host x QID detection (a VMDR report
// in CVE layout has one row per host x QID x CVE, also one finding each, as
// Qualys lists them). Rows before the header (VMDR report metadata) and
// empty rows are not records.
//
// Scans: the monthly PCI report's "LAST SCAN" dates one scan per host (its
// latest, as written: the export gives no zone); the other layouts carry
// no scan time and give none. No layout says whether a scan logged in.
#include "core/importers/qualys_csv_importer.h"

#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/base/time.h"
#include "core/import/csv/csv_columns.h"
#include "core/import/csv/csv_importer.h"
#include "core/import/csv/csv_reader.h"
#include "core/importers/latest_scans.h"

namespace exposure {

namespace {

constexpr size_t kMissing = CsvHeader::kMissing;
// How many rows may precede the header (VMDR report metadata).
constexpr uint64_t kMaxPreambleRows = 20;

bool IsHeaderRow(const std::vector<std::string>& fields) {
  return HasColumns(fields, {"QID"}) &&
         (HasColumns(fields, {"Title"}) || HasColumns(fields, {"VULN TITLE"}));
}

// "8.1 (AV:N/AC:H/...)" -> score 81, vector "AV:N/AC:H/..."
void SplitScoreAndVector(std::string_view text,
                         int* score,
                         std::string* vector) {
  text = Trim(text);
  size_t paren = text.find('(');
  std::string_view number = Trim(text.substr(0, paren));
  if (!ParseScoreTenths(number, score))
    *score = -1;
  vector->clear();
  if (paren != std::string_view::npos) {
    size_t close = text.find(')', paren);
    vector->assign(Trim(text.substr(paren + 1, close == std::string_view::npos
                                                   ? std::string_view::npos
                                                   : close - paren - 1)));
  }
}

class QualysCsvImporter : public CsvImporter {
 public:
  QualysCsvImporter(ImportSink* sink, bool vmdr)
      : CsvImporter(Options()), sink_(sink), vmdr_(vmdr) {}

 private:
  // The header row comes after a preamble (report title, dates, counts).
  Status Check() override {
    if (!have_header_)
      return Status::Error("no Qualys header row (QID, Title) found");
    return Status::Ok();
  }

  struct Columns {
    size_t ip = kMissing, ipv6 = kMissing, dns = kMissing, netbios = kMissing,
           fqdn = kMissing, asset_name = kMissing, os = kMissing,
           qid = kMissing, title = kMissing, type = kMissing,
           severity = kMissing, port = kMissing, protocol = kMissing,
           first = kMissing, last = kMissing, cve = kMissing,
           cvss3_base = kMissing, cvss3_temporal = kMissing,
           cvss3_score = kMissing, cvss2_score = kMissing, threat = kMissing,
           impact = kMissing, cve_description = kMissing, solution = kMissing,
           results = kMissing, bugtraq = kMissing, vendor_ref = kMissing,
           exploitability = kMissing, malware = kMissing, status = kMissing,
           ignored = kMissing, disabled = kMissing, false_positive = kMissing,
           published = kMissing, tags = kMissing, category = kMissing,
           ssl = kMissing, scan = kMissing;
  };

  static CsvOptions Options() {
    CsvOptions o;
    o.header = false;  // found among the first rows
    return o;
  }

  Status OnRecord(const CsvRow& row) override {
    if (!have_header_) {
      std::vector<std::string> fields;
      for (size_t i = 0; i < row.size(); ++i)
        fields.emplace_back(row[i]);
      if (IsHeaderRow(fields)) {
        header_.Assign(row);
        MapColumns();
        have_header_ = true;
        return Status::Ok();
      }
      if (++preamble_ > kMaxPreambleRows) {
        return Status::Error(
            "not a Qualys CSV export: no header row with QID and Title");
      }
      return Status::Ok();
    }
    if (row.blank() || Trim(Get(row, cols_.qid)).empty())
      return Status::Ok();
    Add(row);
    return Status::Ok();
  }

  void MapColumns() {
    const CsvHeader& h = header_;
    Columns& c = cols_;
    c.ip = FirstColumn(h, {"IP", "Asset IPV4"});
    c.ipv6 = FirstColumn(h, {"Asset IPV6"});
    c.dns = FirstColumn(h, {"DNS", "HOSTNAME"});
    c.netbios = FirstColumn(h, {"NetBIOS"});
    c.fqdn = FirstColumn(h, {"FQDN"});
    c.asset_name = FirstColumn(h, {"Asset Name"});
    c.os = FirstColumn(h, {"OS", "Operating System"});
    c.qid = FirstColumn(h, {"QID"});
    c.title = FirstColumn(h, {"Title", "VULN TITLE"});
    c.type = FirstColumn(h, {"Type", "Type Detected"});
    c.severity = FirstColumn(h, {"Severity"});
    c.port = FirstColumn(h, {"Port"});
    c.protocol = FirstColumn(h, {"Protocol"});
    c.first = FirstColumn(h, {"First Detected"});
    c.last = FirstColumn(h, {"Last Detected", "LAST SCAN"});
    c.scan = FirstColumn(h, {"LAST SCAN"});
    c.cve = FirstColumn(h, {"CVE ID", "CVEID", "CVE"});
    c.cvss3_base = FirstColumn(h, {"CVSS3 Base", "CVSS3.1 Base"});
    c.cvss3_temporal = FirstColumn(h, {"CVSS3 Temporal", "CVSS3.1 Temporal"});
    c.cvss3_score = FirstColumn(h, {"CVSSv3.1 Base (nvd)"});
    c.cvss2_score = FirstColumn(h, {"CVSS_BASE", "CVSSv2 Base (nvd)"});
    c.threat = FirstColumn(h, {"Threat"});
    c.impact = FirstColumn(h, {"Impact"});
    c.cve_description = FirstColumn(h, {"CVE-Description"});
    c.solution = FirstColumn(h, {"Solution"});
    c.results = FirstColumn(h, {"Results", "RESULT"});
    c.bugtraq = FirstColumn(h, {"Bugtraq ID", "BUGTRAQID"});
    c.vendor_ref = FirstColumn(h, {"Vendor Reference"});
    c.exploitability = FirstColumn(h, {"Exploitability"});
    c.malware = FirstColumn(h, {"Associated Malware"});
    c.status = FirstColumn(h, {"Vuln Status", "Status"});
    c.ignored = FirstColumn(h, {"Ignored"});
    c.disabled = FirstColumn(h, {"Disabled"});
    c.false_positive = FirstColumn(h, {"FALSE POSITIVE STATUS"});
    c.published = FirstColumn(h, {"Published Date"});
    c.tags = FirstColumn(h, {"Associated Tags", "Asset Tags"});
    c.category = FirstColumn(h, {"Category"});
    c.ssl = FirstColumn(h, {"SSL"});
  }

  void Add(const CsvRow& row) {
    const Columns& c = cols_;
    Finding f;
    f.tool = vmdr_ ? "Qualys VMDR" : "Qualys VM";
    f.rule_id = Str(row, c.qid);
    f.title = Str(row, c.title);
    if (f.title.empty())
      f.title = "QID " + f.rule_id;

    // Severity: Qualys levels 1-5 (or a word in the PCI report). "Ig"
    // (information gathered) records are informational whatever the level.
    std::string type = Str(row, c.type);
    bool info = EqualsIgnoreCase(type, "Ig") ||
                EqualsIgnoreCase(type, "Info") ||
                EqualsIgnoreCase(type, "Information Gathered");
    f.tool_severity = Str(row, c.severity);
    uint32_t level = 0;
    if (ParseUint32(f.tool_severity, &level)) {
      f.severity = level == 0   ? Severity::kInfo
                   : level <= 2 ? Severity::kLow
                   : level == 3 ? Severity::kMedium
                   : level == 4 ? Severity::kHigh
                                : Severity::kCritical;
    } else {
      Severity s = Severity::kInfo;
      if (ParseSeverity(f.tool_severity, &s))
        f.severity = s;
    }
    if (info)
      f.severity = Severity::kInfo;
    f.category = info ? Category::kInformation : Category::kVulnerability;

    f.cves = ExtractCves(Get(row, c.cve));
    for (const std::string& bid : SplitTrimmed(Get(row, c.bugtraq), ", ")) {
      uint32_t n;
      if (ParseUint32(bid, &n))
        AppendUnique(&f.aliases, "BID-" + bid);
    }
    for (const std::string& ref : SplitTrimmed(Get(row, c.vendor_ref), ",")) {
      if (StartsWith(ref, "http://") || StartsWith(ref, "https://")) {
        AppendUnique(&f.references, ref);
      } else {
        AppendUnique(&f.aliases, ref);
      }
    }

    int score = -1;
    std::string vector;
    SplitScoreAndVector(Get(row, c.cvss3_base), &score, &vector);
    if (score >= 0 || !vector.empty()) {
      int temporal_score = -1;
      std::string temporal;
      SplitScoreAndVector(Get(row, c.cvss3_temporal), &temporal_score,
                          &temporal);
      if (!vector.empty()) {
        std::string version =
            header_.name(c.cvss3_base).find("3.1") != std::string::npos ? "3.1"
                                                                        : "3.0";
        std::string full = "CVSS:" + version + "/" + vector;
        if (!temporal.empty())
          full += "/" + temporal;
        f.cvss.push_back({version, full, "qualys", score});
      } else {
        f.cvss.push_back({"3.0", "", "qualys", score});
      }
    }
    int v31 = -1;
    if (ParseScoreTenths(Trim(Get(row, c.cvss3_score)), &v31))
      f.cvss.push_back({"3.1", "", "nvd", v31});
    int v2 = -1;
    if (ParseScoreTenths(Trim(Get(row, c.cvss2_score)), &v2)) {
      f.cvss.push_back(
          {"2.0", "",
           c.cvss2_score != kMissing &&
                   header_.name(c.cvss2_score).find("nvd") != std::string::npos
               ? "nvd"
               : "qualys",
           v2});
    }

    std::string description = CleanText(Get(row, c.threat));
    std::string cve_description = CleanText(Get(row, c.cve_description));
    if (description.empty()) {
      description = cve_description;
    } else if (!cve_description.empty()) {
      description += "\n\n" + cve_description;
    }
    std::string impact = CleanText(Get(row, c.impact));
    if (!impact.empty())
      description += (description.empty() ? "" : "\n\nImpact: ") + impact;
    f.description = sink_->Intern(description);
    f.solution = sink_->Intern(CleanText(Get(row, c.solution)));
    f.evidence = CleanText(Get(row, c.results));
    if (f.evidence == "'-")
      f.evidence.clear();
    if (!Trim(Get(row, c.exploitability)).empty())
      f.evidence_flags |= kEvidenceExploit;
    if (!Trim(Get(row, c.malware)).empty())
      f.evidence_flags |= kEvidenceExploit | kEvidenceMalware;

    f.first_seen = NormalizeDate(Get(row, c.first), true);
    f.last_seen = NormalizeDate(Get(row, c.last), true);
    f.published = NormalizeDate(Get(row, c.published), true);

    std::string status = ToLower(Str(row, c.status));
    std::string fp = ToLower(Str(row, c.false_positive));
    if (status == "fixed") {
      f.status = FindingStatus::kFixed;
    } else if (EqualsIgnoreCase(Str(row, c.ignored), "Yes") ||
               EqualsIgnoreCase(Str(row, c.disabled), "Yes")) {
      f.status = FindingStatus::kSuppressed;
    } else if (fp == "accepted" || fp == "approved") {
      f.status = FindingStatus::kFalsePositive;
    }

    Asset a;
    a.kind = AssetKind::kHost;
    std::vector<std::string> ips = SplitTrimmed(Get(row, c.ip), ",; ");
    if (!ips.empty())
      a.ids.ip = ips.front();
    if (a.ids.ip.empty()) {
      std::vector<std::string> v6 = SplitTrimmed(Get(row, c.ipv6), ",; ");
      if (!v6.empty())
        a.ids.ip = v6.front();
    }
    a.ids.fqdn = Str(row, c.fqdn);
    std::string dns = Str(row, c.dns);
    if (dns.find('.') != std::string::npos && !LooksLikeIpAddress(dns)) {
      if (a.ids.fqdn.empty())
        a.ids.fqdn = dns;
    } else if (!dns.empty()) {
      a.ids.hostname = dns;
    }
    std::string netbios = Str(row, c.netbios);
    if (!netbios.empty())
      a.ids.hostname = netbios;
    std::string name = Str(row, c.asset_name);
    if (!name.empty() && a.ids.hostname.empty() && a.ids.fqdn.empty()) {
      if (name.find('.') != std::string::npos && !LooksLikeIpAddress(name)) {
        a.ids.fqdn = name;
      } else if (!LooksLikeIpAddress(name)) {
        a.ids.hostname = name;
      }
    }
    a.os = Str(row, c.os);
    for (std::string& tag : SplitTrimmed(Get(row, c.tags), ","))
      AppendUnique(&a.tags, std::move(tag));
    a.name = !a.ids.fqdn.empty()       ? a.ids.fqdn
             : !a.ids.hostname.empty() ? a.ids.hostname
             : !a.ids.ip.empty()       ? a.ids.ip
                                       : name;
    if (a.name.empty())
      a.name = "unknown host";
    f.asset = sink_->AddAsset(a);
    NoteScan(row, a, f.asset);

    uint32_t port = 0;
    if (ParseUint32(Trim(Get(row, c.port)), &port) && port != 0) {
      f.port = port;
      f.protocol = ToLower(Str(row, c.protocol));
      if (!f.protocol.empty()) {
        Service svc;
        svc.asset = f.asset;
        svc.port = port;
        svc.protocol = f.protocol;
        sink_->AddService(svc);
      }
    }
    sink_->AddFinding(std::move(f));
  }

  // Only the PCI report says when each host was scanned ("LAST SCAN", as
  // "22/09/2022 13:01", no zone): other layouts date detections, not scans,
  // so they give no scan. No layout says whether the scan logged in.
  void NoteScan(const CsvRow& row, const Asset& a, size_t index) {
    const Columns& c = cols_;
    if (c.scan == kMissing)
      return;
    std::string when = NormalizeIso8601(NormalizeDate(Get(row, c.scan), true));
    if (when.empty())
      return;
    scans_.Note(a.ids.ip.empty() ? a.name : a.ids.ip, index, std::move(when));
  }

  void Flush() override { scans_.Flush(sink_); }

  LatestScans scans_;

  ImportSink* sink_;
  bool vmdr_;
  CsvHeader header_;
  Columns cols_;
  bool have_header_ = false;
  uint64_t preamble_ = 0;
};

// The header row among the first rows of `head`, or empty.
std::vector<std::string> QualysHeader(std::string_view head, bool complete) {
  for (auto& record : CsvHeadRecords(head, complete, kMaxPreambleRows)) {
    if (IsHeaderRow(record))
      return record;
  }
  return {};
}

bool IsVmdr(const std::vector<std::string>& header) {
  return HasColumns(header, {"Asset Id"}) || HasColumns(header, {"Asset IPV4"});
}

}  // namespace

bool SniffQualysCsv(std::string_view head, bool complete) {
  std::vector<std::string> h = QualysHeader(head, complete);
  return !h.empty() && !IsVmdr(h) &&
         (HasColumns(h, {"IP"}) || HasColumns(h, {"DNS"}));
}

std::unique_ptr<Importer> CreateQualysCsvImporter(ImportSink* sink) {
  return std::make_unique<QualysCsvImporter>(sink, false);
}

bool SniffQualysVmdrCsv(std::string_view head, bool complete) {
  std::vector<std::string> h = QualysHeader(head, complete);
  return !h.empty() && IsVmdr(h);
}

std::unique_ptr<Importer> CreateQualysVmdrCsvImporter(ImportSink* sink) {
  return std::make_unique<QualysCsvImporter>(sink, true);
}

}  // namespace exposure
