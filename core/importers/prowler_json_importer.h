// Prowler JSON output: v2 JSON lines ({"Account Number", "Control",
// "Status", ...} per line), v3 JSON (an array of {"CheckID", "Status",
// "ResourceArn", ...}) and OCSF JSON from v4 on (an array of detection
// findings with "status_code", "metadata.event_code", "resources").
#ifndef CORE_IMPORTERS_PROWLER_JSON_IMPORTER_H_
#define CORE_IMPORTERS_PROWLER_JSON_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffProwlerJson(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateProwlerJsonImporter(ImportSink* sink);

bool SniffProwlerOcsf(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateProwlerOcsfImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_PROWLER_JSON_IMPORTER_H_
