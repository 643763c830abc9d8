// OWASP Dependency-Check XML reports (`dependency-check --format XML`,
// schema 1.x and 2.x).
//
// One finding per `vulnerability` of each `dependency` (a file × one
// vulnerability), and one per `suppressedVulnerability` with status
// "suppressed". Related dependencies (the same library found again) are not
// findings of their own. The project (`projectInfo/name`) is the asset; the
// dependency's file path is the location. The component is the installed
// package: the purl of schema 2.x, the Maven identifier of schema 1.x, else
// the file name; a CPE identifier names NVD's product, never the package.
#ifndef CORE_IMPORTERS_DEPENDENCY_CHECK_IMPORTER_H_
#define CORE_IMPORTERS_DEPENDENCY_CHECK_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffDependencyCheck(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateDependencyCheckImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_DEPENDENCY_CHECK_IMPORTER_H_
