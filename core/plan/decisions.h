// Decisions people record about findings: risk accepted, a false positive,
// not affected (VEX), or deferred to a date. A decisions file
// (`--decisions FILE`, documented in docs/mobilization.md) is applied on
// every analysis: a decided finding keeps its score but takes the
// decision's status and leaves open risk and the remediation plan, until
// the decision's `until` date has passed.
#ifndef CORE_PLAN_DECISIONS_H_
#define CORE_PLAN_DECISIONS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"

namespace exposure {

enum class DecisionStatus : uint8_t {
  kAccepted = 0,
  kFalsePositive,
  kNotAffected,
  kDeferred,
};
constexpr int kDecisionStatusCount = 4;
// "accepted", "false_positive", "not_affected", "deferred".
const char* DecisionStatusName(DecisionStatus s);

// OpenVEX's justifications for "not_affected" (CycloneDX maps them, see
// CycloneDxJustification).
enum class VexJustification : uint8_t {
  kNone = 0,
  kComponentNotPresent,
  kVulnerableCodeNotPresent,
  kVulnerableCodeNotInExecutePath,
  kVulnerableCodeCannotBeControlledByAdversary,
  kInlineMitigationsAlreadyExist,
};
// OpenVEX's spelling ("component_not_present", ...); "" for kNone.
const char* VexJustificationName(VexJustification j);
// CycloneDX 1.6's analysis.justification for the same meaning
// ("code_not_present", "code_not_reachable", "requires_environment",
// "protected_by_mitigating_control"); "" for kNone.
const char* CycloneDxJustification(VexJustification j);

// Which findings a decision applies to: every given condition must hold.
struct DecisionMatch {
  std::string finding;    // a finding id, "f-..." (with "-N" or without)
  std::string rule;       // "format:rule_id" as the report writes it
  std::string cve;        // a CVE or another vulnerability id (alias)
  std::string asset;      // an asset id, name, host name, FQDN or address
  std::string component;  // a purl; without "@version", any version
};

struct Decision {
  DecisionMatch match;
  DecisionStatus status = DecisionStatus::kAccepted;
  VexJustification justification = VexJustification::kNone;
  std::string by;      // who decided
  std::string reason;  // why, in their words
  std::string until;   // YYYY-MM-DD after which it lapses; "" never
};

struct Decisions {
  std::vector<Decision> list;
};

// Parses {"decisions": [...]}; errors name the entry and member at fault
// ("decisions[2].status: expected one of ...").
Result<Decisions> ParseDecisions(std::string_view json);
// The file a set of decisions is kept in, as ParseDecisions reads it:
// indented JSON ending in a line break, members in a fixed order.
std::string RenderDecisions(const Decisions& decisions);

}  // namespace exposure

#endif  // CORE_PLAN_DECISIONS_H_
