// Coverage (core/score/coverage.h): which assets nobody scanned, which no
// inventory lists, which were scanned without credentials or not lately,
// and which lack the scan their kind calls for.
#include "core/score/coverage.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/base/net.h"

namespace exposure {
namespace {

Asset Host(std::string ip, std::string fqdn = "") {
  Asset a;
  a.kind = AssetKind::kHost;
  a.ids.ip = std::move(ip);
  a.ids.fqdn = std::move(fqdn);
  a.name = a.ids.fqdn.empty() ? a.ids.ip : a.ids.fqdn;
  return a;
}

Asset Image(std::string ref) {
  Asset a;
  a.kind = AssetKind::kContainerImage;
  a.ids.image = ref;
  a.name = std::move(ref);
  return a;
}

// A store filled input by input, each of one format and source class.
class Estate {
 public:
  size_t Input(const std::string& format, SourceClass source) {
    const size_t i = store_.AddInput(format + ".file");
    store_.input(i).format = format;
    store_.input(i).source = source;
    return i;
  }
  size_t Add(size_t input, const Asset& a) { return store_.AddAsset(input, a); }
  void Scan(size_t input,
            size_t record,
            std::string time,
            std::optional<bool> credentialed = std::nullopt) {
    AssetScan scan;
    scan.asset = record;
    scan.time = std::move(time);
    scan.credentialed = credentialed;
    store_.AddAssetScan(input, scan);
  }
  // The resolved asset named `name`.
  size_t Asset(const std::string& name) const {
    const auto& assets = store_.assets();
    for (size_t i = 0; i < assets.size(); ++i) {
      if (assets[i].name == name)
        return i;
    }
    ADD_FAILURE() << "no asset " << name;
    return 0;
  }
  const Store& store() const { return store_; }
  // Coverage with no exposures and no risk on any asset.
  Coverage Assess(const Policy& policy, std::string_view as_of) const {
    const size_t n = store_.assets().size();
    return AssessCoverage(store_, policy, as_of, std::vector<uint32_t>(n, 0),
                          std::vector<int>(n, 0));
  }

 private:
  Store store_;
};

std::vector<std::string> Gaps(const Coverage& c, size_t asset) {
  return CoverageGapNames(c.assets[asset].gaps);
}

using Names = std::vector<std::string>;

TEST(Coverage, InventoryAgainstScansNamesEachSideGaps) {
  Estate e;
  const size_t cmdb = e.Input("inventory_csv", SourceClass::kInventory);
  const size_t nessus = e.Input("nessus", SourceClass::kHost);
  e.Add(cmdb, Host("10.0.0.1", "web01.corp.example"));
  e.Add(cmdb, Host("10.0.0.2", "db01.corp.example"));
  e.Scan(nessus, e.Add(nessus, Host("10.0.0.1", "web01.corp.example")),
         "2024-03-01T10:00:00Z", true);
  e.Scan(nessus, e.Add(nessus, Host("10.0.0.9")), "2024-03-01T10:05:00Z",
         false);

  const Coverage c = e.Assess(Policy(), "");
  EXPECT_TRUE(c.has_inventory);
  EXPECT_EQ(c.as_of, "2024-03-01");  // the latest scan, without a policy's
  ASSERT_EQ(c.assets.size(), 3u);
  EXPECT_EQ(Gaps(c, e.Asset("web01.corp.example")), Names{});
  EXPECT_EQ(Gaps(c, e.Asset("db01.corp.example")), Names{"never_scanned"});
  EXPECT_EQ(Gaps(c, e.Asset("10.0.0.9")),
            (Names{"not_in_inventory", "unauthenticated"}));

  EXPECT_EQ(c.all.assets, 3u);
  EXPECT_EQ(c.all.in_inventory, 2u);
  EXPECT_EQ(c.all.scanned, 2u);
  EXPECT_EQ(c.all.inventory_only, 1u);
  EXPECT_EQ(c.all.scanned_only, 1u);
  EXPECT_EQ(c.all.unauthenticated, 1u);
  EXPECT_EQ(std::count_if(c.assets.begin(), c.assets.end(),
                          [](const AssetCoverage& a) { return a.gaps != 0; }),
            2);
  const int host = static_cast<int>(SourceClass::kHost) - 1;
  EXPECT_EQ(c.all.expected[host], 3u);
  EXPECT_EQ(c.all.covered[host], 2u);
  EXPECT_EQ(c.all.seen[host], 2u);
  // The inventoried host nobody scanned was missed by host scanners and
  // not even discovered; the scanned one was missed by none.
  const int network = static_cast<int>(SourceClass::kNetwork) - 1;
  EXPECT_EQ(c.assets[e.Asset("db01.corp.example")].inventory_missed,
            (1u << host) | (1u << network));
  EXPECT_EQ(c.assets[e.Asset("web01.corp.example")].inventory_missed, 0u);
  EXPECT_EQ(c.assets[e.Asset("10.0.0.9")].inventory_missed, 0u);
  EXPECT_EQ(c.all.complete, 2u);
}

TEST(Coverage, WithoutInventoryNothingIsOutOfInventory) {
  Estate e;
  const size_t nessus = e.Input("nessus", SourceClass::kHost);
  e.Add(nessus, Host("10.0.0.1"));
  const Coverage c = e.Assess(Policy(), "2024-01-01");
  EXPECT_FALSE(c.has_inventory);
  EXPECT_EQ(Gaps(c, 0), Names{});
  EXPECT_EQ(c.all.scanned_only, 0u);
}

TEST(Coverage, StaleCountsBackFromThePolicysDate) {
  Estate e;
  const size_t nessus = e.Input("nessus", SourceClass::kHost);
  e.Scan(nessus, e.Add(nessus, Host("10.0.0.1")), "2024-01-01T00:00:00Z");
  e.Scan(nessus, e.Add(nessus, Host("10.0.0.2")), "2024-02-20T00:00:00Z");
  Policy policy;
  policy.as_of = "2024-03-01";
  policy.stale_days = 30;
  const Coverage c = e.Assess(policy, "");
  EXPECT_EQ(c.as_of, "2024-03-01");
  EXPECT_EQ(Gaps(c, e.Asset("10.0.0.1")), Names{"stale"});
  EXPECT_EQ(Gaps(c, e.Asset("10.0.0.2")), Names{});
  EXPECT_EQ(c.all.stale, 1u);

  // A longer window forgives it.
  policy.stale_days = 90;
  EXPECT_EQ(Gaps(e.Assess(policy, ""), e.Asset("10.0.0.1")), Names{});
}

TEST(Coverage, EachKindExpectsItsScan) {
  Estate e;
  const size_t nmap = e.Input("nmap", SourceClass::kNetwork);
  const size_t trivy = e.Input("trivy", SourceClass::kContainerSca);
  const size_t cmdb = e.Input("inventory_json", SourceClass::kInventory);
  // A host only port-scanned lacks a vulnerability scan.
  e.Add(nmap, Host("10.0.0.5"));
  e.Add(cmdb, Host("10.0.0.5"));
  // An image Trivy scanned has what it needs.
  e.Add(trivy, Image("registry.example/shop:1.0"));
  e.Add(cmdb, Image("registry.example/shop:1.0"));
  const Coverage c = e.Assess(Policy(), "");
  EXPECT_EQ(Gaps(c, e.Asset("10.0.0.5")), Names{"no_host_scan"});
  // Discovered by Nmap, but no host scanner looked.
  EXPECT_EQ(c.assets[e.Asset("10.0.0.5")].inventory_missed,
            1u << (static_cast<int>(SourceClass::kHost) - 1));
  EXPECT_EQ(Gaps(c, e.Asset("registry.example/shop:1.0")), Names{});
  const int network = static_cast<int>(SourceClass::kNetwork) - 1;
  const int host = static_cast<int>(SourceClass::kHost) - 1;
  EXPECT_EQ(c.all.seen[network], 1u);
  EXPECT_EQ(c.all.expected[network], 0u);  // never expected
  EXPECT_EQ(c.all.expected[host], 1u);
  EXPECT_EQ(c.all.covered[host], 0u);
}

TEST(Coverage, ScopesCountTheirOwnAssets) {
  Estate e;
  const size_t cmdb = e.Input("inventory_csv", SourceClass::kInventory);
  const size_t nessus = e.Input("nessus", SourceClass::kHost);
  e.Add(cmdb, Host("10.1.0.1"));
  e.Add(cmdb, Host("10.1.0.2"));
  e.Add(cmdb, Host("10.2.0.1"));
  e.Add(nessus, Host("10.1.0.1"));
  Policy policy;
  Scope dc;
  dc.name = "datacenter";
  ASSERT_TRUE(ParseCidr("10.1.0.0/16", &dc.match.net, &dc.match.prefix));
  policy.scopes.push_back(dc);
  const Coverage c = e.Assess(policy, "");
  ASSERT_EQ(c.scopes.size(), 1u);
  EXPECT_EQ(c.scopes[0].name, "datacenter");
  EXPECT_EQ(c.scopes[0].counts.assets, 2u);
  EXPECT_EQ(c.scopes[0].counts.inventory_only, 1u);
  EXPECT_EQ(c.all.inventory_only, 2u);
}

TEST(Coverage, GapNamesFollowTheBits) {
  EXPECT_EQ(CoverageGapNames(0), Names{});
  EXPECT_EQ(CoverageGapNames(kGapStale | kGapNotInInventory),
            (Names{"not_in_inventory", "stale"}));
  EXPECT_EQ(CoverageGapNames(kGapMissingFirst << 4), Names{"no_cloud_scan"});
}

}  // namespace
}  // namespace exposure
