#include "core/score/coverage.h"

#include <algorithm>

#include "core/base/time.h"

namespace exposure {

namespace {

constexpr int kNetwork = 0;
constexpr int kHost = 1;
constexpr int kContainerSca = 2;
constexpr int kCodeWeb = 3;
constexpr int kCloud = 4;
static_assert(kNetwork == ScanClassIndex(SourceClass::kNetwork), "");
static_assert(kHost == ScanClassIndex(SourceClass::kHost), "");
static_assert(kContainerSca == ScanClassIndex(SourceClass::kContainerSca), "");
static_assert(kCodeWeb == ScanClassIndex(SourceClass::kCodeWeb), "");
static_assert(kCloud == ScanClassIndex(SourceClass::kCloud), "");

constexpr const char* kGapNames[] = {
    "not_in_inventory",  "never_scanned",
    "unauthenticated",   "stale",
    "no_network_scan",   "no_host_scan",
    "no_container_scan", "no_code_web_scan",
    "no_cloud_scan",
};

uint8_t Bit(int scan_class) {
  return static_cast<uint8_t>(1u << scan_class);
}

uint8_t ExpectedScans(const Asset& a) {
  switch (a.kind) {
    case AssetKind::kHost:
      return Bit(kHost);
    case AssetKind::kCloudResource:
      return a.ids.ip.empty() ? Bit(kCloud) : Bit(kCloud) | Bit(kHost);
    case AssetKind::kContainerImage:
    case AssetKind::kArtifact:
    case AssetKind::kKubernetesWorkload:
      return Bit(kContainerSca);
    case AssetKind::kRepository:
      return Bit(kCodeWeb) | Bit(kContainerSca);
    case AssetKind::kWebApplication:
      return Bit(kCodeWeb);
    case AssetKind::kUnknown:
      break;
  }
  return 0;
}

void Count(const AssetCoverage& c,
           uint32_t exposures,
           int risk,
           CoverageCounts* n) {
  n->assets++;
  n->exposures += exposures;
  n->max_risk = std::max(n->max_risk, risk);
  if (c.expected != 0 ? (c.seen & c.expected) == c.expected : c.seen != 0)
    n->complete++;
  const bool scanned = c.seen != 0;
  if (c.in_inventory)
    n->in_inventory++;
  if (scanned)
    n->scanned++;
  if (c.gaps & kGapNeverScanned)
    n->inventory_only++;
  if (c.gaps & kGapNotInInventory)
    n->scanned_only++;
  if (c.gaps & kGapUnauthenticated)
    n->unauthenticated++;
  if (c.gaps & kGapStale)
    n->stale++;
  for (int k = 0; k < kScanClassCount; ++k) {
    const bool seen = (c.seen & Bit(k)) != 0;
    if (seen)
      n->seen[k]++;
    if (c.expected & Bit(k)) {
      n->expected[k]++;
      if (seen)
        n->covered[k]++;
    }
  }
}

}  // namespace

std::vector<std::string> CoverageGapNames(uint32_t gaps) {
  std::vector<std::string> out;
  for (size_t i = 0; i < sizeof(kGapNames) / sizeof(kGapNames[0]); ++i) {
    if (gaps & (1u << i))
      out.emplace_back(kGapNames[i]);
  }
  return out;
}

Coverage AssessCoverage(const Store& store,
                        const Policy& policy,
                        std::string_view as_of,
                        const std::vector<uint32_t>& asset_exposures,
                        const std::vector<int>& asset_risk) {
  Coverage out;
  out.stale_days = policy.stale_days;
  for (const Input& in : store.inputs()) {
    if (!in.format.empty() && in.source == SourceClass::kInventory)
      out.has_inventory = true;
  }
  const auto& assets = store.assets();
  out.as_of = policy.as_of.empty() ? std::string(as_of) : policy.as_of;
  if (policy.as_of.empty()) {
    for (size_t i = 0; i < assets.size(); ++i) {
      const std::string& t = store.sightings(i).last_scanned;
      if (t.size() >= 10 && t.compare(0, 10, out.as_of) > 0 &&
          !AddDays(t, 0).empty())
        out.as_of = t.substr(0, 10);
    }
  }

  out.assets.resize(assets.size());
  for (size_t i = 0; i < assets.size(); ++i) {
    const Store::Sightings& seen = store.sightings(i);
    AssetCoverage& c = out.assets[i];
    for (uint32_t input : seen.inputs) {
      const Input& in = store.inputs()[input];
      if (in.format.empty())
        continue;
      if (in.source == SourceClass::kInventory) {
        c.in_inventory = true;
      } else {
        c.seen |= Bit(ScanClassIndex(in.source));
      }
    }
    c.expected = ExpectedScans(assets[i]);
    if (c.seen == 0) {
      c.gaps |= kGapNeverScanned;
    } else if (out.has_inventory && !c.in_inventory) {
      c.gaps |= kGapNotInInventory;
    }
    if ((c.seen & Bit(kHost)) && seen.uncredentialed && !seen.credentialed)
      c.gaps |= kGapUnauthenticated;
    if (!seen.last_scanned.empty() && !out.as_of.empty()) {
      const std::string due = AddDays(seen.last_scanned, out.stale_days);
      if (!due.empty() && due < out.as_of)
        c.gaps |= kGapStale;
    }
    // An asset no scanner saw lacks every scan; naming each adds nothing.
    if (c.seen != 0) {
      for (int k = 0; k < kScanClassCount; ++k) {
        if ((c.expected & Bit(k)) && !(c.seen & Bit(k)))
          c.gaps |= kGapMissingFirst << k;
      }
    }
    if (c.in_inventory) {
      c.inventory_missed = c.expected & ~c.seen;
      if (!assets[i].ids.ip.empty() && !(c.seen & (Bit(kNetwork) | Bit(kHost))))
        c.inventory_missed |= Bit(kNetwork);
    }
    Count(c, asset_exposures[i], asset_risk[i], &out.all);
  }

  out.scopes.resize(policy.scopes.size());
  for (size_t s = 0; s < policy.scopes.size(); ++s) {
    out.scopes[s].name = policy.scopes[s].name;
    for (size_t i = 0; i < assets.size(); ++i) {
      if (AssetMatches(policy.scopes[s].match, assets[i]))
        Count(out.assets[i], asset_exposures[i], asset_risk[i],
              &out.scopes[s].counts);
    }
  }
  return out;
}

}  // namespace exposure
