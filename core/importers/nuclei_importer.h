// Nuclei JSON output: JSON lines (`-jsonl`, older `-json`) and the JSON
// array form (`-json-export`), with the v2 (`templateID`, `matched`,
// `matcher_name`) and v3 (`template-id`, `matched-at`, `matcher-name`) keys.
//
// One finding per match record (template × matcher × matched location).
// The target (`host`, with `ip`) is the asset: a web application when it is
// a URL, else a host. Requests, responses and curl commands are not kept.
#ifndef CORE_IMPORTERS_NUCLEI_IMPORTER_H_
#define CORE_IMPORTERS_NUCLEI_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffNuclei(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateNucleiImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_NUCLEI_IMPORTER_H_
