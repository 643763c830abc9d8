// The attack paths as outputs show them: the report's "graph", "paths",
// "choke_points" and "fix_set" members, and `exposure paths` as a
// terminal table, JSON, Markdown or Graphviz dot. Nodes are named by
// stable ids ("asset:a-…", "service:a-…:443/tcp", "weakness:a-…:443/tcp",
// "identity:S-1-5-…", "zone:dmz", "internet") and human labels.
#ifndef CORE_RENDER_PATHS_REPORT_H_
#define CORE_RENDER_PATHS_REPORT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/json_writer.h"
#include "core/base/status.h"
#include "core/paths/path_search.h"

namespace exposure {

// What a path shows as one step: a weakness between a service (or the
// internet) and its host is the step's `via`, not a step of its own.
struct PathStep {
  uint32_t from = 0;
  uint32_t to = 0;
  uint32_t via = AttackGraph::kNone;  // the weakness node, or kNone
  uint32_t edge = 0;                  // the step's deciding edge
};
std::vector<PathStep> StepsOf(const AttackGraph& g, const AttackPath& path);

class PathNames {
 public:
  PathNames(const Store& store,
            const Assessment& assessment,
            const Plan& plan,
            const PathReport& report);

  std::string Id(uint32_t node) const;
  std::string Label(uint32_t node) const;
  // Why the edge `e` out of `from` exists, in a sentence.
  std::string Evidence(uint32_t from, const AttackGraph::Edge& e) const;
  // A weakness node's findings by report id, the likeliest first, and the
  // ids of the actions that fix them (unique, in that order).
  std::vector<std::string> Findings(uint32_t node) const;
  std::vector<std::string> Actions(uint32_t node) const;

  const PathReport& report() const { return report_; }

 private:
  // A weakness's findings, by validation level then risk, descending.
  std::vector<uint32_t> Ranked(uint32_t node) const;
  const std::string& AssetId(uint32_t asset) const;

  const Store& store_;
  const Assessment& assessment_;
  const Plan& plan_;
  const PathReport& report_;
  mutable std::vector<std::string> asset_ids_;  // computed on first use
};

// Writes the report's members "graph", "paths", "choke_points" and
// "fix_set" (inside the report object, after "actions") when the graph has
// a crown jewel and something to reach it by (network, directory or cloud
// data); nothing otherwise.
void WritePathSections(JsonWriter* w, const PathNames& names);

// `exposure paths --format FORMAT`: "table" (a terminal), "json" (the four
// members as one document), "markdown" or "dot" (Graphviz: the nodes and
// edges of the listed paths).
Result<std::string> RenderPaths(const PathNames& names,
                                std::string_view format);

// Whether the graph has a crown jewel and something to reach it by: the
// report's path members and the findings' notes are written only then.
bool HasPathSections(const PathReport& report);

// The finding's note in the report when the graph has a jewel: on a path
// to one, or "no path to a crown jewel found".
const char* FindingPathNote(const PathReport& report, size_t finding);

}  // namespace exposure

#endif  // CORE_RENDER_PATHS_REPORT_H_
