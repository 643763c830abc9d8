// The JSON report: the stable, documented output of `exposure analyze`, the
// wasm API and the edge worker. Same Store, same bytes, on every target.
//
// Layout (keys always in this order; optional members omitted when empty):
//   {"schema", "tool", "inputs": [...], "summary": {...}, "coverage",
//    "vex" (only when some input has VEX statements: core/plan/vex.h),
//    "assets": [...], "rules", "priorities", "findings": [...],
//    "exposures": [...], "actions": [...]}
// A finding a VEX statement decides has "vex" after "triage" and
// "decision_expired".
#ifndef CORE_RENDER_JSON_REPORT_H_
#define CORE_RENDER_JSON_REPORT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/task_runner.h"
#include "core/correlate/store.h"
#include "core/paths/path_search.h"
#include "core/plan/plan.h"
#include "core/score/risk.h"

namespace exposure {

// Receives the report in order, in pieces (about 1 MiB each).
using ReportSink = std::function<void(std::string_view)>;

// How much of the report is written.
enum class ReportDetail : uint8_t {
  // Everything: the documented report.
  kFull,
  // What a findings table shows, without whitespace but for a line break
  // before each element of inputs, assets, priorities and findings and
  // before each of those lists' closing bracket (JsonWriter::Style::kLines:
  // a reader can take one element per line): "detail": "table"
  // after "schema"; inputs, summary and coverage as in the full report;
  // assets with id, name, kind, identity, in_inventory, scanned_by,
  // last_scanned, gaps, owner, business_unit, environment, site, criticality,
  // exposure,
  // risk, findings and max_severity; no rules; priorities
  // with id and risk (score and factors); findings with id, asset, source
  // (format, input), rule_id, title, severity, kev, epss, epss_percentile,
  // risk, attack_path, decision, due, priority, cves, component (name,
  // installed, fixed, path), port, protocol, service and location; the attack
  // path members (graph, paths, choke_points, fix_set) as in the full
  // report. Every member present has
  // the full report's value, in the same order. A dashboard parses a
  // fraction of the full report (a Nessus export's plugin output alone is
  // most of it) and offers the full one for download.
  kTable,
};

// How the report's bytes are laid out; the values are the same.
enum class ReportLayout : uint8_t {
  // Without whitespace but for a line break before each element of the
  // root object's arrays (inputs, assets, rules, priorities, findings, ...)
  // and before each such array's closing bracket (JsonWriter::Style::kLines):
  // what `exposure analyze` prints. Indentation was 28-31 % of a large
  // report's bytes, and a reader can still take one element per line.
  kLines,
  // Indented by two spaces, a member per line (`--pretty`).
  kIndented,
};

// The detail named `text` ("full" or "table", as the CLI and the wasm API
// spell them) into `*detail`; false for any other text.
bool ParseReportDetail(std::string_view text, ReportDetail* detail);

// The report rendered on demand, a piece at a time: what a host pulls from
// when it streams a response or a download, holding about one piece of the
// report in memory whatever its size. The pieces, concatenated, are the
// bytes of RenderJsonReport. `store` and `assessment` must outlive the
// stream and stay unchanged while it is read.
class ReportStream {
 public:
  // Pieces are about this size (a piece ends after a whole element: an
  // asset, a rule, a priority or a finding).
  static constexpr size_t kPieceBytes = size_t{1} << 20;

  // `plan` (null: one without decisions is made) must outlive the stream,
  // and so must `paths` (null: the report has no attack paths) and
  // `runner` (null: one thread), whose threads render long lists (rules,
  // priorities) in batches: the same bytes as one thread.
  ReportStream(const Store& store,
               const Assessment& assessment,
               ReportDetail detail = ReportDetail::kFull,
               const Plan* plan = nullptr,
               const PathReport* paths = nullptr,
               ReportLayout layout = ReportLayout::kLines,
               const TaskRunner* runner = nullptr);
  ~ReportStream();
  ReportStream(const ReportStream&) = delete;
  ReportStream& operator=(const ReportStream&) = delete;

  // The next piece (never empty), valid until the next call; an empty view
  // once the report has ended.
  std::string_view Next();
  // Once Next() has returned the empty view: an error when findings spilled
  // to the store's spill space could not be read back (the report, still
  // well-formed JSON, then lacks them and must not be used as complete).
  Status status() const;

 private:
  enum class Section : uint8_t;
  struct State;
  // Writes the next element (or a section's start or end).
  void Step();
  // Writes the next batch of the current section's elements with the
  // runner's threads, when the section is one they render (else false).
  bool StepBatch();
  void WriteHead();
  void StartPriorities();
  // Opens the report's list `key`, whose elements `section` writes.
  void OpenSection(const char* key, Section section);
  std::unique_ptr<State> s_;
};

// The whole report, ending with a newline. `assessment` holds the
// prioritization of the store's findings and assets (see core/score/risk.h).
std::string RenderJsonReport(const Store& store,
                             const Assessment& assessment,
                             ReportLayout layout = ReportLayout::kLines);
// The same bytes, streamed to `sink`. An error means findings spilled to
// the store's spill space could not be read back: the report then lacks
// them (it is still well-formed JSON) and must not be used as complete.
Status RenderJsonReport(const Store& store,
                        const Assessment& assessment,
                        const ReportSink& sink,
                        ReportDetail detail = ReportDetail::kFull,
                        const Plan* plan = nullptr,
                        const PathReport* paths = nullptr,
                        ReportLayout layout = ReportLayout::kLines,
                        const TaskRunner* runner = nullptr);
// One input's record as it appears in the report's `inputs` list (compact,
// no trailing newline).
std::string RenderInputJson(const Store& store, size_t input);

}  // namespace exposure

#endif  // CORE_RENDER_JSON_REPORT_H_
