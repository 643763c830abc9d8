// What `exposure coverage` prints, and the report's "coverage" object:
// the counts of core/score/coverage.h and the assets whose coverage falls
// short, as JSON (the same bytes on every target) or as a text summary for
// a terminal.
#ifndef CORE_RENDER_COVERAGE_REPORT_H_
#define CORE_RENDER_COVERAGE_REPORT_H_

#include <cstddef>
#include <string>
#include <vector>

#include "core/correlate/store.h"
#include "core/render/json_writer.h"
#include "core/score/risk.h"

namespace exposure {

// The report's asset id ("a-" and 16 hex digits), from the asset's
// primary identity key: the same asset keeps its id across runs.
std::string AssetReportId(const Store& store, size_t asset);

// The formats of the scans (not inventories) that saw `asset`, sorted.
std::vector<std::string> ScannedBy(const Store& store, size_t asset);

// Writes the member "coverage": {...} (README, "The report").
void WriteCoverageMember(JsonWriter* w, const Coverage& coverage);

// `exposure coverage --format json`:
//   {"schema": "exposure-lens/coverage/v1", "tool", "coverage": {...},
//    "assets": [{"id", "name", "kind", "in_inventory", "scanned_by",
//                "last_scanned", "gaps"}]}
// listing the assets with gaps, by name then id, indented, ending in a
// line break.
std::string RenderCoverageJson(const Store& store,
                               const Assessment& assessment);

// A summary for a terminal: the counts, each scan class's share of the
// assets that call for it, the scopes, then the first `max_assets`
// assets with gaps (and how many more there are).
std::string RenderCoverageText(const Store& store,
                               const Assessment& assessment,
                               size_t max_assets);

}  // namespace exposure

#endif  // CORE_RENDER_COVERAGE_REPORT_H_
