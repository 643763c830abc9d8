// The remediation plan as a Jira CSV import: one issue per action (teams
// work on upgrades and patches, not on findings), in the plan's order.
//
// Columns (Jira's CSV importer maps each to a field in its wizard):
//   Summary      the action's title
//   Description  what to do (kind, component and versions, vendor fix,
//                rule, solution), the risk it removes and its cumulative
//                share, its findings (up to kListed, then "and N more") and
//                its assets (likewise), as wiki-markup lines
//   Priority     from the action's SSVC deployer priority: immediate ->
//                Highest, out-of-cycle -> High, scheduled -> Medium,
//                defer -> Low
//   Due Date     YYYY-MM-DD (tell the wizard the date format "yyyy-MM-dd")
//   Labels       three columns of one value each, as the importer takes
//                several labels: "exposure-lens", the action's kind, and
//                "kev" when any of its findings is on KEV (else empty)
//   Component    the package or product an upgrade changes (map it, or
//                leave it unmapped where components are curated)
//   Assignee     left empty: owners are not Jira users by name
//   Owner        the most common owner of its assets, for a custom field
//   External ID  the action's id ("act-..."). Mapped at import time to the
//                issue's external id (or a custom field), so importing a
//                later plan updates the issues of the same fixes instead
//                of creating them again.
//
// Jira imports at most a few thousand rows comfortably, so an export of
// more than kJiraRowsPerPart actions is split into parts, each with the
// header row.
#include "core/render/exports/jira_csv.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/model.h"
#include "core/plan/plan.h"
#include "core/render/export_view.h"
#include "core/render/exports/text_escape.h"
#include "core/render/plan_report.h"
#include "core/score/ssvc.h"

namespace exposure {

namespace {

constexpr const char* kColumns[] = {
    "Summary", "Description", "Priority", "Due Date", "Labels",      "Labels",
    "Labels",  "Component",   "Assignee", "Owner",    "External ID",
};

// Findings and assets an issue lists; the rest are counted. Keeps a
// description well under Jira's 32,767 characters with the text limits
// below.
constexpr size_t kListed = 50;
// Byte limits of texts in a description (cut at a character boundary).
constexpr size_t kTitleBytes = 200;
constexpr size_t kAssetNameBytes = 120;
constexpr size_t kSolutionBytes = 2000;
// CVEs named per finding; the rest are counted.
constexpr size_t kCvesListed = 5;
// Jira's summary is one line of at most 255 characters.
constexpr size_t kSummaryBytes = 250;

constexpr size_t kFlushBytes = 1 << 20;

// What an issue says of one of its findings.
struct ListedFinding {
  std::string id;
  std::string title;  // cut to kTitleBytes
  Severity severity = Severity::kInfo;
  std::string cves;  // up to kCvesListed, then "+N more"
};

// `text` on one line (line breaks and tabs as spaces), cut to `max` bytes.
std::string OneLine(std::string_view text, size_t max) {
  std::string line = CutUtf8(text, max);
  std::replace_if(
      line.begin(), line.end(),
      [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return line;
}

const char* JiraPriority(DeployerPriority p) {
  switch (p) {
    case DeployerPriority::kImmediate:
      return "Highest";
    case DeployerPriority::kOutOfCycle:
      return "High";
    case DeployerPriority::kScheduled:
      return "Medium";
    case DeployerPriority::kDefer:
      return "Low";
  }
  return "Low";
}

void AppendLine(std::string_view label,
                std::string_view value,
                std::string* out) {
  if (value.empty())
    return;
  out->append(label);
  out->append(": ");
  AppendJiraText(value, out);
  out->push_back('\n');
}

// The description of `action` (see the file comment).
void AppendDescription(const ExportView& view,
                       const Action& action,
                       const std::vector<ListedFinding>& findings,
                       const std::vector<size_t>& asset_rank,
                       std::string* out) {
  const ActionTarget& t = action.target;
  AppendLine("Action", ActionKindName(action.kind), out);
  std::string component = t.component;
  if (!component.empty() && !t.ecosystem.empty())
    component += " (" + t.ecosystem + ")";
  AppendLine("Component", component, out);
  AppendLine("Installed version", t.from, out);
  AppendLine("Fixed version", t.to, out);
  AppendLine("Vendor fix", t.fix, out);
  AppendLine("Rule", t.rule, out);
  AppendLine("Solution", CutUtf8(t.solution, kSolutionBytes), out);
  out->push_back('\n');
  out->append("Risk removed: " + std::to_string(action.risk_removed) + "\n");
  out->append(
      "Cumulative share of open risk (this action and those ranked "
      "before it): " +
      Tenths(action.cumulative_tenths) + "%\n");
  out->append(std::string("Worst severity: ") + SeverityName(action.severity) +
              "; SSVC priority: " + Name(action.priority) +
              "; findings on KEV: " + std::to_string(action.kev) + "\n");

  out->append("\nFindings (" + std::to_string(action.findings.size()) + "):\n");
  for (const ListedFinding& f : findings) {
    out->append("* ");
    out->append(f.id);
    out->append(" (");
    out->append(SeverityName(f.severity));
    if (!f.cves.empty()) {
      out->append("; ");
      AppendJiraText(f.cves, out);
    }
    out->append("): ");
    AppendJiraText(f.title, out);
    out->push_back('\n');
  }
  if (action.findings.size() > findings.size()) {
    out->append("* and " +
                std::to_string(action.findings.size() - findings.size()) +
                " more\n");
  }

  // Assets in the report's order (by name), not by index.
  std::vector<uint32_t> assets = action.assets;
  std::sort(assets.begin(), assets.end(), [&](uint32_t a, uint32_t b) {
    return asset_rank[a] < asset_rank[b];
  });
  out->append("\nAssets (" + std::to_string(assets.size()) + "):\n");
  const size_t listed = std::min(assets.size(), kListed);
  for (size_t i = 0; i < listed; ++i) {
    out->append("* ");
    AppendJiraText(
        CutUtf8(view.store().assets()[assets[i]].name, kAssetNameBytes), out);
    out->append(" (");
    out->append(view.asset_id(assets[i]));
    out->append(")\n");
  }
  if (assets.size() > listed)
    out->append("* and " + std::to_string(assets.size() - listed) + " more\n");
}

void AppendRow(const std::vector<std::string>& cells, std::string* out) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0)
      out->push_back(',');
    AppendCsvCell(cells[i], out);
  }
  out->append("\r\n");
}

void AppendHeader(std::string* out) {
  AppendRow(std::vector<std::string>(std::begin(kColumns), std::end(kColumns)),
            out);
}

}  // namespace

Status WriteJiraCsvWithLimit(const ExportView& view,
                             ExportOutput* out,
                             size_t rows_per_part) {
  if (rows_per_part == 0)
    return Status::Error("jira-csv: rows per part must be positive");
  const Plan& plan = view.plan();

  // One walk of the findings, in the report's order (riskiest first),
  // keeps the first kListed of each action: memory stays proportional to
  // the actions, not the findings.
  std::vector<std::vector<ListedFinding>> listed(plan.actions.size());
  Status walked = view.ForEachFinding([&](const ExportFinding& x) {
    if (x.action == nullptr)
      return true;
    std::vector<ListedFinding>& list = listed[plan.action[x.index]];
    if (list.size() >= kListed)
      return true;
    const Finding& f = *x.finding;
    ListedFinding item;
    item.id = std::string(x.id);
    item.title = CutUtf8(f.title, kTitleBytes);
    item.severity = f.severity;
    for (size_t i = 0; i < f.cves.size() && i < kCvesListed; ++i) {
      if (i > 0)
        item.cves += ' ';
      item.cves += f.cves[i];
    }
    if (f.cves.size() > kCvesListed)
      item.cves += " +" + std::to_string(f.cves.size() - kCvesListed) + " more";
    list.push_back(std::move(item));
    return true;
  });
  if (!walked.ok())
    return walked;

  std::vector<size_t> asset_rank(view.store().assets().size());
  const std::vector<size_t>& order = view.asset_order();
  for (size_t i = 0; i < order.size(); ++i)
    asset_rank[order[i]] = i;

  std::string buffer;
  AppendHeader(&buffer);
  std::vector<std::string> cells(std::size(kColumns));
  for (size_t a = 0; a < plan.actions.size(); ++a) {
    if (a > 0 && a % rows_per_part == 0) {
      Status s = out->Write(buffer);
      if (!s.ok())
        return s;
      buffer.clear();
      s = out->BeginPart(a / rows_per_part);
      if (!s.ok())
        return s;
      AppendHeader(&buffer);
    }
    const Action& action = plan.actions[a];
    for (std::string& c : cells)
      c.clear();
    cells[0] = OneLine(action.title, kSummaryBytes);
    AppendDescription(view, action, listed[a], asset_rank, &cells[1]);
    cells[2] = JiraPriority(action.priority);
    cells[3] = action.due;
    cells[4] = "exposure-lens";
    cells[5] = ActionKindName(action.kind);
    cells[6] = action.kev > 0 ? "kev" : "";
    cells[7] = action.target.component;
    // cells[8], the Assignee, stays empty.
    cells[9] = action.owner;
    cells[10] = action.id;
    AppendRow(cells, &buffer);
    if (buffer.size() >= kFlushBytes) {
      Status s = out->Write(buffer);
      if (!s.ok())
        return s;
      buffer.clear();
    }
  }
  return out->Write(buffer);
}

Status WriteJiraCsv(const ExportView& view, ExportOutput* out) {
  return WriteJiraCsvWithLimit(view, out, kJiraRowsPerPart);
}

}  // namespace exposure
