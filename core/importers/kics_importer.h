// KICS JSON results (`kics scan -o . --report-formats json`).
//
// One finding per file entry of each query (`queries[].files[]`): one
// infrastructure-as-code issue at one file and line.
#ifndef CORE_IMPORTERS_KICS_IMPORTER_H_
#define CORE_IMPORTERS_KICS_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffKics(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateKicsImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_KICS_IMPORTER_H_
