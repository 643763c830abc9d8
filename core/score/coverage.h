// What the scans cover of the estate: which assets no scanner saw, which
// were scanned without being in any inventory, which were scanned without
// credentials (unauthenticated) or not lately (stale), and which lack the
// kind of scan their kind calls for.
//
// Expected scans, by asset kind (what a gap of that class means):
//   host                                  host (a vulnerability scan)
//   cloud resource with an IP address     cloud and host (it is a machine)
//   other cloud resource                  cloud
//   container image, artifact, workload   container_sca
//   repository                            code_web and container_sca
//   web application                       code_web
//   unknown                               any scan at all
// A network (discovery) scan is never expected: it finds hosts and
// services, not what is wrong with them, and counts only as "scanned".
// Discovery is still counted: an asset with an IP address that neither a
// network nor a host scanner saw was not even discovered (inventory_only's
// network class).
//
// Counts that need an inventory (inventory_only, scanned_only and the
// not_in_inventory gap) are not given when no input is an inventory:
// without one, every asset is "scanned only".
#ifndef CORE_SCORE_COVERAGE_H_
#define CORE_SCORE_COVERAGE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/correlate/store.h"
#include "core/score/policy.h"

namespace exposure {

// The scanner classes (SourceClass without kInventory).
constexpr int kScanClassCount = 5;
// SourceClass of scan class `i` (0..kScanClassCount-1).
constexpr SourceClass ScanClass(int i) {
  return static_cast<SourceClass>(i + 1);
}
// The scan class of a scanner's SourceClass (not kInventory).
constexpr int ScanClassIndex(SourceClass c) {
  return static_cast<int>(c) - 1;
}

// Why an asset's coverage falls short; an asset can have several.
enum CoverageGap : uint32_t {
  kGapNotInInventory = 1u << 0,   // scanned, but no inventory lists it
  kGapNeverScanned = 1u << 1,     // in an inventory, no scanner saw it
  kGapUnauthenticated = 1u << 2,  // host-scanned, never with credentials
  kGapStale = 1u << 3,            // last scanned over stale_days ago
  // Missing a scan its kind calls for: bit kGapMissingFirst << class - 1
  // ("no_host_scan", ...).
  kGapMissingFirst = 1u << 4,
};
// Names of the gaps in `gaps`, in bit order: "not_in_inventory",
// "never_scanned", "unauthenticated", "stale", "no_network_scan",
// "no_host_scan", "no_container_scan", "no_code_web_scan",
// "no_cloud_scan".
std::vector<std::string> CoverageGapNames(uint32_t gaps);

struct AssetCoverage {
  bool in_inventory = false;
  uint8_t seen = 0;      // bit i: a scanner of ScanClass(i) saw it
  uint8_t expected = 0;  // bit i: its kind calls for a scan of that class
  // bit i: in an inventory, and missed by class i: a class its kind calls
  // for that did not see it; the network class when it has an IP address
  // and neither a network nor a host scanner saw it.
  uint8_t inventory_missed = 0;
  uint32_t gaps = 0;  // CoverageGap bits
};

// Counts over a set of assets.
struct CoverageCounts {
  size_t assets = 0;
  size_t in_inventory = 0;
  size_t scanned = 0;         // seen by any scanner
  size_t inventory_only = 0;  // in an inventory, never scanned
  size_t scanned_only = 0;    // scanned, in no inventory
  size_t unauthenticated = 0;
  size_t stale = 0;
  // Assets seen by every class their kind calls for (those whose kind
  // calls for none: when any scanner saw them).
  size_t complete = 0;
  size_t exposures = 0;  // on its assets
  int max_risk = 0;      // the highest risk of its assets
  // By scan class: assets seen by it; those whose kind calls for it; of
  // those, the ones it saw.
  size_t seen[kScanClassCount] = {};
  size_t expected[kScanClassCount] = {};
  size_t covered[kScanClassCount] = {};
};

struct ScopeCoverage {
  std::string name;
  CoverageCounts counts;
};

struct Coverage {
  bool has_inventory = false;  // some input is an inventory
  // The day staleness counts back from: the policy's as_of, else the
  // latest of the assessment's reference date and the scan dates.
  std::string as_of;
  int stale_days = 30;
  std::vector<AssetCoverage> assets;  // by asset index
  CoverageCounts all;
  std::vector<ScopeCoverage> scopes;  // the policy's, in its order
};

// `as_of`: the assessment's reference date ("" for none);
// `asset_exposures` and `asset_risk`: by asset, its exposures and risk.
Coverage AssessCoverage(const Store& store,
                        const Policy& policy,
                        std::string_view as_of,
                        const std::vector<uint32_t>& asset_exposures,
                        const std::vector<int>& asset_risk);

}  // namespace exposure

#endif  // CORE_SCORE_COVERAGE_H_
