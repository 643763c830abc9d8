#include "core/render/plan_report.h"

#include <algorithm>

#include "core/render/coverage_report.h"
#include "core/render/exports/text_escape.h"

namespace exposure {

namespace {

constexpr const char* kPlanSchema = "exposure-lens/plan/v1";

// `text` cut to at most `width` code points ("…" ends a cut one), padded
// with spaces to `width` when `pad`.
std::string Column(std::string_view text, size_t width, bool pad) {
  std::string out;
  size_t points = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t n = 1;
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0xF0) {
      n = 4;
    } else if (c >= 0xE0) {
      n = 3;
    } else if (c >= 0xC0) {
      n = 2;
    }
    if (points + 1 == width && i + n < text.size()) {
      out += "…";
      ++points;
      break;
    }
    out.append(text.substr(i, std::min(n, text.size() - i)));
    i += n;
    ++points;
    if (points == width)
      break;
  }
  if (pad) {
    while (points++ < width)
      out += ' ';
  }
  return out;
}

std::string RightAlign(const std::string& text, size_t width) {
  return text.size() >= width ? text
                              : std::string(width - text.size(), ' ') + text;
}

}  // namespace

void WriteActionJson(JsonWriter* w,
                     const Action& a,
                     const FindingIds& ids,
                     const std::vector<std::string>& asset_ids) {
  w->BeginObject();
  w->Key("id");
  w->String(a.id);
  w->Key("kind");
  w->String(ActionKindName(a.kind));
  w->Key("title");
  w->String(a.title);
  w->Key("target");
  w->BeginObject();
  const ActionTarget& t = a.target;
  w->OptionalString("component", t.component);
  w->OptionalString("ecosystem", t.ecosystem);
  w->OptionalString("from", t.from);
  w->OptionalString("to", t.to);
  w->OptionalString("fix", t.fix);
  w->OptionalString("rule", t.rule);
  w->OptionalString("solution", t.solution);
  w->EndObject();
  w->Key("severity");
  w->String(SeverityName(a.severity));
  w->Key("decision");
  w->String(Name(a.priority));
  w->Key("kev");
  w->Uint(a.kev);
  w->Key("risk_removed");
  w->Uint(a.risk_removed);
  w->Key("cumulative_pct");
  w->Decimal(a.cumulative_tenths, 1);
  w->StringOrNull("due", a.due);
  w->OptionalString("owner", a.owner);
  w->Key("findings");
  w->BeginArray();
  for (uint32_t f : a.findings)
    w->String(ids.Id(f));
  w->EndArray();
  w->Key("assets");
  w->BeginArray();
  for (uint32_t asset : a.assets)
    w->String(asset_ids[asset]);
  w->EndArray();
  w->EndObject();
}

std::string GroupThousands(uint64_t v) {
  std::string digits = std::to_string(v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return out;
}

std::string Tenths(int64_t tenths) {
  const uint64_t v = tenths < 0 ? 0 - static_cast<uint64_t>(tenths)
                                : static_cast<uint64_t>(tenths);
  return (tenths < 0 ? "-" : "") + std::to_string(v / 10) + "." +
         std::to_string(v % 10);
}

PlanShare ShareOfTop(const Plan& plan, size_t top) {
  PlanShare s;
  s.shown = std::min(top, plan.actions.size());
  for (size_t i = 0; i < s.shown; ++i)
    s.risk += plan.actions[i].risk_removed;
  s.tenths = s.shown == 0 ? 0 : plan.actions[s.shown - 1].cumulative_tenths;
  return s;
}

std::string PlanHeadline(const Plan& plan, size_t top) {
  if (plan.actions.empty()) {
    return plan.open == 0 ? "Nothing is open: no action is needed."
                          : "No open finding names a fix: " +
                                GroupThousands(plan.without_action) +
                                " open findings need one found.";
  }
  const PlanShare s = ShareOfTop(plan, top);
  std::string text =
      s.shown == plan.actions.size()
          ? (s.shown == 1
                 ? std::string("The one action removes ")
                 : "All " + GroupThousands(s.shown) + " actions remove ")
          : "The first " + GroupThousands(s.shown) + " of " +
                GroupThousands(plan.actions.size()) + " actions remove ";
  text += Tenths(s.tenths) + " % of open risk (" + GroupThousands(s.risk) +
          " of " + GroupThousands(plan.open_risk) + ").";
  if (plan.without_action > 0) {
    text += " " + GroupThousands(plan.without_action) + " open finding" +
            (plan.without_action == 1 ? " names" : "s name") + " no fix.";
  }
  return text;
}

std::string RenderPlanJson(const ExportView& view, size_t top) {
  const Plan& plan = view.plan();
  std::string out;
  {
    JsonWriter w(&out);
    w.BeginObject();
    w.Key("schema");
    w.String(kPlanSchema);
    WriteToolMember(&w);
    w.Key("as_of");
    if (view.assessment().as_of.empty()) {
      w.Null();
    } else {
      w.String(view.assessment().as_of);
    }
    const PlanShare s = ShareOfTop(plan, top);
    w.Key("summary");
    w.BeginObject();
    w.Key("open");
    w.Uint(plan.open);
    w.Key("open_risk");
    w.Uint(plan.open_risk);
    w.Key("actions");
    w.Uint(plan.actions.size());
    w.Key("without_action");
    w.Uint(plan.without_action);
    w.Key("decided");
    w.BeginObject();
    for (int d = 0; d < kDecisionStatusCount; ++d) {
      w.Key(DecisionStatusName(static_cast<DecisionStatus>(d)));
      w.Uint(plan.decided[d]);
    }
    w.EndObject();
    w.Key("shown");
    w.Uint(s.shown);
    w.Key("shown_risk_removed");
    w.Uint(s.risk);
    w.Key("shown_pct");
    w.Decimal(s.tenths, 1);
    w.Key("headline");
    w.String(PlanHeadline(plan, top));
    w.EndObject();
    std::vector<std::string> asset_ids(view.store().assets().size());
    for (size_t a = 0; a < asset_ids.size(); ++a)
      asset_ids[a] = view.asset_id(a);
    w.Key("actions");
    w.BeginArray();
    for (size_t i = 0; i < s.shown; ++i)
      WriteActionJson(&w, plan.actions[i], plan.ids, asset_ids);
    w.EndArray();
    w.EndObject();
  }
  out += '\n';
  return out;
}

std::string RenderPlanCsv(const ExportView& view, size_t top) {
  const Plan& plan = view.plan();
  std::string out;
  AppendCsvRow(&out, "rank", "id", "kind", "title", "component", "ecosystem",
               "from", "to", "fix", "rule", "solution", "severity", "decision",
               "kev", "risk_removed", "cumulative_pct", "due", "owner",
               "findings", "assets");
  const size_t n = std::min(top, plan.actions.size());
  for (size_t i = 0; i < n; ++i) {
    const Action& a = plan.actions[i];
    const ActionTarget& t = a.target;
    AppendCsvRow(&out, std::to_string(i + 1), a.id, ActionKindName(a.kind),
                 a.title, t.component, t.ecosystem, t.from, t.to, t.fix, t.rule,
                 t.solution, SeverityName(a.severity), Name(a.priority),
                 std::to_string(a.kev), std::to_string(a.risk_removed),
                 Tenths(a.cumulative_tenths), a.due, a.owner,
                 std::to_string(a.findings.size()),
                 std::to_string(a.assets.size()));
  }
  return out;
}

std::string RenderPlanMarkdown(const ExportView& view, size_t top) {
  const Plan& plan = view.plan();
  std::string out = PlanHeadline(plan, top);
  out += "\n";
  const size_t n = std::min(top, plan.actions.size());
  if (n == 0)
    return out;
  out +=
      "\n| # | Action | Risk removed | Cumulative | KEV | Due | Owner |\n"
      "|--:|---|--:|--:|--:|---|---|\n";
  for (size_t i = 0; i < n; ++i) {
    const Action& a = plan.actions[i];
    out += "| " + std::to_string(i + 1) + " | ";
    AppendMarkdown(a.title, &out);
    out += " | " + GroupThousands(a.risk_removed) + " | " +
           Tenths(a.cumulative_tenths) + " % | " + std::to_string(a.kev) +
           " | " + (a.due.empty() ? "" : a.due) + " | ";
    AppendMarkdown(a.owner, &out);
    out += " |\n";
  }
  return out;
}

std::string RenderPlanText(const ExportView& view, size_t top) {
  const Plan& plan = view.plan();
  std::string out = PlanHeadline(plan, top);
  out += "\n";
  const size_t n = std::min(top, plan.actions.size());
  if (n == 0)
    return out;
  out += "\n";
  out += RightAlign("#", 4) + "  " + RightAlign("risk", 7) + "  " +
         RightAlign("cum %", 6) + "  " + RightAlign("kev", 4) + "  " +
         Column("due", 10, true) + "  " + Column("kind", 9, true) + "  " +
         "action\n";
  for (size_t i = 0; i < n; ++i) {
    const Action& a = plan.actions[i];
    out += RightAlign(std::to_string(i + 1), 4) + "  " +
           RightAlign(GroupThousands(a.risk_removed), 7) + "  " +
           RightAlign(Tenths(a.cumulative_tenths), 6) + "  " +
           RightAlign(std::to_string(a.kev), 4) + "  " +
           Column(a.due.empty() ? "-" : a.due, 10, true) + "  " +
           Column(ActionKindName(a.kind), 9, true) + "  " +
           Column(a.title, 90, false) + "\n";
  }
  out += "\nEach action's findings and assets: exposure plan --format json.\n";
  return out;
}

Result<std::string> RenderPlan(const ExportView& view,
                               std::string_view format,
                               size_t top) {
  const bool short_form = format == "text" || format == "markdown";
  if (top == 0)
    top = short_form ? kPlanShortActions : view.plan().actions.size();
  if (format == "text")
    return RenderPlanText(view, top);
  if (format == "markdown")
    return RenderPlanMarkdown(view, top);
  if (format == "csv")
    return RenderPlanCsv(view, top);
  if (format == "json")
    return RenderPlanJson(view, top);
  return Status::Error("unknown plan format: " + std::string(format) +
                       " (text, json, csv or markdown)");
}

}  // namespace exposure
