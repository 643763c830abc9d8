#include "core/importers/nexpose_importer.h"

#include <deque>
#include <map>
#include <set>
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

constexpr size_t kMaxFieldBytes = size_t{1} << 20;

// "20210211T163822649" -> "2021-02-11T16:38:22"; "19970801T000000000" with
// `date_only` -> "1997-08-01". Other shapes are kept as written.
std::string NexposeTime(std::string_view s, bool date_only) {
  if (s.size() < 8)
    return std::string(s);
  for (size_t i = 0; i < 8; ++i) {
    if (s[i] < '0' || s[i] > '9')
      return std::string(s);
  }
  std::string out = std::string(s.substr(0, 4)) + "-" +
                    std::string(s.substr(4, 2)) + "-" +
                    std::string(s.substr(6, 2));
  if (date_only || s.size() < 15 || s[8] != 'T')
    return out;
  return out + "T" + std::string(s.substr(9, 2)) + ":" +
         std::string(s.substr(11, 2)) + ":" + std::string(s.substr(13, 2));
}

// "001122334455" -> "00:11:22:33:44:55".
std::string FormatMac(std::string_view s) {
  if (s.size() != 12 || s.find(':') != std::string_view::npos)
    return std::string(s);
  return ColonOctets(s);
}

bool IsBlock(std::string_view name) {
  return name == "Paragraph" || name == "ContainerBlockElement" ||
         name == "UnorderedList" || name == "OrderedList" ||
         name == "PreFormat" || name == "ListItem";
}

// Collapses whitespace inside lines and drops empty lines.
std::string CleanRichText(std::string_view s) {
  std::string out;
  std::string line;
  bool bullet = false;  // a list item whose text starts on the next line
  auto flush = [&] {
    std::string t(Trim(line));
    line.clear();
    if (t.empty())
      return;
    if (t == "-") {
      bullet = true;
      return;
    }
    if (!out.empty())
      out += '\n';
    if (bullet && !StartsWith(t, "- "))
      out += "- ";
    bullet = false;
    out += t;
  };
  bool space = false;
  for (char c : s) {
    if (c == '\n') {
      flush();
      space = false;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      space = true;
    } else {
      if (space && !line.empty())
        line += ' ';
      space = false;
      line += c;
    }
  }
  flush();
  return out;
}

struct Definition {
  std::string title;
  int severity = -1;
  std::string severity_text;
  std::vector<CvssVector> cvss;
  std::vector<std::string> cves;
  std::vector<std::string> aliases;
  std::vector<std::string> cwes;
  std::vector<std::string> references;
  std::string_view description;
  std::string_view solution;
  std::string published;
  uint16_t evidence = 0;  // EvidenceFlag bits of its exploits and malware
};

// One vulnerable test result, waiting for its definition.
struct Pending {
  size_t asset = Finding::kNoAsset;
  uint32_t port = 0;
  std::string protocol;
  std::string service;
  std::string test_id;
  std::string key;
  std::string evidence;
  std::string first_seen;
  std::string last_seen;
  bool exploited = false;  // status vulnerable-exploited
};

struct NodeService {
  uint32_t port = 0;
  std::string protocol;
  std::string name;
  std::string product;
  std::string version;
};

class NexposeImporter : public XmlImporter {
 public:
  explicit NexposeImporter(ImportSink* sink)
      : XmlImporter("not a Nexpose XML report: no <NexposeReport>"),
        sink_(sink) {}

 private:
  // The document ended (or broke): a node cut short keeps the tests read
  // whole, and a test whose definition never came is its own rule, named
  // after its id, informational.
  void Flush() override {
    if (node_depth_ != 0)
      EndNode();
    for (auto& [id, defined] : rules_) {
      if (defined)
        continue;
      Rule r;
      r.rule_id = id;
      r.title = id;
      r.severity = Severity::kInfo;
      r.category = Category::kInformation;
      sink_->AddRule(r);
      defined = true;
    }
  }

  void StartRich() {
    rich_depth_ = stack_.size();
    rich_.clear();
  }

  Status StartElement(std::string_view name,
                      const std::vector<XmlAttribute>& attrs) override {
    if (stack_.empty()) {
      if (name != "NexposeReport") {
        return UnexpectedRoot("<NexposeReport>", name);
      }
      seen_root_ = true;
    }
    stack_.emplace_back(name);
    text_.clear();
    if (rich_depth_ != 0) {
      if (IsBlock(name))
        rich_ += name == "ListItem" ? "\n- " : "\n";
      if (name == "URLLink") {
        link_url_ = XmlAttr(attrs, "LinkURL");
        link_mark_ = rich_.size();
        if (!link_url_.empty() && in_def_)
          AppendUnique(&def_.references, link_url_);
      }
      return Status::Ok();
    }
    const std::string& parent = XmlParent(stack_, 1);
    if (name == "scan" && parent == "scans") {
      scan_end_[XmlAttr(attrs, "id")] =
          NexposeTime(XmlAttr(attrs, "endTime"), false);
      // A scan still running (or stopped before writing its end) has only
      // its start.
      std::string end = XmlAttr(attrs, "endTime");
      scan_time_[XmlAttr(attrs, "id")] = NormalizeIso8601(
          NexposeTime(!end.empty() ? end : XmlAttr(attrs, "startTime"), false));
    } else if (name == "node" && parent == "nodes" && node_depth_ == 0) {
      StartNode(attrs);
    } else if (name == "vulnerability" &&
               parent == "VulnerabilityDefinitions") {
      StartDefinition(attrs);
    } else if (in_def_) {
      if (name == "description" && XmlParent(stack_, 1) == "vulnerability") {
        StartRich();
      } else if (name == "solution" &&
                 XmlParent(stack_, 1) == "vulnerability") {
        StartRich();
      } else if (name == "reference") {
        ref_source_ = XmlAttr(attrs, "source");
      } else if (name == "exploit") {
        def_.evidence |= kEvidenceExploit;
        if (EqualsIgnoreCase(XmlAttr(attrs, "type"), "metasploit"))
          def_.evidence |= kEvidenceMetasploit;
        std::string link = XmlAttr(attrs, "link");
        if (!link.empty())
          AppendUnique(&def_.references, link);
      } else if (name == "name" && parent == "malware") {
        def_.evidence |= kEvidenceExploit | kEvidenceMalware;
      }
    } else if (node_depth_ != 0) {
      NodeStart(name, parent, attrs);
    }
    return Status::Ok();
  }

  void NodeStart(std::string_view name,
                 const std::string& parent,
                 const std::vector<XmlAttribute>& attrs) {
    if (name == "os" && parent == "fingerprints" &&
        stack_.size() == node_depth_ + 2 && asset_.os.empty()) {
      asset_.os = OsName(attrs);
    } else if (name == "endpoint") {
      endpoint_ = NodeService();
      ParseUint32(XmlAttr(attrs, "port"), &endpoint_.port);
      endpoint_.protocol = ToLower(XmlAttr(attrs, "protocol"));
      in_endpoint_ = true;
    } else if (name == "service" && in_endpoint_) {
      std::string svc = XmlAttr(attrs, "name");
      endpoint_.name = svc == "<unknown>" ? std::string() : ToLower(svc);
    } else if (name == "fingerprint" && in_endpoint_ &&
               endpoint_.product.empty()) {
      endpoint_.product = XmlAttr(attrs, "product");
      endpoint_.version = XmlAttr(attrs, "version");
    } else if (name == "test" && parent == "tests") {
      // Every test, passed or not, is the node's scan by that scan id.
      std::string scan_id = XmlAttr(attrs, "scan-id");
      if (!scan_id.empty())
        node_scan_ids_.insert(scan_id);
      std::string status = XmlAttr(attrs, "status");
      if (!StartsWith(status, "vulnerable"))
        return;
      test_ = Pending();
      if (in_endpoint_) {
        test_.port = endpoint_.port;
        test_.protocol = endpoint_.protocol;
        test_.service = endpoint_.name;
      }
      test_.test_id = ToLower(XmlAttr(attrs, "id"));
      test_.key = XmlAttr(attrs, "key");
      test_.exploited = status == "vulnerable-exploited";
      test_.first_seen = NexposeTime(XmlAttr(attrs, "vulnerable-since"), false);
      auto it = scan_end_.find(XmlAttr(attrs, "scan-id"));
      if (it != scan_end_.end())
        test_.last_seen = it->second;
      in_test_ = true;
      StartRich();
    }
  }

  static std::string OsName(const std::vector<XmlAttribute>& attrs) {
    std::string vendor = XmlAttr(attrs, "vendor");
    std::string product = XmlAttr(attrs, "product");
    std::string version = XmlAttr(attrs, "version");
    std::string out = product;
    if (!vendor.empty() && !StartsWith(product, vendor))
      out = vendor + (out.empty() ? "" : " " + out);
    if (!version.empty())
      out += (out.empty() ? "" : " ") + version;
    return out;
  }

  Status EndElement(std::string_view name) override {
    size_t depth = stack_.size();
    if (rich_depth_ != 0) {
      if (depth == rich_depth_) {
        rich_depth_ = 0;
        EndRich(name);
      } else if (IsBlock(name)) {
        rich_ += '\n';
      } else if (name == "URLLink" && rich_.size() == link_mark_) {
        // An empty link: its URL is the text.
        rich_ += " " + link_url_;
      }
    } else if (in_def_) {
      if (depth == def_depth_) {
        EndDefinition();
      } else if (name == "reference") {
        AddReference(ref_source_, Trim(text_));
      }
    } else if (node_depth_ != 0) {
      if (depth == node_depth_) {
        EndNode();
      } else if (name == "name" && XmlParent(stack_, 1) == "names") {
        node_names_.emplace_back(Trim(text_));
      } else if (name == "endpoint" && in_endpoint_) {
        in_endpoint_ = false;
        if (endpoint_.port != 0)
          node_services_.push_back(endpoint_);
      }
    }
    text_.clear();
    stack_.pop_back();
    return Status::Ok();
  }

  Status Text(std::string_view text) override {
    if (rich_depth_ != 0) {
      // Line breaks in the source are wrapping; blocks make the lines.
      if (rich_.size() + text.size() <= kMaxFieldBytes) {
        for (char c : text)
          rich_ += (c == '\n' || c == '\r') ? ' ' : c;
      }
    } else if (text_.size() + text.size() <= kMaxFieldBytes) {
      text_.append(text);
    }
    return Status::Ok();
  }

  void EndRich(std::string_view name) {
    std::string text = CleanRichText(rich_);
    rich_.clear();
    if (in_test_ && name == "test") {
      in_test_ = false;
      test_.evidence = std::move(text);
      node_tests_.push_back(std::move(test_));
      test_ = Pending();
    } else if (in_def_ && name == "description") {
      if (!text.empty())
        def_.description = sink_->Intern(text);
    } else if (in_def_ && name == "solution") {
      if (!text.empty())
        def_.solution = sink_->Intern(text);
    }
  }

  void StartNode(const std::vector<XmlAttribute>& attrs) {
    node_depth_ = stack_.size();
    asset_ = Asset();
    asset_.kind = AssetKind::kHost;
    asset_.ids.ip = XmlAttr(attrs, "address");
    asset_.ids.mac = FormatMac(XmlAttr(attrs, "hardware-address"));
    node_names_.clear();
    node_services_.clear();
    node_tests_.clear();
    node_scan_ids_.clear();
    in_endpoint_ = false;
  }

  // The node's scan: the latest end among the scans its tests name, or,
  // when they name none (the 1.0 layout has no scan-id), the report's only
  // scan. Nexpose writes no zone, so the time stays as written; it says
  // nothing per node of credentials, so credentialed stays unset.
  void AddNodeScan(size_t index) {
    std::string when;
    if (!node_scan_ids_.empty()) {
      for (const std::string& id : node_scan_ids_) {
        auto it = scan_time_.find(id);
        if (it != scan_time_.end() && it->second > when)
          when = it->second;
      }
    } else if (scan_time_.size() == 1) {
      when = scan_time_.begin()->second;
    }
    node_scan_ids_.clear();
    if (when.empty())
      return;
    AssetScan scan;
    scan.asset = index;
    scan.time = when;
    sink_->AddAssetScan(scan);
  }

  void EndNode() {
    node_depth_ = 0;
    for (const std::string& n : node_names_) {
      if (n.empty() || n == asset_.ids.ip)
        continue;
      if (n.find('.') != std::string::npos) {
        if (asset_.ids.fqdn.empty())
          asset_.ids.fqdn = n;
      } else if (asset_.ids.hostname.empty()) {
        asset_.ids.hostname = n;
      }
    }
    asset_.name = !asset_.ids.fqdn.empty()       ? asset_.ids.fqdn
                  : !asset_.ids.hostname.empty() ? asset_.ids.hostname
                  : !asset_.ids.ip.empty()       ? asset_.ids.ip
                                                 : asset_.ids.mac;
    size_t index = Finding::kNoAsset;
    if (!asset_.name.empty()) {
      index = sink_->AddAsset(asset_);
      AddNodeScan(index);
    }
    for (NodeService& s : node_services_) {
      if (index == Finding::kNoAsset)
        break;
      Service svc;
      svc.asset = index;
      svc.port = s.port;
      svc.protocol = s.protocol;
      svc.name = s.name;
      svc.product = s.product;
      svc.version = s.version;
      sink_->AddService(svc);
    }
    for (Pending& p : node_tests_) {
      p.asset = index;
      Emit(std::move(p));
    }
    node_tests_.clear();
    node_services_.clear();
  }

  void StartDefinition(const std::vector<XmlAttribute>& attrs) {
    in_def_ = true;
    def_depth_ = stack_.size();
    def_ = Definition();
    def_id_ = ToLower(XmlAttr(attrs, "id"));
    def_.title = XmlAttr(attrs, "title");
    def_.severity_text = XmlAttr(attrs, "severity");
    uint32_t sev = 0;
    if (ParseUint32(def_.severity_text, &sev) && sev <= 10)
      def_.severity = static_cast<int>(sev);
    std::string vector = XmlAttr(attrs, "cvssVector");
    if (vector.size() >= 2 && vector.front() == '(' && vector.back() == ')')
      vector = vector.substr(1, vector.size() - 2);
    int score = -1;
    ParseScoreTenths(XmlAttr(attrs, "cvssScore"), &score);
    if (!vector.empty())
      def_.cvss.push_back({"2.0", vector, "nexpose", score});
    std::string v3 = XmlAttr(attrs, "cvssV3Vector");
    if (!v3.empty()) {
      int score3 = -1;
      ParseScoreTenths(XmlAttr(attrs, "cvssV3Score"), &score3);
      def_.cvss.push_back(
          {StartsWith(v3, "CVSS:3.1/") ? "3.1" : "3.0", v3, "nexpose", score3});
    }
    def_.published = NexposeTime(XmlAttr(attrs, "published"), true);
  }

  void AddReference(const std::string& source, std::string_view value) {
    if (value.empty())
      return;
    std::string v(value);
    if (source == "CVE") {
      AppendUnique(&def_.cves, v);
    } else if (source == "URL") {
      AppendUnique(&def_.references, v);
    } else if (source == "CWE") {
      AppendUnique(&def_.cwes, StartsWith(v, "CWE-") ? v : "CWE-" + v);
    } else {
      bool digits = true;
      for (char c : v)
        digits = digits && c >= '0' && c <= '9';
      AppendUnique(&def_.aliases, digits ? source + "-" + v : v);
    }
  }

  // A definition is the rule of the tests with its id, wherever they are.
  void EndDefinition() {
    in_def_ = false;
    if (!def_id_.empty()) {
      const Definition& d = def_;
      Rule r;
      r.rule_id = def_id_;
      r.title = d.title.empty() ? def_id_ : d.title;
      r.severity = SeverityOf(d.severity);
      r.tool_severity = d.severity_text;
      r.category = CheckCategory(*r.severity, d.cves);
      r.cves = d.cves;
      r.aliases = d.aliases;
      r.cwes = d.cwes;
      r.cvss = d.cvss;
      r.references = d.references;
      r.description = d.description;
      r.solution = d.solution;
      r.published = d.published;
      r.evidence_flags = d.evidence;
      sink_->AddRule(r);
      rules_[def_id_] = true;
    }
    def_ = Definition();
  }

  static Severity SeverityOf(int s) {
    if (s <= 0)
      return Severity::kInfo;
    if (s <= 3)
      return Severity::kLow;
    if (s <= 6)
      return Severity::kMedium;
    if (s <= 8)
      return Severity::kHigh;
    return Severity::kCritical;
  }

  // A vulnerable test: what it says of this asset; the rest is its rule's
  // (its definition, usually at the end of the report).
  void Emit(Pending p) {
    Finding f;
    f.tool = "Nexpose";
    f.asset = p.asset;
    f.rule_id = p.test_id;
    f.severity_from_rule = true;
    f.port = p.port;
    f.protocol = p.protocol;
    f.service = p.service;
    f.location = p.key;
    f.evidence = std::move(p.evidence);
    f.first_seen = std::move(p.first_seen);
    f.last_seen = std::move(p.last_seen);
    if (p.exploited)
      f.evidence_flags |= kEvidenceConfirmed;
    rules_.emplace(p.test_id, false);
    sink_->AddFinding(std::move(f));
  }

  std::vector<std::string> stack_;
  std::string text_;

  size_t rich_depth_ = 0;
  std::string rich_;
  std::string link_url_;
  size_t link_mark_ = 0;

  std::map<std::string, std::string> scan_end_;
  // Scan id -> its end (else start) as ISO 8601, "" if unreadable.
  std::map<std::string, std::string> scan_time_;
  std::set<std::string> node_scan_ids_;  // named by the node's tests

  size_t node_depth_ = 0;
  Asset asset_;
  std::vector<std::string> node_names_;
  std::vector<NodeService> node_services_;
  std::vector<Pending> node_tests_;
  bool in_endpoint_ = false;
  NodeService endpoint_;
  bool in_test_ = false;
  Pending test_;

  bool in_def_ = false;
  size_t def_depth_ = 0;
  std::string def_id_;
  Definition def_;
  std::string ref_source_;
  // The ids of the tests found and of the definitions read: true once
  // its rule is defined.
  std::map<std::string, bool> rules_;

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffNexpose(std::string_view head, bool complete) {
  (void)complete;
  return FirstXmlElement(head) == "NexposeReport";
}

std::unique_ptr<Importer> CreateNexposeImporter(ImportSink* sink) {
  return std::make_unique<NexposeImporter>(sink);
}

}  // namespace exposure
