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
#include "core/render/exports/text_escape.h"
#include "core/score/ssvc.h"

namespace exposure {

namespace {

constexpr size_t kTopActions = 25;
constexpr size_t kFindingRows = 1000;
// Finding titles and action titles are cut to this many bytes in tables.
constexpr size_t kTitleBytes = 300;

// Light colours that print well and keep black text readable.
constexpr const char* kSeverityFill[kSeverityCount] = {
    "#dfe3e8",  // info
    "#b9d7f0",  // low
    "#f7e3a1",  // medium
    "#f6c08f",  // high
    "#eea3a3",  // critical
};
constexpr const char* kBarFill = "#b9d7f0";
constexpr const char* kBarStroke = "#5b7fa3";
constexpr const char* kLineStroke = "#b0413e";

constexpr const char kStyle[] = R"css(
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica,
  Arial, sans-serif; color: #1f2328; background: #fff; margin: 2rem auto;
  max-width: 1120px; padding: 0 1rem; font-size: 14px; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #d0d7de;
  padding-bottom: .25rem; margin-top: 2rem; }
.meta, .note { color: #57606a; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #d0d7de; padding: .2rem .4rem; text-align: left;
  vertical-align: top; }
th { background: #f6f8fa; }
.num { text-align: right; font-variant-numeric: tabular-nums;
  white-space: nowrap; }
.text { overflow-wrap: anywhere; }
.date { white-space: nowrap; }
table.compact { width: auto; min-width: 20rem; }
.id { font-family: ui-monospace, Menlo, Consolas, monospace;
  font-size: .85em; white-space: nowrap; }
.tiles { display: flex; flex-wrap: wrap; gap: .5rem; padding: 0;
  list-style: none; }
.tiles li { border: 1px solid #d0d7de; border-radius: 6px;
  padding: .5rem .75rem; min-width: 9rem; background: #f6f8fa; }
.tiles b { display: block; font-size: 1.3rem; }
.sev-critical { background: #f8d7d7; } .sev-high { background: #fbe3cc; }
.sev-medium { background: #fbf0cc; } .sev-low { background: #dcebf7; }
.sev-info { background: #eef0f2; }
svg { max-width: 100%; height: auto; }
svg text { font-size: 12px; fill: #1f2328; }
svg .axis { stroke: #57606a; stroke-width: 1; }
svg .grid { stroke: #d0d7de; stroke-width: 1; }
@page { size: A4; margin: 14mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 9pt; }
  section { break-before: page; }
  #summary { break-before: auto; }
  h2 { break-after: avoid; }
  thead { display: table-header-group; }
  tr, svg { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)css";

// `tenths` (a share in tenths of a percent) as "45.6".
std::string Tenths(uint64_t tenths) {
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

// `value` scaled from [0, max] to [0, length], rounded down, and at least
// 1 for a value above 0 so that a small count still shows.
uint64_t Scale(uint64_t value, uint64_t max, uint64_t length) {
  if (max == 0 || value == 0)
    return 0;
  return std::max<uint64_t>(1, value * length / max);
}

// Writes the page into a string, escaping every text.
class Page {
 public:
  std::string& out() { return out_; }
  Page& Raw(std::string_view markup) {
    out_.append(markup);
    return *this;
  }
  Page& Text(std::string_view text) {
    AppendHtml(text, &out_);
    return *this;
  }
  Page& Num(uint64_t n) {
    out_.append(std::to_string(n));
    return *this;
  }
  // <td class="cls">text</td>
  Page& Cell(std::string_view text, const char* cls = nullptr) {
    out_.append(cls ? "<td class=\"" : "<td");
    if (cls) {
      Text(cls);
      out_.append("\"");
    }
    out_.append(">");
    Text(text);
    out_.append("</td>");
    return *this;
  }
  Page& NumCell(uint64_t n) { return Cell(std::to_string(n), "num"); }
  // An SVG <text> at (x, y), with `anchor` "start", "middle" or "end".
  Page& SvgText(uint64_t x,
                uint64_t y,
                std::string_view text,
                const char* anchor = "start") {
    out_.append("<text x=\"" + std::to_string(x) + "\" y=\"" +
                std::to_string(y) + "\" text-anchor=\"");
    Text(anchor);
    out_.append("\">");
    Text(text);
    out_.append("</text>");
    return *this;
  }
  Page& Line(uint64_t x1,
             uint64_t y1,
             uint64_t x2,
             uint64_t y2,
             const char* cls) {
    out_.append("<line x1=\"" + std::to_string(x1) + "\" y1=\"" +
                std::to_string(y1) + "\" x2=\"" + std::to_string(x2) +
                "\" y2=\"" + std::to_string(y2) + "\" class=\"");
    Text(cls);
    out_.append("\"/>");
    return *this;
  }
  Page& Rect(uint64_t x,
             uint64_t y,
             uint64_t w,
             uint64_t h,
             const char* fill,
             const char* stroke) {
    out_.append("<rect x=\"" + std::to_string(x) + "\" y=\"" +
                std::to_string(y) + "\" width=\"" + std::to_string(w) +
                "\" height=\"" + std::to_string(h) + "\" fill=\"");
    Text(fill);
    out_.append("\" stroke=\"");
    Text(stroke);
    out_.append("\"/>");
    return *this;
  }
  // Opens an accessible SVG chart: role img, labelled by its <title>.
  Page& BeginSvg(std::string_view id,
                 uint64_t width,
                 uint64_t height,
                 std::string_view title) {
    const std::string size =
        std::to_string(width) + " " + std::to_string(height);
    out_.append("<svg role=\"img\" aria-labelledby=\"");
    Text(id);
    out_.append("\" viewBox=\"0 0 " + size + "\" width=\"" +
                std::to_string(width) + "\" height=\"" +
                std::to_string(height) + "\"><title id=\"");
    Text(id);
    out_.append("\">");
    Text(title);
    out_.append("</title>");
    return *this;
  }

 private:
  std::string out_;
};

void WriteHead(const ExportView& view, Page* p) {
  const std::string& as_of = view.assessment().as_of;
  p->Raw(
       "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
       "charset=\"utf-8\">\n")
      .Raw(
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
          "'none'; style-src 'unsafe-inline'; img-src data:\">\n")
      .Raw("<meta name=\"referrer\" content=\"no-referrer\">\n")
      .Raw(
          "<meta name=\"viewport\" content=\"width=device-width, "
          "initial-scale=1\">\n")
      .Raw("<title>Exposure Lens report");
  if (!as_of.empty())
    p->Raw(" as of ").Text(as_of);
  p->Raw("</title>\n<style>").Raw(kStyle).Raw("</style>\n</head>\n<body>\n");
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
