#include "core/importers/servicenow_cmdb_importer.h"

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

// What the importer adds, in order, for `doc` fed in chunks of `chunk`.
std::vector<Asset> AssetsOf(const std::string& doc, size_t chunk = 3) {
  RecordSink sink;
  std::unique_ptr<Importer> importer = CreateServiceNowCmdbImporter(&sink);
  for (size_t at = 0; at < doc.size(); at += chunk) {
    Status s = importer->Feed(std::string_view(doc).substr(at, chunk));
    EXPECT_TRUE(s.ok()) << s.message();
    if (!s.ok())
      return {};
  }
  Status s = importer->Finish();
  EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_TRUE(sink.findings().empty());
  return sink.assets();
}

TEST(ServiceNowCmdbImporter, ReadsDisplayValuesOfTheTableApi) {
  const std::string doc = R"({"result": [{
    "sys_id": "0c43baaac0a8010e0175ad0f73c0b7d2",
    "sys_class_name": "Linux Server", "name": "lnxweb01", "host_name": "",
    "dns_domain": "acme.example.com", "fqdn": "", "ip_address": "198.51.100.21",
    "mac_address": "00:50:56:9A:21:01", "serial_number": "CZ21480XYZ",
    "asset_tag": "P1000821", "os": "Linux Red Hat", "os_version": "9.3",
    "owned_by": {"display_value": "Ana Ortiz",
                 "link": "https://x.service-now.com/api/now/table/sys_user/46"},
    "managed_by": {"display_value": "Raj Patel", "link": "https://x/api/1"},
    "company": {"display_value": "ACME", "link": "https://x/api/2"},
    "department": {"display_value": "Digital Commerce", "link": "https://x"},
    "location": {"display_value": "Chicago DC-2", "link": "https://x"},
    "used_for": "Production", "classification": "Development",
    "busines_criticality": "1 - most critical", "firewall_status": "Internet",
    "install_status": "Installed", "operational_status": "Operational",
    "sys_tags": "pci, storefront"}]})";
  std::vector<Asset> assets = AssetsOf(doc);
  ASSERT_EQ(assets.size(), 1u);
  const Asset& a = assets[0];
  EXPECT_EQ(a.kind, AssetKind::kHost);
  EXPECT_EQ(a.name, "lnxweb01");
  EXPECT_EQ(a.ids.hostname, "lnxweb01");  // the name of a host class's CI
  EXPECT_EQ(a.ids.fqdn, "lnxweb01.acme.example.com");  // with dns_domain
  EXPECT_EQ(a.ids.ip, "198.51.100.21");
  EXPECT_EQ(a.ids.mac, "00:50:56:9A:21:01");
  EXPECT_EQ(a.ids.serial, "CZ21480XYZ");
  EXPECT_EQ(a.os, "Linux Red Hat 9.3");
  EXPECT_EQ(a.context.owner, "Ana Ortiz");  // owned_by before managed_by
  EXPECT_EQ(a.context.business_unit, "Digital Commerce");  // before company
  EXPECT_EQ(a.context.environment, "Production");          // used_for first
  EXPECT_EQ(a.context.site, "Chicago DC-2");
  EXPECT_EQ(a.context.criticality, Criticality::kCritical);
  EXPECT_EQ(a.context.internet_facing, std::optional<bool>(true));
  EXPECT_EQ(a.tags,
            (std::vector<std::string>{"pci", "storefront", "asset_tag:P1000821",
                                      "class:Linux Server"}));
}

TEST(ServiceNowCmdbImporter, ReadsValuesAndBothReferenceShapes) {
  // sysparm_display_value=false: references {link, value}; =all: every
  // field {display_value, value}; a list export: plain sys_ids.
  const std::string doc = R"({"result": [
    {"sys_id": "1", "sys_class_name": "cmdb_ci_computer", "name": "NYC-WS-1",
     "host_name": "nyc-ws-1", "ip_address": "10.22.4.17",
     "owned_by": {"link": "https://x/api/now/table/sys_user/5137",
                  "value": "5137153cc611227c000bbd1bd8cd2005"},
     "install_status": "1", "operational_status": "1",
     "business_criticality": "4 - not critical", "firewall_status": "Intranet"},
    {"sys_id": {"display_value": "2", "value": "2"},
     "sys_class_name": {"display_value": "Computer",
                        "value": "cmdb_ci_computer"},
     "name": {"display_value": "NYC-WS-2", "value": "NYC-WS-2"},
     "ip_address": {"display_value": "10.22.4.18", "value": "10.22.4.18"},
     "owned_by": {"display_value": "Mei Chen", "value": "62826b"},
     "install_status": {"display_value": "In Stock", "value": "6"}}]})";
  std::vector<Asset> assets = AssetsOf(doc);
  ASSERT_EQ(assets.size(), 2u);
  EXPECT_EQ(assets[0].ids.hostname, "nyc-ws-1");
  // A reference's bare sys_id names nobody: no owner.
  EXPECT_EQ(assets[0].context.owner, "");
  EXPECT_EQ(assets[0].context.criticality, Criticality::kLow);
  EXPECT_EQ(assets[0].context.internet_facing, std::optional<bool>(false));
  EXPECT_EQ(assets[0].tags,
            (std::vector<std::string>{"class:cmdb_ci_computer"}));
  EXPECT_EQ(assets[1].ids.ip, "10.22.4.18");
  EXPECT_EQ(assets[1].ids.hostname, "NYC-WS-2");
  EXPECT_EQ(assets[1].context.owner, "Mei Chen");
  EXPECT_EQ(assets[1].tags, (std::vector<std::string>{
                                "class:Computer", "install_status:In Stock"}));
}

TEST(ServiceNowCmdbImporter, ReadsOneRecordAndTheListExport) {
  std::vector<Asset> one = AssetsOf(
      R"({"result": {"sys_id": "9", "name": "db7", "fqdn": "db7.example.com",
          "sys_class_name": "cmdb_ci_linux_server", "location": ""}})");
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].ids.fqdn, "db7.example.com");
  EXPECT_EQ(one[0].ids.hostname, "db7");

  std::vector<Asset> list = AssetsOf(
      R"({"records": [{"sys_id": "5a", "name": "lnxapp21",
          "sys_class_name": "cmdb_ci_linux_server", "ip_address": "10.40.9.21",
          "environment": "", "u_environment": "Staging",
          "u_owned_by": "custom owner", "owned_by": "Ana Ortiz",
          "department": "a581ab703710200044e0bfc8bcbe5de8",
          "u_department": "Retail"}]})");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].context.environment, "Staging");  // a custom field fills
  EXPECT_EQ(list[0].context.owner, "Ana Ortiz");      // the standard one wins
  // ... unless it is a bare sys_id.
  EXPECT_EQ(list[0].context.business_unit, "Retail");
}

TEST(ServiceNowCmdbImporter, ReadsClassesAndSkipsWhatIsGone) {
  const std::string doc = R"({"result": [
    {"sys_id": "1", "sys_class_name": "Virtual Machine Instance",
     "name": "orders-api-3", "object_id": "i-0d2c4e6f8a1b3c5d7",
     "ip_address": "10.60.3.17"},
    {"sys_id": "2", "sys_class_name": "Application", "name": "Checkout"},
    {"sys_id": "3", "sys_class_name": "cmdb_ci_appl", "name": "tomcat01",
     "ip_address": "10.1.1.1"},
    {"sys_id": "4", "sys_class_name": "Linux Server", "name": "old01",
     "ip_address": "10.1.1.2", "install_status": "Retired"},
    {"sys_id": "5", "sys_class_name": "cmdb_ci_linux_server", "name": "old02",
     "ip_address": "10.1.1.3", "operational_status": "6"},
    {"sys_id": "6", "sys_class_name": "Configuration Item", "name": "Unknown"},
    {"sys_id": "7", "sys_class_name": "IP Switch", "name": "Core switch 1",
     "ip_address": "10.0.0.2", "install_status": "7"}]})";
  std::vector<Asset> assets = AssetsOf(doc);
  ASSERT_EQ(assets.size(), 3u);
  EXPECT_EQ(assets[0].kind, AssetKind::kCloudResource);
  EXPECT_EQ(assets[0].ids.cloud_id, "i-0d2c4e6f8a1b3c5d7");
  EXPECT_EQ(assets[0].ids.hostname, "orders-api-3");
  // Software with an address: kept, of no kind, its name no host name.
  EXPECT_EQ(assets[1].kind, AssetKind::kUnknown);
  EXPECT_EQ(assets[1].name, "tomcat01");
  EXPECT_EQ(assets[1].ids.hostname, "");
  EXPECT_EQ(assets[1].ids.ip, "10.1.1.1");
  // A status code is not read: its meaning differs between classes.
  EXPECT_EQ(assets[2].kind, AssetKind::kHost);
  EXPECT_EQ(assets[2].name, "Core switch 1");
  EXPECT_EQ(assets[2].ids.hostname, "");
}

TEST(ServiceNowCmdbImporter, ReadsTheXmlExportAndAnUnload) {
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><xml>"
      "<cmdb_ci_server><busines_criticality>2 - somewhat critical"
      "</busines_criticality><company display_value=\"ACME EMEA\">81fd"
      "</company><firewall_status>Internet</firewall_status><fqdn/>"
      "<host_name>fra-pay-gw01</host_name><ip_address>203.0.113.80"
      "</ip_address><location display_value=\"Frankfurt DC\">2f3a</location>"
      "<managed_by display_value=\"\"></managed_by><name>fra-pay-gw01</name>"
      "<owned_by display_value=\"Sofia Rossi\">a8f9</owned_by>"
      "<sys_id>2d74</sys_id></cmdb_ci_server></xml>";
  std::vector<Asset> assets = AssetsOf(xml);
  ASSERT_EQ(assets.size(), 1u);
  const Asset& a = assets[0];
  EXPECT_EQ(a.ids.hostname, "fra-pay-gw01");
  EXPECT_EQ(a.ids.ip, "203.0.113.80");
  EXPECT_EQ(a.context.owner, "Sofia Rossi");
  EXPECT_EQ(a.context.business_unit, "ACME EMEA");
  EXPECT_EQ(a.context.site, "Frankfurt DC");
  EXPECT_EQ(a.context.criticality, Criticality::kHigh);
  EXPECT_EQ(a.context.internet_facing, std::optional<bool>(true));
  // The table names the class when no sys_class_name does.
  EXPECT_EQ(a.tags, (std::vector<std::string>{"class:cmdb_ci_server"}));

  const std::string unload =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<unload unload_date=\"2024-05-01 10:00:00\">\n"
      "<cmdb_ci_computer action=\"INSERT_OR_UPDATE\"><name>ws-1</name>"
      "<serial_number>JX4R2M3</serial_number><sys_id>a1</sys_id>"
      "</cmdb_ci_computer>\n"
      "<cmdb_ci_computer action=\"DELETE\"><name>ws-2</name>"
      "<serial_number>JX4R2M4</serial_number><sys_id>a2</sys_id>"
      "</cmdb_ci_computer>\n</unload>\n";
  assets = AssetsOf(unload);
  ASSERT_EQ(assets.size(), 1u);
  EXPECT_EQ(assets[0].ids.serial, "JX4R2M3");
}

TEST(ServiceNowCmdbImporter, ReadsCsvWithLabelsOrFieldNames) {
  const std::string labels =
      "\xEF\xBB\xBF\"Name\",\"Class\",\"IP Address\",\"Serial number\","
      "\"Owned by\",\"Support group\",\"Business criticality\","
      "\"Firewall status\",\"Status\",\"Operational status\"\n"
      "\"chi-esx-04\",\"ESX Server\",\"10.40.1.14\",\"CN7820ABCD\",\"Raj "
      "Patel\",\"VMware Admins\",\"1 - most critical\",\"Intranet\","
      "\"Installed\",\"DR Standby\"\n"
      "\"chi-bkp-01\",\"Linux Server\",\"10.40.3.50\",\"X\",\"\",\"\",\"\","
      "\"\",\"Retired\",\"Retired\"\n";
  std::vector<Asset> assets = AssetsOf(labels);
  ASSERT_EQ(assets.size(), 1u);
  EXPECT_EQ(assets[0].ids.hostname, "chi-esx-04");
  EXPECT_EQ(assets[0].ids.serial, "CN7820ABCD");
  EXPECT_EQ(assets[0].context.owner, "Raj Patel");
  EXPECT_EQ(assets[0].context.criticality, Criticality::kCritical);
  EXPECT_EQ(assets[0].context.internet_facing, std::optional<bool>(false));
  EXPECT_EQ(assets[0].tags,
            (std::vector<std::string>{"class:ESX Server",
                                      "operational_status:DR Standby"}));

  const std::string fields =
      "name,host_name,ip_address,mac_address,sys_class_name,managed_by,"
      "support_group\n"
      "lnx9,lnx9.example.com,10.0.0.9,00:11:22:33:44:99,"
      "cmdb_ci_linux_server,,Linux Admins\n";
  assets = AssetsOf(fields);
  ASSERT_EQ(assets.size(), 1u);
  EXPECT_EQ(assets[0].ids.fqdn, "lnx9.example.com");
  EXPECT_EQ(assets[0].ids.hostname, "lnx9");
  EXPECT_EQ(assets[0].context.owner, "Linux Admins");
}

TEST(ServiceNowCmdbImporter, RefusesWhatIsNoCmdbExport) {
  RecordSink sink;
  std::unique_ptr<Importer> csv = CreateServiceNowCmdbImporter(&sink);
  Status s = csv->Feed("sys_id,company,Class\n1,2,3\n");
  if (s.ok())
    s = csv->Finish();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("\"sys_id\", \"company\", \"Class\""),
            std::string::npos)
      << s.message();
  std::unique_ptr<Importer> json = CreateServiceNowCmdbImporter(&sink);
  ASSERT_TRUE(json->Feed(R"({"error": {"message": "No Record found"}})").ok());
  EXPECT_FALSE(json->Finish().ok());
  std::unique_ptr<Importer> xml = CreateServiceNowCmdbImporter(&sink);
  Status x = xml->Feed("<incidents><incident/></incidents>");
  if (x.ok())
    x = xml->Finish();
  EXPECT_FALSE(x.ok());
  EXPECT_TRUE(sink.assets().empty());
}

TEST(ServiceNowCmdbImporter, Sniff) {
  EXPECT_TRUE(SniffServiceNowCmdb(
      R"({"result":[{"sys_id":"1","ip_address":"10.0.0.1"}]})", true));
  EXPECT_TRUE(SniffServiceNowCmdb(
      " {\n  \"records\" : [{\"sys_class_name\": \"x\", \"fqdn\": \"\"}]}",
      true));
  EXPECT_TRUE(SniffServiceNowCmdb(
      "<?xml version=\"1.0\"?><xml><cmdb_ci_server><fqdn/><sys_id>1</sys_id>",
      false));
  EXPECT_TRUE(SniffServiceNowCmdb(
      "<unload unload_date=\"x\"><cmdb_ci_computer action=\"INSERT\">"
      "<serial_number>1</serial_number><sys_id>2</sys_id>",
      false));
  EXPECT_TRUE(SniffServiceNowCmdb(
      "\"Name\",\"Class\",\"IP Address\",\"Operational status\"\n", true));
  EXPECT_TRUE(SniffServiceNowCmdb("name,ip_address,sys_id\n", true));
  // Another table's export names its CI, but no CI's fields.
  EXPECT_FALSE(SniffServiceNowCmdb(
      R"({"result":[{"sys_id":"1","number":"INC0010001","cmdb_ci":"abc"}]})",
      true));
  EXPECT_FALSE(SniffServiceNowCmdb(
      "<xml><incident><cmdb_ci display_value=\"web01\">1</cmdb_ci>"
      "<sys_id>2</sys_id></incident></xml>",
      true));
  // Inventories that are not ServiceNow's.
  EXPECT_FALSE(SniffServiceNowCmdb(R"({"ip_address": "10.0.0.1"})", true));
  EXPECT_FALSE(SniffServiceNowCmdb("hostname,ip,owner,managed_by\n", true));
  EXPECT_FALSE(
      SniffServiceNowCmdb(R"([{"sys_id": "1", "ip_address": "x"}])", true));
}

// The real Table API response of `shared/samples/inventories/
// servicenow_cmdb`: one CI, ServiceNow's placeholder "Unknown" that
// duplicate CIs point to, of the bare cmdb_ci class and without any
// identity: no asset.
TEST(ServiceNowCmdbImporter, ReadsTheStackStateSample) {
  std::string doc;
  ASSERT_TRUE(testing::ReadFile(
      testing::SourceDir() + "/../shared/samples/inventories/servicenow_cmdb/"
                             "stackstate_cmdb_ci_result_200.json",
      &doc));
  Analyzer a;
  testing::FeedInChunks(&a, "cmdb_ci.json", doc, 64);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.format, "servicenow_cmdb");
  EXPECT_EQ(in.source, SourceClass::kInventory);
  EXPECT_TRUE(a.store().assets().empty());
  // The same record named and addressed is an asset.
  const std::string named = [&] {
    std::string d = doc;
    d.replace(d.find("\"name\": \"Unknown\""), 17, "\"name\": \"sn-test-01\"");
    d.replace(d.find("\"ip_address\": \"\""), 16,
              "\"ip_address\": \"10.0.0.7\"");
    return d;
  }();
  std::vector<Asset> assets = AssetsOf(named);
  ASSERT_EQ(assets.size(), 1u);
  EXPECT_EQ(assets[0].kind, AssetKind::kUnknown);
  EXPECT_EQ(assets[0].ids.ip, "10.0.0.7");
}

TEST(ServiceNowCmdbImporter, ReadsTheFixtures) {
  struct Case {
    const char* file;
    size_t assets;
  };
  for (const Case& c : {Case{"table_api_cmdb_ci_display.json", 5},
                        Case{"table_api_cmdb_ci_computer_values.json", 2},
                        Case{"list_export_records.json", 2},
                        Case{"export_cmdb_ci_server.xml", 4},
                        Case{"list_export_labels.csv", 4}}) {
    std::string doc;
    ASSERT_TRUE(testing::ReadFile(
        testing::FixtureDir() + "/servicenow_cmdb/" + c.file, &doc));
    EXPECT_EQ(AssetsOf(doc, 4096).size(), c.assets) << c.file;
  }
}

}  // namespace
}  // namespace exposure
