// CycloneDX XML BOMs with vulnerabilities: spec 1.4 and later (a top-level
// <vulnerabilities> whose <affects> refer to components) and the older
// vulnerability extension 1.0 (<v:vulnerabilities> inside a <component>, or
// at the top with a `ref` attribute), as Grype and Dependency-Track wrote it.
//
// One finding per vulnerability × affected component; VEX analysis states
// are kept as the status. The asset is the metadata component (a container
// image, or the application), else the BOM's serial number. A BOM without
// vulnerabilities has no findings.
#ifndef CORE_IMPORTERS_CYCLONEDX_XML_IMPORTER_H_
#define CORE_IMPORTERS_CYCLONEDX_XML_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffCycloneDxXml(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateCycloneDxXmlImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_CYCLONEDX_XML_IMPORTER_H_
