#include "core/correlate/directory.h"

#include <algorithm>

namespace exposure {

uint32_t Directory::Intern(std::string_view id) {
  bool added = false;
  const uint32_t i = ids_.Add(id, &added);
  if (added)
    entries_.emplace_back();
  return i;
}

void Directory::AddPrincipal(const Principal& p, uint32_t asset_record) {
  if (p.id.empty())
    return;
  Entry& e = entries_[Intern(p.id)];
  if (e.kind == PrincipalKind::kUnknown)
    e.kind = p.kind;
  if (e.name.empty())
    e.name = p.name;
  if (e.domain.empty())
    e.domain = p.domain;
  e.tier_zero = e.tier_zero || p.tier_zero;
  e.enabled = e.enabled && p.enabled;
  e.described = true;
  if (e.asset_record == kNoRecord)
    e.asset_record = asset_record;
}

void Directory::AddRelation(std::string_view from,
                            std::string_view to,
                            RelationKind kind) {
  if (from.empty() || to.empty() || from == to)
    return;
  const uint32_t f = Intern(from);
  const uint32_t t = Intern(to);
  edges_.push_back({f, t, kind});
  sealed_ = false;
}

void Directory::Seal() {
  if (sealed_)
    return;
  std::sort(edges_.begin(), edges_.end());
  edges_.erase(std::unique(edges_.begin(), edges_.end()), edges_.end());
  sealed_ = true;
}

}  // namespace exposure
