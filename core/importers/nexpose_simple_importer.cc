#include "core/importers/nexpose_simple_importer.h"

#include <cstdint>
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

constexpr size_t kMaxFieldBytes = size_t{1} << 20;

// A fingerprint certainty ("0.80", "1.00") in thousandths; -1 if absent or
// not a number in [0, 1].
int CertaintyMillis(std::string_view s) {
  s = Trim(s);
  if (s.empty())
    return -1;
  int whole = 0;
  size_t i = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i)
    whole = whole * 10 + (s[i] - '0');
  if (i == 0 || whole > 1)
    return -1;
  int frac = 0;
  int digits = 0;
  if (i < s.size() && s[i] == '.') {
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      if (digits < 3) {
        frac = frac * 10 + (s[i] - '0');
        ++digits;
      }
    }
  }
  if (i != s.size())
    return -1;
  for (; digits < 3; ++digits)
    frac *= 10;
  int millis = whole * 1000 + frac;
  return millis > 1000 ? -1 : millis;
}

// "secunia" -> "SECUNIA", the spelling of the full XML export's sources.
std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

const char* ResultName(std::string_view code) {
  if (code == "VE")
    return "vulnerable-exploited";
  if (code == "VV")
    return "vulnerable-version";
  if (code == "VP")
    return "vulnerable-potential";
  return nullptr;
}

struct Fingerprint {
  int certainty = -1;
  std::string description;
  std::string vendor;
  std::string product;
  std::string version;
};

struct OpenService {
  uint32_t port = 0;
  std::string protocol;
  std::string name;
  bool fingerprinted = false;
  Fingerprint fp;  // the most certain one
};

class NexposeSimpleImporter : public XmlImporter {
 public:
  explicit NexposeSimpleImporter(ImportSink* sink)
      : XmlImporter("not a Nexpose Simple XML export: no <NeXposeSimpleXML>"),
        sink_(sink) {}

 private:
  // A device cut short keeps the vulnerabilities read whole.
  void Flush() override {
    if (device_depth_ != 0)
      EndDevice();
  }

  Status StartElement(std::string_view name,
                      const std::vector<XmlAttribute>& attrs) override {
    if (stack_.empty()) {
      if (name != "NeXposeSimpleXML")
        return UnexpectedRoot("<NeXposeSimpleXML>", name);
      seen_root_ = true;
    }
    const std::string parent = stack_.empty() ? std::string() : stack_.back();
    stack_.emplace_back(name);
    text_.clear();
    const size_t depth = stack_.size();
    if (name == "device" && parent == "devices" && device_depth_ == 0) {
      StartDevice(XmlAttr(attrs, "address"));
    } else if (device_depth_ == 0) {
      return Status::Ok();
    } else if (vuln_depth_ != 0) {
      if (name == "id" && depth == vuln_depth_ + 1)
        id_type_ = ToLower(XmlAttr(attrs, "type"));
    } else if (name == "vulnerability" && parent == "vulnerabilities") {
      StartVulnerability(attrs);
    } else if (name == "service" && parent == "services" &&
               service_depth_ == 0) {
      service_depth_ = depth;
      service_ = OpenService();
      ParseUint32(XmlAttr(attrs, "port"), &service_.port);
      service_.protocol = ToLower(XmlAttr(attrs, "protocol"));
      std::string svc = XmlAttr(attrs, "name");
      service_.name = svc == "<unknown>" ? std::string() : ToLower(svc);
    } else if (name == "fingerprint" && fp_depth_ == 0) {
      // The device's own fingerprint (directly or in <fingerprints>), or
      // the one of the service being read.
      bool of_service = service_depth_ != 0 && parent == "service";
      bool of_device =
          service_depth_ == 0 &&
          (parent == "device" ||
           (parent == "fingerprints" && XmlParent(stack_, 2) == "device"));
      if (of_service || of_device) {
        fp_depth_ = depth;
        fp_ = Fingerprint();
        fp_.certainty = CertaintyMillis(XmlAttr(attrs, "certainty"));
      }
    }
    return Status::Ok();
  }

  Status EndElement(std::string_view name) override {
    const size_t depth = stack_.size();
    std::string text(Trim(text_));
    text_.clear();
    if (vuln_depth_ != 0) {
      if (depth == vuln_depth_) {
        EndVulnerability();
      } else if (name == "id" && depth == vuln_depth_ + 1) {
        AddReference(text);
      }
    } else if (fp_depth_ != 0) {
      if (depth == fp_depth_) {
        EndFingerprint();
      } else if (depth == fp_depth_ + 1) {
        if (name == "description")
          fp_.description = text;
        else if (name == "vendor")
          fp_.vendor = text;
        else if (name == "product")
          fp_.product = text;
        else if (name == "version")
          fp_.version = text;
      }
    } else if (service_depth_ != 0 && depth == service_depth_) {
      EndService();
    } else if (device_depth_ != 0 && depth == device_depth_) {
      EndDevice();
    }
    stack_.pop_back();
    return Status::Ok();
  }

  Status Text(std::string_view text) override {
    if (text_.size() + text.size() <= kMaxFieldBytes)
      text_.append(text);
    return Status::Ok();
  }

  void StartDevice(const std::string& address) {
    device_depth_ = stack_.size();
    asset_ = Asset();
    asset_.kind = AssetKind::kHost;
    asset_.name = address;
    if (IsIpv4(address) || LooksLikeIpv6(address)) {
      asset_.ids.ip = address;
    } else if (address.find('.') != std::string::npos) {
      asset_.ids.fqdn = address;
    } else {
      asset_.ids.hostname = address;
    }
    os_certainty_ = -2;
    services_.clear();
    findings_.clear();
  }

  void EndFingerprint() {
    fp_depth_ = 0;
    if (service_depth_ != 0) {
      if (!service_.fingerprinted || fp_.certainty > service_.fp.certainty)
        service_.fp = std::move(fp_);
      service_.fingerprinted = true;
      return;
    }
    std::string os = fp_.description;
    if (os.empty()) {
      os = fp_.product;
      if (!fp_.vendor.empty() && !StartsWith(os, fp_.vendor))
        os = fp_.vendor + (os.empty() ? "" : " " + os);
      if (!fp_.version.empty())
        os += (os.empty() ? "" : " ") + fp_.version;
    }
    if (!os.empty() && fp_.certainty > os_certainty_) {
      asset_.os = std::move(os);
      os_certainty_ = fp_.certainty;
    }
  }

  void EndService() {
    service_depth_ = 0;
    if (service_.port != 0)
      services_.push_back(std::move(service_));
    service_ = OpenService();
  }

  void StartVulnerability(const std::vector<XmlAttribute>& attrs) {
    vuln_depth_ = stack_.size();
    std::string code = XmlAttr(attrs, "resultCode");
    keep_ = code.empty() || StartsWith(code, "V");
    vuln_ = Finding();
    vuln_.tool = "Nexpose";
    vuln_.category = Category::kVulnerability;
    vuln_.rule_id = ToLower(XmlAttr(attrs, "id"));
    vuln_.title = vuln_.rule_id;
    if (!code.empty()) {
      const char* result = ResultName(code);
      vuln_.evidence = "Result: " + code;
      if (result != nullptr)
        vuln_.evidence += std::string(" (") + result + ")";
    }
    if (code == "VE")
      vuln_.evidence_flags |= kEvidenceConfirmed;
    if (service_depth_ != 0) {
      vuln_.port = service_.port;
      vuln_.protocol = service_.protocol;
      vuln_.service = service_.name;
    }
  }

  void AddReference(const std::string& value) {
    if (value.empty())
      return;
    if (id_type_ == "cve") {
      AddCvesFromText(value, &vuln_.cves);
    } else if (id_type_ == "url") {
      AppendUnique(&vuln_.references, value);
    } else if (id_type_ == "cwe") {
      AddCwe(value, &vuln_.cwes);
    } else {
      bool digits = true;
      for (char c : value)
        digits = digits && c >= '0' && c <= '9';
      std::string source = Upper(id_type_);
      AppendUnique(&vuln_.aliases,
                   digits && !source.empty() ? source + "-" + value : value);
    }
  }

  void EndVulnerability() {
    vuln_depth_ = 0;
    if (keep_ && !vuln_.rule_id.empty())
      findings_.push_back(std::move(vuln_));
    vuln_ = Finding();
  }

  void EndDevice() {
    device_depth_ = 0;
    vuln_depth_ = 0;
    fp_depth_ = 0;
    if (service_depth_ != 0)
      EndService();
    size_t index = Finding::kNoAsset;
    if (!asset_.name.empty())
      index = sink_->AddAsset(asset_);
    for (OpenService& s : services_) {
      if (index == Finding::kNoAsset)
        break;
      Service svc;
      svc.asset = index;
      svc.port = s.port;
      svc.protocol = s.protocol;
      svc.name = s.name;
      svc.product = !s.fp.product.empty() ? s.fp.product : s.fp.description;
      svc.version = s.fp.version;
      sink_->AddService(svc);
    }
    for (Finding& f : findings_) {
      f.asset = index;
      sink_->AddFinding(std::move(f));
    }
    services_.clear();
    findings_.clear();
  }

  std::vector<std::string> stack_;
  std::string text_;

  size_t device_depth_ = 0;  // 0: not in a device
  Asset asset_;
  int os_certainty_ = -2;
  std::vector<OpenService> services_;
  std::vector<Finding> findings_;  // the device's, waiting for its end

  size_t service_depth_ = 0;
  OpenService service_;

  size_t fp_depth_ = 0;
  Fingerprint fp_;

  size_t vuln_depth_ = 0;
  bool keep_ = false;
  Finding vuln_;
  std::string id_type_;

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffNexposeSimple(std::string_view head, bool complete) {
  (void)complete;
  return FirstXmlElement(head) == "NeXposeSimpleXML";
}

std::unique_ptr<Importer> CreateNexposeSimpleImporter(ImportSink* sink) {
  return std::make_unique<NexposeSimpleImporter>(sink);
}

}  // namespace exposure
