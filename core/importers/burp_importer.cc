#include "core/importers/burp_importer.h"

#include <string>
#include <utility>
#include <vector>

#include "core/base/net.h"
#include "core/base/strings.h"
#include "core/import/xml/xml_importer.h"
#include "core/import/xml/xml_tokenizer.h"
#include "core/importers/sniff_util.h"
#include "core/importers/text_util.h"

namespace exposure {

namespace {

constexpr size_t kMaxFieldBytes = 256 * 1024;
constexpr size_t kMaxEvidenceBytes = 16 * 1024;

// Every href="..." of an HTML fragment.
std::vector<std::string> Links(std::string_view html) {
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = html.find("href=\"", pos)) != std::string_view::npos) {
    pos += 6;
    size_t end = html.find('"', pos);
    if (end == std::string_view::npos)
      break;
    std::string url;
    DecodeXmlEntities(html.substr(pos, end - pos), &url);
    AppendUnique(&out, url);
    pos = end;
  }
  return out;
}

class BurpImporter : public XmlImporter {
 public:
  explicit BurpImporter(ImportSink* sink)
      : XmlImporter("not a Burp XML export: no <issues>"), sink_(sink) {}

 private:
  Status StartElement(std::string_view name,
                      const std::vector<XmlAttribute>& attrs) override {
    ++depth_;
    if (depth_ == 1) {
      if (name != "issues") {
        return UnexpectedRoot("<issues>", name);
      }
      seen_root_ = true;
      for (const XmlAttribute& a : attrs) {
        if (a.name == "burpVersion")
          version_.assign(a.value);
      }
      return Status::Ok();
    }
    if (depth_ == 2 && name == "issue") {
      in_issue_ = true;
      fields_ = Fields();
      detail_items_.clear();
      return Status::Ok();
    }
    if (!in_issue_)
      return Status::Ok();
    if (depth_ == 3) {
      field_.assign(name);
      if (name == "host") {
        for (const XmlAttribute& a : attrs) {
          if (a.name == "ip")
            fields_.ip.assign(a.value);
        }
      }
      // Requests, responses and collaborator events are not kept.
      capturing_ = name != "requestresponse" && name != "issueDetailItems" &&
                   name != "collaboratorEvent" && name != "infiltratorEvent" &&
                   name != "staticAnalysis" && name != "dynamicAnalysis";
      text_.clear();
    } else if (depth_ == 4 && name == "issueDetailItem") {
      field_.assign(name);
      capturing_ = true;
      text_.clear();
    }
    return Status::Ok();
  }

  Status EndElement(std::string_view name) override {
    if (in_issue_ && capturing_ && (depth_ == 3 || depth_ == 4)) {
      capturing_ = false;
      Field(field_, std::string(Trim(text_)));
    } else if (depth_ == 2 && name == "issue" && in_issue_) {
      in_issue_ = false;
      EndIssue();
    }
    --depth_;
    return Status::Ok();
  }

  Status Text(std::string_view text) override {
    if (capturing_ && text_.size() < kMaxFieldBytes)
      text_.append(text.substr(0, kMaxFieldBytes - text_.size()));
    return Status::Ok();
  }

  struct Fields {
    std::string type, name, host, ip, path, location, severity, confidence;
    std::string background, remediation_background, references;
    std::string classifications, detail, remediation_detail;
  };

  void Field(const std::string& name, std::string text) {
    if (name == "type") {
      fields_.type = std::move(text);
    } else if (name == "name") {
      fields_.name = std::move(text);
    } else if (name == "host") {
      fields_.host = std::move(text);
    } else if (name == "path") {
      fields_.path = std::move(text);
    } else if (name == "location") {
      fields_.location = std::move(text);
    } else if (name == "severity") {
      fields_.severity = std::move(text);
    } else if (name == "confidence") {
      fields_.confidence = std::move(text);
    } else if (name == "issueBackground") {
      fields_.background = std::move(text);
    } else if (name == "remediationBackground") {
      fields_.remediation_background = std::move(text);
    } else if (name == "references") {
      fields_.references = std::move(text);
    } else if (name == "vulnerabilityClassifications") {
      fields_.classifications = std::move(text);
    } else if (name == "issueDetail") {
      fields_.detail = std::move(text);
    } else if (name == "remediationDetail") {
      fields_.remediation_detail = std::move(text);
    } else if (name == "issueDetailItem") {
      if (!text.empty())
        detail_items_.push_back(HtmlToText(text));
    }
  }

  void EndIssue() {
    Finding f;
    f.tool = "Burp Suite";
    f.rule_id = fields_.type;
    f.title = fields_.name.empty() ? fields_.type : fields_.name;
    f.tool_severity = fields_.severity;
    if (!fields_.confidence.empty())
      f.tool_severity += " (" + fields_.confidence + ")";
    Severity sev = Severity::kInfo;
    if (ParseSeverity(fields_.severity, &sev))
      f.severity = sev;
    if (EqualsIgnoreCase(fields_.severity, "false positive") ||
        EqualsIgnoreCase(fields_.confidence, "false positive")) {
      f.status = FindingStatus::kFalsePositive;
    } else if (EqualsIgnoreCase(fields_.confidence, "certain")) {
      f.evidence_flags |= kEvidenceConfirmed;
    }
    f.category = f.severity == Severity::kInfo ? Category::kInformation
                                               : Category::kVulnerability;
    f.description = sink_->Intern(HtmlToText(fields_.background));
    std::string solution = HtmlToText(fields_.remediation_detail);
    std::string general = HtmlToText(fields_.remediation_background);
    if (!general.empty())
      solution += (solution.empty() ? "" : "\n") + general;
    f.solution = sink_->Intern(solution);
    for (std::string& url : Links(fields_.references))
      AppendUnique(&f.references, std::move(url));
    AddCwesFromText(HtmlToText(fields_.classifications), &f.cwes);
    std::string evidence = HtmlToText(fields_.detail);
    for (const std::string& item : detail_items_)
      evidence += (evidence.empty() ? "" : "\n") + item;
    f.evidence = Bounded(evidence, kMaxEvidenceBytes);
    f.location = fields_.host + fields_.path;
    if (f.location.empty())
      f.location = fields_.location;
    f.asset = HostAsset(&f);
    sink_->AddFinding(std::move(f));
  }

  size_t HostAsset(Finding* f) {
    const std::string& host = fields_.host;
    if (host.empty() && fields_.ip.empty())
      return Finding::kNoAsset;
    Asset a;
    a.kind = AssetKind::kWebApplication;
    a.name = host.empty() ? fields_.ip : host;
    a.ids.url = host;
    size_t scheme = host.find("://");
    std::string authority =
        scheme == std::string::npos ? host : host.substr(scheme + 3);
    authority = authority.substr(0, authority.find('/'));
    std::string hostname = authority;
    uint32_t port = 0;
    size_t colon = authority.rfind(':');
    if (colon != std::string::npos &&
        ParseUint32(authority.substr(colon + 1), &port)) {
      hostname = authority.substr(0, colon);
    } else if (StartsWith(host, "https://")) {
      port = 443;
    } else if (StartsWith(host, "http://")) {
      port = 80;
    }
    if (LooksLikeIpAddress(hostname)) {
      a.ids.ip = hostname;
    } else if (hostname.find('.') != std::string::npos) {
      a.ids.fqdn = hostname;
    } else if (!hostname.empty()) {
      a.ids.hostname = hostname;
    }
    if (host.empty())
      a.ids.ip = fields_.ip;
    size_t index = sink_->AddAsset(a);
    if (port != 0) {
      f->port = port;
      f->protocol = "tcp";
      f->service = StartsWith(host, "https://") ? "https" : "http";
      Service svc;
      svc.asset = index;
      svc.port = port;
      svc.protocol = "tcp";
      svc.name = f->service;
      sink_->AddService(svc);
    }
    return index;
  }

  int depth_ = 0;
  std::string version_;
  bool in_issue_ = false;
  Fields fields_;
  std::vector<std::string> detail_items_;
  std::string field_;
  bool capturing_ = false;
  std::string text_;

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffBurp(std::string_view head, bool complete) {
  (void)complete;
  if (FirstXmlElement(head) != "issues")
    return false;
  // The root alone is generic: Burp's carries burpVersion or its issues.
  return Contains(head, "burpVersion") ||
         (Contains(head, "<issue>") && Contains(head, "<serialNumber>"));
}

std::unique_ptr<Importer> CreateBurpImporter(ImportSink* sink) {
  return std::make_unique<BurpImporter>(sink);
}

}  // namespace exposure
