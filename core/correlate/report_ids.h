// The ids every output names assets and findings by. They are derived from
// what identifies each (never from positions), so the same asset or finding
// keeps its id across runs, targets and exports.
#ifndef CORE_CORRELATE_REPORT_IDS_H_
#define CORE_CORRELATE_REPORT_IDS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/correlate/store.h"

namespace exposure {

// The key an asset is named by: its primary identity key, or "unknown" for
// an asset without one.
std::string_view ReportAssetKey(const Store& store, size_t asset);
// The asset's id ("a-" and 16 hex digits) of that key.
std::string AssetReportId(const Store& store, size_t asset);

// Every asset's id, and the reports' order of assets: by name, then id.
struct ReportAssetIds {
  std::vector<std::string> id;  // by asset index
  std::vector<size_t> order;
};
ReportAssetIds ComputeReportAssetIds(const Store& store);

// A finding's identity key: its format, category, rule, asset (by
// `asset_key`, "-" for none), port and protocol, component (name,
// installed version, path) and location.
uint64_t FindingKey(const Finding& f, std::string_view asset_key);
// What is wrong, wherever: FindingKey's fields without the asset, and
// without the protocol of a finding that has no port (reports leave it
// out). The diff between scans matches findings of matched assets by it.
uint64_t ProblemKey(const Finding& f);
// "f-" and the key in 16 hex digits, then "-N" for the N-th (N > 1) of
// several findings with one key.
std::string FindingId(uint64_t key, uint32_t repeat);

// Every finding's key, and the repeat number of those that share theirs
// with an earlier finding (records identical in every identifying field,
// which is rare): the second in input order is 2, and so on.
struct FindingIds {
  std::vector<uint64_t> key;                      // by finding index
  std::unordered_map<uint32_t, uint32_t> repeat;  // index -> N, N > 1 only
  uint32_t RepeatOf(size_t finding) const {
    auto it = repeat.find(static_cast<uint32_t>(finding));
    return it == repeat.end() ? 1 : it->second;
  }
  std::string Id(size_t finding) const {
    return FindingId(key[finding], RepeatOf(finding));
  }
};
// Reads every finding's identity once. `asset_keys` are ReportAssetKey's
// by asset index.
FindingIds ComputeFindingIds(const Store& store,
                             const std::vector<std::string>& asset_keys);

}  // namespace exposure

#endif  // CORE_CORRELATE_REPORT_IDS_H_
