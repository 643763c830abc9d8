// What every export (SARIF, OCSF, CSV, Jira CSV, OpenVEX, CycloneDX VEX,
// HTML, Markdown, the plan table) reads: the report's content, with the
// same ids, statuses, decisions and actions, walked a finding at a time in
// the report's order so an export of any size holds one finding at once.
#ifndef CORE_RENDER_EXPORT_VIEW_H_
#define CORE_RENDER_EXPORT_VIEW_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/correlate/store.h"
#include "core/plan/plan.h"
#include "core/score/risk.h"

namespace exposure {

// One finding as the report writes it. Views are valid during the call
// that hands it out.
struct ExportFinding {
  size_t index = 0;                  // in the store
  std::string_view id;               // "f-..."
  const Finding* finding = nullptr;  // its texts are its own or its rule's
  const FindingAssessment* assessment = nullptr;
  const Asset* asset = nullptr;  // null without one
  std::string_view asset_id;     // "" without one
  std::string_view rule_key;     // "format:rule_id", as the report's "rule"
  std::string_view input;        // the input's name
  std::string_view status;       // the decision's, else the tool's
  const Decision* decision = nullptr;  // the one that applies, or null
  bool decision_expired = false;
  std::string_view due;            // YYYY-MM-DD, "" for none
  std::string_view exposure_id;    // "e-..."
  const Action* action = nullptr;  // the action that removes it, or null
  // The CVSS vector the score used ("" when none).
  std::string_view cvss_version;
  std::string_view cvss_vector;
  bool open = false;  // Plan::IsOpen
};

class ExportView {
 public:
  // All three must outlive the view and stay unchanged.
  ExportView(const Store& store,
             const Assessment& assessment,
             const Plan& plan);
  ~ExportView();
  ExportView(const ExportView&) = delete;
  ExportView& operator=(const ExportView&) = delete;

  const Store& store() const;
  const Assessment& assessment() const;
  const Plan& plan() const;
  // The report's id of asset `asset` ("a-...").
  const std::string& asset_id(size_t asset) const;
  // The assets in the report's order (by name, then id).
  const std::vector<size_t>& asset_order() const;

  // Calls `fn` for every finding in the report's order (risk, then
  // severity, asset, ...) until it returns false. An error means spilled
  // findings could not be read back: the walk ended early.
  Status ForEachFinding(
      const std::function<bool(const ExportFinding&)>& fn) const;

  // Findings by severity (all statuses), and open findings by severity.
  const uint64_t* by_severity() const;
  const uint64_t* open_by_severity() const;
  // Open findings on KEV.
  uint64_t open_kev() const;
  // Open findings' risk in ten buckets: [0, 100), [100, 200), ... [900,
  // 1000].
  const uint64_t* open_risk_buckets() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// Where an export writes: one or more parts (files). Part 0 is the file
// asked for; an export splits into more parts only where its consumer has
// a limit (SARIF results per upload, Jira rows per import). Hosts name
// part n > 0 by inserting "-<n+1>" before the extension
// (PartName()).
class ExportOutput {
 public:
  virtual ~ExportOutput() = default;
  // Starts part `part` (0, 1, 2 ... in order); the first Write without a
  // BeginPart goes to part 0.
  virtual Status BeginPart(size_t part) = 0;
  virtual Status Write(std::string_view data) = 0;
};

// "report.sarif", 2 -> "report-3.sarif"; "out" -> "out-3".
std::string PartName(std::string_view file, size_t part);

enum class ExportFormat : uint8_t {
  kSarif = 0,
  kOcsf,
  kJiraCsv,
  kCsv,
  kOpenVex,
  kCycloneDxVex,
  kHtml,
  kMarkdown,
};
// "sarif", "ocsf", "jira-csv", "csv", "openvex", "cyclonedx-vex", "html",
// "markdown".
const char* ExportFormatName(ExportFormat f);
bool ParseExportFormat(std::string_view name, ExportFormat* out);
// Every format's name, comma separated, for usage messages.
std::string ExportFormatList();
// The media type a host serves the export with.
const char* ExportMediaType(ExportFormat f);
// The file extension, with its dot: ".sarif", ".ocsf.jsonl", ".csv", ...
const char* ExportExtension(ExportFormat f);

// Writes `view` as `format`. Deterministic: the same view, the same bytes.
Status WriteExport(ExportFormat format,
                   const ExportView& view,
                   ExportOutput* out);

// Each format's writer (core/render/exports/).
Status WriteSarif(const ExportView& view, ExportOutput* out);
Status WriteOcsf(const ExportView& view, ExportOutput* out);
Status WriteJiraCsv(const ExportView& view, ExportOutput* out);
Status WriteFindingsCsv(const ExportView& view, ExportOutput* out);
Status WriteOpenVex(const ExportView& view, ExportOutput* out);
Status WriteCycloneDxVex(const ExportView& view, ExportOutput* out);
Status WriteHtml(const ExportView& view, ExportOutput* out);
Status WriteMarkdown(const ExportView& view, ExportOutput* out);

// An ExportOutput into strings, one per part (tests, small exports).
class StringExportOutput : public ExportOutput {
 public:
  Status BeginPart(size_t part) override;
  Status Write(std::string_view data) override;
  std::vector<std::string> parts;

 private:
  size_t current_ = 0;
};

}  // namespace exposure

#endif  // CORE_RENDER_EXPORT_VIEW_H_
