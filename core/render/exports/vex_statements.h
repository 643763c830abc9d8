// What the two VEX exports (OpenVEX, CycloneDX VEX) state, worked out once:
// the findings a decision applies to, grouped into one statement per
// vulnerability and decision, each naming every product it covers. Both
// writers read the same grouping so that the two documents of one analysis
// say the same thing.
//
// Contracts (docs for the exports' readers):
//  - Only decided findings are stated (ExportFinding::decision non-null);
//    lapsed decisions apply to nothing and are not stated.
//  - A finding's vulnerabilities: the one id its decision's `cve` condition
//    named (as the finding spells it); else every CVE of the finding; else
//    its first alias; else its rule key ("format:rule_id").
//  - A finding's product: its component's purl when it has one that is a
//    usable IRI; else the asset's URL (a repository or web application
//    named by an http(s) URL); else "urn:exposure-lens:asset:<asset id>";
//    without an asset, "urn:exposure-lens:finding:<finding id>". Container
//    image references are not IRIs, so images are named by the urn.
//  - One entry per (vulnerability, decision content: status,
//    justification, by, reason, until): two decisions that say the same
//    thing about one vulnerability make one statement.
//  - Everything is sorted (entries by that key, products by IRI, aliases
//    and ratings by value), so the output does not depend on the order of
//    the report or of the decisions file.
#ifndef CORE_RENDER_EXPORTS_VEX_STATEMENTS_H_
#define CORE_RENDER_EXPORTS_VEX_STATEMENTS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/plan/decisions.h"
#include "core/render/export_view.h"

namespace exposure {

struct VexExportProduct {
  std::string iri;      // OpenVEX's product @id
  std::string ref;      // CycloneDX's bom-ref: the purl, asset id or finding id
  std::string purl;     // "" unless the product is a package
  std::string name;     // the package's or the asset's name
  std::string version;  // a package's installed version
  const char* cyclonedx_type;  // CycloneDX component type
};

// A CVSS rating of a vulnerability, from the vector a finding's score
// used. Only for findings with one vulnerability: a host scanner's check
// naming twenty CVEs has one vector for all of them, not one each.
struct VexRating {
  const char* method = "other";  // CycloneDX: CVSSv2, CVSSv3, CVSSv31, ...
  int score_tenths = -1;         // -1 when unknown
  std::string vector;
  std::string source;         // who scored it ("nvd", "redhat"), "" unknown
  const char* severity = "";  // from the score on the method's scale
};

struct VexEntry {
  std::string vulnerability;
  std::vector<std::string> aliases;  // other names of it, sorted
  // The decision's content (its match is left empty).
  Decision decision;
  std::vector<size_t> products;  // into VexStatements::products, ascending
  std::vector<VexRating> ratings;
};

struct VexStatements {
  std::vector<VexExportProduct> products;  // by IRI
  std::vector<VexEntry> entries;
  // The document's timestamp: the assessment's as_of day at midnight UTC,
  // or the Unix epoch when the analysis has no date (never the clock: the
  // same analysis, the same bytes).
  std::string timestamp;
};

// Walks `view` once.
Status CollectVexStatements(const ExportView& view, VexStatements* out);

// A UUID (RFC 9562 version 8, the custom layout) from a 128-bit hash of
// `salt` and everything `s` states: the same statements, the same id.
std::string VexUuid(const VexStatements& s, std::string_view salt);

// The texts a decision becomes. `by`, `until` and `reason` are each left
// out when empty.
// "Risk accepted by <by> until <until>: <reason>".
std::string AcceptedText(const Decision& d);
// "Fix deferred until <until>: <reason>".
std::string DeferredText(const Decision& d);
// "false positive: <reason>".
std::string FalsePositiveText(const Decision& d);

}  // namespace exposure

#endif  // CORE_RENDER_EXPORTS_VEX_STATEMENTS_H_
