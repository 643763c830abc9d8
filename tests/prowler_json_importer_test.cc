#include "core/importers/prowler_json_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;

struct Case {
  const char* file;
  const char* format;
  size_t findings;  // FAIL records (checked with jq)
};

class ProwlerJsonCorpus : public ::testing::TestWithParam<Case> {};

TEST_P(ProwlerJsonCorpus, OneFindingPerFailedCheck) {
  EXPECT_TRUE(testing::ImportsAs(CorpusDir() + "/" + GetParam().file,
                                 GetParam().format, GetParam().findings));
}

INSTANTIATE_TEST_SUITE_P(
    Prowler,
    ProwlerJsonCorpus,
    ::testing::Values(
        Case{"aws_prowler/many_vuln.json", "prowler_json", 4},
        Case{"aws_prowler/many_vuln_plus_one.json", "prowler_json", 5},
        Case{"aws_prowler/one_vuln.json", "prowler_json", 1},
        Case{"aws_prowler_v3plus/many_vuln.json", "prowler_json", 3},
        Case{"aws_prowler_v3plus/one_vuln.json", "prowler_json", 1},
        Case{"aws_prowler_v3plus/many_vuln.ocsf.json", "prowler_ocsf", 3},
        Case{"aws_prowler_v3plus/many_vuln_after_4_5_0.ocsf.json",
             "prowler_ocsf", 3},
        Case{"aws_prowler_v3plus/one_vuln.ocsf.json", "prowler_ocsf", 1},
        Case{"aws_prowler_v3plus/one_vuln_after_4_5_0.ocsf.json",
             "prowler_ocsf", 1},
        Case{"prowler/example_output_aws.ocsf.json", "prowler_ocsf", 2},
        Case{"prowler/example_output_azure.ocsf.json", "prowler_ocsf", 3},
        Case{"prowler/example_output_gcp.ocsf.json", "prowler_ocsf", 3},
        Case{"prowler/example_output_kubernetes.ocsf.json", "prowler_ocsf",
             4}));

TEST(ProwlerJsonImporter, V2LinesSkipPassAndInfo) {
  const std::string doc =
      "{\"Account Number\":\"1\",\"Control\":\"[check11] Root\","
      "\"Message\":\"m\",\"Severity\":\"High\",\"Status\":\"Pass\","
      "\"Control ID\":\"1.1\",\"Region\":\"eu-west-1\"}\n"
      "{\"Account Number\":\"1\",\"Control\":\"[check12] MFA\","
      "\"Message\":\"no mfa\",\"Severity\":\"Critical\",\"Status\":\"FAIL\","
      "\"Control ID\":\"1.2\",\"Region\":\"eu-west-1\"}\n"
      "{\"Account Number\":\"1\",\"Control\":\"[check13] x\","
      "\"Status\":\"Info\"}\n";
  Analyzer a;
  testing::FeedInChunks(&a, "p.json", doc, 2);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty())
      << a.store().inputs()[0].errors[0].message;
  ASSERT_EQ(a.store().findings().size(), 1u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.format, "prowler_json");
  EXPECT_EQ(f.rule_id, "check12");
  EXPECT_EQ(f.aliases, (std::vector<std::string>{"CIS-1.2"}));
  EXPECT_EQ(f.severity, Severity::kCritical);
  EXPECT_EQ(f.evidence, "no mfa");
  EXPECT_EQ(a.store().assets()[f.asset].ids.cloud_id, "arn:aws:iam::1:root");
}

TEST(ProwlerJsonImporter, Sniff) {
  EXPECT_TRUE(SniffProwlerJson(
      "{\"Profile\":\"d\",\"Account Number\":\"1\",\"Control\":\"c\","
      "\"Status\":\"FAIL\"}",
      false));
  EXPECT_TRUE(SniffProwlerJson(
      "[{\"FindingUniqueId\": \"x\", \"CheckID\": \"c\"}]", true));
  EXPECT_TRUE(SniffProwlerOcsf(
      "[{\"metadata\": {\"event_code\": \"c\", \"product\": {\"name\": "
      "\"Prowler\"}}, \"status_code\": \"FAIL\", \"finding_info\": {}}]",
      true));
  EXPECT_FALSE(SniffProwlerJson("[]", true));
  EXPECT_FALSE(SniffProwlerOcsf("[]", true));
}

}  // namespace
}  // namespace exposure
