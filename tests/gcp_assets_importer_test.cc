#include "core/importers/gcp_assets_importer.h"

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

Status Read(const std::string& doc, RecordSink* sink) {
  std::unique_ptr<Importer> importer = CreateGcpAssetsImporter(sink);
  return testing::FeedImporter(importer.get(), doc, 3);
}

using testing::HasTag;

TEST(GcpAssetsImporter, MapsAnInstance) {
  const std::string doc =
      R"({"name":"//compute.googleapis.com/projects/p1/zones/europe-west1-b/instances/web-1","asset_type":"compute.googleapis.com/Instance","resource":{"version":"v1","parent":"//cloudresourcemanager.googleapis.com/projects/42","data":{"name":"web-1","zone":"https://www.googleapis.com/compute/v1/projects/p1/zones/europe-west1-b","labels":{"env":"prod","owner":"storefront","cost-center":"cc-1","criticality":"high"},"tags":{"items":["http-server"]},"disks":[{"boot":false,"licenses":["https://x/licenses/windows"]},{"boot":true,"licenses":["https://www.googleapis.com/compute/v1/projects/debian-cloud/global/licenses/debian-12-bookworm"]}],"networkInterfaces":[{"networkIP":"10.132.0.5","accessConfigs":[{"name":"External NAT","natIP":"203.0.113.45"}]},{"networkIP":"10.20.0.5","ipv6Address":"2600:1900:4000::5"}]}}}
)";
  RecordSink sink;
  ASSERT_TRUE(Read(doc, &sink).ok());
  const std::vector<Asset>& r = sink.assets();
  ASSERT_EQ(r.size(), 4u);
  const Asset& a = r[0];
  EXPECT_EQ(a.kind, AssetKind::kHost);
  EXPECT_EQ(a.name, "web-1");
  EXPECT_EQ(a.ids.cloud_id,
            "//compute.googleapis.com/projects/p1/zones/europe-west1-b/"
            "instances/web-1");
  EXPECT_EQ(a.ids.hostname, "web-1");
  EXPECT_EQ(a.ids.ip, "10.132.0.5");
  EXPECT_EQ(a.os, "debian-12-bookworm");
  EXPECT_EQ(a.context.environment, "prod");
  EXPECT_EQ(a.context.owner, "storefront");
  EXPECT_EQ(a.context.business_unit, "cc-1");
  EXPECT_EQ(a.context.criticality, Criticality::kHigh);
  EXPECT_EQ(a.context.internet_facing, true);
  EXPECT_TRUE(HasTag(a, "env=prod"));
  EXPECT_TRUE(HasTag(a, "http-server"));
  EXPECT_TRUE(HasTag(a, "type:compute.googleapis.com/Instance"));
  EXPECT_TRUE(HasTag(a, "zone:europe-west1-b"));
  EXPECT_EQ(r[1].ids.ip, "10.20.0.5");
  EXPECT_EQ(r[2].ids.ip, "2600:1900:4000::5");
  EXPECT_EQ(r[3].ids.ip, "203.0.113.45");
  for (size_t i = 1; i < r.size(); ++i)
    EXPECT_EQ(r[i].ids.cloud_id, a.ids.cloud_id);
}

TEST(GcpAssetsImporter, ReadsThe2018Layout) {
  // Singular keys, no external address on a terminated instance.
  const std::string doc =
      R"({"name":"//compute.googleapis.com/projects/p/zones/us-central1-c/instances/vm-1","asset_type":"google.compute.Instance","resource":{"version":"v1","discovery_name":"Instance","data":{"name":"vm-1","status":"TERMINATED","disk":[{"boot":true,"license":["https://www.googleapis.com/compute/v1/projects/ubuntu-os-cloud/global/licenses/ubuntu-1804-lts"]}],"networkInterface":[{"accessConfig":[{"name":"External NAT","type":"ONE_TO_ONE_NAT"}],"ipAddress":"10.128.0.2"}],"tags":{"item":["ssh"]}}}}
{"name":"//compute.googleapis.com/projects/p/zones/us-central1-c/instances/vm-2","asset_type":"google.compute.Instance","resource":{"data":{"name":"vm-2","networkInterface":[{"accessConfig":[{"natIP":"198.51.100.2"}],"ipAddress":"10.128.0.3"}]}}}
)";
  RecordSink sink;
  ASSERT_TRUE(Read(doc, &sink).ok());
  ASSERT_EQ(sink.assets().size(), 3u);
  const Asset& a = sink.assets()[0];
  EXPECT_EQ(a.kind, AssetKind::kHost);
  EXPECT_EQ(a.ids.ip, "10.128.0.2");
  EXPECT_EQ(a.os, "ubuntu-1804-lts");
  EXPECT_FALSE(a.context.internet_facing.has_value());
  EXPECT_TRUE(HasTag(a, "ssh"));
  EXPECT_EQ(sink.assets()[1].ids.ip, "10.128.0.3");
  EXPECT_EQ(sink.assets()[1].context.internet_facing, true);
  EXPECT_EQ(sink.assets()[2].ids.ip, "198.51.100.2");
}

TEST(GcpAssetsImporter, MapsOtherResourcesAndImages) {
  // gcloud asset list: camelCase, in an array.
  const std::string doc = R"([
    {"assetType": "storage.googleapis.com/Bucket",
     "name": "//storage.googleapis.com/logs-1",
     "resource": {"data": {"name": "logs-1", "location": "EU",
                           "labels": {"env": "prod", "department": "sre"}}}},
    {"assetType": "cloudresourcemanager.googleapis.com/Organization",
     "name": "//cloudresourcemanager.googleapis.com/organizations/1",
     "resource": {"data": {"name": "organizations/1",
                           "displayName": "example.com"}}},
    {"assetType": "sqladmin.googleapis.com/Instance",
     "name": "//cloudsql.googleapis.com/projects/p/instances/db",
     "resource": {"data": {"name": "db",
                           "settings": {"userLabels": {"owner": "payments"}}}}},
    {"assetType": "artifactregistry.googleapis.com/DockerImage",
     "name": "//artifactregistry.googleapis.com/projects/p/locations/eu/repositories/r/dockerImages/app@sha256:ab",
     "resource": {"data": {"uri": "eu-docker.pkg.dev/p/r/app@sha256:ab"}}}
  ])";
  RecordSink sink;
  ASSERT_TRUE(Read(doc, &sink).ok());
  const std::vector<Asset>& r = sink.assets();
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].kind, AssetKind::kCloudResource);
  EXPECT_EQ(r[0].name, "logs-1");
  EXPECT_EQ(r[0].ids.cloud_id, "//storage.googleapis.com/logs-1");
  EXPECT_EQ(r[0].ids.ip, "");
  EXPECT_EQ(r[0].context.business_unit, "sre");
  EXPECT_TRUE(HasTag(r[0], "location:EU"));
  EXPECT_EQ(r[1].name, "example.com");
  EXPECT_EQ(r[2].context.owner, "payments");
  EXPECT_EQ(r[3].kind, AssetKind::kContainerImage);
  EXPECT_EQ(r[3].ids.image, "eu-docker.pkg.dev/p/r/app@sha256:ab");
  EXPECT_EQ(r[3].name, "eu-docker.pkg.dev/p/r/app@sha256:ab");
}

TEST(GcpAssetsImporter, MapsSearchResultsAndOsInventory) {
  const std::string doc = R"json({"results": [
    {"name": "//compute.googleapis.com/projects/p/zones/us-central1-a/instances/etl-3",
     "assetType": "compute.googleapis.com/Instance", "displayName": "etl-3",
     "location": "us-central1-a", "labels": {"env": "prod"},
     "networkTags": ["etl"],
     "additionalAttributes": {"internalIPs": ["10.128.0.31"],
                              "externalIPs": ["198.51.100.61"]}}
  ]}
{"name": "//compute.googleapis.com/projects/p/zones/us-central1-a/instances/etl-3",
 "asset_type": "compute.googleapis.com/Instance",
 "os_inventory": {"osInfo": {"hostname": "etl-3.c.p.internal",
                             "longName": "Debian GNU/Linux 12 (bookworm)"}}}
)json";
  RecordSink sink;
  ASSERT_TRUE(Read(doc, &sink).ok());
  const std::vector<Asset>& r = sink.assets();
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].kind, AssetKind::kHost);
  EXPECT_EQ(r[0].name, "etl-3");
  EXPECT_EQ(r[0].ids.hostname, "etl-3");
  EXPECT_EQ(r[0].ids.ip, "10.128.0.31");
  EXPECT_EQ(r[0].context.internet_facing, true);
  EXPECT_TRUE(HasTag(r[0], "etl"));
  EXPECT_EQ(r[1].ids.ip, "198.51.100.61");
  EXPECT_EQ(r[2].os, "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(r[2].ids.fqdn, "etl-3.c.p.internal");
  EXPECT_EQ(r[2].ids.cloud_id, r[0].ids.cloud_id);
}

TEST(GcpAssetsImporter, IamPoliciesAreNoAssets) {
  const std::string doc =
      R"({"name":"//cloudresourcemanager.googleapis.com/projects/1","asset_type":"cloudresourcemanager.googleapis.com/Project","iam_policy":{"bindings":[{"role":"roles/owner","members":["user:a@example.com"]}]}}
)";
  Analyzer a;
  testing::FeedInChunks(&a, "iam.jsonl", doc, 4);
  const Input& in = a.store().inputs()[0];
  EXPECT_EQ(in.format, "gcp_assets");
  EXPECT_TRUE(in.errors.empty());
  EXPECT_TRUE(a.store().assets().empty());
}

TEST(GcpAssetsImporter, Sniff) {
  EXPECT_TRUE(SniffGcpAssets(
      R"({"asset_type":"compute.googleapis.com/Instance","name":"//compute.googleapis.com/x"})",
      true));
  EXPECT_TRUE(SniffGcpAssets(
      R"([{"assetType":"storage.googleapis.com/Bucket","name":"//storage.googleapis.com/b"}])",
      true));
  EXPECT_FALSE(SniffGcpAssets(R"({"assetType":"Bucket","name":"b"})", true));
  EXPECT_FALSE(SniffGcpAssets("asset_type,googleapis.com\n", true));
}

// The real exports of ../shared/samples: Forseti's mock Cloud Storage
// exports (resources, IAM policies) and a 2018-layout export captured by
// GoogleCloudPlatform/professional-services.
TEST(GcpAssetsImporter, ReadsTheSharedSamples) {
  const std::string dir = testing::SamplesDir() + "/inventories/gcp_cai/";
  std::string doc;

  RecordSink all;
  ASSERT_TRUE(testing::ReadFile(dir + "forseti_mock_cai_resources.dump", &doc));
  ASSERT_TRUE(Read(doc, &all).ok());
  // Its four compute instances, each a record with its internal address
  // and one with its NAT address, which makes it internet facing.
  Strings hosts;
  for (const Asset& a : all.assets()) {
    EXPECT_TRUE(StartsWith(a.ids.cloud_id, "//")) << a.ids.cloud_id;
    if (a.kind != AssetKind::kHost)
      continue;
    EXPECT_TRUE(StartsWith(a.ids.cloud_id, "//compute.googleapis.com/"));
    EXPECT_FALSE(a.ids.ip.empty()) << a.name;
    EXPECT_EQ(a.ids.hostname, a.name);
    if (std::find(hosts.begin(), hosts.end(), a.ids.cloud_id) == hosts.end()) {
      hosts.push_back(a.ids.cloud_id);
      EXPECT_EQ(a.context.internet_facing, true) << a.name;
    }
  }
  EXPECT_EQ(hosts.size(), 4u);
  EXPECT_EQ(all.assets().size(), 133u + 4u);

  RecordSink policies;
  ASSERT_TRUE(
      testing::ReadFile(dir + "forseti_mock_cai_iam_policies.dump", &doc));
  ASSERT_TRUE(Read(doc, &policies).ok());
  EXPECT_TRUE(policies.assets().empty());

  RecordSink old;
  ASSERT_TRUE(testing::ReadFile(
      dir + "professional-services_asset-inventory_resource.json", &doc));
  ASSERT_TRUE(Read(doc, &old).ok());
  ASSERT_EQ(old.assets().size(), 2u);
  const Asset* vm = nullptr;
  for (const Asset& a : old.assets()) {
    if (a.kind == AssetKind::kHost)
      vm = &a;
  }
  ASSERT_NE(vm, nullptr);
  EXPECT_EQ(vm->name, "forseti-server-vm-75890e3");
  EXPECT_EQ(vm->ids.ip, "10.128.0.2");
  EXPECT_EQ(vm->os, "ubuntu-1804-lts");
  EXPECT_TRUE(HasTag(*vm, "type:google.compute.Instance"));
}

TEST(GcpAssetsImporter, SniffsTheSharedSamplesOfItsFormatOnly) {
  EXPECT_EQ(
      testing::SamplesAccepted(&SniffGcpAssets),
      (Strings{"inventories/gcp_cai/forseti_mock_cai_iam_policies.dump",
               "inventories/gcp_cai/forseti_mock_cai_project3_resources.dump",
               "inventories/gcp_cai/forseti_mock_cai_resources.dump",
               "inventories/gcp_cai/"
               "professional-services_asset-inventory_resource.json"}));
}

}  // namespace
}  // namespace exposure
