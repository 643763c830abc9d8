// Mobilization: the remediation plan. Teams apply upgrades, patches and
// configuration changes, not findings; the plan groups every open finding
// with a known fix into the one action that removes it, ranks the actions
// by the risk they remove, and applies the decisions people recorded
// (core/plan/decisions.h). The rules are documented in docs/mobilization.md.
#ifndef CORE_PLAN_PLAN_H_
#define CORE_PLAN_PLAN_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/task_runner.h"
#include "core/correlate/report_ids.h"
#include "core/correlate/store.h"
#include "core/plan/decisions.h"
#include "core/plan/vex.h"
#include "core/score/risk.h"

namespace exposure {

enum class ActionKind : uint8_t {
  kUpgrade = 0,  // a package or product to a fixed version
  kPatch,        // a vendor patch, KB or the fix a scanner's solution names
  kConfigure,    // a configuration rule to satisfy
  kMitigate,     // a workaround, or revoking and rotating a secret
};
// "upgrade", "patch", "configure", "mitigate".
const char* ActionKindName(ActionKind k);

// What an action changes. Which members are set depends on its kind and on
// what the exports name.
struct ActionTarget {
  // Upgrades: the package (or product a host scanner names), its ecosystem
  // (the scanner's package type; "" for a product), the installed version
  // ("" when the findings name several or none) and the version to install.
  std::string component;
  std::string ecosystem;
  std::string from;
  std::string to;
  std::string fix;       // a vendor fix id: "KB5005565"
  std::string solution;  // the solution text the findings share
  std::string rule;      // "format:rule_id" for a configuration or secret
};

struct Action {
  std::string id;  // "act-" and 16 hex digits of what the fix is
  ActionKind kind = ActionKind::kPatch;
  std::string title;
  ActionTarget target;
  std::vector<uint32_t> findings;  // finding indexes, ascending
  std::vector<uint32_t> assets;    // asset indexes, ascending
  uint32_t kev = 0;                // of its findings, those on KEV
  uint64_t risk_removed = 0;       // the sum of its findings' risk
  // Share of all open risk removed by this action and those before it, in
  // tenths of a percent (0-1000).
  int cumulative_tenths = 0;
  std::string due;    // the earliest due date of its findings; "" none
  std::string owner;  // the most common owner of its assets; "" none
  Severity severity = Severity::kInfo;  // the worst of its findings
  // The most urgent SSVC deployer priority of its findings.
  DeployerPriority priority = DeployerPriority::kDefer;
};

// The plan for one assessment, with what each finding became.
struct Plan {
  std::vector<std::string> asset_keys;  // ReportAssetKey, by asset index
  FindingIds ids;
  Decisions decisions;

  static constexpr int32_t kNoDecision = -1;
  static constexpr uint32_t kNoAction = 0xFFFFFFFF;
  // By finding index: the decision that applies (its index in
  // decisions.list), whether a decision matched but lapsed (its `until`
  // before the assessment's as_of), and its action.
  std::vector<int32_t> decision;
  std::vector<uint8_t> expired;
  std::vector<uint32_t> action;

  std::vector<Action> actions;  // by risk removed, then id
  // Open findings: IsOpen().
  size_t open = 0;
  uint64_t open_risk = 0;
  // Open findings that need a fix (not information, some risk or a
  // severity above info) but that no action removes.
  size_t without_action = 0;
  size_t decided[kDecisionStatusCount] = {};
  size_t expired_count = 0;

  // What the VEX statements of every input decide (core/plan/vex.h).
  VexResults vex;

  const Decision* DecisionOf(size_t finding) const {
    return decision[finding] == kNoDecision
               ? nullptr
               : &decisions.list[static_cast<size_t>(decision[finding])];
  }
  // The status a report writes: the decision's; else "not_affected" or
  // "fixed" when a VEX statement says so; else the tool's.
  const char* StatusName(size_t finding, FindingStatus tool) const {
    const Decision* d = DecisionOf(finding);
    if (d != nullptr)
      return DecisionStatusName(d->status);
    return vex.Closes(finding) ? VexStatusName(vex.StatusOf(finding))
                               : FindingStatusName(tool);
  }
  // Whether the status StatusName() writes says the finding is not real
  // here: not affected or a false positive (the validation ladder's -1).
  bool Refuted(size_t finding, FindingStatus tool) const {
    if (const Decision* d = DecisionOf(finding)) {
      return d->status == DecisionStatus::kNotAffected ||
             d->status == DecisionStatus::kFalsePositive;
    }
    if (vex.Closes(finding))
      return vex.StatusOf(finding) == VexStatus::kNotAffected;
    return tool == FindingStatus::kNotAffected ||
           tool == FindingStatus::kFalsePositive;
  }
  // The tool's status is "open", no decision applies and no VEX statement
  // says not_affected or fixed.
  bool IsOpen(size_t finding, FindingStatus tool) const {
    return tool == FindingStatus::kOpen && decision[finding] == kNoDecision &&
           !vex.Closes(finding);
  }
};

// Applies `decisions` and the store's VEX statements to the store's
// findings (decisions as of `assessment.as_of`, and before VEX) and groups
// the open ones into actions. With a `runner`, each finding's decision and
// fix are worked out in tasks (while no findings are spilled); the plan is
// the same.
Plan MakePlan(const Store& store,
              const Assessment& assessment,
              Decisions decisions,
              const TaskRunner* runner = nullptr);

// What a finding's fix is, as the plan groups it (exposed for its tests).
struct FixKey {
  ActionKind kind = ActionKind::kPatch;
  std::string key;  // equal keys, one action; "" when no fix is known
  ActionTarget target;
};
// `rule_key` is "format:rule_id".
FixKey FixOf(const Finding& f, std::string_view rule_key);

// The KB number ("KB" and 6 or 7 digits) `text` names first; "" for none.
std::string FindKb(std::string_view text);
// The Microsoft security bulletin ("MS17-010") `text` names first; "" for
// none.
std::string FindBulletin(std::string_view text);

}  // namespace exposure

#endif  // CORE_PLAN_PLAN_H_
