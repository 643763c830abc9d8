// The report as one self-contained, printable HTML5 page: for people who
// read rather than process it, offline, or printed to PDF.
//
// Self-contained means it requests nothing: no script, no external style,
// font or image, only an inline <style> and inline SVG charts, and a
// Content-Security-Policy that forbids everything else, so that even text
// that slipped through unescaped could not load or run anything. Every
// text, in elements, attributes and SVG alike, goes through AppendHtml.
//
// Sections: the header (product, version, reference date, inputs), the
// summary, open findings by severity (a bar chart), the open risk
// distribution (a histogram), the top kTopActions actions (a table and a
// Pareto chart) and the first kFindingRows open findings in the report's
// order. The JSON report holds the rest.
//
// Numbers are integers or tenths formatted from integers, so the page is
// the same bytes natively and in wasm, whatever the locale.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/version.h"
#include "core/model/model.h"
#include "core/plan/decisions.h"
#include "core/plan/plan.h"
#include "core/render/export_view.h"
#include "core/render/exports/html_page.h"
#include "core/render/exports/text_escape.h"
#include "core/render/plan_report.h"
#include "core/score/ssvc.h"

namespace exposure {

namespace {

using html::kBarFill;
using html::kBarStroke;
using html::kLineStroke;
using html::kSeverityFill;
using html::Page;
using html::Scale;

constexpr size_t kTopActions = 25;
constexpr size_t kFindingRows = 1000;
// Finding titles and action titles are cut to this many bytes in tables.
constexpr size_t kTitleBytes = 300;

void WriteHead(const ExportView& view, Page* p) {
  const std::string& as_of = view.assessment().as_of;
  html::WriteHead(p, as_of.empty() ? std::string("Exposure Lens report")
                                   : "Exposure Lens report as of " + as_of);
}

void WriteHeader(const ExportView& view, Page* p) {
  const std::string& as_of = view.assessment().as_of;
  p->Raw("<header>\n<h1>Exposure Lens report</h1>\n<p class=\"meta\">")
      .Raw("Exposure Lens ")
      .Text(kVersion)
      .Raw(" &middot; ");
  if (as_of.empty())
    p->Raw("no reference date");
  else
    p->Raw("as of ").Text(as_of);
  p->Raw(
      "</p>\n<table>\n<caption>Inputs</caption>\n<thead><tr><th>Input</th>"
      "<th>Format</th><th class=\"num\">Findings</th><th class=\"num\">"
      "Assets</th><th class=\"num\">Errors</th></tr></thead>\n<tbody>\n");
  for (const Input& in : view.store().inputs()) {
    p->Raw("<tr>")
        .Cell(in.name, "text")
        .Cell(in.format.empty() ? "not recognised" : in.format)
        .NumCell(in.findings)
        .NumCell(in.assets.size())
        .NumCell(in.errors.size())
        .Raw("</tr>\n");
  }
  p->Raw("</tbody>\n</table>\n</header>\n");
}

void Tile(Page* p, std::string_view label, uint64_t value) {
  p->Raw("<li><b>").Num(value).Raw("</b>").Text(label).Raw("</li>\n");
}

void WriteSummary(const ExportView& view, Page* p) {
  const Plan& plan = view.plan();
  p->Raw("<section id=\"summary\">\n<h2>Summary</h2>\n<ul class=\"tiles\">\n");
  Tile(p, "findings", view.store().findings().size());
  Tile(p, "open findings", plan.open);
  Tile(p, "open risk", plan.open_risk);
  Tile(p, "open findings on KEV", view.open_kev());
  Tile(p, "actions", plan.actions.size());
  Tile(p, "open findings without an action", plan.without_action);
  p->Raw(
      "</ul>\n<table class=\"compact\">\n<caption>Decided "
      "findings</caption>\n<thead><tr>"
      "<th>Decision</th><th class=\"num\">Findings</th></tr></thead>\n"
      "<tbody>\n");
  for (int s = 0; s < kDecisionStatusCount; ++s) {
    p->Raw("<tr>")
        .Cell(DecisionStatusName(static_cast<DecisionStatus>(s)))
        .NumCell(plan.decided[s])
        .Raw("</tr>\n");
  }
  p->Raw("<tr>")
      .Cell("decisions lapsed (open again)")
      .NumCell(plan.expired_count)
      .Raw("</tr>\n</tbody>\n</table>\n</section>\n");
}

// Horizontal bars, critical first.
void WriteSeverityChart(const ExportView& view, Page* p) {
  const uint64_t* counts = view.open_by_severity();
  uint64_t max = 0;
  std::string title = "Open findings by severity:";
  for (int s = kSeverityCount - 1; s >= 0; --s) {
    max = std::max(max, counts[s]);
    title += std::string(" ") + SeverityName(static_cast<Severity>(s)) + " " +
             std::to_string(counts[s]) + (s > 0 ? "," : "");
  }
  constexpr uint64_t kLeft = 90, kBarMax = 460, kRow = 30, kTop = 10;
  const uint64_t height = kTop * 2 + kRow * kSeverityCount;
  p->Raw("<section id=\"severity\">\n<h2>Open findings by severity</h2>\n");
  p->BeginSvg("severity-chart", 640, height, title);
  for (int s = kSeverityCount - 1, row = 0; s >= 0; --s, ++row) {
    const uint64_t y = kTop + static_cast<uint64_t>(row) * kRow;
    const uint64_t w = Scale(counts[s], max, kBarMax);
    p->SvgText(0, y + 15, SeverityName(static_cast<Severity>(s)));
    p->Rect(kLeft, y, w, 20, kSeverityFill[s], "#57606a");
    p->SvgText(kLeft + w + 6, y + 15, std::to_string(counts[s]));
  }
  p->Line(kLeft, kTop - 4, kLeft, height - kTop + 4, "axis");
  p->Raw("</svg>\n</section>\n");
}

// Ten columns: open findings by risk, [0, 100) ... [900, 1000].
void WriteRiskChart(const ExportView& view, Page* p) {
  const uint64_t* buckets = view.open_risk_buckets();
  uint64_t max = 0;
  std::string title = "Open findings by risk score:";
  for (int b = 0; b < 10; ++b) {
    max = std::max(max, buckets[b]);
    title += " " + std::to_string(b * 100) + " to " +
             std::to_string(b == 9 ? 1000 : b * 100 + 99) + ": " +
             std::to_string(buckets[b]) + (b < 9 ? "," : "");
  }
  constexpr uint64_t kLeft = 60, kTop = 20, kHeight = 200, kSlot = 56;
  const uint64_t base = kTop + kHeight;
  p->Raw("<section id=\"risk\">\n<h2>Open risk distribution</h2>\n");
  p->BeginSvg("risk-chart", 640, 290, title);
  p->Line(kLeft, kTop, kLeft, base, "axis")
      .Line(kLeft, base, kLeft + kSlot * 10, base, "axis")
      .Line(kLeft - 4, kTop, kLeft + kSlot * 10, kTop, "grid");
  p->SvgText(kLeft - 6, base + 4, "0", "end")
      .SvgText(kLeft - 6, kTop + 4, std::to_string(max), "end");
  for (uint64_t b = 0; b < 10; ++b) {
    const uint64_t h = Scale(buckets[b], max, kHeight);
    const uint64_t x = kLeft + b * kSlot + 6;
    p->Rect(x, base - h, kSlot - 12, h, kBarFill, kBarStroke);
    if (buckets[b] > 0)
      p->SvgText(x + (kSlot - 12) / 2, base - h - 4, std::to_string(buckets[b]),
                 "middle");
    p->SvgText(x + (kSlot - 12) / 2, base + 16,
               std::to_string(b * 100) + "-" +
                   std::to_string(b == 9 ? 1000 : b * 100 + 99),
               "middle");
  }
  p->SvgText(kLeft + kSlot * 5, base + 40, "risk score", "middle");
  p->Raw("<text transform=\"rotate(-90)\" x=\"-")
      .Num(kTop + kHeight / 2)
      .Raw("\" y=\"14\" text-anchor=\"middle\">open findings</text>");
  p->Raw("</svg>\n</section>\n");
}

// Bars: each top action's risk removed; the line: the cumulative share of
// open risk removed by it and the actions before it.
void WriteParetoChart(const std::vector<Action>& actions, size_t n, Page* p) {
  uint64_t max = 0;
  for (size_t i = 0; i < n; ++i)
    max = std::max(max, actions[i].risk_removed);
  constexpr uint64_t kLeft = 70, kTop = 20, kWidth = 600, kHeight = 220;
  const uint64_t base = kTop + kHeight;
  const uint64_t slot = kWidth / n;
  const uint64_t bar = std::max<uint64_t>(1, slot * 7 / 10);
  p->BeginSvg(
      "pareto-chart", 760, 310,
      "Pareto chart of the top " + std::to_string(n) +
          " actions: bars show the risk each removes, the line the "
          "cumulative share of open risk removed (" +
          Tenths(static_cast<uint64_t>(actions[n - 1].cumulative_tenths)) +
          "% after action " + std::to_string(n) + ")");
  p->Line(kLeft, kTop, kLeft, base, "axis")
      .Line(kLeft, base, kLeft + kWidth, base, "axis")
      .Line(kLeft + kWidth, kTop, kLeft + kWidth, base, "axis")
      .Line(kLeft, kTop, kLeft + kWidth, kTop, "grid");
  p->SvgText(kLeft - 6, base + 4, "0", "end")
      .SvgText(kLeft - 6, kTop + 4, std::to_string(max), "end")
      .SvgText(kLeft + kWidth + 6, base + 4, "0%")
      .SvgText(kLeft + kWidth + 6, kTop + kHeight / 2 + 4, "50%")
      .SvgText(kLeft + kWidth + 6, kTop + 4, "100%");
  std::string points;
  for (size_t i = 0; i < n; ++i) {
    const Action& a = actions[i];
    const uint64_t x = kLeft + i * slot + (slot - bar) / 2;
    const uint64_t h = Scale(a.risk_removed, max, kHeight);
    p->Rect(x, base - h, bar, h, kBarFill, kBarStroke);
    const uint64_t cx = x + bar / 2;
    p->SvgText(cx, base + 16, std::to_string(i + 1), "middle");
    const uint64_t tenths =
        static_cast<uint64_t>(std::clamp(a.cumulative_tenths, 0, 1000));
    const uint64_t cy = base - tenths * kHeight / 1000;
    if (!points.empty())
      points += ' ';
    points += std::to_string(cx) + "," + std::to_string(cy);
  }
  p->Raw("<polyline fill=\"none\" stroke=\"")
      .Text(kLineStroke)
      .Raw("\" stroke-width=\"2\" points=\"")
      .Text(points)
      .Raw("\"/>");
  p->SvgText(kLeft + kWidth / 2, base + 40, "actions, ranked by risk removed",
             "middle");
  p->Raw("<text transform=\"rotate(-90)\" x=\"-")
      .Num(kTop + kHeight / 2)
      .Raw("\" y=\"14\" text-anchor=\"middle\">risk removed</text>");
  p->Raw("<text transform=\"rotate(90)\" x=\"")
      .Num(kTop + kHeight / 2)
      .Raw("\" y=\"-")
      .Num(kLeft + kWidth + 50)
      .Raw("\" text-anchor=\"middle\">cumulative share of open risk</text>");
  p->Raw("</svg>\n");
}

void WriteActions(const ExportView& view, Page* p) {
  const std::vector<Action>& actions = view.plan().actions;
  const size_t n = std::min(actions.size(), kTopActions);
  p->Raw("<section id=\"actions\">\n<h2>Top actions</h2>\n");
  if (n == 0) {
    p->Raw(
        "<p class=\"note\">No actions: no open finding has a known "
        "fix.</p>\n</section>\n");
    return;
  }
  p->Raw("<p class=\"note\">The ")
      .Num(n)
      .Raw(" of ")
      .Num(actions.size())
      .Raw(" actions that remove the most open risk; together they remove ")
      .Text(Tenths(static_cast<uint64_t>(actions[n - 1].cumulative_tenths)))
      .Raw("% of it.</p>\n");
  WriteParetoChart(actions, n, p);
  p->Raw(
      "<table>\n<thead><tr><th class=\"num\">#</th><th>Action</th>"
      "<th>Kind</th><th>Priority</th><th>Due</th><th class=\"num\">"
      "Findings</th><th class=\"num\">Assets</th><th class=\"num\">KEV"
      "</th><th class=\"num\">Risk removed</th><th class=\"num\">"
      "Cumulative</th><th>Owner</th></tr></thead>\n<tbody>\n");
  for (size_t i = 0; i < n; ++i) {
    const Action& a = actions[i];
    p->Raw("<tr>")
        .NumCell(i + 1)
        .Raw("<td class=\"text\">")
        .Text(CutUtf8(a.title, kTitleBytes))
        .Raw("<br><span class=\"id\">")
        .Text(a.id)
        .Raw("</span></td>")
        .Cell(ActionKindName(a.kind))
        .Cell(Name(a.priority))
        .Cell(a.due, "date")
        .NumCell(a.findings.size())
        .NumCell(a.assets.size())
        .NumCell(a.kev)
        .NumCell(a.risk_removed)
        .Cell(Tenths(static_cast<uint64_t>(std::max(a.cumulative_tenths, 0))) +
                  "%",
              "num")
        .Cell(a.owner, "text")
        .Raw("</tr>\n");
  }
  p->Raw("</tbody>\n</table>\n</section>\n");
}

Status WriteFindings(const ExportView& view, Page* p) {
  const size_t open = view.plan().open;
  p->Raw("<section id=\"findings\">\n<h2>Open findings</h2>\n");
  if (open == 0) {
    p->Raw("<p class=\"note\">No open findings.</p>\n</section>\n");
    return Status::Ok();
  }
  p->Raw(
      "<table>\n<thead><tr><th>Id</th><th>Asset</th><th>Title</th>"
      "<th>Severity</th><th class=\"num\">Risk</th><th>KEV</th>"
      "<th>Decision</th><th>Due</th><th>Status</th></tr></thead>\n"
      "<tbody>\n");
  size_t shown = 0;
  std::string severity_class;
  Status walked = view.ForEachFinding([&](const ExportFinding& x) {
    if (!x.open)
      return true;
    const Finding& f = *x.finding;
    const FindingAssessment& fa = *x.assessment;
    severity_class = std::string("sev-") + SeverityName(f.severity);
    p->Raw("<tr>")
        .Cell(x.id, "id")
        .Cell(x.asset ? std::string_view(x.asset->name) : "", "text")
        .Cell(CutUtf8(f.title, kTitleBytes), "text")
        .Cell(SeverityName(f.severity), severity_class.c_str())
        .NumCell(static_cast<uint64_t>(std::max<int>(fa.risk, 0)))
        .Cell(fa.kev ? "KEV" : "")
        .Cell(Name(fa.decision))
        .Cell(x.due, "date")
        .Cell(x.status)
        .Raw("</tr>\n");
    return ++shown < kFindingRows;
  });
  if (!walked.ok())
    return walked;
  p->Raw("</tbody>\n</table>\n");
  if (open > shown) {
    p->Raw("<p class=\"note\">")
        .Num(open - shown)
        .Raw(" more findings are in the JSON report.</p>\n");
  }
  p->Raw("</section>\n");
  return Status::Ok();
}

}  // namespace

Status WriteHtml(const ExportView& view, ExportOutput* out) {
  Page p;
  WriteHead(view, &p);
  WriteHeader(view, &p);
  WriteSummary(view, &p);
  WriteSeverityChart(view, &p);
  WriteRiskChart(view, &p);
  WriteActions(view, &p);
  Status s = WriteFindings(view, &p);
  if (!s.ok())
    return s;
  p.Raw("<footer>\n<p class=\"meta\">Made by Exposure Lens ")
      .Text(kVersion)
      .Raw(
          ". This page loads nothing from anywhere; the JSON report holds "
          "every finding with its evidence.</p>\n</footer>\n</body>\n"
          "</html>\n");
  return out->Write(p.out());
}

}  // namespace exposure
