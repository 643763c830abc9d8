// OpenVAS / Greenbone (GVM) XML report (root <report>, or the
// <get_reports_response> that wraps it), as exported with the "XML" report
// format.
//
// One finding per <result> of <results>, Log and False Positive ones
// included (False Positive: status "false_positive"). rule_id is the NVT
// OID, the title the NVT name. Severity comes from the result's numeric
// <severity> (after overrides) in the CVSS bands GVM 22 uses: 0 info,
// 0.1-3.9 low, 4-6.9 medium, 7-8.9 high, 9-10 critical; the <threat> text is
// kept as tool_severity. CVEs, BIDs, CERT advisories and URLs come from the
// NVT refs (or the older <cve>/<bid>/<xref> elements), CVSS vectors from
// <severities> or the cvss_base_vector tag, description from the NVT tags
// (summary, insight, impact, affected), solution from <solution> or the
// solution tag, evidence from the result's <description>.
//
// Assets: each result names its host (IP and hostname) and is emitted at
// </result>. The report-level <host> entries, which follow all results, are
// added when they end and merge into the same assets by IP, adding the OS,
// MAC and host name from their <detail> entries.
#ifndef CORE_IMPORTERS_OPENVAS_XML_IMPORTER_H_
#define CORE_IMPORTERS_OPENVAS_XML_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffOpenvasXml(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateOpenvasXmlImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_OPENVAS_XML_IMPORTER_H_
