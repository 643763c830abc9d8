// Trufflehog JSON lines: v2 (`--json`: `path`, `reason`, `stringsFound`) and
// v3 (`--json`: `SourceMetadata`, `DetectorName`, `Raw`, `Redacted`).
//
// One finding per line (one detected secret at one place). The secret itself
// is never kept: the evidence shows at most its first 4 characters followed
// by asterisks, and diffs are dropped. Verified v3 secrets are high, others
// medium. The repository named in the source metadata is the asset.
#ifndef CORE_IMPORTERS_TRUFFLEHOG_IMPORTER_H_
#define CORE_IMPORTERS_TRUFFLEHOG_IMPORTER_H_

#include <memory>
#include <string>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffTrufflehog(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateTrufflehogImporter(ImportSink* sink);
// `secret` reduced to at most its first 4 characters plus "****".
std::string MaskSecret(std::string_view secret);

}  // namespace exposure

#endif  // CORE_IMPORTERS_TRUFFLEHOG_IMPORTER_H_
