#include "core/importers/nmap_importer.h"

#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/base/time.h"
#include "core/import/xml/xml_importer.h"
#include "core/import/xml/xml_tokenizer.h"
#include "core/importers/sniff_util.h"
#include "core/importers/text_util.h"

namespace exposure {

namespace {

constexpr size_t kMaxFieldBytes = size_t{1} << 20;

// The first "CVE-YYYY-NNNN..." inside `s` ("MSF:ILITIES/UBUNTU-CVE-2019-6111/"
// names CVE-2019-6111), or "".
std::string EmbeddedCve(std::string_view s) {
  for (size_t p = s.find("CVE-"); p != std::string_view::npos;
       p = s.find("CVE-", p + 1)) {
    size_t i = p + 4;
    size_t year = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      ++i;
      ++year;
    }
    if (year != 4 || i >= s.size() || s[i] != '-')
      continue;
    size_t start = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9')
      ++i;
    if (i - start >= 4)
      return std::string(s.substr(p, i - p));
  }
  return std::string();
}

struct VulnersEntry {
  std::string cpe;
  std::string id;
  std::string type;
  std::string cvss;
  bool exploit = false;
};

struct Port {
  uint32_t number = 0;
  std::string protocol;
  std::string state;
  std::string service;
  std::string product;
  std::string version;
  std::string extrainfo;
  std::string cpe;
  std::vector<VulnersEntry> vulners;
};

class NmapImporter : public XmlImporter {
 public:
  explicit NmapImporter(ImportSink* sink)
      : XmlImporter("not an Nmap XML file: no <nmaprun>"), sink_(sink) {}

 private:
  // A broken file keeps the host being read: every port read whole, and
  // the port being read once its service was (its state and service come
  // before its scripts), with the vulners entries read whole.
  void Flush() override {
    if (in_host_) {
      if (in_port_ && port_service_seen_) {
        in_port_ = false;
        in_script_ = false;
        if (port_.state == "open")
          ports_.push_back(std::move(port_));
      }
      EndHost();
    }
    EmitUntimedScans();
  }

  // Hosts without times of their own were scanned by the run: their scan
  // ends when it finished (<finished time> follows every host), else it is
  // dated by when the run started. With neither, the scan is not dated.
  void EmitUntimedScans() {
    const std::string& when =
        !run_finished_.empty() ? run_finished_ : run_start_;
    for (size_t index : untimed_hosts_) {
      AssetScan scan;
      scan.asset = index;
      scan.time = when;
      sink_->AddAssetScan(scan);
    }
    untimed_hosts_.clear();
  }

  Status StartElement(std::string_view name,
                      const std::vector<XmlAttribute>& attrs) override {
    ++depth_;
    capturing_ = false;
    if (depth_ == 1) {
      if (name != "nmaprun") {
        return UnexpectedRoot("<nmaprun>", name);
      }
      seen_root_ = true;
      int64_t t;
      if (ParseUnixSeconds(XmlAttr(attrs, "start"), &t))
        run_start_ = UnixToIso8601(t);
      return Status::Ok();
    }
    if (!in_host_) {
      if (name == "host" && depth_ == 2) {
        StartHost(attrs);
      } else if (name == "finished" && depth_ == 3) {
        int64_t t;
        if (ParseUnixSeconds(XmlAttr(attrs, "time"), &t))
          run_finished_ = UnixToIso8601(t);
      } else if (name == "scaninfo" && depth_ == 2) {
        // The ports probed, per protocol: "T:1-1000,U:53" (what a diff
        // between scans checks a finding's port against).
        const std::string services = XmlAttr(attrs, "services");
        if (!services.empty()) {
          if (!scope_.ports.empty())
            scope_.ports += ',';
          scope_.ports += XmlAttr(attrs, "protocol") == "udp" ? "U:" : "T:";
          scope_.ports += services;
          sink_->SetScanScope(scope_);
        }
      }
      return Status::Ok();
    }
    if (in_script_) {
      if (name == "table") {
        table_keys_.push_back(XmlAttr(attrs, "key"));
        entry_ = VulnersEntry();
      } else if (name == "elem") {
        elem_key_ = XmlAttr(attrs, "key");
        StartText();
      }
      return Status::Ok();
    }
    if (in_port_) {
      if (name == "state") {
        port_.state = XmlAttr(attrs, "state");
      } else if (name == "service") {
        port_service_seen_ = true;
        port_.service = XmlAttr(attrs, "name");
        port_.product = XmlAttr(attrs, "product");
        port_.version = XmlAttr(attrs, "version");
        port_.extrainfo = XmlAttr(attrs, "extrainfo");
      } else if (name == "cpe") {
        StartText();
      } else if (name == "script" && XmlAttr(attrs, "id") == "vulners") {
        in_script_ = true;
        script_depth_ = depth_;
        table_keys_.clear();
      }
      return Status::Ok();
    }
    if (name == "status") {
      host_state_ = XmlAttr(attrs, "state");
    } else if (name == "address") {
      std::string type = XmlAttr(attrs, "addrtype");
      std::string addr = XmlAttr(attrs, "addr");
      if (type == "mac") {
        if (asset_.ids.mac.empty())
          asset_.ids.mac = addr;
      } else if (type == "ipv4" || type == "ipv6") {
        if (asset_.ids.ip.empty())
          asset_.ids.ip = addr;
      }
    } else if (name == "hostname") {
      AddHostname(XmlAttr(attrs, "name"), XmlAttr(attrs, "type"));
    } else if (name == "port") {
      in_port_ = true;
      port_service_seen_ = false;
      port_depth_ = depth_;
      port_ = Port();
      ParseUint32(XmlAttr(attrs, "portid"), &port_.number);
      port_.protocol = ToLower(XmlAttr(attrs, "protocol"));
    } else if (name == "osmatch") {
      // Nmap lists matches best first.
      if (asset_.os.empty())
        asset_.os = XmlAttr(attrs, "name");
    }
    return Status::Ok();
  }

  Status EndElement(std::string_view name) override {
    if (in_host_) {
      if (in_script_) {
        if (depth_ == script_depth_) {
          in_script_ = false;
        } else if (name == "elem" && capturing_) {
          capturing_ = false;
          SetEntryField(elem_key_, std::string(Trim(text_)));
        } else if (name == "table" && !table_keys_.empty()) {
          table_keys_.pop_back();
          if (!entry_.id.empty()) {
            entry_.cpe =
                table_keys_.empty() ? std::string() : table_keys_.back();
            port_.vulners.push_back(std::move(entry_));
          }
          entry_ = VulnersEntry();
        }
      } else if (in_port_) {
        if (depth_ == port_depth_) {
          in_port_ = false;
          if (port_.state == "open")
            ports_.push_back(std::move(port_));
        } else if (name == "cpe" && capturing_) {
          capturing_ = false;
          if (port_.cpe.empty())
            port_.cpe.assign(Trim(text_));
        }
      } else if (depth_ == 2 && name == "host") {
        EndHost();
      }
    }
    capturing_ = false;
    --depth_;
    return Status::Ok();
  }

  Status Text(std::string_view text) override {
    if (capturing_ && text_.size() + text.size() <= kMaxFieldBytes)
      text_.append(text);
    return Status::Ok();
  }

  void StartText() {
    capturing_ = true;
    text_.clear();
  }

  void SetEntryField(const std::string& key, std::string value) {
    if (key == "id") {
      entry_.id = std::move(value);
    } else if (key == "type") {
      entry_.type = std::move(value);
    } else if (key == "cvss") {
      entry_.cvss = std::move(value);
    } else if (key == "is_exploit") {
      entry_.exploit = value == "true";
    }
  }

  void AddHostname(const std::string& name, const std::string& type) {
    if (name.empty())
      return;
    if (name.find('.') == std::string::npos) {
      if (asset_.ids.hostname.empty())
        asset_.ids.hostname = name;
      return;
    }
    // The name the user asked for wins over the reverse-DNS one.
    if (asset_.ids.fqdn.empty() || (type == "user" && !fqdn_is_user_)) {
      asset_.ids.fqdn = name;
      fqdn_is_user_ = type == "user";
    }
  }

  void StartHost(const std::vector<XmlAttribute>& attrs) {
    in_host_ = true;
    asset_ = Asset();
    asset_.kind = AssetKind::kHost;
    fqdn_is_user_ = false;
    host_state_.clear();
    ports_.clear();
    first_seen_.clear();
    last_seen_.clear();
    int64_t t;
    if (ParseUnixSeconds(XmlAttr(attrs, "starttime"), &t))
      first_seen_ = UnixToIso8601(t);
    if (ParseUnixSeconds(XmlAttr(attrs, "endtime"), &t))
      last_seen_ = UnixToIso8601(t);
  }

  void EndHost() {
    in_host_ = false;
    if (host_state_ == "down")
      return;
    asset_.name = !asset_.ids.fqdn.empty()       ? asset_.ids.fqdn
                  : !asset_.ids.ip.empty()       ? asset_.ids.ip
                  : !asset_.ids.hostname.empty() ? asset_.ids.hostname
                                                 : asset_.ids.mac;
    if (asset_.name.empty())
      return;
    size_t index = sink_->AddAsset(asset_);
    // Nmap does not log in to hosts: a scan carries no credentials notion.
    if (!last_seen_.empty() || !first_seen_.empty()) {
      AssetScan scan;
      scan.asset = index;
      scan.time = !last_seen_.empty() ? last_seen_ : first_seen_;
      sink_->AddAssetScan(scan);
    } else {
      untimed_hosts_.push_back(index);
    }
    for (Port& p : ports_) {
      Service svc;
      svc.asset = index;
      svc.port = p.number;
      svc.protocol = p.protocol;
      svc.name = p.service;
      svc.product = p.product;
      svc.version = p.version;
      sink_->AddService(svc);
      EmitOpenPort(index, p);
      for (const VulnersEntry& v : p.vulners)
        EmitVulners(index, p, v);
    }
    ports_.clear();
  }

  Finding Base(size_t asset, const Port& p) {
    Finding f;
    f.tool = "Nmap";
    f.asset = asset;
    f.port = p.number;
    f.protocol = p.protocol;
    f.service = p.service;
    f.first_seen = first_seen_;
    f.last_seen = last_seen_;
    return f;
  }

  static std::string ProductText(const Port& p) {
    std::string out = p.product;
    if (!p.version.empty())
      out += (out.empty() ? "" : " ") + p.version;
    if (!p.extrainfo.empty())
      out += (out.empty() ? "(" : " (") + p.extrainfo + ")";
    return out;
  }

  void EmitOpenPort(size_t asset, const Port& p) {
    Finding f = Base(asset, p);
    f.category = Category::kInformation;
    f.rule_id = "open-port";
    f.title = "Open port " + std::to_string(p.number) + "/" + p.protocol;
    if (!p.service.empty())
      f.title += " (" + p.service + ")";
    f.severity = Severity::kInfo;
    f.tool_severity = "info";
    f.evidence = ProductText(p);
    if (!p.product.empty()) {
      f.component.name = p.product;
      f.component.installed = p.version;
    }
    sink_->AddFinding(std::move(f));
  }

  void EmitVulners(size_t asset, const Port& p, const VulnersEntry& v) {
    Finding f = Base(asset, p);
    f.tool = "Nmap vulners";
    f.category = Category::kVulnerability;
    f.rule_id = v.id;
    std::string target = !p.product.empty() ? p.product : v.cpe;
    if (!p.product.empty() && !p.version.empty())
      target += " " + p.version;
    f.title = target.empty() ? v.id : v.id + " in " + target;
    if (StartsWith(v.id, "CVE-")) {
      AppendUnique(&f.cves, v.id);
    } else {
      AppendUnique(&f.aliases, v.id);
      std::string cve = EmbeddedCve(v.id);
      if (!cve.empty())
        AppendUnique(&f.cves, cve);
    }
    int tenths = -1;
    if (ParseScoreTenths(v.cvss, &tenths)) {
      f.severity = SeverityFromTenths(tenths);
      f.cvss.push_back({"", "", "vulners", tenths});
      f.tool_severity = "cvss " + v.cvss;
    } else {
      f.tool_severity = "unknown";
    }
    if (v.exploit) {
      f.evidence_flags |= kEvidenceExploit;
      if (v.type == "metasploit")
        f.evidence_flags |= kEvidenceMetasploit;
      else if (v.type == "canvas")
        f.evidence_flags |= kEvidenceCanvas;
    }
    f.component.name = !p.product.empty() ? p.product : v.cpe;
    f.component.installed = p.version;
    if (!v.type.empty())
      f.references.push_back("https://vulners.com/" + v.type + "/" + v.id);
    f.evidence = "vulners: " + v.id +
                 (v.type.empty() ? "" : " (" + v.type + ")") +
                 (v.cvss.empty() ? "" : ", cvss " + v.cvss) +
                 (v.cpe.empty() ? "" : ", " + v.cpe);
    sink_->AddFinding(std::move(f));
  }

  int depth_ = 0;

  bool in_host_ = false;
  Asset asset_;
  bool fqdn_is_user_ = false;
  std::string host_state_;
  std::string first_seen_;
  std::string last_seen_;
  std::vector<Port> ports_;
  ScanScope scope_;                    // from <scaninfo>
  std::string run_start_;              // <nmaprun start>, ISO 8601
  std::string run_finished_;           // <runstats><finished time>, ISO 8601
  std::vector<size_t> untimed_hosts_;  // assets whose <host> gave no time

  bool in_port_ = false;
  int port_depth_ = 0;
  Port port_;

  bool in_script_ = false;
  int script_depth_ = 0;
  bool port_service_seen_ = false;
  std::vector<std::string> table_keys_;
  VulnersEntry entry_;
  std::string elem_key_;

  bool capturing_ = false;
  std::string text_;

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffNmap(std::string_view head, bool complete) {
  (void)complete;
  return FirstXmlElement(head) == "nmaprun";
}

std::unique_ptr<Importer> CreateNmapImporter(ImportSink* sink) {
  return std::make_unique<NmapImporter>(sink);
}

}  // namespace exposure
