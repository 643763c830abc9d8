#include "core/importers/asff_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::FixtureDir;
using testing::ReadFile;

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
  EXPECT_EQ(f.status, FindingStatus::kFixed);
  EXPECT_EQ(f.cves, (std::vector<std::string>{"CVE-2024-1001"}));
  EXPECT_EQ(f.component.name, "zlib");
  EXPECT_EQ(f.component.installed, "1.2-3.el8");
  EXPECT_EQ(f.component.fixed, "1.3");
  ASSERT_EQ(f.cvss.size(), 1u);
  EXPECT_EQ(f.cvss[0].version, "3.1");
  EXPECT_EQ(f.cvss[0].score_tenths, 98);
  EXPECT_TRUE(f.evidence_flags & kEvidenceExploit);
  const Asset& asset = a.store().assets()[f.asset];
  EXPECT_EQ(asset.ids.cloud_id,
            "arn:aws:ec2:us-east-1:123456789012:instance/i-1");
  EXPECT_EQ(asset.ids.ip, "10.0.0.9");
}

TEST(AsffImporter, TruncatedKeepsEarlierFindings) {
  std::string data;
  ASSERT_TRUE(
      ReadFile(CorpusDir() + "/awssecurityhub/inspector_ecr.json", &data));
  std::string cut = data.substr(0, data.size() / 2);
  Analyzer a;
  testing::FeedInChunks(&a, "cut.json", cut, 100);
  const Input& in = a.store().inputs()[0];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_TRUE(in.partial);
  EXPECT_GT(in.findings, 0u);
  EXPECT_LT(in.findings, 7u);
}

// Prowler 2 (-M json-asff) writes one finding per line: 4 checks, of
// which 1 passed.
TEST(AsffImporter, JsonLinesOfFindings) {
  EXPECT_TRUE(testing::ImportsAs(FixtureDir() + "/asff/prowler2-json-asff.json",
                                 "asff", 3));
}

TEST(AsffImporter, OneFindingObjectAlone) {
  const std::string path = FixtureDir() + "/asff/guardduty-single-finding.json";
  EXPECT_TRUE(testing::ImportsAs(path, "asff", 1));
  std::string data;
  ASSERT_TRUE(ReadFile(path, &data));
  Analyzer a;
  testing::FeedInChunks(&a, "gd.json", data, 5);
  ASSERT_EQ(a.store().findings().size(), 1u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.tool, "GuardDuty");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.category, Category::kVulnerability);
  EXPECT_EQ(f.first_seen, "2023-09-04T07:12:33.512Z");
  const Asset& asset = a.store().assets()[f.asset];
  EXPECT_EQ(asset.ids.cloud_id,
            "arn:aws:ec2:us-east-2:444455556666:instance/i-0c1f5a9d2e3b4c5d6");
  EXPECT_EQ(asset.ids.ip, "172.31.18.44");
  EXPECT_EQ(asset.os, "Ubuntu 22.04");
}

// Whether the top-level object is a wrapper or a finding is known only at
// its end, whatever order its members come in.
TEST(AsffImporter, TopLevelObjectIsWrapperOrFinding) {
  auto findings = [](const std::string& doc, std::string* error) {
    Analyzer a;
    testing::FeedInChunks(&a, "x.json", doc, 2);
    const Input& in = a.store().inputs()[0];
    *error = in.errors.empty() ? "" : in.errors[0].message;
    return in.findings;
  };
  std::string error;
  // Members before and after the list are not a finding of their own.
  EXPECT_EQ(findings(R"({"NextToken": "abc", "Findings": [
      {"SchemaVersion": "2018-10-08", "Id": "a", "ProductArn": "p",
       "GeneratorId": "g", "Title": "t", "Resources": []}],
      "SchemaVersion": "2018-10-08", "ProductArn": "p"})",
                     &error),
            1u);
  EXPECT_EQ(error, "");
  // A finding whose identifying members come last.
  EXPECT_EQ(findings(R"({"Title": "t", "Resources": [{"Id": "r"}],
      "Severity": {"Label": "LOW"}, "Id": "b", "GeneratorId": "g",
      "ProductArn": "p", "SchemaVersion": "2018-10-08"})",
                     &error),
            1u);
  EXPECT_EQ(error, "");
  // Sniffed as ASFF (the names occur), but neither wrapper nor finding.
  EXPECT_EQ(findings(R"({"SchemaVersion": "2018-10-08", "Meta": {
      "ProductArn": "p", "GeneratorId": "g", "Resources": []}})",
                     &error),
            0u);
  EXPECT_NE(error.find("not an ASFF document"), std::string::npos) << error;
}

TEST(AsffImporter, CutJsonLinesKeepEveryWholeLine) {
  std::string data;
  ASSERT_TRUE(ReadFile(FixtureDir() + "/asff/prowler2-json-asff.json", &data));
  // Cut inside the fourth line: the three lines before it are whole.
  size_t cut = data.find("prowler-extra726");
  ASSERT_NE(cut, std::string::npos);
  Analyzer a;
  testing::FeedInChunks(&a, "cut.json", data.substr(0, cut), 64);
  const Input& in = a.store().inputs()[0];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_TRUE(in.partial);
  EXPECT_EQ(in.findings, 2u);  // the third line is a passed check
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
