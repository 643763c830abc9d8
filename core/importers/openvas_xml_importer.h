// OpenVAS / Greenbone (GVM) XML report (root <report>, or the
// <get_reports_response> that wraps it), as exported with the "XML" report
// format.
//
// One finding per <result> of <results>, Log and False Positive ones
// included (False Positive: status "false_positive"). rule_id is the NVT
// OID, the title the NVT name. Severity comes from the result's numeric
// <severity> (after overrides) in Greenbone's bands (GreenboneSeverity
// below); the <threat> text is kept as tool_severity. CVEs, BIDs, CERT
// advisories and URLs come from the NVT refs (or the older <cve>/<bid>/<xref>
// elements), CVSS vectors from <severities> or the cvss_base_vector tag,
// description from the NVT tags (summary, insight, impact, affected), solution
// from <solution> or the solution tag, evidence from the result's
// <description>.
//
// Evidence: a result whose quality of detection (<qod>: its <type>, else
// its <value>; else the NVT's qod_type tag) says the check proved the
// flaw on this host is confirmed (kEvidenceConfirmed, see
// GreenboneConfirmed below). A False Positive result never is.
//
// Assets: each result names its host (IP and hostname) and is emitted at
// </result>. The report-level <host> entries, which follow all results, are
// added when they end and merge into the same assets by IP, adding the OS,
// MAC and host name from their <detail> entries.
//
// Scans: one per host, dated by its report-level <host> entry's <end>
// (else <start>), else by the report's <scan_end> (else <scan_start>), in
// UTC; added when the document ends, since all of them follow the results.
// Credentialed is never set: the report does not say plainly per host
// whether the scan logged in.
#ifndef CORE_IMPORTERS_OPENVAS_XML_IMPORTER_H_
#define CORE_IMPORTERS_OPENVAS_XML_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"
#include "core/model/model.h"

namespace exposure {

bool SniffOpenvasXml(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateOpenvasXmlImporter(ImportSink* sink);

// The severity of a Greenbone / OpenVAS result, the same for every export
// of the tool (XML report, CSV) so that one scan rates alike in each. From
// the result's severity score `score` ("0.0" to "10.0") in the classes
// gvmd gives it (src/manage.c severity_in_level: CVSS 3.x ratings, the only
// ones since gvmd dropped its CVSS3_RATINGS toggle in 2025): 9.0-10.0
// critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low, 0.0 log (info).
// Negative scores are special values (-1 false positive, -3 error): info.
// Without a score, from the class name `level` the export wrote ("High",
// "Log", ...; Greenbone's Log, False Positive, Error and Debug are info).
// Older gvmd versions named 9.0-10.0 "High" too: the score decides.
Severity GreenboneSeverity(std::string_view score, std::string_view level);

// Whether a Greenbone result's quality of detection says the check proved
// the flaw on the host, the same for the XML report and the CSV export:
// QoD type "exploit" (QoD 100: "the detection happened via an exploit and
// is therefore fully verified") or "remote_vul" (99: a remote active check,
// code execution, traversal, SQL injection, whose response clearly shows
// the vulnerability). Every lower type falls short of that: remote_app
// (98) shows the vulnerable application, not the flaw; package and
// registry (97) and the banner and version types (80 and below) compare
// versions; remote_active (95) shows it "likely". Without a type, from the
// number `value`: 99 or more.
bool GreenboneConfirmed(std::string_view type, std::string_view value);

}  // namespace exposure

#endif  // CORE_IMPORTERS_OPENVAS_XML_IMPORTER_H_
