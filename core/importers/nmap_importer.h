// Nmap XML output (nmap -oX; root <nmaprun>).
//
// Assets: one per <host> that is not reported down, with its addresses (IPv4
// or IPv6, MAC), hostnames (the user-given or PTR name as fqdn/hostname) and
// best OS match. Services: one per open port, with nmap's service name,
// product and version.
//
// Findings:
// - one informational finding per open port (state "open"; closed, filtered
//   and "open|filtered" ports are not exposures and are skipped), category
//   "information", rule id "open-port";
// - one finding per entry of the `vulners` NSE script on a port (the CVE or
//   exploit id as rule id, its CVSS score as the severity: 0 info, <4 low,
//   <7 medium, <9 high, else critical; `is_exploit` sets kEvidenceExploit,
//   and an exploit entry of type "metasploit" or "canvas" also
//   kEvidenceMetasploit or kEvidenceCanvas). vulners matches the service's
//   product and version against its database: no entry is proven on the
//   host, so none carries kEvidenceConfirmed. Entries of other scripts
//   (the vuln category's "State: VULNERABLE" tables included) are not
//   findings.
// A host's findings wait for </host>: the OS match follows the ports.
//
// Scans: one per asset, dated by the host's `endtime` (else `starttime`),
// else by the run's <finished time> (else <nmaprun start>), all Unix
// seconds written as ISO 8601 UTC; a file with none of them leaves the scan
// undated. Nmap does not log in, so credentialed is never set.
#ifndef CORE_IMPORTERS_NMAP_IMPORTER_H_
#define CORE_IMPORTERS_NMAP_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffNmap(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateNmapImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_NMAP_IMPORTER_H_
