// What `exposure coverage` prints, and the report's coverage members:
// the counts and lists of core/score/coverage.h, as JSON (the same bytes on
// every target) or as a text summary for a terminal.
#ifndef CORE_RENDER_COVERAGE_REPORT_H_
#define CORE_RENDER_COVERAGE_REPORT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/json_writer.h"
#include "core/correlate/report_ids.h"
#include "core/correlate/store.h"
#include "core/score/risk.h"

namespace exposure {

// Writes the member "tool": {"name", "version"} every output of the core
// starts with.
void WriteToolMember(JsonWriter* w);

// The formats of the scans (not inventories) that saw `asset`, sorted.
std::vector<std::string> ScannedBy(const Store& store, size_t asset);

// Writes the member "coverage": {"inventory_assets", "scanned_assets",
// "inventory_only", "scanned_only", "unauthenticated", "stale"} of the
// summary (counts; the first, third and fourth null without an inventory).
void WriteCoverageSummary(JsonWriter* w, const Coverage& coverage);

// Writes the member "coverage": {...} (README, "The report"): the lists of
// assets with their reasons, in the report's asset order, and the counts
// by scan class and by scope.
// `ids` and `order` as ReportAssetIds holds them.
void WriteCoverageMember(JsonWriter* w,
                         const Store& store,
                         const Coverage& coverage,
                         const std::vector<std::string>& ids,
                         const std::vector<size_t>& order);

// `exposure coverage --format json`:
//   {"schema": "exposure-lens/coverage/v1", "tool", "summary": {...},
//    "coverage": {...}, "assets": [{"id", "name", "kind", "in_inventory",
//    "scanned_by", "last_scanned", "gaps"}]}
// "assets" lists the assets with gaps, in report order; indented, ending
// in a line break.
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
