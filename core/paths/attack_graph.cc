#include "core/paths/attack_graph.h"

#include <algorithm>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "core/base/net.h"
#include "core/base/strings.h"
#include "core/score/validation.h"

namespace exposure {

namespace {

constexpr const char* kNodeKindNames[] = {"internet", "zone",  "service",
                                          "weakness", "asset", "identity"};
constexpr const char* kEdgeKindNames[] = {"reach", "exploit", "credential",
                                          "cloud"};
constexpr const char* kBasisNames[] = {"observed", "declared", "assumed"};

// ppm and round(-ln(ppm / 1e6) * 1000).
constexpr uint32_t kChancePpm[] = {1000000, 950000, 900000, 800000,
                                   600000,  500000, 300000};
constexpr uint32_t kChanceCost[] = {0, 51, 105, 223, 511, 693, 1204};

// The likelihood of exploiting a weakness, by its best validation level
// (version match ... confirmed on this asset).
Chance ExploitChance(int level) {
  switch (level) {
    case kLevelConfirmed:
      return Chance::kHigh;
    case kLevelExploitedInWild:
      return Chance::kProbable;
    case kLevelWeaponised:
      return Chance::kEven;
    case kLevelPublicPoc:
      return Chance::kPossible;
    default:
      return Chance::kUnlikely;
  }
}

// How likely a directory relation gives its target: membership is
// certain; a logon on a controlled host leaves credentials to harvest;
// an admin right is direct; logon rights and ACL abuse take more work.
Chance RelationChance(RelationKind k) {
  switch (k) {
    case RelationKind::kMemberOf:
    case RelationKind::kContains:
      return Chance::kCertain;
    case RelationKind::kAdminTo:
    case RelationKind::kDcSync:
    case RelationKind::kGenericAll:
    case RelationKind::kOwns:
    case RelationKind::kReadLapsPassword:
    case RelationKind::kReadGmsaPassword:
      return Chance::kLikely;
    case RelationKind::kHasSession:
    case RelationKind::kForceChangePassword:
    case RelationKind::kAddMember:
    case RelationKind::kWriteDacl:
    case RelationKind::kWriteOwner:
    case RelationKind::kAllExtendedRights:
    case RelationKind::kAddKeyCredentialLink:
    case RelationKind::kGenericWrite:
      return Chance::kProbable;
    case RelationKind::kCanRdp:
    case RelationKind::kCanPsRemote:
    case RelationKind::kExecuteDcom:
    case RelationKind::kSqlAdmin:
    case RelationKind::kAllowedToDelegate:
    case RelationKind::kAllowedToAct:
    case RelationKind::kGpLink:
      return Chance::kEven;
  }
  return Chance::kEven;
}

// Whether a vector says the flaw is reached over the network (AV:N), and
// from the same network segment only (AV:A).
bool NetworkVector(std::string_view vector) {
  return vector.find("AV:N") != std::string_view::npos;
}
bool AdjacentVector(std::string_view vector) {
  return vector.find("AV:A") != std::string_view::npos;
}

// A cloud posture finding that says the resource is open to the internet.
bool SaysPubliclyReachable(const Finding& f) {
  const std::string text = ToLower(f.title) + " " + ToLower(f.rule_id);
  for (const char* word :
       {"0.0.0.0/0", "::/0", "public", "internet", "world", "anonymous"}) {
    if (text.find(word) != std::string::npos)
      return true;
  }
  return false;
}

bool PortAllowed(const ReachRule& r, uint32_t port) {
  if (r.ports.empty())
    return true;
  if (port == 0)
    return false;  // a portless weakness needs "any"
  for (const auto& [lo, hi] : r.ports) {
    if (port >= lo && port <= hi)
      return true;
  }
  return false;
}

struct PendingEdge {
  uint32_t from;
  AttackGraph::Edge e;
};

class Builder {
 public:
  Builder(const Store& store,
          const Assessment& assessment,
          const Plan& plan,
          const Policy& policy)
      : store_(store), assessment_(assessment), plan_(plan), policy_(policy) {}

  AttackGraph Build();

 private:
  uint32_t AddNode(NodeKind kind, uint32_t ref) {
    g_.nodes.push_back({kind, ref});
    return static_cast<uint32_t>(g_.nodes.size() - 1);
  }
  void AddEdge(uint32_t from,
               uint32_t to,
               EdgeKind kind,
               EdgeBasis basis,
               EdgeReason reason,
               Chance chance,
               uint32_t ref) {
    if (from == to || from == AttackGraph::kNone || to == AttackGraph::kNone)
      return;
    AttackGraph::Edge e;
    e.to = to;
    e.ref = ref;
    e.kind = kind;
    e.basis = basis;
    e.reason = reason;
    e.chance = chance;
    pending_.push_back({from, e});
  }
  uint32_t AssetNode(size_t asset) {
    uint32_t& n = g_.asset_node[asset];
    if (n == AttackGraph::kNone)
      n = AddNode(NodeKind::kAsset, static_cast<uint32_t>(asset));
    return n;
  }
  void ZoneAssets();
  void Weaknesses();
  void Reach();
  void Directory();
  void Jewels();
  void Seal();

  const Store& store_;
  const Assessment& assessment_;
  const Plan& plan_;
  const Policy& policy_;
  AttackGraph g_;
  std::vector<uint32_t> zone_of_;  // by asset; kNone: no zone
  std::vector<uint32_t> zone_node_;
  // Service nodes (with a weakness) by asset, for reach.
  std::vector<std::vector<uint32_t>> services_of_;
  std::vector<uint8_t> adjacent_service_;  // by node: AV:A only
  std::vector<PendingEdge> pending_;
};

void Builder::ZoneAssets() {
  const auto& assets = store_.assets();
  zone_of_.assign(assets.size(), AttackGraph::kNone);
  for (const Zone& z : policy_.zones) {
    g_.zone_names.push_back(z.name);
    g_.zone_internet.push_back(z.internet);
  }
  g_.policy_zones = policy_.zones.size();
  for (const ReachRule& r : policy_.reach)
    g_.reach_rules.push_back(r.from + " to " + r.to + " on " + r.ports_text);
  const uint32_t unzoned = static_cast<uint32_t>(g_.zone_names.size());
  g_.zone_names.push_back(policy_.zones.empty() ? "internal" : "unzoned");
  g_.zone_internet.push_back(false);
  for (size_t a = 0; a < assets.size(); ++a) {
    const Asset& asset = assets[a];
    if (asset.kind != AssetKind::kHost && asset.kind != AssetKind::kUnknown &&
        asset.kind != AssetKind::kWebApplication)
      continue;
    uint32_t ip = 0;
    const bool has_ip = ParseIpv4(asset.ids.ip, &ip);
    uint32_t zone = AttackGraph::kNone;
    for (size_t z = 0;
         has_ip && z < policy_.zones.size() && zone == AttackGraph::kNone;
         ++z) {
      for (const auto& [net, prefix] : policy_.zones[z].cidrs) {
        if (InCidr(ip, net, prefix)) {
          zone = static_cast<uint32_t>(z);
          break;
        }
      }
    }
    zone_of_[a] = zone == AttackGraph::kNone ? unzoned : zone;
  }
  zone_node_.assign(g_.zone_names.size(), AttackGraph::kNone);
}

void Builder::Weaknesses() {
  const FindingTable& table = store_.findings();
  const size_t n = table.size();
  g_.finding_node.assign(n, AttackGraph::kNone);
  services_of_.resize(store_.assets().size());
  // (asset, port, protocol) -> weakness index.
  std::unordered_map<std::string, uint32_t> by_service;
  std::string key;
  FindingTable::Reader reader(table, FindingTable::kIdentity);
  for (size_t i = 0; i < n; ++i) {
    const Finding& f = reader.Read(i);
    if (f.asset == Finding::kNoAsset || !plan_.IsOpen(i, f.status) ||
        plan_.Refuted(i, f.status))
      continue;
    const FindingAssessment& fa = assessment_.finding(i);
    const Asset& asset = store_.assets()[f.asset];
    bool cloud = false;
    bool adjacent = false;
    if (asset.kind == AssetKind::kCloudResource) {
      // Cloud posture was assessed: a resource no finding calls public is
      // known not to be open.
      g_.has_cloud = true;
      if (f.category != Category::kMisconfiguration ||
          !SaysPubliclyReachable(f))
        continue;
      cloud = true;
    } else {
      if (zone_of_[f.asset] == AttackGraph::kNone)
        continue;
      if (f.category != Category::kVulnerability &&
          f.category != Category::kMisconfiguration &&
          f.category != Category::kWeakness)
        continue;
      if (fa.cvss >= 0) {
        const std::string& vector = assessment_.vectors[fa.cvss].vector;
        adjacent = AdjacentVector(vector);
        if (!adjacent && !NetworkVector(vector))
          continue;
      } else if (f.port == 0 || f.severity < Severity::kHigh) {
        continue;
      }
    }
    const uint32_t port = cloud ? 0 : f.port;
    const std::string_view proto =
        cloud ? std::string_view("cloud") : std::string_view(f.protocol);
    key.assign(std::to_string(f.asset));
    key += '/';
    key += std::to_string(port);
    key += '/';
    key += proto;
    auto [it, added] =
        by_service.emplace(key, static_cast<uint32_t>(g_.weaknesses.size()));
    if (added) {
      GraphService s;
      s.asset = static_cast<uint32_t>(f.asset);
      s.port = port;
      s.protocol = std::string(proto);
      g_.services.push_back(std::move(s));
      GraphWeakness w;
      w.service = static_cast<uint32_t>(g_.services.size() - 1);
      w.cloud = cloud;
      w.level = fa.level;
      g_.weaknesses.push_back(std::move(w));
    }
    GraphWeakness& w = g_.weaknesses[it->second];
    w.adjacent = w.adjacent && adjacent;
    w.findings.push_back(static_cast<uint32_t>(i));
    w.level = std::max<int8_t>(w.level, fa.level);
  }
  // Nodes: the service (not for cloud exposure), the weakness, the asset.
  std::vector<uint32_t> weakness_node(g_.weaknesses.size());
  for (size_t wi = 0; wi < g_.weaknesses.size(); ++wi) {
    const GraphWeakness& w = g_.weaknesses[wi];
    const GraphService& s = g_.services[w.service];
    const uint32_t wn = AddNode(NodeKind::kWeakness, static_cast<uint32_t>(wi));
    weakness_node[wi] = wn;
    const uint32_t host = AssetNode(s.asset);
    if (w.cloud) {
      AddEdge(0, wn, EdgeKind::kCloud, EdgeBasis::kObserved,
              EdgeReason::kCloudExposure, Chance::kProbable, 0);
    } else {
      g_.has_network = true;
      const uint32_t sn = AddNode(NodeKind::kService, w.service);
      services_of_[s.asset].push_back(sn);
      adjacent_service_.resize(g_.nodes.size(), 0);
      adjacent_service_[sn] = w.adjacent;
      AddEdge(sn, wn, EdgeKind::kExploit, EdgeBasis::kObserved,
              EdgeReason::kExploit, ExploitChance(w.level), 0);
    }
    AddEdge(wn, host, EdgeKind::kExploit, EdgeBasis::kObserved,
            EdgeReason::kGivesHost, Chance::kCertain, 0);
    for (uint32_t f : w.findings)
      g_.finding_node[f] = wn;
  }
}

// Who reaches each service with a weakness: the internet (zones marked
// internet, assets whose exposure is open), the policy's reach rules, and
// the hosts of the same zone. And a controlled host stands in its zone.
void Builder::Reach() {
  const auto& assets = store_.assets();
  auto zone_node = [&](uint32_t z) {
    if (zone_node_[z] == AttackGraph::kNone)
      zone_node_[z] = AddNode(NodeKind::kZone, z);
    return zone_node_[z];
  };
  const uint32_t unzoned = static_cast<uint32_t>(g_.zone_names.size() - 1);
  for (size_t a = 0; a < assets.size(); ++a) {
    if (services_of_[a].empty() || zone_of_[a] == AttackGraph::kNone)
      continue;
    const uint32_t z = zone_of_[a];
    const AssetAssessment& aa = assessment_.assets[a];
    const bool open = aa.exposure == SsvcExposure::kOpen;
    const bool observed_public =
        StartsWith(aa.exposure_evidence, "public IP address");
    for (uint32_t sn : services_of_[a]) {
      const uint32_t port = g_.services[g_.nodes[sn].ref].port;
      AddEdge(zone_node(z), sn, EdgeKind::kReach, EdgeBasis::kAssumed,
              EdgeReason::kSameZone, Chance::kLikely, z);
      if (adjacent_service_[sn])
        continue;  // the same segment only
      if (g_.zone_internet[z]) {
        AddEdge(0, sn, EdgeKind::kReach, EdgeBasis::kDeclared,
                EdgeReason::kInternetZone, Chance::kCertain, z);
      } else if (open) {
        AddEdge(0, sn, EdgeKind::kReach,
                observed_public ? EdgeBasis::kObserved : EdgeBasis::kDeclared,
                EdgeReason::kOpenExposure, Chance::kCertain,
                static_cast<uint32_t>(a));
      }
      for (size_t r = 0; r < policy_.reach.size(); ++r) {
        const ReachRule& rule = policy_.reach[r];
        if (z == unzoned || rule.to != g_.zone_names[z] ||
            !PortAllowed(rule, port))
          continue;
        uint32_t from = 0;
        if (rule.from != "internet") {
          for (uint32_t zz = 0; zz < g_.policy_zones; ++zz) {
            if (g_.zone_names[zz] == rule.from)
              from = zone_node(zz);
          }
        }
        AddEdge(from, sn, EdgeKind::kReach, EdgeBasis::kDeclared,
                EdgeReason::kReachRule, Chance::kCertain,
                static_cast<uint32_t>(r));
      }
    }
  }
  // A controlled host sends packets from its zone.
  for (size_t a = 0; a < assets.size(); ++a) {
    const uint32_t n = g_.asset_node[a];
    if (n == AttackGraph::kNone || zone_of_[a] == AttackGraph::kNone)
      continue;
    const uint32_t z = zone_of_[a];
    if (zone_node_[z] == AttackGraph::kNone)
      continue;  // nothing in that zone has a weakness
    AddEdge(n, zone_node_[z], EdgeKind::kReach,
            z < g_.policy_zones ? EdgeBasis::kDeclared : EdgeBasis::kAssumed,
            EdgeReason::kInZone, Chance::kCertain, z);
  }
}

void Builder::Directory() {
  const class Directory& dir = store_.directory();
  g_.principal_node.assign(dir.size(), AttackGraph::kNone);
  if (dir.empty())
    return;
  g_.has_identity = true;
  for (uint32_t p = 0; p < dir.size(); ++p) {
    const Directory::Entry& e = dir.entry(p);
    if (!e.enabled)
      continue;  // a disabled account's credentials open nothing
    if (e.asset_record != Directory::kNoRecord) {
      const size_t asset = store_.asset_of_record(e.asset_record);
      if (asset != Finding::kNoAsset) {
        g_.principal_node[p] = AssetNode(asset);
        continue;
      }
    }
    g_.principal_node[p] = AddNode(NodeKind::kIdentity, p);
  }
  for (const Directory::Edge& r : dir.relations()) {
    AddEdge(g_.principal_node[r.from], g_.principal_node[r.to],
            EdgeKind::kCredential, EdgeBasis::kObserved, EdgeReason::kRelation,
            RelationChance(r.kind), static_cast<uint32_t>(r.kind));
  }
}

void Builder::Jewels() {
  const auto& assets = store_.assets();
  const class Directory& dir = store_.directory();
  g_.has_policy = !policy_.zones.empty() || !policy_.reach.empty() ||
                  !policy_.crown_jewels.empty();
  std::vector<std::pair<uint32_t, std::string>> jewels;
  auto asset_jewel = [&](size_t a, std::string why) {
    jewels.emplace_back(AssetNode(a), std::move(why));
  };
  if (policy_.crown_jewels.empty()) {
    for (size_t a = 0; a < assets.size(); ++a) {
      if (assessment_.assets[a].criticality == Criticality::kCritical)
        asset_jewel(a, "criticality critical");
    }
    for (uint32_t p = 0; p < dir.size(); ++p) {
      const Directory::Entry& e = dir.entry(p);
      if (e.tier_zero && g_.principal_node[p] != AttackGraph::kNone &&
          (e.kind == PrincipalKind::kDomain ||
           e.kind == PrincipalKind::kGroup ||
           e.kind == PrincipalKind::kComputer))
        jewels.emplace_back(g_.principal_node[p], "Tier Zero in the directory");
    }
  } else {
    for (size_t r = 0; r < policy_.crown_jewels.size(); ++r) {
      const JewelRule& rule = policy_.crown_jewels[r];
      const std::string why = "policy crown_jewels[" + std::to_string(r) + "]";
      if (!rule.identity.empty()) {
        for (uint32_t p = 0; p < dir.size(); ++p) {
          if (g_.principal_node[p] != AttackGraph::kNone &&
              GlobMatch(rule.identity, dir.entry(p).name))
            jewels.emplace_back(g_.principal_node[p], why);
        }
        continue;
      }
      for (size_t a = 0; a < assets.size(); ++a) {
        if (rule.has_criticality &&
            assessment_.assets[a].criticality < rule.criticality)
          continue;
        if (!rule.scope.empty() && !InScope(policy_, rule.scope, assets[a]))
          continue;
        if (!AssetMatches(rule.match, assets[a]))
          continue;
        asset_jewel(a, why);
      }
    }
  }
  // One entry per node: the first reason.
  std::stable_sort(
      jewels.begin(), jewels.end(),
      [](const auto& x, const auto& y) { return x.first < y.first; });
  for (auto& [node, why] : jewels) {
    if (!g_.jewels.empty() && g_.jewels.back() == node)
      continue;
    g_.jewels.push_back(node);
    g_.jewel_why.push_back(std::move(why));
  }
}

// Pending edges into CSR: sorted by (from, to), the likeliest edge kept of
// parallel ones (then the first added).
void Builder::Seal() {
  std::stable_sort(pending_.begin(), pending_.end(),
                   [](const PendingEdge& x, const PendingEdge& y) {
                     return std::tie(x.from, x.e.to, x.e.chance) <
                            std::tie(y.from, y.e.to, y.e.chance);
                   });
  const size_t n = g_.nodes.size();
  g_.first.assign(n + 1, 0);
  g_.edges.clear();
  g_.edges.reserve(pending_.size());
  size_t at = 0;
  for (uint32_t node = 0; node < n; ++node) {
    g_.first[node] = static_cast<uint32_t>(g_.edges.size());
    uint32_t last_to = AttackGraph::kNone;
    for (; at < pending_.size() && pending_[at].from == node; ++at) {
      if (pending_[at].e.to == last_to)
        continue;
      last_to = pending_[at].e.to;
      g_.edges.push_back(pending_[at].e);
    }
  }
  g_.first[n] = static_cast<uint32_t>(g_.edges.size());
  std::vector<PendingEdge>().swap(pending_);
}

AttackGraph Builder::Build() {
  g_.asset_node.assign(store_.assets().size(), AttackGraph::kNone);
  AddNode(NodeKind::kInternet, 0);
  ZoneAssets();
  Weaknesses();
  Reach();
  Directory();
  Jewels();
  Seal();
  return std::move(g_);
}

}  // namespace

const char* NodeKindName(NodeKind k) {
  return kNodeKindNames[static_cast<size_t>(k)];
}
const char* EdgeKindName(EdgeKind k) {
  return kEdgeKindNames[static_cast<size_t>(k)];
}
const char* EdgeBasisName(EdgeBasis b) {
  return kBasisNames[static_cast<size_t>(b)];
}
uint32_t ChancePpm(Chance c) {
  return kChancePpm[static_cast<size_t>(c)];
}
uint32_t ChanceCost(Chance c) {
  return kChanceCost[static_cast<size_t>(c)];
}

size_t AttackGraph::edge_count(EdgeKind k) const {
  size_t count = 0;
  for (const Edge& e : edges)
    count += e.kind == k;
  return count;
}

size_t AttackGraph::basis_count(EdgeBasis b) const {
  size_t count = 0;
  for (const Edge& e : edges)
    count += e.basis == b;
  return count;
}

AttackGraph BuildAttackGraph(const Store& store,
                             const Assessment& assessment,
                             const Plan& plan,
                             const Policy& policy) {
  return Builder(store, assessment, plan, policy).Build();
}

}  // namespace exposure
