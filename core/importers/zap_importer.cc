#include "core/importers/zap_importer.h"

#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/xml/xml_tokenizer.h"
#include "core/importers/sniff_util.h"
#include "core/importers/text_util.h"

namespace exposure {

namespace {

// Longest text kept for one element, and for the instance list.
constexpr size_t kMaxFieldBytes = 256 * 1024;
constexpr size_t kMaxEvidenceBytes = 16 * 1024;
// Instances listed in the evidence; the rest are only counted.
constexpr size_t kMaxInstances = 200;

bool IsIpAddress(std::string_view s) {
  if (s.empty())
    return false;
  bool colon = s.find(':') != std::string_view::npos;
  for (char c : s) {
    bool ok = (c >= '0' && c <= '9') || c == '.' ||
              (colon &&
               (c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
    if (!ok)
      return false;
  }
  return true;
}

// ZAP writes descriptions as HTML paragraphs ("<p>...</p>"): plain text
// with one paragraph per line.
std::string StripParagraphs(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "<p>") == 0) {
      if (!out.empty() && out.back() != '\n')
        out += '\n';
      i += 3;
    } else if (text.compare(i, 4, "</p>") == 0) {
      i += 4;
    } else {
      out += text[i++];
    }
  }
  return std::string(Trim(out));
}

class ZapImporter : public Importer, private XmlHandler {
 public:
  explicit ZapImporter(ImportSink sink) : sink_(sink), xml_(this) {}

  Status Feed(std::string_view chunk) override { return xml_.Feed(chunk); }

  Status Finish() override {
    Status s = xml_.Finish();
    if (!s.ok())
      return s;
    if (!seen_root_)
      return Status::Error("not a ZAP XML report: no <OWASPZAPReport>");
    return Status::Ok();
  }

 private:
  struct Instance {
    std::string uri, method, param, attack, evidence;
  };

  Status StartElement(std::string_view name,
                      const std::vector<XmlAttribute>& attrs) override {
    stack_.emplace_back(name);
    size_t depth = stack_.size();
    if (depth == 1) {
      if (name != "OWASPZAPReport") {
        return Status::Error("expected <OWASPZAPReport>, found <" +
                             std::string(name) + ">");
      }
      seen_root_ = true;
      for (const XmlAttribute& a : attrs) {
        if (a.name == "version")
          version_.assign(a.value);
      }
      return Status::Ok();
    }
    if (name == "site" && depth == 2) {
      StartSite(attrs);
    } else if (name == "alertitem" && in_site_) {
      in_item_ = true;
      item_depth_ = depth;
      item_ = Finding();
      instances_.clear();
      instance_count_ = 0;
      confidence_.clear();
      otherinfo_.clear();
    } else if (in_item_ && name == "instance") {
      in_instance_ = true;
      instance_ = Instance();
    } else if (in_item_ && ((depth == item_depth_ + 1 && name != "instances" &&
                             name != "tags") ||
                            (in_instance_ && depth == item_depth_ + 3))) {
      capturing_ = true;
      text_.clear();
    }
    return Status::Ok();
  }

  Status EndElement(std::string_view name) override {
    size_t depth = stack_.size();
    if (capturing_ && in_instance_ && depth == item_depth_ + 3) {
      capturing_ = false;
      InstanceField(name, Trim(text_));
    } else if (capturing_ && !in_instance_ && depth == item_depth_ + 1) {
      capturing_ = false;
      ItemField(name, Trim(text_));
    } else if (in_instance_ && name == "instance") {
      in_instance_ = false;
      capturing_ = false;
      ++instance_count_;
      if (instances_.size() < kMaxInstances)
        instances_.push_back(std::move(instance_));
    } else if (in_item_ && name == "alertitem" && depth == item_depth_) {
      in_item_ = false;
      EndItem();
    } else if (name == "site" && depth == 2) {
      in_site_ = false;
    }
    stack_.pop_back();
    return Status::Ok();
  }

  Status Text(std::string_view text) override {
    if (capturing_ && text_.size() < kMaxFieldBytes)
      text_.append(text.substr(0, kMaxFieldBytes - text_.size()));
    return Status::Ok();
  }

  void StartSite(const std::vector<XmlAttribute>& attrs) {
    in_site_ = true;
    std::string name, host, ssl;
    port_ = 0;
    for (const XmlAttribute& a : attrs) {
      if (a.name == "name") {
        name.assign(a.value);
      } else if (a.name == "host") {
        host.assign(a.value);
      } else if (a.name == "port") {
        ParseUint32(a.value, &port_);
      } else if (a.name == "ssl") {
        ssl.assign(a.value);
      }
    }
    scheme_ = ssl == "true" ? "https" : "http";
    Asset asset;
    asset.kind = "web_application";
    asset.name = name.empty() ? host : name;
    asset.ids.url = name;
    if (IsIpAddress(host)) {
      asset.ids.ip = host;
    } else if (host.find('.') != std::string::npos) {
      asset.ids.fqdn = host;
    } else {
      asset.ids.hostname = host;
    }
    site_asset_ = sink_.AddAsset(asset);
    if (port_ != 0) {
      Service svc;
      svc.asset = site_asset_;
      svc.port = port_;
      svc.protocol = "tcp";
      svc.name = scheme_;
      sink_.AddService(svc);
    }
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
      instance_.evidence.assign(text.substr(0, 1024));
    }
    // requestheader, requestbody, responseheader, responsebody: not kept.
  }

  void ItemField(std::string_view name, std::string_view text) {
    if (text.empty())
      return;
    if (name == "pluginid") {
      if (item_.rule_id.empty())
        item_.rule_id.assign(text);
    } else if (name == "alertRef") {
      // "10202-1": the alert's own id, more precise than the plugin id.
      item_.rule_id.assign(text);
    } else if (name == "name") {
      item_.title.assign(text);
    } else if (name == "alert") {
      if (item_.title.empty())
        item_.title.assign(text);
    } else if (name == "riskcode") {
      uint32_t v = 0;
      if (ParseUint32(text, &v) && v <= 3)
        item_.severity = static_cast<Severity>(v);
    } else if (name == "confidence") {
      confidence_.assign(text);
    } else if (name == "riskdesc") {
      item_.tool_severity.assign(text);
    } else if (name == "desc") {
      item_.description = sink_.Intern(StripParagraphs(text));
    } else if (name == "solution") {
      item_.solution = sink_.Intern(StripParagraphs(text));
    } else if (name == "otherinfo") {
      otherinfo_ = StripParagraphs(text);
    } else if (name == "reference") {
      std::string refs = StripParagraphs(text);
      for (std::string& r : SplitTrimmed(refs, "\n\r\t ")) {
        AppendUnique(&item_.references, std::move(r));
      }
    } else if (name == "cweid") {
      if (text != "0" && text != "-1")
        AddCwe(text, &item_.cwes);
    } else if (name == "wascid") {
      if (text != "0" && text != "-1")
        AppendUnique(&item_.aliases, "WASC-" + std::string(text));
    } else if (name == "count") {
      // Kept implicitly: the instance list.
    }
  }

  void EndItem() {
    Finding& f = item_;
    f.format = "zap_xml";
    f.tool = "OWASP ZAP";
    f.asset = site_asset_;
    f.port = port_;
    if (port_ != 0) {
      f.protocol = "tcp";
      f.service = scheme_;
    }
    if (f.tool_severity.empty())
      f.tool_severity = SeverityName(f.severity);
    if (confidence_ == "0")
      f.status = "false_positive";
    f.category =
        f.severity == Severity::kInfo ? "information" : "vulnerability";
    if (!instances_.empty())
      f.location = instances_.front().uri;
    std::string ev;
    for (const Instance& in : instances_) {
      std::string line = in.method.empty() ? in.uri : in.method + " " + in.uri;
      if (!in.param.empty())
        line += " param=" + in.param;
      if (!in.attack.empty())
        line += " attack=" + in.attack;
      if (!in.evidence.empty())
        line += " evidence=" + in.evidence;
      if (!ev.empty())
        ev += '\n';
      ev += line;
      if (ev.size() > kMaxEvidenceBytes)
        break;
    }
    if (instance_count_ > instances_.size()) {
      ev += "\n(" + std::to_string(instance_count_ - instances_.size()) +
            " more instances)";
    }
    if (!otherinfo_.empty()) {
      if (!ev.empty())
        ev += '\n';
      ev += otherinfo_;
    }
    f.evidence = Bounded(ev, kMaxEvidenceBytes);
    if (f.title.empty())
      f.title = f.rule_id;
    sink_.AddFinding(std::move(f));
  }

  ImportSink sink_;
  XmlTokenizer xml_;
  std::vector<std::string> stack_;
  bool seen_root_ = false;
  std::string version_;

  bool in_site_ = false;
  size_t site_asset_ = Finding::kNoAsset;
  uint32_t port_ = 0;
  std::string scheme_;

  bool in_item_ = false;
  size_t item_depth_ = 0;
  Finding item_;
  std::string confidence_;
  std::string otherinfo_;
  bool in_instance_ = false;
  Instance instance_;
  std::vector<Instance> instances_;
  size_t instance_count_ = 0;

  bool capturing_ = false;
  std::string text_;
};

}  // namespace

bool SniffZapXml(std::string_view head, bool complete) {
  (void)complete;
  return FirstXmlElement(head) == "OWASPZAPReport";
}

std::unique_ptr<Importer> CreateZapXmlImporter(ImportSink sink) {
  return std::make_unique<ZapImporter>(sink);
}

}  // namespace exposure
