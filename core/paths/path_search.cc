#include "core/paths/path_search.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace exposure {

namespace {

constexpr uint32_t kNone = AttackGraph::kNone;

std::vector<uint8_t> JewelFlags(const AttackGraph& g) {
  std::vector<uint8_t> is_jewel(g.nodes.size(), 0);
  for (uint32_t j : g.jewels)
    is_jewel[j] = 1;
  return is_jewel;
}

// A jewel is never removed: it is what the fixes protect.
bool RemovableKind(const AttackGraph& g, uint32_t node, bool jewel) {
  const NodeKind k = g.nodes[node].kind;
  return !jewel && (k == NodeKind::kWeakness || k == NodeKind::kAsset ||
                    k == NodeKind::kIdentity);
}

// The k likeliest simple paths from the internet to every node at once:
// Dijkstra where each node is settled up to k times, a label per
// settlement; a label that would revisit a node of its own path is
// dropped. Every label's cost is at least its parent's, so the labels of
// a node settle in cost order, and the first label of a node is exactly
// its likeliest path.
void KShortest(const AttackGraph& g,
               size_t k,
               const std::vector<uint8_t>& is_jewel,
               PathAnalysis* out) {
  struct Item {
    uint32_t cost;
    uint32_t node;
    uint32_t parent;  // label, kNone for the start
    uint32_t edge;
  };
  struct Label {
    uint32_t node;
    uint32_t parent;
    uint32_t edge;
    uint32_t cost;
  };
  auto later = [](const Item& a, const Item& b) {
    return std::tie(a.cost, a.node, a.parent, a.edge) >
           std::tie(b.cost, b.node, b.parent, b.edge);
  };
  const size_t n = g.nodes.size();
  std::vector<uint8_t> settled(n, 0);
  std::vector<Label> labels;
  std::vector<std::vector<uint32_t>> jewel_labels(g.jewels.size());
  std::vector<uint32_t> jewel_slot(n, kNone);
  for (size_t j = 0; j < g.jewels.size(); ++j)
    jewel_slot[g.jewels[j]] = static_cast<uint32_t>(j);
  size_t jewels_full = 0;

  std::vector<Item> heap;
  heap.push_back({0, 0, kNone, kNone});
  while (!heap.empty() && jewels_full < g.jewels.size()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    const Item item = heap.back();
    heap.pop_back();
    if (settled[item.node] >= k)
      continue;
    bool loops = false;
    for (uint32_t p = item.parent; p != kNone && !loops; p = labels[p].parent)
      loops = labels[p].node == item.node;
    if (loops)
      continue;
    const uint32_t id = static_cast<uint32_t>(labels.size());
    labels.push_back({item.node, item.parent, item.edge, item.cost});
    ++settled[item.node];
    if (is_jewel[item.node]) {
      auto& list = jewel_labels[jewel_slot[item.node]];
      list.push_back(id);
      if (list.size() == k)
        ++jewels_full;
    }
    for (uint32_t e = g.first[item.node]; e < g.first[item.node + 1]; ++e) {
      const AttackGraph::Edge& edge = g.edges[e];
      if (settled[edge.to] >= k)
        continue;
      heap.push_back({item.cost + ChanceCost(edge.chance), edge.to, id, e});
      std::push_heap(heap.begin(), heap.end(), later);
    }
  }

  out->jewel_reachable.assign(g.jewels.size(), 0);
  for (size_t j = 0; j < g.jewels.size(); ++j) {
    out->jewel_reachable[j] = !jewel_labels[j].empty();
    out->jewels_reachable += !jewel_labels[j].empty();
    uint32_t rank = 0;
    for (uint32_t id : jewel_labels[j]) {
      AttackPath path;
      path.jewel = g.jewels[j];
      path.rank = ++rank;
      path.cost = labels[id].cost;
      for (uint32_t l = id; l != kNone; l = labels[l].parent) {
        path.nodes.push_back(labels[l].node);
        if (labels[l].edge != kNone)
          path.edges.push_back(labels[l].edge);
      }
      std::reverse(path.nodes.begin(), path.nodes.end());
      std::reverse(path.edges.begin(), path.edges.end());
      uint64_t ppm = 1000000;
      for (uint32_t e : path.edges)
        ppm = (ppm * ChancePpm(g.edges[e].chance) + 500000) / 1000000;
      path.likelihood_ppm = static_cast<uint32_t>(ppm);
      out->paths.push_back(std::move(path));
    }
  }
}

// Nodes reachable from the internet in reverse postorder, and the
// predecessors of each (reverse CSR over the reachable part).
struct Reachable {
  std::vector<uint32_t> rpo;
  std::vector<uint32_t> order;  // by node: position in rpo, kNone if unreached
  std::vector<uint32_t> pred_first;
  std::vector<uint32_t> preds;
};

Reachable Reach(const AttackGraph& g) {
  const size_t n = g.nodes.size();
  Reachable r;
  r.order.assign(n, kNone);
  std::vector<uint32_t> post;
  std::vector<uint8_t> seen(n, 0);
  std::vector<std::pair<uint32_t, uint32_t>> stack;  // node, next edge
  stack.emplace_back(0, g.first[0]);
  seen[0] = 1;
  while (!stack.empty()) {
    auto& [node, e] = stack.back();
    if (e < g.first[node + 1]) {
      const uint32_t to = g.edges[e++].to;
      if (!seen[to]) {
        seen[to] = 1;
        stack.emplace_back(to, g.first[to]);
      }
    } else {
      post.push_back(node);
      stack.pop_back();
    }
  }
  r.rpo.assign(post.rbegin(), post.rend());
  for (size_t i = 0; i < r.rpo.size(); ++i)
    r.order[r.rpo[i]] = static_cast<uint32_t>(i);
  r.pred_first.assign(n + 1, 0);
  for (uint32_t u : r.rpo) {
    for (uint32_t e = g.first[u]; e < g.first[u + 1]; ++e)
      ++r.pred_first[g.edges[e].to + 1];
  }
  for (size_t v = 0; v < n; ++v)
    r.pred_first[v + 1] += r.pred_first[v];
  r.preds.resize(r.pred_first[n]);
  std::vector<uint32_t> fill(r.pred_first.begin(), r.pred_first.end() - 1);
  for (uint32_t u : r.rpo) {
    for (uint32_t e = g.first[u]; e < g.first[u + 1]; ++e)
      r.preds[fill[g.edges[e].to]++] = u;
  }
  return r;
}

// Immediate dominators of the reachable nodes (Cooper, Harvey and
// Kennedy's iteration over reverse postorder); kNone for the others.
std::vector<uint32_t> Dominators(const AttackGraph& g, const Reachable& r) {
  std::vector<uint32_t> idom(g.nodes.size(), kNone);
  idom[0] = 0;
  auto intersect = [&](uint32_t a, uint32_t b) {
    while (a != b) {
      while (r.order[a] > r.order[b])
        a = idom[a];
      while (r.order[b] > r.order[a])
        b = idom[b];
    }
    return a;
  };
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t i = 1; i < r.rpo.size(); ++i) {
      const uint32_t v = r.rpo[i];
      uint32_t best = kNone;
      for (uint32_t p = r.pred_first[v]; p < r.pred_first[v + 1]; ++p) {
        const uint32_t u = r.preds[p];
        if (idom[u] == kNone)
          continue;
        best = best == kNone ? u : intersect(u, best);
      }
      if (best != idom[v]) {
        idom[v] = best;
        changed = true;
      }
    }
  }
  return idom;
}

// A minimum set of removable nodes separating the internet from every
// jewel: max-flow (Dinic) on the nodes of some path, each split into an
// in and an out vertex joined by capacity 1 when removable, unbounded
// otherwise. Only jewels that some removal can protect are sinks
// (`sink_jewel`), so every path to a sink crosses a removable node and each
// augmenting path carries one unit.
std::vector<uint32_t> MinimumCut(const AttackGraph& g,
                                 const std::vector<uint8_t>& on_path,
                                 const std::vector<uint8_t>& is_jewel,
                                 const std::vector<uint8_t>& sink_jewel) {
  constexpr uint32_t kInf = 1u << 30;
  const size_t n = g.nodes.size();
  std::vector<uint32_t> local(n, kNone);
  std::vector<uint32_t> global;
  for (uint32_t v = 0; v < n; ++v) {
    if (on_path[v]) {
      local[v] = static_cast<uint32_t>(global.size());
      global.push_back(v);
    }
  }
  if (global.empty())
    return {};
  const uint32_t vertices = static_cast<uint32_t>(global.size() * 2 + 1);
  const uint32_t sink = vertices - 1;
  struct Arc {
    uint32_t to;
    uint32_t next;
    uint32_t cap;
  };
  std::vector<Arc> arcs;
  std::vector<uint32_t> head(vertices, kNone);
  auto add = [&](uint32_t from, uint32_t to, uint32_t cap) {
    arcs.push_back({to, head[from], cap});
    head[from] = static_cast<uint32_t>(arcs.size() - 1);
    arcs.push_back({from, head[to], 0});
    head[to] = static_cast<uint32_t>(arcs.size() - 1);
  };
  for (uint32_t li = 0; li < global.size(); ++li) {
    const uint32_t v = global[li];
    add(2 * li, 2 * li + 1, RemovableKind(g, v, is_jewel[v] != 0) ? 1 : kInf);
    if (sink_jewel[v])
      add(2 * li, sink, kInf);
    for (uint32_t e = g.first[v]; e < g.first[v + 1]; ++e) {
      const uint32_t to = local[g.edges[e].to];
      if (to != kNone)
        add(2 * li + 1, 2 * to, kInf);
    }
  }
  const uint32_t source = 2 * local[0] + 1;
  std::vector<int32_t> level(vertices);
  std::vector<uint32_t> queue;
  auto bfs = [&]() {
    std::fill(level.begin(), level.end(), -1);
    queue.assign(1, source);
    level[source] = 0;
    for (size_t q = 0; q < queue.size(); ++q) {
      const uint32_t u = queue[q];
      for (uint32_t a = head[u]; a != kNone; a = arcs[a].next) {
        if (arcs[a].cap > 0 && level[arcs[a].to] < 0) {
          level[arcs[a].to] = level[u] + 1;
          queue.push_back(arcs[a].to);
        }
      }
    }
    return level[sink] >= 0;
  };
  std::vector<uint32_t> it(vertices);
  std::vector<uint32_t> path_arcs;
  std::vector<uint32_t> path_vertices;
  while (bfs()) {
    std::copy(head.begin(), head.end(), it.begin());
    path_arcs.clear();
    path_vertices.assign(1, source);
    while (!path_vertices.empty()) {
      const uint32_t u = path_vertices.back();
      if (u == sink) {
        for (uint32_t a : path_arcs) {
          arcs[a].cap -= 1;
          arcs[a ^ 1].cap += 1;
        }
        path_arcs.clear();
        path_vertices.assign(1, source);
        continue;
      }
      uint32_t& a = it[u];
      while (a != kNone &&
             (arcs[a].cap == 0 || level[arcs[a].to] != level[u] + 1))
        a = arcs[a].next;
      if (a != kNone) {
        path_arcs.push_back(a);
        path_vertices.push_back(arcs[a].to);
      } else {
        level[u] = -1;  // a dead end for the rest of this phase
        path_vertices.pop_back();
        if (!path_arcs.empty()) {
          path_arcs.pop_back();
          const uint32_t back = path_vertices.back();
          it[back] = arcs[it[back]].next;
        }
      }
    }
  }
  // The source side of the residual graph: removable nodes whose in
  // vertex it holds and out vertex it does not are the cut.
  bfs();
  std::vector<uint32_t> cut;
  for (uint32_t li = 0; li < global.size(); ++li) {
    if (level[2 * li] >= 0 && level[2 * li + 1] < 0)
      cut.push_back(global[li]);
  }
  return cut;
}

}  // namespace

bool Removable(const AttackGraph& g, uint32_t node) {
  bool jewel = std::binary_search(g.jewels.begin(), g.jewels.end(), node);
  return RemovableKind(g, node, jewel);
}

PathAnalysis AnalyzePaths(const AttackGraph& g, size_t k) {
  PathAnalysis out;
  const size_t n = g.nodes.size();
  out.on_path.assign(n, 0);
  if (n == 0 || k == 0)
    return out;
  const std::vector<uint8_t> is_jewel = JewelFlags(g);
  KShortest(g, k, is_jewel, &out);

  const Reachable r = Reach(g);
  // On a path: reachable, and some jewel reachable from it (a backward
  // search from the reachable jewels over reachable predecessors).
  std::vector<uint32_t> queue;
  for (uint32_t j : g.jewels) {
    if (r.order[j] != kNone && !out.on_path[j]) {
      out.on_path[j] = 1;
      queue.push_back(j);
    }
  }
  for (size_t q = 0; q < queue.size(); ++q) {
    const uint32_t v = queue[q];
    for (uint32_t p = r.pred_first[v]; p < r.pred_first[v + 1]; ++p) {
      const uint32_t u = r.preds[p];
      if (!out.on_path[u]) {
        out.on_path[u] = 1;
        queue.push_back(u);
      }
    }
  }

  // Choke points: removable nodes of the listed paths, and those that
  // dominate a jewel.
  const std::vector<uint32_t> idom = Dominators(g, r);
  std::vector<std::pair<uint32_t, uint32_t>> dominated;  // node, jewel
  for (uint32_t j : g.jewels) {
    if (r.order[j] == kNone)
      continue;
    for (uint32_t x = idom[j]; x != 0 && x != kNone; x = idom[x]) {
      if (RemovableKind(g, x, is_jewel[x] != 0))
        dominated.emplace_back(x, j);
    }
  }
  std::sort(dominated.begin(), dominated.end());
  std::vector<std::pair<uint32_t, uint32_t>> on_listed;  // node, path
  for (size_t p = 0; p < out.paths.size(); ++p) {
    for (uint32_t v : out.paths[p].nodes) {
      if (RemovableKind(g, v, is_jewel[v] != 0))
        on_listed.emplace_back(v, static_cast<uint32_t>(p));
    }
  }
  std::sort(on_listed.begin(), on_listed.end());
  on_listed.erase(std::unique(on_listed.begin(), on_listed.end()),
                  on_listed.end());
  std::vector<ChokePoint> candidates;
  {
    size_t d = 0;
    size_t l = 0;
    while (d < dominated.size() || l < on_listed.size()) {
      const uint32_t v =
          std::min(d < dominated.size() ? dominated[d].first : kNone,
                   l < on_listed.size() ? on_listed[l].first : kNone);
      ChokePoint c;
      c.node = v;
      for (; d < dominated.size() && dominated[d].first == v; ++d)
        c.jewels.push_back(dominated[d].second);
      for (; l < on_listed.size() && on_listed[l].first == v; ++l)
        ++c.paths_cut;
      candidates.push_back(std::move(c));
    }
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const ChokePoint& a, const ChokePoint& b) {
              if (a.jewels.size() != b.jewels.size())
                return a.jewels.size() > b.jewels.size();
              if (a.paths_cut != b.paths_cut)
                return a.paths_cut > b.paths_cut;
              return a.node < b.node;
            });
  if (candidates.size() > PathAnalysis::kMaxChokePoints)
    candidates.resize(PathAnalysis::kMaxChokePoints);
  out.choke_points = std::move(candidates);

  // Jewels the internet reaches through nodes no fix removes (a service on
  // the internet leading straight to a jewel in a hand-made graph) cannot
  // be protected: they are listed, and the cut is for the others.
  std::vector<uint8_t> sink_jewel = is_jewel;
  {
    std::vector<uint8_t> seen(n, 0);
    std::vector<uint32_t> fixed_queue{0};
    seen[0] = 1;
    for (size_t q = 0; q < fixed_queue.size(); ++q) {
      const uint32_t v = fixed_queue[q];
      if (is_jewel[v]) {
        sink_jewel[v] = 0;
        out.uncuttable.push_back(v);
      }
      for (uint32_t e = g.first[v]; e < g.first[v + 1]; ++e) {
        const uint32_t to = g.edges[e].to;
        if (!seen[to] && !RemovableKind(g, to, is_jewel[to] != 0)) {
          seen[to] = 1;
          fixed_queue.push_back(to);
        }
      }
    }
    std::sort(out.uncuttable.begin(), out.uncuttable.end());
  }
  // The fix set, in greedy order over the listed paths: which listed paths
  // each cut node lies on (on_listed is sorted by node), and which cut
  // nodes each path holds.
  std::vector<uint32_t> cut = MinimumCut(g, out.on_path, is_jewel, sink_jewel);
  std::vector<std::vector<uint32_t>> paths_of(cut.size());
  std::vector<std::vector<uint32_t>> cuts_of(out.paths.size());
  for (size_t c = 0; c < cut.size(); ++c) {
    auto at = std::lower_bound(on_listed.begin(), on_listed.end(),
                               std::make_pair(cut[c], uint32_t{0}));
    for (; at != on_listed.end() && at->first == cut[c]; ++at) {
      paths_of[c].push_back(at->second);
      cuts_of[at->second].push_back(static_cast<uint32_t>(c));
    }
  }
  std::vector<uint32_t> count(cut.size());
  for (size_t c = 0; c < cut.size(); ++c)
    count[c] = static_cast<uint32_t>(paths_of[c].size());
  std::vector<uint8_t> taken(cut.size(), 0);
  std::vector<uint8_t> path_cut(out.paths.size(), 0);
  for (size_t round = 0; round < cut.size(); ++round) {
    size_t best = kNone;
    for (size_t c = 0; c < cut.size(); ++c) {
      if (!taken[c] && (best == kNone || count[c] > count[best]))
        best = c;  // cut is ascending: ties keep the lower node
    }
    taken[best] = 1;
    out.fix_set.push_back(cut[best]);
    out.fix_paths_cut.push_back(count[best]);
    for (uint32_t p : paths_of[best]) {
      if (path_cut[p])
        continue;
      path_cut[p] = 1;
      for (uint32_t c : cuts_of[p])
        --count[c];
    }
  }
  return out;
}

}  // namespace exposure
