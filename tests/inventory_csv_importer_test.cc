#include "core/importers/inventory_csv_importer.h"

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

// The analysis of one in-memory input fed in chunks of `chunk` bytes.
std::unique_ptr<Analyzer> Analyze(const std::string& name,
                                  const std::string& doc,
                                  size_t chunk = 5) {
  auto a = std::make_unique<Analyzer>();
  testing::FeedInChunks(a.get(), name, doc, chunk);
  return a;
}

TEST(InventoryCsvImporter, MapsColumnsBySynonyms) {
  const std::string doc =
      "Computer Name,DNS Name,IP-Address,MAC Address,Serial Number,Instance "
      "ID,Owned By,Department,Environment,Criticality,Internet Facing,Site,"
      "Tags,Operating System,OS Version,Asset Type,Barcode,Cost Center\n"
      "web01,web01.corp.example.com,\"203.0.113.10, 10.0.0.10\","
      "00:50:56:8a:10:01,CZJ2140KLM,,Web Team,E-Commerce,Production,"
      "1 - Most Critical,Yes,Frankfurt,\"pci, web\",Ubuntu,22.04,Server,"
      "AT-1,CC-100\n"
      "api-1,,10.50.1.20,,,arn:aws:ec2:eu-west-1:123456789012:instance/"
      "i-0a1b,Platform,E-Commerce,Production,low,no,aws eu-west-1,,,,,,\n";
  auto a = Analyze("assets.csv", doc);
  const Input& in = a->store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.format, "inventory_csv");
  EXPECT_EQ(in.source, SourceClass::kInventory);
  EXPECT_EQ(in.findings, 0u);
  ASSERT_EQ(a->store().assets().size(), 2u);

  const Asset& web = a->store().assets()[0];
  EXPECT_EQ(web.kind, AssetKind::kHost);
  EXPECT_EQ(web.name, "web01.corp.example.com");
  EXPECT_EQ(web.ids.hostname, "web01");
  EXPECT_EQ(web.ids.fqdn, "web01.corp.example.com");
  EXPECT_EQ(web.ids.ip, "203.0.113.10");  // the first of the cell
  EXPECT_EQ(web.ids.mac, "00:50:56:8a:10:01");
  EXPECT_EQ(web.ids.serial, "CZJ2140KLM");
  EXPECT_EQ(web.os, "Ubuntu 22.04");
  EXPECT_EQ(web.tags,
            (std::vector<std::string>{"pci", "web", "asset_tag:AT-1"}));
  EXPECT_EQ(web.context.owner, "Web Team");
  EXPECT_EQ(web.context.business_unit, "E-Commerce");
  EXPECT_EQ(web.context.environment, "Production");
  EXPECT_EQ(web.context.site, "Frankfurt");
  EXPECT_EQ(web.context.criticality, Criticality::kCritical);
  EXPECT_EQ(web.context.internet_facing, std::optional<bool>(true));

  const Asset& api = a->store().assets()[1];
  EXPECT_EQ(api.kind, AssetKind::kCloudResource);
  EXPECT_EQ(api.ids.cloud_id,
            "arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b");
  EXPECT_EQ(api.ids.hostname, "api-1");
  EXPECT_EQ(api.context.criticality, Criticality::kLow);
  EXPECT_EQ(api.context.internet_facing, std::optional<bool>(false));
}

TEST(InventoryCsvImporter, ReadsCriticalityAndExposureSpellings) {
  const std::string doc =
      "hostname\tcriticality\tinternet_facing\n"
      "h1\t1\tInternet\n"
      "h2\t2 - Somewhat Critical\tIntranet\n"
      "h3\tMedium\tTRUE\n"
      "h4\t5 - Minimal\tfalse\n"
      "h5\tMission Critical\tN/A\n"
      "h6\tTier 1\t\n";
  auto a = Analyze("assets.tsv", doc);
  ASSERT_EQ(a->store().assets().size(), 6u);
  const auto& assets = a->store().assets();
  EXPECT_EQ(assets[0].context.criticality, Criticality::kCritical);
  EXPECT_EQ(assets[0].context.internet_facing, std::optional<bool>(true));
  EXPECT_EQ(assets[1].context.criticality, Criticality::kHigh);
  EXPECT_EQ(assets[1].context.internet_facing, std::optional<bool>(false));
  EXPECT_EQ(assets[2].context.criticality, Criticality::kMedium);
  EXPECT_EQ(assets[2].context.internet_facing, std::optional<bool>(true));
  EXPECT_EQ(assets[3].context.criticality, Criticality::kLow);
  EXPECT_EQ(assets[4].context.criticality, Criticality::kCritical);
  EXPECT_FALSE(assets[4].context.internet_facing.has_value());
  EXPECT_FALSE(assets[5].context.criticality.has_value());
}

TEST(InventoryCsvImporter, PrefersTheMoreSpecificColumn) {
  // "ip" before "address", "hostname" before "name": whatever the order of
  // the columns, and a later one fills what the first leaves empty.
  const std::string doc =
      "Name;Address;Hostname;IP\n"
      "Payroll DB;10.9.9.9;pay-db-1;10.0.0.1\n"
      "Badge reader;10.9.9.10;;\n";
  auto a = Analyze("assets.csv", doc);
  ASSERT_EQ(a->store().assets().size(), 2u);
  const Asset& db = a->store().assets()[0];
  EXPECT_EQ(db.name, "Payroll DB");
  EXPECT_EQ(db.ids.hostname, "pay-db-1");
  EXPECT_EQ(db.ids.ip, "10.0.0.1");
  const Asset& reader = a->store().assets()[1];
  EXPECT_EQ(reader.name, "Badge reader");
  EXPECT_EQ(reader.ids.hostname, "");  // a label, not a host name
  EXPECT_EQ(reader.ids.ip, "10.9.9.10");
}

TEST(InventoryCsvImporter, SkipsRowsThatNameNoAsset) {
  const std::string doc =
      "hostname,ip,owner\n"
      "web01,,ops\n"
      ",,ops\n"
      "N/A,-,ops\n"
      ",,\n"
      "\n"
      ",10.0.0.9,\n";
  auto a = Analyze("assets.csv", doc);
  ASSERT_TRUE(a->store().inputs()[0].errors.empty());
  ASSERT_EQ(a->store().assets().size(), 2u);
  EXPECT_EQ(a->store().assets()[0].ids.hostname, "web01");
  EXPECT_EQ(a->store().assets()[1].ids.ip, "10.0.0.9");
}

TEST(InventoryCsvImporter, RefusesAHeaderWithoutIdentityNamingTheColumns) {
  RecordSink sink;
  std::unique_ptr<Importer> importer = CreateInventoryCsvImporter(&sink);
  Status s = importer->Feed("Owner,Environment,Cost Center\nops,prod,CC-1\n");
  if (s.ok())
    s = importer->Finish();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("no identity column"), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("\"Owner\", \"Environment\", \"Cost Center\""),
            std::string::npos)
      << s.message();
  EXPECT_TRUE(sink.assets().empty());
}

TEST(InventoryCsvImporter, Sniff) {
  EXPECT_TRUE(
      SniffInventoryCsv("hostname,ip,owner\nweb01,10.0.0.1,ops\n", true));
  EXPECT_TRUE(SniffInventoryCsv("\xEF\xBB\xBFSerial Number;Owner\r\n", true));
  EXPECT_TRUE(SniffInventoryCsv("Name\tEnvironment\tCriticality\n", true));
  EXPECT_TRUE(SniffInventoryCsv("sn,barcode,management_ip\n", true));
  // Scanner exports name hosts too.
  EXPECT_FALSE(SniffInventoryCsv(
      "Plugin ID,CVE,CVSS,Risk,Host,Protocol,Port,Name\n", true));
  EXPECT_FALSE(SniffInventoryCsv(
      "\"IP\",\"DNS\",\"NetBIOS\",\"QID\",\"Title\",\"Severity\"\n", true));
  EXPECT_FALSE(SniffInventoryCsv(
      "IP,Hostname,Port,Port Protocol,CVSS,Severity,NVT Name\n", true));
  EXPECT_FALSE(SniffInventoryCsv(
      "ACCOUNT_UID;CHECK_ID;STATUS;RESOURCE_UID;RESOURCE_NAME;REGION\n", true));
  EXPECT_FALSE(SniffInventoryCsv("host,ip,port,protocol,service\n", true));
  // People, not machines; no header at all.
  EXPECT_FALSE(SniffInventoryCsv("Name,Email,Phone\nAda,a@x,1\n", true));
  EXPECT_FALSE(SniffInventoryCsv("web01\nweb02\n", true));
  EXPECT_FALSE(SniffInventoryCsv("# Hosts\n", true));
  EXPECT_FALSE(SniffInventoryCsv("[{\"ip\": \"10.0.0.1\"}]", true));
  // A ServiceNow list export is the servicenow_cmdb format's.
  EXPECT_FALSE(SniffInventoryCsv(
      "name,ip_address,sys_class_name,sys_id\nweb01,10.0.0.1,x,y\n", true));
}

// The real export of `shared/samples/inventories/generic_cmdb_csv`: a Ralph
// data-center asset, its serial in "sn" and its address in
// "management_ip".
TEST(InventoryCsvImporter, ReadsTheRalphExport) {
  std::string doc;
  ASSERT_TRUE(testing::ReadFile(
      testing::SourceDir() + "/../shared/samples/inventories/generic_cmdb_csv/"
                             "ralph_datacenter_asset_export.csv",
      &doc));
  auto a = Analyze("ralph.csv", doc, 4096);
  const Input& in = a->store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.format, "inventory_csv");
  ASSERT_EQ(a->store().assets().size(), 1u);
  const Asset& asset = a->store().assets()[0];
  EXPECT_EQ(asset.kind, AssetKind::kHost);
  EXPECT_EQ(asset.name, "EMC1-3");
  EXPECT_EQ(asset.ids.hostname, "EMC1-3");
  EXPECT_EQ(asset.ids.serial, "M000000015L");
  EXPECT_EQ(asset.ids.ip, "10.0.0.103");
}

TEST(InventoryCsvImporter, ReadsTheFixtures) {
  std::string doc;
  ASSERT_TRUE(testing::ReadFile(
      testing::FixtureDir() + "/inventory_csv/cmdb_assets.csv", &doc));
  auto a = Analyze("cmdb_assets.csv", doc, 4096);
  ASSERT_EQ(a->store().inputs()[0].format, "inventory_csv");
  EXPECT_EQ(a->store().assets().size(), 20u);  // one per row
  ASSERT_TRUE(testing::ReadFile(
      testing::FixtureDir() + "/inventory_csv/branch_assets.tsv", &doc));
  a = Analyze("branch_assets.tsv", doc, 4096);
  ASSERT_EQ(a->store().inputs()[0].format, "inventory_csv");
  // Two stores use the same private addresses: their machines stay apart
  // on their serial numbers.
  EXPECT_EQ(a->store().assets().size(), 8u);
}

}  // namespace
}  // namespace exposure
