// OpenVEX 0.2.0 (https://github.com/openvex/spec): one statement per
// vulnerability and decision, as vex_statements.h groups them.
//
// The document:
//  - "@id": "urn:uuid:" and a UUID hashed from the statements and the
//    timestamp (VexUuid): the same decisions on the same analysis give the
//    same id; different ones a different id.
//  - "author": "Exposure Lens", the tool that writes it (a document has
//    one author; the people who decided are many, and each statement's
//    status_notes names its decision's `by`). "tooling" adds the version.
//  - "timestamp": the analysis's as_of day at 00:00:00Z (VexStatements).
//  - "version": 1: every export is a fresh document, not a revision.
//
// A statement's status, from the decision:
//  - not_affected: "not_affected", the decision's justification when it
//    gave one, and its reason as impact_statement (the spec needs one of
//    the two; without either, a fixed impact_statement).
//  - false_positive: "not_affected" with justification
//    "vulnerable_code_not_present" unless the decision gave another:
//    whatever made the scanner wrong (a misread version, a backported fix,
//    a missing package), the vulnerable code is not there, while
//    "component_not_present" would be false for a misread version. The
//    impact_statement is "false positive: <reason>".
//  - accepted: "affected", action_statement "Risk accepted by <by> until
//    <until>: <reason>".
//  - deferred: "affected", action_statement "Fix deferred until <until>:
//    <reason>".
// status_notes keeps the decision as recorded: "Decision: <status>, by
// <by>, until <until>".
//
// Products are IRIs (vex_statements.h); a package's purl is also given as
// identifiers.purl, which some consumers match on instead of @id.
//
// The schema needs at least one statement, so with no decided finding
// there is no document: an error says why.
#include <string>

#include "core/base/json_writer.h"
#include "core/base/version.h"
#include "core/render/export_view.h"
#include "core/render/exports/vex_statements.h"

namespace exposure {

namespace {

std::string StatusNotes(const Decision& d) {
  std::string t = "Decision: ";
  t += DecisionStatusName(d.status);
  if (!d.by.empty())
    t += ", by " + d.by;
  if (!d.until.empty())
    t += ", until " + d.until;
  return t;
}

void WriteStatement(const VexStatements& s, const VexEntry& e, JsonWriter* w) {
  const Decision& d = e.decision;
  w->BeginObject();
  w->Key("vulnerability");
  w->BeginObject();
  w->Key("name");
  w->String(e.vulnerability);
  if (!e.aliases.empty())
    w->StringArray("aliases", e.aliases);
  w->EndObject();

  w->Key("products");
  w->BeginArray();
  for (size_t p : e.products) {
    const VexExportProduct& product = s.products[p];
    w->BeginObject();
    w->Key("@id");
    w->String(product.iri);
    if (!product.purl.empty()) {
      w->Key("identifiers");
      w->BeginObject();
      w->Key("purl");
      w->String(product.purl);
      w->EndObject();
    }
    w->EndObject();
  }
  w->EndArray();

  switch (d.status) {
    case DecisionStatus::kNotAffected:
      w->Key("status");
      w->String("not_affected");
      w->OptionalString("justification", VexJustificationName(d.justification));
      if (!d.reason.empty()) {
        w->Key("impact_statement");
        w->String(d.reason);
      } else if (d.justification == VexJustification::kNone) {
        w->Key("impact_statement");
        w->String("Not affected (no reason recorded)");
      }
      break;
    case DecisionStatus::kFalsePositive:
      w->Key("status");
      w->String("not_affected");
      w->Key("justification");
      w->String(d.justification == VexJustification::kNone
                    ? VexJustificationName(
                          VexJustification::kVulnerableCodeNotPresent)
                    : VexJustificationName(d.justification));
      w->Key("impact_statement");
      w->String(FalsePositiveText(d));
      break;
    case DecisionStatus::kAccepted:
      w->Key("status");
      w->String("affected");
      w->Key("action_statement");
      w->String(AcceptedText(d));
      break;
    case DecisionStatus::kDeferred:
      w->Key("status");
      w->String("affected");
      w->Key("action_statement");
      w->String(DeferredText(d));
      break;
  }
  w->Key("status_notes");
  w->String(StatusNotes(d));
  w->EndObject();
}

}  // namespace

Status WriteOpenVex(const ExportView& view, ExportOutput* out) {
  VexStatements s;
  EXPOSURE_RETURN_IF_ERROR(CollectVexStatements(view, &s));
  if (s.entries.empty()) {
    return Status::Error(
        "openvex: no decision applies to any finding, and an OpenVEX "
        "document needs at least one statement (give decisions with "
        "--decisions)");
  }

  std::string doc;
  {
    JsonWriter w(&doc);
    w.BeginObject();
    w.Key("@context");
    w.String("https://openvex.dev/ns/v0.2.0");
    w.Key("@id");
    w.String(VexUuid(s, "openvex"));
    w.Key("author");
    w.String("Exposure Lens");
    w.Key("timestamp");
    w.String(s.timestamp);
    w.Key("version");
    w.Int(1);
    w.Key("tooling");
    w.String(std::string("Exposure Lens ") + kVersion);
    w.Key("statements");
    w.BeginArray();
    for (const VexEntry& e : s.entries)
      WriteStatement(s, e, &w);
    w.EndArray();
    w.EndObject();
  }
  doc.push_back('\n');
  return out->Write(doc);
}

}  // namespace exposure
