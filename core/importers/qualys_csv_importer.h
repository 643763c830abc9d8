// Qualys CSV exports: the VM scan/host detection CSV ("IP","Network","DNS",
// ...,"QID","Title",...), the monthly PCI report (IP,HOSTNAME,LAST SCAN,QID,
// VULN TITLE,...) and Qualys VMDR "Asset Vuln Datalist" reports (a few
// report-metadata rows, then "CVE"/"QID","Title",...,"Asset Id",...).
// Only the PCI report dates host scans (its "LAST SCAN" column); see the
// .cc file.
// No record is kEvidenceConfirmed: the Type column's "Vuln" (confirmed)
// against "Practice" (potential) is Qualys's certainty of a conclusive
// check, mostly a version comparison, not proof on the host (see
// qualys_xml_importer.h). The Exploitability and Associated Malware
// columns give kEvidenceExploit and kEvidenceMalware.
#ifndef CORE_IMPORTERS_QUALYS_CSV_IMPORTER_H_
#define CORE_IMPORTERS_QUALYS_CSV_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffQualysCsv(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateQualysCsvImporter(ImportSink* sink);

bool SniffQualysVmdrCsv(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateQualysVmdrCsvImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_QUALYS_CSV_IMPORTER_H_
