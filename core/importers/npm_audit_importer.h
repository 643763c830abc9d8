// npm audit JSON reports, in both layouts:
//
// - npm 6 (`npm audit --json`, format id npm_audit_v6): `advisories` keyed
//   by advisory id, plus `actions`. One finding per advisory: an advisory is
//   about one module, and its `findings` (installed versions and dependency
//   paths) become the component's installed versions and the evidence.
// - npm 7 and later (`auditReportVersion: 2`, format id npm_audit_v7):
//   `vulnerabilities` keyed by package. One finding per package × advisory
//   in its `via`; a package that is vulnerable only through its dependencies
//   (`via` names other packages) is one finding of its own.
//
// A report that holds an `error` member (e.g. ENOAUDIT) is rejected. Neither
// layout names the audited project, so findings have no asset.
#ifndef CORE_IMPORTERS_NPM_AUDIT_IMPORTER_H_
#define CORE_IMPORTERS_NPM_AUDIT_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/import/json/json_value.h"

#include "core/importers/importer.h"

namespace exposure {

bool SniffNpmAuditV6(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateNpmAuditV6Importer(ImportSink* sink);
bool SniffNpmAuditV7(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateNpmAuditV7Importer(ImportSink* sink);

// Maps one npm registry advisory (the objects of npm 6 `advisories`, also
// used by `yarn audit`) into a finding: ids, severity, CWEs, CVSS, texts and
// the module. `tool` names the tool that wrote it.
Finding NpmAdvisoryFinding(const JsonValue& advisory,
                           const char* tool,
                           ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_NPM_AUDIT_IMPORTER_H_
