#include "core/importers/qualys_was_importer.h"

#include <cstdio>
#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/xml/xml_importer.h"
#include "core/import/xml/xml_tokenizer.h"
#include "core/importers/qualys_xml_importer.h"
#include "core/importers/sniff_util.h"
#include "core/importers/text_util.h"

namespace exposure {

namespace {

constexpr size_t kMaxFieldBytes = size_t{1} << 20;
constexpr size_t kMaxEvidenceBytes = size_t{64} << 10;

std::string DecodeBase64(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z')
      return c - 'A';
    if (c >= 'a' && c <= 'z')
      return c - 'a' + 26;
    if (c >= '0' && c <= '9')
      return c - '0' + 52;
    if (c == '+' || c == '-')
      return 62;
    if (c == '/' || c == '_')
      return 63;
    return -1;
  };
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0)
      continue;  // padding, line breaks
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

// "12 Mar 2020 04:42PM GMT-0400" -> "2020-03-12T16:42:00-04:00"; other
// shapes are kept as written.
std::string QualysDate(std::string_view s) {
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                        "May", "Jun", "Jul", "Aug",
                                        "Sep", "Oct", "Nov", "Dec"};
  std::vector<std::string> parts = SplitTrimmed(s, " ");
  if (parts.size() < 4)
    return std::string(s);
  uint32_t day = 0, year = 0;
  if (!ParseUint32(parts[0], &day) || !ParseUint32(parts[2], &year) ||
      day == 0 || day > 31) {
    return std::string(s);
  }
  int month = 0;
  for (int m = 0; m < 12; ++m) {
    if (parts[1] == kMonths[m])
      month = m + 1;
  }
  const std::string& t = parts[3];  // "04:42PM"
  if (month == 0 || t.size() != 7 || t[2] != ':')
    return std::string(s);
  uint32_t hour = 0, minute = 0;
  if (!ParseUint32(t.substr(0, 2), &hour) ||
      !ParseUint32(t.substr(3, 2), &minute) || hour == 0 || hour > 12) {
    return std::string(s);
  }
  std::string ampm = t.substr(5);
  if (ampm == "PM" && hour != 12)
    hour += 12;
  if (ampm == "AM" && hour == 12)
    hour = 0;
  std::string zone = "Z";
  if (parts.size() >= 5 && StartsWith(parts[4], "GMT")) {
    std::string off = parts[4].substr(3);  // "-0400"
    if (off.size() == 5 && (off[0] == '+' || off[0] == '-'))
      zone = off.substr(0, 3) + ":" + off.substr(3);
  }
  char buf[40];
  snprintf(buf, sizeof(buf), "%04u-%02d-%02uT%02u:%02u:00", year, month, day,
           hour, minute);
  return std::string(buf) + zone;
}

// "https://host:8443/a/b" -> "https://host:8443".
std::string OriginOf(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos)
    return std::string(url);
  size_t path = url.find_first_of("/?#", scheme + 3);
  return std::string(url.substr(0, path));
}

struct Definition {
  std::string title;
  std::string severity;
  std::string category;
  std::string group;
  std::vector<std::string> cwes;
  std::vector<std::string> aliases;
  std::vector<CvssVector> cvss;
  std::string_view description;
  std::string_view solution;
};

enum class Kind { kVulnerability, kInformation, kSensitive };

// One record, held until the appendix names its web application.
struct Pending {
  Kind kind = Kind::kVulnerability;
  std::string qid;
  std::string url;
  std::string param;
  std::string status;
  bool ignored = false;
  std::string ignored_reason;
  std::string first_seen;
  std::string last_seen;
  std::string evidence;
};

class QualysWasImporter : public XmlImporter {
 public:
  explicit QualysWasImporter(ImportSink* sink)
      : XmlImporter("not a Qualys WAS report: no <WAS_SCAN_REPORT>"),
        sink_(sink) {}

 private:
  // The records wait for the web application the appendix (at the end)
  // names: their asset. A QID whose definition never came is its own
  // rule, "QID <n>", informational.
  void Flush() override {
    EmitHeld();
    for (auto& [qid, defined] : rules_) {
      if (!defined)
        sink_->AddRule(QualysRule(qid, "", ""));
      defined = true;
    }
  }

  Status StartElement(std::string_view name,
                      const std::vector<XmlAttribute>& attrs) override {
    if (stack_.empty()) {
      if (name != "WAS_SCAN_REPORT" && name != "WAS_WEBAPP_REPORT") {
        return UnexpectedRoot("<WAS_SCAN_REPORT>", name);
      }
      seen_root_ = true;
    }
    stack_.emplace_back(name);
    text_.clear();
    base64_ = XmlAttr(attrs, "base64") == "true";
    const std::string& parent = XmlParent(stack_, 1);
    if (record_depth_ == 0) {
      if (name == "VULNERABILITY" && parent == "VULNERABILITY_LIST") {
        StartRecord(Kind::kVulnerability);
      } else if (name == "INFORMATION_GATHERED" &&
                 parent == "INFORMATION_GATHERED_LIST") {
        StartRecord(Kind::kInformation);
      } else if (name == "SENSITIVE_CONTENT" &&
                 parent == "SENSITIVE_CONTENT_LIST") {
        StartRecord(Kind::kSensitive);
      } else if (name == "QID" && parent == "QID_LIST") {
        in_def_ = true;
        def_depth_ = stack_.size();
        def_ = Definition();
        def_qid_.clear();
      } else if (name == "WEBAPP" && parent == "APPENDIX") {
        in_webapp_ = true;
      }
    }
    return Status::Ok();
  }

  void StartRecord(Kind kind) {
    record_depth_ = stack_.size();
    record_ = Pending();
    record_.kind = kind;
    payloads_ = 0;
  }

  Status EndElement(std::string_view name) override {
    size_t depth = stack_.size();
    std::string_view text = Trim(text_);
    const std::string& parent = XmlParent(stack_, 1);
    if (record_depth_ != 0) {
      if (depth == record_depth_) {
        record_depth_ = 0;
        pending_.push_back(std::move(record_));
        record_ = Pending();
      } else {
        RecordField(depth - record_depth_, name, parent, text);
      }
    } else if (in_def_) {
      if (depth == def_depth_) {
        in_def_ = false;
        if (!def_qid_.empty())
          Define();
        def_ = Definition();
      } else if (depth == def_depth_ + 1) {
        DefField(name, text);
      }
    } else if (in_webapp_) {
      if (name == "WEBAPP") {
        in_webapp_ = false;
      } else if (parent == "WEBAPP" && !text.empty()) {
        if (name == "NAME") {
          webapp_.name.assign(text);
        } else if (name == "URL") {
          webapp_.ids.url.assign(text);
        } else if (name == "OPERATING_SYSTEM") {
          webapp_.os.assign(text);
        }
      }
    }
    text_.clear();
    stack_.pop_back();
    if (stack_.empty())
      EmitHeld();
    return Status::Ok();
  }

  Status Text(std::string_view text) override {
    if ((record_depth_ != 0 || in_def_ || in_webapp_) &&
        text_.size() + text.size() <= kMaxFieldBytes) {
      text_.append(text);
    }
    return Status::Ok();
  }

  void AddEvidence(const std::string& label, std::string_view value) {
    if (value.empty() || record_.evidence.size() >= kMaxEvidenceBytes)
      return;
    if (!record_.evidence.empty())
      record_.evidence += '\n';
    record_.evidence += label;
    record_.evidence.append(
        value.substr(0, kMaxEvidenceBytes - record_.evidence.size()));
  }

  void RecordField(size_t d,
                   std::string_view name,
                   const std::string& parent,
                   std::string_view text) {
    if (d == 1) {
      if (name == "QID") {
        record_.qid.assign(text);
      } else if (name == "URL") {
        record_.url.assign(text);
      } else if (name == "PARAM") {
        record_.param.assign(text);
      } else if (name == "STATUS") {
        record_.status.assign(text);
      } else if (name == "IGNORED") {
        record_.ignored = text == "true";
      } else if (name == "IGNORED_REASON") {
        record_.ignored_reason.assign(text);
      } else if (name == "DETECTION_DATE" || name == "FIRST_TIME_DETECTED") {
        record_.first_seen = QualysDate(text);
      } else if (name == "LAST_TIME_DETECTED") {
        record_.last_seen = QualysDate(text);
      } else if (name == "DATA" || name == "CONTENT") {
        AddEvidence("", base64_ ? DecodeBase64(text) : std::string(text));
      }
      return;
    }
    if (name == "PAYLOAD" && parent == "PAYLOAD") {
      ++payloads_;
      if (text != "N/A")
        AddEvidence("Payload: ", text);
    } else if (name == "METHOD" && parent == "REQUEST") {
      method_.assign(text);
    } else if (name == "URL" && parent == "REQUEST") {
      AddEvidence("Request: ", method_.empty()
                                   ? std::string(text)
                                   : method_ + " " + std::string(text));
      method_.clear();
    } else if (name == "CONTENTS" && parent == "RESPONSE") {
      AddEvidence("Response: ",
                  base64_ ? DecodeBase64(text) : std::string(text));
    }
  }

  void DefField(std::string_view name, std::string_view text) {
    if (text.empty())
      return;
    if (name == "QID") {
      def_qid_.assign(text);
    } else if (name == "TITLE") {
      def_.title.assign(text);
    } else if (name == "SEVERITY") {
      def_.severity.assign(text);
    } else if (name == "CATEGORY") {
      def_.category.assign(text);
    } else if (name == "GROUP") {
      def_.group.assign(text);
    } else if (name == "CWE") {
      for (std::string& c : SplitTrimmed(text, ", ")) {
        AppendUnique(&def_.cwes, StartsWith(c, "CWE-") ? c : "CWE-" + c);
      }
    } else if (name == "WASC") {
      for (std::string& w : SplitTrimmed(text, ", "))
        AppendUnique(&def_.aliases, w);
    } else if (name == "CVSS_BASE") {
      int score = -1;
      if (ParseScoreTenths(text, &score))
        def_.cvss.push_back({"2.0", "", "qualys", score});
    } else if (name == "CVSS_V3_BASE" || name == "CVSS3_BASE") {
      int score = -1;
      if (ParseScoreTenths(text, &score))
        def_.cvss.push_back({"3.0", "", "qualys", score});
    } else if (name == "DESCRIPTION") {
      description_ = HtmlToText(text);
      def_.description = sink_->Intern(description_);
    } else if (name == "IMPACT") {
      std::string impact = HtmlToText(text);
      if (!impact.empty() && impact != "N/A") {
        std::string desc(def_.description);
        if (!desc.empty())
          desc += "\n\n";
        desc += "Impact: " + impact;
        def_.description = sink_->Intern(desc);
      }
    } else if (name == "SOLUTION") {
      std::string solution = HtmlToText(text);
      if (solution != "N/A")
        def_.solution = sink_->Intern(solution);
    }
  }

  // A glossary entry (QID_LIST) is the rule of its QID's records.
  void Define() {
    const Definition& d = def_;
    Rule r = QualysRule(def_qid_, d.title, d.severity);
    r.cwes = d.cwes;
    r.aliases = d.aliases;
    r.cvss = d.cvss;
    r.description = d.description;
    r.solution = d.solution;
    sink_->AddRule(r);
    rules_[def_qid_] = true;
  }

  void EmitHeld() {
    if (pending_.empty())
      return;
    size_t asset = Finding::kNoAsset;
    if (!webapp_.ids.url.empty()) {
      Asset a = webapp_;
      a.kind = AssetKind::kWebApplication;
      if (a.name.empty())
        a.name = a.ids.url;
      asset = sink_->AddAsset(a);
    }
    for (Pending& p : pending_) {
      Finding f;
      f.tool = "Qualys WAS";
      f.rule_id = p.qid;
      f.location = p.url;
      if (!p.param.empty())
        f.location += " (parameter " + p.param + ")";
      f.evidence = std::move(p.evidence);
      f.first_seen = std::move(p.first_seen);
      f.last_seen = std::move(p.last_seen);
      f.asset = asset;
      if (f.asset == Finding::kNoAsset && !p.url.empty()) {
        Asset a;
        a.kind = AssetKind::kWebApplication;
        a.ids.url = OriginOf(p.url);
        a.name = a.ids.url;
        f.asset = sink_->AddAsset(a);
      }
      if (p.ignored) {
        f.status = EqualsIgnoreCase(p.ignored_reason, "FALSE_POSITIVE")
                       ? FindingStatus::kFalsePositive
                       : FindingStatus::kSuppressed;
      } else if (EqualsIgnoreCase(p.status, "FIXED")) {
        f.status = FindingStatus::kFixed;
      }
      // Information gathered is informational whatever the QID's level.
      const bool info = p.kind == Kind::kInformation;
      f.severity = Severity::kInfo;
      f.severity_from_rule = !info;
      f.category = info ? Category::kInformation : Category::kVulnerability;
      rules_.emplace(p.qid, false);
      sink_->AddFinding(std::move(f));
    }
    pending_.clear();
  }

  std::vector<std::string> stack_;
  std::string text_;
  bool base64_ = false;

  size_t record_depth_ = 0;
  Pending record_;
  int payloads_ = 0;
  std::string method_;

  bool in_def_ = false;
  size_t def_depth_ = 0;
  std::string def_qid_;
  Definition def_;
  std::string description_;
  // The QIDs of the records and of the glossary: true once defined.
  std::map<std::string, bool> rules_;

  bool in_webapp_ = false;
  Asset webapp_;

  std::deque<Pending> pending_;  // growing never moves a Finding

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffQualysWas(std::string_view head, bool complete) {
  (void)complete;
  std::string_view root = FirstXmlElement(head);
  return root == "WAS_SCAN_REPORT" || root == "WAS_WEBAPP_REPORT";
}

std::unique_ptr<Importer> CreateQualysWasImporter(ImportSink* sink) {
  return std::make_unique<QualysWasImporter>(sink);
}

}  // namespace exposure
