#include "core/importers/nessus_importer.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/base/net.h"
#include "core/base/strings.h"
#include "core/base/time.h"
#include "core/import/xml/xml_importer.h"
#include "core/import/xml/xml_tokenizer.h"
#include "core/importers/sniff_util.h"
#include "core/importers/text_util.h"

namespace exposure {

namespace {

// Longest text kept for one element; plugin output beyond this is cut so a
// pathological export cannot blow up memory.
constexpr size_t kMaxFieldBytes = size_t{1} << 20;

std::string FirstLine(std::string_view s) {
  s = Trim(s);
  size_t nl = s.find('\n');
  return std::string(Trim(s.substr(0, nl)));
}

// The evidence bits a ReportItem element `name` with text `text` gives, 0
// for any other element. Nessus states each exploit source separately
// (and Tenable's VPR data its exploit code maturity): each is kept.
uint16_t NessusEvidenceBit(std::string_view name, std::string_view text) {
  if (name == "exploit_code_maturity") {
    if (text == "Functional" || text == "High")
      return kEvidenceExploit | kEvidenceExploitKit;
    return text == "PoC" || text == "Proof-of-Concept" ? kEvidenceExploit : 0;
  }
  if (name == "exploitability_ease")
    return text == "Exploits are available" ? kEvidenceExploit : 0;
  if (text != "true")
    return 0;
  if (name == "exploit_available")
    return kEvidenceExploit;
  if (name == "exploited_by_malware")
    return kEvidenceExploit | kEvidenceMalware;
  if (name == "exploit_framework_metasploit")
    return kEvidenceExploit | kEvidenceMetasploit;
  if (name == "exploit_framework_core")
    return kEvidenceExploit | kEvidenceCoreImpact;
  if (name == "exploit_framework_canvas")
    return kEvidenceExploit | kEvidenceCanvas;
  if (name == "exploit_framework_d2_elliot" ||
      name == "exploit_framework_exploithub")
    return kEvidenceExploit | kEvidenceExploitKit;
  if (name == "exploited_by_nessus")
    return kEvidenceExploit | kEvidenceConfirmed;
  return 0;
}

class NessusImporter : public XmlImporter {
 public:
  explicit NessusImporter(ImportSink* sink)
      : XmlImporter("not a Nessus v2 file: no <NessusClientData_v2>"),
        sink_(sink) {}

 private:
  // A broken file keeps the host being read, with every item read whole.
  void Flush() override {
    if (where_ == Where::kOther)
      return;
    if (where_ == Where::kItem)
      pending_.pop_back();  // cut short
    EndHost();
  }

  enum class Where { kOther, kPolicy, kHost, kHostProperties, kItem };

  Status StartElement(std::string_view name,
                      const std::vector<XmlAttribute>& attrs) override {
    ++depth_;
    if (depth_ == 1) {
      if (name != "NessusClientData_v2") {
        return UnexpectedRoot("<NessusClientData_v2>", name);
      }
      seen_root_ = true;
      return Status::Ok();
    }
    switch (where_) {
      case Where::kOther:
        if (name == "ReportHost") {
          StartHost(attrs);
        } else if (name == "Policy" && depth_ == 2) {
          where_ = Where::kPolicy;
          scope_ = ScanScope();
        }
        break;
      case Where::kPolicy:
        // <policyName>; <preference><name>N</name><value>V</value>.
        if (name == "policyName" || name == "name") {
          field_.assign(name);
          StartText();
        } else if (name == "value") {
          field_.assign(name);
          if (preference_ == "plugin_set") {
            in_plugin_set_ = true;
            plugin_id_.clear();
          } else {
            StartText();
          }
        }
        break;
      case Where::kHost:
        if (name == "HostProperties") {
          where_ = Where::kHostProperties;
        } else if (name == "ReportItem") {
          StartItem(attrs);
        }
        break;
      case Where::kHostProperties:
        if (name == "tag") {
          tag_name_.clear();
          for (const XmlAttribute& a : attrs) {
            if (a.name == "name")
              tag_name_.assign(a.value);
          }
          StartText();
        }
        break;
      case Where::kItem:
        if (depth_ == item_depth_ + 1) {
          field_.assign(name);
          StartText();
        }
        break;
    }
    return Status::Ok();
  }

  Status EndElement(std::string_view name) override {
    switch (where_) {
      case Where::kOther:
        break;
      case Where::kPolicy:
        EndPolicyElement(name);
        break;
      case Where::kHost:
        if (name == "ReportHost" && depth_ == host_depth_)
          EndHost();
        break;
      case Where::kHostProperties:
        if (name == "tag" && capturing_) {
          capturing_ = false;
          props_[tag_name_] = std::string(Trim(text_));
        } else if (name == "HostProperties") {
          where_ = Where::kHost;
        }
        break;
      case Where::kItem:
        if (depth_ == item_depth_) {
          EndItem();
        } else if (depth_ == item_depth_ + 1 && capturing_) {
          capturing_ = false;
          ItemField(field_, text_);
        }
        break;
    }
    --depth_;
    return Status::Ok();
  }

  Status Text(std::string_view text) override {
    if (in_plugin_set_) {
      PluginSetText(text);
      return Status::Ok();
    }
    if (capturing_) {
      if (text_.size() + text.size() <= kMaxFieldBytes) {
        text_.append(text);
      } else if (!truncated_) {
        text_.append(text.substr(0, kMaxFieldBytes - text_.size()));
        text_.append("\n[truncated by Exposure Lens]");
        truncated_ = true;
      }
    }
    return Status::Ok();
  }

  // The scan's scope: the policy's name, and the server preferences
  // TARGET, port_range and plugin_set (every plugin the scan ran, separated
  // by ';'; a full policy lists some 200,000, so they are split as the text
  // streams rather than held whole).
  void EndPolicyElement(std::string_view name) {
    if (name == "Policy" && depth_ == 2) {
      where_ = Where::kOther;
      std::sort(scope_.rules.begin(), scope_.rules.end());
      scope_.rules.erase(std::unique(scope_.rules.begin(), scope_.rules.end()),
                         scope_.rules.end());
      sink_->SetScanScope(scope_);
      scope_ = ScanScope();
      return;
    }
    if (name == "preference") {
      preference_.clear();
      return;
    }
    if (name == "value" && in_plugin_set_) {
      PluginSetText(";");
      in_plugin_set_ = false;
      return;
    }
    if (!capturing_)
      return;
    capturing_ = false;
    const std::string_view text = Trim(text_);
    if (name == "policyName") {
      scope_.policy.assign(text);
    } else if (name == "name") {
      preference_.assign(text);
    } else if (name == "value") {
      if (preference_ == "TARGET") {
        scope_.targets.assign(text);
      } else if (preference_ == "port_range") {
        scope_.ports.assign(text);
      }
    }
  }

  void PluginSetText(std::string_view text) {
    for (char c : text) {
      if (c >= '0' && c <= '9') {
        if (plugin_id_.size() < 16)
          plugin_id_.push_back(c);
      } else if (!plugin_id_.empty()) {
        scope_.rules.push_back(plugin_id_);
        plugin_id_.clear();
      }
    }
  }

  void StartText() {
    capturing_ = true;
    truncated_ = false;
    text_.clear();
  }

  void StartHost(const std::vector<XmlAttribute>& attrs) {
    where_ = Where::kHost;
    host_depth_ = depth_;
    host_name_.clear();
    for (const XmlAttribute& a : attrs) {
      if (a.name == "name")
        host_name_.assign(a.value);
    }
    props_.clear();
    pending_.clear();
  }

  void StartItem(const std::vector<XmlAttribute>& attrs) {
    where_ = Where::kItem;
    item_depth_ = depth_;
    // Built in place at the end of the host's list: no Finding is
    // constructed, moved and destroyed per item.
    pending_.emplace_back();
    Finding& item = pending_.back();
    item.tool = "Nessus";
    cvss2_.clear();
    cvss2_temporal_.clear();
    cvss3_.clear();
    cvss3_temporal_.clear();
    cvss4_.clear();
    score2_ = score3_ = score4_ = -1;
    int severity = 0;
    for (const XmlAttribute& a : attrs) {
      if (a.name == "port") {
        ParseUint32(a.value, &item.port);
      } else if (a.name == "protocol") {
        item.protocol = ToLower(a.value);
      } else if (a.name == "svc_name") {
        item.service.assign(a.value);
      } else if (a.name == "severity") {
        uint32_t v = 0;
        if (ParseUint32(a.value, &v) && v <= 4)
          severity = static_cast<int>(v);
      } else if (a.name == "pluginID") {
        item.rule_id.assign(a.value);
      } else if (a.name == "pluginName") {
        item.title.assign(a.value);
      }
    }
    item.severity = static_cast<Severity>(severity);
  }

  // Maps one child element of <ReportItem>.
  void ItemField(std::string_view name, const std::string& raw) {
    Finding& item = pending_.back();
    std::string_view text = Trim(raw);
    if (text.empty())
      return;
    if (name == "cve") {
      AppendUnique(&item.cves, std::string(text));
    } else if (name == "cwe") {
      AppendUnique(&item.cwes, "CWE-" + std::string(text));
    } else if (name == "bid") {
      AppendUnique(&item.aliases, "BID-" + std::string(text));
    } else if (name == "xref") {
      // "CWE:79", "IAVA:2021-A-0001", "MSFT:MS17-010", "CERT:123"
      size_t colon = text.find(':');
      if (colon != std::string_view::npos) {
        std::string_view kind = Trim(text.substr(0, colon));
        std::string_view id = Trim(text.substr(colon + 1));
        if (kind == "CWE") {
          AppendUnique(&item.cwes, "CWE-" + std::string(id));
        } else {
          AppendUnique(&item.aliases,
                       std::string(kind) + "-" + std::string(id));
        }
      }
    } else if (name == "plugin_name" && item.title.empty()) {
      item.title.assign(text);
    } else if (name == "risk_factor") {
      item.tool_severity.assign(text);
    } else if (name == "description") {
      item.description = sink_->Intern(text);
    } else if (name == "solution") {
      if (text != "n/a")
        item.solution = sink_->Intern(text);
    } else if (name == "plugin_output") {
      item.evidence.assign(text);
    } else if (name == "see_also") {
      for (std::string& ref : SplitTrimmed(text, " \t\r\n")) {
        AppendUnique(&item.references, std::move(ref));
      }
    } else if (name == "vuln_publication_date") {
      item.published = ToIsoDate(text);
    } else if (const uint16_t bit = NessusEvidenceBit(name, text); bit != 0) {
      item.evidence_flags |= bit;
    } else if (name == "cvss_vector") {
      cvss2_.assign(StartsWith(text, "CVSS2#") ? text.substr(6) : text);
    } else if (name == "cvss_temporal_vector") {
      cvss2_temporal_.assign(StartsWith(text, "CVSS2#") ? text.substr(6)
                                                        : text);
    } else if (name == "cvss_base_score") {
      ParseScoreTenths(text, &score2_);
    } else if (name == "cvss3_vector") {
      cvss3_.assign(text);
    } else if (name == "cvss3_temporal_vector") {
      cvss3_temporal_.assign(text);
    } else if (name == "cvss3_base_score") {
      ParseScoreTenths(text, &score3_);
    } else if (name == "cvss4_vector") {
      cvss4_.assign(text);
    } else if (name == "cvss4_base_score") {
      ParseScoreTenths(text, &score4_);
    }
  }

  // "2021/03/04" -> "2021-03-04"; other shapes are kept as written.
  static std::string ToIsoDate(std::string_view text) {
    std::string out(text);
    if (out.size() == 10 && out[4] == '/' && out[7] == '/') {
      out[4] = '-';
      out[7] = '-';
    }
    return out;
  }

  // Appends temporal metrics to a base vector: "CVSS:3.0/E:P/RL:O/RC:C"
  // adds "/E:P/RL:O/RC:C".
  static std::string WithTemporal(const std::string& base,
                                  std::string_view temporal) {
    if (temporal.empty())
      return base;
    if (StartsWith(temporal, "CVSS:")) {
      size_t slash = temporal.find('/');
      if (slash == std::string_view::npos)
        return base;
      temporal.remove_prefix(slash + 1);
    }
    return base + "/" + std::string(temporal);
  }

  void EndItem() {
    where_ = Where::kHost;
    Finding& item = pending_.back();
    if (!cvss2_.empty()) {
      item.cvss.push_back(
          {"2.0", WithTemporal(cvss2_, cvss2_temporal_), "nessus", score2_});
    }
    if (!cvss3_.empty()) {
      std::string version =
          StartsWith(cvss3_, "CVSS:3.1/") ? std::string("3.1") : "3.0";
      item.cvss.push_back(
          {version, WithTemporal(cvss3_, cvss3_temporal_), "nessus", score3_});
    }
    if (!cvss4_.empty()) {
      item.cvss.push_back({"4.0", cvss4_, "nessus", score4_});
    }
    if (item.tool_severity.empty()) {
      item.tool_severity = SeverityName(item.severity);
    }
    item.category = CheckCategory(item.severity, item.cves);
  }

  // Whether the scan of the host logged in: the host property newer
  // scanners write, else plugin 19506's "Credentialed checks : yes" (or
  // "yes, as 'admin' via ssh"), unknown when neither says.
  std::optional<bool> Credentialed(const std::string& property) const {
    if (property == "true")
      return true;
    if (property == "false")
      return false;
    for (const Finding& f : pending_) {
      if (f.rule_id != "19506")
        continue;
      const size_t at = f.evidence.find("Credentialed checks :");
      if (at == std::string::npos)
        continue;
      const std::string_view value =
          Trim(std::string_view(f.evidence).substr(at + 21, 4));
      if (StartsWith(value, "yes"))
        return true;
      if (StartsWith(value, "no"))
        return false;
    }
    return std::nullopt;
  }

  void EndHost() {
    where_ = Where::kOther;
    Asset asset;
    asset.kind = AssetKind::kHost;
    auto prop = [&](const char* key) -> std::string {
      auto it = props_.find(key);
      return it == props_.end() ? std::string() : it->second;
    };
    asset.ids.ip = prop("host-ip");
    asset.ids.fqdn = prop("host-fqdn");
    asset.ids.hostname = prop("netbios-name");
    asset.ids.mac = FirstLine(prop("mac-address"));
    asset.os = FirstLine(prop("operating-system"));
    if (asset.ids.ip.empty() &&
        (IsIpv4(host_name_) || LooksLikeIpv6(host_name_))) {
      asset.ids.ip = host_name_;
    } else if (asset.ids.fqdn.empty() && !host_name_.empty() &&
               host_name_ != asset.ids.ip &&
               host_name_.find('.') != std::string::npos &&
               !IsIpv4(host_name_)) {
      asset.ids.fqdn = host_name_;
    } else if (asset.ids.hostname.empty() && asset.ids.ip.empty() &&
               asset.ids.fqdn.empty()) {
      asset.ids.hostname = host_name_;
    }
    asset.name = !asset.ids.fqdn.empty()       ? asset.ids.fqdn
                 : !asset.ids.hostname.empty() ? asset.ids.hostname
                 : !asset.ids.ip.empty()       ? asset.ids.ip
                                               : host_name_;
    size_t index = sink_->AddAsset(asset);

    std::string first_seen;
    std::string last_seen;
    int64_t t;
    if (ParseUnixSeconds(prop("HOST_START_TIMESTAMP"), &t)) {
      first_seen = UnixToIso8601(t);
    }
    if (ParseUnixSeconds(prop("HOST_END_TIMESTAMP"), &t)) {
      last_seen = UnixToIso8601(t);
    }
    AssetScan scan;
    scan.asset = index;
    scan.time = last_seen;
    scan.credentialed = Credentialed(prop("Credentialed_Scan"));
    sink_->AddAssetScan(scan);
    for (Finding& f : pending_) {
      f.asset = index;
      f.first_seen = first_seen;
      f.last_seen = last_seen;
      sink_->AddFindingAndService(std::move(f));
    }
    pending_.clear();
  }

  int depth_ = 0;
  Where where_ = Where::kOther;
  int host_depth_ = 0;
  int item_depth_ = 0;

  ScanScope scope_;         // the policy's, while it is read
  std::string preference_;  // the name of the preference being read
  bool in_plugin_set_ = false;
  std::string plugin_id_;  // digits of a plugin_set entry so far

  std::string host_name_;
  std::map<std::string, std::string> props_;
  std::string tag_name_;
  // A host's items wait for </ReportHost>: its identities may follow them.
  // The last is the item being read. Cleared per host, keeping capacity.
  std::vector<Finding> pending_;
  std::string field_;
  std::string cvss2_, cvss2_temporal_, cvss3_, cvss3_temporal_, cvss4_;
  int score2_ = -1, score3_ = -1, score4_ = -1;

  bool capturing_ = false;
  bool truncated_ = false;
  std::string text_;

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffNessus(std::string_view head, bool complete) {
  (void)complete;
  return FirstXmlElement(head) == "NessusClientData_v2";
}

std::unique_ptr<Importer> CreateNessusImporter(ImportSink* sink) {
  return std::make_unique<NessusImporter>(sink);
}

}  // namespace exposure
