// One finding per record as Nessus reports it. A Nessus CSV export writes
// one row per CVE of a plugin result, so consecutive rows with the same
// plugin, host, port, protocol and plugin output are one record: their CVEs
// are merged into one finding. Rows with every field empty (some exports end
// with them) and rows with neither plugin id nor name are not records.
#include "core/importers/nessus_csv_importer.h"

#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/csv/csv_columns.h"
#include "core/import/csv/csv_importer.h"
#include "core/import/csv/csv_reader.h"
#include "core/importers/text_util.h"

namespace exposure {

namespace {

constexpr size_t kMissing = CsvHeader::kMissing;

struct Columns {
  size_t plugin = kMissing, name = kMissing, risk = kMissing,
         severity = kMissing, host = kMissing, ip = kMissing, ipv6 = kMissing,
         fqdn = kMissing, netbios = kMissing, mac = kMissing, os = kMissing,
         protocol = kMissing, port = kMissing, service = kMissing,
         cve = kMissing, synopsis = kMissing, description = kMissing,
         solution = kMissing, see_also = kMissing, output = kMissing,
         cvss2_score = kMissing, cvss2_vector = kMissing,
         cvss2_temporal = kMissing, cvss3_score = kMissing,
         cvss3_vector = kMissing, cvss3_temporal = kMissing,
         cvss4_score = kMissing, cwe = kMissing, xref = kMissing,
         bid = kMissing, first_seen = kMissing, last_seen = kMissing,
         published = kMissing, exploit = kMissing, exploit_available = kMissing,
         malware = kMissing, metasploit = kMissing, state = kMissing,
         cpe = kMissing, family = kMissing;
};

// "Medium", "medium", "None", "3" -> severity.
Severity SeverityOf(std::string_view text) {
  text = Trim(text);
  uint32_t n = 0;
  if (ParseUint32(text, &n))
    return n <= 4 ? static_cast<Severity>(n) : Severity::kCritical;
  Severity s = Severity::kInfo;
  ParseSeverity(text, &s);
  return s;
}

bool IsTrue(std::string_view text) {
  text = Trim(text);
  return EqualsIgnoreCase(text, "true") || EqualsIgnoreCase(text, "yes");
}

class NessusCsvImporter : public CsvImporter {
 public:
  explicit NessusCsvImporter(ImportSink* sink)
      : CsvImporter(Options()), sink_(sink) {}

 private:
  static CsvOptions Options() {
    CsvOptions o;
    o.delimiter = 0;  // Tenable.io exports use ';'
    return o;
  }

  Status OnHeader(const CsvHeader& h) override {
    Columns& c = cols_;
    c.plugin = FirstColumn(h, {"Plugin ID", "Plugin", "definition.id"});
    c.name = FirstColumn(h, {"Name", "Plugin Name", "definition.name"});
    if (c.plugin == kMissing && c.name == kMissing) {
      return Status::Error(
          "not a Nessus/Tenable CSV export: no Plugin ID or Name column");
    }
    c.risk = FirstColumn(h, {"Risk", "severity"});
    c.severity = FirstColumn(h, {"Severity", "definition.severity"});
    c.host = FirstColumn(h, {"Host", "asset.host_name"});
    c.ip = FirstColumn(h, {"IP Address", "asset.display_ipv4_address"});
    c.ipv6 = FirstColumn(h, {"asset.display_ipv6_address"});
    c.fqdn = FirstColumn(h, {"FQDN", "DNS Name", "asset.display_fqdn"});
    c.netbios =
        FirstColumn(h, {"NetBIOS Name", "NetBios", "asset.netbios_name"});
    c.mac = FirstColumn(h, {"MAC Address", "asset.display_mac_address"});
    c.os = FirstColumn(h, {"OS", "asset.operating_system"});
    c.protocol = FirstColumn(h, {"Protocol", "protocol"});
    c.port = FirstColumn(h, {"Port", "port"});
    c.service = FirstColumn(h, {"Service"});
    c.cve = FirstColumn(h, {"CVE", "definition.cve"});
    c.synopsis = FirstColumn(h, {"Synopsis", "definition.synopsis"});
    c.description = FirstColumn(h, {"Description", "definition.description"});
    c.solution = FirstColumn(
        h, {"Solution", "Steps to Remediate", "definition.solution"});
    c.see_also = FirstColumn(h, {"See Also", "definition.see_also"});
    c.output = FirstColumn(h, {"Plugin Output", "Plugin Text", "output"});
    c.cvss2_score = FirstColumn(
        h, {"CVSS V2 Base Score", "CVSS Base Score", "CVSS v2.0 Base Score",
            "definition.cvss2.base_score", "CVSS"});
    c.cvss2_vector = FirstColumn(
        h, {"CVSS V2 Vector", "CVSS Vector", "definition.cvss2.base_vector"});
    c.cvss2_temporal = FirstColumn(
        h, {"CVSS Temporal Vector", "definition.cvss2.temporal_vector"});
    c.cvss3_score = FirstColumn(
        h, {"CVSS V3 Base Score", "CVSS3 Base Score", "CVSS v3.0 Base Score",
            "definition.cvss3.base_score", "CVSSv3"});
    c.cvss3_vector = FirstColumn(
        h, {"CVSS V3 Vector", "CVSS3 Vector", "definition.cvss3.base_vector"});
    c.cvss3_temporal = FirstColumn(
        h, {"CVSS3 Temporal Vector", "definition.cvss3.temporal_vector"});
    c.cvss4_score = FirstColumn(h, {"CVSS v4.0 Base Score"});
    c.cwe = FirstColumn(h, {"definition.cwe", "CWE"});
    c.xref = FirstColumn(h, {"Cross References", "XREF"});
    c.bid = FirstColumn(h, {"BID", "definition.bugtraq"});
    c.first_seen =
        FirstColumn(h, {"First Discovered", "First Found", "first_observed"});
    c.last_seen = FirstColumn(h, {"Last Observed", "Last Found", "last_seen"});
    c.published = FirstColumn(
        h, {"Vuln Publication Date", "definition.vulnerability_published"});
    c.exploit = FirstColumn(h, {"Exploit?"});
    c.exploit_available = FirstColumn(h, {"Exploit Available"});
    c.malware = FirstColumn(
        h, {"Exploited by Malware", "definition.exploited_by_malware"});
    c.metasploit = FirstColumn(h, {"Metasploit"});
    c.state = FirstColumn(h, {"Vulnerability State", "state"});
    c.cpe = FirstColumn(h, {"CPE", "definition.cpe"});
    c.family = FirstColumn(h, {"Family", "Plugin Family", "definition.family"});

    if (h.Has("definition.id") || h.Has("Vulnerability State")) {
      tool_ = "Tenable Vulnerability Management";
    } else if (h.Has("Repository")) {
      tool_ = "Tenable Security Center";
    } else if (h.Has("CVSSv3")) {
      tool_ = "Tenable Web App Scanning";
    } else {
      tool_ = "Nessus";
    }
    return Status::Ok();
  }

  // Plugin, host, port, protocol and output: the identity of one record.
  std::string RecordKey(const CsvRow& row) const {
    std::string key;
    for (size_t i : {cols_.plugin, cols_.name, cols_.host, cols_.ip, cols_.port,
                     cols_.protocol, cols_.output}) {
      key.append(Get(row, i));
      key.push_back('\x1f');
    }
    return key;
  }

  Status OnRecord(const CsvRow& row) override {
    if (row.blank())
      return Status::Ok();
    if (Trim(Get(row, cols_.plugin)).empty() &&
        Trim(Get(row, cols_.name)).empty()) {
      return Status::Ok();
    }
    std::string key = RecordKey(row);
    if (has_pending_ && key == pending_key_) {
      for (std::string& cve : ExtractCves(Get(row, cols_.cve)))
        AppendUnique(&pending_.cves, std::move(cve));
      return Status::Ok();
    }
    Flush();
    pending_key_ = std::move(key);
    has_pending_ = true;
    Start(row);
    return Status::Ok();
  }

  // "7.5" or, in some exports, tenths without a point ("75", "100").
  static int Score(std::string_view text) {
    text = Trim(text);
    uint32_t n = 0;
    if (ParseUint32(text, &n) && n > 10)
      return n <= 100 ? static_cast<int>(n) : -1;
    int tenths = -1;
    if (!ParseScoreTenths(text, &tenths))
      return -1;
    return tenths;
  }
  int Score(const CsvRow& row, size_t i) const { return Score(Get(row, i)); }

  // "AV:N/..." or "CVSS2#AV:N/..." plus an optional temporal part.
  static std::string Vector(std::string_view base, std::string_view temporal) {
    base = Trim(base);
    if (StartsWith(base, "CVSS2#"))
      base.remove_prefix(6);
    std::string out(base);
    temporal = Trim(temporal);
    if (StartsWith(temporal, "CVSS2#"))
      temporal.remove_prefix(6);
    if (StartsWith(temporal, "CVSS:")) {
      size_t slash = temporal.find('/');
      temporal = slash == std::string_view::npos ? std::string_view()
                                                 : temporal.substr(slash + 1);
    }
    if (!out.empty() && !temporal.empty() &&
        out.find(temporal) == std::string::npos) {
      out += "/" + std::string(temporal);
    }
    return out;
  }

  void Start(const CsvRow& row) {
    const Columns& c = cols_;
    Finding f;
    f.tool = tool_;
    f.rule_id = Str(row, c.plugin);
    f.title = Str(row, c.name);
    if (f.title.empty())
      f.title = "Plugin " + f.rule_id;
    std::string risk = Str(row, c.risk);
    std::string sev = Str(row, c.severity);
    // "Risk" is Nessus' rating; Tenable exports may add a numeric
    // "Severity" column next to it.
    f.tool_severity = !risk.empty() ? risk : sev;
    f.severity = SeverityOf(f.tool_severity);
    f.cves = ExtractCves(Get(row, c.cve));
    for (const std::string& cwe : SplitTrimmed(Get(row, c.cwe), ", \n")) {
      AppendUnique(&f.cwes, StartsWith(cwe, "CWE") ? cwe : "CWE-" + cwe);
    }
    // "CERT #836068,CWE #310" or "IAVA:2024-A-0330-S;CWE:79"
    for (const std::string& x : SplitTrimmed(Get(row, c.xref), ",;\n")) {
      size_t sep = x.find_first_of("#:");
      if (sep == std::string::npos)
        continue;
      std::string kind(Trim(std::string_view(x).substr(0, sep)));
      std::string id(Trim(std::string_view(x).substr(sep + 1)));
      if (kind.empty() || id.empty())
        continue;
      if (kind == "CWE") {
        AppendUnique(&f.cwes, "CWE-" + id);
      } else {
        AppendUnique(&f.aliases, kind + "-" + id);
      }
    }
    for (const std::string& bid : SplitTrimmed(Get(row, c.bid), ", \n")) {
      uint32_t n;
      if (ParseUint32(bid, &n))
        AppendUnique(&f.aliases, "BID-" + bid);
    }
    std::string v2 =
        Vector(Get(row, c.cvss2_vector), Get(row, c.cvss2_temporal));
    int s2 = Score(row, c.cvss2_score);
    if (!v2.empty() || s2 >= 0)
      f.cvss.push_back({"2.0", v2, "nessus", s2});
    std::string v3 =
        Vector(Get(row, c.cvss3_vector), Get(row, c.cvss3_temporal));
    int s3 = Score(row, c.cvss3_score);
    if (!v3.empty() || s3 >= 0) {
      std::string version = "3.0";
      if (StartsWith(v3, "CVSS:3.1/")) {
        version = "3.1";
      } else if (!v3.empty() && !StartsWith(v3, "CVSS:")) {
        v3 = "CVSS:3.0/" + v3;
      }
      f.cvss.push_back({version, v3, "nessus", s3});
    }
    int s4 = Score(row, c.cvss4_score);
    if (s4 >= 0)
      f.cvss.push_back({"4.0", "", "nessus", s4});

    std::string synopsis = CleanText(Get(row, c.synopsis));
    std::string description = CleanText(Get(row, c.description));
    if (description.empty())
      description = synopsis;
    f.description = sink_->Intern(description);
    std::string solution = CleanText(Get(row, c.solution));
    if (solution != "n/a" && solution != "N/A")
      f.solution = sink_->Intern(solution);
    f.evidence = CleanText(Get(row, c.output));
    for (std::string& ref : SplitTrimmed(Get(row, c.see_also), " \t\r\n"))
      AppendUnique(&f.references, std::move(ref));
    f.first_seen = NormalizeDate(Get(row, c.first_seen));
    f.last_seen = NormalizeDate(Get(row, c.last_seen));
    f.published = NormalizeDate(Get(row, c.published));
    if (IsTrue(Get(row, c.exploit)) || IsTrue(Get(row, c.exploit_available)))
      f.evidence_flags |= kEvidenceExploit;
    if (IsTrue(Get(row, c.malware)))
      f.evidence_flags |= kEvidenceExploit | kEvidenceMalware;
    if (IsTrue(Get(row, c.metasploit)))
      f.evidence_flags |= kEvidenceExploit | kEvidenceMetasploit;
    std::string state = ToLower(Str(row, c.state));
    if (state == "fixed")
      f.status = FindingStatus::kFixed;
    std::string cpe = Str(row, c.cpe);
    if (StartsWith(cpe, "cpe:"))
      f.component.name = SplitTrimmed(cpe, "\n ").front();

    // Where: a host and port, or for a web application scan a site.
    std::string protocol = ToLower(Str(row, c.protocol));
    uint32_t port = 0;
    ParseUint32(Trim(Get(row, c.port)), &port);
    std::string host = Str(row, c.host);
    Asset& a = asset_;
    a = Asset();
    a.ids.ip = Str(row, c.ip);
    a.ids.fqdn = Str(row, c.fqdn);
    a.ids.hostname = Str(row, c.netbios);
    a.ids.mac = Str(row, c.mac);
    a.os = Str(row, c.os);
    if (a.ids.ip.empty() && c.ipv6 != kMissing &&
        LooksLikeIpAddress(Str(row, c.ipv6))) {
      a.ids.ip = Str(row, c.ipv6);
    }
    if (protocol == "http" || protocol == "https") {
      a.kind = AssetKind::kWebApplication;
      a.ids.url = protocol + "://" + host;
      if (port != 0)
        a.ids.url += ":" + std::to_string(port);
      a.name = a.ids.url;
      f.location = a.ids.url;
      f.service = protocol;
      f.port = port;
    } else {
      a.kind = AssetKind::kHost;
      if (LooksLikeIpAddress(host)) {
        if (a.ids.ip.empty())
          a.ids.ip = host;
      } else if (!host.empty()) {
        if (host.find('.') != std::string::npos) {
          if (a.ids.fqdn.empty())
            a.ids.fqdn = host;
        } else if (a.ids.hostname.empty()) {
          a.ids.hostname = host;
        }
      }
      a.name = !a.ids.fqdn.empty()       ? a.ids.fqdn
               : !a.ids.hostname.empty() ? a.ids.hostname
               : !a.ids.ip.empty()       ? a.ids.ip
                                         : host;
      f.port = port;
      f.protocol = protocol;
      f.service = Str(row, c.service);
    }
    pending_ = std::move(f);
  }

  // The record held back for merging with the rows after it is complete
  // once the file ends, broken or not.
  void Flush() override {
    if (!has_pending_)
      return;
    has_pending_ = false;
    Finding& f = pending_;
    f.category = CheckCategory(f.severity, f.cves);
    f.asset = sink_->AddAsset(asset_);
    if (f.port != 0 && !f.protocol.empty()) {
      Service svc;
      svc.asset = f.asset;
      svc.port = f.port;
      svc.protocol = f.protocol;
      svc.name = f.service;
      sink_->AddService(svc);
    }
    sink_->AddFinding(std::move(f));
    pending_ = Finding();
  }

  ImportSink* sink_;
  Columns cols_;
  std::string tool_;
  bool has_pending_ = false;
  std::string pending_key_;
  Finding pending_;
  Asset asset_;
};

}  // namespace

bool SniffNessusCsv(std::string_view head, bool complete) {
  auto records = CsvHeadRecords(head, complete, 1);
  if (records.empty())
    return false;
  const std::vector<std::string>& h = records[0];
  if (HasColumns(h, {"definition.id", "definition.name"}))
    return true;
  bool plugin = HasColumns(h, {"Plugin ID"}) || HasColumns(h, {"Plugin"});
  bool name = HasColumns(h, {"Name"}) || HasColumns(h, {"Plugin Name"});
  bool where = HasColumns(h, {"Host"}) || HasColumns(h, {"IP Address"});
  return plugin && name && where;
}

std::unique_ptr<Importer> CreateNessusCsvImporter(ImportSink* sink) {
  return std::make_unique<NessusCsvImporter>(sink);
}

}  // namespace exposure
