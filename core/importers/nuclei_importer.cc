#include "core/importers/nuclei_importer.h"

#include <string>
#include <utility>
#include <vector>

#include "core/base/net.h"
#include "core/base/strings.h"
#include "core/import/json/json_importer.h"
#include "core/import/json/json_records.h"
#include "core/import/json/json_tokenizer.h"
#include "core/importers/sniff_util.h"
#include "core/importers/text_util.h"

namespace exposure {

namespace {

constexpr size_t kMaxEvidenceBytes = 4 * 1024;

// The first non-empty member among `keys` (v3 and v2 spellings).
std::string Field(const JsonValue& v, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    std::string s = JsonStr(v, k);
    if (!s.empty())
      return s;
  }
  return {};
}

// A string, or the strings of an array, or a comma/newline separated list.
std::vector<std::string> StringList(const JsonValue& v) {
  std::vector<std::string> out;
  if (v.is_string()) {
    for (std::string& s : SplitTrimmed(v.get<std::string>(), ",\n")) {
      if (StartsWith(s, "- "))
        s = std::string(Trim(s.substr(2)));
      if (!s.empty())
        AppendUnique(&out, std::move(s));
    }
  } else if (v.is_array()) {
    for (const JsonValue& s : v) {
      if (s.is_string() && !s.get<std::string>().empty())
        AppendUnique(&out, s.get<std::string>());
    }
  }
  return out;
}

class NucleiImporter : public JsonLinesImporter {
 public:
  explicit NucleiImporter(ImportSink* sink)
      : JsonLinesImporter("Nuclei"), sink_(sink) {}

 private:
  Status OnRecord(const JsonValue& v) override {
    AddRecord(v);
    return Status::Ok();
  }

  void AddRecord(const JsonValue& r) {
    // A failed match (what -matcher-status adds) is a passed check.
    JsonValue status = JsonGet(r, "matcher-status");
    if (status.is_null())
      status = JsonGet(r, "matcher_status");
    if (status.is_boolean() && !status.get<bool>())
      return;
    Finding f;
    f.tool = "Nuclei";
    const JsonValue& info = JsonGet(r, "info");
    f.rule_id = Field(r, {"template-id", "templateID"});
    f.title = JsonStr(info, "name");
    if (f.title.empty())
      f.title = f.rule_id;
    std::string matcher = Field(r, {"matcher-name", "matcher_name"});
    if (!matcher.empty())
      f.title += " (" + matcher + ")";
    f.tool_severity = JsonStr(info, "severity");
    Severity sev = Severity::kInfo;
    if (ParseSeverity(f.tool_severity, &sev))
      f.severity = sev;
    f.description = sink_->Intern(Trim(JsonStr(info, "description")));
    f.solution = sink_->Intern(Trim(JsonStr(info, "remediation")));
    for (std::string& ref : StringList(JsonGet(info, "reference")))
      AppendUnique(&f.references, std::move(ref));
    std::string template_url = JsonStr(r, "template-url");
    if (!template_url.empty())
      AppendUnique(&f.references, template_url);

    const JsonValue& cls = JsonGet(info, "classification");
    for (const std::string& cve : StringList(JsonGet(cls, "cve-id")))
      AddCvesFromText(cve, &f.cves);
    for (const std::string& cwe : StringList(JsonGet(cls, "cwe-id")))
      AddCwesFromText(cwe, &f.cwes);
    std::string vector = JsonStr(cls, "cvss-metrics");
    if (!vector.empty()) {
      std::string version = StartsWith(vector, "CVSS:4.0/")   ? "4.0"
                            : StartsWith(vector, "CVSS:3.0/") ? "3.0"
                            : StartsWith(vector, "CVSS:3")    ? "3.1"
                                                              : "2.0";
      f.cvss.push_back(
          {version, vector, "nuclei", JsonScoreTenths(cls, "cvss-score")});
    }
    f.category = !f.cves.empty()                 ? Category::kVulnerability
                 : f.severity == Severity::kInfo ? Category::kInformation
                                                 : Category::kVulnerability;

    f.location = Field(r, {"matched-at", "matched", "url", "host"});
    std::string type = JsonStr(r, "type");
    std::vector<std::string> extracted =
        StringList(JsonGet(r, "extracted-results"));
    if (extracted.empty())
      extracted = StringList(JsonGet(r, "extracted_results"));
    std::string ev;
    if (!matcher.empty())
      ev = "matcher: " + matcher;
    if (!extracted.empty()) {
      std::string joined;
      for (const std::string& e : extracted)
        joined += (joined.empty() ? "" : ", ") + e;
      ev += (ev.empty() ? "" : "\n") + std::string("extracted: ") + joined;
    }
    std::string line = JsonStr(r, "matched-line");
    if (!line.empty())
      ev += (ev.empty() ? "" : "\n") + std::string("matched line: ") + line;
    f.evidence = Bounded(ev, kMaxEvidenceBytes);
    f.last_seen = JsonStr(r, "timestamp");
    // A match with the request that made it: nuclei saw the response it
    // matched on this target.
    if (!Trim(JsonStr(r, "request")).empty())
      f.evidence_flags |= kEvidenceConfirmed;

    uint32_t port = 0;
    if (ParseUint32(JsonStr(r, "port"), &port) && port != 0) {
      f.port = port;
      f.protocol = type == "dns" ? "udp" : "tcp";
      std::string scheme = JsonStr(r, "scheme");
      if (!scheme.empty())
        f.service = scheme;
    }
    f.asset = AssetFor(r, f);
    sink_->AddFindingAndService(std::move(f));
  }

  size_t AssetFor(const JsonValue& r, Finding& f) {
    std::string host = JsonStr(r, "host");
    std::string ip = JsonStr(r, "ip");
    if (host.empty() && ip.empty())
      return Finding::kNoAsset;
    Asset a;
    std::string name = host;
    size_t scheme = host.find("://");
    bool url = scheme != std::string::npos;
    std::string authority = url ? host.substr(scheme + 3) : host;
    authority = authority.substr(0, authority.find('/'));
    std::string hostname = authority;
    uint32_t port = 0;
    size_t colon = authority.rfind(':');
    if (colon != std::string::npos && authority.find(':') == colon &&
        ParseUint32(authority.substr(colon + 1), &port)) {
      hostname = authority.substr(0, colon);
      if (f.port == 0) {
        f.port = port;
        f.protocol = "tcp";
      }
    }
    if (url) {
      a.kind = AssetKind::kWebApplication;
      a.ids.url = host.substr(0, scheme + 3 + authority.size());
      name = a.ids.url;
    } else {
      a.kind = AssetKind::kHost;
      name = hostname;
    }
    if (LooksLikeIpAddress(hostname)) {
      a.ids.ip = hostname;
    } else if (hostname.find('.') != std::string::npos) {
      a.ids.fqdn = hostname;
    } else if (!hostname.empty()) {
      a.ids.hostname = hostname;
    }
    if (a.ids.ip.empty() && LooksLikeIpAddress(ip) && !url)
      a.ids.ip = ip;
    a.name = name.empty() ? ip : name;
    return sink_->AddAsset(a);
  }

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffNuclei(std::string_view head, bool complete) {
  (void)complete;
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty() || (h[0] != '{' && h[0] != '['))
    return false;
  return (Contains(h, "\"template-id\"") || Contains(h, "\"templateID\"")) &&
         Contains(h, "\"info\"");
}

std::unique_ptr<Importer> CreateNucleiImporter(ImportSink* sink) {
  return std::make_unique<NucleiImporter>(sink);
}

}  // namespace exposure
