#include "core/plan/gates.h"

#include <utility>

#include "core/base/epss.h"
#include "core/base/strings.h"
#include "core/correlate/finding_table.h"

namespace exposure {

namespace {

constexpr const char* kCondition =
    "kev, severity|risk|epss|decision followed by >=, >, =, <= or < and a "
    "value";

bool Compare(Gate::Op op, int a, int b) {
  switch (op) {
    case Gate::Op::kGe:
      return a >= b;
    case Gate::Op::kGt:
      return a > b;
    case Gate::Op::kEq:
      return a == b;
    case Gate::Op::kLe:
      return a <= b;
    case Gate::Op::kLt:
      return a < b;
  }
  return false;
}

// The operator at the start of `*text`, removed from it.
bool TakeOp(std::string_view* text, Gate::Op* op) {
  static constexpr std::pair<const char*, Gate::Op> kOps[] = {
      {">=", Gate::Op::kGe}, {"<=", Gate::Op::kLe}, {">", Gate::Op::kGt},
      {"<", Gate::Op::kLt},  {"==", Gate::Op::kEq}, {"=", Gate::Op::kEq}};
  for (const auto& [spelling, value] : kOps) {
    const std::string_view s(spelling);
    if (text->substr(0, s.size()) == s) {
      text->remove_prefix(s.size());
      *op = value;
      return true;
    }
  }
  return false;
}

}  // namespace

Result<Gate> ParseGate(std::string_view text) {
  Gate g;
  g.text = std::string(text);
  std::string_view rest = Trim(text);
  const auto fail = [&](const std::string& why) {
    return Status::Error("--fail-on " + g.text + ": " + why);
  };
  if (rest.substr(0, 4) == "new:") {
    g.new_only = true;
    rest.remove_prefix(4);
  }
  size_t name_end = 0;
  while (name_end < rest.size() &&
         ((rest[name_end] >= 'a' && rest[name_end] <= 'z') ||
          rest[name_end] == '_'))
    ++name_end;
  const std::string name = ToLower(rest.substr(0, name_end));
  rest.remove_prefix(name_end);
  if (name == "kev") {
    if (!Trim(rest).empty())
      return fail("kev takes no value");
    g.field = Gate::Field::kKev;
    return g;
  }
  rest = Trim(rest);
  if (!TakeOp(&rest, &g.op))
    return fail(std::string("expected ") + kCondition);
  const std::string value = ToLower(Trim(rest));
  if (name == "severity") {
    Severity s;
    if (!ParseSeverity(value, &s))
      return fail("severity is one of info, low, medium, high, critical");
    g.field = Gate::Field::kSeverity;
    g.value = static_cast<int>(s);
  } else if (name == "risk") {
    uint32_t v = 0;
    if (!ParseUint32(value, &v) || v > 1000)
      return fail("risk is a whole number from 0 to 1000");
    g.field = Gate::Field::kRisk;
    g.value = static_cast<int>(v);
  } else if (name == "epss") {
    uint32_t v = 0;
    if (!ParseEpssFixed(value, &v) || v > 100000)
      return fail("epss is a probability from 0 to 1, e.g. 0.5");
    g.field = Gate::Field::kEpss;
    g.value = static_cast<int>(v);
  } else if (name == "decision") {
    bool found = false;
    for (int d = 0; d < 4 && !found; ++d) {
      if (value == Name(static_cast<DeployerPriority>(d))) {
        g.field = Gate::Field::kDecision;
        g.value = d;
        found = true;
      } else if (value == Name(static_cast<CisaLevel>(d))) {
        g.field = Gate::Field::kCisa;
        g.value = d;
        found = true;
      }
    }
    if (!found) {
      return fail(
          "decision is one of defer, scheduled, out-of-cycle, immediate "
          "(SSVC deployer) or track, track*, attend, act (CISA)");
    }
  } else {
    return fail(std::string("expected ") + kCondition);
  }
  return g;
}

bool GateHolds(const Gate& gate, const GateValues& v) {
  switch (gate.field) {
    case Gate::Field::kKev:
      return v.kev;
    case Gate::Field::kSeverity:
      return Compare(gate.op, static_cast<int>(v.severity), gate.value);
    case Gate::Field::kRisk:
      return Compare(gate.op, v.risk, gate.value);
    case Gate::Field::kEpss:
      return v.epss >= 0 && Compare(gate.op, v.epss, gate.value);
    case Gate::Field::kDecision:
      return Compare(gate.op, static_cast<int>(v.decision), gate.value);
    case Gate::Field::kCisa:
      return Compare(gate.op, static_cast<int>(v.cisa), gate.value);
  }
  return false;
}

bool GateHolds(const Gate& gate,
               const Finding& f,
               const FindingAssessment& fa) {
  return GateHolds(gate, GateValues{fa.kev, f.severity, fa.risk, fa.epss,
                                    fa.decision, fa.cisa});
}

std::vector<uint64_t> CountGateFindings(const Store& store,
                                        const Assessment& assessment,
                                        const Plan& plan,
                                        const std::vector<Gate>& gates) {
  std::vector<uint64_t> counts(gates.size(), 0);
  if (gates.empty())
    return counts;
  const FindingTable& table = store.findings();
  FindingTable::Reader reader(table, FindingTable::kOther);
  for (size_t i = 0; i < table.size(); ++i) {
    const Finding& f = reader.Read(i);
    if (!plan.IsOpen(i, f.status))
      continue;
    const FindingAssessment& fa = assessment.finding(i);
    for (size_t g = 0; g < gates.size(); ++g) {
      if (!gates[g].new_only && GateHolds(gates[g], f, fa))
        ++counts[g];
    }
  }
  return counts;
}

}  // namespace exposure
