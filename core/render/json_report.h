// The JSON report: the stable, documented output of `exposure analyze`, the
// wasm API and the edge worker. Same Store, same bytes, on every target.
//
// Layout (keys always in this order; optional members omitted when empty):
//   {"schema", "tool", "inputs": [...], "summary": {...},
//    "assets": [...], "findings": [...]}
#ifndef CORE_RENDER_JSON_REPORT_H_
#define CORE_RENDER_JSON_REPORT_H_

#include <functional>
#include <string>
#include <string_view>

#include "core/correlate/store.h"
#include "core/score/risk.h"

namespace exposure {

// Receives the report in order, in pieces (about 1 MiB each).
using ReportSink = std::function<void(std::string_view)>;

// The whole report, ending with a newline. `assessment` holds the
// prioritization of the store's findings and assets (see core/score/risk.h).
std::string RenderJsonReport(const Store& store, const Assessment& assessment);
// The same bytes, streamed to `sink`. An error means findings spilled to
// the store's spill space could not be read back: the report then lacks
// them (it is still well-formed JSON) and must not be used as complete.
Status RenderJsonReport(const Store& store,
                        const Assessment& assessment,
                        const ReportSink& sink);
// One input's record as it appears in the report's `inputs` list (compact,
// no trailing newline).
std::string RenderInputJson(const Store& store, size_t input);

}  // namespace exposure

#endif  // CORE_RENDER_JSON_REPORT_H_
