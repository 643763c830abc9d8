// CycloneDX BOMs (JSON) that are a VEX: a document of analyses
// (`vulnerabilities[].analysis`) about products, whose statements apply to
// the findings of every input (core/plan/vex.h). It has no findings.
//
// What tells a VEX from an SBOM with vulnerabilities (which
// cyclonedx_json reads, one finding per affected component): in the head,
// the BOM has vulnerabilities, every one of them has `analysis.state`, and
// it lists no components (no top-level `components`, or an empty one;
// metadata.component, the product, may nest its own). The exception is
// the VEX Exposure Lens exports (metadata.tools names "Exposure Lens"),
// which lists the products it names. An SBOM that carries its own
// analyses (Grype's in_triage, a not_affected verdict beside the
// component inventory) stays cyclonedx_json: its components are its
// findings' subjects.
//
// One statement per vulnerability, at location "vulnerabilities[N]":
// - vulnerability: `id`; aliases: `references[].id`.
// - status from `analysis.state`: not_affected; false_positive is
//   not_affected too (the tool's match was wrong, so the product is not
//   affected), its justification the document's or else "false_positive";
//   resolved and resolved_with_pedigree are fixed; exploitable is
//   affected; in_triage is under_investigation. Another state, or none, and
//   a vulnerability without id, are skipped with an input error.
// - justification: `analysis.justification` as written (CycloneDX's
//   spelling: code_not_present, code_not_reachable, ...); statement:
//   `analysis.detail`; action: `analysis.response` (joined by ", "), then
//   `recommendation` and `workaround`, one a line.
// - timestamp: `analysis.lastUpdated`, else `analysis.firstIssued`, else
//   `metadata.timestamp`; author: `metadata.authors[].name` (joined by
//   ", "), else the manufacturer's, manufacture's or supplier's name.
// - products: each `affects[].ref` resolved in this document as
//   cyclonedx_json resolves it (components, metadata.component, nested
//   ones, BOM-Links into this BOM): the component's purl, else its CPE,
//   else its name ("group:name") and version. A ref nothing here resolves
//   names the product itself: a purl, or the bom-ref of a BOM-Link into
//   another BOM ("urn:cdx:<uuid>/1#<bom-ref>"), or the ref as a name.
//   `affects[].versions[]` narrow the product to those versions or `range`s
//   (the component without its version): those with status "unaffected"
//   make a second, not_affected statement at the same location (unless the
//   vulnerability's own is not_affected already); the others take the
//   analysis's. No `affects`: metadata.component, else every product.
#ifndef CORE_IMPORTERS_CYCLONEDX_VEX_IMPORTER_H_
#define CORE_IMPORTERS_CYCLONEDX_VEX_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffCycloneDxVex(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateCycloneDxVexImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_CYCLONEDX_VEX_IMPORTER_H_
