#include "core/importers/prowler_csv_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;

using Case = testing::CorpusCase;

class ProwlerCsvCorpus : public ::testing::TestWithParam<Case> {};

TEST_P(ProwlerCsvCorpus, OneFindingPerFailedCheck) {
  EXPECT_TRUE(testing::ImportsAs(CorpusDir() + "/" + GetParam().file,
                                 "prowler_csv", GetParam().findings));
}

INSTANTIATE_TEST_SUITE_P(
    Prowler,
    ProwlerCsvCorpus,
    ::testing::Values(Case{"aws_prowler/issue4450.csv", 3},
                      Case{"aws_prowler/many_vuln.csv", 4},
                      Case{"aws_prowler/many_vuln2.csv", 42},
                      Case{"aws_prowler/no_vuln.csv", 0},
                      Case{"aws_prowler/one_vuln.csv", 1},
                      Case{"prowler/example_output_aws.csv", 2},
                      Case{"prowler/example_output_azure.csv", 4},
                      Case{"prowler/example_output_gcp.csv", 3},
                      Case{"prowler/example_output_kubernetes.csv", 4},
                      Case{"prowler/prowler_zero_vul.csv", 0}));

TEST(ProwlerCsvImporter, MapsFieldsAndSkipsPassedChecks) {
  const std::string doc =
      "TIMESTAMP;ACCOUNT_UID;PROVIDER;CHECK_ID;CHECK_TITLE;STATUS;"
      "STATUS_EXTENDED;MUTED;SEVERITY;RESOURCE_TYPE;RESOURCE_UID;"
      "RESOURCE_NAME;REGION;DESCRIPTION;RISK;RELATED_URL;"
      "REMEDIATION_RECOMMENDATION_TEXT\n"
      "2025-02-14 14:27:03;123456789012;aws;s3_bucket_public;S3 public;FAIL;"
      "\"Bucket b is public; really\";True;critical;AwsS3Bucket;"
      "arn:aws:s3:::b;b;us-east-1;desc;risk;https://docs.example;Block it.\n"
      "2025-02-14 14:27:03;123456789012;aws;iam_root_mfa;Root MFA;PASS;ok;"
      "False;high;;;;us-east-1;;;;\n"
      "2025-02-14 14:27:03;123456789012;aws;account_contact;Contact;MANUAL;"
      "check;False;medium;;;;us-east-1;;;;\n";
  Analyzer a;
  testing::FeedInChunks(&a, "p.csv", doc, 5);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty())
      << a.store().inputs()[0].errors[0].message;
  ASSERT_EQ(a.store().findings().size(), 1u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.format, "prowler_csv");
  EXPECT_EQ(f.rule_id, "s3_bucket_public");
  EXPECT_EQ(f.title, "S3 public");
  EXPECT_EQ(f.severity, Severity::kCritical);
  EXPECT_EQ(f.status, FindingStatus::kSuppressed);
  EXPECT_EQ(f.category, Category::kMisconfiguration);
  EXPECT_EQ(f.evidence, "Bucket b is public; really");
  EXPECT_EQ(f.solution, "Block it.");
  EXPECT_EQ(f.location, "arn:aws:s3:::b");
  EXPECT_EQ(f.last_seen, "2025-02-14T14:27:03");
  const Asset& asset = a.store().assets()[f.asset];
  EXPECT_EQ(asset.kind, AssetKind::kCloudResource);
  EXPECT_EQ(asset.ids.cloud_id, "arn:aws:s3:::b");
  EXPECT_EQ(asset.name, "b");
}

TEST(ProwlerCsvImporter, Sniff) {
  EXPECT_TRUE(SniffProwlerCsv(
      "PROFILE,ACCOUNT_NUM,REGION,TITLE_ID,CHECK_RESULT,ITEM_SCORED\n", true));
  EXPECT_TRUE(SniffProwlerCsv(
      "AUTH_METHOD;TIMESTAMP;CHECK_ID;CHECK_TITLE;STATUS;SEVERITY\n", true));
  EXPECT_FALSE(SniffProwlerCsv("Plugin ID,Name,Host,Risk\n", true));
}

}  // namespace
}  // namespace exposure
