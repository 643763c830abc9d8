// What `exposure plan` prints: the top actions of the remediation plan with
// the share of open risk they remove, as JSON, CSV, Markdown or a table for
// a terminal; and the action object the report and the plan share.
#ifndef CORE_RENDER_PLAN_REPORT_H_
#define CORE_RENDER_PLAN_REPORT_H_

#include <cstddef>
#include <string>
#include <vector>

#include "core/base/json_writer.h"
#include "core/correlate/report_ids.h"
#include "core/plan/plan.h"
#include "core/render/export_view.h"

namespace exposure {

// One action as the report's "actions" list writes it: id, kind, title,
// target, severity, decision, kev, risk_removed, cumulative_pct, due,
// owner, findings (ids), assets (ids).
void WriteActionJson(JsonWriter* w,
                     const Action& a,
                     const FindingIds& ids,
                     const std::vector<std::string>& asset_ids);

// How many actions are shown, and what they remove.
struct PlanShare {
  size_t shown = 0;
  uint64_t risk = 0;  // removed by the shown actions
  int tenths = 0;     // of all open risk, 0-1000
};
PlanShare ShareOfTop(const Plan& plan, size_t top);

// "The first 10 actions remove 63.2 % of open risk (5,600 of 8,849)." and
// the like (no line break).
std::string PlanHeadline(const Plan& plan, size_t top);

// {"schema": "exposure-lens/plan/v1", "tool", "summary": {open, open_risk,
// actions, without_action, decided, shown, shown_risk_removed,
// shown_pct}, "actions": [the first `top`]}, indented, ending in a line
// break.
std::string RenderPlanJson(const ExportView& view, size_t top);
// A header row and one row per shown action: rank, id, kind, title,
// component, ecosystem, from, to, fix, rule, solution, severity, decision,
// kev, risk_removed, cumulative_pct, due, owner, findings, assets (counts).
std::string RenderPlanCsv(const ExportView& view, size_t top);
// The headline and a table (rank, action, risk removed, cumulative share,
// KEV, due, owner) for a pull-request comment.
std::string RenderPlanMarkdown(const ExportView& view, size_t top);
// The headline and an aligned table for a terminal.
std::string RenderPlanText(const ExportView& view, size_t top);

// Actions the short forms (text, markdown) show unless told otherwise.
constexpr size_t kPlanShortActions = 20;
// The plan as `exposure plan --format FORMAT --top TOP` prints it: FORMAT
// "text", "json", "csv" or "markdown"; TOP 0 means the default (20 actions
// for text and markdown, all of them for json and csv). An error names an
// unknown format.
Result<std::string> RenderPlan(const ExportView& view,
                               std::string_view format,
                               size_t top);

// "12,345".
std::string GroupThousands(uint64_t v);
// 632 -> "63.2", -30 -> "-3.0": every figure the outputs give in tenths.
std::string Tenths(int64_t tenths);

}  // namespace exposure

#endif  // CORE_RENDER_PLAN_REPORT_H_
