#include "core/importers/qualys_xml_importer.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/xml/xml_importer.h"
#include "core/import/xml/xml_tokenizer.h"
#include "core/importers/sniff_util.h"
#include "core/importers/text_util.h"

namespace exposure {

namespace {

constexpr size_t kMaxFieldBytes = size_t{1} << 20;

struct Definition {
  std::string title;
  std::string severity;
  std::string category;
  std::vector<std::string> cves;
  std::vector<std::string> aliases;
  std::vector<std::string> references;
  std::vector<CvssVector> cvss;
  std::string_view description;
  std::string_view solution;
  bool exploit = false;
};

// One VULN_INFO, held until its host's identity is complete.
struct Pending {
  size_t asset = Finding::kNoAsset;
  std::string qid;
  std::string type;
  uint32_t port = 0;
  std::string protocol;
  std::string service;
  std::string result;
  std::string first_seen;
  std::string last_seen;
  std::string status;
};

class QualysXmlImporter : public XmlImporter {
 public:
  explicit QualysXmlImporter(ImportSink* sink)
      : XmlImporter("not a Qualys report: no <ASSET_DATA_REPORT>"),
        sink_(sink) {}

 private:
  // A QID whose definition never came (a report without its glossary) is
  // its own rule, "QID <n>", informational.
  void Flush() override {
    for (auto& [qid, defined] : rules_) {
      if (!defined)
        sink_->AddRule(QualysRule(qid, "", ""));
      defined = true;
    }
  }

  Status StartElement(std::string_view name,
                      const std::vector<XmlAttribute>& attrs) override {
    (void)attrs;
    if (stack_.empty()) {
      if (name != "ASSET_DATA_REPORT") {
        return UnexpectedRoot("<ASSET_DATA_REPORT>", name);
      }
      seen_root_ = true;
    }
    stack_.emplace_back(name);
    text_.clear();
    const std::string& parent = XmlParent(stack_, 1);
    if (name == "HOST" && parent == "HOST_LIST") {
      in_host_ = true;
      asset_ = Asset();
      asset_.kind = AssetKind::kHost;
      host_records_.clear();
    } else if (in_host_ && name == "VULN_INFO") {
      in_info_ = true;
      info_ = Pending();
    } else if (name == "VULN_DETAILS") {
      in_def_ = true;
      def_ = Definition();
      def_qid_.clear();
    } else if (in_def_ && name == "EXPLT") {
      def_.exploit = true;
    } else if (in_def_ && name == "MW_INFO") {
      def_.exploit = true;
    }
    return Status::Ok();
  }

  Status EndElement(std::string_view name) override {
    std::string_view text = Trim(text_);
    const std::string& parent = XmlParent(stack_, 1);
    if (in_info_) {
      if (name == "VULN_INFO") {
        in_info_ = false;
        host_records_.push_back(std::move(info_));
        info_ = Pending();
      } else {
        InfoField(name, text);
      }
    } else if (in_host_) {
      if (name == "HOST") {
        EndHost();
      } else if (parent == "HOST") {
        HostField(name, text);
      } else if (name == "ASSET_GROUP_TITLE" || name == "ASSET_TAG") {
        if (!text.empty())
          AppendUnique(&asset_.tags, std::string(text));
      }
    } else if (in_def_) {
      if (name == "VULN_DETAILS") {
        in_def_ = false;
        if (!def_qid_.empty())
          Define();
        def_ = Definition();
      } else {
        DefField(name, parent, text);
      }
    }
    text_.clear();
    stack_.pop_back();
    return Status::Ok();
  }

  Status Text(std::string_view text) override {
    if ((in_host_ || in_def_) && text_.size() + text.size() <= kMaxFieldBytes)
      text_.append(text);
    return Status::Ok();
  }

  void HostField(std::string_view name, std::string_view text) {
    if (text.empty())
      return;
    if (name == "IP") {
      asset_.ids.ip.assign(text);
    } else if (name == "DNS") {
      if (text.find('.') != std::string_view::npos) {
        asset_.ids.fqdn.assign(text);
      } else if (asset_.ids.hostname.empty()) {
        asset_.ids.hostname.assign(text);
      }
    } else if (name == "NETBIOS") {
      asset_.ids.hostname.assign(text);
    } else if (name == "OPERATING_SYSTEM") {
      asset_.os.assign(text);
    } else if (name == "EC2_INSTANCE_ID" || name == "INSTANCE_ID") {
      asset_.ids.cloud_id.assign(text);
    }
  }

  void InfoField(std::string_view name, std::string_view text) {
    if (name == "QID") {
      info_.qid.assign(text);
    } else if (name == "TYPE") {
      info_.type.assign(text);
    } else if (name == "PORT") {
      ParseUint32(text, &info_.port);
    } else if (name == "PROTOCOL") {
      info_.protocol = ToLower(text);
    } else if (name == "SERVICE") {
      info_.service.assign(text);
    } else if (name == "RESULT") {
      info_.result.assign(text);
    } else if (name == "FIRST_FOUND") {
      info_.first_seen.assign(text);
    } else if (name == "LAST_FOUND") {
      info_.last_seen.assign(text);
    } else if (name == "VULN_STATUS") {
      info_.status.assign(text);
    }
  }

  void DefField(std::string_view name,
                const std::string& parent,
                std::string_view text) {
    if (text.empty())
      return;
    if (name == "QID" && parent == "VULN_DETAILS") {
      def_qid_.assign(text);
    } else if (name == "TITLE") {
      def_.title.assign(text);
    } else if (name == "SEVERITY") {
      def_.severity.assign(text);
    } else if (name == "CATEGORY") {
      def_.category.assign(text);
    } else if (name == "THREAT") {
      threat_ = HtmlToText(text);
      def_.description = sink_->Intern(threat_);
    } else if (name == "IMPACT") {
      std::string impact = HtmlToText(text);
      if (!impact.empty()) {
        std::string desc = std::string(def_.description);
        if (!desc.empty())
          desc += "\n\n";
        desc += "Impact: " + impact;
        def_.description = sink_->Intern(desc);
      }
    } else if (name == "SOLUTION") {
      def_.solution = sink_->Intern(HtmlToText(text));
    } else if (name == "ID" && parent == "CVE_ID") {
      AppendUnique(&def_.cves, std::string(text));
    } else if (name == "ID" && parent == "BUGTRAQ_ID") {
      AppendUnique(&def_.aliases, "BID-" + std::string(text));
    } else if (name == "URL" && parent == "VENDOR_REFERENCE") {
      AppendUnique(&def_.references, std::string(text));
    } else if (name == "LINK" && parent == "EXPLT") {
      AppendUnique(&def_.references, std::string(text));
    } else if (name == "CVSS_BASE" || name == "CVSS3_BASE") {
      CvssVector v;
      v.version = name == "CVSS_BASE" ? "2.0" : "3.0";
      v.source = "qualys";
      SplitQualysScore(text, &v.score_tenths, &v.vector);
      if (!v.vector.empty())
        def_.cvss.push_back(std::move(v));
    } else if (name == "CVSS_TEMPORAL" || name == "CVSS3_TEMPORAL") {
      std::string version = name == "CVSS_TEMPORAL" ? "2.0" : "3.0";
      int score = -1;
      std::string vector;
      SplitQualysScore(text, &score, &vector);
      for (CvssVector& v : def_.cvss) {
        if (v.version == version && !vector.empty())
          v.vector += "/" + vector;
      }
    }
  }

  void EndHost() {
    in_host_ = false;
    asset_.name = !asset_.ids.fqdn.empty()       ? asset_.ids.fqdn
                  : !asset_.ids.hostname.empty() ? asset_.ids.hostname
                                                 : asset_.ids.ip;
    size_t index = Finding::kNoAsset;
    if (!asset_.name.empty())
      index = sink_->AddAsset(asset_);
    for (Pending& p : host_records_) {
      p.asset = index;
      if (index != Finding::kNoAsset && p.port != 0) {
        Service svc;
        svc.asset = index;
        svc.port = p.port;
        svc.protocol = p.protocol;
        svc.name = p.service;
        sink_->AddService(svc);
      }
      Emit(std::move(p));
    }
    host_records_.clear();
  }

  // A glossary entry (VULN_DETAILS) is the rule of its QID's records,
  // wherever they are.
  void Define() {
    const Definition& d = def_;
    Rule r = QualysRule(def_qid_, d.title, d.severity);
    r.cves = d.cves;
    r.aliases = d.aliases;
    r.references = d.references;
    r.cvss = d.cvss;
    r.description = d.description;
    r.solution = d.solution;
    if (d.exploit)
      r.evidence_flags |= kEvidenceExploit;
    sink_->AddRule(r);
    rules_[def_qid_] = true;
  }

  // A record: what it says of its host; the rest is its QID's rule. An
  // information gathered (Ig) record is informational whatever the QID's
  // level.
  void Emit(Pending p) {
    Finding f;
    f.tool = "Qualys VM";
    f.asset = p.asset;
    f.rule_id = p.qid;
    f.port = p.port;
    f.protocol = p.protocol;
    f.service = p.service;
    f.evidence = std::move(p.result);
    f.first_seen = std::move(p.first_seen);
    f.last_seen = std::move(p.last_seen);
    if (EqualsIgnoreCase(p.status, "Fixed"))
      f.status = FindingStatus::kFixed;
    const bool info = EqualsIgnoreCase(p.type, "Ig");
    f.severity = Severity::kInfo;
    f.severity_from_rule = !info;
    f.category = info ? Category::kInformation : Category::kVulnerability;
    rules_.emplace(p.qid, false);
    sink_->AddFinding(std::move(f));
  }

  std::vector<std::string> stack_;
  std::string text_;

  bool in_host_ = false;
  Asset asset_;
  std::vector<Pending> host_records_;
  bool in_info_ = false;
  Pending info_;

  bool in_def_ = false;
  std::string def_qid_;
  Definition def_;
  std::string threat_;
  // The QIDs of the records and of the glossary: true once defined.
  std::map<std::string, bool> rules_;

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

void SplitQualysScore(std::string_view s, int* score, std::string* vector) {
  s = Trim(s);
  size_t open = s.find('(');
  size_t close = s.rfind(')');
  if (open != std::string_view::npos && close != std::string_view::npos &&
      close > open) {
    vector->assign(Trim(s.substr(open + 1, close - open - 1)));
    s = Trim(s.substr(0, open));
  }
  ParseScoreTenths(s, score);
}

Rule QualysRule(const std::string& qid,
                const std::string& title,
                const std::string& severity) {
  Rule r;
  r.rule_id = qid;
  r.title = title.empty() ? "QID " + qid : title;
  uint32_t level = 0;
  ParseUint32(severity, &level);
  r.severity = QualysSeverity(level, false);
  r.tool_severity = severity;
  return r;
}

Severity QualysSeverity(uint32_t level, bool information) {
  if (information || level == 0)
    return Severity::kInfo;
  if (level <= 2)
    return Severity::kLow;
  if (level == 3)
    return Severity::kMedium;
  if (level == 4)
    return Severity::kHigh;
  return Severity::kCritical;
}

bool SniffQualysXml(std::string_view head, bool complete) {
  (void)complete;
  return FirstXmlElement(head) == "ASSET_DATA_REPORT";
}

std::unique_ptr<Importer> CreateQualysXmlImporter(ImportSink* sink) {
  return std::make_unique<QualysXmlImporter>(sink);
}

}  // namespace exposure
