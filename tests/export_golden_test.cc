// Golden exports: the demo scans with a fixed decisions file and the
// fixture intel, in every export format and the plan's, compared byte for
// byte with tests/golden/exports/ (EXPOSURE_UPDATE_GOLDEN=1 rewrites them).
// A change to any writer shows up here as a reviewable diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "core/app/analyzer.h"
#include "core/render/export_view.h"
#include "core/render/plan_report.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

constexpr const char* kDecisions = R"({"decisions": [
  {"match": {"cve": "CVE-2022-37434"}, "status": "not_affected",
   "justification": "vulnerable_code_not_in_execute_path", "by": "appsec",
   "reason": "inflateGetHeader is never called"},
  {"match": {"rule": "nessus:97833"}, "status": "accepted", "by": "ana",
   "reason": "isolated VLAN", "until": "2030-01-31"},
  {"match": {"cve": "CVE-2023-38545"}, "status": "deferred",
   "until": "2023-10-01", "reason": "lapsed before the scan"},
  {"match": {"component": "pkg:npm/lodash"}, "status": "false_positive",
   "reason": "test fixture only"}]})";

void ExpectGolden(const std::string& name, const std::string& bytes) {
  const std::string path =
      testing::SourceDir() + "/tests/golden/exports/" + name;
  const char* update = std::getenv("EXPOSURE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    ASSERT_TRUE(testing::WriteFile(path, bytes)) << path;
    return;
  }
  std::string golden;
  ASSERT_TRUE(testing::ReadFile(path, &golden))
      << "missing " << path << " (EXPOSURE_UPDATE_GOLDEN=1 writes it)";
  EXPECT_TRUE(golden == bytes)
      << name << " differs from its golden (EXPOSURE_UPDATE_GOLDEN=1 "
      << "rewrites it)";
}

TEST(ExportGolden, EveryFormatOfTheDemoScans) {
  Analyzer a;
  a.SetIntel(testing::GoldenIntel());
  Result<Decisions> decisions = ParseDecisions(kDecisions);
  ASSERT_TRUE(decisions.ok()) << decisions.status().message();
  a.SetDecisions(*decisions);
  for (const char* name : {"host-scan.nessus", "webapp-image.trivy.json"}) {
    std::string data;
    ASSERT_TRUE(testing::ReadFile(
        testing::SourceDir() + "/examples/" + std::string(name), &data));
    testing::FeedInChunks(&a, name, data, 1 << 16);
  }
  const Assessment assessment = a.Assess();
  const Plan plan = a.MakePlan(assessment);
  ASSERT_GT(plan.expired_count, 0u);
  const ExportView view(a.store(), assessment, plan);
  for (int f = 0; f <= static_cast<int>(ExportFormat::kMarkdown); ++f) {
    const auto format = static_cast<ExportFormat>(f);
    StringExportOutput out;
    ASSERT_TRUE(WriteExport(format, view, &out).ok())
        << ExportFormatName(format);
    ASSERT_EQ(out.parts.size(), 1u) << ExportFormatName(format);
    ExpectGolden(std::string("demo") + ExportExtension(format), out.parts[0]);
  }
  for (const char* format : {"json", "csv", "markdown", "text"}) {
    Result<std::string> text = RenderPlan(view, format, 0);
    ASSERT_TRUE(text.ok());
    ExpectGolden(std::string("demo.plan.") + format, *text);
  }
}

}  // namespace
}  // namespace exposure
