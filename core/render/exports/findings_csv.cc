// The findings as CSV (RFC 4180: CRLF line ends, a header row), for
// spreadsheets and BI tools: one row per finding, in the report's order,
// with the same ids, statuses, decisions and actions as the JSON report.
//
// Columns, in order (an empty cell where the finding has no value):
//   id              the finding's report id, "f-..."
//   asset_id        the report's asset id, "a-..."
//   asset           the asset's name
//   asset_kind      host, container_image, ... (AssetKindName)
//   source_format   the importer that read it ("nessus", "trivy", ...)
//   input           the input file's name
//   rule            "format:rule_id", as the JSON report's "rule"
//   rule_id         the tool's own id (plugin id, CVE, check id)
//   title
//   category        vulnerability, misconfiguration, ...
//   severity        critical, high, medium, low, info
//   status          the decision's status, else the tool's
//   risk            0-1000
//   decision        the SSVC deployer priority (immediate, out-of-cycle,
//                   scheduled, defer)
//   cisa            the CISA SSVC level (act, attend, track*, track)
//   due             YYYY-MM-DD
//   kev             true or false
//   epss            the probability with 5 decimals ("0.12345")
//   cves            space separated
//   cwes            space separated
//   component       the package or product
//   installed       its installed version
//   fixed           the version that fixes it
//   purl
//   port            0 is written as empty: no port
//   protocol
//   service
//   location        file:line, URL, resource
//   exposure        the exposure id, "e-..."
//   action          the id of the plan's action that removes it, "act-..."
//   triage_by       who made the decision that applies
//   triage_reason   why, in their words
//   triage_until    when that decision lapses
//   decision_expired  true when a decision matched but has lapsed
//   first_seen      as the tool gives it
//   last_seen
//
// Every cell goes through AppendCsvCell, which defuses cells a spreadsheet
// would run as formulas: a finding's text is the scanner's, and the
// scanner's is whatever the scanned system said.
#include <string>
#include <string_view>
#include <vector>

#include "core/model/model.h"
#include "core/render/export_view.h"
#include "core/render/exports/text_escape.h"
#include "core/score/risk.h"
#include "core/score/ssvc.h"

namespace exposure {

namespace {

constexpr const char* kColumns[] = {
    "id",
    "asset_id",
    "asset",
    "asset_kind",
    "source_format",
    "input",
    "rule",
    "rule_id",
    "title",
    "category",
    "severity",
    "status",
    "risk",
    "decision",
    "cisa",
    "due",
    "kev",
    "epss",
    "cves",
    "cwes",
    "component",
    "installed",
    "fixed",
    "purl",
    "port",
    "protocol",
    "service",
    "location",
    "exposure",
    "action",
    "triage_by",
    "triage_reason",
    "triage_until",
    "decision_expired",
    "first_seen",
    "last_seen",
};

// Writes are handed to the output in pieces of about this size: few calls
// for a large export, and never more than a piece in memory.
constexpr size_t kFlushBytes = 1 << 20;

// `value` (x100000) as "0.12345"; nothing when negative (unknown).
void AppendFixed5(int value, std::string* out) {
  if (value < 0)
    return;
  const std::string frac = std::to_string(value % 100000);
  out->append(std::to_string(value / 100000));
  out->push_back('.');
  out->append(5 - frac.size(), '0');
  out->append(frac);
}

void AppendJoined(const std::vector<std::string>& items, std::string* out) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0)
      out->push_back(' ');
    out->append(items[i]);
  }
}

// Cells of one row, separated by commas.
class RowWriter {
 public:
  explicit RowWriter(std::string* out) : out_(out) {}
  void Cell(std::string_view value) {
    if (!first_)
      out_->push_back(',');
    first_ = false;
    AppendCsvCell(value, out_);
  }
  void End() {
    out_->append("\r\n");
    first_ = true;
  }

 private:
  std::string* out_;
  bool first_ = true;
};

}  // namespace

Status WriteFindingsCsv(const ExportView& view, ExportOutput* out) {
  std::string buffer;
  RowWriter row(&buffer);
  for (const char* column : kColumns)
    row.Cell(column);
  row.End();

  // Reused for every row: the cells that are built, not viewed.
  std::string number;
  std::string list;
  Status written;
  Status walked = view.ForEachFinding([&](const ExportFinding& x) {
    const Finding& f = *x.finding;
    const FindingAssessment& fa = *x.assessment;
    row.Cell(x.id);
    row.Cell(x.asset_id);
    row.Cell(x.asset ? std::string_view(x.asset->name) : "");
    row.Cell(x.asset ? AssetKindName(x.asset->kind) : "");
    row.Cell(f.format);
    row.Cell(x.input);
    row.Cell(x.rule_key);
    row.Cell(f.rule_id);
    row.Cell(f.title);
    row.Cell(CategoryName(f.category));
    row.Cell(SeverityName(f.severity));
    row.Cell(x.status);
    row.Cell(std::to_string(fa.risk));
    row.Cell(Name(fa.decision));
    row.Cell(Name(fa.cisa));
    row.Cell(x.due);
    row.Cell(fa.kev ? "true" : "false");
    number.clear();
    AppendFixed5(fa.epss, &number);
    row.Cell(number);
    list.clear();
    AppendJoined(f.cves, &list);
    row.Cell(list);
    list.clear();
    AppendJoined(f.cwes, &list);
    row.Cell(list);
    row.Cell(f.component.name);
    row.Cell(f.component.installed);
    row.Cell(f.component.fixed);
    row.Cell(f.component.purl);
    row.Cell(f.port == 0 ? std::string() : std::to_string(f.port));
    row.Cell(f.protocol);
    row.Cell(f.service);
    row.Cell(f.location);
    row.Cell(x.exposure_id);
    row.Cell(x.action ? std::string_view(x.action->id) : "");
    row.Cell(x.decision ? std::string_view(x.decision->by) : "");
    row.Cell(x.decision ? std::string_view(x.decision->reason) : "");
    row.Cell(x.decision ? std::string_view(x.decision->until) : "");
    row.Cell(x.decision_expired ? "true" : "false");
    row.Cell(f.first_seen);
    row.Cell(f.last_seen);
    row.End();
    if (buffer.size() >= kFlushBytes) {
      written = out->Write(buffer);
      buffer.clear();
      return written.ok();
    }
    return true;
  });
  if (!written.ok())
    return written;
  if (!walked.ok())
    return walked;
  return out->Write(buffer);
}

}  // namespace exposure
