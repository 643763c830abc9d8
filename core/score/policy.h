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
#include <utility>
#include <vector>

#include "core/base/net.h"  // ParseCidr
#include "core/base/status.h"
#include "core/base/strings.h"        // GlobMatch
#include "core/correlate/identity.h"  // Site
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
  // Globs on what an inventory says (business unit, environment) and on
  // the asset's site; the cloud account (AWS account, Azure subscription,
  // GCP project) its cloud id names, exactly.
  std::string business_unit;
  std::string environment;
  std::string site;
  std::string cloud_account;
};

// A part of the estate the coverage is counted for (policy `scopes`).
struct Scope {
  std::string name;
  AssetMatch match;
};

// A network zone of the attack-path graph (policy `zones`): the assets
// whose address is in one of its CIDRs. `internet`: the internet reaches
// every service in it.
struct Zone {
  std::string name;
  std::vector<std::pair<uint32_t, int>> cidrs;  // network, prefix length
  bool internet = false;
};

// What the firewall lets through between zones (policy `reach`): from a
// zone (or "internet") to a zone, on some ports. Anything between two
// different zones that no rule allows is taken as blocked.
struct ReachRule {
  std::string from;  // a zone name or "internet"
  std::string to;    // a zone name
  // Inclusive port ranges; empty: every port.
  std::vector<std::pair<uint32_t, uint32_t>> ports;
  std::string ports_text;  // as written, for the evidence ("443,8443")
};

// Which assets and identities an attacker is after (policy
// `crown_jewels`): every given condition must hold.
struct JewelRule {
  AssetMatch match;              // on assets
  bool has_criticality = false;  // criticality at least `criticality`
  Criticality criticality = Criticality::kCritical;
  std::string scope;     // in the policy scope of this name
  std::string identity;  // glob on a directory principal's name
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
  // Who fixes an asset's findings (the plan's action owners): the first
  // rule that matches, else the inventory's owner.
  std::vector<PolicyRule<std::string>> owners;
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
  // Where host names and private addresses are each site's own (identity
  // resolution), the parts of the estate coverage is counted for, and how
  // many days after its last scan an asset counts as stale.
  std::vector<Site> sites;
  std::vector<Scope> scopes;
  int stale_days = 30;
  // The attack-path graph's network and targets (docs/attack-paths.md).
  // Without crown jewels, the critical assets and the directory's Tier
  // Zero groups and domains are the targets.
  std::vector<Zone> zones;
  std::vector<ReachRule> reach;
  std::vector<JewelRule> crown_jewels;
  int paths_per_jewel = 5;
};

Policy DefaultPolicy();
// Parses a policy JSON document on top of the default; errors name the
// member at fault.
Result<Policy> ParsePolicy(std::string_view json);

// The criticality of an asset: a policy rule's, else the inventory's, else
// the policy default; `*source` says which ("policy criticality rule 2",
// "inventory", "" for the default).
Criticality AssetCriticality(const Policy& p,
                             const Asset& a,
                             std::string* source);
// The owner of an asset: the first policy owner rule that matches it, else
// what its inventory says ("" when neither says).
const std::string& AssetOwner(const Policy& p, const Asset& a);
// Whether `m` holds for `a`.
bool AssetMatches(const AssetMatch& m, const Asset& a);
// The account a cloud id names: an AWS account id, an Azure subscription
// id or a GCP project; "" when it names none.
std::string CloudAccount(std::string_view cloud_id);
// Whether the scope named `scope` of `p` holds asset `a` (false for an
// unknown scope).
bool InScope(const Policy& p, std::string_view scope, const Asset& a);
// The exposure of an asset and why: a policy rule, the inventory's
// internet-facing flag, the policy default, a public IP address.
SsvcExposure AssetExposure(const Policy& p,
                           const Asset& a,
                           std::string* evidence);

}  // namespace exposure

#endif  // CORE_SCORE_POLICY_H_
