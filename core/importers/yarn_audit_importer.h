// yarn audit JSON lines:
//
// - yarn 1 (`yarn audit --json`): one `auditAdvisory` line per advisory ×
//   dependency path (`data.resolution.path`), plus `auditSummary`, `info`
//   and `warning` lines that are not findings. One finding per
//   `auditAdvisory` line.
// - yarn 2+ (`yarn npm audit --json`): one line per vulnerable package
//   (`{"value": name, "children": {...}}`). One finding per line.
//
// An `error` line (the audit could not run) rejects the input. The
// single-document npm 6 layout that `yarn npm audit` can also print is read
// by the npm_audit_v6 importer. No project is named, so findings have no
// asset.
#ifndef CORE_IMPORTERS_YARN_AUDIT_IMPORTER_H_
#define CORE_IMPORTERS_YARN_AUDIT_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffYarnAudit(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateYarnAuditImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_YARN_AUDIT_IMPORTER_H_
