// CVSS calculators. Sources of the formulas, weights and tables (facts from
// FIRST's specifications, re-expressed here as scaled integers):
//   v2.0: "A Complete Guide to the Common Vulnerability Scoring System
//         Version 2.0" (FIRST, 2007), sections 2.4 and 3.2.
//   v3.0: "CVSS v3.0 Specification Document" (FIRST), sections 6, 8.
//   v3.1: "CVSS v3.1 Specification Document" (FIRST), sections 6, 7 and
//         Appendix A (the Roundup function).
//   v4.0: "CVSS v4.0 Specification Document" (FIRST), sections 7, 8, and the
//         FIRST cvss-v4-calculator (BSD-2-Clause) data: the 270 macro-vector
//         scores (cvss_lookup.js), the highest vectors of each EQ level
//         (max_composed.js) and the maximal severity depths (max_severity.js).
//
// Why integers: every weight is a short decimal, so v2 and most of v3 can be
// computed exactly; the only transcendental-looking part, v3's
// 3.25 x (x - 0.02)^15 (^13 in v3.1's environmental score), is an integer
// power that we evaluate in 128-bit fixed point with 18 decimals (error below
// 1e-16, far from any rounding boundary). The results are therefore identical
// on every platform, including wasm32, and equal to exact arithmetic, which
// is what FIRST's reference data reflects.
#include "core/score/cvss.h"

#include <array>
#include <cstdint>

namespace exposure {
namespace {

// GCC and Clang provide a 128-bit integer on every target this project builds
// for (x86-64, arm64 and wasm32).
using Int128 = __int128;

constexpr Int128 kE7 = 10000000;
constexpr Int128 kE10 = 10000000000;
constexpr Int128 kE16 = 10000000000000000;
constexpr Int128 kE17 = 100000000000000000;
constexpr Int128 kE18 = 1000000000000000000;
constexpr Int128 kE20 = kE10 * kE10;

// ---- Metric tables ---------------------------------------------------------

enum class Group : uint8_t { kBase, kTemporal, kEnvironmental, kSupplemental };

constexpr int kMaxValues = 6;
constexpr int kMaxMetrics = 32;

struct MetricDef {
  std::string_view name;
  Group group;
  // Value abbreviations; each version's weight tables are indexed alike.
  // Empty entries pad the array.
  std::array<std::string_view, kMaxValues> values;
};

struct VersionSpec {
  CvssVersion version;
  std::string_view label;  // for messages: "CVSS v3.1"
  const MetricDef* metrics;
  int count;
  bool ordered;  // metrics must appear in table order
  std::string_view not_defined;
  const uint8_t* by_name;  // metric indexes in std::map key order
};

// Metric indexes sorted by name, computed at compile time.
template <size_t N>
constexpr std::array<uint8_t, N> SortedByName(const MetricDef (&defs)[N]) {
  std::array<uint8_t, N> order{};
  for (size_t i = 0; i < N; ++i) {
    size_t j = i;
    while (j > 0 && defs[i].name < defs[order[j - 1]].name) {
      order[j] = order[j - 1];
      --j;
    }
    order[j] = static_cast<uint8_t>(i);
  }
  return order;
}

// v2.0, in the guide's order (section 2.4). "ND" is Not Defined.
enum V2Metric {
  kV2AV,
  kV2AC,
  kV2Au,
  kV2C,
  kV2I,
  kV2A,
  kV2E,
  kV2RL,
  kV2RC,
  kV2CDP,
  kV2TD,
  kV2CR,
  kV2IR,
  kV2AR,
  kV2Count
};
constexpr Group kB = Group::kBase;
constexpr Group kT = Group::kTemporal;
constexpr Group kEnv = Group::kEnvironmental;
constexpr Group kSup = Group::kSupplemental;

constexpr MetricDef kV2Metrics[kV2Count] = {
    {"AV", kB, {"L", "A", "N"}},
    {"AC", kB, {"H", "M", "L"}},
    {"Au", kB, {"M", "S", "N"}},
    {"C", kB, {"N", "P", "C"}},
    {"I", kB, {"N", "P", "C"}},
    {"A", kB, {"N", "P", "C"}},
    {"E", kT, {"U", "POC", "F", "H", "ND"}},
    {"RL", kT, {"OF", "TF", "W", "U", "ND"}},
    {"RC", kT, {"UC", "UR", "C", "ND"}},
    {"CDP", kEnv, {"N", "L", "LM", "MH", "H", "ND"}},
    {"TD", kEnv, {"N", "L", "M", "H", "ND"}},
    {"CR", kEnv, {"L", "M", "H", "ND"}},
    {"IR", kEnv, {"L", "M", "H", "ND"}},
    {"AR", kEnv, {"L", "M", "H", "ND"}},
};

// v2.0 weights (guide section 3.2.1-3.2.3), scaled as noted.
constexpr int kV2AccessVector[] = {395, 646, 1000};             // x1000
constexpr int kV2AccessComplexity[] = {35, 61, 71};             // x100
constexpr int kV2Authentication[] = {450, 560, 704};            // x1000
constexpr int kV2ImpactWeight[] = {0, 275, 660};                // x1000
constexpr int kV2Exploitability[] = {85, 90, 95, 100, 100};     // x100
constexpr int kV2Remediation[] = {87, 90, 95, 100, 100};        // x100
constexpr int kV2Confidence[] = {90, 95, 100, 100};             // x100
constexpr int kV2CollateralDamage[] = {0, 1, 3, 4, 5, 0};       // x10
constexpr int kV2TargetDistribution[] = {0, 25, 75, 100, 100};  // x100
constexpr int kV2Requirement[] = {50, 100, 151, 100};           // x100

// v3.0/v3.1, in the order of the specification's Table 15.
enum V3Metric {
  kV3AV,
  kV3AC,
  kV3PR,
  kV3UI,
  kV3S,
  kV3C,
  kV3I,
  kV3A,
  kV3E,
  kV3RL,
  kV3RC,
  kV3CR,
  kV3IR,
  kV3AR,
  kV3MAV,
  kV3MAC,
  kV3MPR,
  kV3MUI,
  kV3MS,
  kV3MC,
  kV3MI,
  kV3MA,
  kV3Count
};
// A modified metric's value i (i >= 1) is its base metric's value i - 1.
constexpr int kV3ModifiedOffset = kV3MAV - kV3AV;

constexpr MetricDef kV3Metrics[kV3Count] = {
    {"AV", kB, {"N", "A", "L", "P"}},
    {"AC", kB, {"L", "H"}},
    {"PR", kB, {"N", "L", "H"}},
    {"UI", kB, {"N", "R"}},
    {"S", kB, {"U", "C"}},
    {"C", kB, {"H", "L", "N"}},
    {"I", kB, {"H", "L", "N"}},
    {"A", kB, {"H", "L", "N"}},
    {"E", kT, {"X", "H", "F", "P", "U"}},
    {"RL", kT, {"X", "U", "W", "T", "O"}},
    {"RC", kT, {"X", "C", "R", "U"}},
    {"CR", kEnv, {"X", "H", "M", "L"}},
    {"IR", kEnv, {"X", "H", "M", "L"}},
    {"AR", kEnv, {"X", "H", "M", "L"}},
    {"MAV", kEnv, {"X", "N", "A", "L", "P"}},
    {"MAC", kEnv, {"X", "L", "H"}},
    {"MPR", kEnv, {"X", "N", "L", "H"}},
    {"MUI", kEnv, {"X", "N", "R"}},
    {"MS", kEnv, {"X", "U", "C"}},
    {"MC", kEnv, {"X", "H", "L", "N"}},
    {"MI", kEnv, {"X", "H", "L", "N"}},
    {"MA", kEnv, {"X", "H", "L", "N"}},
};

// v3.x weights (v3.1 section 7.4; v3.0 section 8.4 has the same), x100.
constexpr int kV3AttackVector[] = {85, 62, 55, 20};
constexpr int kV3AttackComplexity[] = {77, 44};
constexpr int kV3PrivilegesUnchanged[] = {85, 62, 27};
constexpr int kV3PrivilegesChanged[] = {85, 68, 50};
constexpr int kV3UserInteraction[] = {85, 62};
constexpr int kV3ImpactWeight[] = {56, 22, 0};
constexpr int kV3ExploitMaturity[] = {100, 100, 97, 94, 91};
constexpr int kV3Remediation[] = {100, 100, 97, 96, 95};
constexpr int kV3Confidence[] = {100, 100, 96, 92};
constexpr int kV3Requirement[] = {100, 150, 100, 50};

// v4.0, in the order of the specification's Table 23.
enum V4Metric {
  kV4AV,
  kV4AC,
  kV4AT,
  kV4PR,
  kV4UI,
  kV4VC,
  kV4VI,
  kV4VA,
  kV4SC,
  kV4SI,
  kV4SA,
  kV4E,
  kV4CR,
  kV4IR,
  kV4AR,
  kV4MAV,
  kV4MAC,
  kV4MAT,
  kV4MPR,
  kV4MUI,
  kV4MVC,
  kV4MVI,
  kV4MVA,
  kV4MSC,
  kV4MSI,
  kV4MSA,
  kV4S,
  kV4AU,
  kV4R,
  kV4V,
  kV4RE,
  kV4U,
  kV4Count
};
constexpr int kV4ModifiedOffset = kV4MAV - kV4AV;

constexpr MetricDef kV4Metrics[kV4Count] = {
    {"AV", kB, {"N", "A", "L", "P"}},
    {"AC", kB, {"L", "H"}},
    {"AT", kB, {"N", "P"}},
    {"PR", kB, {"N", "L", "H"}},
    {"UI", kB, {"N", "P", "A"}},
    {"VC", kB, {"H", "L", "N"}},
    {"VI", kB, {"H", "L", "N"}},
    {"VA", kB, {"H", "L", "N"}},
    {"SC", kB, {"H", "L", "N"}},
    {"SI", kB, {"H", "L", "N"}},
    {"SA", kB, {"H", "L", "N"}},
    {"E", kT, {"X", "A", "P", "U"}},
    {"CR", kEnv, {"X", "H", "M", "L"}},
    {"IR", kEnv, {"X", "H", "M", "L"}},
    {"AR", kEnv, {"X", "H", "M", "L"}},
    {"MAV", kEnv, {"X", "N", "A", "L", "P"}},
    {"MAC", kEnv, {"X", "L", "H"}},
    {"MAT", kEnv, {"X", "N", "P"}},
    {"MPR", kEnv, {"X", "N", "L", "H"}},
    {"MUI", kEnv, {"X", "N", "P", "A"}},
    {"MVC", kEnv, {"X", "H", "L", "N"}},
    {"MVI", kEnv, {"X", "H", "L", "N"}},
    {"MVA", kEnv, {"X", "H", "L", "N"}},
    {"MSC", kEnv, {"X", "H", "L", "N"}},
    {"MSI", kEnv, {"X", "S", "H", "L", "N"}},
    {"MSA", kEnv, {"X", "S", "H", "L", "N"}},
    {"S", kSup, {"X", "N", "P"}},
    {"AU", kSup, {"X", "N", "Y"}},
    {"R", kSup, {"X", "A", "U", "I"}},
    {"V", kSup, {"X", "D", "C"}},
    {"RE", kSup, {"X", "L", "M", "H"}},
    {"U", kSup, {"X", "Clear", "Green", "Amber", "Red"}},
};

constexpr std::array<uint8_t, kV2Count> kV2ByName = SortedByName(kV2Metrics);
constexpr std::array<uint8_t, kV3Count> kV3ByName = SortedByName(kV3Metrics);
constexpr std::array<uint8_t, kV4Count> kV4ByName = SortedByName(kV4Metrics);

constexpr VersionSpec kV2Spec = {CvssVersion::kV2, "CVSS v2", kV2Metrics,
                                 kV2Count,         true,      "ND",
                                 kV2ByName.data()};
constexpr VersionSpec kV30Spec = {CvssVersion::kV30, "CVSS v3.0", kV3Metrics,
                                  kV3Count,          false,       "X",
                                  kV3ByName.data()};
constexpr VersionSpec kV31Spec = {CvssVersion::kV31, "CVSS v3.1", kV3Metrics,
                                  kV3Count,          false,       "X",
                                  kV3ByName.data()};
constexpr VersionSpec kV40Spec = {CvssVersion::kV40, "CVSS v4.0", kV4Metrics,
                                  kV4Count,          true,        "X",
                                  kV4ByName.data()};

// ---- Parsing ---------------------------------------------------------------

// Value index of each metric (into MetricDef::values); -1 when absent.
struct Parsed {
  std::array<int, kMaxMetrics> value;
};

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string Quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '\'';
  out += s;
  out += '\'';
  return out;
}

Status Fail(const VersionSpec* spec,
            size_t offset,
            const std::string& message) {
  std::string text = spec != nullptr ? std::string(spec->label) : "CVSS";
  text += ": ";
  text += message;
  text += " (at offset ";
  text += std::to_string(offset);
  text += ")";
  Location where;
  where.byte_offset = offset;
  return Status::Error(std::move(text), where);
}

// Equality for the one- to five-letter names and values of a vector; an
// inline loop is several times cheaper here than memcmp.
bool Same(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i])
      return false;
  }
  return true;
}

std::string AllowedValues(const MetricDef& def) {
  std::string out;
  for (std::string_view v : def.values) {
    if (v.empty())
      break;
    if (!out.empty())
      out += ", ";
    out += v;
  }
  return out;
}

// Parses the "NAME:VALUE/NAME:VALUE" part of a vector. `body_offset` is the
// body's offset in the caller's input, for error locations.
Status ParseMetrics(const VersionSpec& spec,
                    std::string_view body,
                    size_t body_offset,
                    Parsed* out) {
  out->value.fill(-1);
  if (body.empty())
    return Fail(&spec, body_offset, "the vector has no metrics");
  int last_index = -1;
  size_t pos = 0;
  while (true) {
    size_t end = pos;
    size_t colon = std::string_view::npos;
    for (; end < body.size() && body[end] != '/'; ++end) {
      if (body[end] == ':' && colon == std::string_view::npos)
        colon = end - pos;
    }
    std::string_view part = body.substr(pos, end - pos);
    size_t at = body_offset + pos;
    if (part.empty()) {
      return Fail(&spec, at,
                  "empty metric (a doubled, leading or trailing '/')");
    }
    if (colon == std::string_view::npos) {
      return Fail(
          &spec, at,
          "malformed metric " + Quoted(part) + " (expected NAME:VALUE)");
    }
    std::string_view name = part.substr(0, colon);
    std::string_view value = part.substr(colon + 1);
    // Vectors almost always follow the table order, so the search starts
    // right after the previous metric.
    int index = -1;
    for (int k = 0, i = last_index + 1; k < spec.count; ++k, ++i) {
      if (i >= spec.count)
        i = 0;
      if (Same(spec.metrics[i].name, name)) {
        index = i;
        break;
      }
    }
    if (index < 0)
      return Fail(&spec, at, "unknown metric " + Quoted(name));
    const MetricDef& def = spec.metrics[index];
    if (out->value[index] >= 0)
      return Fail(&spec, at, "duplicated metric " + Quoted(name));
    if (spec.ordered && index < last_index) {
      return Fail(&spec, at,
                  "metric " + Quoted(name) + " is out of order (it must " +
                      "come before " + Quoted(spec.metrics[last_index].name) +
                      "; the specification fixes the order of metrics)");
    }
    int value_index = -1;
    for (int v = 0; v < kMaxValues && !def.values[v].empty(); ++v) {
      if (Same(def.values[v], value)) {
        value_index = v;
        break;
      }
    }
    if (value_index < 0) {
      if (def.group == Group::kBase && value == spec.not_defined) {
        return Fail(&spec, at,
                    "base metric " + Quoted(name) + " cannot be Not Defined (" +
                        std::string(spec.not_defined) + ")");
      }
      return Fail(&spec, at,
                  "invalid value " + Quoted(value) + " for metric " +
                      Quoted(name) + " (allowed: " + AllowedValues(def) + ")");
    }
    out->value[index] = value_index;
    last_index = index;
    if (end == body.size())
      break;
    pos = end + 1;
  }
  for (int i = 0; i < spec.count; ++i) {
    if (spec.metrics[i].group == Group::kBase && out->value[i] < 0) {
      return Fail(
          &spec, body_offset,
          "missing mandatory base metric " + Quoted(spec.metrics[i].name));
    }
  }
  return Status::Ok();
}

void FillMetrics(const VersionSpec& spec,
                 const Parsed& parsed,
                 CvssScores* out) {
  // Inserted in key order with an end() hint, so no insertion searches.
  for (int k = 0; k < spec.count; ++k) {
    const int i = spec.by_name[k];
    if (parsed.value[i] < 0)
      continue;
    const MetricDef& def = spec.metrics[i];
    out->metrics.emplace_hint(out->metrics.end(), std::string(def.name),
                              std::string(def.values[parsed.value[i]]));
  }
}

bool AnyDefined(const Parsed& parsed,
                const VersionSpec& spec,
                Group group,
                bool x_counts) {
  for (int i = 0; i < spec.count; ++i) {
    if (spec.metrics[i].group != group || parsed.value[i] < 0)
      continue;
    // Index 0 is "X" in v3.x/v4.0 tables; v2's "ND" is last and counts.
    if (x_counts || parsed.value[i] > 0)
      return true;
  }
  return false;
}

// ---- Shared arithmetic -----------------------------------------------------

// num / den rounded half up, for num >= 0, den > 0.
Int128 RoundHalfUp(Int128 num, Int128 den) {
  return (2 * num + den) / (2 * den);
}

// x^n in fixed point with 18 decimals (x given and returned as x * 1e18),
// truncating after each product; |x| <= 1e18 keeps products within 128 bits.
Int128 PowFixed18(Int128 x, int n) {
  Int128 r = x;
  for (int i = 1; i < n; ++i)
    r = r * x / kE18;
  return r;
}

// ---- CVSS v2.0 -------------------------------------------------------------

int V2Value(const Parsed& p, int metric) {
  // Absent temporal/environmental metrics are "ND", the last value.
  if (p.value[metric] >= 0)
    return p.value[metric];
  int last = 0;
  while (last + 1 < kMaxValues && !kV2Metrics[metric].values[last + 1].empty())
    ++last;
  return last;
}

// round_to_1_decimal(((0.6 x Impact) + (0.4 x Exploitability) - 1.5) x
// f(Impact)) in tenths, with impact scaled by 1e17 and exploitability by 1e8.
// Scores below zero (possible for the adjusted impact of a low-requirement
// vector) are held at 0: the guide defines every score on 0..10.
Int128 V2BaseTenths(Int128 impact17, Int128 exploitability8) {
  if (impact17 == 0)
    return 0;  // f(Impact) = 0
  Int128 inner18 = 6 * impact17 + 4 * exploitability8 * 1000000000 - 15 * kE17;
  if (inner18 <= 0)
    return 0;
  return RoundHalfUp(inner18 * 1176, 100 * kE18);  // x 1.176, to tenths
}

// round_to_1_decimal(score x E x RL x RC), all in tenths.
Int128 V2TemporalTenths(Int128 score_tenths, const Parsed& p) {
  Int128 v7 = score_tenths * kV2Exploitability[V2Value(p, kV2E)] *
              kV2Remediation[V2Value(p, kV2RL)] *
              kV2Confidence[V2Value(p, kV2RC)];
  return RoundHalfUp(v7, 1000000);
}

void ScoreV2(const Parsed& p, CvssScores* out) {
  const int c = kV2ImpactWeight[p.value[kV2C]];
  const int i = kV2ImpactWeight[p.value[kV2I]];
  const int a = kV2ImpactWeight[p.value[kV2A]];
  // Exploitability = 20 x AV x AC x Au, scaled by 1e8.
  const Int128 exploitability8 = Int128{20} * kV2AccessVector[p.value[kV2AV]] *
                                 kV2AccessComplexity[p.value[kV2AC]] *
                                 kV2Authentication[p.value[kV2Au]];
  // Impact = 10.41 x (1 - (1 - C)(1 - I)(1 - A)), scaled by 1e11, then 1e17.
  const Int128 untouched9 = Int128{1000 - c} * (1000 - i) * (1000 - a);
  const Int128 impact17 = 1041 * (1000000000 - untouched9) * 1000000;
  const Int128 base = V2BaseTenths(impact17, exploitability8);
  out->base = static_cast<int>(base);

  if (AnyDefined(p, kV2Spec, Group::kTemporal, true))
    out->temporal = static_cast<int>(V2TemporalTenths(base, p));

  if (AnyDefined(p, kV2Spec, Group::kEnvironmental, true)) {
    // AdjustedImpact = min(10, 10.41 x (1 - (1 - C x CR)(1 - I x IR)
    // (1 - A x AR))), products scaled by 1e5, the impact by 1e17.
    const Int128 cr = kV2Requirement[V2Value(p, kV2CR)];
    const Int128 ir = kV2Requirement[V2Value(p, kV2IR)];
    const Int128 ar = kV2Requirement[V2Value(p, kV2AR)];
    const Int128 untouched15 =
        (100000 - c * cr) * (100000 - i * ir) * (100000 - a * ar);
    Int128 adjusted17 = 1041 * (kE10 * 100000 - untouched15);
    if (adjusted17 > 10 * kE17)
      adjusted17 = 10 * kE17;
    const Int128 adjusted_temporal =
        V2TemporalTenths(V2BaseTenths(adjusted17, exploitability8), p);
    // (AdjustedTemporal + (10 - AdjustedTemporal) x CDP) x TD.
    const Int128 sum2 =
        adjusted_temporal * 10 +
        (100 - adjusted_temporal) * kV2CollateralDamage[V2Value(p, kV2CDP)];
    const Int128 env4 = sum2 * kV2TargetDistribution[V2Value(p, kV2TD)];
    out->environmental = static_cast<int>(RoundHalfUp(env4, 1000));
  }
  out->headline = out->base;
  out->severity = std::string(Cvss2Severity(out->base));
}

// ---- CVSS v3.0 / v3.1 ------------------------------------------------------

// Rounds a non-negative value (v / scale) up to one decimal, in tenths.
// v3.0: the smallest one-decimal number >= the input (a plain ceiling).
// v3.1: Appendix A's Roundup, which first rounds to five decimals (half up)
// so that values a hair above x.y score x.y.
int Roundup(Int128 v, Int128 scale, bool v31) {
  if (!v31)
    return static_cast<int>((v * 10 + scale - 1) / scale);
  const Int128 int_input = RoundHalfUp(v * 100000, scale);
  if (int_input % 10000 == 0)
    return static_cast<int>(int_input / 10000);
  return static_cast<int>(int_input / 10000 + 1);
}

// Impact sub score scaled by 1e20, from the impact sub score multiplier
// (ISS / MISS) scaled by 1e20:
//   unchanged: 6.42 x ISS
//   changed:   7.52 x (ISS - 0.029) - 3.25 x power_base^exponent
// with power_base scaled by 1e18.
Int128 V3Impact(Int128 iss20, bool changed, Int128 power_base18, int exponent) {
  if (!changed)
    return 642 * iss20 / 100;
  return 752 * (iss20 - 29 * kE17) / 100 -
         325 * PowFixed18(power_base18, exponent);
}

// Roundup(Minimum(Impact + Exploitability, 10)), with 1.08 x the sum when
// the scope changed; 0 when the impact is not positive.
int V3Subtotal(Int128 impact20,
               Int128 exploitability20,
               bool changed,
               bool v31) {
  if (impact20 <= 0)
    return 0;
  Int128 v = impact20 + exploitability20;
  Int128 scale = kE20;
  if (changed) {
    v *= 108;
    scale *= 100;
  }
  if (v > 10 * scale)
    v = 10 * scale;
  return Roundup(v, scale, v31);
}

// Value index of a base metric, or of its modified metric when defined.
int V3Effective(const Parsed& p, int base_metric) {
  int modified = p.value[base_metric + kV3ModifiedOffset];
  return modified > 0 ? modified - 1 : p.value[base_metric];
}

int V3TemporalIndex(const Parsed& p, int metric) {
  return p.value[metric] >= 0 ? p.value[metric] : 0;  // absent = X
}

void ScoreV3(const Parsed& p, bool v31, CvssScores* out) {
  // Base.
  const bool changed = p.value[kV3S] == 1;
  const Int128 untouched6 = Int128{100 - kV3ImpactWeight[p.value[kV3C]]} *
                            (100 - kV3ImpactWeight[p.value[kV3I]]) *
                            (100 - kV3ImpactWeight[p.value[kV3A]]);
  const Int128 iss20 = (1000000 - untouched6) * kE10 * 10000;
  const Int128 impact20 = V3Impact(iss20, changed, iss20 / 100 - 2 * kE16, 15);
  const int* privileges =
      changed ? kV3PrivilegesChanged : kV3PrivilegesUnchanged;
  const Int128 exploitability20 =
      Int128{822} * kV3AttackVector[p.value[kV3AV]] *
      kV3AttackComplexity[p.value[kV3AC]] * privileges[p.value[kV3PR]] *
      kV3UserInteraction[p.value[kV3UI]] * kE10;
  out->base = V3Subtotal(impact20, exploitability20, changed, v31);

  // Temporal: Roundup(Base x E x RL x RC), inputs scaled by 1e7.
  const Int128 temporal_factor =
      Int128{kV3ExploitMaturity[V3TemporalIndex(p, kV3E)]} *
      kV3Remediation[V3TemporalIndex(p, kV3RL)] *
      kV3Confidence[V3TemporalIndex(p, kV3RC)];
  out->temporal = Roundup(out->base * temporal_factor, kE7, v31);

  // Environmental.
  const bool m_changed = V3Effective(p, kV3S) == 1;
  const Int128 cr = kV3Requirement[V3TemporalIndex(p, kV3CR)];
  const Int128 ir = kV3Requirement[V3TemporalIndex(p, kV3IR)];
  const Int128 ar = kV3Requirement[V3TemporalIndex(p, kV3AR)];
  // MISS = Minimum(1 - (1 - CR x MC)(1 - IR x MI)(1 - AR x MA), 0.915),
  // products scaled by 1e4, MISS by 1e12.
  const Int128 m_untouched12 =
      (10000 - cr * kV3ImpactWeight[V3Effective(p, kV3C)]) *
      (10000 - ir * kV3ImpactWeight[V3Effective(p, kV3I)]) *
      (10000 - ar * kV3ImpactWeight[V3Effective(p, kV3A)]);
  Int128 miss12 = kE10 * 100 - m_untouched12;
  if (miss12 > 915 * Int128{1000000000})
    miss12 = 915 * Int128{1000000000};
  const Int128 miss20 = miss12 * 100000000;
  // v3.0: 3.25 x (MISS - 0.02)^15; v3.1: 3.25 x (MISS x 0.9731 - 0.02)^13.
  const Int128 power_base18 =
      v31 ? miss12 * 9731 * 100 - 2 * kE16 : miss20 / 100 - 2 * kE16;
  const Int128 m_impact20 =
      V3Impact(miss20, m_changed, power_base18, v31 ? 13 : 15);
  const int* m_privileges =
      m_changed ? kV3PrivilegesChanged : kV3PrivilegesUnchanged;
  const Int128 m_exploitability20 =
      Int128{822} * kV3AttackVector[V3Effective(p, kV3AV)] *
      kV3AttackComplexity[V3Effective(p, kV3AC)] *
      m_privileges[V3Effective(p, kV3PR)] *
      kV3UserInteraction[V3Effective(p, kV3UI)] * kE10;
  const int m_subtotal =
      V3Subtotal(m_impact20, m_exploitability20, m_changed, v31);
  out->environmental = Roundup(m_subtotal * temporal_factor, kE7, v31);

  const VersionSpec& spec = v31 ? kV31Spec : kV30Spec;
  if (AnyDefined(p, spec, Group::kEnvironmental, false))
    out->headline = out->environmental;
  else if (AnyDefined(p, spec, Group::kTemporal, false))
    out->headline = out->temporal;
  else
    out->headline = out->base;
  out->severity = std::string(CvssSeverity(out->headline));
}

// ---- CVSS v4.0 -------------------------------------------------------------

// Scores of the 270 macro-vectors, in tenths, from FIRST's cvss-v4-calculator
// (cvss_lookup.js). Indexed as in V4MacroScore(); -1 marks the 54 combinations
// that cannot occur (EQ3 = 2 with EQ6 = 0). Each row is one EQ1 EQ2 EQ3
// prefix; within a row EQ4, EQ5, EQ6 count up: 000 001 010 011 020 021 100
// ... 221.
// clang-format off
constexpr int8_t kV4MacroScores[3 * 2 * 3 * 3 * 3 * 2] = {
    // 000xxx
    100, 99, 98, 95, 95, 92, 100, 96, 93, 87, 91, 81, 93, 90, 89, 80, 81, 68,
    // 001xxx
    98, 95, 95, 92, 90, 84, 93, 92, 89, 81, 81, 65, 88, 80, 78, 70, 69, 48,
    // 002xxx
    -1, 92, -1, 82, -1, 72, -1, 79, -1, 69, -1, 50, -1, 69, -1, 55, -1, 27,
    // 010xxx
    99, 97, 95, 92, 92, 85, 95, 91, 90, 83, 84, 71, 92, 81, 82, 71, 72, 53,
    // 011xxx
    95, 93, 92, 85, 85, 73, 92, 82, 80, 72, 70, 59, 84, 70, 71, 52, 50, 30,
    // 012xxx
    -1, 86, -1, 75, -1, 52, -1, 71, -1, 52, -1, 29, -1, 63, -1, 29, -1, 17,
    // 100xxx
    98, 95, 94, 87, 91, 81, 94, 89, 86, 74, 77, 64, 87, 75, 74, 63, 63, 49,
    // 101xxx
    94, 89, 88, 77, 76, 67, 86, 76, 74, 58, 59, 50, 72, 57, 57, 52, 52, 25,
    // 102xxx
    -1, 83, -1, 70, -1, 54, -1, 65, -1, 58, -1, 26, -1, 53, -1, 21, -1, 13,
    // 110xxx
    95, 90, 88, 76, 76, 70, 90, 77, 75, 62, 61, 53, 77, 66, 68, 59, 52, 30,
    // 111xxx
    89, 78, 76, 67, 62, 58, 74, 59, 57, 57, 47, 23, 61, 52, 57, 29, 24, 16,
    // 112xxx
    -1, 71, -1, 59, -1, 30, -1, 58, -1, 26, -1, 15, -1, 23, -1, 13, -1, 6,
    // 200xxx
    93, 87, 86, 72, 75, 58, 86, 74, 74, 61, 56, 34, 70, 54, 52, 40, 40, 22,
    // 201xxx
    85, 75, 74, 55, 62, 51, 72, 57, 55, 41, 46, 19, 53, 36, 34, 19, 19, 8,
    // 202xxx
    -1, 64, -1, 51, -1, 20, -1, 47, -1, 21, -1, 11, -1, 24, -1, 9, -1, 4,
    // 210xxx
    88, 75, 73, 53, 60, 50, 73, 55, 59, 40, 41, 20, 54, 43, 45, 22, 20, 11,
    // 211xxx
    75, 55, 58, 45, 40, 21, 61, 51, 48, 18, 20, 9, 46, 18, 17, 7, 8, 2,
    // 212xxx
    -1, 53, -1, 24, -1, 14, -1, 24, -1, 12, -1, 5, -1, 10, -1, 3, -1, 1,
};
// clang-format on

// Upper bounds of each EQ level; a level at its bound has no lower level.
constexpr int kV4EqLevels[6] = {3, 2, 3, 3, 3, 2};

// The macro-vector's score in tenths, or -1 if it does not exist.
int V4MacroScore(const int eq[6]) {
  int index = 0;
  for (int k = 0; k < 6; ++k) {
    if (eq[k] < 0 || eq[k] >= kV4EqLevels[k])
      return -1;
    index = index * kV4EqLevels[k] + eq[k];
  }
  return kV4MacroScores[index];
}

// Severity levels (in steps of 0.1, here as integers) of each value, as in
// the calculator: the position of the value in these strings. SC uses the
// SI/SA order because its levels start at 1 (H) like theirs; it is never S.
constexpr std::string_view kV4OrderAV = "NALP";
constexpr std::string_view kV4OrderPR = "NLH";
constexpr std::string_view kV4OrderUI = "NPA";
constexpr std::string_view kV4OrderAC = "LH";
constexpr std::string_view kV4OrderAT = "NP";
constexpr std::string_view kV4OrderImpact = "HLN";       // VC, VI, VA
constexpr std::string_view kV4OrderSubsequent = "SHLN";  // SC, SI, SA
constexpr std::string_view kV4OrderRequirement = "HML";  // CR, IR, AR

// The highest-severity vectors of each EQ level (max_composed.js), as the
// values of the metrics listed for each part, in the calculator's order.
// EQ1: AV PR UI.
constexpr std::string_view kV4MaxEq1[3][3] = {{"NNN"},
                                              {"ANN", "NLN", "NNP"},
                                              {"PNN", "ALP"}};
// EQ2: AC AT.
constexpr std::string_view kV4MaxEq2[2][2] = {{"LN"}, {"HN", "LP"}};
// EQ3 and EQ6 together: VC VI VA CR IR AR, by [EQ3][EQ6].
constexpr std::string_view kV4MaxEq3Eq6[3][2][5] = {
    {{"HHHHHH"}, {"HHLMMH", "HHHMMM"}},
    {{"LHHHHH", "HLHHHH"}, {"LHLHMH", "LHHHMM", "HLHMHM", "HLLMHH", "LLHHHM"}},
    {{}, {"LLLHHH"}}};
// EQ4: SC SI SA.
constexpr std::string_view kV4MaxEq4[3][1] = {{"HSS"}, {"HHH"}, {"LLL"}};

// Depth of each EQ level in severity steps (max_severity.js).
constexpr int kV4DepthEq1[3] = {1, 4, 5};
constexpr int kV4DepthEq2[2] = {1, 2};
constexpr int kV4DepthEq3Eq6[3][2] = {{7, 6}, {8, 8}, {0, 10}};
constexpr int kV4DepthEq4[3] = {6, 5, 4};

// The values v4.0 scoring uses: modified metrics replace base ones, E:X
// counts as A and CR/IR/AR:X as H.
struct V4Effective {
  char av, ac, at, pr, ui, vc, vi, va, sc, si, sa, e, cr, ir, ar;
};

char V4Letter(int metric, int value_index) {
  return kV4Metrics[metric].values[value_index][0];
}

char V4BaseOrModified(const Parsed& p, int base_metric) {
  int m = p.value[base_metric + kV4ModifiedOffset];
  if (m > 0)
    return V4Letter(base_metric + kV4ModifiedOffset, m);
  return V4Letter(base_metric, p.value[base_metric]);
}

char V4WithDefault(const Parsed& p, int metric, char not_defined) {
  int v = p.value[metric];
  return v > 0 ? V4Letter(metric, v) : not_defined;
}

V4Effective V4EffectiveValues(const Parsed& p) {
  V4Effective e;
  e.av = V4BaseOrModified(p, kV4AV);
  e.ac = V4BaseOrModified(p, kV4AC);
  e.at = V4BaseOrModified(p, kV4AT);
  e.pr = V4BaseOrModified(p, kV4PR);
  e.ui = V4BaseOrModified(p, kV4UI);
  e.vc = V4BaseOrModified(p, kV4VC);
  e.vi = V4BaseOrModified(p, kV4VI);
  e.va = V4BaseOrModified(p, kV4VA);
  e.sc = V4BaseOrModified(p, kV4SC);
  e.si = V4BaseOrModified(p, kV4SI);
  e.sa = V4BaseOrModified(p, kV4SA);
  e.e = V4WithDefault(p, kV4E, 'A');
  e.cr = V4WithDefault(p, kV4CR, 'H');
  e.ir = V4WithDefault(p, kV4IR, 'H');
  e.ar = V4WithDefault(p, kV4AR, 'H');
  return e;
}

// The EQ levels (specification section 8.2, Tables 24-29).
void V4MacroVector(const V4Effective& e, int eq[6]) {
  if (e.av == 'N' && e.pr == 'N' && e.ui == 'N')
    eq[0] = 0;
  else if ((e.av == 'N' || e.pr == 'N' || e.ui == 'N') && e.av != 'P')
    eq[0] = 1;
  else
    eq[0] = 2;
  eq[1] = (e.ac == 'L' && e.at == 'N') ? 0 : 1;
  if (e.vc == 'H' && e.vi == 'H')
    eq[2] = 0;
  else if (e.vc == 'H' || e.vi == 'H' || e.va == 'H')
    eq[2] = 1;
  else
    eq[2] = 2;
  if (e.si == 'S' || e.sa == 'S')  // MSI:S or MSA:S
    eq[3] = 0;
  else if (e.sc == 'H' || e.si == 'H' || e.sa == 'H')
    eq[3] = 1;
  else
    eq[3] = 2;
  eq[4] = e.e == 'A' ? 0 : (e.e == 'P' ? 1 : 2);
  eq[5] = ((e.cr == 'H' && e.vc == 'H') || (e.ir == 'H' && e.vi == 'H') ||
           (e.ar == 'H' && e.va == 'H'))
              ? 0
              : 1;
}

int Level(std::string_view order, char value) {
  int i = 0;
  while (i < static_cast<int>(order.size()) && order[i] != value)
    ++i;
  return i;
}

// One EQ's part of the distance search: the vector's values, the order of
// each, and the candidate highest vectors of its level.
struct V4Part {
  const char* values;
  const std::string_view* orders;
  const std::string_view* candidates;
  int width;
  int candidate_count;
};

// Sum of the severity distances from `candidate`, and whether none is
// negative (the vector is at or below the candidate).
int PartDistance(const V4Part& part, std::string_view candidate, bool* ok) {
  int sum = 0;
  *ok = true;
  for (int k = 0; k < part.width; ++k) {
    int d = Level(part.orders[k], part.values[k]) -
            Level(part.orders[k], candidate[k]);
    if (d < 0)
      *ok = false;
    sum += d;
  }
  return sum;
}

int CandidateCount(const std::string_view* list, int capacity) {
  int n = 0;
  while (n < capacity && !list[n].empty())
    ++n;
  return n;
}

// The v4.0 score in tenths (specification section 8.2; the interpolation is
// the calculator's): the macro-vector's score minus the mean, over the EQs
// that have a lower macro-vector, of (score drop to that lower macro-vector)
// x (the vector's severity distance from the highest vector of its level) /
// (the level's depth). Computed as one exact fraction and rounded half up;
// the calculator's floating-point version adds 1e-6 before rounding for the
// same effect, and no exact result lies within 1e-6 below a tie.
int V4Score(const V4Effective& e, const int eq[6]) {
  if (e.vc == 'N' && e.vi == 'N' && e.va == 'N' && e.sc == 'N' && e.si == 'N' &&
      e.sa == 'N') {
    return 0;  // no impact on any system
  }
  const int value = V4MacroScore(eq);

  auto lower = [&](int k, int step) {
    int next[6] = {eq[0], eq[1], eq[2], eq[3], eq[4], eq[5]};
    next[k] += step;
    return V4MacroScore(next);
  };
  const int lower_eq1 = lower(0, 1);
  const int lower_eq2 = lower(1, 1);
  const int lower_eq4 = lower(3, 1);
  const int lower_eq5 = lower(4, 1);
  // EQ3 and EQ6 move together: 00 may go to 01 or 10 (the higher score
  // counts), 01 and 11 to EQ3 + 1, 10 to 11, and 21 has no lower level.
  int lower_eq36 = -1;
  {
    int next[6] = {eq[0], eq[1], eq[2], eq[3], eq[4], eq[5]};
    if (eq[2] == 0 && eq[5] == 0) {
      int left[6] = {eq[0], eq[1], eq[2], eq[3], eq[4], 1};
      int right[6] = {eq[0], eq[1], 1, eq[3], eq[4], eq[5]};
      int l = V4MacroScore(left);
      int r = V4MacroScore(right);
      lower_eq36 = (l >= 0 && r >= 0 && l > r) ? l : r;
    } else {
      if (eq[2] == 1 && eq[5] == 0) {
        next[5] = 1;
      } else if (eq[2] == 2) {
        next[2] = 3;
        next[5] = 2;
      } else {
        next[2] += 1;
      }
      lower_eq36 = V4MacroScore(next);
    }
  }

  // Distances from the highest vectors: the calculator tries every
  // combination of the parts' candidates in order and takes the first that
  // is at or above the vector in every metric. Parts are independent, so
  // that is the first fitting candidate of each part; if some part has no
  // fitting candidate the calculator ends on the last combination.
  const char eq1_values[3] = {e.av, e.pr, e.ui};
  const char eq2_values[2] = {e.ac, e.at};
  const char eq36_values[6] = {e.vc, e.vi, e.va, e.cr, e.ir, e.ar};
  const char eq4_values[3] = {e.sc, e.si, e.sa};
  static constexpr std::string_view kOrders1[3] = {kV4OrderAV, kV4OrderPR,
                                                   kV4OrderUI};
  static constexpr std::string_view kOrders2[2] = {kV4OrderAC, kV4OrderAT};
  static constexpr std::string_view kOrders36[6] = {
      kV4OrderImpact,      kV4OrderImpact,      kV4OrderImpact,
      kV4OrderRequirement, kV4OrderRequirement, kV4OrderRequirement};
  static constexpr std::string_view kOrders4[3] = {
      kV4OrderSubsequent, kV4OrderSubsequent, kV4OrderSubsequent};
  const V4Part parts[4] = {
      {eq1_values, kOrders1, kV4MaxEq1[eq[0]], 3,
       CandidateCount(kV4MaxEq1[eq[0]], 3)},
      {eq2_values, kOrders2, kV4MaxEq2[eq[1]], 2,
       CandidateCount(kV4MaxEq2[eq[1]], 2)},
      {eq36_values, kOrders36, kV4MaxEq3Eq6[eq[2]][eq[5]], 6,
       CandidateCount(kV4MaxEq3Eq6[eq[2]][eq[5]], 5)},
      {eq4_values, kOrders4, kV4MaxEq4[eq[3]], 3, 1},
  };
  int distance[4] = {0, 0, 0, 0};
  bool all_fit = true;
  for (int k = 0; k < 4 && all_fit; ++k) {
    bool found = false;
    for (int c = 0; c < parts[k].candidate_count && !found; ++c) {
      distance[k] = PartDistance(parts[k], parts[k].candidates[c], &found);
    }
    all_fit = found;
  }
  if (!all_fit) {
    for (int k = 0; k < 4; ++k) {
      bool unused = false;
      distance[k] = PartDistance(
          parts[k], parts[k].candidates[parts[k].candidate_count - 1], &unused);
    }
  }

  const int depth[4] = {kV4DepthEq1[eq[0]], kV4DepthEq2[eq[1]],
                        kV4DepthEq3Eq6[eq[2]][eq[5]], kV4DepthEq4[eq[3]]};
  const int lower_score[4] = {lower_eq1, lower_eq2, lower_eq36, lower_eq4};
  const int64_t product = int64_t{depth[0]} * depth[1] * depth[2] * depth[3];
  int existing = 0;
  int64_t drop = 0;  // sum of (value - lower) x distance / depth, x product
  for (int k = 0; k < 4; ++k) {
    if (lower_score[k] < 0)
      continue;
    ++existing;
    drop +=
        int64_t{value - lower_score[k]} * distance[k] * (product / depth[k]);
  }
  if (lower_eq5 >= 0)
    ++existing;  // EQ5 has no depth: it counts but moves nothing
  if (existing == 0)
    return value;
  // score = value - drop / (existing x product), in tenths.
  const int64_t den = existing * product;
  int64_t num = int64_t{value} * den - drop;
  if (num < 0)
    num = 0;
  if (num > 100 * den)
    num = 100 * den;
  return static_cast<int>((2 * num + den) / (2 * den));
}

void ScoreV4(const Parsed& p, CvssScores* out) {
  const V4Effective e = V4EffectiveValues(p);
  int eq[6];
  V4MacroVector(e, eq);
  out->macro_vector.resize(6);
  for (int k = 0; k < 6; ++k)
    out->macro_vector[k] = static_cast<char>('0' + eq[k]);
  out->score = V4Score(e, eq);
  out->headline = out->score;
  out->severity = std::string(CvssSeverity(out->score));
  const bool threat = AnyDefined(p, kV40Spec, Group::kTemporal, false);
  const bool environmental =
      AnyDefined(p, kV40Spec, Group::kEnvironmental, false);
  out->nomenclature = "CVSS-B";
  if (threat)
    out->nomenclature += 'T';
  if (environmental)
    out->nomenclature += 'E';
}

const VersionSpec& SpecFor(CvssVersion version) {
  switch (version) {
    case CvssVersion::kV2:
      return kV2Spec;
    case CvssVersion::kV30:
      return kV30Spec;
    case CvssVersion::kV31:
      return kV31Spec;
    case CvssVersion::kV40:
      break;
  }
  return kV40Spec;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size())
    return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char a = s[i];
    if (a >= 'a' && a <= 'z')
      a = static_cast<char>(a - 'a' + 'A');
    if (a != prefix[i])
      return false;
  }
  return true;
}

}  // namespace

Result<CvssScores> ParseAndScoreCvss(std::string_view input) {
  size_t begin = 0;
  size_t end = input.size();
  while (begin < end && IsSpace(input[begin]))
    ++begin;
  while (end > begin && IsSpace(input[end - 1]))
    --end;
  std::string_view s = input.substr(begin, end - begin);
  if (s.empty())
    return Fail(nullptr, begin, "empty vector");

  const VersionSpec* spec = nullptr;
  std::string_view body;
  size_t body_offset = begin;
  if (StartsWithIgnoreCase(s, "CVSS:")) {
    size_t slash = s.find('/');
    std::string_view prefix = s.substr(0, slash);
    if (prefix == "CVSS:4.0")
      spec = &kV40Spec;
    else if (prefix == "CVSS:3.1")
      spec = &kV31Spec;
    else if (prefix == "CVSS:3.0")
      spec = &kV30Spec;
    else
      return Fail(nullptr, begin,
                  "unsupported version prefix " + Quoted(prefix) +
                      " (expected CVSS:4.0, CVSS:3.1, CVSS:3.0 or a bare v2 "
                      "vector)");
    if (slash == std::string_view::npos)
      return Fail(spec, begin + s.size(), "the vector has no metrics");
    body = s.substr(slash + 1);
    body_offset = begin + slash + 1;
  } else if (StartsWithIgnoreCase(s, "CVSS") &&
             !StartsWithIgnoreCase(s, "CVSS2#")) {
    return Fail(nullptr, begin,
                "malformed version prefix " + Quoted(s.substr(0, s.find('/'))) +
                    " (expected CVSS:4.0/, CVSS:3.1/, CVSS:3.0/ or CVSS2#)");
  } else {
    spec = &kV2Spec;
    body = s;
    if (StartsWithIgnoreCase(body, "CVSS2#")) {
      body.remove_prefix(6);
      body_offset += 6;
    }
    const bool open = !body.empty() && body.front() == '(';
    const bool close = !body.empty() && body.back() == ')';
    if (open != close) {
      return Fail(spec, open ? body_offset : body_offset + body.size() - 1,
                  "unbalanced parentheses around the vector");
    }
    if (open) {
      body = body.substr(1, body.size() - 2);
      body_offset += 1;
    }
  }

  Parsed parsed;
  Status status = ParseMetrics(*spec, body, body_offset, &parsed);
  if (!status.ok())
    return status;

  CvssScores out;
  out.version = spec->version;
  out.vector = std::string(spec->version == CvssVersion::kV2 ? body : s);
  FillMetrics(*spec, parsed, &out);
  switch (spec->version) {
    case CvssVersion::kV2:
      ScoreV2(parsed, &out);
      break;
    case CvssVersion::kV30:
      ScoreV3(parsed, false, &out);
      break;
    case CvssVersion::kV31:
      ScoreV3(parsed, true, &out);
      break;
    case CvssVersion::kV40:
      ScoreV4(parsed, &out);
      break;
  }
  return out;
}

std::string CvssEffectiveMetric(const CvssScores& scores,
                                std::string_view name) {
  const VersionSpec& spec = SpecFor(scores.version);
  int index = -1;
  for (int i = 0; i < spec.count; ++i) {
    if (spec.metrics[i].name == name)
      index = i;
  }
  if (index < 0)
    return std::string();
  auto given = [&](std::string_view metric) -> const std::string* {
    auto it = scores.metrics.find(std::string(metric));
    return it == scores.metrics.end() ? nullptr : &it->second;
  };
  const MetricDef& def = spec.metrics[index];
  if (def.group == Group::kBase && scores.version != CvssVersion::kV2) {
    const std::string* modified = given("M" + std::string(name));
    if (modified != nullptr && *modified != "X")
      return *modified;
  }
  const std::string* value = given(name);
  if (value != nullptr && *value != spec.not_defined)
    return *value;
  if (scores.version == CvssVersion::kV40) {
    if (name == "E")
      return "A";
    if (name == "CR" || name == "IR" || name == "AR")
      return "H";
  }
  return value != nullptr ? *value : std::string(spec.not_defined);
}

std::string_view CvssSeverity(int tenths) {
  if (tenths < 0 || tenths > 100)
    return "";
  if (tenths == 0)
    return "None";
  if (tenths < 40)
    return "Low";
  if (tenths < 70)
    return "Medium";
  if (tenths < 90)
    return "High";
  return "Critical";
}

std::string_view Cvss2Severity(int tenths) {
  if (tenths < 0 || tenths > 100)
    return "";
  if (tenths < 40)
    return "Low";
  if (tenths < 70)
    return "Medium";
  return "High";
}

std::string_view CvssVersionName(CvssVersion version) {
  switch (version) {
    case CvssVersion::kV2:
      return "2.0";
    case CvssVersion::kV30:
      return "3.0";
    case CvssVersion::kV31:
      return "3.1";
    case CvssVersion::kV40:
      break;
  }
  return "4.0";
}

}  // namespace exposure
