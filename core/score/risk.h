// Prioritization: for every finding, exact CVSS, threat intelligence (KEV,
// EPSS), the SSVC decisions with the evidence behind each decision point,
// a 0-1000 risk score with its factors, and an SLA due date; per asset an
// aggregated score. The model is documented in docs/risk-model.md.
#ifndef CORE_SCORE_RISK_H_
#define CORE_SCORE_RISK_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/text_index.h"
#include "core/correlate/exposures.h"
#include "core/correlate/store.h"
#include "core/score/coverage.h"
#include "core/score/policy.h"
#include "core/score/ssvc.h"
#include "core/score/validation.h"

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
  // CISA's SSVC assessment (Vulnrichment): kCisaAssessed and the values
  // (core/score/validation.h), 0 when CISA did not assess the CVE.
  uint8_t cisa = 0;
  std::string cisa_assessed;  // YYYY-MM-DD
  // Public exploit code the catalogues list: CatalogueExploit bits, and
  // what names it.
  uint8_t exploits = 0;
  std::string metasploit_module;
  uint32_t exploitdb_id = 0;
  std::string nuclei_template;
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

// Why an exploitation value was chosen (the first that applies).
enum class ExploitationReason : uint8_t {
  kKev,       // a CVE is on CISA KEV
  kCisa,      // CISA's SSVC assessment says so (and no evidence says more)
  kEvidence,  // the validation level: public, weaponised or proven exploit
  kEpss,      // EPSS at or above the policy's threshold (CISA silent)
  kNone,
};
// Why Automatable and Technical Impact have their values.
enum class DecisionBasis : uint8_t {
  kVector,    // read from the CVSS vector (or assumed without one)
  kCisa,      // CISA's SSVC assessment of the CVE
  kEvidence,  // a network flaw without privileges or user interaction, and
              // a weaponised exploit: worms and exploit frameworks automate
};

// A CVSS vector some finding's score used, parsed once per analysis.
struct ScoredVector {
  std::string version;  // "2.0", "3.0", "3.1", "4.0"
  std::string vector;   // normalized as the parser returns it
  int score = -1;       // tenths: base (v2/v3) or the v4.0 score
  // The SSVC decision points the vector decides, and the metrics that did.
  SsvcAutomatable automatable = SsvcAutomatable::kNo;
  std::string automatable_evidence;
  SsvcTechnicalImpact technical_impact = SsvcTechnicalImpact::kPartial;
  std::string technical_impact_evidence;
  // Reached over the network without privileges or user interaction (the
  // vector's part of Automatable, attack complexity aside).
  bool network_unattended = false;
  bool user_interaction = false;  // UI:R (v3), UI:P or UI:A (v4.0)
};

// The numbers and decisions for one assessment class. Texts (evidence,
// factor descriptions) are not stored: Explain() derives them when a report
// needs them, so an analysis of a million distinct findings stays small.
// Narrow fields for the same reason: a class is about 50 bytes.
struct FindingAssessment {
  static constexpr uint32_t kNoAsset = 0xFFFFFFFF;
  // What Explain() needs of the class's findings, taken from the first of
  // them, so explaining never reads the finding table again: its asset
  // (the others share its exposure and criticality, not the asset), and
  // texts as ids into Assessment::texts.
  uint32_t asset = kNoAsset;
  uint32_t kev_cve = 0;      // the CVE on KEV (when kev)
  uint32_t cvss_source = 0;  // the source of the vector used (when cvss >= 0)
  // The vector the score used (index into Assessment::vectors, -1 when
  // none was usable).
  int32_t cvss = -1;
  // Threat intelligence over all the finding's CVEs (the strongest).
  int32_t epss = -1;
  int32_t epss_percentile = -1;
  int16_t cvss_score = -1;  // tenths; -1 without a vector
  int16_t score = 0;  // tenths the risk used: CVSS, or the tool severity's
  int16_t risk = 0;   // 0-1000
  // Points of the severity, threat, exposure and criticality factors.
  int16_t points[4] = {0, 0, 0, 0};
  // Intel behind the validation level and the decision points, as lines
  // "source\tevidence" (an id into Assessment::texts; kNoText: none).
  static constexpr uint32_t kNoText = 0xFFFFFFFF;
  uint32_t intel_sources = kNoText;
  Severity severity = Severity::kInfo;  // the tool's, as the class shares it
  // EvidenceFlag bits of the class's findings, with the confirmations of
  // their exposure (another tool's or a pentest's proof).
  uint16_t evidence_flags = 0;
  int8_t level = kLevelVersionMatch;  // ValidationLevel()
  uint8_t catalogue = 0;              // CatalogueExploit bits of its CVEs
  uint8_t cisa_ssvc = 0;              // CISA's SSVC assessment, packed
  DecisionBasis automatable_basis = DecisionBasis::kVector;
  DecisionBasis technical_impact_basis = DecisionBasis::kVector;
  bool kev = false;
  bool epss_from_file = false;  // EPSS as the scan file states it
  ExploitationReason exploitation_reason = ExploitationReason::kNone;
  SsvcExploitation exploitation = SsvcExploitation::kNone;
  SsvcAutomatable automatable = SsvcAutomatable::kNo;
  SsvcTechnicalImpact technical_impact = SsvcTechnicalImpact::kPartial;
  SsvcExposure exposure = SsvcExposure::kControlled;
  Criticality criticality = Criticality::kMedium;
  SsvcImpact human_impact = SsvcImpact::kMedium;
  DeployerPriority decision = DeployerPriority::kDefer;
  CisaLevel cisa = CisaLevel::kTrack;
  // The due date (Assessment::Due) follows from score and decision; it is
  // not stored, as it would be the largest field of a million classes.
};

// The texts behind one assessment, as reports show them.
struct Explanation {
  std::string severity_basis;  // "cvss" or "tool severity"
  std::string cvss_version;    // "" without a vector
  std::string cvss_vector;
  DecisionPoint exploitation, automatable, technical_impact, exposure,
      human_impact;
  std::vector<RiskFactor> factors;
  // The validation level's intel evidence (KEV, CISA, catalogues); the
  // tools' own evidence is per finding (AppendToolEvidence).
  std::vector<ValidationSource> intel_sources;
};

struct AssetAssessment {
  int risk = 0;
  Criticality criticality = Criticality::kMedium;
  // Where the criticality comes from when not the policy default: "policy
  // criticality rule 2", "inventory".
  std::string criticality_source;
  SsvcExposure exposure = SsvcExposure::kControlled;
  std::string exposure_evidence;
  std::string owner;  // AssetOwner(): a policy rule's, else the inventory's
};

struct Assessment {
  // Findings with the same inputs to the model (vectors, CVEs, severity,
  // exploit flag and asset context) get the same assessment: one plugin on
  // 5,000 similar hosts is assessed once. `distinct` holds each assessment
  // once; `finding_class` maps a finding index to its entry. A deque: it
  // grows without the copy of every class a vector's growth makes (with a
  // million classes, the copy was the peak of assessing).
  std::deque<FindingAssessment> distinct;
  std::vector<uint32_t> finding_class;  // by finding index
  const FindingAssessment& finding(size_t i) const {
    return distinct[finding_class[i]];
  }
  std::vector<ScoredVector> vectors;    // FindingAssessment::cvss
  std::vector<AssetAssessment> assets;  // by asset index
  std::string as_of;                    // reference date used for due dates
  // By DeployerPriority: as_of plus the policy's SLA days ("" without as_of).
  std::string due_by_decision[4];
  // YYYY-MM-DD, "" when no reference date is known or nothing needs fixing.
  const std::string& Due(const FindingAssessment& fa) const {
    static const std::string kNone;
    return fa.score > 0 ? due_by_decision[static_cast<int>(fa.decision)]
                        : kNone;
  }
  // Calls fn(source, evidence) for each piece of intel evidence of `fa`
  // (ForEachSourceLine over its intel_sources text).
  template <typename Fn>
  void ForEachIntelSource(const FindingAssessment& fa, Fn&& fn) const {
    if (fa.intel_sources != FindingAssessment::kNoText)
      ForEachSourceLine(texts[fa.intel_sources], fn);
  }
  size_t kev_cves = 0;  // distinct CVEs of all findings that are on KEV
  size_t cves = 0;      // distinct CVEs of all findings
  // Texts FindingAssessment refers to by id (KEV CVEs, vector sources).
  TextIndex texts;
  int epss_poc_threshold = 0;  // the policy's, for the evidence text
  // Which findings are one exposure (core/correlate/exposures.h).
  ExposureTable exposures;
  Coverage coverage;
};

Assessment Assess(const Store& store,
                  const Policy& policy,
                  const IntelLookup& intel);

// The texts of `assessment.distinct[cls]`.
Explanation Explain(const Assessment& assessment, size_t cls);
// The same into `*out`, reusing its strings: a report explaining thousands
// of classes allocates for the first only.
void Explain(const Assessment& assessment, size_t cls, Explanation* out);
// The same for the assessment of finding `finding`.
inline Explanation ExplainFinding(const Assessment& assessment,
                                  size_t finding) {
  return Explain(assessment, assessment.finding_class[finding]);
}

}  // namespace exposure

#endif  // CORE_SCORE_RISK_H_
