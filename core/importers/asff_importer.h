// AWS Security Finding Format (ASFF): Security Hub exports, GuardDuty,
// Inspector, Config and Prowler findings as {"Findings": [...]},
// {"findings": [...]}, a bare array of findings, one finding object alone,
// or JSON lines of finding objects (Prowler 2's -M json-asff).
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
