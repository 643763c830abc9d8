// Semgrep JSON output (`semgrep --json`: `results[]`, `errors[]`) and the
// Semgrep Supply Chain API listing (`vulns[]`).
//
// One finding per entry of `results[]` (check id at a path and line) and per
// entry of `vulns[]` (advisory for a dependency of a repository). `errors[]`
// are scan problems, not findings. Ignored results (`extra.is_ignored`) are
// kept with status `suppressed`; triaged-as-fixed supply-chain entries with
// status `fixed`.
#ifndef CORE_IMPORTERS_SEMGREP_IMPORTER_H_
#define CORE_IMPORTERS_SEMGREP_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffSemgrep(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateSemgrepImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_SEMGREP_IMPORTER_H_
