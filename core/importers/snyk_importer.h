// Snyk CLI JSON reports (`snyk test --json`, `snyk container test --json`):
// one project object, or a top-level array of them (`--all-projects`).
//
// One finding per entry of `vulnerabilities` (a package × vulnerability on
// one dependency path, as Snyk lists it), including those of the
// `applications` a container scan finds inside the image, and one per entry
// of `filtered.ignore` with status "suppressed". The scanned image, or the
// scanned directory for open-source projects, is the asset; the manifest
// (`displayTargetFile`) is the location. EPSS details are not mapped (the
// model has no field for them). Snyk Code results come as SARIF and are not
// read here.
#ifndef CORE_IMPORTERS_SNYK_IMPORTER_H_
#define CORE_IMPORTERS_SNYK_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffSnyk(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateSnykImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_SNYK_IMPORTER_H_
