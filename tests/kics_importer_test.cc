#include "core/importers/kics_importer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

TEST(KicsImporter, OneFindingPerFileOfAQuery) {
  const std::string doc = R"json({"kics_version": "v1.7", "files_scanned": 2,
    "queries": [{"query_name": "Privileged Container", "query_id": "q1",
      "query_url": "https://docs.example/q1", "severity": "HIGH",
      "platform": "Kubernetes", "category": "Insecure Configurations",
      "description": "Privileged containers.", "cwe": "250",
      "files": [
        {"file_name": "k8s/a.yaml", "line": 12, "issue_type": "IncorrectValue",
         "search_key": "spec.privileged", "expected_value": "false",
         "actual_value": "true"},
        {"file_name": "k8s/b.yaml", "line": 7}]}]})json";
  Analyzer a;
  testing::FeedInChunks(&a, "k.json", doc, 5);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.format, "kics");
  ASSERT_EQ(a.store().findings().size(), 2u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.rule_id, "q1");
  EXPECT_EQ(f.title, "Privileged Container");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.location, "k8s/a.yaml:12");
  EXPECT_EQ(f.cwes, (std::vector<std::string>{"CWE-250"}));
  EXPECT_EQ(f.evidence,
            "platform: Kubernetes\nissue type: IncorrectValue\nsearch key: "
            "spec.privileged\nexpected: false\nactual: true");
  EXPECT_EQ(a.store().findings()[1].location, "k8s/b.yaml:7");
}

TEST(KicsImporter, Sniff) {
  EXPECT_TRUE(SniffKics(
      R"({"files_scanned": 1, "queries_total": 2, "queries": []})", true));
  EXPECT_FALSE(SniffKics(R"({"queries": []})", true));
}

}  // namespace
}  // namespace exposure
