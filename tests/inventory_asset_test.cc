#include "core/importers/inventory_asset.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/model/record_sink.h"

namespace exposure {
namespace {

using Tags = std::vector<std::string>;

TEST(InventoryAsset, TagsFillTheContextFirstOneWins) {
  Asset a;
  AddInventoryTag("Env", "production", &a);
  AddInventoryTag("environment", "staging", &a);
  AddInventoryTag("Owner", "web-team@example.com", &a);
  AddInventoryTag("cost-center", "CC-4410", &a);
  AddInventoryTag("Department", "Retail", &a);
  AddInventoryTag("Business_Criticality", "1 - Most Critical", &a);
  AddInventoryTag("team", "", &a);
  EXPECT_EQ(a.context.environment, "production");
  EXPECT_EQ(a.context.owner, "web-team@example.com");
  EXPECT_EQ(a.context.business_unit, "CC-4410");
  EXPECT_EQ(a.context.criticality, Criticality::kCritical);
  EXPECT_FALSE(a.context.internet_facing.has_value());
  EXPECT_EQ(a.tags, (Tags{"Env=production", "environment=staging",
                          "Owner=web-team@example.com", "cost-center=CC-4410",
                          "Department=Retail",
                          "Business_Criticality=1 - Most Critical", "team"}));
}

TEST(InventoryAsset, CriticalityAndInternetFacingNeedValuesTheyKnow) {
  Asset a;
  AddInventoryTag("criticality", "gold", &a);  // no level: a tag only
  AddInventoryTag("criticality", "low", &a);
  AddInventoryTag("internet-facing", "maybe", &a);
  AddInventoryTag("internet_facing", "no", &a);
  EXPECT_EQ(a.context.criticality, Criticality::kLow);
  EXPECT_EQ(a.context.internet_facing, false);
  Asset b;
  AddInventoryTag("internet-facing", "", &b);  // a bare tag says yes
  EXPECT_EQ(b.context.internet_facing, true);
}

TEST(InventoryAsset, HostNamesSplitIntoFqdnAndShortName) {
  Identities a;
  SetHostName("web01.corp.example.com.", &a);
  EXPECT_EQ(a.fqdn, "web01.corp.example.com");
  EXPECT_EQ(a.hostname, "web01");
  SetHostName("other.example.com", &a);  // set fields are kept
  EXPECT_EQ(a.fqdn, "web01.corp.example.com");

  Identities b;
  SetHostName("WIN-RG9DFIDVMHC.WORKGROUP", &b);
  EXPECT_EQ(b.fqdn, "");
  EXPECT_EQ(b.hostname, "WIN-RG9DFIDVMHC");
  SetHostName("RHEL85.LOCALDOMAIN", &b);
  EXPECT_EQ(b.fqdn, "");

  Identities c;
  SetHostName("10.0.0.5", &c);
  SetHostName("fe80::1", &c);
  EXPECT_EQ(c.hostname, "");
  EXPECT_EQ(c.fqdn, "");
}

TEST(InventoryAsset, MacsAndLinkLocalAddresses) {
  EXPECT_EQ(InventoryMac("12:71:a2:ee:5e:7a:00:00"), "12:71:a2:ee:5e:7a");
  EXPECT_EQ(InventoryMac(" 00-0D-3A-12-34-56 "), "00:0d:3a:12:34:56");
  EXPECT_EQ(InventoryMac("0050.569a.0b0c"), "00:50:56:9a:0b:0c");
  EXPECT_EQ(InventoryMac("02:00:00:ff:fe:12:34:56"), "02:00:00:ff:fe:12:34:56");
  EXPECT_EQ(InventoryMac("unknown"), "unknown");
  EXPECT_EQ(InventoryMac("00:11"), "00:11");
  EXPECT_TRUE(IsLinkLocalAddress("fe80::250:56ff:fe89:b0e1"));
  EXPECT_TRUE(IsLinkLocalAddress("FEBF::1"));
  EXPECT_FALSE(IsLinkLocalAddress("fec0::1"));
  EXPECT_FALSE(IsLinkLocalAddress("fe8:1::1"));
  EXPECT_FALSE(IsLinkLocalAddress("2600:1f18::10"));
  EXPECT_FALSE(IsLinkLocalAddress("10.0.0.1"));
  EXPECT_EQ(LastSegment("projects/p/zones/z/instances/vm1"), "vm1");
  EXPECT_EQ(LastSegment("vm1"), "vm1");
}

TEST(InventoryAsset, FurtherAddressesRepeatTheStrongIdentities) {
  RecordSink sink;
  Asset a;
  a.kind = AssetKind::kHost;
  a.name = "web-1";
  a.ids.cloud_id = "arn:aws:ec2:us-east-1:1:instance/i-1";
  a.ids.mac = "0a:00:00:00:00:01";
  a.context.site = "aws";
  a.context.owner = "web";
  a.tags = {"env=prod"};
  EXPECT_EQ(AddAssetWithAddresses(&sink, a,
                                  {"", "fe80::1", "10.0.0.5", "10.0.0.6",
                                   "10.0.0.5", " 203.0.113.9 "}),
            0u);
  const std::vector<Asset>& out = sink.assets();
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].ids.ip, "10.0.0.5");  // the first usable address
  EXPECT_EQ(out[0].context.owner, "web");
  EXPECT_EQ(out[1].ids.ip, "10.0.0.6");
  EXPECT_EQ(out[2].ids.ip, "203.0.113.9");
  for (size_t i = 1; i < out.size(); ++i) {
    EXPECT_EQ(out[i].kind, AssetKind::kHost);
    EXPECT_EQ(out[i].name, "web-1");
    EXPECT_EQ(out[i].ids.cloud_id, a.ids.cloud_id);
    EXPECT_EQ(out[i].ids.mac, a.ids.mac);
    EXPECT_EQ(out[i].context.site, "aws");
    EXPECT_TRUE(out[i].tags.empty());
    EXPECT_TRUE(out[i].context.owner.empty());
  }
}

TEST(InventoryAsset, AnAddressAloneTiesNoFurtherAddresses) {
  RecordSink sink;
  Asset a;
  a.kind = AssetKind::kHost;
  a.ids.ip = "10.0.0.5";
  AddAssetWithAddresses(&sink, a, {"10.0.0.6"});
  ASSERT_EQ(sink.assets().size(), 1u);
  EXPECT_EQ(sink.assets()[0].ids.ip, "10.0.0.5");
}

}  // namespace
}  // namespace exposure
