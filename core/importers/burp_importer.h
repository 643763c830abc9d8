// Burp Suite XML issue exports (`<issues burpVersion=...>` → `<issue>`).
//
// One finding per `<issue>` element (one issue type at one URL). The base64
// requests and responses are skipped without being kept; the issue detail
// (and detail items) is the evidence. The scanned host is the asset (a web
// application) with its port as a service.
#ifndef CORE_IMPORTERS_BURP_IMPORTER_H_
#define CORE_IMPORTERS_BURP_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffBurp(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateBurpImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_BURP_IMPORTER_H_
