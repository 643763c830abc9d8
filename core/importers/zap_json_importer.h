// OWASP ZAP JSON reports: the "Traditional JSON" report of ZAP 2.x and of
// the packaged scans (`zap-baseline.py -J`, `zap-full-scan.py -J`):
// `{"@version", "@generated", "site": [{"@name", "@host", "@port", "@ssl",
// "alerts": [{..., "instances": [...]}]}]}`.
//
// Mapped exactly like the XML report (zap_importer.h): one finding per alert
// of each site, its instances listed in the evidence (the first one's URI is
// the location), the site as a web application asset with its port as a
// service, riskcode 0..3 as info..high, confidence 0 as `false_positive`
// and 4 ("Confirmed") as kEvidenceConfirmed.
// Per-instance `otherinfo` and request/response data are not kept, as in
// the XML report. A site's alerts are emitted as they end once its
// `@name`/`@host` are known (they come first in ZAP's output), else at the
// end of the site.
#ifndef CORE_IMPORTERS_ZAP_JSON_IMPORTER_H_
#define CORE_IMPORTERS_ZAP_JSON_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffZapJson(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateZapJsonImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_ZAP_JSON_IMPORTER_H_
