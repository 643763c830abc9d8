#include "core/importers/cyclonedx_json_importer.h"

#include <string>
#include <utility>
#include <vector>

#include "core/base/hex.h"
#include "core/base/strings.h"
#include "core/import/json/json_importer.h"
#include "core/import/json/json_records.h"
#include "core/import/json/json_tokenizer.h"
#include "core/importers/cyclonedx_vex_importer.h"
#include "core/importers/sniff_util.h"

namespace exposure {

namespace {

std::string PurlType(const std::string& purl) {
  if (!StartsWith(purl, "pkg:"))
    return std::string();
  size_t slash = purl.find('/');
  return slash == std::string::npos ? std::string() : purl.substr(4, slash - 4);
}

CdxComponent ReadComponent(const JsonValue& c) {
  CdxComponent out;
  out.bom_ref = JsonStr(c, "bom-ref");
  out.type = JsonStr(c, "type");
  out.group = JsonStr(c, "group");
  out.name = JsonStr(c, "name");
  out.version = JsonStr(c, "version");
  out.purl = JsonStr(c, "purl");
  out.cpe = JsonStr(c, "cpe");
  return out;
}

void AddComponents(const JsonValue& c,
                   std::map<std::string, CdxComponent>* out,
                   bool metadata,
                   int depth) {
  if (!c.is_object() || depth > 64)
    return;
  CdxComponent comp = ReadComponent(c);
  if (metadata) {
    AddCdxComponentIfAbsent(comp, out);
  } else if (!comp.bom_ref.empty()) {
    (*out)[comp.bom_ref] = comp;
  }
  const JsonValue& nested = JsonGet(c, "components");
  if (nested.is_array()) {
    for (const JsonValue& n : nested)
      AddComponents(n, out, metadata, depth + 1);
  }
}

CdxVulnerability ReadVulnerability(const JsonValue& v) {
  CdxVulnerability out;
  out.id = JsonStr(v, "id");
  out.source = JsonStr(JsonGet(v, "source"), "name");
  std::string source_url = JsonStr(JsonGet(v, "source"), "url");
  if (!source_url.empty())
    out.urls.push_back(source_url);
  const JsonValue& refs = JsonGet(v, "references");
  if (refs.is_array()) {
    for (const JsonValue& r : refs) {
      std::string id = JsonStr(r, "id");
      if (!id.empty())
        AppendUnique(&out.aliases, id);
      std::string url = JsonStr(JsonGet(r, "source"), "url");
      if (!url.empty())
        AppendUnique(&out.urls, url);
    }
  }
  const JsonValue& ratings = JsonGet(v, "ratings");
  if (ratings.is_array()) {
    for (const JsonValue& r : ratings) {
      CdxRating rating;
      rating.source = JsonStr(JsonGet(r, "source"), "name");
      rating.method = JsonStr(r, "method");
      rating.vector = JsonStr(r, "vector");
      rating.severity = JsonStr(r, "severity");
      rating.score = JsonStr(r, "score");
      out.ratings.push_back(std::move(rating));
    }
  }
  const JsonValue& cwes = JsonGet(v, "cwes");
  if (cwes.is_array()) {
    for (const JsonValue& c : cwes) {
      if (c.is_number_integer() || c.is_string())
        out.cwes.push_back(c.is_string() ? c.get<std::string>() : c.dump());
    }
  }
  out.description = JsonStr(v, "description");
  out.detail = JsonStr(v, "detail");
  out.recommendation = JsonStr(v, "recommendation");
  const JsonValue& advisories = JsonGet(v, "advisories");
  if (advisories.is_array()) {
    for (const JsonValue& a : advisories) {
      std::string url = JsonStr(a, "url");
      if (!url.empty())
        AppendUnique(&out.urls, url);
    }
  }
  out.published = JsonStr(v, "published");
  const JsonValue& analysis = JsonGet(v, "analysis");
  out.state = JsonStr(analysis, "state");
  out.justification = JsonStr(analysis, "justification");
  out.analysis_detail = JsonStr(analysis, "detail");
  const JsonValue& affects = JsonGet(v, "affects");
  if (affects.is_array()) {
    for (const JsonValue& a : affects) {
      out.affects.push_back(JsonStr(a, "ref"));
      const JsonValue& versions = JsonGet(a, "versions");
      if (!versions.is_array())
        continue;
      for (const JsonValue& ver : versions) {
        std::string version = JsonStr(ver, "version");
        if (JsonStr(ver, "status") == "unaffected" && !version.empty())
          AppendUnique(&out.fixed, version);
      }
    }
  }
  return out;
}

class CycloneDxJsonImporter : public JsonImporter {
 public:
  explicit CycloneDxJsonImporter(ImportSink* sink) : sink_(sink) {}

 private:
  Status Check() override {
    if (!seen_bom_format_)
      return Status::Error("not a CycloneDX BOM: no \"bomFormat\"");
    return Status::Ok();
  }

  bool Want(const std::string& path) override {
    return path == "$.bomFormat" || path == "$.serialNumber" ||
           path == "$.metadata" || path == "$.components[]" ||
           path == "$.vulnerabilities[]";
  }

  Status OnLeave(const std::string& path) override {
    if (path == "$.components") {
      components_done_ = true;
      if (metadata_seen_)
        Flush();
    }
    return Status::Ok();
  }

  Status OnValue(const std::string& path, const JsonValue& v) override {
    if (path == "$.bomFormat") {
      if (!v.is_string() || v.get<std::string>() != "CycloneDX")
        return Status::Error("not a CycloneDX BOM: bomFormat is not CycloneDX");
      seen_bom_format_ = true;
    } else if (path == "$.serialNumber") {
      serial_ = v.is_string() ? v.get<std::string>() : "";
    } else if (path == "$.metadata") {
      metadata_ = ReadComponent(JsonGet(v, "component"));
      AddComponents(JsonGet(v, "component"), &components_, true, 0);
      metadata_seen_ = true;
      if (components_done_)
        Flush();
    } else if (path == "$.components[]") {
      AddComponents(v, &components_, false, 0);
    } else if (v.is_object()) {
      pending_.push_back(ReadVulnerability(v));
      if (components_done_ && metadata_seen_)
        Flush();
    }
    return Status::Ok();
  }

  // Vulnerabilities wait for the components and the metadata they refer to.
  void Flush() override {
    if (pending_.empty())
      return;
    if (!asset_done_) {
      bool have = false;
      Asset a = CdxAsset(metadata_, serial_, &have);
      if (have)
        asset_ = sink_->AddAsset(a);
      asset_done_ = true;
    }
    for (const CdxVulnerability& v : pending_) {
      EmitCdxVulnerability(v, components_, nullptr, serial_, asset_, sink_);
    }
    pending_.clear();
  }

  bool seen_bom_format_ = false;
  bool components_done_ = false;
  bool metadata_seen_ = false;
  bool asset_done_ = false;
  size_t asset_ = Finding::kNoAsset;
  std::string serial_;
  CdxComponent metadata_;
  std::map<std::string, CdxComponent> components_;
  std::vector<CdxVulnerability> pending_;

  ImportSink* sink_;  // outlives the importer
};

std::string CvssVersionOf(const std::string& method,
                          const std::string& vector) {
  if (StartsWith(vector, "CVSS:4.0/") || method == "CVSSv4")
    return "4.0";
  if (StartsWith(vector, "CVSS:3.1/") || method == "CVSSv31")
    return "3.1";
  if (StartsWith(vector, "CVSS:3.0/") || method == "CVSSv3" ||
      method == "CVSSv30")
    return "3.0";
  if (method == "CVSSv2")
    return "2.0";
  return std::string();
}

// "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:npm/x@1": the serial
// number's UUID and the (decoded) bom-ref; false for other refs.
bool SplitBomLink(const std::string& ref,
                  std::string* uuid,
                  std::string* bom_ref) {
  if (!StartsWith(ref, "urn:cdx:"))
    return false;
  size_t hash = ref.find('#');
  if (hash == std::string::npos)
    return false;
  size_t slash = ref.find('/');
  *uuid = ref.substr(8, (slash < hash ? slash : hash) - 8);
  std::string_view fragment = std::string_view(ref).substr(hash + 1);
  // A purl keeps its own escapes (%40 in an npm scope); an escaped bom-ref
  // ("pkg%3Anpm%2F...") is decoded once.
  *bom_ref = StartsWith(fragment, "pkg:") ? std::string(fragment)
                                          : PercentDecode(fragment);
  return true;
}

}  // namespace

const CdxComponent* ResolveCdxRef(
    const std::string& ref,
    const std::map<std::string, CdxComponent>& components,
    const std::string& serial,
    std::string* target) {
  *target = ref;
  auto it = components.find(ref);
  if (it != components.end())
    return &it->second;
  std::string uuid;
  if (!SplitBomLink(ref, &uuid, target))
    return nullptr;
  if (!uuid.empty() && serial == "urn:uuid:" + uuid) {
    it = components.find(*target);
    if (it != components.end())
      return &it->second;
  }
  return nullptr;
}

void AddCdxJsonComponents(const JsonValue& c,
                          bool metadata,
                          std::map<std::string, CdxComponent>* components) {
  AddComponents(c, components, metadata, 0);
}

void AddCdxComponentIfAbsent(const CdxComponent& c,
                             std::map<std::string, CdxComponent>* components) {
  if (!c.bom_ref.empty())
    components->emplace(c.bom_ref, c);
}

Asset CdxAsset(const CdxComponent& metadata,
               const std::string& serial,
               bool* have) {
  Asset a;
  *have = true;
  std::string name = metadata.name;
  if (!metadata.group.empty() && !name.empty())
    name = metadata.group + "/" + name;
  if (!name.empty() && metadata.type == "container") {
    a.kind = AssetKind::kContainerImage;
    // Grype puts the digest in `version`; a tag is part of the name.
    a.name = name;
    if (!metadata.version.empty() && !StartsWith(metadata.version, "sha256:") &&
        name.find(':') == std::string::npos) {
      a.name += ":" + metadata.version;
    }
    a.ids.image = a.name;
  } else if (!name.empty()) {
    a.kind = AssetKind::kArtifact;
    a.name = name;
    if (!metadata.version.empty())
      a.name += "@" + metadata.version;
  } else if (!serial.empty()) {
    a.kind = AssetKind::kArtifact;
    a.name = serial;
  } else {
    *have = false;
  }
  return a;
}

void EmitCdxVulnerability(const CdxVulnerability& v,
                          const std::map<std::string, CdxComponent>& components,
                          const CdxComponent* enclosing,
                          const std::string& serial,
                          size_t asset,
                          ImportSink* sink) {
  Finding base;
  base.tool = "CycloneDX";
  base.category = Category::kVulnerability;
  base.asset = asset;
  base.rule_id = v.id;
  if (StartsWith(v.id, "CVE-")) {
    AppendUnique(&base.cves, v.id);
  } else if (!v.id.empty()) {
    AppendUnique(&base.aliases, v.id);
  }
  for (const std::string& id : v.aliases) {
    if (StartsWith(id, "CVE-")) {
      AppendUnique(&base.cves, id);
    } else {
      AppendUnique(&base.aliases, id);
    }
  }
  // The most severe rating decides; its text is kept.
  bool rated = false;
  for (const CdxRating& r : v.ratings) {
    Severity sev;
    if (!r.severity.empty() && ParseSeverity(r.severity, &sev) &&
        (!rated || sev > base.severity)) {
      base.severity = sev;
      base.tool_severity = r.severity;
      rated = true;
    }
    if (r.vector.empty())
      continue;
    std::string version = CvssVersionOf(r.method, r.vector);
    if (version.empty())
      continue;  // OWASP risk, SSVC, ...: not CVSS
    std::string vector = r.vector;
    if (version != "2.0" && !StartsWith(vector, "CVSS:"))
      vector = "CVSS:" + version + "/" + vector;
    int score = -1;
    ParseScoreTenths(r.score, &score);
    base.cvss.push_back(
        {version, vector, r.source.empty() ? v.source : r.source, score});
  }
  for (const std::string& c : v.cwes) {
    std::string_view t = Trim(c);
    if (StartsWith(t, "CWE-"))
      t.remove_prefix(4);
    if (!t.empty())
      AppendUnique(&base.cwes, "CWE-" + std::string(t));
  }
  std::string description = v.description;
  if (!v.detail.empty())
    description += (description.empty() ? "" : "\n\n") + v.detail;
  base.description = sink->Intern(description);
  base.solution = sink->Intern(v.recommendation);
  for (const std::string& u : v.urls)
    AppendUnique(&base.references, u);
  base.published = v.published;
  if (v.state == "not_affected" || v.state == "false_positive") {
    (void)ParseFindingStatus(v.state, &base.status);  // the same two names
  } else if (v.state == "resolved" || v.state == "resolved_with_pedigree") {
    base.status = FindingStatus::kFixed;
  }
  if (!v.state.empty()) {
    base.evidence = "VEX analysis: " + v.state;
    if (!v.justification.empty())
      base.evidence += " (" + v.justification + ")";
    if (!v.analysis_detail.empty())
      base.evidence += ": " + v.analysis_detail;
  }
  std::string fixed;
  for (const std::string& f : v.fixed)
    fixed += (fixed.empty() ? "" : ", ") + f;

  // `target`: what `ref` names when no component of this document matches
  // (a purl, a bom-ref in another BOM).
  auto emit = [&](const CdxComponent* c, const std::string& ref,
                  const std::string& target) {
    Finding f = base;
    if (c != nullptr) {
      f.component.name = c->group.empty() ? c->name : c->group + ":" + c->name;
      f.component.installed = c->version;
      f.component.purl = c->purl;
      f.component.type = PurlType(c->purl);
      if (f.component.type.empty())
        f.component.type = c->type;
    } else if (!target.empty()) {
      f.component.name = target;
      if (StartsWith(target, "pkg:")) {
        f.component.purl = target;
        f.component.type = PurlType(target);
      }
    }
    f.component.fixed = fixed;
    // A link into another BOM says where the component is; it stays the
    // location.
    f.location = f.component.purl.empty() || StartsWith(ref, "urn:cdx:")
                     ? ref
                     : f.component.purl;
    f.title = v.id;
    if (!f.component.name.empty()) {
      f.title += " in " + f.component.name;
      if (!f.component.installed.empty())
        f.title += " " + f.component.installed;
    }
    sink->AddFinding(std::move(f));
  };
  if (enclosing != nullptr) {
    emit(enclosing, enclosing->bom_ref, enclosing->bom_ref);
    return;
  }
  if (v.affects.empty()) {
    emit(nullptr, std::string(), std::string());
    return;
  }
  for (const std::string& ref : v.affects) {
    std::string target;
    const CdxComponent* c = ResolveCdxRef(ref, components, serial, &target);
    emit(c, ref, target);
  }
}

bool SniffCycloneDxJson(std::string_view head, bool complete) {
  std::string_view h = SkipBomAndSpace(head);
  return !h.empty() && h[0] == '{' && Contains(h, "\"bomFormat\"") &&
         Contains(h, "\"CycloneDX\"") && !SniffCycloneDxVex(head, complete);
}

bool MaybeCycloneDxJson(std::string_view head) {
  std::string_view h = SkipBomAndSpace(head);
  return !h.empty() && h[0] == '{' && !Contains(h, "\"bomFormat\"") &&
         (Contains(h, "\"components\"") || Contains(h, "\"vulnerabilities\"") ||
          Contains(h, "\"specVersion\"") || Contains(h, "\"metadata\""));
}

std::unique_ptr<Importer> CreateCycloneDxJsonImporter(ImportSink* sink) {
  return std::make_unique<CycloneDxJsonImporter>(sink);
}

}  // namespace exposure
