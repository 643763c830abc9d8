// The analysis policy: how important each asset is, which assets face the
// internet, how fast each priority must be fixed, and how the risk score
// weighs its factors. A built-in default applies; `exposure analyze --policy
// FILE` replaces any part of it. The schema is documented in
// docs/risk-model.md.
#ifndef CORE_SCORE_POLICY_H_
#define CORE_SCORE_POLICY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/net.h"  // ParseCidr
#include "core/base/status.h"
#include "core/base/strings.h"  // GlobMatch
#include "core/model/model.h"
#include "core/score/ssvc.h"

namespace exposure {

inline const char* Name(Criticality c) {
  return CriticalityName(c);
}

// Which assets a rule applies to. Every given condition must hold; a rule
// with no condition matches everything.
struct AssetMatch {
  std::string tag;   // exact tag
  std::string name;  // glob (* and ?) on name, hostname, fqdn, image
  AssetKind kind = AssetKind::kUnknown;  // kUnknown: any kind
  uint32_t net = 0;                      // IPv4 CIDR network ...
  int prefix = -1;  // ... and prefix length; -1 = no CIDR condition
};

template <typename V>
struct PolicyRule {
  AssetMatch match;
  V value;
};

struct Policy {
  // Reference date (YYYY-MM-DD) for due dates; empty = the latest scan date
  // found in the inputs.
  std::string as_of;
  Criticality default_criticality = Criticality::kMedium;
  std::vector<PolicyRule<Criticality>> criticality;
  // Empty default = decide from evidence: a public IP address is "open",
  // anything else "controlled".
  bool has_default_exposure = false;
  SsvcExposure default_exposure = SsvcExposure::kControlled;
  std::vector<PolicyRule<SsvcExposure>> exposure;
  // Days to fix, per SSVC deployer priority (defer, scheduled,
  // out-of-cycle, immediate).
  int sla_days[4] = {180, 90, 14, 2};
  // Maximum points of each risk factor; they add up to 1000 by default.
  int weight_severity = 400;
  int weight_threat = 300;
  int weight_exposure = 150;
  int weight_criticality = 150;
  // EPSS probability (x100000) from which a vulnerability counts as having
  // public exploitation evidence (SSVC "public poc") even without a known
  // exploit.
  int epss_poc_threshold = 50000;
};

Policy DefaultPolicy();
// Parses a policy JSON document on top of the default; errors name the
// member at fault.
Result<Policy> ParsePolicy(std::string_view json);

Criticality AssetCriticality(const Policy& p, const Asset& a);
// The exposure of an asset and why ("policy rule 2", "public IP address").
SsvcExposure AssetExposure(const Policy& p,
                           const Asset& a,
                           std::string* evidence);

}  // namespace exposure

#endif  // CORE_SCORE_POLICY_H_
