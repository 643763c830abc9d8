// Checkov JSON output (`checkov -o json`): one report object, an array of
// reports (one per check_type), or the bare summary Checkov prints when
// nothing was scanned.
//
// One finding per `results.failed_checks[]` entry; `skipped_checks[]` are
// kept with status `suppressed`. Passed checks are not findings and are
// skipped. Checkov states a severity only with a platform key; checks
// without one get medium (the tool's severity text stays empty).
#ifndef CORE_IMPORTERS_CHECKOV_IMPORTER_H_
#define CORE_IMPORTERS_CHECKOV_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffCheckov(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateCheckovImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_CHECKOV_IMPORTER_H_
