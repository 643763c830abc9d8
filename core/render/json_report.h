// The JSON report: the stable, documented output of `exposure analyze`, the
// wasm API and the edge worker. Same Store, same bytes, on every target.
//
// Layout (keys always in this order; optional members omitted when empty):
//   {"schema", "tool", "inputs": [...], "summary": {...},
//    "assets": [...], "findings": [...]}
#ifndef CORE_RENDER_JSON_REPORT_H_
#define CORE_RENDER_JSON_REPORT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/correlate/store.h"
#include "core/score/risk.h"

namespace exposure {

// Receives the report in order, in pieces (about 1 MiB each).
using ReportSink = std::function<void(std::string_view)>;

// How much of the report is written.
enum class ReportDetail : uint8_t {
  // Everything, indented: the documented report.
  kFull,
  // What a findings table shows, without whitespace: "detail": "table"
  // after "schema"; inputs and summary as in the full report; assets with
  // id, name, kind, risk, findings and max_severity; no rules; priorities
  // with id and risk (score and factors); findings with id, asset, source
  // (format, input), rule_id, title, severity, kev, epss, epss_percentile,
  // risk, decision, due, priority, cves, component (name, installed, fixed,
  // path), port, protocol, service and location. Every member present has
  // the full report's value, in the same order. A dashboard parses a
  // fraction of the full report (a Nessus export's plugin output alone is
  // most of it) and offers the full one for download.
  kTable,
};

// The whole report, ending with a newline. `assessment` holds the
// prioritization of the store's findings and assets (see core/score/risk.h).
std::string RenderJsonReport(const Store& store, const Assessment& assessment);
// The same bytes, streamed to `sink`. An error means findings spilled to
// the store's spill space could not be read back: the report then lacks
// them (it is still well-formed JSON) and must not be used as complete.
Status RenderJsonReport(const Store& store,
                        const Assessment& assessment,
                        const ReportSink& sink,
                        ReportDetail detail = ReportDetail::kFull);
// One input's record as it appears in the report's `inputs` list (compact,
// no trailing newline).
std::string RenderInputJson(const Store& store, size_t input);

}  // namespace exposure

#endif  // CORE_RENDER_JSON_REPORT_H_
