// The attack-path search against brute force on generated graphs (paths,
// choke points, the minimum cut), networks with a known cut, and whole
// analyses: scans with a policy, a BloodHound collection, cloud posture.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "core/app/cli.h"
#include "core/paths/path_search.h"
#include "core/render/paths_report.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using Json = nlohmann::json;

// A deterministic generator (no <random>: its distributions differ
// between standard libraries).
struct Lcg {
  uint64_t s;
  uint32_t Next(uint32_t n) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>((s >> 33) % n);
  }
};

struct EdgeSpec {
  uint32_t from;
  uint32_t to;
  Chance chance;
};

// A graph of `kinds` (node 0 the internet) and `edges`; jewels ascending.
AttackGraph MakeGraph(const std::vector<NodeKind>& kinds,
                      std::vector<EdgeSpec> edges,
                      std::vector<uint32_t> jewels) {
  AttackGraph g;
  for (NodeKind k : kinds)
    g.nodes.push_back({k, 0});
  std::sort(edges.begin(), edges.end(),
            [](const EdgeSpec& a, const EdgeSpec& b) {
              return std::tie(a.from, a.to) < std::tie(b.from, b.to);
            });
  edges.erase(std::unique(edges.begin(), edges.end(),
                          [](const EdgeSpec& a, const EdgeSpec& b) {
                            return a.from == b.from && a.to == b.to;
                          }),
              edges.end());
  g.first.assign(kinds.size() + 1, 0);
  for (const EdgeSpec& e : edges) {
    AttackGraph::Edge edge;
    edge.to = e.to;
    edge.chance = e.chance;
    g.edges.push_back(edge);
    ++g.first[e.from + 1];
  }
  for (size_t i = 0; i < kinds.size(); ++i)
    g.first[i + 1] += g.first[i];
  std::sort(jewels.begin(), jewels.end());
  g.jewels = jewels;
  g.jewel_why.assign(jewels.size(), "test");
  g.has_network = true;
  return g;
}

constexpr Chance kChances[] = {
    Chance::kCertain, Chance::kHigh,     Chance::kLikely,  Chance::kProbable,
    Chance::kEven,    Chance::kPossible, Chance::kUnlikely};

// Every simple path from the internet to `target`, by cost.
std::vector<uint32_t> AllPathCosts(const AttackGraph& g, uint32_t target) {
  std::vector<uint32_t> costs;
  std::vector<uint8_t> on(g.nodes.size(), 0);
  std::function<void(uint32_t, uint32_t)> walk = [&](uint32_t v,
                                                     uint32_t cost) {
    if (v == target) {
      costs.push_back(cost);
      return;
    }
    on[v] = 1;
    for (uint32_t e = g.first[v]; e < g.first[v + 1]; ++e) {
      if (!on[g.edges[e].to])
        walk(g.edges[e].to, cost + ChanceCost(g.edges[e].chance));
    }
    on[v] = 0;
  };
  walk(0, 0);
  std::sort(costs.begin(), costs.end());
  return costs;
}

// Whether some jewel is reachable with the nodes of `removed` taken out.
bool AnyJewelReachable(const AttackGraph& g,
                       const std::vector<uint8_t>& removed) {
  std::vector<uint8_t> seen(g.nodes.size(), 0);
  std::vector<uint32_t> queue{0};
  seen[0] = 1;
  for (size_t q = 0; q < queue.size(); ++q) {
    const uint32_t v = queue[q];
    if (std::binary_search(g.jewels.begin(), g.jewels.end(), v))
      return true;
    for (uint32_t e = g.first[v]; e < g.first[v + 1]; ++e) {
      const uint32_t to = g.edges[e].to;
      if (!seen[to] && !removed[to]) {
        seen[to] = 1;
        queue.push_back(to);
      }
    }
  }
  return false;
}

bool JewelReachable(const AttackGraph& g,
                    uint32_t jewel,
                    const std::vector<uint8_t>& removed) {
  AttackGraph one = g;
  one.jewels = {jewel};
  return AnyJewelReachable(one, removed);
}

// A random graph: the internet, then services, weaknesses, assets and
// identities; edges forward only when `dag`.
AttackGraph RandomGraph(uint64_t seed, uint32_t n, uint32_t m, bool dag) {
  Lcg rng{seed};
  std::vector<NodeKind> kinds{NodeKind::kInternet};
  constexpr NodeKind kKinds[] = {NodeKind::kService, NodeKind::kWeakness,
                                 NodeKind::kAsset, NodeKind::kIdentity,
                                 NodeKind::kZone};
  for (uint32_t i = 1; i < n; ++i)
    kinds.push_back(kKinds[rng.Next(5)]);
  std::vector<EdgeSpec> edges;
  for (uint32_t i = 0; i < m; ++i) {
    uint32_t a = rng.Next(n);
    uint32_t b = rng.Next(n);
    if (a == b || b == 0)
      continue;
    if (dag && a > b)
      std::swap(a, b);
    if (dag && b == 0)
      continue;
    edges.push_back({a, b, kChances[rng.Next(7)]});
  }
  std::vector<uint32_t> jewels{n - 1};
  if (n > 4)
    jewels.push_back(n - 2);
  return MakeGraph(kinds, edges, jewels);
}

TEST(PathSearch, DagPathsAreTheKShortestByBruteForce) {
  size_t compared = 0;  // jewels with two paths or more
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    const AttackGraph g = RandomGraph(seed, 10, 26, /*dag=*/true);
    const PathAnalysis a = AnalyzePaths(g, 5);
    for (uint32_t jewel : g.jewels) {
      std::vector<uint32_t> want = AllPathCosts(g, jewel);
      if (want.size() > 5)
        want.resize(5);
      std::vector<uint32_t> got;
      for (const AttackPath& p : a.paths) {
        if (p.jewel == jewel)
          got.push_back(p.cost);
      }
      EXPECT_EQ(got, want) << "seed " << seed << " jewel " << jewel;
      compared += want.size() >= 2;
    }
  }
  EXPECT_GE(compared, 30u);
}

TEST(PathSearch, CyclicGraphsGiveTheShortestPathAndSimplePaths) {
  for (uint64_t seed = 100; seed <= 160; ++seed) {
    const AttackGraph g = RandomGraph(seed, 11, 30, /*dag=*/false);
    const PathAnalysis a = AnalyzePaths(g, 4);
    for (uint32_t jewel : g.jewels) {
      const std::vector<uint32_t> all = AllPathCosts(g, jewel);
      std::vector<const AttackPath*> mine;
      for (const AttackPath& p : a.paths) {
        if (p.jewel == jewel)
          mine.push_back(&p);
      }
      ASSERT_EQ(mine.empty(), all.empty()) << "seed " << seed;
      if (all.empty())
        continue;
      EXPECT_EQ(mine.front()->cost, all.front()) << "seed " << seed;
      for (size_t i = 0; i < mine.size(); ++i) {
        const AttackPath& p = *mine[i];
        EXPECT_EQ(p.rank, i + 1);
        if (i > 0) {
          EXPECT_GE(p.cost, mine[i - 1]->cost);
        }
        std::vector<uint32_t> nodes = p.nodes;
        std::sort(nodes.begin(), nodes.end());
        EXPECT_EQ(std::adjacent_find(nodes.begin(), nodes.end()), nodes.end())
            << "a path visits a node twice, seed " << seed;
        ASSERT_EQ(p.edges.size() + 1, p.nodes.size());
        uint32_t cost = 0;
        for (size_t s = 0; s < p.edges.size(); ++s) {
          const uint32_t e = p.edges[s];
          EXPECT_GE(e, g.first[p.nodes[s]]);
          EXPECT_LT(e, g.first[p.nodes[s] + 1]);
          EXPECT_EQ(g.edges[e].to, p.nodes[s + 1]);
          cost += ChanceCost(g.edges[e].chance);
        }
        EXPECT_EQ(cost, p.cost);
        EXPECT_NE(std::find(all.begin(), all.end(), p.cost), all.end());
      }
    }
  }
}

TEST(PathSearch, FixSetIsAMinimumCutByBruteForce) {
  size_t nontrivial = 0;  // graphs whose minimum cut has 2 nodes or more
  for (uint64_t seed = 200; seed <= 400; ++seed) {
    const AttackGraph g = RandomGraph(seed, 11, 28, seed % 2 == 0);
    const PathAnalysis a = AnalyzePaths(g, 3);
    // Jewels no removal protects are the fix set's stated exceptions.
    std::vector<uint32_t> cuttable;
    std::set_difference(g.jewels.begin(), g.jewels.end(), a.uncuttable.begin(),
                        a.uncuttable.end(), std::back_inserter(cuttable));
    for (uint32_t j : a.uncuttable) {
      std::vector<uint8_t> all_removable(g.nodes.size(), 0);
      for (uint32_t v = 1; v < g.nodes.size(); ++v)
        all_removable[v] = Removable(g, v);
      EXPECT_TRUE(JewelReachable(g, j, all_removable)) << "seed " << seed;
    }
    // Reachability of the cuttable jewels; what may be removed stays g's.
    AttackGraph h = g;
    h.jewels = cuttable;
    std::vector<uint8_t> none(g.nodes.size(), 0);
    if (!AnyJewelReachable(h, none)) {
      EXPECT_TRUE(a.fix_set.empty());
      continue;
    }
    std::vector<uint8_t> removed(g.nodes.size(), 0);
    for (uint32_t v : a.fix_set) {
      EXPECT_TRUE(Removable(g, v));
      removed[v] = 1;
    }
    EXPECT_FALSE(AnyJewelReachable(h, removed)) << "seed " << seed;
    // No smaller set of removable nodes cuts every path.
    std::vector<uint32_t> candidates;
    for (uint32_t v = 1; v < g.nodes.size(); ++v) {
      if (Removable(g, v))
        candidates.push_back(v);
    }
    size_t best = candidates.size() + 1;
    for (uint32_t mask = 0; mask < (1u << candidates.size()); ++mask) {
      const size_t bits = static_cast<size_t>(__builtin_popcount(mask));
      if (bits >= best)
        continue;
      std::vector<uint8_t> r(g.nodes.size(), 0);
      for (size_t i = 0; i < candidates.size(); ++i)
        r[candidates[i]] = (mask >> i) & 1;
      if (!AnyJewelReachable(h, r))
        best = bits;
    }
    EXPECT_EQ(a.fix_set.size(), best) << "seed " << seed;
    nontrivial += best >= 2;
  }
  EXPECT_GE(nontrivial, 20u);
}

TEST(PathSearch, ChokePointsDominateTheirJewels) {
  for (uint64_t seed = 300; seed <= 340; ++seed) {
    const AttackGraph g = RandomGraph(seed, 12, 26, seed % 2 == 1);
    const PathAnalysis a = AnalyzePaths(g, 5);
    std::vector<uint8_t> removed(g.nodes.size(), 0);
    for (uint32_t v = 1; v < g.nodes.size(); ++v) {
      if (!Removable(g, v))
        continue;
      removed[v] = 1;
      std::vector<uint32_t> cut;
      for (uint32_t j : g.jewels) {
        if (JewelReachable(g, j, std::vector<uint8_t>(g.nodes.size(), 0)) &&
            !JewelReachable(g, j, removed))
          cut.push_back(j);
      }
      removed[v] = 0;
      const auto it =
          std::find_if(a.choke_points.begin(), a.choke_points.end(),
                       [v](const ChokePoint& c) { return c.node == v; });
      if (cut.empty()) {
        if (it != a.choke_points.end()) {
          EXPECT_TRUE(it->jewels.empty()) << "seed " << seed << " node " << v;
        }
        continue;
      }
      ASSERT_NE(it, a.choke_points.end()) << "seed " << seed << " node " << v;
      EXPECT_EQ(it->jewels, cut) << "seed " << seed << " node " << v;
    }
  }
}

// Layers of removable nodes, every node of a layer joined to every node
// of the next: the narrowest layer is the minimum cut, and the shortest
// path goes through the likeliest edges.
TEST(PathSearch, LayeredNetworkHasItsKnownCutAndShortestPath) {
  const std::vector<uint32_t> widths = {6, 9, 3, 7, 5};
  std::vector<NodeKind> kinds{NodeKind::kInternet};
  std::vector<std::vector<uint32_t>> layers;
  for (uint32_t w : widths) {
    layers.emplace_back();
    for (uint32_t i = 0; i < w; ++i) {
      layers.back().push_back(static_cast<uint32_t>(kinds.size()));
      kinds.push_back(NodeKind::kAsset);
    }
  }
  const uint32_t jewel = static_cast<uint32_t>(kinds.size());
  kinds.push_back(NodeKind::kAsset);
  std::vector<EdgeSpec> edges;
  for (uint32_t v : layers.front())
    edges.push_back({0, v, Chance::kEven});
  for (size_t l = 0; l + 1 < layers.size(); ++l) {
    for (size_t i = 0; i < layers[l].size(); ++i) {
      for (size_t j = 0; j < layers[l + 1].size(); ++j) {
        // One likely edge per layer: node 0 to node 0.
        edges.push_back(
            {layers[l][i], layers[l + 1][j],
             i == 0 && j == 0 ? Chance::kCertain : Chance::kPossible});
      }
    }
  }
  for (uint32_t v : layers.back())
    edges.push_back({v, jewel, Chance::kLikely});
  const AttackGraph g = MakeGraph(kinds, edges, {jewel});
  const PathAnalysis a = AnalyzePaths(g, 5);
  ASSERT_EQ(a.paths.size(), 5u);
  EXPECT_EQ(a.paths[0].cost,
            ChanceCost(Chance::kEven) + ChanceCost(Chance::kLikely));
  EXPECT_EQ(a.paths[0].likelihood_ppm, 540000u);
  EXPECT_EQ(a.fix_set.size(), 3u);
  for (uint32_t v : a.fix_set)
    EXPECT_NE(std::find(layers[2].begin(), layers[2].end(), v),
              layers[2].end());
  EXPECT_EQ(a.jewels_reachable, 1u);
}

// A larger generated network: zones of hosts, the internet reaching the
// first zone's web servers; the one bridge host between the zones is the
// only choke point and the fix set.
TEST(PathSearch, BridgeHostIsTheOnlyChokePoint) {
  std::vector<NodeKind> kinds{NodeKind::kInternet};
  std::vector<EdgeSpec> edges;
  auto add = [&](NodeKind k) {
    kinds.push_back(k);
    return static_cast<uint32_t>(kinds.size() - 1);
  };
  const uint32_t dmz = add(NodeKind::kZone);
  const uint32_t inner = add(NodeKind::kZone);
  const uint32_t bridge = add(NodeKind::kAsset);
  for (int i = 0; i < 40; ++i) {
    const uint32_t svc = add(NodeKind::kService);
    const uint32_t weak = add(NodeKind::kWeakness);
    const uint32_t host = add(NodeKind::kAsset);
    edges.push_back({0, svc, Chance::kCertain});
    edges.push_back({svc, weak, kChances[i % 7]});
    edges.push_back({weak, host, Chance::kCertain});
    edges.push_back({host, dmz, Chance::kCertain});
  }
  const uint32_t bsvc = add(NodeKind::kService);
  const uint32_t bweak = add(NodeKind::kWeakness);
  edges.push_back({dmz, bsvc, Chance::kLikely});
  edges.push_back({bsvc, bweak, Chance::kEven});
  edges.push_back({bweak, bridge, Chance::kCertain});
  edges.push_back({bridge, inner, Chance::kCertain});
  std::vector<uint32_t> jewels;
  for (int i = 0; i < 8; ++i) {
    const uint32_t svc = add(NodeKind::kService);
    const uint32_t weak = add(NodeKind::kWeakness);
    const uint32_t host = add(NodeKind::kAsset);
    edges.push_back({inner, svc, Chance::kLikely});
    edges.push_back({svc, weak, Chance::kProbable});
    edges.push_back({weak, host, Chance::kCertain});
    jewels.push_back(host);
  }
  const AttackGraph g = MakeGraph(kinds, edges, jewels);
  const PathAnalysis a = AnalyzePaths(g, 5);
  EXPECT_EQ(a.jewels_reachable, 8u);
  EXPECT_EQ(a.paths.size(), 40u);
  ASSERT_EQ(a.fix_set.size(), 1u);
  // The weakness on the bridge's service comes first (nearest the
  // internet: a fix, not an isolation), and it and the bridge protect all.
  EXPECT_EQ(a.fix_set[0], bweak);
  ASSERT_GE(a.choke_points.size(), 2u);
  EXPECT_EQ(a.choke_points[0].jewels.size(), 8u);
  EXPECT_EQ(a.choke_points[1].jewels.size(), 8u);
}

// Whole analyses.
std::string Example(const std::string& name) {
  std::string data;
  EXPECT_TRUE(
      testing::ReadFile(testing::SourceDir() + "/examples/" + name, &data));
  return data;
}

const char kPolicy[] = R"({
  "zones": [{"name": "dmz", "cidrs": ["10.20.1.0/24"], "internet": true},
            {"name": "servers", "cidrs": ["10.20.2.0/24"]},
            {"name": "clients", "cidrs": ["10.20.3.0/24"]}],
  "reach": [{"from": "dmz", "to": "servers", "ports": "445,1433"},
            {"from": "clients", "to": "servers", "ports": "any"}]
})";

Json AnalyzeWith(const std::string& policy,
                 const std::vector<std::pair<std::string, std::string>>& in) {
  Analyzer a;
  Result<Policy> p = ParsePolicy(policy);
  EXPECT_TRUE(p.ok()) << p.status().message();
  a.SetPolicy(*p);
  for (const auto& [name, data] : in)
    testing::FeedInChunks(&a, name, data, 1 << 16);
  return Json::parse(a.ReportJson());
}

TEST(AttackPaths, ScansAndPolicyReachTheDatabase) {
  const Json r =
      AnalyzeWith(kPolicy, {{"host-scan.nessus", Example("host-scan.nessus")},
                            {"cmdb-assets.csv", Example("cmdb-assets.csv")}});
  ASSERT_TRUE(r.contains("paths"));
  const Json& jewels = r["graph"]["jewels"];
  ASSERT_EQ(jewels.size(), 2u);  // db01 and vpn-gw01, critical in the CMDB
  EXPECT_EQ(jewels[0]["label"], "db01.corp.example");
  EXPECT_TRUE(jewels[0]["reachable"]);
  EXPECT_FALSE(jewels[1]["reachable"]);  // no weakness reaches it
  const Json& best = r["paths"][0];
  EXPECT_EQ(best["rank"], 1);
  const Json& steps = best["steps"];
  EXPECT_EQ(steps.front()["from"], "internet");
  EXPECT_EQ(steps.front()["basis"], "declared");
  EXPECT_EQ(steps.back()["to"], jewels[0]["node"]);
  // The last step is MS17-010 on db01's SMB, through the reach rule.
  EXPECT_EQ(steps.back()["kind"], "exploit");
  EXPECT_NE(steps.back()["evidence"].get<std::string>().find("MS17-010"),
            std::string::npos);
  EXPECT_EQ(steps[steps.size() - 2]["evidence"],
            "policy reach[0]: dmz to servers on 445,1433");
  // web01 is the only way in: the choke point that protects db01, and the
  // fix set.
  EXPECT_EQ(r["choke_points"][0]["label"], "web01.corp.example");
  EXPECT_EQ(r["choke_points"][0]["jewels_protected"], 1);
  EXPECT_FALSE(r["choke_points"][0]["actions"].empty());
  EXPECT_EQ(r["fix_set"]["size"], 1);
  // Findings say whether they are on a path.
  size_t on = 0;
  size_t off = 0;
  for (const Json& f : r["findings"]) {
    const std::string note = f.value("attack_path", "");
    on += note == "on a path to a crown jewel";
    off += note == "no path to a crown jewel found";
  }
  EXPECT_GT(on, 0u);
  EXPECT_GT(off, 0u);
  EXPECT_EQ(on + off, r["findings"].size());
}

TEST(AttackPaths, WithoutPolicyNothingFacesTheInternet) {
  const Json r =
      AnalyzeWith("{}", {{"host-scan.nessus", Example("host-scan.nessus")},
                         {"cmdb-assets.csv", Example("cmdb-assets.csv")}});
  ASSERT_TRUE(r.contains("graph"));
  EXPECT_TRUE(r["paths"].empty());
  EXPECT_EQ(r["graph"]["edges_by_basis"]["declared"], 0);
  EXPECT_GT(r["graph"]["edges_by_basis"]["assumed"], 0);
}

TEST(AttackPaths, DirectoryCredentialsLeadToTheDomainController) {
  std::string bloodhound;
  ASSERT_TRUE(testing::ReadFile(
      testing::SourceDir() + "/tests/fixtures/bloodhound/corp-computers.json",
      &bloodhound));
  const Json r =
      AnalyzeWith(kPolicy, {{"host-scan.nessus", Example("host-scan.nessus")},
                            {"cmdb-assets.csv", Example("cmdb-assets.csv")},
                            {"corp-computers.json", bloodhound}});
  EXPECT_TRUE(r["graph"]["data"]["identity"]);
  const Json* dc = nullptr;
  for (const Json& j : r["graph"]["jewels"]) {
    if (j["label"] == "dc01.corp.example")
      dc = &j;
  }
  ASSERT_NE(dc, nullptr);
  EXPECT_EQ((*dc)["why"], "Tier Zero in the directory");
  EXPECT_TRUE((*dc)["reachable"]);
  bool credential = false;
  for (const Json& p : r["paths"]) {
    if (p["jewel"] != (*dc)["node"])
      continue;
    for (const Json& s : p["steps"]) {
      if (s["kind"] == "credential") {
        credential = true;
        EXPECT_EQ(s["basis"], "observed");
      }
    }
  }
  EXPECT_TRUE(credential);
}

TEST(AttackPaths, SharpHoundSampleGivesIdentityEdges) {
  const std::string dir =
      testing::SourceDir() +
      "/../shared/samples/bloodhound/sharphound_ce_v6_testlab/";
  std::vector<std::pair<std::string, std::string>> in;
  for (const char* name : {"computers.json", "domains.json", "sessions.json"}) {
    std::string data;
    if (!testing::ReadFile(dir + name, &data))
      GTEST_SKIP() << "shared samples not present";
    in.emplace_back(name, data);
  }
  const Json r = AnalyzeWith("{}", in);
  // The domain and the DC are Tier Zero; no scan gives an entry point.
  ASSERT_TRUE(r.contains("graph"));
  EXPECT_GT(r["graph"]["edges_by_kind"]["credential"], 20);
  EXPECT_GE(r["graph"]["jewels"].size(), 2u);
  EXPECT_TRUE(r["paths"].empty());
}

TEST(AttackPaths, CloudResourcesOpenToTheInternet) {
  std::string asff;
  if (!testing::ReadFile(testing::SourceDir() +
                             "/../shared/corpus/asff/prowler-output.asff.json",
                         &asff))
    GTEST_SKIP() << "shared corpus not present";
  const Json r = AnalyzeWith(
      R"({"crown_jewels": [{"match": {"kind": "cloud_resource"}}]})",
      {{"prowler-output.asff.json", asff}});
  EXPECT_TRUE(r["graph"]["data"]["cloud"]);
  EXPECT_GT(r["graph"]["edges_by_kind"]["cloud"], 0);
  ASSERT_FALSE(r["paths"].empty());
  const Json& step = r["paths"][0]["steps"][0];
  EXPECT_EQ(step["kind"], "cloud");
  EXPECT_EQ(step["from"], "internet");
  EXPECT_EQ(step["basis"], "observed");
  EXPECT_TRUE(step.contains("via"));
}

TEST(AttackPaths, PolicyErrorsNameTheMember) {
  auto error = [](const std::string& text) {
    Result<Policy> p = ParsePolicy(text);
    return p.ok() ? std::string("ok") : p.status().message();
  };
  EXPECT_EQ(error(R"({"zones": [{"name": "a", "cidrs": ["10.0.0.0/8"]}],
                      "reach": [{"from": "a", "to": "b"}]})"),
            "policy.reach[0].to: no zone named \"b\"");
  EXPECT_NE(error(R"({"zones": [{"name": "a", "cidrs": ["10.0.0.0/8"]}],
                      "reach": [{"from": "internet", "to": "a",
                                 "ports": "80-70"}]})")
                .find("policy.reach[0].ports"),
            std::string::npos);
  EXPECT_NE(error(R"({"zones": [{"name": "a", "cidrs": ["nope"]}]})")
                .find("policy.zones[0].cidrs"),
            std::string::npos);
  EXPECT_NE(error(R"({"crown_jewels": [{"match": {"scope": "x"}}]})")
                .find("policy.crown_jewels[0].match.scope"),
            std::string::npos);
  EXPECT_NE(error(R"({"crown_jewels": [{"match": {"identity": "DA@*",
                                                  "tag": "x"}}]})")
                .find("identity"),
            std::string::npos);
  EXPECT_EQ(error(R"({"zones": [{"name": "dmz", "cidrs": ["10.0.0.0/8"],
                                 "internet": true}],
                      "reach": [{"from": "internet", "to": "dmz",
                                 "ports": "443,8000-8090"}],
                      "crown_jewels": [{"match": {"criticality": "high",
                                                  "tag": "pci"}},
                                       {"match": {"identity":
                                                  "DOMAIN ADMINS@*"}}],
                      "paths_per_jewel": 3})"),
            "ok");
}

TEST(AttackPaths, CliFormatsAndJewelSelection) {
  testing::FakeHost host;
  host.files["scan.nessus"] = Example("host-scan.nessus");
  host.files["cmdb.csv"] = Example("cmdb-assets.csv");
  host.files["policy.json"] = kPolicy;
  auto run = [&](std::vector<std::string> extra) {
    host.out.clear();
    host.err.clear();
    std::vector<std::string> args = {"paths", "--policy", "policy.json"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("scan.nessus");
    args.push_back("cmdb.csv");
    return RunCli(args, host);
  };
  ASSERT_EQ(run({"--format", "dot"}), 0) << host.err;
  EXPECT_EQ(host.out.rfind("digraph attack_paths {", 0), 0u);
  EXPECT_NE(host.out.find("style=dashed"), std::string::npos);
  ASSERT_EQ(run({"--format", "markdown"}), 0);
  EXPECT_NE(host.out.find("## Choke points"), std::string::npos);
  ASSERT_EQ(run({"--format", "table"}), 0);
  EXPECT_NE(host.out.find("1 of 2 crown jewels reachable"), std::string::npos);
  ASSERT_EQ(run({"--format", "json", "--jewel", "db01*"}), 0);
  const Json one = Json::parse(host.out);
  EXPECT_EQ(one["schema"], "exposure-lens/paths/v1");
  ASSERT_EQ(one["graph"]["jewels"].size(), 1u);
  EXPECT_EQ(one["graph"]["jewels"][0]["label"], "db01.corp.example");
  // The same bytes twice.
  const std::string first = host.out;
  ASSERT_EQ(run({"--format", "json", "--jewel", "db01*"}), 0);
  EXPECT_EQ(host.out, first);
  EXPECT_EQ(run({"--jewel", "nothing-like-it"}), 2);
  EXPECT_NE(host.err.find("--jewel matches no crown jewel"), std::string::npos);
  EXPECT_EQ(run({"--format", "svg"}), 2);
}

}  // namespace
}  // namespace exposure
