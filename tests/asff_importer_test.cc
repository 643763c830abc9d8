#include "core/importers/asff_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;

using Case = testing::CorpusCase;

class AsffCorpus : public ::testing::TestWithParam<Case> {};

// One finding per ASFF finding, passed control checks and repeated ids
// left out (checked with jq).
TEST_P(AsffCorpus, OneFindingPerAsffFinding) {
  EXPECT_TRUE(testing::ImportsAs(CorpusDir() + "/" + GetParam().file, "asff",
                                 GetParam().findings));
}

INSTANTIATE_TEST_SUITE_P(
    Aws,
    AsffCorpus,
    ::testing::Values(
        Case{"asff/guardduty/Unusual Behaviors-User-Persistence "
             "IAMUser-NetworkPermissions.json",
             1},
        Case{"asff/many_vulns.json", 5},
        Case{"asff/one_vuln.json", 1},
        Case{"asff/prowler-output.asff.json", 290},
        Case{"awssecurityhub/config_many_findings.json", 0},
        Case{"awssecurityhub/config_multiple_resources.json", 2},
        Case{"awssecurityhub/config_one_finding.json", 0},
        Case{"awssecurityhub/config_one_finding_active.json", 1},
        Case{"awssecurityhub/config_repeated_findings.json", 0},
        Case{"awssecurityhub/guardduty.json", 4},
        Case{"awssecurityhub/inspector_ec2_cve.json", 5},
        Case{"awssecurityhub/inspector_ec2_cve_no_vulnerabilities.json", 1},
        Case{"awssecurityhub/inspector_ec2_ghsa.json", 1},
        Case{"awssecurityhub/inspector_ecr.json", 7},
        Case{"awssecurityhub/issue_10956.json", 1},
        Case{"awssecurityhub/missing_account_id.json", 1}));

TEST(AsffImporter, MapsFieldsAndStatuses) {
  const std::string doc = R"json({"Findings": [
    {"SchemaVersion": "2018-10-08", "Id": "f1",
     "ProductArn": "arn:aws:securityhub:us-east-1::product/aws/inspector",
     "GeneratorId": "AWSInspector", "AwsAccountId": "123456789012",
     "Title": "CVE-2024-1001 - zlib", "Description": "d",
     "Severity": {"Label": "HIGH"},
     "FirstObservedAt": "2024-01-01T00:00:00Z",
     "Resources": [{"Type": "AwsEc2Instance", "Region": "us-east-1",
       "Id": "arn:aws:ec2:us-east-1:123456789012:instance/i-1",
       "Details": {"AwsEc2Instance": {"IpV4Addresses": ["10.0.0.9"]}}}],
     "Vulnerabilities": [{"Id": "CVE-2024-1001",
       "VulnerablePackages": [{"Name": "zlib", "Version": "1.2", "Epoch": "0",
         "Release": "3.el8", "PackageManager": "OS", "FixedInVersion": "1.3"}],
       "Cvss": [{"Version": "3.1", "BaseScore": 9.8,
         "BaseVector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
         "Source": "NVD"}],
       "ExploitAvailable": "YES"}],
     "Workflow": {"Status": "RESOLVED"}, "RecordState": "ACTIVE"},
    {"SchemaVersion": "2018-10-08", "Id": "f2", "ProductArn": "p",
     "GeneratorId": "g", "Title": "passed", "Severity": {"Label": "LOW"},
     "Compliance": {"Status": "PASSED"}, "Resources": []},
    {"SchemaVersion": "2018-10-08", "Id": "f1", "ProductArn": "p",
     "GeneratorId": "g", "Title": "again", "Resources": []}
  ]})json";
  Analyzer a;
  testing::FeedInChunks(&a, "asff.json", doc, 3);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty())
      << a.store().inputs()[0].errors[0].message;
  ASSERT_EQ(a.store().findings().size(), 1u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.format, "asff");
  EXPECT_EQ(f.tool, "inspector");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.status, "fixed");
  EXPECT_EQ(f.cves, (std::vector<std::string>{"CVE-2024-1001"}));
  EXPECT_EQ(f.component.name, "zlib");
  EXPECT_EQ(f.component.installed, "1.2-3.el8");
  EXPECT_EQ(f.component.fixed, "1.3");
  ASSERT_EQ(f.cvss.size(), 1u);
  EXPECT_EQ(f.cvss[0].version, "3.1");
  EXPECT_EQ(f.cvss[0].score_tenths, 98);
  EXPECT_TRUE(f.exploit_available);
  const Asset& asset = a.store().assets()[f.asset];
  EXPECT_EQ(asset.ids.cloud_id,
            "arn:aws:ec2:us-east-1:123456789012:instance/i-1");
  EXPECT_EQ(asset.ids.ip, "10.0.0.9");
}

TEST(AsffImporter, Sniff) {
  EXPECT_TRUE(
      SniffAsff("[{\"SchemaVersion\": \"2018-10-08\", \"ProductArn\": \"x\", "
                "\"GeneratorId\": \"g\", \"Resources\": []}]",
                true));
  EXPECT_FALSE(
      SniffAsff("{\"SchemaVersion\": 2, \"ArtifactName\": \"x\"}", true));
}

}  // namespace
}  // namespace exposure
