// One analysis session: inputs go in one at a time, as chunks; the report
// comes out. This is the API every target (CLI, Node, browser, edge) drives,
// so all four produce the same bytes for the same inputs.
#ifndef CORE_APP_ANALYZER_H_
#define CORE_APP_ANALYZER_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/app/input_chain.h"
#include "core/app/read_ahead.h"
#include "core/base/spill.h"
#include "core/base/task_runner.h"
#include "core/base/version.h"
#include "core/correlate/store.h"
#include "core/importers/importer.h"
#include "core/intel/intel.h"
#include "core/plan/plan.h"
#include "core/render/json_report.h"
#include "core/score/policy.h"
#include "core/score/risk.h"

namespace exposure {

class Analyzer {
 public:
  Analyzer();
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Starts a new input. `name` is how reports and errors refer to it.
  void BeginFile(std::string name);
  // Adds the next bytes of the current input. gzip and zstd inputs are
  // recognised by their magic bytes and decompressed as they stream. Never
  // fails: problems are recorded in the input's errors, and later chunks of
  // a broken input are ignored.
  void Feed(std::string_view chunk);
  // Ends the current input and returns its record.
  const Input& EndFile();
  // Ends the current input early because its bytes could not be read;
  // what was imported so far is kept and the input is marked partial.
  const Input& AbortFile(const std::string& message);
  // Records an input that could not be read at all (e.g. open failed).
  void AddUnreadable(std::string name, const std::string& message);
  // Adds an input read ahead (core/app/read_ahead.h) and finished, as if it
  // had been read here now, and returns its record.
  const Input& Adopt(std::unique_ptr<ReadAhead> ahead);
  // Whether inputs may be read ahead: not under limits, which count every
  // input's bytes and findings as they are read, in turn.
  bool CanReadAhead() const {
    return allowance_->limit == 0 && max_findings_ == 0;
  }

  // The policy and threat intelligence used to prioritize (defaults: the
  // built-in policy and the built-in intel bundle).
  void SetPolicy(Policy policy) {
    policy_ = std::move(policy);
    store_.SetSites(policy_.sites);
  }
  void SetIntel(IntelLookup intel) { intel_ = std::move(intel); }
  // The decisions applied on every analysis (core/plan/decisions.h).
  void SetDecisions(Decisions decisions) { decisions_ = std::move(decisions); }
  // Prioritizes the findings read so far.
  Assessment Assess() const;
  // The remediation plan of `assessment` (this analyzer's Assess()), with
  // the decisions applied; see exposure::MakePlan for `runner`.
  Plan MakePlan(const Assessment& assessment,
                const TaskRunner* runner = nullptr) const {
    return exposure::MakePlan(store_, assessment, decisions_, runner);
  }

  // The attack paths of `assessment` and `plan` (this analyzer's) under the
  // policy (core/paths/path_search.h).
  PathReport AttackPaths(const Assessment& assessment, const Plan& plan) const {
    return MakePathReport(store_, assessment, plan, policy_);
  }
  const Policy& policy() const { return policy_; }
  // `exposure paths --format FORMAT --jewel SELECTOR...` of the files
  // ended so far. A selector names a jewel by its id ("asset:a-…"), its
  // asset id ("a-…") or its label (glob); none: every jewel. The jewels are
  // chosen before the search, so the fix set is the one for them. An error
  // for an unknown format, or when selectors name no jewel (`*no_jewel`).
  Result<std::string> RenderAttackPaths(std::string_view format,
                                        const std::vector<std::string>& jewels,
                                        bool* no_jewel = nullptr) const;

  // Limits for analyses of untrusted uploads (the edge worker's per-request
  // limits); 0 means no limit, the default. `max_plain_bytes`: the
  // decompressed bytes of all inputs together; `max_findings`: the findings
  // of all inputs together. Past either, the input being read stops there
  // with an error in its record, no later input is read, and
  // LimitExceeded() says which limit it was. Call before the first file.
  void SetLimits(uint64_t max_plain_bytes, uint64_t max_findings) {
    allowance_->limit = max_plain_bytes;
    max_findings_ = max_findings;
  }
  // Counts this analysis's decompressed bytes in `allowance`, which other
  // analyses may share (the snapshots of one diff request), from the next
  // file on. Its limit is theirs: set it there or with SetLimits.
  void ShareByteAllowance(std::shared_ptr<ByteAllowance> allowance) {
    allowance_ = std::move(allowance);
  }
  // "" while within the limits; else the message naming the limit passed
  // ("the inputs exceed the limit of N decompressed bytes per analysis").
  std::string LimitExceeded() const;

  // Lets findings and the report's layout beyond `memory_budget` bytes go
  // to `spill` (see Store::SetSpill), so the memory an analysis holds stays
  // about the budget whatever the input size. Call before the first file.
  void SetSpill(std::unique_ptr<SpillSpace> spill, size_t memory_budget) {
    spill_ = std::move(spill);
    store_.SetSpill(spill_.get(), memory_budget);
  }

  // The full JSON report of the inputs ended so far.
  std::string ReportJson(ReportLayout layout = ReportLayout::kLines) const;
  // What `exposure coverage --format json` prints for the inputs ended so
  // far (core/render/coverage_report.h).
  std::string CoverageJson() const;
  // The same bytes (or, with ReportDetail::kTable, a findings table's
  // subset), handed to `sink` in pieces as they are rendered. An error
  // means spilled data could not be read back: the report is then
  // incomplete (see RenderJsonReport).
  Status WriteReportJson(const std::function<void(std::string_view)>& sink,
                         ReportDetail detail = ReportDetail::kFull,
                         ReportLayout layout = ReportLayout::kLines) const;
  // The report of the inputs ended so far, pulled a piece at a time (see
  // ReportStream): assessed when opened, rendered as it is read. The
  // analyzer must outlive it and take no input while it is read.
  class Report {
   public:
    Report(const Store& store,
           Assessment assessment,
           const Decisions& decisions,
           const Policy& policy,
           ReportDetail detail,
           ReportLayout layout)
        : assessment_(std::move(assessment)),
          plan_(exposure::MakePlan(store, assessment_, decisions)),
          paths_(MakePathReport(store, assessment_, plan_, policy)),
          stream_(store, assessment_, detail, &plan_, &paths_, layout) {}
    // The next piece, valid until the next call; empty at the end.
    std::string_view Next() { return stream_.Next(); }
    // See ReportStream::status().
    Status status() const { return stream_.status(); }

   private:
    Assessment assessment_;  // before plan_ and stream_, which refer to it
    Plan plan_;
    PathReport paths_;
    ReportStream stream_;
  };
  std::unique_ptr<Report> OpenReport(
      ReportDetail detail = ReportDetail::kFull,
      ReportLayout layout = ReportLayout::kLines) const {
    return std::make_unique<Report>(store_, Assess(), decisions_, policy_,
                                    detail, layout);
  }
  const Store& store() const { return store_; }

 private:
  // Writes what the current input's chain learnt into its record.
  void RecordInput();
  void CloseChain();
  // Stops the current input because the findings limit was passed.
  void StopAtFindingLimit();

  std::unique_ptr<SpillSpace> spill_;  // before store_, which points to it
  Store store_;
  Policy policy_;
  IntelLookup intel_;
  Decisions decisions_;
  bool open_ = false;
  size_t input_ = 0;
  // The current input's sink (made once its format is known) and chain;
  // the sink outlives the importer in the chain that writes to it.
  std::unique_ptr<StoreSink> sink_;
  std::unique_ptr<InputChain> chain_;
  bool stopped_ = false;  // a stage broke: later chunks are ignored
  // See SetLimits.
  std::shared_ptr<ByteAllowance> allowance_ = std::make_shared<ByteAllowance>();
  uint64_t max_findings_ = 0;
  bool findings_exceeded_ = false;
};

// The risk model's view of `bundle` (shared, so the lookup may outlive the
// caller's copy).
IntelLookup IntelLookupIn(const std::shared_ptr<const IntelBundle>& bundle);

// The format id of an input whose first bytes are `head` (`complete` when
// that is the whole input), or "" if unknown (see FormatDetector).
std::string DetectFormat(std::string_view head, bool complete);

}  // namespace exposure

#endif  // CORE_APP_ANALYZER_H_
