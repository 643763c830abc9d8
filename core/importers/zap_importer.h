// OWASP ZAP XML reports (`OWASPZAPReport` → `site` → `alerts` →
// `alertitem` → `instances`), ZAP 2.x "traditional" and "XML plus" layouts.
//
// One finding per `alertitem` of each `site` (the record ZAP reports: one
// alert type with all the URLs where it fired). Its instances are not
// separate findings: the first instance's URL is the location and every
// instance (method, URL, parameter, attack, evidence) is listed in the
// evidence; request and response headers and bodies are not kept. The site
// is the asset (a web application) with its port as a service. Alerts with
// confidence 0 ("False Positive") are kept with status `false_positive`.
#ifndef CORE_IMPORTERS_ZAP_IMPORTER_H_
#define CORE_IMPORTERS_ZAP_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffZapXml(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateZapXmlImporter(ImportSink sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_ZAP_IMPORTER_H_
