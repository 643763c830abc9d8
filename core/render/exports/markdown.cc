// The Markdown export: what a pull-request comment or a chat message
// shows. The summary in a few lines and the top actions; the reader goes
// to the full report for the rest.
#include "core/base/version.h"
#include "core/render/export_view.h"
#include "core/render/exports/text_escape.h"
#include "core/render/plan_report.h"

namespace exposure {

namespace {

// Actions a comment lists: enough to act on, short enough to read.
constexpr size_t kMarkdownActions = 10;

}  // namespace

Status WriteMarkdown(const ExportView& view, ExportOutput* out) {
  const Plan& plan = view.plan();
  const Assessment& assessment = view.assessment();
  std::string md = "## Exposure Lens";
  if (!assessment.as_of.empty())
    md += " — as of " + assessment.as_of;
  md += "\n\n";
  const uint64_t* open = view.open_by_severity();
  md += "**" + GroupThousands(plan.open) + " open findings** (" +
        GroupThousands(open[static_cast<int>(Severity::kCritical)]) +
        " critical, " +
        GroupThousands(open[static_cast<int>(Severity::kHigh)]) + " high, " +
        GroupThousands(open[static_cast<int>(Severity::kMedium)]) +
        " medium, " + GroupThousands(open[static_cast<int>(Severity::kLow)]) +
        " low), " + GroupThousands(view.open_kev()) +
        " on CISA KEV, open risk " + GroupThousands(plan.open_risk) + " on " +
        GroupThousands(view.store().assets().size()) + " assets.\n";
  size_t decided = 0;
  for (size_t d : plan.decided)
    decided += d;
  if (decided > 0 || plan.expired_count > 0) {
    md += "\nDecided: " +
          GroupThousands(
              plan.decided[static_cast<int>(DecisionStatus::kAccepted)]) +
          " accepted, " +
          GroupThousands(
              plan.decided[static_cast<int>(DecisionStatus::kFalsePositive)]) +
          " false positives, " +
          GroupThousands(
              plan.decided[static_cast<int>(DecisionStatus::kNotAffected)]) +
          " not affected, " +
          GroupThousands(
              plan.decided[static_cast<int>(DecisionStatus::kDeferred)]) +
          " deferred";
    if (plan.expired_count > 0) {
      md += "; " + GroupThousands(plan.expired_count) +
            " decisions lapsed (open again)";
    }
    md += ".\n";
  }
  md += "\n### What to fix first\n\n";
  md += RenderPlanMarkdown(view, kMarkdownActions);
  md += "\n<sub>Exposure Lens ";
  md += kVersion;
  md += ", analysed locally: no data left the machine.</sub>\n";
  EXPOSURE_RETURN_IF_ERROR(out->BeginPart(0));
  return out->Write(md);
}

}  // namespace exposure
