// OpenVAS / Greenbone CSV result exports ("IP,Hostname,Port,Port Protocol,
// CVSS,Severity,[QoD,]Solution Type,NVT Name,Summary,Specific Result,NVT OID,
// CVEs,...").
// A row whose QoD is 99 or 100 (a remote active check or an exploit proved
// the flaw on the host) carries kEvidenceConfirmed (GreenboneConfirmed in
// openvas_xml_importer.h). The mapping is in the .cc file's head.
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
