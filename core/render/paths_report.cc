#include "core/render/paths_report.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "core/base/strings.h"
#include "core/correlate/report_ids.h"
#include "core/render/exports/text_escape.h"
#include "core/score/validation.h"

namespace exposure {

namespace {

// "0.386" from parts per million.
std::string Likelihood(uint32_t ppm) {
  const uint32_t thousandths = (ppm + 500) / 1000;
  std::string s = std::to_string(thousandths / 1000) + ".";
  AppendZeroPadded(thousandths % 1000, 3, &s);
  return s;
}

std::string PortText(const GraphService& s) {
  if (s.port == 0)
    return "any port";
  return std::to_string(s.port) + (s.protocol.empty() ? "" : "/" + s.protocol);
}

// Findings listed per weakness in the report; the count says the rest.
constexpr size_t kFindingsPerWeakness = 25;

}  // namespace

std::vector<PathStep> StepsOf(const AttackGraph& g, const AttackPath& path) {
  std::vector<PathStep> steps;
  for (size_t i = 0; i < path.edges.size(); ++i) {
    const uint32_t to = path.nodes[i + 1];
    if (g.nodes[to].kind == NodeKind::kWeakness && i + 1 < path.edges.size()) {
      // service -> weakness -> host (or internet -> weakness -> resource):
      // one step through the weakness.
      steps.push_back({path.nodes[i], path.nodes[i + 2], to, path.edges[i]});
      ++i;
      continue;
    }
    steps.push_back({path.nodes[i], to, AttackGraph::kNone, path.edges[i]});
  }
  return steps;
}

PathNames::PathNames(const Store& store,
                     const Assessment& assessment,
                     const Plan& plan,
                     const PathReport& report)
    : store_(store), assessment_(assessment), plan_(plan), report_(report) {}

const std::string& PathNames::AssetId(uint32_t asset) const {
  if (asset_ids_.empty())
    asset_ids_ = ComputeReportAssetIds(store_).id;
  return asset_ids_[asset];
}

std::string PathNames::Id(uint32_t node) const {
  const AttackGraph& g = report_.graph;
  const AttackGraph::Node& n = g.nodes[node];
  switch (n.kind) {
    case NodeKind::kInternet:
      return "internet";
    case NodeKind::kZone:
      return "zone:" + g.zone_names[n.ref];
    case NodeKind::kService:
    case NodeKind::kWeakness: {
      const GraphService& s = g.services[n.kind == NodeKind::kService
                                             ? n.ref
                                             : g.weaknesses[n.ref].service];
      std::string id = n.kind == NodeKind::kService ? "service:" : "weakness:";
      id += AssetId(s.asset);
      id += ':';
      if (n.kind == NodeKind::kWeakness && g.weaknesses[n.ref].cloud)
        return id + "cloud";
      return id + (s.port == 0 ? std::string("any") : PortText(s));
    }
    case NodeKind::kAsset:
      return "asset:" + AssetId(n.ref);
    case NodeKind::kIdentity:
      return "identity:" + std::string(store_.directory().id(n.ref));
  }
  return std::string();
}

std::string PathNames::Label(uint32_t node) const {
  const AttackGraph& g = report_.graph;
  const AttackGraph::Node& n = g.nodes[node];
  switch (n.kind) {
    case NodeKind::kInternet:
      return "Internet";
    case NodeKind::kZone:
      return "zone " + g.zone_names[n.ref];
    case NodeKind::kService: {
      const GraphService& s = g.services[n.ref];
      return store_.assets()[s.asset].name + " " + PortText(s);
    }
    case NodeKind::kWeakness: {
      const GraphWeakness& w = g.weaknesses[n.ref];
      const GraphService& s = g.services[w.service];
      const size_t count = w.findings.size();
      std::string label = std::to_string(count) +
                          (count == 1 ? " finding" : " findings") + " on " +
                          store_.assets()[s.asset].name;
      return w.cloud ? label + " (open to the internet)"
                     : label + " " + PortText(s);
    }
    case NodeKind::kAsset:
      return store_.assets()[n.ref].name;
    case NodeKind::kIdentity: {
      const Directory& dir = store_.directory();
      const std::string& name = dir.entry(n.ref).name;
      return name.empty() ? std::string(dir.id(n.ref)) : name;
    }
  }
  return std::string();
}

std::vector<uint32_t> PathNames::Ranked(uint32_t node) const {
  const AttackGraph& g = report_.graph;
  std::vector<uint32_t> ranked;
  if (g.nodes[node].kind == NodeKind::kWeakness) {
    ranked = g.weaknesses[g.nodes[node].ref].findings;
  } else if (g.nodes[node].kind == NodeKind::kAsset) {
    // What lets an attacker into the asset: its weaknesses' findings.
    for (const GraphWeakness& w : g.weaknesses) {
      if (g.services[w.service].asset == g.nodes[node].ref)
        ranked.insert(ranked.end(), w.findings.begin(), w.findings.end());
    }
    std::sort(ranked.begin(), ranked.end());
  }
  std::stable_sort(ranked.begin(), ranked.end(), [&](uint32_t a, uint32_t b) {
    const FindingAssessment& fa = assessment_.finding(a);
    const FindingAssessment& fb = assessment_.finding(b);
    return std::tie(fa.level, fa.risk) > std::tie(fb.level, fb.risk);
  });
  return ranked;
}

std::vector<std::string> PathNames::Findings(uint32_t node) const {
  std::vector<std::string> ids;
  for (uint32_t f : Ranked(node)) {
    if (ids.size() == kFindingsPerWeakness)
      break;
    ids.push_back(plan_.ids.Id(f));
  }
  return ids;
}

std::vector<std::string> PathNames::Actions(uint32_t node) const {
  std::vector<std::string> ids;
  for (uint32_t f : Ranked(node)) {
    const uint32_t a = plan_.action[f];
    if (a == Plan::kNoAction)
      continue;
    const std::string& id = plan_.actions[a].id;
    if (std::find(ids.begin(), ids.end(), id) == ids.end())
      ids.push_back(id);
  }
  return ids;
}

std::string PathNames::Evidence(uint32_t from,
                                const AttackGraph::Edge& e) const {
  const AttackGraph& g = report_.graph;
  const auto asset_name = [&](uint32_t node) -> const std::string& {
    return store_.assets()[g.nodes[node].ref].name;
  };
  switch (e.reason) {
    case EdgeReason::kInternetZone:
      return "zone " + g.zone_names[e.ref] +
             " is reachable from the internet (policy zones)";
    case EdgeReason::kOpenExposure:
      return "the asset faces the internet: " +
             assessment_.assets[e.ref].exposure_evidence;
    case EdgeReason::kReachRule:
      return "policy reach[" + std::to_string(e.ref) +
             "]: " + g.reach_rules[e.ref];
    case EdgeReason::kSameZone:
      return "same zone (" + g.zone_names[e.ref] +
             "), no rule between its hosts";
    case EdgeReason::kInZone:
      return e.ref < g.policy_zones
                 ? asset_name(from) + "'s address is in zone " +
                       g.zone_names[e.ref]
                 : asset_name(from) + " is in no policy zone";
    case EdgeReason::kExploit:
    case EdgeReason::kCloudExposure: {
      const std::vector<uint32_t> ranked = Ranked(e.to);
      Finding f;
      store_.findings().Get(ranked.front(), &f);
      std::string text = f.title.empty() ? f.rule_id : f.title;
      if (!f.cves.empty() && text.find(f.cves.front()) == std::string::npos)
        text += " (" + f.cves.front() + ")";
      text += ": ";
      text += ValidationLabel(assessment_.finding(ranked.front()).level);
      if (ranked.size() > 1)
        text += ", and " + std::to_string(ranked.size() - 1) + " more";
      return text;
    }
    case EdgeReason::kGivesHost:
      return "exploiting it gives the host";
    case EdgeReason::kRelation: {
      const auto kind = static_cast<RelationKind>(e.ref);
      std::string text = RelationKindName(kind);
      switch (kind) {
        case RelationKind::kHasSession:
          return text + ": " + Label(e.to) + " is logged on to " + Label(from) +
                 " (directory collection)";
        case RelationKind::kMemberOf:
          return text + ": " + Label(from) + " is a member of " + Label(e.to);
        case RelationKind::kAdminTo:
          return text + ": " + Label(from) + " is a local administrator of " +
                 Label(e.to);
        default:
          return text + ": " + Label(from) + " holds it over " + Label(e.to) +
                 " (directory collection)";
      }
    }
  }
  return std::string();
}

bool HasPathSections(const PathReport& report) {
  const AttackGraph& g = report.graph;
  return !g.jewels.empty() && (g.has_network || g.has_identity || g.has_cloud);
}

const char* FindingPathNote(const PathReport& report, size_t finding) {
  const AttackGraph& g = report.graph;
  if (!HasPathSections(report))
    return nullptr;
  const uint32_t node = finding < g.finding_node.size()
                            ? g.finding_node[finding]
                            : AttackGraph::kNone;
  if (node != AttackGraph::kNone && report.analysis.on_path[node])
    return "on a path to a crown jewel";
  return "no path to a crown jewel found";
}

namespace {

// The jewels' slots by node.
std::map<uint32_t, size_t> JewelSlots(const AttackGraph& g) {
  std::map<uint32_t, size_t> slots;
  for (size_t j = 0; j < g.jewels.size(); ++j)
    slots[g.jewels[j]] = j;
  return slots;
}

// Paths per jewel slot, and the best likelihood.
struct JewelStats {
  std::vector<size_t> paths;
  std::vector<uint32_t> best_ppm;
};
JewelStats StatsOf(const PathReport& r) {
  JewelStats s;
  s.paths.assign(r.graph.jewels.size(), 0);
  s.best_ppm.assign(r.graph.jewels.size(), 0);
  const auto slots = JewelSlots(r.graph);
  for (const AttackPath& p : r.analysis.paths) {
    const size_t j = slots.at(p.jewel);
    ++s.paths[j];
    s.best_ppm[j] = std::max(s.best_ppm[j], p.likelihood_ppm);
  }
  return s;
}

// Nodes of the listed paths (their vias included), in order of first
// appearance.
std::vector<uint32_t> PathNodes(const PathReport& r) {
  std::vector<uint32_t> nodes;
  std::vector<uint8_t> seen(r.graph.nodes.size(), 0);
  for (const AttackPath& p : r.analysis.paths) {
    for (uint32_t n : p.nodes) {
      if (!seen[n]) {
        seen[n] = 1;
        nodes.push_back(n);
      }
    }
  }
  return nodes;
}

void WriteLikelihood(JsonWriter* w, uint32_t ppm) {
  w->Decimal((ppm + 500) / 1000, 3);
}

void WriteNodeRef(JsonWriter* w, const PathNames& names, uint32_t node) {
  const AttackGraph& g = names.report().graph;
  w->Key("node");
  w->String(names.Id(node));
  w->Key("kind");
  w->String(NodeKindName(g.nodes[node].kind));
  w->Key("label");
  w->String(names.Label(node));
}

// What removing a node from every path takes.
const char* Remedy(NodeKind k) {
  switch (k) {
    case NodeKind::kWeakness:
      return "fix its findings";
    case NodeKind::kAsset:
      return "fix the findings that let an attacker in, or isolate it";
    case NodeKind::kIdentity:
      return "remove its sessions and rights, or disable the account";
    default:
      return "";
  }
}

void WriteRemedies(JsonWriter* w, const PathNames& names, uint32_t node) {
  w->Key("remedy");
  w->String(Remedy(names.report().graph.nodes[node].kind));
  w->StringArray("findings", names.Findings(node));
  w->StringArray("actions", names.Actions(node));
}

}  // namespace

void WritePathSections(JsonWriter* w, const PathNames& names) {
  const PathReport& r = names.report();
  const AttackGraph& g = r.graph;
  const PathAnalysis& a = r.analysis;
  if (!HasPathSections(r))
    return;
  const JewelStats stats = StatsOf(r);

  w->Key("graph");
  w->BeginObject();
  w->Key("nodes");
  w->Uint(g.nodes.size());
  w->Key("edges");
  w->Uint(g.edges.size());
  w->Key("edges_by_kind");
  w->BeginObject();
  for (EdgeKind k : {EdgeKind::kReach, EdgeKind::kExploit,
                     EdgeKind::kCredential, EdgeKind::kCloud}) {
    w->Key(EdgeKindName(k));
    w->Uint(g.edge_count(k));
  }
  w->EndObject();
  w->Key("edges_by_basis");
  w->BeginObject();
  for (EdgeBasis b :
       {EdgeBasis::kObserved, EdgeBasis::kDeclared, EdgeBasis::kAssumed}) {
    w->Key(EdgeBasisName(b));
    w->Uint(g.basis_count(b));
  }
  w->EndObject();
  w->Key("data");
  w->BeginObject();
  w->Key("network");
  w->Bool(g.has_network);
  w->Key("identity");
  w->Bool(g.has_identity);
  w->Key("cloud");
  w->Bool(g.has_cloud);
  w->Key("policy");
  w->Bool(g.has_policy);
  w->EndObject();
  w->Key("jewels");
  w->BeginArray();
  for (size_t j = 0; j < g.jewels.size(); ++j) {
    w->BeginObject();
    WriteNodeRef(w, names, g.jewels[j]);
    w->Key("why");
    w->String(g.jewel_why[j]);
    w->Key("reachable");
    w->Bool(a.jewel_reachable[j] != 0);
    w->Key("paths");
    w->Uint(stats.paths[j]);
    w->Key("likelihood");
    WriteLikelihood(w, stats.best_ppm[j]);
    w->EndObject();
  }
  w->EndArray();
  w->Key("path_nodes");
  w->BeginArray();
  for (uint32_t n : PathNodes(r)) {
    w->BeginObject();
    w->Key("id");
    w->String(names.Id(n));
    w->Key("kind");
    w->String(NodeKindName(g.nodes[n].kind));
    w->Key("label");
    w->String(names.Label(n));
    w->EndObject();
  }
  w->EndArray();
  w->EndObject();

  w->Key("paths");
  w->BeginArray();
  for (size_t p = 0; p < a.paths.size(); ++p) {
    const AttackPath& path = a.paths[p];
    w->BeginObject();
    w->Key("id");
    w->String("path-" + std::to_string(p + 1));
    w->Key("jewel");
    w->String(names.Id(path.jewel));
    w->Key("rank");
    w->Uint(path.rank);
    w->Key("likelihood");
    WriteLikelihood(w, path.likelihood_ppm);
    w->Key("steps");
    w->BeginArray();
    for (const PathStep& s : StepsOf(g, path)) {
      const AttackGraph::Edge& e = g.edges[s.edge];
      w->BeginObject();
      w->Key("from");
      w->String(names.Id(s.from));
      w->Key("to");
      w->String(names.Id(s.to));
      if (s.via != AttackGraph::kNone) {
        w->Key("via");
        w->String(names.Id(s.via));
      }
      w->Key("kind");
      w->String(EdgeKindName(e.kind));
      w->Key("basis");
      w->String(EdgeBasisName(e.basis));
      w->Key("likelihood");
      WriteLikelihood(w, ChancePpm(e.chance));
      w->Key("evidence");
      w->String(names.Evidence(s.from, e));
      if (s.via != AttackGraph::kNone) {
        w->StringArray("findings", names.Findings(s.via));
        w->Key("findings_total");
        w->Uint(g.weaknesses[g.nodes[s.via].ref].findings.size());
      }
      w->EndObject();
    }
    w->EndArray();
    w->EndObject();
  }
  w->EndArray();

  w->Key("choke_points");
  w->BeginArray();
  for (const ChokePoint& c : a.choke_points) {
    w->BeginObject();
    WriteNodeRef(w, names, c.node);
    w->Key("paths_cut");
    w->Uint(c.paths_cut);
    w->Key("jewels_protected");
    w->Uint(c.jewels.size());
    w->Key("jewels");
    w->BeginArray();
    for (uint32_t j : c.jewels)
      w->String(names.Id(j));
    w->EndArray();
    WriteRemedies(w, names, c.node);
    w->EndObject();
  }
  w->EndArray();

  w->Key("fix_set");
  w->BeginObject();
  w->Key("size");
  w->Uint(a.fix_set.size());
  w->Key("jewels_reachable");
  w->Uint(a.jewels_reachable);
  // Jewels the internet reaches through nothing a fix removes.
  w->Key("uncuttable");
  w->BeginArray();
  for (uint32_t j : a.uncuttable)
    w->String(names.Id(j));
  w->EndArray();
  w->Key("items");
  w->BeginArray();
  for (size_t i = 0; i < a.fix_set.size(); ++i) {
    w->BeginObject();
    WriteNodeRef(w, names, a.fix_set[i]);
    w->Key("paths_cut");
    w->Uint(a.fix_paths_cut[i]);
    WriteRemedies(w, names, a.fix_set[i]);
    w->EndObject();
  }
  w->EndArray();
  w->EndObject();
}

namespace {

std::string StepArrow(const AttackGraph& g, const PathStep& s) {
  const AttackGraph::Edge& e = g.edges[s.edge];
  const char* basis = e.basis == EdgeBasis::kObserved   ? ""
                      : e.basis == EdgeBasis::kDeclared ? " (declared)"
                                                        : " (assumed)";
  return std::string(" -[") + EdgeKindName(e.kind) + basis + "]-> ";
}

std::string PathLine(const PathNames& names, const AttackPath& path) {
  const AttackGraph& g = names.report().graph;
  std::string line = names.Label(path.nodes.front());
  for (const PathStep& s : StepsOf(g, path)) {
    line += StepArrow(g, s);
    if (s.via != AttackGraph::kNone)
      line += "[" + names.Label(s.via) + "] ";
    line += names.Label(s.to);
  }
  return line;
}

// A label for a terminal: control characters (an escape sequence in an
// asset name) shown as '?'.
std::string Plain(const std::string& text) {
  std::string out = text;
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f)
      c = '?';
  }
  return out;
}

std::string DotString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string RenderText(const PathNames& names, bool markdown) {
  const PathReport& r = names.report();
  const AttackGraph& g = r.graph;
  const PathAnalysis& a = r.analysis;
  std::string out;
  // Labels and evidence come from the inputs: escaped for Markdown.
  const auto text = [markdown](const std::string& t) {
    return markdown ? Markdown(t) : Plain(t);
  };
  const std::string h1 = markdown ? "# " : "";
  const std::string h2 = markdown ? "## " : "";
  out += h1 + "Attack paths\n\n";
  out += "Graph: " + std::to_string(g.nodes.size()) + " nodes, " +
         std::to_string(g.edges.size()) + " edges (" +
         std::to_string(g.basis_count(EdgeBasis::kObserved)) + " observed, " +
         std::to_string(g.basis_count(EdgeBasis::kDeclared)) + " declared, " +
         std::to_string(g.basis_count(EdgeBasis::kAssumed)) + " assumed).";
  if (!g.has_network)
    out += " No network data: no host had a service with a network weakness.";
  if (!g.has_identity)
    out += " No directory collection: identities were not seen.";
  out += "\n\n";
  if (g.jewels.empty()) {
    out +=
        "No crown jewels: give the policy crown_jewels, or mark assets "
        "critical.\n";
    return out;
  }
  const JewelStats stats = StatsOf(r);
  out += std::to_string(a.jewels_reachable) + " of " +
         std::to_string(g.jewels.size()) +
         " crown jewels reachable from the internet.\n\n";
  const auto slots = JewelSlots(g);
  size_t last_jewel = AttackGraph::kNone;
  for (const AttackPath& path : a.paths) {
    if (path.jewel != last_jewel) {
      last_jewel = path.jewel;
      const size_t j = slots.at(path.jewel);
      out += h2 + names.Label(path.jewel) + " (" + g.jewel_why[j] +
             "): " + std::to_string(stats.paths[j]) + " paths, likeliest " +
             Likelihood(stats.best_ppm[j]) + "\n\n";
    }
    out += (markdown ? std::to_string(path.rank) + ". `"
                     : "  " + std::to_string(path.rank) + ". ") +
           Likelihood(path.likelihood_ppm) + (markdown ? "` " : "  ") +
           text(PathLine(names, path)) + "\n";
  }
  for (size_t j = 0; j < g.jewels.size(); ++j) {
    if (!a.jewel_reachable[j])
      out += (markdown ? "- " : "  ") + text(names.Label(g.jewels[j])) +
             ": no path found\n";
  }
  out += "\n" + h2 + "Choke points\n\n";
  if (markdown)
    out +=
        "| node | kind | paths cut | jewels protected | actions |\n"
        "| --- | --- | --: | --: | --- |\n";
  for (const ChokePoint& c : a.choke_points) {
    std::string actions;
    for (const std::string& id : names.Actions(c.node))
      actions += (actions.empty() ? "" : ", ") + id;
    if (markdown) {
      out += "| " + Markdown(names.Label(c.node)) + " | " +
             NodeKindName(g.nodes[c.node].kind) + " | " +
             std::to_string(c.paths_cut) + " | " +
             std::to_string(c.jewels.size()) + " | " + actions + " |\n";
    } else {
      out += "  " + text(names.Label(c.node)) + " [" +
             NodeKindName(g.nodes[c.node].kind) + "]: cuts " +
             std::to_string(c.paths_cut) + " listed paths, protects " +
             std::to_string(c.jewels.size()) + " jewels" +
             (actions.empty() ? "" : "; " + actions) + "\n";
    }
  }
  out += "\n" + h2 + "Fix set\n\n" + std::to_string(a.fix_set.size()) +
         (a.fix_set.size() == 1 ? " fix cuts" : " fixes cut") +
         " every path to the crown jewels:\n\n";
  for (size_t i = 0; i < a.fix_set.size(); ++i) {
    out += (markdown ? std::to_string(i + 1) + ". "
                     : "  " + std::to_string(i + 1) + ". ") +
           text(names.Label(a.fix_set[i])) + " (" +
           NodeKindName(g.nodes[a.fix_set[i]].kind) + ", cuts " +
           std::to_string(a.fix_paths_cut[i]) + " listed paths)\n";
  }
  return out;
}

std::string RenderDot(const PathNames& names) {
  const PathReport& r = names.report();
  const AttackGraph& g = r.graph;
  std::string out =
      "digraph attack_paths {\n  rankdir=LR;\n  node [shape=box, "
      "fontname=\"Helvetica\"];\n";
  std::vector<uint8_t> jewel(g.nodes.size(), 0);
  for (uint32_t j : g.jewels)
    jewel[j] = 1;
  std::vector<uint8_t> fix(g.nodes.size(), 0);
  for (uint32_t f : r.analysis.fix_set)
    fix[f] = 1;
  for (uint32_t n : PathNodes(r)) {
    const NodeKind k = g.nodes[n].kind;
    std::string attrs = "label=" + DotString(names.Label(n));
    if (jewel[n])
      attrs += ", shape=doubleoctagon, color=red";
    else if (k == NodeKind::kInternet || k == NodeKind::kZone)
      attrs += ", shape=ellipse";
    else if (k == NodeKind::kWeakness)
      attrs += ", shape=diamond";
    else if (k == NodeKind::kIdentity)
      attrs += ", shape=hexagon";
    if (fix[n])
      attrs += ", style=bold, color=orange";
    out += "  " + DotString(names.Id(n)) + " [" + attrs + "];\n";
  }
  std::vector<std::pair<uint32_t, uint32_t>> drawn;
  for (const AttackPath& path : r.analysis.paths) {
    for (size_t i = 0; i < path.edges.size(); ++i) {
      const uint32_t from = path.nodes[i];
      const uint32_t e = path.edges[i];
      if (std::find(drawn.begin(), drawn.end(), std::make_pair(from, e)) !=
          drawn.end())
        continue;
      drawn.emplace_back(from, e);
      const AttackGraph::Edge& edge = g.edges[e];
      const char* style = edge.basis == EdgeBasis::kObserved   ? "solid"
                          : edge.basis == EdgeBasis::kDeclared ? "dashed"
                                                               : "dotted";
      out += "  " + DotString(names.Id(from)) + " -> " +
             DotString(names.Id(edge.to)) +
             " [label=" + DotString(EdgeKindName(edge.kind)) +
             ", style=" + style +
             ", tooltip=" + DotString(names.Evidence(from, edge)) + "];\n";
    }
  }
  return out + "}\n";
}

}  // namespace

Result<std::string> RenderPaths(const PathNames& names,
                                std::string_view format) {
  if (format == "table")
    return RenderText(names, false);
  if (format == "markdown")
    return RenderText(names, true);
  if (format == "dot")
    return RenderDot(names);
  if (format == "json") {
    std::string out;
    {
      JsonWriter w(&out, JsonWriter::Style::kIndented);
      w.BeginObject();
      w.Key("schema");
      w.String("exposure-lens/paths/v1");
      const AttackGraph& g = names.report().graph;
      if (!HasPathSections(names.report())) {
        // Nothing to search: say what the graph had.
        w.Key("graph");
        w.BeginObject();
        w.Key("nodes");
        w.Uint(g.nodes.size());
        w.Key("edges");
        w.Uint(g.edges.size());
        w.Key("crown_jewels");
        w.Uint(g.jewels.size());
        w.Key("data");
        w.BeginObject();
        w.Key("network");
        w.Bool(g.has_network);
        w.Key("identity");
        w.Bool(g.has_identity);
        w.Key("cloud");
        w.Bool(g.has_cloud);
        w.EndObject();
        w.EndObject();
      }
      WritePathSections(&w, names);
      w.EndObject();
    }
    out += "\n";
    return out;
  }
  return Status::Error("unknown paths format: " + std::string(format));
}

}  // namespace exposure
