// Gates for CI: `--fail-on EXPR` conditions that fail a build when open
// findings meet them (exit code 3). Only open findings count: a finding a
// decision covers (accepted, false positive, not affected, deferred) or
// that its tool marked fixed or suppressed never trips a gate.
//
//   EXPR  := ["new:"] CONDITION
//   CONDITION := "kev"
//              | "severity" OP (info|low|medium|high|critical)
//              | "risk" OP 0..1000
//              | "epss" OP 0..1 (a probability, e.g. 0.5)
//              | "decision" OP (defer|scheduled|out-of-cycle|immediate)
//              | "decision" OP (track|track*|attend|act)   (CISA's levels)
//   OP := ">=" | ">" | "=" | "<=" | "<"
//
// "new:" limits a gate to findings new since the previous scan, which only
// a comparison of two scans knows.
#ifndef CORE_PLAN_GATES_H_
#define CORE_PLAN_GATES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/correlate/store.h"
#include "core/plan/plan.h"
#include "core/score/risk.h"

namespace exposure {

struct Gate {
  enum class Field : uint8_t {
    kKev,
    kSeverity,
    kRisk,
    kEpss,
    kDecision,
    kCisa
  };
  enum class Op : uint8_t { kGe, kGt, kEq, kLe, kLt };
  std::string text;  // as given, for messages
  bool new_only = false;
  Field field = Field::kKev;
  Op op = Op::kGe;
  int value = 0;  // severity or decision rank, risk, EPSS x100000
};

// Parses one --fail-on expression; the error says what was expected.
Result<Gate> ParseGate(std::string_view text);

// What a gate's condition reads of a finding.
struct GateValues {
  bool kev = false;
  Severity severity = Severity::kInfo;
  int risk = 0;
  int epss = -1;  // x100000, -1 unknown
  DeployerPriority decision = DeployerPriority::kDefer;
  CisaLevel cisa = CisaLevel::kTrack;
};
bool GateHolds(const Gate& gate, const GateValues& values);

// Whether finding `f` (assessed as `fa`) meets the gate's condition
// ("new:" aside).
bool GateHolds(const Gate& gate, const Finding& f, const FindingAssessment& fa);

// For each gate, how many open findings of the analysis trip it. A "new:"
// gate counts nothing here (see its comparison of scans).
std::vector<uint64_t> CountGateFindings(const Store& store,
                                        const Assessment& assessment,
                                        const Plan& plan,
                                        const std::vector<Gate>& gates);

}  // namespace exposure

#endif  // CORE_PLAN_GATES_H_
