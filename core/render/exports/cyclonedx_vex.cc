// CycloneDX 1.6 VEX (https://cyclonedx.org/capabilities/vex/): a BOM
// whose components are the products decisions cover and whose
// vulnerabilities[] carry the decisions, grouped as vex_statements.h says
// (one entry per vulnerability and decision, `affects` naming every
// product).
//
// The BOM:
//  - serialNumber: "urn:uuid:" and a UUID hashed from the entries and the
//    timestamp (VexUuid), so the same decisions give the same BOM.
//  - version 1; metadata.timestamp the analysis's as_of day at 00:00:00Z;
//    metadata.tools.components names Exposure Lens and its version.
//  - components: a package (type "library", bom-ref and purl its purl,
//    name and installed version), or an asset (bom-ref its asset id, the
//    type by its kind: host "device", container image "container", cloud
//    resource "platform", artifact "file", anything else "application"),
//    or, for a finding without asset, its finding id.
//
// A vulnerability's analysis, from the decision:
//  - not_affected: state "not_affected", the justification mapped by
//    CycloneDxJustification(), detail the reason.
//  - false_positive: state "false_positive", detail the reason.
//  - accepted: state "exploitable", response ["will_not_fix"], detail "Risk
//    accepted by <by> until <until>: <reason>".
//  - deferred: state "exploitable" (it is affected: OpenVEX says
//    "affected", and "in_triage" would claim it is still being
//    investigated), detail "Fix deferred until <until>: <reason>", and no
//    response: which fix is deferred (an update, a workaround, a
//    configuration change) is not the decision's to say.
// The decision's `by` is appended to the detail as "(decided by <by>)"
// where the text does not name it already.
//
// id is the vulnerability's name; a CVE's source is NVD, a GHSA's GitHub
// Advisories (with their URLs); aliases with a known source are
// references. ratings come from the CVSS vector the finding's score used.
// With no decided finding the BOM has empty components and
// vulnerabilities, which CycloneDX allows.
#include <string>
#include <string_view>

#include "core/base/json_writer.h"
#include "core/base/strings.h"
#include "core/base/version.h"
#include "core/render/export_view.h"
#include "core/render/exports/vex_statements.h"

namespace exposure {

namespace {

// Writes "source" for a vulnerability id whose database is known; false
// (nothing written) for others.
bool WriteSource(std::string_view id, JsonWriter* w) {
  const char* name = nullptr;
  std::string url;
  if (StartsWith(id, "CVE-")) {
    name = "NVD";
    url = "https://nvd.nist.gov/vuln/detail/" + std::string(id);
  } else if (StartsWith(id, "GHSA-")) {
    name = "GitHub Advisories";
    url = "https://github.com/advisories/" + std::string(id);
  } else {
    return false;
  }
  w->Key("source");
  w->BeginObject();
  w->Key("name");
  w->String(name);
  w->Key("url");
  w->String(url);
  w->EndObject();
  return true;
}

bool HasKnownSource(std::string_view id) {
  return StartsWith(id, "CVE-") || StartsWith(id, "GHSA-");
}

std::string Detail(const Decision& d) {
  std::string t;
  switch (d.status) {
    case DecisionStatus::kNotAffected:
    case DecisionStatus::kFalsePositive:
      t = d.reason;
      break;
    case DecisionStatus::kAccepted:
      return AcceptedText(d);  // names `by` itself
    case DecisionStatus::kDeferred:
      t = DeferredText(d);
      break;
  }
  if (!d.by.empty())
    t += (t.empty() ? "(decided by " : " (decided by ") + d.by + ")";
  return t;
}

void WriteComponent(const VexExportProduct& p, JsonWriter* w) {
  w->BeginObject();
  w->Key("type");
  w->String(p.cyclonedx_type);
  w->Key("bom-ref");
  w->String(p.ref);
  w->Key("name");
  w->String(p.name);
  w->OptionalString("version", p.version);
  w->OptionalString("purl", p.purl);
  w->EndObject();
}

void WriteVulnerability(const VexStatements& s,
                        const VexEntry& e,
                        JsonWriter* w) {
  const Decision& d = e.decision;
  w->BeginObject();
  w->Key("id");
  w->String(e.vulnerability);
  WriteSource(e.vulnerability, w);

  bool any_reference = false;
  for (const std::string& alias : e.aliases)
    any_reference = any_reference || HasKnownSource(alias);
  if (any_reference) {
    w->Key("references");
    w->BeginArray();
    for (const std::string& alias : e.aliases) {
      if (!HasKnownSource(alias))
        continue;
      w->BeginObject();
      w->Key("id");
      w->String(alias);
      WriteSource(alias, w);
      w->EndObject();
    }
    w->EndArray();
  }

  if (!e.ratings.empty()) {
    w->Key("ratings");
    w->BeginArray();
    for (const VexRating& r : e.ratings) {
      w->BeginObject();
      if (!r.source.empty()) {
        w->Key("source");
        w->BeginObject();
        w->Key("name");
        w->String(r.source);
        w->EndObject();
      }
      if (r.score_tenths >= 0) {
        w->Key("score");
        w->Decimal(r.score_tenths, 1);
      }
      w->OptionalString("severity", r.severity);
      w->Key("method");
      w->String(r.method);
      w->OptionalString("vector", r.vector);
      w->EndObject();
    }
    w->EndArray();
  }

  w->Key("analysis");
  w->BeginObject();
  w->Key("state");
  switch (d.status) {
    case DecisionStatus::kNotAffected:
      w->String("not_affected");
      w->OptionalString("justification",
                        CycloneDxJustification(d.justification));
      break;
    case DecisionStatus::kFalsePositive:
      w->String("false_positive");
      break;
    case DecisionStatus::kAccepted:
      w->String("exploitable");
      w->Key("response");
      w->BeginArray();
      w->String("will_not_fix");
      w->EndArray();
      break;
    case DecisionStatus::kDeferred:
      w->String("exploitable");
      break;
  }
  w->OptionalString("detail", Detail(d));
  w->EndObject();

  w->Key("affects");
  w->BeginArray();
  for (size_t p : e.products) {
    w->BeginObject();
    w->Key("ref");
    w->String(s.products[p].ref);
    w->EndObject();
  }
  w->EndArray();
  w->EndObject();
}

}  // namespace

Status WriteCycloneDxVex(const ExportView& view, ExportOutput* out) {
  VexStatements s;
  EXPOSURE_RETURN_IF_ERROR(CollectVexStatements(view, &s));

  std::string doc;
  {
    JsonWriter w(&doc);
    w.BeginObject();
    w.Key("bomFormat");
    w.String("CycloneDX");
    w.Key("specVersion");
    w.String("1.6");
    w.Key("serialNumber");
    w.String(VexUuid(s, "cyclonedx"));
    w.Key("version");
    w.Int(1);

    w.Key("metadata");
    w.BeginObject();
    w.Key("timestamp");
    w.String(s.timestamp);
    w.Key("tools");
    w.BeginObject();
    w.Key("components");
    w.BeginArray();
    w.BeginObject();
    w.Key("type");
    w.String("application");
    w.Key("name");
    w.String("Exposure Lens");
    w.Key("version");
    w.String(kVersion);
    w.EndObject();
    w.EndArray();
    w.EndObject();
    w.EndObject();

    w.Key("components");
    w.BeginArray();
    for (const VexExportProduct& p : s.products)
      WriteComponent(p, &w);
    w.EndArray();

    w.Key("vulnerabilities");
    w.BeginArray();
    for (const VexEntry& e : s.entries)
      WriteVulnerability(s, e, &w);
    w.EndArray();
    w.EndObject();
  }
  doc.push_back('\n');
  return out->Write(doc);
}

}  // namespace exposure
