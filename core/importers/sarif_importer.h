// SARIF 2.1.0 logs from any producer (CodeQL, Semgrep, gitleaks, Snyk Code,
// Grype, SpotBugs, ...).
//
// One finding per location of each `runs[].results[]` entry (a result with
// no location gives one finding). Results of kind `pass` and `notApplicable`
// are not findings (the rule was checked and found nothing) and are skipped.
// Suppressed results (a suppression that is accepted or has no status;
// `underReview` and `rejected` ones are not in effect) are kept with status
// `suppressed` (`false_positive` for a Snyk Code ignore of category
// "not-vulnerable") and the suppression's justification in the evidence;
// results whose `baselineState` is `absent` get status `fixed`.
//
// Snyk Code (`snyk code test --sarif`/`--json`, tool "SnykCode"): rule
// `properties.cwe` arrays give the CWEs and `level` (error, warning, note)
// the severity (high, medium, low). Its `priorityScore` and the results'
// `fingerprints` are not mapped: the model has no field for them (finding
// ids are Exposure Lens' own stable hashes).
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
#include <string_view>

#include "core/importers/importer.h"

namespace exposure {

bool SniffSarif(std::string_view head, bool complete);
std::unique_ptr<Importer> CreateSarifImporter(ImportSink* sink);

}  // namespace exposure

#endif  // CORE_IMPORTERS_SARIF_IMPORTER_H_
