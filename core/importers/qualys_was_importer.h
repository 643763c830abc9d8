// Qualys Web Application Scanning (WAS) XML report (root <WAS_SCAN_REPORT>,
// or <WAS_WEBAPP_REPORT> whose results sit under <WEB_APPLICATION>).
//
// One finding per detection as the report lists it: each <VULNERABILITY>,
// <INFORMATION_GATHERED> and <SENSITIVE_CONTENT> record (one QID at one URL),
// information-gathered ones included with severity info. Nothing is
// skipped; IGNORED records are kept with status "suppressed" and FIXED ones
// with status "fixed".
//
// The QID definitions (<GLOSSARY>: title, severity, CWE, WASC, CVSS,
// description, impact, solution) and the web application itself (<WEBAPP>
// in the <APPENDIX>: name, URL, OS) follow the results, so each record is
// kept and resolved when the document ends: memory grows with the number of
// records, not the file.
//
// Severity: Qualys levels 1-5 as for Qualys VM: information gathered -> info;
// vulnerabilities and sensitive content 1-2 -> low, 3 -> medium, 4 -> high,
// 5 -> critical; the level is kept as tool_severity.
//
// Asset: the web application (kind web_application, its base URL as url
// identity); without a <WEBAPP> entry, the origin of the record's URL.
// Evidence: the payload, request line and base64-decoded response or data.
// No record is kEvidenceConfirmed: the report's <POTENTIAL> false (a
// confirmed detection) is Qualys's certainty, like Qualys VM's confirmed
// type, and is rarely written; the payloads are kept as evidence text.
#ifndef CORE_IMPORTERS_QUALYS_WAS_IMPORTER_H_
#define CORE_IMPORTERS_QUALYS_WAS_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffQualysWas(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateQualysWasImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_QUALYS_WAS_IMPORTER_H_
