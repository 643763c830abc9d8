#include "core/importers/checkov_importer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

TEST(CheckovImporter, MapsFieldsAndKeepsSkippedAsSuppressed) {
  const std::string doc = R"json([{"check_type": "dockerfile", "results": {
    "passed_checks": [{"check_id": "CKV_DOCKER_1", "check_name": "ok"}],
    "failed_checks": [{"check_id": "CKV_DOCKER_2",
      "check_name": "Ensure that HEALTHCHECK instructions have been added",
      "check_result": {"result": "FAILED"}, "file_path": "/Dockerfile",
      "file_line_range": [3, 9], "resource": "/Dockerfile.",
      "guideline": "https://docs.example/ckv2", "severity": "LOW"}],
    "skipped_checks": [{"check_id": "CKV_DOCKER_3", "check_name": "user",
      "check_result": {"result": "SKIPPED", "suppress_comment": "root ok"},
      "file_path": "/Dockerfile", "file_line_range": [1, 1]}]},
    "summary": {}}])json";
  Analyzer a;
  testing::FeedInChunks(&a, "c.json", doc, 5);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.format, "checkov");
  ASSERT_EQ(a.store().findings().size(), 2u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.rule_id, "CKV_DOCKER_2");
  EXPECT_EQ(f.severity, Severity::kLow);
  EXPECT_EQ(f.location, "/Dockerfile:3");
  EXPECT_EQ(f.references,
            (std::vector<std::string>{"https://docs.example/ckv2"}));
  EXPECT_EQ(f.evidence, "check type: dockerfile\nresource: /Dockerfile.");
  EXPECT_EQ(f.category, Category::kMisconfiguration);
  const Finding& g = a.store().findings()[1];
  EXPECT_EQ(g.status, FindingStatus::kSuppressed);
  EXPECT_EQ(g.severity, Severity::kMedium);
}

TEST(CheckovImporter, Sniff) {
  EXPECT_TRUE(SniffCheckov(
      R"({"check_type": "terraform", "results": {"passed_checks": []}})",
      true));
  EXPECT_TRUE(SniffCheckov(
      R"({"passed": 0, "resourcecount": 0, "checkov_version": "2"})", true));
  EXPECT_FALSE(SniffCheckov(R"({"results": [], "errors": []})", true));
}

}  // namespace
}  // namespace exposure
