// OpenVEX documents (https://github.com/openvex/spec): v0.2.0, and the
// v0.0.x shape vexctl wrote before it (the vulnerability and the products
// as plain strings, subcomponents beside the products).
//
// A VEX document has no findings: each entry of `statements` is one
// VexStatement (core/model/model.h) that applies to the findings of every
// input (core/plan/vex.h), at location "statements[N]".
// - vulnerability: `name`, else `@id`; `aliases`, and an `@id` that is not
//   a URL and differs from the name, are aliases.
// - products: a product's `@id` and `identifiers` (purl, cpe23, cpe22) each
//   name it (a purl, a CPE, else a name). When it lists `subcomponents`,
//   those are the products instead: the statement is about the vulnerable
//   component, which is what scanners report; the product around it is not
//   checked. No `products` at all: every product.
// - status as written (not_affected, affected, fixed, under_investigation);
//   justification; statement: `impact_statement` (vexctl's examples also
//   write `statement`), then `status_notes`; action: `action_statement`.
// - timestamp: the statement's `last_updated`, else its `timestamp`, else
//   the document's (the same two); author: the document's.
// A statement without a vulnerability or with another status, or whose
// products name nothing, is skipped with an input error naming it.
#ifndef CORE_IMPORTERS_OPENVEX_IMPORTER_H_
#define CORE_IMPORTERS_OPENVEX_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

// A JSON object whose head names the OpenVEX context (openvex.dev/ns).
bool SniffOpenVex(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateOpenVexImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_OPENVEX_IMPORTER_H_
