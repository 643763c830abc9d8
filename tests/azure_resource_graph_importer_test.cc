#include "core/importers/azure_resource_graph_importer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "core/base/strings.h"
#include "core/model/record_sink.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using Strings = std::vector<std::string>;

Status Read(const std::string& doc, RecordSink* sink, size_t chunk = 4) {
  std::unique_ptr<Importer> importer = CreateAzureResourceGraphImporter(sink);
  return testing::FeedImporter(importer.get(), doc, chunk);
}

using testing::HasTag;

const char kSub[] = "/subscriptions/00000000-0000-0000-0000-000000000001";

// A public address first, then its VM (the resource group in capitals),
// then the VM's interface, as a query result may order them.
std::string VmResult() {
  const std::string rg = std::string(kSub) + "/resourceGroups/rg1/providers/";
  const std::string nic = rg + "Microsoft.Network/networkInterfaces/nic1";
  return std::string(R"({"totalRecords": 3, "count": 3, "data": [
    {"id": ")") +
         rg + R"(Microsoft.Network/publicIPAddresses/pip1",
     "name": "pip1", "type": "microsoft.network/publicipaddresses",
     "location": "westeurope", "resourceGroup": "rg1",
     "properties": {"ipAddress": "203.0.113.80",
                    "ipConfiguration": {"id": ")" +
         nic +
         R"(/ipConfigurations/ipconfig1"}}},
    {"id": ")" +
         kSub +
         R"(/resourceGroups/RG1/providers/Microsoft.Compute/virtualMachines/vm1",
     "name": "vm1", "type": "microsoft.compute/virtualmachines",
     "location": "westeurope", "resourceGroup": "rg1",
     "tags": {"env": "prod", "owner": "web", "cost-center": "cc-1",
              "criticality": "high"},
     "properties": {
       "osProfile": {"computerName": "web-01", "linuxConfiguration": {}},
       "storageProfile": {"osDisk": {"osType": "Linux"}},
       "networkProfile": {"networkInterfaces": [{"id": ")" +
         nic + R"("}]}}},
    {"id": ")" +
         nic + R"(", "name": "nic1",
     "type": "microsoft.network/networkinterfaces",
     "properties": {"macAddress": "00-0D-3A-4B-5C-01", "primary": true,
       "virtualMachine": {"id": ")" +
         rg + R"(Microsoft.Compute/virtualMachines/vm1"},
       "ipConfigurations": [
         {"properties": {"privateIPAddress": "10.1.0.5", "primary": false}},
         {"properties": {"privateIPAddress": "10.1.0.4", "primary": true}}]}}
  ], "facets": [], "resultTruncated": "false"})";
}

TEST(AzureResourceGraphImporter, LinksInterfacesAndPublicAddressesToTheirVm) {
  RecordSink sink;
  ASSERT_TRUE(Read(VmResult(), &sink).ok());
  const std::vector<Asset>& r = sink.assets();
  const std::string vm =
      std::string(kSub) +
      "/resourcegroups/rg1/providers/microsoft.compute/virtualmachines/vm1";
  ASSERT_EQ(r.size(), 6u);
  // The VM.
  EXPECT_EQ(r[0].kind, AssetKind::kHost);
  EXPECT_EQ(r[0].name, "vm1");
  EXPECT_EQ(r[0].ids.cloud_id, vm);
  EXPECT_EQ(r[0].ids.hostname, "web-01");
  EXPECT_EQ(r[0].os, "Linux");
  EXPECT_EQ(r[0].context.environment, "prod");
  EXPECT_EQ(r[0].context.owner, "web");
  EXPECT_EQ(r[0].context.business_unit, "cc-1");
  EXPECT_EQ(r[0].context.criticality, Criticality::kHigh);
  EXPECT_TRUE(HasTag(r[0], "type:microsoft.compute/virtualmachines"));
  EXPECT_TRUE(HasTag(r[0], "location:westeurope"));
  EXPECT_TRUE(HasTag(r[0], "resource_group:rg1"));
  // The interface, then its addresses on the VM: the primary one first.
  EXPECT_EQ(r[1].kind, AssetKind::kCloudResource);
  EXPECT_EQ(r[1].ids.ip, "");
  EXPECT_EQ(r[2].ids.cloud_id, vm);
  EXPECT_EQ(r[2].ids.ip, "10.1.0.4");
  EXPECT_EQ(r[2].ids.mac, "00:0d:3a:4b:5c:01");
  EXPECT_EQ(r[3].ids.ip, "10.1.0.5");
  // The public address, held for its interface: the resource without the
  // address, then the VM's record with it.
  EXPECT_EQ(r[4].name, "pip1");
  EXPECT_EQ(r[4].ids.ip, "");
  EXPECT_EQ(r[5].ids.cloud_id, vm);
  EXPECT_EQ(r[5].ids.ip, "203.0.113.80");
  EXPECT_EQ(r[5].context.internet_facing, true);

  Analyzer a;
  testing::FeedInChunks(&a, "arg.json", VmResult(), 11);
  const Input& in = a.store().inputs()[0];
  EXPECT_EQ(in.format, "azure_resource_graph");
  ASSERT_EQ(a.store().assets().size(), 3u);
}

TEST(AzureResourceGraphImporter, HeldAddressesGoWhereTheEndOfInputSays) {
  const std::string rg = std::string(kSub) + "/resourceGroups/rg1/providers/";
  // pip1's interface never comes but a VM names it; pip2's is unknown.
  const std::string doc =
      R"({"count": 3, "data": [
    {"id": ")" +
      rg + R"(Microsoft.Network/publicIPAddresses/pip1",
     "type": "microsoft.network/publicipaddresses",
     "properties": {"ipAddress": "203.0.113.1", "ipConfiguration": {"id": ")" +
      rg + R"(Microsoft.Network/networkInterfaces/nic1/ipConfigurations/c"}}},
    {"id": ")" +
      rg + R"(Microsoft.Network/publicIPAddresses/pip2",
     "type": "microsoft.network/publicipaddresses",
     "properties": {"ipAddress": "203.0.113.2", "ipConfiguration": {"id": ")" +
      rg + R"(Microsoft.Network/networkInterfaces/nic2/ipConfigurations/c"}}},
    {"id": ")" +
      rg + R"(Microsoft.Compute/virtualMachines/vm1",
     "type": "microsoft.compute/virtualmachines",
     "properties": {"networkProfile": {"networkInterfaces": [{"id": ")" +
      rg + R"(Microsoft.Network/networkInterfaces/NIC1"}]}}}
  ], "total_records": 3})";
  RecordSink sink;
  ASSERT_TRUE(Read(doc, &sink).ok());
  const std::vector<Asset>& r = sink.assets();
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].name, "vm1");  // the name from the id
  EXPECT_EQ(r[1].name, "pip1");
  EXPECT_EQ(r[1].ids.ip, "");
  EXPECT_EQ(r[2].ids.ip, "203.0.113.1");
  EXPECT_EQ(r[2].kind, AssetKind::kHost);
  EXPECT_EQ(r[3].name, "pip2");
  EXPECT_EQ(r[3].ids.ip, "203.0.113.2");
  EXPECT_EQ(r[3].context.internet_facing, true);
}

TEST(AzureResourceGraphImporter, ReadsTablesWrappersAndStringTags) {
  const std::string id = std::string(kSub) +
                         "/resourceGroups/rg1/providers/Microsoft.Network/"
                         "networkSecurityGroups/nsg1";
  const std::string table =
      R"({"totalRecords": 1, "count": 1, "data": {
    "columns": [{"name": "id", "type": "string"}, {"name": "name", "type": "string"},
                {"name": "type", "type": "string"}, {"name": "tags", "type": "object"}],
    "rows": [[")" +
      id + R"(", "nsg1", "microsoft.network/networksecuritygroups",
              {"Department": "Retail"}]]}})";
  const std::string rest = R"({"parameters": {"query": {"query": "Resources"}},
    "responses": {"200": {"body": {"totalRecords": 1, "count": 1, "data": [
      {"id": ")" + id + R"(", "name": "nsg1",
       "type": "microsoft.network/networksecuritygroups",
       "tags": "{\"Department\": \"Retail\"}"}]}}}})";
  for (const std::string& doc : {table, rest}) {
    RecordSink sink;
    Status s = Read(doc, &sink);
    ASSERT_TRUE(s.ok()) << s.message();
    ASSERT_EQ(sink.assets().size(), 1u) << doc;
    const Asset& a = sink.assets()[0];
    EXPECT_EQ(a.kind, AssetKind::kCloudResource);
    EXPECT_EQ(a.name, "nsg1");
    EXPECT_EQ(a.ids.cloud_id, ToLower(id));
    EXPECT_EQ(a.context.business_unit, "Retail");
  }
  // Some exports write tags as a plain word.
  RecordSink sink;
  ASSERT_TRUE(Read(R"({"count": 1, "data": [{"id": ")" + id +
                       R"(", "type": "x", "tags": "dev"}]})",
                   &sink)
                  .ok());
  ASSERT_EQ(sink.assets().size(), 1u);
  EXPECT_TRUE(HasTag(sink.assets()[0], "dev"));
}

TEST(AzureResourceGraphImporter, ReadsCsv) {
  const std::string doc =
      "\xEF\xBB\xBFid,name,type,location,resourceGroup,properties,tags\r\n"
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/"
      "providers/Microsoft.Compute/virtualMachines/vm1,vm1,"
      "microsoft.compute/virtualmachines,westeurope,rg1,"
      "\"{\"\"osProfile\"\":{\"\"computerName\"\":\"\"vm1.corp.example.com\"\"}"
      ","
      "\"\"storageProfile\"\":{\"\"osDisk\"\":{\"\"osType\"\":\"\"Windows\"\"}}"
      "}\","
      "\"{\"\"env\"\":\"\"prod\"\"}\"\r\n"
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/"
      "providers/Microsoft.Storage/storageAccounts/st1,st1,"
      "microsoft.storage/storageaccounts,westeurope,rg1,,\r\n";
  RecordSink sink;
  ASSERT_TRUE(Read(doc, &sink, 3).ok());
  ASSERT_EQ(sink.assets().size(), 2u);
  const Asset& vm = sink.assets()[0];
  EXPECT_EQ(vm.kind, AssetKind::kHost);
  EXPECT_EQ(vm.os, "Windows");
  EXPECT_EQ(vm.ids.fqdn, "vm1.corp.example.com");
  EXPECT_EQ(vm.ids.hostname, "vm1");
  EXPECT_EQ(vm.context.environment, "prod");
  EXPECT_EQ(sink.assets()[1].kind, AssetKind::kCloudResource);
  EXPECT_EQ(sink.assets()[1].name, "st1");
}

TEST(AzureResourceGraphImporter, Sniff) {
  EXPECT_TRUE(SniffAzureResourceGraph(VmResult(), true));
  EXPECT_TRUE(SniffAzureResourceGraph(
      R"({"count": 1, "data": [{"id": "/subscriptions/1/resourceGroups/g/providers/a/b/c"}])",
      false));
  EXPECT_TRUE(SniffAzureResourceGraph(
      "id,name,type\n/subscriptions/1/resourceGroups/g/providers/a/b/c,c,a/b\n",
      true));
  EXPECT_FALSE(SniffAzureResourceGraph(
      "id,name,type\n42,c,a/b\n/subscriptions/1/x,c,a/b\n", true));
  EXPECT_FALSE(SniffAzureResourceGraph(
      R"({"data": [{"id": "/subscriptions/1/x"}]})", true));
  EXPECT_FALSE(SniffAzureResourceGraph(
      R"([{"id": "/subscriptions/1/x", "type": "t"}])", true));
}

// The real results of ../shared/samples: two query results from
// demisto/content (tags a plain string, a resource group in capitals in one
// id) and the REST API's example, its result under responses."200".body.
TEST(AzureResourceGraphImporter, ReadsTheSharedSamples) {
  const std::string dir =
      testing::SamplesDir() + "/inventories/azure_resource_graph/";
  std::string doc;
  for (const char* file : {"demisto_test_resources_query_output.json",
                           "demisto_test_resources_query_paging_output.json"}) {
    RecordSink sink;
    ASSERT_TRUE(testing::ReadFile(dir + file, &doc));
    ASSERT_TRUE(Read(doc, &sink).ok()) << file;
    ASSERT_EQ(sink.assets().size(), 3u) << file;
    for (const Asset& a : sink.assets()) {
      EXPECT_EQ(a.kind, AssetKind::kCloudResource);
      EXPECT_EQ(a.ids.cloud_id, ToLower(a.ids.cloud_id));
      EXPECT_TRUE(StartsWith(a.ids.cloud_id, "/subscriptions/1abc234d-"));
      EXPECT_TRUE(HasTag(a, "dev")) << a.name;
    }
    EXPECT_TRUE(sink.findings().empty());
  }

  RecordSink example;
  ASSERT_TRUE(testing::ReadFile(
      dir + "azure-rest-api-specs_ResourcesBasicQuery.json", &doc));
  ASSERT_TRUE(Read(doc, &example).ok());
  ASSERT_EQ(example.assets().size(), 3u);
  const Asset& nic = example.assets()[0];
  EXPECT_EQ(nic.name, "myNetworkInterface");
  EXPECT_EQ(
      nic.ids.cloud_id,
      "/subscriptions/cfbbd179-59d2-4052-aa06-9270a38aa9d6/resourcegroups/"
      "rg1/providers/microsoft.network/networkinterfaces/"
      "mynetworkinterface");
  EXPECT_TRUE(HasTag(nic, "tag1=Value1"));
  EXPECT_TRUE(HasTag(nic, "location:centralus"));
  // The example's public address resource has no address.
  EXPECT_EQ(example.assets()[2].name, "myPublicIp");
  EXPECT_EQ(example.assets()[2].ids.ip, "");
}

TEST(AzureResourceGraphImporter, SniffsTheSharedSamplesOfItsFormatOnly) {
  EXPECT_EQ(testing::SamplesAccepted(&SniffAzureResourceGraph),
            (Strings{"inventories/azure_resource_graph/"
                     "azure-rest-api-specs_ResourcesBasicQuery.json",
                     "inventories/azure_resource_graph/"
                     "demisto_test_resources_query_output.json",
                     "inventories/azure_resource_graph/"
                     "demisto_test_resources_query_paging_output.json"}));
}

}  // namespace
}  // namespace exposure
