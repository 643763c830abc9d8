// Stakeholder-Specific Vulnerability Categorization (SSVC) decision tables.
//
// Two published trees are implemented exactly as tabulated by CERT/CC and
// CISA (source: github.com/CERTCC/SSVC, data/csv/ssvc/
// deployer_patch_application_priority_1_0_0.csv, human_impact_1_0_0.csv and
// data/csv/cisa/cisa_coordinator_2_0_3.csv, commit e3b00a25):
//   - the Deployer patch-application priority: Exploitation x System
//     Exposure x Automatable x Human Impact -> Defer / Scheduled /
//     Out-of-Cycle / Immediate;
//   - the CISA coordinator levels: Exploitation x Automatable x Technical
//     Impact x Mission & Well-being -> Track / Track* / Attend / Act.
// How each decision point is derived from a finding's evidence lives with
// the risk model; this file only holds the tables.
#ifndef CORE_SCORE_SSVC_H_
#define CORE_SCORE_SSVC_H_

#include <cstdint>
#include <string_view>

namespace exposure {

// One byte each: an assessment class holds eight of them.
enum class SsvcExploitation : uint8_t { kNone = 0, kPublicPoc, kActive };
enum class SsvcExposure : uint8_t { kSmall = 0, kControlled, kOpen };
enum class SsvcAutomatable : uint8_t { kNo = 0, kYes };
enum class SsvcTechnicalImpact : uint8_t { kPartial = 0, kTotal };
// Human Impact (deployer) uses all four levels; the CISA tree's Mission &
// Well-being uses low/medium/high only.
enum class SsvcImpact : uint8_t { kLow = 0, kMedium, kHigh, kVeryHigh };
enum class SsvcSafetyImpact : uint8_t {
  kNegligible = 0,
  kMarginal,
  kCritical,
  kCatastrophic
};
enum class SsvcMissionImpact : uint8_t {
  kDegraded = 0,
  kMefSupportCrippled,
  kMefFailure,
  kMissionFailure
};

enum class DeployerPriority : uint8_t {
  kDefer = 0,
  kScheduled,
  kOutOfCycle,
  kImmediate
};
enum class CisaLevel : uint8_t { kTrack = 0, kTrackStar, kAttend, kAct };

DeployerPriority DeployerDecision(SsvcExploitation e,
                                  SsvcExposure x,
                                  SsvcAutomatable a,
                                  SsvcImpact human);
// `mission` must be low, medium or high (very high is treated as high, the
// CISA tree's top level).
CisaLevel CisaDecision(SsvcExploitation e,
                       SsvcAutomatable a,
                       SsvcTechnicalImpact t,
                       SsvcImpact mission);
SsvcImpact HumanImpact(SsvcSafetyImpact safety, SsvcMissionImpact mission);

// The tables' own spellings: "defer", "scheduled", "out-of-cycle",
// "immediate"; "track", "track*", "attend", "act"; "none", "public poc",
// "active"; "small", "controlled", "open"; "no", "yes"; "partial", "total";
// "low", "medium", "high", "very high".
const char* Name(DeployerPriority p);
const char* Name(CisaLevel l);
const char* Name(SsvcExploitation e);
const char* Name(SsvcExposure x);
const char* Name(SsvcAutomatable a);
const char* Name(SsvcTechnicalImpact t);
const char* Name(SsvcImpact i);

}  // namespace exposure

#endif  // CORE_SCORE_SSVC_H_
