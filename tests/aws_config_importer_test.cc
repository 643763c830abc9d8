#include "core/importers/aws_config_importer.h"

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

// Reads `doc` with the importer alone, in chunks of 5 bytes.
Status Read(const std::string& doc, RecordSink* sink) {
  std::unique_ptr<Importer> importer = CreateAwsConfigImporter(sink);
  return testing::FeedImporter(importer.get(), doc, 5);
}

using testing::HasTag;

constexpr char kInstance[] = R"({
  "version": "1.2", "accountId": "123456789012",
  "configurationItemCaptureTime": "2024-05-02T08:14:10.101Z",
  "configurationItemStatus": "OK",
  "arn": "arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc",
  "resourceType": "AWS::EC2::Instance", "resourceId": "i-0abc",
  "awsRegion": "eu-west-1",
  "tags": {"Name": "web-1", "env": "production", "Owner": "web-team",
           "department": "Retail", "criticality": "high"},
  "relationships": [{"resourceType": "AWS::EC2::Volume",
                     "resourceId": "vol-1", "relationshipName": "Is attached to Volume"}],
  "configuration": {
    "instanceId": "i-0abc", "platform": "windows",
    "privateIpAddress": "10.0.1.10", "publicIpAddress": "203.0.113.10",
    "privateDnsName": "ip-10-0-1-10.eu-west-1.compute.internal",
    "publicDnsName": "ec2-203-0-113-10.eu-west-1.compute.amazonaws.com",
    "networkInterfaces": [
      {"macAddress": "0a:00:00:00:00:02", "privateIpAddress": "10.0.2.10",
       "attachment": {"deviceIndex": 1},
       "privateIpAddresses": [{"privateIpAddress": "10.0.2.10"},
                              {"privateIpAddress": "10.0.2.11"}]},
      {"macAddress": "0a:00:00:00:00:01", "privateIpAddress": "10.0.1.10",
       "attachment": {"deviceIndex": 0},
       "association": {"publicIp": "203.0.113.10"},
       "privateIpAddresses": [{"privateIpAddress": "10.0.1.10",
                               "association": {"publicIp": "203.0.113.10"}}],
       "ipv6Addresses": [{"ipv6Address": "2a05:d018::10"}]}
    ]
  }
})";

TEST(AwsConfigImporter, MapsAnInstance) {
  RecordSink sink;
  ASSERT_TRUE(Read(kInstance, &sink).ok());
  const std::vector<Asset>& records = sink.assets();
  ASSERT_EQ(records.size(), 5u);
  const Asset& a = records[0];
  EXPECT_EQ(a.kind, AssetKind::kHost);
  EXPECT_EQ(a.name, "web-1");
  EXPECT_EQ(a.ids.cloud_id,
            "arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc");
  EXPECT_EQ(a.ids.ip, "10.0.1.10");
  EXPECT_EQ(a.ids.fqdn, "ip-10-0-1-10.eu-west-1.compute.internal");
  EXPECT_EQ(a.ids.hostname, "ip-10-0-1-10");
  EXPECT_EQ(a.ids.mac, "0a:00:00:00:00:01");  // the primary interface's
  EXPECT_EQ(a.os, "Windows");
  EXPECT_EQ(a.context.environment, "production");
  EXPECT_EQ(a.context.owner, "web-team");
  EXPECT_EQ(a.context.business_unit, "Retail");
  EXPECT_EQ(a.context.criticality, Criticality::kHigh);
  EXPECT_EQ(a.context.internet_facing, true);
  EXPECT_TRUE(HasTag(a, "Name=web-1"));
  EXPECT_TRUE(HasTag(a, "type:AWS::EC2::Instance"));
  EXPECT_TRUE(HasTag(a, "region:eu-west-1"));
  Strings more;
  for (size_t i = 1; i < records.size(); ++i) {
    EXPECT_EQ(records[i].ids.cloud_id, a.ids.cloud_id);
    EXPECT_EQ(records[i].ids.mac, a.ids.mac);
    more.push_back(records[i].ids.ip);
  }
  EXPECT_EQ(more, (Strings{"10.0.2.10", "10.0.2.11", "2a05:d018::10",
                           "203.0.113.10"}));

  // The store resolves the records into one asset with every address.
  Analyzer an;
  testing::FeedInChunks(&an, "ci.json", kInstance, 7);
  ASSERT_EQ(an.store().assets().size(), 1u);
  EXPECT_EQ(an.store().inputs()[0].format, "aws_config");
  const Strings& keys = an.store().identity(0).keys;
  EXPECT_NE(std::find(keys.begin(), keys.end(), "ip:203.0.113.10"), keys.end());
  EXPECT_NE(std::find(keys.begin(), keys.end(), "ip:10.0.2.11"), keys.end());
  EXPECT_TRUE(an.store().identity(0).conflicts.empty());
}

TEST(AwsConfigImporter, MapsAnSsmInventoryNotification) {
  // 1.2 version key with 1.3 account and ARN keys, as SSM's samples mix.
  const std::string doc = R"({"configurationItem": {
    "configurationItemVersion": "1.2", "awsAccountId": "138920347130",
    "configurationItemCaptureTime": "2016-10-26T19:11:44.151Z",
    "configurationItemStatus": "ResourceDiscovered",
    "resourceType": "AWS::SSM::ManagedInstanceInventory",
    "resourceId": "i-07f6b44c44bab9e8e", "awsRegion": "us-east-1",
    "ARN": "arn:aws:ssm:us-east-1:138920347130:managed-instance-inventory/i-07f6b44c44bab9e8e",
    "tags": {},
    "configuration": {
      "AWS:InstanceInformation": {"SchemaVersion": "1.0", "Content": {
        "i-f1b3d5ff": {"ComputerName": "WIN-RG9DFIDVMHC.WORKGROUP",
                       "IpAddress": "172.31.58.174", "InstanceId": "i-f1b3d5ff",
                       "PlatformName": "Microsoft Windows Server 2012 R2 Standard",
                       "PlatformVersion": "6.3.9600"}}},
      "AWS:Network": {"SchemaVersion": "1.0", "Content": [
        {"IPV6": "fe80::95c6:1829:5d16:432c", "IPV4": "172.16.2.129,172.16.2.130",
         "MacAddress": "12:71:a2:ee:5e:7a:00:00", "Name": "Ethernet"}]},
      "AWS:Application": {"SchemaVersion": "1.0", "Content": [{"Name": "x"}]}
    }},
    "messageType": "ConfigurationItemChangeNotification", "recordVersion": "1.2"})";
  RecordSink sink;
  ASSERT_TRUE(Read(doc, &sink).ok());
  ASSERT_EQ(sink.assets().size(), 3u);
  const Asset& a = sink.assets()[0];
  EXPECT_EQ(a.kind, AssetKind::kHost);
  EXPECT_EQ(a.ids.cloud_id,
            "arn:aws:ec2:us-east-1:138920347130:instance/i-07f6b44c44bab9e8e");
  EXPECT_EQ(a.name, "WIN-RG9DFIDVMHC");
  EXPECT_EQ(a.ids.hostname, "WIN-RG9DFIDVMHC");
  EXPECT_EQ(a.ids.fqdn, "");
  EXPECT_EQ(a.ids.ip, "172.31.58.174");
  EXPECT_EQ(a.ids.mac, "12:71:a2:ee:5e:7a");
  EXPECT_EQ(a.os, "Microsoft Windows Server 2012 R2 Standard 6.3.9600");
  EXPECT_EQ(sink.assets()[1].ids.ip, "172.16.2.129");
  EXPECT_EQ(sink.assets()[2].ids.ip, "172.16.2.130");
}

TEST(AwsConfigImporter, InterfacesAndElasticIpsJoinTheirInstance) {
  // The API's layout: the configuration is JSON text.
  const std::string doc = R"({"baseConfigurationItems": [
    {"version": "1.3", "accountId": "123456789012",
     "configurationItemCaptureTime": "2024-05-03T11:20:45Z",
     "arn": "arn:aws-cn:ec2:cn-north-1:123456789012:network-interface/eni-1",
     "resourceType": "AWS::EC2::NetworkInterface", "resourceId": "eni-1",
     "awsRegion": "cn-north-1",
     "configuration": "{\"attachment\":{\"instanceId\":\"i-1\",\"deviceIndex\":1},\"macAddress\":\"0a:00:00:00:00:09\",\"privateIpAddress\":\"10.0.3.20\",\"association\":{\"publicIp\":\"203.0.113.20\"},\"tagSet\":[{\"key\":\"env\",\"value\":\"dev\"}]}"},
    {"version": "1.3", "accountId": "123456789012",
     "configurationItemCaptureTime": "2024-05-03T11:20:45Z",
     "arn": "arn:aws:ec2:us-east-1:123456789012:network-interface/eni-2",
     "resourceType": "AWS::EC2::NetworkInterface", "resourceId": "eni-2",
     "awsRegion": "us-east-1",
     "configuration": "{\"interfaceType\":\"nat_gateway\",\"macAddress\":\"0a:00:00:00:00:0a\",\"privateIpAddress\":\"10.0.0.5\"}"},
    {"version": "1.3", "accountId": "123456789012",
     "configurationItemCaptureTime": "2024-05-03T11:20:45Z",
     "arn": "arn:aws:ec2:us-east-1:123456789012:eip-allocation/eipalloc-1",
     "resourceType": "AWS::EC2::EIP", "resourceId": "eipalloc-1",
     "awsRegion": "us-east-1",
     "configuration": "{\"instanceId\":\"i-2\",\"publicIp\":\"198.51.100.7\",\"privateIpAddress\":\"10.0.2.20\"}"},
    {"version": "1.3", "accountId": "123456789012",
     "configurationItemCaptureTime": "2024-05-03T11:20:45Z",
     "arn": "arn:aws:ec2:us-east-1:123456789012:eip-allocation/eipalloc-2",
     "resourceType": "AWS::EC2::EIP", "resourceId": "eipalloc-2",
     "awsRegion": "us-east-1",
     "configuration": "{\"publicIp\":\"198.51.100.9\"}"}
  ], "unprocessedResourceKeys": []})";
  RecordSink sink;
  ASSERT_TRUE(Read(doc, &sink).ok());
  const std::vector<Asset>& r = sink.assets();
  ASSERT_EQ(r.size(), 8u);
  // The attached interface: a resource without addresses, and the
  // instance's record with them (the partition kept).
  EXPECT_EQ(r[0].kind, AssetKind::kCloudResource);
  EXPECT_EQ(r[0].ids.ip, "");
  EXPECT_EQ(r[0].context.environment, "dev");
  EXPECT_EQ(r[1].kind, AssetKind::kHost);
  EXPECT_EQ(r[1].ids.cloud_id,
            "arn:aws-cn:ec2:cn-north-1:123456789012:instance/i-1");
  EXPECT_EQ(r[1].ids.ip, "10.0.3.20");
  EXPECT_EQ(r[1].ids.mac, "");  // not the instance's primary MAC
  EXPECT_EQ(r[1].context.internet_facing, true);
  EXPECT_EQ(r[2].ids.ip, "203.0.113.20");
  // A NAT gateway's interface keeps its address and MAC.
  EXPECT_EQ(r[3].ids.cloud_id,
            "arn:aws:ec2:us-east-1:123456789012:network-interface/eni-2");
  EXPECT_EQ(r[3].ids.ip, "10.0.0.5");
  EXPECT_EQ(r[3].ids.mac, "0a:00:00:00:00:0a");
  // The associated Elastic IP gives the instance its public address.
  EXPECT_EQ(r[4].ids.ip, "");
  EXPECT_EQ(r[5].ids.cloud_id,
            "arn:aws:ec2:us-east-1:123456789012:instance/i-2");
  EXPECT_EQ(r[5].ids.ip, "10.0.2.20");
  EXPECT_EQ(r[6].ids.ip, "198.51.100.7");
  EXPECT_EQ(r[5].context.internet_facing, true);
  // An unassociated one keeps its address.
  EXPECT_EQ(r[7].ids.ip, "198.51.100.9");
  EXPECT_EQ(r[7].name, "eipalloc-2");
}

TEST(AwsConfigImporter, ReadsEveryLayoutAndSkipsDeletedResources) {
  const std::string ci = R"({"configurationItemVersion": "1.3",
    "configurationItemCaptureTime": "2024-05-02T08:14:09Z",
    "configurationItemStatus": "OK", "awsAccountId": "123456789012",
    "resourceType": "AWS::S3::Bucket", "resourceId": "logs",
    "resourceName": "logs", "ARN": "arn:aws:s3:::logs", "awsRegion": "us-east-1",
    "tags": {"env": "prod"}, "configuration": {"name": "logs"}})";
  const std::string deleted = R"({"configurationItemVersion": "1.3",
    "configurationItemCaptureTime": "2024-05-02T08:14:09Z",
    "configurationItemStatus": "ResourceDeleted", "awsAccountId": "1",
    "resourceType": "AWS::S3::Bucket", "resourceId": "gone",
    "ARN": "arn:aws:s3:::gone", "configuration": null})";
  const std::vector<std::string> docs = {
      ci,
      "[" + ci + "," + deleted + "]",
      ci + "\n" + deleted + "\n",
      R"({"fileVersion": "1.0", "configSnapshotId": "s",
          "configurationItems": [)" +
          ci + "," + deleted + "]}",
      R"({"configurationItemDiff": null, "configurationItem": )" + ci +
          R"(, "messageType": "ConfigurationItemChangeNotification"})",
      R"({"version": "0", "detail-type": "Config Configuration Item Change",
          "detail": {"configurationItem": )" +
          ci + "}}",
  };
  for (const std::string& doc : docs) {
    RecordSink sink;
    Status s = Read(doc, &sink);
    ASSERT_TRUE(s.ok()) << s.message() << "\n" << doc;
    ASSERT_EQ(sink.assets().size(), 1u) << doc;
    const Asset& a = sink.assets()[0];
    EXPECT_EQ(a.kind, AssetKind::kCloudResource);
    EXPECT_EQ(a.ids.cloud_id, "arn:aws:s3:::logs");
    EXPECT_EQ(a.name, "logs");
    EXPECT_EQ(a.context.environment, "prod");
    EXPECT_TRUE(sink.findings().empty());
  }
}

TEST(AwsConfigImporter, OtherJsonIsNotAConfigFile) {
  RecordSink sink;
  Status s = Read(R"({"Findings": []})", &sink);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("not an AWS Config file"), std::string::npos);
}

TEST(AwsConfigImporter, Sniff) {
  EXPECT_TRUE(SniffAwsConfig(
      R"({"fileVersion":"1.0","configSnapshotId":"a","configurationItems":[)",
      false));
  EXPECT_TRUE(SniffAwsConfig(
      R"({"configurationItem":{"configurationItemCaptureTime":"t","resourceType":"AWS::EC2::Instance")",
      false));
  EXPECT_TRUE(SniffAwsConfig(
      R"([{"configurationItemCaptureTime":"t","resourceType":"AWS::S3::Bucket"}])",
      true));
  // Security Hub findings about Config rules are findings, not CIs.
  EXPECT_FALSE(SniffAwsConfig(
      R"({"Findings":[{"SchemaVersion":"2018-10-08","ProductArn":"p","Resources":[{"Type":"AwsEc2Instance"}],"ProductFields":{"aws/config/ConfigRuleArn":"x"}}]})",
      true));
  EXPECT_FALSE(
      SniffAwsConfig("resourceType,configurationItemCaptureTime\n", true));
}

// The real configuration items of ../shared/samples (captured by
// awslabs/aws-config-rdk): schema 1.2 items alone and an SSM inventory
// notification.
TEST(AwsConfigImporter, ReadsTheSharedSamples) {
  const std::string dir = testing::SamplesDir() + "/inventories/aws_config/";
  std::string doc;
  RecordSink instance;
  ASSERT_TRUE(testing::ReadFile(dir + "AWS_EC2_Instance.json", &doc));
  ASSERT_TRUE(Read(doc, &instance).ok());
  ASSERT_EQ(instance.assets().size(), 2u);
  const Asset& a = instance.assets()[0];
  EXPECT_EQ(a.kind, AssetKind::kHost);
  EXPECT_EQ(a.ids.cloud_id,
            "arn:aws:ec2:us-east-1:681361479661:instance/i-03402838daac1d611");
  EXPECT_EQ(a.ids.ip, "172.31.74.239");
  EXPECT_EQ(a.ids.fqdn, "ip-172-31-74-239.ec2.internal");
  EXPECT_EQ(a.ids.mac, "02:3e:c3:cb:e9:da");
  EXPECT_EQ(a.context.internet_facing, true);
  // Its public address, a record of the same instance.
  EXPECT_EQ(instance.assets()[1].ids.cloud_id, a.ids.cloud_id);
  EXPECT_EQ(instance.assets()[1].ids.ip, "34.205.29.138");

  for (const char* file :
       {"AWS_EC2_SecurityGroup.json", "AWS_EC2_Volume.json"}) {
    RecordSink sink;
    ASSERT_TRUE(testing::ReadFile(dir + file, &doc));
    ASSERT_TRUE(Read(doc, &sink).ok()) << file;
    ASSERT_EQ(sink.assets().size(), 1u) << file;
    EXPECT_EQ(sink.assets()[0].kind, AssetKind::kCloudResource);
    EXPECT_TRUE(StartsWith(sink.assets()[0].ids.cloud_id, "arn:aws:ec2:"));
    EXPECT_EQ(sink.assets()[0].ids.ip, "");
  }

  RecordSink ssm;
  ASSERT_TRUE(
      testing::ReadFile(dir + "AWS_SSM_ManagedInstanceInventory.json", &doc));
  ASSERT_TRUE(Read(doc, &ssm).ok());
  ASSERT_FALSE(ssm.assets().empty());
  const Asset& m = ssm.assets()[0];
  EXPECT_EQ(m.ids.cloud_id,
            "arn:aws:ec2:us-east-1:138920347130:instance/i-07f6b44c44bab9e8e");
  EXPECT_EQ(m.ids.hostname, "WIN-RG9DFIDVMHC");
  EXPECT_EQ(m.ids.fqdn, "");  // WORKGROUP is no DNS domain
  EXPECT_EQ(m.ids.ip, "172.31.58.174");
  EXPECT_EQ(m.ids.mac, "12:71:a2:ee:5e:7a");
  for (const Asset& r : ssm.assets())
    EXPECT_EQ(r.ids.cloud_id, m.ids.cloud_id);
  EXPECT_TRUE(ssm.findings().empty());
}

TEST(AwsConfigImporter, SniffsTheSharedSamplesOfItsFormatOnly) {
  EXPECT_EQ(testing::SamplesAccepted(&SniffAwsConfig),
            (Strings{"inventories/aws_config/AWS_EC2_Instance.json",
                     "inventories/aws_config/AWS_EC2_SecurityGroup.json",
                     "inventories/aws_config/AWS_EC2_Volume.json",
                     "inventories/aws_config/"
                     "AWS_SSM_ManagedInstanceInventory.json"}));
}

}  // namespace
}  // namespace exposure
