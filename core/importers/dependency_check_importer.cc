#include "core/importers/dependency_check_importer.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/xml/xml_importer.h"
#include "core/import/xml/xml_tokenizer.h"
#include "core/importers/sniff_util.h"

namespace exposure {

namespace {

// Longest text kept for one element.
constexpr size_t kMaxFieldBytes = size_t{1} << 20;

// One leaf element of a record: its path below the record and its text.
struct Field {
  std::string path;  // e.g. "cvssV3/attackVector"
  std::string text;
};

const std::string* Get(const std::vector<Field>& fields,
                       std::string_view path) {
  for (const Field& f : fields) {
    if (f.path == path)
      return &f.text;
  }
  return nullptr;
}

std::string GetOr(const std::vector<Field>& fields, std::string_view path) {
  const std::string* v = Get(fields, path);
  return v == nullptr ? std::string() : *v;
}

// CVSS metric values are words ("NETWORK", "ADJACENT_NETWORK", "NONE",
// "PARTIAL", "UNCHANGED"); the vector uses their first letter.
std::string Letter(const std::string& word) {
  std::string_view w = Trim(word);
  if (w.empty())
    return std::string();
  char c = w[0];
  if (c >= 'a' && c <= 'z')
    c = static_cast<char>(c - 'a' + 'A');
  return std::string(1, c);
}

// "AV:N/AC:L/..." from metric elements, or "" if any is missing.
std::string BuildVector(
    const std::vector<Field>& fields,
    const std::string& prefix,
    const std::vector<std::pair<const char*, std::vector<const char*>>>&
        metrics) {
  std::string out;
  for (const auto& m : metrics) {
    std::string value;
    for (const char* name : m.second) {
      const std::string* v = Get(fields, prefix + name);
      if (v != nullptr && !Trim(*v).empty()) {
        value = Letter(*v);
        break;
      }
    }
    if (value.empty())
      return std::string();
    if (!out.empty())
      out += "/";
    out += std::string(m.first) + ":" + value;
  }
  return out;
}

std::string PurlName(const std::string& purl) {
  // pkg:type/namespace/name@version?qualifiers
  std::string s = purl.substr(0, purl.find_first_of("?#"));
  size_t at = s.rfind('@');
  if (at != std::string::npos)
    s = s.substr(0, at);
  size_t slash = s.find('/');
  if (slash == std::string::npos)
    return std::string();
  std::string path = s.substr(slash + 1);
  // Maven coordinates read as group:artifact.
  if (StartsWith(s, "pkg:maven/")) {
    size_t last = path.rfind('/');
    if (last != std::string::npos)
      path[last] = ':';
  }
  return path;
}

std::string PurlVersion(const std::string& purl) {
  std::string s = purl.substr(0, purl.find_first_of("?#"));
  size_t at = s.rfind('@');
  return at == std::string::npos ? std::string() : s.substr(at + 1);
}

std::string PurlType(const std::string& purl) {
  if (!StartsWith(purl, "pkg:"))
    return std::string();
  size_t slash = purl.find('/');
  return slash == std::string::npos ? std::string() : purl.substr(4, slash - 4);
}

class DependencyCheckImporter : public XmlImporter {
 public:
  explicit DependencyCheckImporter(ImportSink* sink)
      : XmlImporter("not a Dependency-Check report: no <analysis>"),
        sink_(sink) {}

 private:
  Status StartElement(std::string_view name,
                      const std::vector<XmlAttribute>& attrs) override {
    stack_.emplace_back(name);
    size_t depth = stack_.size();
    if (depth == 1) {
      if (name != "analysis") {
        return UnexpectedRoot("<analysis>", name);
      }
      seen_root_ = true;
    } else if (depth == 3 && name == "dependency" &&
               stack_[1] == "dependencies") {
      in_dependency_ = true;
      dependency_depth_ = depth;
      dependency_.clear();
      pending_.clear();
    } else if (in_dependency_ && !in_vuln_ && depth == dependency_depth_ + 2 &&
               stack_[dependency_depth_] == "vulnerabilities" &&
               (name == "vulnerability" || name == "suppressedVulnerability")) {
      in_vuln_ = true;
      vuln_depth_ = depth;
      vuln_.clear();
      suppressed_ = name == "suppressedVulnerability";
      vuln_source_.clear();
      for (const XmlAttribute& a : attrs) {
        if (a.name == "source")
          vuln_source_.assign(a.value);
      }
    } else if (in_dependency_ && !in_vuln_ && name == "identifier") {
      // Schema 1.x: <identifier type="maven"><name>(g:a:v)</name>.
      identifier_type_.clear();
      for (const XmlAttribute& a : attrs) {
        if (a.name == "type")
          identifier_type_.assign(a.value);
      }
    }
    text_.clear();
    return Status::Ok();
  }

  Status EndElement(std::string_view name) override {
    size_t depth = stack_.size();
    std::string text(Trim(text_));
    text_.clear();
    if (in_vuln_) {
      if (depth == vuln_depth_) {
        in_vuln_ = false;
        AddVulnerability();
      } else if (!text.empty()) {
        vuln_.push_back({RelativePath(vuln_depth_), std::move(text)});
      }
    } else if (in_dependency_) {
      if (depth == dependency_depth_) {
        in_dependency_ = false;
        EndDependency();
      } else if (!text.empty()) {
        std::string path = RelativePath(dependency_depth_);
        if (path == "identifiers/identifier/name" && !identifier_type_.empty())
          path += ":" + identifier_type_;
        dependency_.push_back({std::move(path), std::move(text)});
      }
    } else if (depth == 3 && stack_[1] == "projectInfo" && name == "name") {
      project_ = text;
    }
    stack_.pop_back();
    return Status::Ok();
  }

  Status Text(std::string_view text) override {
    if ((in_vuln_ || in_dependency_ || stack_.size() == 3) &&
        text_.size() + text.size() <= kMaxFieldBytes) {
      text_.append(text);
    }
    return Status::Ok();
  }

  // The element path below the element at `depth` (1-based), e.g.
  // "cvssV3/attackVector".
  std::string RelativePath(size_t depth) const {
    std::string out;
    for (size_t i = depth; i < stack_.size(); ++i) {
      if (!out.empty())
        out += "/";
      out += stack_[i];
    }
    return out;
  }

  void AddVulnerability() {
    const std::vector<Field>& v = vuln_;
    Finding f;
    f.tool = "Dependency-Check";
    f.category = Category::kVulnerability;
    f.rule_id = GetOr(v, "name");
    if (StartsWith(f.rule_id, "CVE-")) {
      AppendUnique(&f.cves, f.rule_id);
    } else if (!f.rule_id.empty()) {
      AppendUnique(&f.aliases, f.rule_id);
    }
    f.tool_severity = GetOr(v, "severity");
    if (f.tool_severity.empty())
      f.tool_severity = GetOr(v, "cvssV3/baseSeverity");
    if (f.tool_severity.empty())
      f.tool_severity = GetOr(v, "cvssV2/severity");
    Severity sev = Severity::kInfo;
    if (ParseSeverity(f.tool_severity, &sev))
      f.severity = sev;
    for (const Field& x : v) {
      if (x.path == "cwe" || x.path == "cwes/cwe") {
        // "CWE-79 Improper Neutralization ..." or "CWE-79" or "79".
        std::string_view t = x.text;
        if (StartsWith(t, "CWE-"))
          t.remove_prefix(4);
        size_t end = 0;
        while (end < t.size() && t[end] >= '0' && t[end] <= '9')
          ++end;
        if (end > 0)
          AppendUnique(&f.cwes, "CWE-" + std::string(t.substr(0, end)));
      } else if (x.path == "references/reference/url") {
        AppendUnique(&f.references, x.text);
      }
    }
    std::string source =
        vuln_source_.empty() ? "dependency-check" : ToLower(vuln_source_);
    // CVSS v2: schema 2.x nests it, schema 1.x has flat cvss* elements.
    std::string v2 = BuildVector(v, "cvssV2/",
                                 {{"AV", {"accessVector"}},
                                  {"AC", {"accessComplexity"}},
                                  {"Au", {"authenticationr", "authentication"}},
                                  {"C", {"confidentialImpact"}},
                                  {"I", {"integrityImpact"}},
                                  {"A", {"availabilityImpact"}}});
    int score = -1;
    if (!v2.empty()) {
      ParseScoreTenths(GetOr(v, "cvssV2/score"), &score);
      f.cvss.push_back({"2.0", v2, source, score});
    } else {
      v2 = BuildVector(v, "",
                       {{"AV", {"cvssAccessVector"}},
                        {"AC", {"cvssAccessComplexity"}},
                        {"Au", {"cvssAuthenticationr", "cvssAuthentication"}},
                        {"C", {"cvssConfidentialImpact"}},
                        {"I", {"cvssIntegrityImpact"}},
                        {"A", {"cvssAvailabilityImpact"}}});
      if (!v2.empty()) {
        score = -1;
        ParseScoreTenths(GetOr(v, "cvssScore"), &score);
        f.cvss.push_back({"2.0", v2, source, score});
      }
    }
    std::string v3 = BuildVector(v, "cvssV3/",
                                 {{"AV", {"attackVector"}},
                                  {"AC", {"attackComplexity"}},
                                  {"PR", {"privilegesRequired"}},
                                  {"UI", {"userInteraction"}},
                                  {"S", {"scope"}},
                                  {"C", {"confidentialityImpact"}},
                                  {"I", {"integrityImpact"}},
                                  {"A", {"availabilityImpact"}}});
    if (!v3.empty()) {
      std::string version = GetOr(v, "cvssV3/version");
      if (version != "3.0")
        version = "3.1";
      score = -1;
      ParseScoreTenths(GetOr(v, "cvssV3/baseScore"), &score);
      f.cvss.push_back({version, "CVSS:" + version + "/" + v3, source, score});
    }
    std::string v4 = GetOr(v, "cvssV4/vectorString");
    if (!v4.empty()) {
      score = -1;
      ParseScoreTenths(GetOr(v, "cvssV4/baseScore"), &score);
      f.cvss.push_back({"4.0", v4, source, score});
    }
    f.description = sink_->Intern(GetOr(v, "description"));
    std::string notes = GetOr(v, "notes");
    if (!notes.empty())
      f.evidence = "Suppression notes: " + notes;
    std::string software;
    for (const Field& x : v) {
      if (x.path == "vulnerableSoftware/software" && software.empty())
        software = x.text;
    }
    if (!software.empty()) {
      f.evidence += f.evidence.empty() ? "" : "\n";
      f.evidence += "Vulnerable software: " + software;
    }
    if (suppressed_)
      f.status = FindingStatus::kSuppressed;
    pending_.push_back(std::move(f));
  }

  // A dependency cut short keeps the vulnerabilities read whole.
  void Flush() override {
    if (in_dependency_)
      EndDependency();
  }

  // Vulnerabilities wait for the end of their dependency, whose identities
  // may follow them.
  void EndDependency() {
    if (pending_.empty())
      return;
    const std::vector<Field>& d = dependency_;
    std::string file_name = GetOr(d, "fileName");
    std::string file_path = GetOr(d, "filePath");
    std::string purl;
    // Schema 1.x: "(group:artifact:version)" of a maven identifier. A cpe
    // identifier names the product NVD tracks, not the installed package
    // (two jars of one project share it), so it never names the component.
    constexpr std::string_view kIdentifier = "identifiers/identifier/name:";
    std::string legacy;
    std::string legacy_type;
    for (const Field& x : d) {
      if (x.path == "identifiers/package/id" && purl.empty() &&
          StartsWith(x.text, "pkg:")) {
        purl = x.text;
      } else if (StartsWith(x.path, kIdentifier)) {
        std::string type = x.path.substr(kIdentifier.size());
        if (type == "cpe")
          continue;
        if (legacy.empty() || (type == "maven" && legacy_type != "maven")) {
          legacy = x.text;
          legacy_type = type;
        }
      }
    }
    Component c;
    c.path = file_path;
    if (!purl.empty()) {
      c.purl = purl;
      c.name = PurlName(purl);
      c.installed = PurlVersion(purl);
      c.type = PurlType(purl);
    } else if (!legacy.empty()) {
      std::string coords = legacy;
      if (StartsWith(coords, "(") && EndsWith(coords, ")"))
        coords = coords.substr(1, coords.size() - 2);
      size_t last = coords.rfind(':');
      if (last != std::string::npos) {
        c.name = coords.substr(0, last);
        c.installed = coords.substr(last + 1);
      } else {
        c.name = coords;
      }
      c.type = legacy_type;
    }
    if (c.name.empty())
      c.name = file_name;
    size_t asset = Finding::kNoAsset;
    if (!project_.empty()) {
      Asset a;
      a.kind = AssetKind::kRepository;
      a.name = project_;
      a.ids.repository = project_;
      asset = sink_->AddAsset(a);
    }
    for (Finding& f : pending_) {
      f.asset = asset;
      f.component = c;
      f.location = file_path.empty() ? file_name : file_path;
      f.title = f.rule_id + " in " + (file_name.empty() ? c.name : file_name);
      sink_->AddFinding(std::move(f));
    }
    pending_.clear();
  }

  std::vector<std::string> stack_;
  std::string text_;
  std::string project_;

  bool in_dependency_ = false;
  size_t dependency_depth_ = 0;
  std::vector<Field> dependency_;
  std::string identifier_type_;

  bool in_vuln_ = false;
  size_t vuln_depth_ = 0;
  bool suppressed_ = false;
  std::string vuln_source_;
  std::vector<Field> vuln_;
  std::vector<Finding> pending_;

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffDependencyCheck(std::string_view head, bool complete) {
  (void)complete;
  return FirstXmlElement(head) == "analysis" &&
         (Contains(head, "dependency-check") ||
          Contains(head, "DependencyCheck"));
}

std::unique_ptr<Importer> CreateDependencyCheckImporter(ImportSink* sink) {
  return std::make_unique<DependencyCheckImporter>(sink);
}

}  // namespace exposure
