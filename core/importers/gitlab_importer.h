// GitLab security report JSON (`gl-sast-report.json`,
// `gl-dependency-scanning-report.json`, schema 2.x to 15.x): SAST and
// dependency scanning, told apart by `scan.type` / `dependency_files`.
//
// One finding per entry of `vulnerabilities[]`. Identifiers of type `cve`,
// `cwe` and advisories (GHSA, ...) are mapped; the dependency of a
// dependency-scanning record is the component.
#ifndef CORE_IMPORTERS_GITLAB_IMPORTER_H_
#define CORE_IMPORTERS_GITLAB_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffGitlabSast(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateGitlabSastImporter(ImportSink* sink);
bool SniffGitlabDependencyScanning(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateGitlabDependencyScanningImporter(
    ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_GITLAB_IMPORTER_H_
