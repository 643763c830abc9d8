// Nessus and Tenable CSV exports: Nessus "Plugin ID,CVE,CVSS,Risk,Host,..."
// (and its variant with more columns), Tenable.sc ("Plugin,Plugin Name,
// Family,Severity,IP Address,..."), Tenable Vulnerability Management
// ("... Vulnerability State,IP Address,FQDN,...") and its semicolon-separated
// "definition.*" / "asset.*" layout, and Nessus WAS CSV.
#ifndef CORE_IMPORTERS_NESSUS_CSV_IMPORTER_H_
#define CORE_IMPORTERS_NESSUS_CSV_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffNessusCsv(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateNessusCsvImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_NESSUS_CSV_IMPORTER_H_
