// Rapid7 Nexpose "Simple XML" export (root <NeXposeSimpleXML>): per
// <device>, its address, OS fingerprint, the vulnerabilities found on the
// host and its <service>s, each with its own fingerprint and
// vulnerabilities.
//
// One finding per <vulnerability> of a device or of one of its services,
// whose resultCode is a vulnerable one (VE vulnerable-exploited, VV
// vulnerable-version, VP vulnerable-potential, the statuses the full XML
// importer keeps) or absent; other result codes are checks that did not
// find the vulnerability and are skipped. The export names only the
// vulnerability id (the rule id and title, lower case as in the full XML
// export) and its references (<id type="cve|bid|url|...">): it carries no
// title, description or severity, so findings are severity info with their
// CVEs for the intel bundle to rate. The result code is kept as evidence,
// and VE (Nexpose's asset-specific test was positive, see
// nexpose_importer.h) gives kEvidenceConfirmed.
//
// Assets: one host per <device> (its address as IP, or as host name when
// it is not one; the OS from the most certain device fingerprint);
// services: one per <service> with a port, with the product and version of
// its fingerprint. A device's findings wait for the end of the device, the
// fingerprints of which may follow them.
#ifndef CORE_IMPORTERS_NEXPOSE_SIMPLE_IMPORTER_H_
#define CORE_IMPORTERS_NEXPOSE_SIMPLE_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffNexposeSimple(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateNexposeSimpleImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_NEXPOSE_SIMPLE_IMPORTER_H_
