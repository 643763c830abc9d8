#include "core/importers/inventory_json_importer.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "core/model/record_sink.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

std::unique_ptr<Analyzer> Analyze(const std::string& doc, size_t chunk = 7) {
  auto a = std::make_unique<Analyzer>();
  testing::FeedInChunks(a.get(), "assets.json", doc, chunk);
  return a;
}

TEST(InventoryJsonImporter, MapsAnArrayOfRecords) {
  const std::string doc = R"([
  {"hostName": "pay-api-01", "ipAddresses": ["fe80::1", "10.70.1.11"],
   "macAddresses": ["00:50:56:8a:01:11", "00:50:56:8a:01:12"],
   "serialNumber": 42, "os": "Ubuntu", "osVersion": "22.04",
   "owner": {"display": "Payments SRE", "id": 7},
   "businessUnit": "Payments", "environment": "production",
   "criticality": "critical", "internetFacing": false,
   "location": {"name": "ams1", "slug": "ams1"},
   "tags": {"team": "payments", "pci": "in-scope"}},
  {"name": "orders-db", "resourceId": "arn:aws:rds:eu-central-1:1:db:orders",
   "assetType": "cloud_resource", "primary_ip4": {"address": "10.100.20.15/24"},
   "Tags": [{"Key": "Name", "Value": "orders-db"}, {"Key": "backup"}],
   "publicFacing": "No"}
])";
  auto a = Analyze(doc);
  const Input& in = a->store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.format, "inventory_json");
  EXPECT_EQ(in.source, SourceClass::kInventory);
  EXPECT_EQ(in.findings, 0u);
  ASSERT_EQ(a->store().assets().size(), 2u);

  const Asset& api = a->store().assets()[0];
  EXPECT_EQ(api.kind, AssetKind::kHost);
  EXPECT_EQ(api.name, "pay-api-01");
  EXPECT_EQ(api.ids.hostname, "pay-api-01");
  EXPECT_EQ(api.ids.ip, "fe80::1");  // the first address of the list
  EXPECT_EQ(api.ids.mac, "00:50:56:8a:01:11");
  EXPECT_EQ(api.ids.serial, "42");
  EXPECT_EQ(api.os, "Ubuntu 22.04");
  EXPECT_EQ(api.context.owner, "Payments SRE");
  EXPECT_EQ(api.context.business_unit, "Payments");
  EXPECT_EQ(api.context.environment, "production");
  EXPECT_EQ(api.context.site, "ams1");
  EXPECT_EQ(api.context.criticality, Criticality::kCritical);
  EXPECT_EQ(api.context.internet_facing, std::optional<bool>(false));
  EXPECT_EQ(api.tags,
            (std::vector<std::string>{"pci:in-scope", "team:payments"}));

  const Asset& db = a->store().assets()[1];
  EXPECT_EQ(db.kind, AssetKind::kCloudResource);
  EXPECT_EQ(db.name, "orders-db");
  EXPECT_EQ(db.ids.cloud_id, "arn:aws:rds:eu-central-1:1:db:orders");
  EXPECT_EQ(db.ids.hostname, "orders-db");
  EXPECT_EQ(db.tags, (std::vector<std::string>{"Name:orders-db", "backup"}));
  EXPECT_EQ(db.context.internet_facing, std::optional<bool>(false));
}

TEST(InventoryJsonImporter, ReadsJsonLinesAndASingleRecord) {
  auto lines = Analyze(
      "{\"ip\": \"10.0.0.1\", \"owner\": \"a\"}\n"
      "{\"ip\": \"10.0.0.2\", \"owner\": \"b\"}\n"
      "{\"owner\": \"nobody\"}\n");
  ASSERT_TRUE(lines->store().inputs()[0].errors.empty());
  EXPECT_EQ(lines->store().inputs()[0].format, "inventory_json");
  ASSERT_EQ(lines->store().assets().size(), 2u);
  EXPECT_EQ(lines->store().assets()[1].context.owner, "b");

  auto one = Analyze(R"({"fqdn": "vpn.example.net", "internet_facing": true})");
  ASSERT_EQ(one->store().assets().size(), 1u);
  EXPECT_EQ(one->store().assets()[0].ids.fqdn, "vpn.example.net");
  EXPECT_EQ(one->store().assets()[0].context.internet_facing,
            std::optional<bool>(true));
}

TEST(InventoryJsonImporter, RefusesRecordsWithoutIdentityNamingTheKeys) {
  RecordSink sink;
  std::unique_ptr<Importer> importer = CreateInventoryJsonImporter(&sink);
  ASSERT_TRUE(
      importer->Feed(R"([{"owner": "ops", "cost_center": "CC-1"}])").ok());
  Status s = importer->Finish();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("no identity key"), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("\"cost_center\", \"owner\""), std::string::npos)
      << s.message();
  // An empty inventory is one.
  RecordSink empty_sink;
  importer = CreateInventoryJsonImporter(&empty_sink);
  ASSERT_TRUE(importer->Feed("[]").ok());
  EXPECT_TRUE(importer->Finish().ok());
}

TEST(InventoryJsonImporter, Sniff) {
  EXPECT_TRUE(
      SniffInventoryJson(R"([{"hostname": "a", "ip": "10.0.0.1"}])", true));
  EXPECT_TRUE(
      SniffInventoryJson("{\"serial\": \"X1\"}\n{\"serial\": \"X2\"}", true));
  EXPECT_TRUE(
      SniffInventoryJson(R"({"name": "db", "environment": "prod"})", true));
  EXPECT_FALSE(SniffInventoryJson("[]", true));
  EXPECT_FALSE(SniffInventoryJson(R"(["10.0.0.1", "10.0.0.2"])", true));
  EXPECT_FALSE(SniffInventoryJson("hostname,ip\n", true));
  // A record cut by the end of the head tells nothing.
  EXPECT_FALSE(SniffInventoryJson(R"([{"hostname": "a", "ip": "10.0)", false));
}

// JSON arrays of objects are everywhere: none of these is an inventory.
TEST(InventoryJsonImporter, SniffLeavesOtherArraysAlone) {
  const char* const kOthers[] = {
      // Packages, people, findings, a port scan (masscan).
      R"([{"name": "lodash", "version": "4.17.21", "license": "MIT"}])",
      R"([{"name": "Ada", "email": "ada@example.com", "address": "1 Main St"}])",
      R"([{"host": "10.0.0.1", "title": "Weak TLS", "severity": "high"}])",
      R"([{"ip": "10.0.0.1", "hostname": "a", "cve": "CVE-2021-44228"}])",
      R"([{"ip": "10.0.0.1", "timestamp": "1700000000",
          "ports": [{"port": 80, "proto": "tcp", "status": "open"}]}])",
      // A CycloneDX BOM (its serialNumber is the BOM's).
      R"({"bomFormat": "CycloneDX", "specVersion": "1.5",
          "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
          "version": 1})",
      // An AWS Config item and a Google Cloud Asset Inventory line.
      R"({"version": "1.2", "configurationItemCaptureTime": "2017-04-05",
          "arn": "arn:aws:ec2:us-east-1:1:instance/i-1", "resourceId": "i-1",
          "configuration": {}})",
      R"({"name": "//compute.googleapis.com/projects/p/zones/z/instances/i",
          "asset_type": "compute.googleapis.com/Instance", "ancestors": []})",
      // Records with lists of records: a richer source's format.
      R"([{"name": "sw1", "serial": "FOC1", "interfaces": [{"name": "e0"}]}])",
  };
  for (const char* doc : kOthers)
    EXPECT_FALSE(SniffInventoryJson(doc, true)) << doc;
}

TEST(InventoryJsonImporter, ReadsTheFixtures) {
  std::string doc;
  ASSERT_TRUE(testing::ReadFile(
      testing::FixtureDir() + "/inventory_json/endpoint_inventory.jsonl",
      &doc));
  auto a = Analyze(doc, 4096);
  ASSERT_EQ(a->store().inputs()[0].format, "inventory_json");
  EXPECT_EQ(a->store().assets().size(), 8u);
  ASSERT_TRUE(testing::ReadFile(
      testing::FixtureDir() + "/inventory_json/cloud_assets.json", &doc));
  a = Analyze(doc, 4096);
  ASSERT_EQ(a->store().inputs()[0].format, "inventory_json");
  ASSERT_EQ(a->store().assets().size(), 4u);
  for (const Asset& asset : a->store().assets())
    EXPECT_EQ(asset.kind, AssetKind::kCloudResource) << asset.name;
}

}  // namespace
}  // namespace exposure
