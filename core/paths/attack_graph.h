// Validation, part 2: what an attacker could reach. The attack graph joins
// what the exports observed (open services, network-exploitable findings,
// directory sessions and rights, cloud resources open to the internet) with
// what the policy declares (zones, reach between them, crown jewels) and
// what it must assume (hosts of one zone reach each other). Every edge says
// which of the three it is, with its evidence. The rules are documented in
// docs/attack-paths.md.
//
// Reaching a node means: for the internet and a zone, sending packets from
// there; for a service, connecting to it; for a weakness, exploiting it;
// for an asset or an identity, controlling it. Control only grows along a
// path (an exploit gives its host, a host gives the credentials of its
// sessions, a right gives its target), so reachability is monotonic and a
// path is a sequence of edges.
#ifndef CORE_PATHS_ATTACK_GRAPH_H_
#define CORE_PATHS_ATTACK_GRAPH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/correlate/store.h"
#include "core/plan/plan.h"
#include "core/score/policy.h"
#include "core/score/risk.h"

namespace exposure {

enum class NodeKind : uint8_t {
  kInternet = 0,
  kZone,
  kService,
  kWeakness,  // the open findings that let an attacker past a service
  kAsset,
  kIdentity,  // a directory principal that is not a known host
};
// "internet", "zone", "service", "weakness", "asset", "identity".
const char* NodeKindName(NodeKind k);

enum class EdgeKind : uint8_t { kReach = 0, kExploit, kCredential, kCloud };
// "reach", "exploit", "credential", "cloud".
const char* EdgeKindName(EdgeKind k);

enum class EdgeBasis : uint8_t { kObserved = 0, kDeclared, kAssumed };
// "observed", "declared", "assumed".
const char* EdgeBasisName(EdgeBasis b);

// Why an edge exists; with Edge::ref, what its evidence text names.
enum class EdgeReason : uint8_t {
  kInternetZone,   // internet -> service of a zone marked internet (zone)
  kOpenExposure,   // internet -> service of an asset whose exposure is open
  kReachRule,      // zone -> service, a policy reach rule (rule index)
  kSameZone,       // zone -> service in the same zone, no rule needed
  kInZone,         // asset -> zone: its address is in the zone (zone)
  kExploit,        // service -> weakness
  kGivesHost,      // weakness -> its asset
  kRelation,       // a directory relation (RelationKind)
  kCloudExposure,  // internet -> weakness of a cloud resource
};

// How likely an attacker is to cross an edge, as parts per million, and
// the search's cost for it: round(-ln(p) * 1000). A fixed table, so paths
// rank the same on every target without floating point.
enum class Chance : uint8_t {
  kCertain = 0,  // 1.0
  kHigh,         // 0.95
  kLikely,       // 0.9
  kProbable,     // 0.8
  kEven,         // 0.6
  kPossible,     // 0.5
  kUnlikely,     // 0.3
};
uint32_t ChancePpm(Chance c);
uint32_t ChanceCost(Chance c);

struct GraphService {
  uint32_t asset = 0;
  uint32_t port = 0;  // 0: a network weakness the finding gives no port for
  std::string protocol;
};

// A weakness node's findings: open, not refuted, reachable over the
// network (attack vector network or adjacent), on one service.
struct GraphWeakness {
  uint32_t service = 0;  // index into AttackGraph::services
  bool cloud = false;    // a cloud resource open to the internet
  // Every finding needs the same network segment (attack vector adjacent):
  // only hosts of its zone reach it, not the internet or other zones.
  bool adjacent = true;
  int8_t level = 0;                // the best validation level among them
  std::vector<uint32_t> findings;  // finding indexes, ascending
};

struct AttackGraph {
  static constexpr uint32_t kNone = 0xFFFFFFFF;

  struct Node {
    NodeKind kind = NodeKind::kInternet;
    // Zone index (kZone), service (kService), weakness (kWeakness), asset
    // (kAsset) or directory principal (kIdentity) index.
    uint32_t ref = 0;
  };
  struct Edge {
    uint32_t to = 0;
    uint32_t ref = 0;  // what `reason` names
    EdgeKind kind = EdgeKind::kReach;
    EdgeBasis basis = EdgeBasis::kAssumed;
    EdgeReason reason = EdgeReason::kSameZone;
    Chance chance = Chance::kCertain;
  };

  // Node 0 is the internet. Out-edges of node n are
  // edges[first[n], first[n + 1]), sorted by target; at most one edge
  // from one node to another (the likeliest).
  std::vector<Node> nodes;
  std::vector<uint32_t> first;
  std::vector<Edge> edges;

  // Zones: the policy's, then "unzoned" for the hosts no policy zone holds
  // (every host when the policy has no zones).
  std::vector<std::string> zone_names;
  std::vector<bool> zone_internet;
  size_t policy_zones = 0;
  // The policy's reach rules as evidence names them ("dmz to servers on
  // 445,1433"), by rule index.
  std::vector<std::string> reach_rules;
  std::vector<GraphService> services;
  std::vector<GraphWeakness> weaknesses;
  // Node of each asset (kNone for assets the graph does not hold) and of
  // each directory principal (a computer's is its asset's node).
  std::vector<uint32_t> asset_node;
  std::vector<uint32_t> principal_node;
  // By finding index: its weakness's node, or kNone.
  std::vector<uint32_t> finding_node;

  // The crown jewels: nodes, ascending, and why each is one.
  std::vector<uint32_t> jewels;
  std::vector<std::string> jewel_why;

  // What the inputs gave the graph: network (hosts with services or
  // network weaknesses, or policy zones), identity (a directory
  // collection), cloud (cloud resources), policy (zones, reach or crown
  // jewels in the policy).
  bool has_network = false;
  bool has_identity = false;
  bool has_cloud = false;
  bool has_policy = false;

  size_t edge_count(EdgeKind k) const;
  size_t basis_count(EdgeBasis b) const;
};

// Builds the graph of the store's assets, services, open findings and
// directory, under `policy`'s zones, reach and crown jewels. `plan` says
// which findings are open and refuted; `assessment` their validation level
// and vector.
AttackGraph BuildAttackGraph(const Store& store,
                             const Assessment& assessment,
                             const Plan& plan,
                             const Policy& policy);

}  // namespace exposure

#endif  // CORE_PATHS_ATTACK_GRAPH_H_
