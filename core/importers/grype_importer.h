// Grype JSON reports (`grype <image|dir> -o json`).
//
// One finding per entry of `matches` (a package at its locations × one
// vulnerability), and one per entry of `ignoredMatches` with status
// "suppressed". The same vulnerability of the same package found at two paths
// is two matches and so two findings. The scanned image or directory
// (`source.target`) is the asset. EPSS and risk scores are not mapped (the
// model has no field for them). The asset's scan is dated by
// `descriptor.timestamp` (in UTC); Grype logs in nowhere, so it says
// nothing of credentials. A report without matches names no asset and so
// gives no scan.
#ifndef CORE_IMPORTERS_GRYPE_IMPORTER_H_
#define CORE_IMPORTERS_GRYPE_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffGrype(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateGrypeImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_GRYPE_IMPORTER_H_
