// Qualys VM XML host-based report (root <ASSET_DATA_REPORT>, the "Scan
// Report" / asset data report of Qualys VM / VMDR).
//
// One finding per <VULN_INFO> of a <HOST>: one host x QID (x port, when
// Qualys reports a QID on several ports), information-gathered (TYPE "Ig")
// records included. Nothing is skipped.
//
// The QID definitions (<VULN_DETAILS> in the <GLOSSARY>: title, severity,
// CVSS, CVEs, Bugtraq ids, threat/impact/solution, exploits) follow the
// hosts, so each VULN_INFO is kept as a small record and resolved when the
// document ends: memory grows with the number of records, not the file.
//
// Severity. Qualys rates every QID 1-5 (Minimal, Medium, Serious, Critical,
// Urgent). Information-gathered records (TYPE Ig) are information, not
// vulnerabilities: severity info whatever their level. Confirmed (Vuln) and
// potential (Practice) vulnerabilities map 1-2 -> low, 3 -> medium,
// 4 -> high, 5 -> critical: a level-1 "Minimal" QID is still a weakness of
// the host, so it is not info. (DefectDojo's default "legacy" mapping maps
// by level only, 1 -> info ... 5 -> critical, whatever the type.) The level
// is kept as tool_severity. VULN_STATUS "Fixed" gives status "fixed".
//
// CVSS: the glossary's CVSS_BASE/CVSS_TEMPORAL ("9.3 (AV:N/...)") become a
// 2.0 vector (temporal metrics appended), CVSS3_BASE/CVSS3_TEMPORAL a 3.0
// vector (Qualys does not state the 3.x minor version).
//
// Assets: one per <HOST> (IP, DNS name as fqdn, NetBIOS name as hostname,
// OS, asset groups as tags); services: one per port a record names.
//
// Evidence: Qualys's "confirmed" vulnerabilities (TYPE Vuln, against
// Practice, its potential ones) are not kEvidenceConfirmed. Qualys calls a
// vulnerability confirmed when its check is conclusive, which for most QIDs
// is a version, patch or configuration comparison (authenticated or from a
// banner), and the export does not say which QIDs were exercised on the
// host. So neither type is proven on the asset; the type stays in the
// record, and the QID's exploits (the glossary's CORRELATION) give
// kEvidenceExploit.
#ifndef CORE_IMPORTERS_QUALYS_XML_IMPORTER_H_
#define CORE_IMPORTERS_QUALYS_XML_IMPORTER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffQualysXml(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateQualysXmlImporter(ImportSink* sink);

// Shared with the legacy scan report and WAS importers.

// The severity of a Qualys level 1..5 (0 when not given) as described
// above; `information` for information-gathered records.
Severity QualysSeverity(uint32_t level, bool information);
// Splits "9.3 (AV:N/AC:M/Au:N/C:C/I:C/A:C)" into score 93 and vector
// "AV:N/AC:M/Au:N/C:C/I:C/A:C"; a bare "9.3" gives the score only. Leaves
// `score` as it is when the text has no score.
void SplitQualysScore(std::string_view s, int* score, std::string* vector);
// The rule of QID `qid` from its glossary entry's title and severity level
// text: titled "QID <n>" without a title, and informational at level 0
// (also a QID whose entry never came: both empty). Records of an
// information-gathered kind keep their own (informational) severity.
Rule QualysRule(const std::string& qid,
                const std::string& title,
                const std::string& severity);

}  // namespace exposure

#endif  // CORE_IMPORTERS_QUALYS_XML_IMPORTER_H_
