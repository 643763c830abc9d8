// Trivy JSON reports: schema 2 (`trivy image|fs|repo -f json`), the legacy
// top-level array, and Kubernetes reports (`trivy k8s`, both the
// `Resources` and the `Vulnerabilities`/`Misconfigurations` layouts).
//
// One finding per entry of `Vulnerabilities`, failed `Misconfigurations`,
// `Secrets` and `Licenses` of each Result. The scanned artifact (image,
// repository, Kubernetes workload) is the asset. Its scan is dated by the
// report's `CreatedAt` (in UTC), when the report has one; Trivy logs in
// nowhere, so the scan says nothing of credentials. An artifact with no
// findings is not an asset, so it gets no scan either.
#ifndef CORE_IMPORTERS_TRIVY_IMPORTER_H_
#define CORE_IMPORTERS_TRIVY_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffTrivy(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateTrivyImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_TRIVY_IMPORTER_H_
