#include "core/correlate/report_ids.h"

#include <algorithm>
#include <tuple>

#include "core/base/strings.h"
#include "core/correlate/finding_table.h"

namespace exposure {

std::string_view ReportAssetKey(const Store& store, size_t asset) {
  const std::string& primary = store.identity(asset).primary;
  return primary.empty() ? std::string_view("unknown")
                         : std::string_view(primary);
}

std::string AssetReportId(const Store& store, size_t asset) {
  return "a-" + Fnv64().Add(ReportAssetKey(store, asset)).Hex();
}

ReportAssetIds ComputeReportAssetIds(const Store& store) {
  const auto& assets = store.assets();
  ReportAssetIds out;
  out.id.resize(assets.size());
  out.order.resize(assets.size());
  for (size_t i = 0; i < assets.size(); ++i) {
    out.id[i] = AssetReportId(store, i);
    out.order[i] = i;
  }
  std::sort(out.order.begin(), out.order.end(), [&](size_t a, size_t b) {
    return std::tie(assets[a].name, out.id[a]) <
           std::tie(assets[b].name, out.id[b]);
  });
  return out;
}

uint64_t FindingKey(const Finding& f, std::string_view asset_key) {
  Fnv64 h;
  h.Add(f.format).Add(CategoryName(f.category)).Add(f.rule_id);
  h.Add(asset_key);
  h.Add(uint64_t{f.port}).Add(f.protocol);
  h.Add(f.component.name).Add(f.component.installed).Add(f.component.path);
  h.Add(f.location);
  return h.value();
}

uint64_t ProblemKey(const Finding& f) {
  Fnv64 h;
  h.Add(f.format).Add(CategoryName(f.category)).Add(f.rule_id);
  h.Add(uint64_t{f.port}).Add(f.port == 0 ? std::string_view() : f.protocol);
  h.Add(f.component.name).Add(f.component.installed).Add(f.component.path);
  h.Add(f.location);
  return h.value();
}

std::string FindingId(uint64_t key, uint32_t repeat) {
  std::string id = "f-";
  id += Fnv64Hex(key);
  if (repeat > 1) {
    id += '-';
    id += std::to_string(repeat);
  }
  return id;
}

FindingIds ComputeFindingIds(const Store& store,
                             const std::vector<std::string>& asset_keys) {
  const FindingTable& table = store.findings();
  const size_t n = table.size();
  FindingIds ids;
  ids.key.reserve(n);
  FindingTable::Reader reader(table, FindingTable::kIdentity);
  for (size_t i = 0; i < n; ++i) {
    const Finding& f = reader.Read(i);
    ids.key.push_back(
        FindingKey(f, f.asset == Finding::kNoAsset
                          ? std::string_view("-")
                          : std::string_view(asset_keys[f.asset])));
  }
  // Repeats are found by sorting (index, key) pairs: 12 bytes a finding,
  // released on return, instead of a hash set of every key.
  std::vector<uint32_t> order(n);
  for (size_t i = 0; i < n; ++i)
    order[i] = static_cast<uint32_t>(i);
  std::sort(order.begin(), order.end(), [&ids](uint32_t a, uint32_t b) {
    return std::tie(ids.key[a], a) < std::tie(ids.key[b], b);
  });
  uint32_t run = 1;
  for (size_t k = 1; k < n; ++k) {
    if (ids.key[order[k]] == ids.key[order[k - 1]]) {
      ids.repeat.emplace(order[k], ++run);
    } else {
      run = 1;
    }
  }
  return ids;
}

}  // namespace exposure
