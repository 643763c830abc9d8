// CSAF 2.0 documents (https://docs.oasis-open.org/csaf/csaf/v2.0/): the VEX
// profile (document.category "csaf_vex"), and every other profile too:
// security advisories (csaf_security_advisory, and vendors' own categories
// such as Cisco's) state the same product_status, and those statuses apply
// the same way. A document without vulnerabilities states nothing.
//
// A VEX document has no findings: its statements apply to the findings of
// every input (core/plan/vex.h).
// - Products: every product_id is resolved through the product_tree:
//   `branches` (down to the product, remembering the product_name,
//   product_version and product_version_range branches above it),
//   `full_product_names` and `relationships` (default_component_of and the
//   others: the composite id is the component it names by
//   product_reference; the platform it relates_to is not checked), and
//   `product_groups` where flags, threats and remediations name groups. A
//   product is its product_identification_helper's purl (and purls) and
//   CPE when it has them, else its product_name branch's name with the
//   product_version below it as version or the product_version_range as
//   range ("vers:generic/>=2.9|<=4.1", "<=1.14"); without a product_name
//   branch, its own full name ("telnet-1:0.17-65.el7_6.x86_64").
// - Each vulnerability's product_status: known_not_affected is
//   not_affected; fixed and first_fixed are fixed; known_affected,
//   first_affected and last_affected are affected; under_investigation is
//   under_investigation (recommended states nothing). The products of one
//   list that share justification, statement and action are one statement,
//   at location "vulnerabilities[N].product_status.<list>".
// - vulnerability: `cve`, else the first of `ids`; the other ids whose
//   text holds a letter ("GHSA-..."; not Bugzilla numbers) are aliases.
// - justification: the `flags` label naming the product; statement: the
//   `threats` of category impact naming it (their details, one a line);
//   action: its `remediations` ("<category>: <details> (<url>)", one a
//   line: vendor_fix, none_available, workaround, ...).
// - timestamp: document.tracking.current_release_date, else the last
//   revision's date, else the initial release date; author:
//   document.publisher.name.
// A product id the tree does not define is skipped with an input error (one
// per list, naming the first such id and how many there were); a
// vulnerability without id is skipped with one too.
#ifndef CORE_IMPORTERS_CSAF_VEX_IMPORTER_H_
#define CORE_IMPORTERS_CSAF_VEX_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

// A JSON object whose head has a "document" with a "csaf_version".
bool SniffCsafVex(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateCsafVexImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_CSAF_VEX_IMPORTER_H_
