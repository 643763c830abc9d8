// Burp Suite XML issue exports (`<issues burpVersion=...>` → `<issue>`).
//
// One finding per `<issue>` element (one issue type at one URL). The base64
// requests and responses are skipped without being kept; the issue detail
// (and detail items) is the evidence. The scanned host is the asset (a web
// application) with its port as a service.
//
// Burp's certainty (`<confidence>`): "Certain" means Burp observed the
// issue itself on this host (the response of its own request shows it),
// so the finding carries kEvidenceConfirmed, whatever the issue's
// severity (an informational issue is confirmed too; the severity says
// how much it matters). "Firm" and "Tentative" carry no evidence bit. The
// severity (or certainty) "False positive", which a tester sets in Burp,
// gives status `false_positive` and no evidence.
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
