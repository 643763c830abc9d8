// Qualys legacy scan report XML (scan-1.dtd: `<!DOCTYPE SCAN ...>`, root
// `<SCAN value="scan/...">`), as the QualysGuard API v1 and "Scan Results"
// downloads write it: a <HEADER> of KEY values, then one <IP value="..."
// name="..."> per host with <OS>, <NETBIOS_HOSTNAME> and four sections of
// categories: <VULNS> (confirmed vulnerabilities), <PRACTICES> (potential
// vulnerabilities), <INFOS> (information gathered) and <SERVICES>. Each
// section holds <CAT value="category" port="443" protocol="tcp"> elements
// with the records (<VULN>, <PRACTICE>, <INFO>, <SERVICE>, each with
// number="QID" severity="1..5").
//
// One finding per record: one host x QID x port, as Qualys lists it;
// nothing is skipped. The QID is the rule id. Severity follows the newer
// asset data report (qualys_xml_importer.h): information gathered and
// services are info whatever their level, vulnerabilities and potential
// vulnerabilities map 1-2 -> low, 3 -> medium, 4 -> high, 5 -> critical;
// the level is kept as tool_severity. CVEs come from <CVE_ID_LIST> (and
// the older `cveid` attribute), Bugtraq ids as "BID-<n>" aliases, vendor
// reference URLs and exploit links as references; <DIAGNOSIS> is the
// description (with <CONSEQUENCE> appended as "Impact: ..."), <SOLUTION>
// the solution, <RESULT> the evidence; CVSS_BASE/CVSS_TEMPORAL give a 2.0
// entry and CVSS3_BASE/CVSS3_TEMPORAL a 3.0 one (the vector when Qualys
// writes one, else the stated score alone). The header's DATE is each
// finding's last_seen, and the time of each host's scan (in UTC when DATE
// gives a zone). The report does not say whether the scan logged in to a
// host: credentialed is never set.
//
// Assets: one per <IP> (address, name as fqdn or hostname unless Qualys
// says "No registered hostname", NetBIOS name, OS); services: the port and
// protocol of each category that names one. A host's records are emitted
// at its end; on a broken file the records of the host being read are kept.
//
// Evidence: <VULNS> (confirmed) and <PRACTICES> (potential) differ in
// Qualys's certainty, not in proof on the host: neither is
// kEvidenceConfirmed (see qualys_xml_importer.h). Exploits the record
// lists give kEvidenceExploit.
#ifndef CORE_IMPORTERS_QUALYS_SCAN_IMPORTER_H_
#define CORE_IMPORTERS_QUALYS_SCAN_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffQualysScan(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateQualysScanImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_QUALYS_SCAN_IMPORTER_H_
