#include "core/score/ssvc.h"

namespace exposure {

namespace {

// Deployer outcomes, one letter per row of
// deployer_patch_application_priority_1_0_0.csv in its row order
// (Exploitation, then System Exposure, Automatable, Human Impact vary
// fastest last): d = defer, s = scheduled, o = out-of-cycle, i = immediate.
constexpr std::string_view kDeployer =
    "ddss"
    "dsss"
    "dsss"
    "ssss"
    "dsss"
    "ssso"  // exploitation: none
    "dsss"
    "ssss"
    "dsss"
    "ssso"
    "ssso"
    "ssoo"  // public poc
    "ssoo"
    "sooo"
    "ssoo"
    "oooo"
    "sooi"
    "ooii";  // active

// CISA levels, one letter per row of cisa_coordinator_2_0_3.csv
// (Exploitation, Automatable, Technical Impact, Mission & Well-being):
// t = track, * = track*, a = attend, x = act.
constexpr std::string_view kCisa =
    "ttt"
    "tt*"
    "tta"
    "tta"  // exploitation: none
    "tt*"
    "t*a"
    "tta"
    "t*a"  // public poc
    "tta"
    "tax"
    "aax"
    "axx";  // active

// human_impact_1_0_0.csv: Safety Impact x Mission Impact -> Human Impact
// (l = low, m = medium, h = high, v = very high).
constexpr std::string_view kHumanImpact =
    "llmv"
    "llmv"
    "mhhv"
    "vvvv";

}  // namespace

DeployerPriority DeployerDecision(SsvcExploitation e,
                                  SsvcExposure x,
                                  SsvcAutomatable a,
                                  SsvcImpact human) {
  size_t row = ((static_cast<size_t>(e) * 3 + static_cast<size_t>(x)) * 2 +
                static_cast<size_t>(a)) *
                   4 +
               static_cast<size_t>(human);
  switch (kDeployer[row]) {
    case 'd':
      return DeployerPriority::kDefer;
    case 's':
      return DeployerPriority::kScheduled;
    case 'o':
      return DeployerPriority::kOutOfCycle;
    default:
      return DeployerPriority::kImmediate;
  }
}

CisaLevel CisaDecision(SsvcExploitation e,
                       SsvcAutomatable a,
                       SsvcTechnicalImpact t,
                       SsvcImpact mission) {
  size_t m =
      mission == SsvcImpact::kVeryHigh ? 2 : static_cast<size_t>(mission);
  size_t row = ((static_cast<size_t>(e) * 2 + static_cast<size_t>(a)) * 2 +
                static_cast<size_t>(t)) *
                   3 +
               m;
  switch (kCisa[row]) {
    case 't':
      return CisaLevel::kTrack;
    case '*':
      return CisaLevel::kTrackStar;
    case 'a':
      return CisaLevel::kAttend;
    default:
      return CisaLevel::kAct;
  }
}

SsvcImpact HumanImpact(SsvcSafetyImpact safety, SsvcMissionImpact mission) {
  switch (kHumanImpact[static_cast<size_t>(safety) * 4 +
                       static_cast<size_t>(mission)]) {
    case 'l':
      return SsvcImpact::kLow;
    case 'm':
      return SsvcImpact::kMedium;
    case 'h':
      return SsvcImpact::kHigh;
    default:
      return SsvcImpact::kVeryHigh;
  }
}

const char* Name(DeployerPriority p) {
  static const char* const kNames[] = {"defer", "scheduled", "out-of-cycle",
                                       "immediate"};
  return kNames[static_cast<int>(p)];
}
const char* Name(CisaLevel l) {
  static const char* const kNames[] = {"track", "track*", "attend", "act"};
  return kNames[static_cast<int>(l)];
}
const char* Name(SsvcExploitation e) {
  static const char* const kNames[] = {"none", "public poc", "active"};
  return kNames[static_cast<int>(e)];
}
const char* Name(SsvcExposure x) {
  static const char* const kNames[] = {"small", "controlled", "open"};
  return kNames[static_cast<int>(x)];
}
const char* Name(SsvcAutomatable a) {
  return a == SsvcAutomatable::kYes ? "yes" : "no";
}
const char* Name(SsvcTechnicalImpact t) {
  return t == SsvcTechnicalImpact::kTotal ? "total" : "partial";
}
const char* Name(SsvcImpact i) {
  static const char* const kNames[] = {"low", "medium", "high", "very high"};
  return kNames[static_cast<int>(i)];
}

}  // namespace exposure
