// GitLab security report JSON (`gl-sast-report.json`,
// `gl-dependency-scanning-report.json`,
// `gl-container-scanning-report.json`, schema 2.x to 15.x): SAST,
// dependency scanning and container scanning, told apart by `scan.type` /
// `dependency_files` / records located in an image.
//
// One finding per entry of `vulnerabilities[]`. Identifiers of type `cve`,
// `cwe` and advisories (GHSA, ...) are mapped; the dependency of a
// dependency-scanning record is the component. Container scanning (GitLab's
// analyzer, Trivy's contrib/gitlab.tpl) records are vulnerabilities of the
// package (`location.dependency`) installed in the scanned image
// (`location.image`, with `location.operating_system`), which is the asset;
// their tool is the record's scanner, else the report's `scan` scanner when
// it comes first.
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
bool SniffGitlabContainerScanning(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateGitlabContainerScanningImporter(
    ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_GITLAB_IMPORTER_H_
