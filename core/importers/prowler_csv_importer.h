// Prowler CSV output: v2 ("PROFILE,ACCOUNT_NUM,REGION,TITLE_ID,CHECK_RESULT,
// ...", comma-separated) and v3/v4/v5 (semicolon-separated, "...;CHECK_ID;
// CHECK_TITLE;...;STATUS;STATUS_EXTENDED;...;RESOURCE_UID;...").
#ifndef CORE_IMPORTERS_PROWLER_CSV_IMPORTER_H_
#define CORE_IMPORTERS_PROWLER_CSV_IMPORTER_H_

#include <memory>
#include <string>
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffProwlerCsv(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateProwlerCsvImporter(ImportSink* sink);

// The asset a cloud check result is about: the resource when its id is known,
// else the account. Shared by the Prowler CSV and JSON importers.
Asset CloudResourceAsset(const std::string& provider,
                         const std::string& account,
                         const std::string& region,
                         const std::string& resource_id,
                         const std::string& resource_name,
                         const std::string& resource_type);

// Prowler status words: true for results that are not exposures (PASS,
// MANUAL, INFO, ...): only FAIL (and legacy WARNING) results are findings.
bool ProwlerStatusIsFinding(std::string_view status);

}  // namespace exposure

#endif  // CORE_IMPORTERS_PROWLER_CSV_IMPORTER_H_
