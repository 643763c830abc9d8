// Union-find over the numbers 0..n-1, for grouping records (assets along
// their identities, findings into exposures). The root of a set is always
// its lowest member, so the grouping depends on the order of the members
// only, never on the order of the unions.
#ifndef CORE_BASE_DISJOINT_SETS_H_
#define CORE_BASE_DISJOINT_SETS_H_

#include <cstddef>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

namespace exposure {

class DisjointSets {
 public:
  explicit DisjointSets(size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), 0u);
  }

  // The root (lowest member) of `i`'s set; halves the path as it goes.
  uint32_t Find(uint32_t i) {
    while (parent_[i] != i) {
      parent_[i] = parent_[parent_[i]];
      i = parent_[i];
    }
    return i;
  }

  // Merges the sets of `a` and `b`. Returns {root, absorbed}: the root of
  // the merged set (the lower of the two roots) and the root that joined
  // it, for callers that keep data at the roots; {root, root} when they
  // were one set already.
  std::pair<uint32_t, uint32_t> Union(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (b < a)
      std::swap(a, b);
    parent_[b] = a;
    return {a, b};
  }

 private:
  std::vector<uint32_t> parent_;
};

}  // namespace exposure

#endif  // CORE_BASE_DISJOINT_SETS_H_
