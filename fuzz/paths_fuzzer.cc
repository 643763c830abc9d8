// Fuzzes the attack paths two ways, chosen by the first byte:
// - even: a policy (the bytes up to the first NUL) and one input (the rest)
//   analyzed, then `exposure paths` in every format: never a crash, and
//   the JSON parses;
// - odd: a graph made from the bytes (node kinds, edges, chances, jewels)
//   searched directly: every path is a chain of the graph's edges from the
//   internet to its jewel with nodes visited once, and the fix set leaves no
//   jewel it can protect reachable.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/app/analyzer.h"
#include "core/paths/path_search.h"

namespace {

using exposure::AttackGraph;
using exposure::NodeKind;

void Analysis(std::string_view bytes) {
  const size_t nul = bytes.find('\0');
  const std::string_view policy = bytes.substr(0, nul);
  const std::string_view input = nul == std::string_view::npos
                                     ? std::string_view()
                                     : bytes.substr(nul + 1);
  exposure::Analyzer a;
  exposure::Result<exposure::Policy> p = exposure::ParsePolicy(policy);
  if (p.ok())
    a.SetPolicy(*p);
  a.BeginFile("input");
  a.Feed(input);
  a.EndFile();
  for (const char* format : {"json", "table", "markdown", "dot"}) {
    exposure::Result<std::string> out = a.RenderAttackPaths(format, {});
    if (!out.ok())
      std::abort();  // every format is known and no selector was given
    if (std::string_view(format) == "json" &&
        nlohmann::json::parse(*out, nullptr, false).is_discarded())
      std::abort();
  }
}

void Graph(const uint8_t* data, size_t size) {
  if (size < 4)
    return;
  const uint32_t n = 2 + data[0] % 30;
  AttackGraph g;
  g.nodes.push_back({NodeKind::kInternet, 0});
  for (uint32_t i = 1; i < n; ++i)
    g.nodes.push_back({static_cast<NodeKind>(1 + data[i % size] % 5), 0});
  // Edges from triples (from, to, chance), sorted into CSR.
  std::vector<std::vector<AttackGraph::Edge>> out(n);
  for (size_t at = 1; at + 2 < size; at += 3) {
    const uint32_t from = data[at] % n;
    const uint32_t to = data[at + 1] % n;
    if (from == to || to == 0)
      continue;
    bool dup = false;
    for (const AttackGraph::Edge& e : out[from])
      dup = dup || e.to == to;
    if (dup)
      continue;
    AttackGraph::Edge e;
    e.to = to;
    e.chance = static_cast<exposure::Chance>(data[at + 2] % 7);
    out[from].push_back(e);
  }
  g.first.push_back(0);
  for (uint32_t v = 0; v < n; ++v) {
    std::sort(out[v].begin(), out[v].end(),
              [](const AttackGraph::Edge& x, const AttackGraph::Edge& y) {
                return x.to < y.to;
              });
    g.edges.insert(g.edges.end(), out[v].begin(), out[v].end());
    g.first.push_back(static_cast<uint32_t>(g.edges.size()));
  }
  // Up to three jewels: the last nodes, every other one.
  for (int64_t v = n - 1; v > 0 && g.jewels.size() < 3; v -= 2)
    g.jewels.insert(g.jewels.begin(), static_cast<uint32_t>(v));
  g.jewel_why.assign(g.jewels.size(), "fuzz");
  const exposure::PathAnalysis a = exposure::AnalyzePaths(g, 1 + data[1] % 6);

  for (const exposure::AttackPath& p : a.paths) {
    if (p.nodes.empty() || p.nodes.front() != 0 || p.nodes.back() != p.jewel ||
        p.edges.size() + 1 != p.nodes.size())
      std::abort();
    std::vector<bool> seen(n, false);
    for (size_t i = 0; i < p.nodes.size(); ++i) {
      if (seen[p.nodes[i]])
        std::abort();
      seen[p.nodes[i]] = true;
      if (i + 1 < p.nodes.size()) {
        const uint32_t e = p.edges[i];
        if (e < g.first[p.nodes[i]] || e >= g.first[p.nodes[i] + 1] ||
            g.edges[e].to != p.nodes[i + 1])
          std::abort();
      }
    }
  }
  // With the fix set removed, only the uncuttable jewels stay reachable.
  std::vector<bool> removed(n, false);
  for (uint32_t v : a.fix_set)
    removed[v] = true;
  std::vector<bool> reached(n, false);
  std::vector<uint32_t> queue{0};
  reached[0] = true;
  for (size_t q = 0; q < queue.size(); ++q) {
    for (uint32_t e = g.first[queue[q]]; e < g.first[queue[q] + 1]; ++e) {
      const uint32_t to = g.edges[e].to;
      if (!reached[to] && !removed[to]) {
        reached[to] = true;
        queue.push_back(to);
      }
    }
  }
  for (uint32_t j : g.jewels) {
    const bool uncuttable =
        std::binary_search(a.uncuttable.begin(), a.uncuttable.end(), j);
    if (reached[j] && !uncuttable)
      std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0)
    return 0;
  if (data[0] % 2 == 1)
    Graph(data + 1, size - 1);
  else
    Analysis(
        std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  return 0;
}
