// The identity graph of the analysis: the principals every directory
// collection (BloodHound) described, merged by id, and the relations
// between them. Inputs may split a collection across files (users,
// groups, computers, sessions): a relation may name a principal that
// another file, or no file, describes.
#ifndef CORE_CORRELATE_DIRECTORY_H_
#define CORE_CORRELATE_DIRECTORY_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/text_index.h"
#include "core/model/model.h"

namespace exposure {

class Directory {
 public:
  static constexpr uint32_t kNoRecord = static_cast<uint32_t>(-1);

  struct Entry {
    PrincipalKind kind = PrincipalKind::kUnknown;
    bool enabled = true;
    bool tier_zero = false;
    bool described = false;  // a record described it (not just a relation)
    // A computer's asset record (the store's AddAsset index), or kNoRecord.
    uint32_t asset_record = kNoRecord;
    std::string name;
    std::string domain;
  };
  // Sorted by (from, to, kind) and unique once Seal() ran.
  struct Edge {
    uint32_t from = 0;
    uint32_t to = 0;
    RelationKind kind = RelationKind::kMemberOf;
    bool operator<(const Edge& o) const {
      if (from != o.from)
        return from < o.from;
      if (to != o.to)
        return to < o.to;
      return kind < o.kind;
    }
    bool operator==(const Edge& o) const {
      return from == o.from && to == o.to && kind == o.kind;
    }
  };

  // Merges `p` into the principal of its id: a described kind replaces an
  // unknown one, empty names are filled, tier_zero is kept once any record
  // says it, a disabled record disables it. `asset_record` is the store's
  // record index of a computer's host (or kNoRecord).
  void AddPrincipal(const Principal& p, uint32_t asset_record);
  void AddRelation(std::string_view from,
                   std::string_view to,
                   RelationKind kind);

  // Sorts and deduplicates the relations (idempotent; the store calls it
  // when it resolves).
  void Seal();

  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  std::string_view id(uint32_t i) const { return ids_[i]; }
  const Entry& entry(uint32_t i) const { return entries_[i]; }
  // The index of the principal `id`, or kNoRecord.
  uint32_t Find(std::string_view id) const {
    const uint32_t i = ids_.Find(id);
    return i == TextIndex::kNone ? kNoRecord : i;
  }
  const std::vector<Edge>& relations() const { return edges_; }

 private:
  uint32_t Intern(std::string_view id);

  TextIndex ids_;
  std::vector<Entry> entries_;
  std::vector<Edge> edges_;
  bool sealed_ = true;
};

}  // namespace exposure

#endif  // CORE_CORRELATE_DIRECTORY_H_
