#include "core/importers/grype_importer.h"

#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/base/time.h"
#include "core/import/json/json_importer.h"
#include "core/import/json/json_records.h"
#include "core/import/json/json_tokenizer.h"
#include "core/importers/sniff_util.h"

namespace exposure {

namespace {

void AddId(Finding* f, const std::string& id) {
  if (id.empty())
    return;
  if (StartsWith(id, "CVE-")) {
    AppendUnique(&f->cves, id);
  } else {
    AppendUnique(&f->aliases, id);
  }
}

std::string CvssVersion(const std::string& stated, const std::string& vector) {
  if (StartsWith(vector, "CVSS:4.0/"))
    return "4.0";
  if (StartsWith(vector, "CVSS:3.1/"))
    return "3.1";
  if (StartsWith(vector, "CVSS:3.0/"))
    return "3.0";
  if (stated == "2" || stated == "2.0")
    return "2.0";
  if (stated == "3" || stated == "3.0")
    return "3.0";
  return stated.empty() ? "2.0" : stated;
}

// Adds the entries of a Grype `cvss` array; `fallback_source` names who
// scored them when an entry does not say (older Grype: the namespace).
void AddCvss(Finding* f,
             const JsonValue& list,
             const std::string& fallback_source) {
  if (!list.is_array())
    return;
  for (const JsonValue& c : list) {
    std::string vector = JsonStr(c, "vector");
    if (vector.empty())
      continue;
    CvssVector v;
    v.version = CvssVersion(JsonStr(c, "version"), vector);
    v.vector = std::move(vector);
    v.source = JsonStr(c, "source");
    if (v.source.empty())
      v.source = fallback_source;
    v.score_tenths = JsonScoreTenths(JsonGet(c, "metrics"), "baseScore");
    bool seen = false;
    for (const CvssVector& have : f->cvss) {
      seen = seen || (have.vector == v.vector && have.source == v.source);
    }
    if (!seen)
      f->cvss.push_back(std::move(v));
  }
}

void AddUrls(Finding* f, const JsonValue& urls) {
  if (!urls.is_array())
    return;
  for (const JsonValue& u : urls) {
    if (u.is_string())
      AppendUnique(&f->references, u.get<std::string>());
  }
}

class GrypeImporter : public JsonImporter {
 public:
  explicit GrypeImporter(ImportSink* sink) : sink_(sink) {}

 private:
  Status Check() override {
    if (records_.root_type() != '{')
      return Status::Error("not a Grype report: the root is not an object");
    if (!seen_matches_)
      return Status::Error("not a Grype report: no \"matches\" array");
    return Status::Ok();
  }

  bool Want(const std::string& path) override {
    return path == "$.matches[]" || path == "$.ignoredMatches[]" ||
           path == "$.source" || path == "$.distro" || path == "$.descriptor";
  }

  Status OnEnter(const std::string& path) override {
    if (path == "$.matches")
      seen_matches_ = true;
    return Status::Ok();
  }

  Status OnValue(const std::string& path, const JsonValue& v) override {
    if (path == "$.source") {
      ReadSource(v);
    } else if (path == "$.distro") {
      std::string name = JsonStr(v, "name");
      std::string version = JsonStr(v, "version");
      os_ = std::string(Trim(name + " " + version));
      if (asset_known_) {
        asset_.os = os_;
        // Already added: adding it again merges the OS in.
        if (asset_index_ != Finding::kNoAsset)
          sink_->AddAsset(asset_);
      }
    } else if (path == "$.descriptor") {
      scan_time_ = NormalizeIso8601(JsonStr(v, "timestamp"));
    } else if (v.is_object()) {
      AddMatch(v, path == "$.ignoredMatches[]");
    }
    return Status::Ok();
  }

  void ReadSource(const JsonValue& source) {
    std::string type = JsonStr(source, "type");
    const JsonValue& target = JsonGet(source, "target");
    Asset a;
    if (target.is_string()) {
      a.name = target.get<std::string>();
    } else {
      a.name = JsonStr(target, "userInput");
      if (a.name.empty()) {
        const JsonValue& tags = JsonGet(target, "tags");
        if (tags.is_array() && !tags.empty() && tags[0].is_string())
          a.name = tags[0].get<std::string>();
      }
      if (a.name.empty())
        a.name = JsonStr(target, "imageID");
    }
    if (type == "image") {
      a.kind = AssetKind::kContainerImage;
      a.ids.image = a.name;
    } else {
      a.kind = AssetKind::kRepository;
      a.ids.repository = a.name;
    }
    a.os = os_;
    if (a.name.empty())
      return;
    asset_ = std::move(a);
    asset_known_ = true;
    Flush();
  }

  void AddMatch(const JsonValue& m, bool ignored) {
    const JsonValue& vuln = JsonGet(m, "vulnerability");
    const JsonValue& artifact = JsonGet(m, "artifact");
    Finding f;
    f.category = Category::kVulnerability;
    f.rule_id = JsonStr(vuln, "id");
    AddId(&f, f.rule_id);
    f.tool_severity = JsonStr(vuln, "severity");
    Severity sev = Severity::kInfo;
    if (ParseSeverity(f.tool_severity, &sev))
      f.severity = sev;
    std::string namespace_ = JsonStr(vuln, "namespace");
    AddCvss(&f, JsonGet(vuln, "cvss"), namespace_);
    std::string data_source = JsonStr(vuln, "dataSource");
    if (!data_source.empty())
      AppendUnique(&f.references, data_source);
    AddUrls(&f, JsonGet(vuln, "urls"));
    std::string description = JsonStr(vuln, "description");
    const JsonValue& related = JsonGet(m, "relatedVulnerabilities");
    if (related.is_array()) {
      for (const JsonValue& r : related) {
        AddId(&f, JsonStr(r, "id"));
        AddCvss(&f, JsonGet(r, "cvss"), JsonStr(r, "namespace"));
        std::string ds = JsonStr(r, "dataSource");
        if (!ds.empty())
          AppendUnique(&f.references, ds);
        AddUrls(&f, JsonGet(r, "urls"));
        if (description.empty())
          description = JsonStr(r, "description");
      }
    }
    // Grype 0.74+: [{"cve", "epss", "percentile", "date"}]; the highest.
    const JsonValue& epss = JsonGet(vuln, "epss");
    if (epss.is_array()) {
      for (const JsonValue& e : epss) {
        int p = JsonProbability5(e, "epss");
        if (p > f.file_epss) {
          f.file_epss = p;
          f.file_epss_percentile = JsonProbability5(e, "percentile");
        }
      }
    }
    const JsonValue& kev = JsonGet(vuln, "knownExploited");
    // Grype's own KEV match; the intel bundle's KEV decides "active", this
    // says only that an exploit exists.
    if (kev.is_array() && !kev.empty())
      f.evidence_flags |= kEvidenceExploit;
    f.description = sink_->Intern(description);

    Component& c = f.component;
    c.name = JsonStr(artifact, "name");
    c.installed = JsonStr(artifact, "version");
    c.type = JsonStr(artifact, "type");
    c.purl = JsonStr(artifact, "purl");
    const JsonValue& locations = JsonGet(artifact, "locations");
    if (locations.is_array()) {
      std::vector<std::string> paths;
      for (const JsonValue& l : locations) {
        std::string p = JsonStr(l, "path");
        if (!p.empty())
          AppendUnique(&paths, p);
      }
      if (!paths.empty()) {
        c.path = paths[0];
        f.location = paths[0];
      }
    }
    const JsonValue& fix = JsonGet(vuln, "fix");
    const JsonValue& versions = JsonGet(fix, "versions");
    if (versions.is_array()) {
      for (const JsonValue& v : versions) {
        if (!v.is_string())
          continue;
        if (!c.fixed.empty())
          c.fixed += ", ";
        c.fixed += v.get<std::string>();
      }
    }
    std::string state = JsonStr(fix, "state");
    if (!c.fixed.empty()) {
      f.solution =
          sink_->Intern("Upgrade " + c.name + " to " + c.fixed + " or later.");
    } else if (state == "wont-fix") {
      f.solution = sink_->Intern("The vendor will not fix " + c.name + ".");
    }
    f.title = f.rule_id + " in " + c.name +
              (c.installed.empty() ? "" : " " + c.installed);

    // What matched, as evidence: "dpkg-matcher (krb5 1.17-3+deb10u3)".
    const JsonValue& details = JsonGet(m, "matchDetails");
    if (details.is_array()) {
      for (const JsonValue& d : details) {
        std::string matcher = JsonStr(d, "matcher");
        const JsonValue& pkg = JsonGet(JsonGet(d, "searchedBy"), "package");
        std::string searched = JsonStr(pkg, "name");
        if (matcher.empty() && searched.empty())
          continue;
        // "matched by <matcher> (<name> <version>)", appended in place.
        if (!f.evidence.empty())
          f.evidence += '\n';
        f.evidence += "matched by ";
        f.evidence += matcher;
        if (!searched.empty()) {
          f.evidence += " (";
          f.evidence += searched;
          std::string searched_version = JsonStr(pkg, "version");
          if (!searched_version.empty()) {
            f.evidence += ' ';
            f.evidence += searched_version;
          }
          f.evidence += ')';
        }
      }
    }
    if (ignored)
      f.status = FindingStatus::kSuppressed;
    if (!asset_known_ && pending_first_ == kNone)
      pending_first_ = sink_->next_finding();
    Emit(&f);
  }

  // Completes `*f` and hands it to the store (which copies it); without a
  // known asset yet, Flush() sets it later.
  void Emit(Finding* f) {
    f->tool = "Grype";
    if (asset_known_) {
      if (asset_index_ == Finding::kNoAsset)
        asset_index_ = sink_->AddAsset(asset_);
      f->asset = asset_index_;
    }
    sink_->AddFinding(std::move(*f));
  }

  // Matches added before `source` (Grype writes it after them) get its
  // asset once it is known, rather than being held (a whole Finding each)
  // until the end of the file.
  void Flush() override {
    if (asset_known_ && pending_first_ != kNone) {
      if (asset_index_ == Finding::kNoAsset)
        asset_index_ = sink_->AddAsset(asset_);
      // Every finding since the first without an asset is one of them.
      sink_->SetFindingAsset(pending_first_, sink_->next_finding(),
                             asset_index_);
      pending_first_ = kNone;
    }
    AddScan();
  }

  // The descriptor's timestamp is when Grype scanned the source; it is
  // known, like the asset, only once both were read (the descriptor comes
  // last), so Flush() at the end adds it. Grype logs in nowhere: the scan
  // says nothing of credentials.
  void AddScan() {
    if (scan_added_ || scan_time_.empty() || asset_index_ == Finding::kNoAsset)
      return;
    AssetScan scan;
    scan.asset = asset_index_;
    scan.time = scan_time_;
    sink_->AddAssetScan(scan);
    scan_added_ = true;
  }

  bool seen_matches_ = false;
  std::string scan_time_;  // descriptor.timestamp in UTC
  bool scan_added_ = false;
  std::string os_;
  bool asset_known_ = false;
  Asset asset_;
  size_t asset_index_ = Finding::kNoAsset;
  // The first of this input's findings added while the asset was unknown.
  static constexpr size_t kNone = static_cast<size_t>(-1);
  size_t pending_first_ = kNone;

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffGrype(std::string_view head, bool complete) {
  (void)complete;
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty() || h[0] != '{' || !Contains(h, "\"matches\""))
    return false;
  // A match holds a vulnerability and an artifact; an empty report names
  // Grype in its descriptor.
  return (Contains(h, "\"vulnerability\"") && Contains(h, "\"artifact\"")) ||
         (Contains(h, "\"descriptor\"") && Contains(h, "\"grype\""));
}

std::unique_ptr<Importer> CreateGrypeImporter(ImportSink* sink) {
  return std::make_unique<GrypeImporter>(sink);
}

}  // namespace exposure
