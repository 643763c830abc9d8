// Fuzzes the plan and every export on whatever an input analyzes to: each
// export must succeed and be deterministic; the JSON ones (SARIF, OpenVEX,
// CycloneDX, the plan) must be valid JSON and OCSF one valid JSON object
// per line; no CSV cell may start with what a spreadsheet runs as a
// formula; the HTML must hold no script. Decisions are made for the first
// findings (one of each status, one lapsed), so the decided paths run too.
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "core/render/export_view.h"
#include "core/render/plan_report.h"
#include "fuzz/fuzz_util.h"

namespace {

using exposure::ExportFormat;

// The parts of one export. Nothing in an analysis held in memory can make
// an export fail, but for OpenVEX without a decision (its schema needs a
// statement): then no parts.
std::vector<std::string> Export(const exposure::ExportView& view,
                                ExportFormat format) {
  exposure::StringExportOutput out;
  if (!exposure::WriteExport(format, view, &out).ok()) {
    size_t decided = 0;
    for (size_t d : view.plan().decided)
      decided += d;
    if (format != ExportFormat::kOpenVex || decided > 0)
      std::abort();
    return {};
  }
  return out.parts;
}

// Whether a CSV text has a cell that starts with a formula character
// (outside quotes: RFC 4180 as the exports write it).
bool HasFormulaCell(const std::string& csv) {
  bool start = true;
  bool quoted = false;
  for (size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < csv.size() && csv[i + 1] == '"') {
          ++i;
        } else {
          quoted = false;
        }
      } else if (start) {
        if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
            c == '\r')
          return true;
      }
      start = start && c == ' ';
      continue;
    }
    if (c == '"' && start) {
      quoted = true;
      continue;
    }
    if (c == ',' || c == '\n') {
      start = true;
      continue;
    }
    if (start && c != ' ' && c != '\r' &&
        (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t'))
      return true;
    start = start && c == ' ';
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  exposure::Analyzer analyzer;
  analyzer.BeginFile("fuzz");
  exposure::fuzz::FeedChunked(data, size, [&](std::string_view chunk) {
    analyzer.Feed(chunk);
    return true;
  });
  analyzer.EndFile();
  exposure::Assessment assessment = analyzer.Assess();
  {
    // Decisions for the first findings, by id: every status, one lapsed.
    const exposure::Plan first = analyzer.MakePlan(assessment);
    exposure::Decisions decisions;
    for (size_t i = 0; i < first.ids.key.size() && i < 5; ++i) {
      exposure::Decision d;
      d.match.finding = first.ids.Id(i);
      d.status = static_cast<exposure::DecisionStatus>(i % 4);
      d.justification = static_cast<exposure::VexJustification>(i % 6);
      d.reason = "=cmd|' /C calc'!A0 <script>";
      d.until = i == 4 ? "1970-01-01" : "";
      decisions.list.push_back(d);
    }
    analyzer.SetDecisions(std::move(decisions));
  }
  const exposure::Plan plan = analyzer.MakePlan(assessment);
  const exposure::ExportView view(analyzer.store(), assessment, plan);
  if (!nlohmann::json::accept(exposure::RenderPlanJson(view, 10)))
    std::abort();
  for (int f = 0; f <= static_cast<int>(ExportFormat::kMarkdown); ++f) {
    const auto format = static_cast<ExportFormat>(f);
    const std::vector<std::string> parts = Export(view, format);
    if ((parts.empty() && format != ExportFormat::kOpenVex) ||
        Export(view, format) != parts)
      std::abort();
    for (const std::string& part : parts) {
      switch (format) {
        case ExportFormat::kSarif:
        case ExportFormat::kOpenVex:
        case ExportFormat::kCycloneDxVex:
          if (!nlohmann::json::accept(part))
            std::abort();
          break;
        case ExportFormat::kOcsf: {
          size_t start = 0;
          while (start < part.size()) {
            size_t end = part.find('\n', start);
            if (end == std::string::npos)
              std::abort();  // every event ends its line
            if (!nlohmann::json::accept(part.substr(start, end - start)))
              std::abort();
            start = end + 1;
          }
          break;
        }
        case ExportFormat::kCsv:
        case ExportFormat::kJiraCsv:
          if (HasFormulaCell(part))
            std::abort();
          break;
        case ExportFormat::kHtml:
          if (part.find("<script") != std::string::npos)
            std::abort();
          break;
        case ExportFormat::kMarkdown:
          break;
      }
    }
  }
  return 0;
}
