// Nuclei JSON output: JSON lines (`-jsonl`, older `-json`) and the JSON
// array form (`-json-export`), with the v2 (`templateID`, `matched`,
// `matcher_name`) and v3 (`template-id`, `matched-at`, `matcher-name`) keys.
//
// One finding per match record (template × matcher × matched location).
// Nuclei writes a record only for a match unless run with -matcher-status
// (-ms), which adds the failed ones with `matcher-status` false: those are
// checks that passed and are skipped. The target (`host`, with `ip`) is the
// asset: a web application when it is a URL, else a host. Requests,
// responses and curl commands are not kept.
//
// Evidence: a match (every record kept, JSON lines or array alike) that
// carries its `request` (nuclei 3 writes it unless run with -omit-raw,
// nuclei 2 with -include-rr) is confirmed: the request was sent to this
// target and its response satisfied the template's matchers, so the
// finding carries kEvidenceConfirmed. A match without its request (older
// output, -omit-raw, a file trimmed of it) carries no evidence bit:
// nothing in it shows what was sent. A template's own claim (its
// classification, an `exploit` tag) is no evidence of this asset.
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
