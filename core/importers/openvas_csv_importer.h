// OpenVAS / Greenbone CSV result exports ("IP,Hostname,Port,Port Protocol,
// CVSS,Severity,[QoD,]Solution Type,NVT Name,Summary,Specific Result,NVT OID,
// CVEs,...").
#ifndef CORE_IMPORTERS_OPENVAS_CSV_IMPORTER_H_
#define CORE_IMPORTERS_OPENVAS_CSV_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffOpenvasCsv(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateOpenvasCsvImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_OPENVAS_CSV_IMPORTER_H_
