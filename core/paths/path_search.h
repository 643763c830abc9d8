// What the attack graph says: the likeliest paths from the internet to
// each crown jewel, the choke points they share, and the smallest set of
// fixes that cuts every path (not only the listed ones).
#ifndef CORE_PATHS_PATH_SEARCH_H_
#define CORE_PATHS_PATH_SEARCH_H_

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/paths/attack_graph.h"

namespace exposure {

struct AttackPath {
  uint32_t jewel = 0;  // node
  uint32_t rank = 1;   // 1 = the likeliest path to its jewel
  uint32_t cost = 0;   // the sum of its edges' ChanceCost
  // The product of its edges' ChancePpm, rounded at each step.
  uint32_t likelihood_ppm = 0;
  std::vector<uint32_t> nodes;  // the internet first, the jewel last
  std::vector<uint32_t> edges;  // edge indexes: edges[i] leads to nodes[i+1]
};

struct ChokePoint {
  uint32_t node = 0;
  uint32_t paths_cut = 0;  // of the listed paths, those through it
  // Jewels every path to which passes through it (it dominates them).
  std::vector<uint32_t> jewels;
};

struct PathAnalysis {
  // By jewel (AttackGraph::jewels order), then rank.
  std::vector<AttackPath> paths;
  // By jewel: whether any path reaches it.
  std::vector<uint8_t> jewel_reachable;
  size_t jewels_reachable = 0;
  // Removable nodes on the listed paths: weaknesses (fix the findings),
  // assets and identities that are not jewels. By jewels protected, then
  // paths cut, then node; at most kMaxChokePoints.
  static constexpr size_t kMaxChokePoints = 25;
  std::vector<ChokePoint> choke_points;
  // A smallest set of removable nodes whose removal leaves no path from
  // the internet to any jewel (a minimum vertex cut), in greedy order: each
  // next the one that cuts the most listed paths the ones before left.
  std::vector<uint32_t> fix_set;
  std::vector<uint32_t> fix_paths_cut;  // by fix_set entry: newly cut
  // Jewels the internet reaches through nodes no fix removes (ascending):
  // the fix set leaves them reachable.
  std::vector<uint32_t> uncuttable;
  // By node: on some path from the internet to a jewel (reachable from the
  // internet, and a jewel reachable from it).
  std::vector<uint8_t> on_path;
};

// Whether removing `node` is a remediation (a weakness, or an asset or
// identity that is not a jewel).
bool Removable(const AttackGraph& g, uint32_t node);

// The k likeliest simple paths to each jewel (ties by node order), choke
// points and the fix set.
PathAnalysis AnalyzePaths(const AttackGraph& g, size_t k);

// The graph of an analysis and what it says: what reports, `exposure
// paths` and the hosts show.
struct PathReport {
  AttackGraph graph;
  PathAnalysis analysis;
};
// Builds the graph under `policy` and analyzes it with the policy's
// paths_per_jewel. `keep_jewel`, when given, keeps only the jewels it
// accepts (node, its why) before the search.
template <typename Keep>
PathReport MakePathReport(const Store& store,
                          const Assessment& assessment,
                          const Plan& plan,
                          const Policy& policy,
                          Keep&& keep_jewel) {
  PathReport r;
  r.graph = BuildAttackGraph(store, assessment, plan, policy);
  size_t kept = 0;
  for (size_t j = 0; j < r.graph.jewels.size(); ++j) {
    if (keep_jewel(r.graph.jewels[j])) {
      if (kept != j) {
        r.graph.jewels[kept] = r.graph.jewels[j];
        r.graph.jewel_why[kept] = std::move(r.graph.jewel_why[j]);
      }
      ++kept;
    }
  }
  r.graph.jewels.resize(kept);
  r.graph.jewel_why.resize(kept);
  r.analysis =
      AnalyzePaths(r.graph, static_cast<size_t>(policy.paths_per_jewel));
  return r;
}
inline PathReport MakePathReport(const Store& store,
                                 const Assessment& assessment,
                                 const Plan& plan,
                                 const Policy& policy) {
  return MakePathReport(store, assessment, plan, policy,
                        [](uint32_t) { return true; });
}

}  // namespace exposure

#endif  // CORE_PATHS_PATH_SEARCH_H_
