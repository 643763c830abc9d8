// Nessus v2 XML (.nessus; NessusClientData_v2), as exported by Nessus,
// Tenable.sc and Tenable.io (including Web App Scanning exports).
//
// One finding per <ReportItem>, informational ones included (severity 0 ->
// info); one asset per <ReportHost>; one service per non-zero port.
#ifndef CORE_IMPORTERS_NESSUS_IMPORTER_H_
#define CORE_IMPORTERS_NESSUS_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffNessus(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateNessusImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_NESSUS_IMPORTER_H_
