#include "core/importers/openvas_xml_importer.h"

#include <map>
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

std::string CvssVersionOf(std::string_view vector) {
  if (StartsWith(vector, "CVSS:3.1/"))
    return "3.1";
  if (StartsWith(vector, "CVSS:3.0/"))
    return "3.0";
  if (StartsWith(vector, "CVSS:4.0/"))
    return "4.0";
  return "2.0";
}

// True if `s` starts with "key=" where key is lowercase letters/underscores.
bool StartsWithTagKey(std::string_view s, std::string_view* key) {
  size_t i = 0;
  while (i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
    ++i;
  if (i == 0 || i >= s.size() || s[i] != '=')
    return false;
  *key = s.substr(0, i);
  return true;
}

// Collapses the indentation OpenVAS puts into wrapped tag values.
std::string Unwrap(std::string_view s) {
  std::string out;
  bool space = false;
  int newlines = 0;
  for (char c : Trim(s)) {
    if (c == '\n') {
      ++newlines;
      space = true;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      space = true;
    } else {
      if (space && !out.empty())
        out += newlines >= 2 ? "\n\n" : " ";
      space = false;
      newlines = 0;
      out += c;
    }
  }
  return out;
}

class OpenvasXmlImporter : public XmlImporter {
 public:
  explicit OpenvasXmlImporter(ImportSink* sink)
      : XmlImporter("not an OpenVAS report: no <report>"), sink_(sink) {}

 private:
  Status StartElement(std::string_view name,
                      const std::vector<XmlAttribute>& attrs) override {
    if (stack_.empty()) {
      if (name != "report" && name != "get_reports_response") {
        return UnexpectedRoot("<report>", name);
      }
      seen_root_ = true;
    }
    stack_.emplace_back(name);
    text_.clear();
    size_t depth = stack_.size();
    if (result_depth_ == 0 && host_depth_ == 0) {
      if (name == "result" && XmlParent(stack_, 1) == "results") {
        StartResult();
      } else if (name == "host" && XmlParent(stack_, 1) == "report") {
        host_depth_ = depth;
        host_ = Asset();
        host_.kind = AssetKind::kHost;
        host_start_.clear();
        host_end_.clear();
      }
      return Status::Ok();
    }
    if (result_depth_ != 0) {
      size_t d = depth - result_depth_;
      if (d == 3 && name == "ref" && XmlParent(stack_, 1) == "refs") {
        AddRef(XmlAttr(attrs, "type"), XmlAttr(attrs, "id"));
      } else if (d == 3 && name == "severity" &&
                 XmlParent(stack_, 1) == "severities") {
        sev_type_ = XmlAttr(attrs, "type");
        sev_vector_.clear();
        sev_score_ = -1;
        sev_origin_.clear();
      } else if (d == 1 && name == "nvt") {
        item_.rule_id = XmlAttr(attrs, "oid");
      }
    }
    return Status::Ok();
  }

  Status EndElement(std::string_view name) override {
    size_t depth = stack_.size();
    if (result_depth_ != 0) {
      if (depth == result_depth_) {
        EndResult();
      } else {
        ResultField(depth - result_depth_, name, text_);
      }
    } else if (host_depth_ != 0) {
      if (depth == host_depth_) {
        EndHost();
      } else {
        HostField(depth - host_depth_, name, text_);
      }
    } else if (IsReportTime()) {
      (name == "scan_start" ? scan_start_ : scan_end_) =
          NormalizeIso8601(text_);
    }
    text_.clear();
    stack_.pop_back();
    return Status::Ok();
  }

  Status Text(std::string_view text) override {
    if (result_depth_ == 0 && host_depth_ == 0 && !IsReportTime())
      return Status::Ok();
    if (text_.size() + text.size() <= kMaxFieldBytes)
      text_.append(text);
    if (result_depth_ != 0 && stack_.size() == result_depth_ + 1 &&
        stack_.back() == "host" && result_host_.size() < 1024) {
      result_host_.append(text);
    }
    return Status::Ok();
  }

  // In the report's own <scan_start> or <scan_end> (the report element is
  // the root or the child of the root, not one nested in a <task>).
  bool IsReportTime() const {
    return result_depth_ == 0 && host_depth_ == 0 && !stack_.empty() &&
           (stack_.back() == "scan_start" || stack_.back() == "scan_end") &&
           XmlParent(stack_, 1) == "report" &&
           (XmlParent(stack_, 2).empty() || XmlParent(stack_, 2) == "report");
  }

  // Scans are dated once the document has ended: the report-level <host>
  // entries with their times, and <scan_end>, follow all results.
  void Flush() override {
    for (const auto& [key, index] : scanned_) {
      auto it = host_times_.find(key);
      std::string when = it != host_times_.end() ? it->second : std::string();
      if (when.empty())
        when = !scan_end_.empty() ? scan_end_ : scan_start_;
      if (when.empty())
        continue;
      AssetScan scan;
      scan.asset = index;
      scan.time = when;
      sink_->AddAssetScan(scan);
    }
    scanned_.clear();
  }

  // Remembers that the scan reached the asset `index` of `asset`, once per
  // address (or name): every record of one host resolves to one asset.
  void NoteScanned(const Asset& asset, size_t index) {
    const std::string& key = asset.ids.ip.empty() ? asset.name : asset.ids.ip;
    scanned_.emplace(key, index);
  }

  void StartResult() {
    result_depth_ = stack_.size();
    item_ = Finding();
    item_.tool = "OpenVAS";
    result_name_.clear();
    result_host_.clear();
    hostname_.clear();
    port_text_.clear();
    severity_text_.clear();
    tags_.clear();
    nvt_solution_.clear();
    cvss_base_.clear();
    qod_type_.clear();
    qod_value_.clear();
  }

  void AddRef(const std::string& type, const std::string& id) {
    std::string_view v = Trim(id);
    if (v.empty())
      return;
    std::string t = ToLower(type);
    if (t == "cve") {
      AppendUnique(&item_.cves, std::string(v));
    } else if (t == "url") {
      AppendUnique(&item_.references, std::string(v));
    } else if (t == "cwe") {
      AppendUnique(&item_.cwes, StartsWith(v, "CWE-")
                                    ? std::string(v)
                                    : "CWE-" + std::string(v));
    } else if (t == "bid") {
      AppendUnique(&item_.aliases, "BID-" + std::string(v));
    } else {
      AppendUnique(&item_.aliases, std::string(v));
    }
  }

  void ResultField(size_t d, std::string_view name, const std::string& raw) {
    std::string_view text = Trim(raw);
    const std::string& parent = XmlParent(stack_, 1);
    if (d == 1) {
      if (name == "name") {
        result_name_.assign(text);
      } else if (name == "port") {
        port_text_.assign(text);
      } else if (name == "threat") {
        item_.tool_severity.assign(text);
      } else if (name == "severity") {
        severity_text_.assign(text);
      } else if (name == "description") {
        item_.evidence.assign(text);
      } else if (name == "creation_time") {
        item_.first_seen.assign(text);
      } else if (name == "modification_time") {
        item_.last_seen.assign(text);
      }
    } else if (d == 2 && parent == "host" && name == "hostname") {
      hostname_.assign(text);
    } else if (d == 2 && parent == "qod") {
      if (name == "type")
        qod_type_.assign(text);
      else if (name == "value")
        qod_value_.assign(text);
    } else if (d == 2 && parent == "nvt") {
      if (name == "name") {
        item_.title.assign(text);
      } else if (name == "cvss_base") {
        cvss_base_.assign(text);
      } else if (name == "tags") {
        ParseTags(raw);
      } else if (name == "solution") {
        nvt_solution_ = Unwrap(text);
      } else if (name == "cve") {
        for (std::string& c : SplitTrimmed(text, ", ")) {
          if (StartsWith(c, "CVE-"))
            AppendUnique(&item_.cves, std::move(c));
        }
      } else if (name == "bid") {
        for (std::string& b : SplitTrimmed(text, ", ")) {
          if (b != "NOBID")
            AppendUnique(&item_.aliases, "BID-" + b);
        }
      } else if (name == "xref") {
        for (std::string& x : SplitTrimmed(text, ",")) {
          if (x == "NOXREF")
            continue;
          if (StartsWith(x, "URL:")) {
            AppendUnique(&item_.references, std::string(Trim(x.substr(4))));
          } else {
            size_t colon = x.find(':');
            AppendUnique(&item_.aliases,
                         colon == std::string::npos
                             ? x
                             : std::string(Trim(x.substr(colon + 1))));
          }
        }
      }
    } else if (d == 4 && parent == "severity") {
      if (name == "value") {
        sev_vector_.assign(text);
      } else if (name == "score") {
        ParseScoreTenths(text, &sev_score_);
      } else if (name == "origin") {
        sev_origin_ = ToLower(text);
      }
    } else if (d == 3 && name == "severity" && parent == "severities") {
      if (!sev_vector_.empty() && StartsWith(sev_type_, "cvss_base")) {
        item_.cvss.push_back({CvssVersionOf(sev_vector_), sev_vector_,
                              sev_origin_.empty() ? "openvas" : sev_origin_,
                              sev_score_});
      }
    }
  }

  void ParseTags(std::string_view raw) {
    // "summary=...|insight=...|solution_type=VendorFix": values may hold
    // '|' themselves, so a piece only starts a new tag when it looks like
    // "key=".
    std::string key;
    std::string value;
    auto flush = [&] {
      if (!key.empty())
        tags_.emplace_back(key, Unwrap(value));
    };
    size_t start = 0;
    while (start <= raw.size()) {
      size_t bar = raw.find('|', start);
      std::string_view piece = raw.substr(
          start, bar == std::string_view::npos ? raw.npos : bar - start);
      std::string_view k;
      if (StartsWithTagKey(piece, &k)) {
        flush();
        key.assign(k);
        value.assign(piece.substr(k.size() + 1));
      } else if (!key.empty()) {
        value += "|";
        value.append(piece);
      }
      if (bar == std::string_view::npos)
        break;
      start = bar + 1;
    }
    flush();
  }

  std::string Tag(std::string_view key) const {
    for (const auto& [k, v] : tags_) {
      if (k == key)
        return v;
    }
    return std::string();
  }

  void EndResult() {
    result_depth_ = 0;
    Finding& f = item_;
    if (f.title.empty())
      f.title = result_name_;
    // Port: "443/tcp", "general/tcp", "https (443/tcp)".
    std::string_view port = port_text_;
    size_t open = port.find('(');
    if (open != std::string_view::npos) {
      f.service.assign(Trim(port.substr(0, open)));
      port = port.substr(open + 1);
      size_t close = port.find(')');
      port = Trim(port.substr(0, close));
    }
    size_t slash = port.find('/');
    if (slash != std::string_view::npos) {
      uint32_t n = 0;
      if (ParseUint32(port.substr(0, slash), &n))
        f.port = n;
      f.protocol = ToLower(Trim(port.substr(slash + 1)));
    }
    // Severity.
    if (StartsWith(severity_text_, "-") ||
        EqualsIgnoreCase(f.tool_severity, "False Positive")) {
      f.status = FindingStatus::kFalsePositive;
    }
    f.severity = GreenboneSeverity(severity_text_, f.tool_severity);
    if (f.status != FindingStatus::kFalsePositive &&
        GreenboneConfirmed(qod_type_.empty() && qod_value_.empty()
                               ? Tag("qod_type")
                               : qod_type_,
                           qod_value_)) {
      f.evidence_flags |= kEvidenceConfirmed;
    }
    if (f.tool_severity.empty())
      f.tool_severity = severity_text_;
    // CVSS from the older tags when <severities> is absent.
    std::string tag_vector = Tag("cvss_base_vector");
    if (f.cvss.empty() && !tag_vector.empty()) {
      int base = -1;
      ParseScoreTenths(cvss_base_, &base);
      f.cvss.push_back(
          {CvssVersionOf(tag_vector), tag_vector, "openvas", base});
    }
    // Texts.
    std::string desc = Tag("summary");
    auto add = [&desc](const char* label, const std::string& text) {
      if (text.empty())
        return;
      if (!desc.empty())
        desc += "\n\n";
      desc += label;
      desc += text;
    };
    add("Insight: ", Tag("insight"));
    add("Impact: ", Tag("impact"));
    add("Affected: ", Tag("affected"));
    add("Detection: ", Tag("vuldetect"));
    if (!desc.empty())
      f.description = sink_->Intern(desc);
    std::string solution =
        !nvt_solution_.empty() ? nvt_solution_ : Tag("solution");
    if (!solution.empty())
      f.solution = sink_->Intern(solution);
    f.category = CheckCategory(f.severity, f.cves);
    // Asset.
    Asset asset;
    asset.kind = AssetKind::kHost;
    asset.ids.ip.assign(Trim(result_host_));
    if (!hostname_.empty()) {
      if (hostname_.find('.') != std::string::npos) {
        asset.ids.fqdn = hostname_;
      } else {
        asset.ids.hostname = hostname_;
      }
    }
    asset.name = !asset.ids.fqdn.empty() ? asset.ids.fqdn
                 : !asset.ids.ip.empty() ? asset.ids.ip
                                         : asset.ids.hostname;
    if (!asset.name.empty()) {
      f.asset = sink_->AddAsset(asset);
      NoteScanned(asset, f.asset);
    }
    sink_->AddFindingAndService(std::move(item_));
    item_ = Finding();
  }

  void HostField(size_t d, std::string_view name, const std::string& raw) {
    std::string_view text = Trim(raw);
    if (d == 1 && name == "ip") {
      host_.ids.ip.assign(text);
    } else if (d == 1 && (name == "start" || name == "end")) {
      (name == "start" ? host_start_ : host_end_) = NormalizeIso8601(text);
    } else if (d == 2 && XmlParent(stack_, 1) == "detail") {
      if (name == "name") {
        detail_name_.assign(text);
      } else if (name == "value") {
        detail_value_.assign(text);
      }
    } else if (d == 1 && name == "detail") {
      if (detail_name_ == "hostname" && !detail_value_.empty()) {
        if (detail_value_.find('.') != std::string::npos) {
          if (host_.ids.fqdn.empty())
            host_.ids.fqdn = detail_value_;
        } else if (host_.ids.hostname.empty()) {
          host_.ids.hostname = detail_value_;
        }
      } else if (detail_name_ == "best_os_txt" && !detail_value_.empty()) {
        host_.os = detail_value_;
      } else if (detail_name_ == "MAC" && host_.ids.mac.empty()) {
        host_.ids.mac = detail_value_;
      }
      detail_name_.clear();
      detail_value_.clear();
    }
  }

  void EndHost() {
    host_depth_ = 0;
    host_.name = !host_.ids.fqdn.empty() ? host_.ids.fqdn
                 : !host_.ids.ip.empty() ? host_.ids.ip
                                         : host_.ids.hostname;
    if (host_.name.empty())
      return;
    NoteScanned(host_, sink_->AddAsset(host_));
    const std::string& when = !host_end_.empty() ? host_end_ : host_start_;
    if (!when.empty())
      host_times_[host_.ids.ip.empty() ? host_.name : host_.ids.ip] = when;
  }

  std::vector<std::string> stack_;
  std::string text_;

  size_t result_depth_ = 0;
  Finding item_;
  std::string result_name_;
  std::string result_host_;
  std::string hostname_;
  std::string port_text_;
  std::string severity_text_;
  std::vector<std::pair<std::string, std::string>> tags_;
  std::string nvt_solution_;
  std::string cvss_base_;
  std::string qod_type_;  // the result's <qod>
  std::string qod_value_;
  std::string sev_type_;
  std::string sev_vector_;
  std::string sev_origin_;
  int sev_score_ = -1;

  size_t host_depth_ = 0;
  Asset host_;
  std::string detail_name_;
  std::string detail_value_;
  std::string host_start_;  // the host's <start>, <end>, in UTC
  std::string host_end_;

  std::string scan_start_;  // the report's <scan_start>, <scan_end>, in UTC
  std::string scan_end_;
  // Address (or name) of each asset seen -> its first record; address ->
  // when the report's <host> entry says its scan ended (else started).
  std::map<std::string, size_t> scanned_;
  std::map<std::string, std::string> host_times_;

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool GreenboneConfirmed(std::string_view type, std::string_view value) {
  type = Trim(type);
  if (!type.empty())
    return EqualsIgnoreCase(type, "exploit") ||
           EqualsIgnoreCase(type, "remote_vul");
  uint32_t qod = 0;
  return ParseUint32(Trim(value), &qod) && qod >= 99 && qod <= 100;
}

Severity GreenboneSeverity(std::string_view score, std::string_view level) {
  score = Trim(score);
  if (StartsWith(score, "-"))
    return Severity::kInfo;
  int tenths = 0;
  if (ParseScoreTenths(score, &tenths)) {
    if (tenths >= 90)
      return Severity::kCritical;
    if (tenths >= 70)
      return Severity::kHigh;
    if (tenths >= 40)
      return Severity::kMedium;
    if (tenths > 0)
      return Severity::kLow;
    return Severity::kInfo;
  }
  for (const char* special : {"Log", "False Positive", "Error", "Debug"}) {
    if (EqualsIgnoreCase(Trim(level), special))
      return Severity::kInfo;
  }
  Severity s = Severity::kInfo;
  return ParseSeverity(level, &s) ? s : Severity::kInfo;
}

bool SniffOpenvasXml(std::string_view head, bool complete) {
  (void)complete;
  std::string_view root = FirstXmlElement(head);
  if (root == "get_reports_response")
    return Contains(head, "<report");
  if (root != "report")
    return false;
  return Contains(head, "<gmp>") || Contains(head, "<omp>") ||
         Contains(head, "<nvt oid=") || Contains(head, "<report_format") ||
         Contains(head, "<scan_run_status>");
}

std::unique_ptr<Importer> CreateOpenvasXmlImporter(ImportSink* sink) {
  return std::make_unique<OpenvasXmlImporter>(sink);
}

}  // namespace exposure
