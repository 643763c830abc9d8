// Rapid7 Nexpose / InsightVM XML export (root <NexposeReport>, version 2.0
// and the older 1.0 layout).
//
// One finding per <test> result whose status starts with "vulnerable"
// (vulnerable-exploited, vulnerable-version, vulnerable-potential), on a node
// or on one of its endpoints' services. Tests with other statuses
// (not-vulnerable, error, skipped-*, unknown) are checks that passed or did
// not run, not findings, and are skipped. The same test reported twice on a
// node (e.g. once per user account) gives two findings.
//
// The vulnerability definitions (title, severity, CVSS, references,
// description, solution, exploits) follow the nodes in the file, so each
// test result is kept as a small record and resolved when the document ends:
// memory grows with the number of test results, not with the file. A test
// whose definition is missing keeps its test id as title and severity info.
//
// Evidence: a test result "vulnerable-exploited" (VE) means Nexpose's
// asset-specific test was positive: it exercised the flaw on this asset
// and got the vulnerable behaviour, rather than matching a version. So the
// finding carries kEvidenceConfirmed; "vulnerable-version" (VV, a version
// match) and "vulnerable-potential" (VP) carry none. A definition's <exploits>
// give its rule kEvidenceExploit (an exploit of type "metasploit" also
// kEvidenceMetasploit) and its <malware> names kEvidenceExploit and
// kEvidenceMalware.
//
// Severity: the definition's 0-10 severity in CVSS-like bands (0 info, 1-3
// low, 4-6 medium, 7-8 high, 9-10 critical); the number is kept as
// tool_severity.
//
// Assets: one per <node> (address, hardware address as MAC, first name as
// fqdn or hostname, best OS fingerprint); services: one per endpoint, with the
// service name and its fingerprinted product and version.
//
// Scans: one per node, dated by the latest end (else start) of the <scan>s
// its tests name by scan-id, or, when they name none (the 1.0 layout), of
// the report's only scan; with several scans and no scan-id the node's scan
// is not dated. Nexpose writes no time zone, so the time is kept as written
// ("2021-02-11T16:47:05"). The export says nothing per node of whether the
// scan logged in, so credentialed is never set.
#ifndef CORE_IMPORTERS_NEXPOSE_IMPORTER_H_
#define CORE_IMPORTERS_NEXPOSE_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffNexpose(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateNexposeImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_NEXPOSE_IMPORTER_H_
