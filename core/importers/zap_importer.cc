#include "core/importers/zap_importer.h"

#include <algorithm>
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

// Longest text kept for one element, and for the instance list.
constexpr size_t kMaxFieldBytes = 256 * 1024;
constexpr size_t kMaxEvidenceBytes = 16 * 1024;
// Longest evidence kept for one instance.
constexpr size_t kMaxInstanceEvidence = 1024;

// ZAP writes descriptions as HTML paragraphs ("<p>...</p>"): plain text
// with one paragraph per line.
std::string StripParagraphs(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    // Copy up to the next tag in one go.
    size_t lt = std::min(text.find('<', i), text.size());
    out.append(text.data() + i, lt - i);
    i = lt;
    if (i == text.size())
      break;
    if (text.compare(i, 3, "<p>") == 0) {
      if (!out.empty() && out.back() != '\n')
        out += '\n';
      i += 3;
    } else if (text.compare(i, 4, "</p>") == 0) {
      i += 4;
    } else {
      out += '<';
      ++i;
    }
  }
  return std::string(Trim(out));
}

const char* Scheme(const ZapSite& site) {
  return site.ssl ? "https" : "http";
}

class ZapImporter : public XmlImporter {
 public:
  explicit ZapImporter(ImportSink* sink)
      : XmlImporter("not a ZAP XML report: no <OWASPZAPReport>"), sink_(sink) {}

 private:
  Status StartElement(std::string_view name,
                      const std::vector<XmlAttribute>& attrs) override {
    size_t depth = ++depth_;
    if (depth == 1) {
      if (name != "OWASPZAPReport") {
        return UnexpectedRoot("<OWASPZAPReport>", name);
      }
      seen_root_ = true;
      return Status::Ok();
    }
    if (name == "site" && depth == 2) {
      StartSite(attrs);
    } else if (name == "alertitem" && in_site_) {
      in_item_ = true;
      item_depth_ = depth;
      item_ = ZapAlert();
    } else if (in_item_ && name == "instance") {
      in_instance_ = true;
      instance_ = ZapInstance();
    } else if (in_item_ && ((depth == item_depth_ + 1 && name != "instances" &&
                             name != "tags") ||
                            (in_instance_ && depth == item_depth_ + 3))) {
      capturing_ = true;
      text_.clear();
    }
    return Status::Ok();
  }

  Status EndElement(std::string_view name) override {
    size_t depth = depth_;
    if (capturing_ && in_instance_ && depth == item_depth_ + 3) {
      capturing_ = false;
      InstanceField(name, Trim(text_));
    } else if (capturing_ && !in_instance_ && depth == item_depth_ + 1) {
      capturing_ = false;
      ItemField(name, Trim(text_));
    } else if (in_instance_ && name == "instance") {
      in_instance_ = false;
      capturing_ = false;
      ++item_.instance_count;
      if (item_.instances.size() < kZapMaxInstances)
        item_.instances.push_back(std::move(instance_));
    } else if (in_item_ && name == "alertitem" && depth == item_depth_) {
      in_item_ = false;
      AddZapAlert(item_, site_, site_asset_, sink_);
    } else if (name == "site" && depth == 2) {
      in_site_ = false;
    }
    --depth_;
    return Status::Ok();
  }

  Status Text(std::string_view text) override {
    if (capturing_ && text_.size() < kMaxFieldBytes)
      text_.append(text.substr(0, kMaxFieldBytes - text_.size()));
    return Status::Ok();
  }

  void StartSite(const std::vector<XmlAttribute>& attrs) {
    in_site_ = true;
    site_ = ZapSite();
    for (const XmlAttribute& a : attrs) {
      if (a.name == "name") {
        site_.name.assign(a.value);
      } else if (a.name == "host") {
        site_.host.assign(a.value);
      } else if (a.name == "port") {
        ParseUint32(a.value, &site_.port);
      } else if (a.name == "ssl") {
        site_.ssl = a.value == "true";
      }
    }
    site_asset_ = AddZapSite(site_, sink_);
  }

  void InstanceField(std::string_view name, std::string_view text) {
    if (name == "uri") {
      instance_.uri.assign(text);
    } else if (name == "method") {
      instance_.method.assign(text);
    } else if (name == "param") {
      instance_.param.assign(text);
    } else if (name == "attack") {
      instance_.attack.assign(text);
    } else if (name == "evidence") {
      instance_.evidence.assign(text.substr(0, kMaxInstanceEvidence));
    }
    // requestheader, requestbody, responseheader, responsebody, otherinfo:
    // not kept.
  }

  void ItemField(std::string_view name, std::string_view text) {
    if (text.empty())
      return;
    std::string* field = name == "pluginid"         ? &item_.plugin_id
                         : name == "alertRef"       ? &item_.alert_ref
                         : name == "name"           ? &item_.name
                         : name == "alert"          ? &item_.alert
                         : name == "riskcode"       ? &item_.riskcode
                         : name == "confidence"     ? &item_.confidence
                         : name == "confidencedesc" ? &item_.confidencedesc
                         : name == "riskdesc"       ? &item_.riskdesc
                         : name == "desc"           ? &item_.desc
                         : name == "solution"       ? &item_.solution
                         : name == "otherinfo"      ? &item_.otherinfo
                         : name == "cweid"          ? &item_.cweid
                         : name == "wascid"         ? &item_.wascid
                                                    : nullptr;
    if (field != nullptr) {
      field->assign(text);
    } else if (name == "reference") {
      item_.references.emplace_back(text);
    }
    // count: the instance list says it; sourceid: not kept.
  }

  size_t depth_ = 0;  // of the element being read (the root is 1)

  bool in_site_ = false;
  ZapSite site_;
  size_t site_asset_ = Finding::kNoAsset;

  bool in_item_ = false;
  size_t item_depth_ = 0;
  ZapAlert item_;
  bool in_instance_ = false;
  ZapInstance instance_;

  bool capturing_ = false;
  std::string text_;

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

int ZapConfidence(const ZapAlert& alert) {
  uint32_t code = 0;
  if (ParseUint32(alert.confidence, &code) && code <= 4)
    return static_cast<int>(code);
  std::string_view name = alert.confidencedesc;
  if (name.empty()) {
    // "Medium (Confirmed)": the confidence in brackets after the risk.
    const std::string_view risk = alert.riskdesc;
    const size_t open = risk.rfind('(');
    if (open != std::string_view::npos && !risk.empty() && risk.back() == ')')
      name = risk.substr(open + 1, risk.size() - open - 2);
  }
  name = Trim(name);
  if (EqualsIgnoreCase(name, "false positive"))
    return 0;
  if (EqualsIgnoreCase(name, "low"))
    return 1;
  if (EqualsIgnoreCase(name, "medium"))
    return 2;
  if (EqualsIgnoreCase(name, "high"))
    return 3;
  if (EqualsIgnoreCase(name, "confirmed") ||
      EqualsIgnoreCase(name, "user confirmed"))
    return 4;
  return -1;
}

size_t AddZapSite(const ZapSite& site, ImportSink* sink) {
  Asset asset;
  asset.kind = AssetKind::kWebApplication;
  asset.name = site.name.empty() ? site.host : site.name;
  asset.ids.url = site.name;
  if (LooksLikeIpAddress(site.host)) {
    asset.ids.ip = site.host;
  } else if (site.host.find('.') != std::string::npos) {
    asset.ids.fqdn = site.host;
  } else {
    asset.ids.hostname = site.host;
  }
  size_t index = sink->AddAsset(asset);
  if (site.port != 0) {
    Service svc;
    svc.asset = index;
    svc.port = site.port;
    svc.protocol = "tcp";
    svc.name = Scheme(site);
    sink->AddService(svc);
  }
  return index;
}

void AddZapAlert(const ZapAlert& alert,
                 const ZapSite& site,
                 size_t asset,
                 ImportSink* sink) {
  Finding f;
  f.tool = "OWASP ZAP";
  f.asset = asset;
  // "10202-1": the alert's own id, more precise than the plugin id.
  f.rule_id = !alert.alert_ref.empty() ? alert.alert_ref : alert.plugin_id;
  f.title = !alert.name.empty() ? alert.name : alert.alert;
  uint32_t risk = 0;
  if (ParseUint32(alert.riskcode, &risk) && risk <= 3)
    f.severity = static_cast<Severity>(risk);
  f.tool_severity =
      !alert.riskdesc.empty() ? alert.riskdesc : SeverityName(f.severity);
  const int confidence = ZapConfidence(alert);
  if (confidence == 0)
    f.status = FindingStatus::kFalsePositive;
  else if (confidence == 4)
    f.evidence_flags |= kEvidenceConfirmed;
  f.category = f.severity == Severity::kInfo ? Category::kInformation
                                             : Category::kVulnerability;
  if (!alert.desc.empty())
    f.description = sink->Intern(StripParagraphs(alert.desc));
  if (!alert.solution.empty())
    f.solution = sink->Intern(StripParagraphs(alert.solution));
  for (const std::string& text : alert.references) {
    for (std::string& r : SplitTrimmed(StripParagraphs(text), "\n\r\t ")) {
      AppendUnique(&f.references, std::move(r));
    }
  }
  if (!alert.cweid.empty() && alert.cweid != "0" && alert.cweid != "-1")
    AddCwe(alert.cweid, &f.cwes);
  if (!alert.wascid.empty() && alert.wascid != "0" && alert.wascid != "-1")
    AppendUnique(&f.aliases, "WASC-" + alert.wascid);
  f.port = site.port;
  if (site.port != 0) {
    f.protocol = "tcp";
    f.service = Scheme(site);
  }
  if (!alert.instances.empty())
    f.location = alert.instances.front().uri;
  // One line per instance, appended in place.
  std::string ev;
  for (const ZapInstance& in : alert.instances) {
    if (!ev.empty())
      ev += '\n';
    if (!in.method.empty()) {
      ev += in.method;
      ev += ' ';
    }
    ev += in.uri;
    if (!in.param.empty()) {
      ev += " param=";
      ev += in.param;
    }
    if (!in.attack.empty()) {
      ev += " attack=";
      ev += in.attack;
    }
    if (!in.evidence.empty()) {
      ev += " evidence=";
      ev += in.evidence;
    }
    if (ev.size() > kMaxEvidenceBytes)
      break;
  }
  if (alert.instance_count > alert.instances.size()) {
    ev += "\n(" +
          std::to_string(alert.instance_count - alert.instances.size()) +
          " more instances)";
  }
  std::string otherinfo = StripParagraphs(alert.otherinfo);
  if (!otherinfo.empty()) {
    if (!ev.empty())
      ev += '\n';
    ev += otherinfo;
  }
  f.evidence = Bounded(ev, kMaxEvidenceBytes);
  if (f.title.empty())
    f.title = f.rule_id;
  sink->AddFinding(std::move(f));
}

bool SniffZapXml(std::string_view head, bool complete) {
  (void)complete;
  return FirstXmlElement(head) == "OWASPZAPReport";
}

std::unique_ptr<Importer> CreateZapXmlImporter(ImportSink* sink) {
  return std::make_unique<ZapImporter>(sink);
}

}  // namespace exposure
