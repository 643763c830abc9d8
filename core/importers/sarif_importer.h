// SARIF 2.1.0 logs from any producer (CodeQL, Semgrep, gitleaks, Snyk Code,
// Grype, SpotBugs, ...).
//
// One finding per location of each `runs[].results[]` entry (a result with
// no location gives one finding). Results of kind `pass` and `notApplicable`
// are not findings (the rule was checked and found nothing) and are skipped.
// Suppressed results (a suppression that is not `rejected`) are kept with
// status `suppressed`, results whose `baselineState` is `absent` with status
// `fixed`.
//
// Rule metadata (`tool.driver.rules[]`, `tool.extensions[].rules[]`) is found
// by `ruleIndex`/`rule.index`/`ruleId`, whether the rules come before or
// after the results. The asset is the repository of
// `versionControlProvenance`, else an artifact named after the tool; a run's
// findings wait for the end of the run because those members may follow the
// results.
#ifndef CORE_IMPORTERS_SARIF_IMPORTER_H_
#define CORE_IMPORTERS_SARIF_IMPORTER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/importers/importer.h"

namespace exposure {

bool SniffSarif(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateSarifImporter(ImportSink sink);

// Helpers shared by the code and web scanner importers.

// Adds every CWE id named in `text` ("CWE-79: ...", "external/cwe/cwe-079",
// "cwe_89") to `out` as "CWE-<n>" (leading zeros dropped).
void AddCwesFromText(std::string_view text, std::vector<std::string>* out);
// Adds a bare CWE number or an id as above ("79", "CWE-79") to `out`.
void AddCwe(std::string_view id, std::vector<std::string>* out);
// Adds every "CVE-YYYY-NNNN" found in `text` to `out` (upper case).
void AddCvesFromText(std::string_view text, std::vector<std::string>* out);
// Severity from a CVSS-like score: >= 9 critical, >= 7 high, >= 4 medium,
// > 0 low, else info. False if `text` is not a number.
bool SeverityFromScore(std::string_view text, Severity* out);
// `text` cut to at most `max` bytes (on a UTF-8 boundary) with a marker.
std::string Bounded(std::string_view text, size_t max);

}  // namespace exposure

#endif  // CORE_IMPORTERS_SARIF_IMPORTER_H_
