// AWS Security Finding Format (ASFF): Security Hub exports, GuardDuty,
// Inspector, Config and Prowler findings as {"Findings": [...]},
// {"findings": [...]} or a bare array of findings.
#ifndef CORE_IMPORTERS_ASFF_IMPORTER_H_
#define CORE_IMPORTERS_ASFF_IMPORTER_H_

#include <memory>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffAsff(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateAsffImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_ASFF_IMPORTER_H_
