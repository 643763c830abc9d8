#include "core/importers/qualys_scan_importer.h"

#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/base/time.h"
#include "core/import/xml/xml_importer.h"
#include "core/import/xml/xml_tokenizer.h"
#include "core/importers/qualys_xml_importer.h"
#include "core/importers/sniff_util.h"
#include "core/importers/text_util.h"

namespace exposure {

namespace {

constexpr size_t kMaxFieldBytes = size_t{1} << 20;

bool IsSection(std::string_view name) {
  return name == "VULNS" || name == "PRACTICES" || name == "INFOS" ||
         name == "SERVICES";
}

bool IsRecord(std::string_view name) {
  return name == "VULN" || name == "PRACTICE" || name == "INFO" ||
         name == "SERVICE";
}

// Qualys pads some attribute values with spaces.
std::string Attr(const std::vector<XmlAttribute>& attrs,
                 std::string_view name) {
  return std::string(Trim(XmlAttr(attrs, name)));
}

// A CVSS entry from a base and a temporal field ("9.3 (AV:N/...)" or a
// bare score); false when the base says nothing.
bool QualysCvss(const std::string& base,
                const std::string& temporal,
                const char* version,
                CvssVector* out) {
  int score = -1;
  std::string vector;
  SplitQualysScore(base, &score, &vector);
  if (score < 0 && vector.empty())
    return false;
  int temporal_score = -1;
  std::string temporal_vector;
  SplitQualysScore(temporal, &temporal_score, &temporal_vector);
  if (!vector.empty() && !temporal_vector.empty())
    vector += "/" + temporal_vector;
  if (!vector.empty() && std::string_view(version) == "3.0" &&
      !StartsWith(vector, "CVSS:")) {
    vector = "CVSS:3.0/" + vector;
  }
  out->version = version;
  out->vector = std::move(vector);
  out->source = "qualys";
  out->score_tenths = score;
  return true;
}

class QualysScanImporter : public XmlImporter {
 public:
  explicit QualysScanImporter(ImportSink* sink)
      : XmlImporter("not a Qualys scan report: no <SCAN>"), sink_(sink) {}

 private:
  void Flush() override { EndHost(); }

  // A record being read.
  struct Record {
    std::string kind;  // VULN, PRACTICE, INFO, SERVICE
    std::string qid;
    std::string level;
    std::string title;
    std::string diagnosis;
    std::string consequence;
    std::string solution;
    std::string result;
    std::string cvss_base, cvss_temporal, cvss3_base, cvss3_temporal;
    std::vector<std::string> cves;
    std::vector<std::string> aliases;
    std::vector<std::string> references;
    bool exploit = false;
  };

  Status StartElement(std::string_view name,
                      const std::vector<XmlAttribute>& attrs) override {
    if (stack_.empty()) {
      if (name != "SCAN") {
        return UnexpectedRoot("<SCAN>", name);
      }
      seen_root_ = true;
    }
    stack_.emplace_back(name);
    text_.clear();
    const std::string& parent = XmlParent(stack_, 1);
    if (name == "IP" && parent == "SCAN") {
      StartHost(attrs);
    } else if (!in_host_) {
      if (name == "KEY" && parent == "HEADER")
        header_key_ = Attr(attrs, "value");
    } else if (name == "CAT" && IsSection(parent)) {
      port_ = 0;
      ParseUint32(Attr(attrs, "port"), &port_);
      protocol_ = ToLower(Attr(attrs, "protocol"));
    } else if (IsRecord(name) && parent == "CAT") {
      in_record_ = true;
      record_ = Record();
      record_.kind.assign(name);
      record_.qid = Attr(attrs, "number");
      record_.level = Attr(attrs, "severity");
      AddCvesFromText(Attr(attrs, "cveid"), &record_.cves);
    } else if (in_record_ && (name == "EXPLT" || name == "MW_INFO")) {
      record_.exploit = true;
    }
    return Status::Ok();
  }

  Status EndElement(std::string_view name) override {
    std::string_view text = Trim(text_);
    const std::string& parent = XmlParent(stack_, 1);
    if (!in_host_) {
      if (name == "KEY" && parent == "HEADER") {
        if (header_key_ == "DATE")
          scan_date_.assign(text);
        header_key_.clear();
      }
    } else if (in_record_) {
      if (IsRecord(name) && parent == "CAT") {
        in_record_ = false;
        records_.push_back(ToFinding(std::move(record_)));
        record_ = Record();
      } else {
        RecordField(name, parent, text);
      }
    } else if (name == "IP" && parent == "SCAN") {
      EndHost();
    } else if (parent == "IP") {
      HostField(name, text);
    }
    text_.clear();
    stack_.pop_back();
    return Status::Ok();
  }

  Status Text(std::string_view text) override {
    if ((in_host_ || header_key_ == "DATE") &&
        text_.size() + text.size() <= kMaxFieldBytes) {
      text_.append(text);
    }
    return Status::Ok();
  }

  void StartHost(const std::vector<XmlAttribute>& attrs) {
    in_host_ = true;
    asset_ = Asset();
    asset_.kind = AssetKind::kHost;
    asset_.ids.ip = Attr(attrs, "value");
    std::string name = Attr(attrs, "name");
    if (name.find(' ') != std::string::npos) {
      // "No registered hostname" and the like: not a name.
    } else if (name.find('.') != std::string::npos && name != asset_.ids.ip) {
      asset_.ids.fqdn = name;
    } else if (name != asset_.ids.ip) {
      asset_.ids.hostname = name;
    }
    records_.clear();
  }

  void HostField(std::string_view name, std::string_view text) {
    if (text.empty())
      return;
    if (name == "OS") {
      asset_.os.assign(text);
    } else if (name == "NETBIOS_HOSTNAME") {
      asset_.ids.hostname.assign(text);
    } else if (name == "DNS" && asset_.ids.fqdn.empty() &&
               text.find('.') != std::string_view::npos) {
      asset_.ids.fqdn.assign(text);
    }
  }

  void RecordField(std::string_view name,
                   const std::string& parent,
                   std::string_view text) {
    if (text.empty())
      return;
    Record& r = record_;
    if (parent == r.kind) {
      RecordText(name, text);
    } else if (name == "ID" && parent == "CVE_ID") {
      AppendUnique(&r.cves, std::string(text));
    } else if (name == "ID" && parent == "BUGTRAQ_ID") {
      AppendUnique(&r.aliases, "BID-" + std::string(text));
    } else if (name == "URL" && parent == "VENDOR_REFERENCE") {
      AppendUnique(&r.references, std::string(text));
    } else if (name == "LINK" && parent == "EXPLT") {
      AppendUnique(&r.references, std::string(text));
    }
  }

  // The same QID texts repeat on every host; convert each once. Bounded:
  // the cache starts over when it holds kMaxCachedTexts texts.
  const std::string& CachedHtmlToText(std::string_view html) {
    constexpr size_t kMaxCachedTexts = 4096;
    auto it = html_index_.find(html);
    if (it != html_index_.end())
      return html_texts_[it->second].second;
    if (html_texts_.size() >= kMaxCachedTexts) {
      html_index_.clear();
      html_texts_.clear();
    }
    html_texts_.emplace_back(std::string(html), HtmlToText(html));
    html_index_.emplace(html_texts_.back().first, html_texts_.size() - 1);
    return html_texts_.back().second;
  }

  // A field of the record itself.
  void RecordText(std::string_view name, std::string_view text) {
    Record& r = record_;
    if (name == "TITLE") {
      r.title.assign(text);
    } else if (name == "DIAGNOSIS") {
      r.diagnosis = CachedHtmlToText(text);
    } else if (name == "CONSEQUENCE") {
      r.consequence = CachedHtmlToText(text);
    } else if (name == "SOLUTION") {
      r.solution = CachedHtmlToText(text);
    } else if (name == "RESULT") {
      r.result.assign(text);
    } else if (name == "CVSS_BASE") {
      r.cvss_base.assign(text);
    } else if (name == "CVSS_TEMPORAL") {
      r.cvss_temporal.assign(text);
    } else if (name == "CVSS3_BASE") {
      r.cvss3_base.assign(text);
    } else if (name == "CVSS3_TEMPORAL") {
      r.cvss3_temporal.assign(text);
    }
  }

  Finding ToFinding(Record r) {
    Finding f;
    f.tool = "Qualys VM";
    f.rule_id = std::move(r.qid);
    f.title = !r.title.empty() ? std::move(r.title) : "QID " + f.rule_id;
    f.tool_severity = r.level;
    uint32_t level = 0;
    ParseUint32(r.level, &level);
    bool info = r.kind == "INFO" || r.kind == "SERVICE";
    f.severity = QualysSeverity(level, info);
    f.category = info ? Category::kInformation : Category::kVulnerability;
    f.port = port_;
    if (port_ != 0)
      f.protocol = protocol_;
    f.cves = std::move(r.cves);
    f.aliases = std::move(r.aliases);
    f.references = std::move(r.references);
    CvssVector v;
    if (QualysCvss(r.cvss_base, r.cvss_temporal, "2.0", &v))
      f.cvss.push_back(std::move(v));
    if (QualysCvss(r.cvss3_base, r.cvss3_temporal, "3.0", &v))
      f.cvss.push_back(std::move(v));
    std::string description = std::move(r.diagnosis);
    if (!r.consequence.empty()) {
      if (!description.empty())
        description += "\n\n";
      description += "Impact: " + r.consequence;
    }
    f.description = sink_->Intern(description);
    f.solution = sink_->Intern(r.solution);
    f.evidence = std::move(r.result);
    if (r.exploit)
      f.evidence_flags |= kEvidenceExploit;
    f.last_seen = scan_date_;
    return f;
  }

  // The end of an <IP> (or of a broken input inside one): its asset,
  // services and findings.
  void EndHost() {
    if (!in_host_)
      return;
    in_host_ = false;
    in_record_ = false;
    asset_.name = !asset_.ids.fqdn.empty()       ? asset_.ids.fqdn
                  : !asset_.ids.hostname.empty() ? asset_.ids.hostname
                                                 : asset_.ids.ip;
    size_t index = Finding::kNoAsset;
    if (!asset_.name.empty()) {
      index = sink_->AddAsset(asset_);
      AddHostScan(index);
    }
    for (Finding& f : records_) {
      f.asset = index;
      sink_->AddFindingAndService(std::move(f));
    }
    records_.clear();
  }

  // Every <IP> was scanned by the one scan of the report, dated by its
  // header's DATE (when it was launched). The report does not say whether
  // the scan logged in to the host, so credentialed stays unset.
  void AddHostScan(size_t index) {
    std::string when = NormalizeIso8601(scan_date_);
    if (when.empty())
      return;
    AssetScan scan;
    scan.asset = index;
    scan.time = std::move(when);
    sink_->AddAssetScan(scan);
  }

  std::vector<std::string> stack_;
  std::string text_;
  std::string header_key_;
  std::string scan_date_;

  bool in_host_ = false;
  Asset asset_;
  std::vector<Finding> records_;  // of the current host
  uint32_t port_ = 0;             // of the current category
  std::string protocol_;
  bool in_record_ = false;
  Record record_;
  // HTML text -> its plain text, looked up by view (a hit copies nothing).
  // A deque: growing it never moves the keys the index views.
  std::deque<std::pair<std::string, std::string>> html_texts_;
  std::unordered_map<std::string_view, size_t> html_index_;

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffQualysScan(std::string_view head, bool complete) {
  (void)complete;
  return FirstXmlElement(head) == "SCAN" &&
         (Contains(head, "<HEADER") || Contains(head, "value=\"scan/"));
}

std::unique_ptr<Importer> CreateQualysScanImporter(ImportSink* sink) {
  return std::make_unique<QualysScanImporter>(sink);
}

}  // namespace exposure
