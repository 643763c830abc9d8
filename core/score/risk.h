// Prioritization: for every finding, exact CVSS, threat intelligence (KEV,
// EPSS), the SSVC decisions with the evidence behind each decision point,
// a 0-1000 risk score with its factors, and an SLA due date; per asset an
// aggregated score. The model is documented in docs/risk-model.md.
#ifndef CORE_SCORE_RISK_H_
#define CORE_SCORE_RISK_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/correlate/store.h"
#include "core/score/policy.h"
#include "core/score/ssvc.h"

namespace exposure {

// What threat intelligence says about one CVE.
struct CveIntel {
  bool covered_by_epss = false;
  int epss = -1;        // probability x100000; -1 = unknown
  int percentile = -1;  // x100000
  bool kev = false;
  std::string kev_added;
  std::string kev_due;
  bool ransomware = false;
};
using IntelLookup = std::function<CveIntel(std::string_view cve)>;

// One decision point's value and the evidence it was derived from.
struct DecisionPoint {
  std::string value;
  std::string evidence;
};

struct RiskFactor {
  std::string name;   // severity, threat, exposure, criticality
  std::string value;  // human-readable input, e.g. "CVSS 3.1 9.8"
  int points = 0;     // contribution to the score
};

struct FindingAssessment {
  // Threat intelligence over all the finding's CVEs (the strongest).
  bool kev = false;
  std::string kev_cve;  // the CVE that is on KEV
  int epss = -1;
  int epss_percentile = -1;
  // The CVSS vector the score used ("" when none was usable) and its score.
  std::string cvss_version;
  std::string cvss_vector;
  int cvss_score = -1;         // tenths
  std::string severity_basis;  // "cvss" or "tool severity"
  DecisionPoint exploitation, automatable, technical_impact, exposure,
      human_impact;
  DeployerPriority decision = DeployerPriority::kDefer;
  CisaLevel cisa = CisaLevel::kTrack;
  int risk = 0;  // 0-1000
  std::vector<RiskFactor> factors;
  std::string due;  // YYYY-MM-DD, "" when no reference date is known
};

struct AssetAssessment {
  int risk = 0;
  Criticality criticality = Criticality::kMedium;
  SsvcExposure exposure = SsvcExposure::kControlled;
  std::string exposure_evidence;
};

struct Assessment {
  // Findings with the same inputs to the model (vectors, CVEs, severity,
  // exploit flag and asset context) get the same assessment: one plugin on
  // 5,000 similar hosts is assessed once. `distinct` holds each assessment
  // once; `finding_class` maps a finding index to its entry.
  std::vector<FindingAssessment> distinct;
  std::vector<uint32_t> finding_class;  // by finding index
  const FindingAssessment& finding(size_t i) const {
    return distinct[finding_class[i]];
  }
  std::vector<AssetAssessment> assets;  // by asset index
  std::string as_of;                    // reference date used for due dates
  size_t kev_cves = 0;  // distinct CVEs of all findings that are on KEV
};

Assessment Assess(const Store& store,
                  const Policy& policy,
                  const IntelLookup& intel);

}  // namespace exposure

#endif  // CORE_SCORE_RISK_H_
