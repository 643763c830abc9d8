#include "core/importers/cyclonedx_json_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

TEST(CycloneDxJsonImporter,
     BrokenJsonKeepsVulnerabilitiesWaitingForComponents) {
  const std::string doc =
      R"json({"bomFormat": "CycloneDX", "specVersion": "1.5",
    "vulnerabilities": [
      {"id": "CVE-2024-1", "ratings": [{"severity": "high"}], "affects": [{"ref": "c1"}]},
      {"id": "CVE-2024-2", "ratings": [{"severity": "low"}], "affects": [{"ref": "c2"}]}],
    "components": [{"bom-ref": "c1", "type": "library", "name": "lib",
      "version": "1.0.0"}, {"bom-ref": "c2", "na)json";
  Analyzer a;
  testing::FeedInChunks(&a, "cut.json", doc, 9);
  const Input& in = a.store().inputs()[0];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_TRUE(in.partial);
  ASSERT_EQ(in.findings, 2u);
  // The component read whole names its vulnerability; the cut one does not.
  EXPECT_EQ(a.store().findings()[0].component.name, "lib");
}

TEST(CycloneDxJsonImporter, MapsVulnerabilityFields) {
  // Vulnerabilities before components: they wait for them.
  const std::string doc =
      R"json({"bomFormat": "CycloneDX", "specVersion": "1.5",
    "vulnerabilities": [{"id": "GHSA-1111-2222-3333",
      "source": {"name": "GitHub", "url": "https://github.com/advisories/GHSA-1111-2222-3333"},
      "references": [{"id": "CVE-2024-9", "source": {"name": "NVD"}}],
      "ratings": [{"source": {"name": "NVD"}, "score": 7.5, "severity": "high",
                   "method": "CVSSv31", "vector": "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"},
                  {"severity": "medium", "method": "other"}],
      "cwes": [79], "description": "D", "recommendation": "Upgrade",
      "published": "2024-01-01T00:00:00Z",
      "analysis": {"state": "false_positive", "detail": "test only"},
      "affects": [{"ref": "c1", "versions": [{"version": "2.0.0", "status": "unaffected"}]},
                  {"ref": "pkg:npm/missing@1.0.0"}]}],
    "components": [{"bom-ref": "c1", "type": "library", "name": "lib",
      "version": "1.0.0", "purl": "pkg:npm/lib@1.0.0"}],
    "metadata": {"component": {"type": "application", "name": "shop", "version": "3"}}})json";
  Analyzer a;
  testing::FeedInChunks(&a, "c.json", doc, 5);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty())
      << a.store().inputs()[0].errors[0].message;
  ASSERT_EQ(a.store().findings().size(), 2u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.format, "cyclonedx_json");
  EXPECT_EQ(f.rule_id, "GHSA-1111-2222-3333");
  EXPECT_EQ(f.cves, std::vector<std::string>{"CVE-2024-9"});
  EXPECT_EQ(f.aliases, std::vector<std::string>{"GHSA-1111-2222-3333"});
  EXPECT_EQ(f.severity, Severity::kHigh);
  ASSERT_EQ(f.cvss.size(), 1u);
  EXPECT_EQ(f.cvss[0].vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N");
  EXPECT_EQ(f.cvss[0].score_tenths, 75);
  EXPECT_EQ(f.cwes, std::vector<std::string>{"CWE-79"});
  EXPECT_EQ(f.status, "false_positive");
  EXPECT_EQ(f.component.name, "lib");
  EXPECT_EQ(f.component.fixed, "2.0.0");
  EXPECT_EQ(f.component.type, "npm");
  EXPECT_EQ(a.store().assets()[f.asset].name, "shop@3");
  const Finding& g = a.store().findings()[1];
  EXPECT_EQ(g.component.purl, "pkg:npm/missing@1.0.0");
}

TEST(CycloneDxJsonImporter, Sniff) {
  EXPECT_TRUE(SniffCycloneDxJson(
      R"({"bomFormat": "CycloneDX", "specVersion": "1.4"})", true));
  EXPECT_FALSE(SniffCycloneDxJson(R"({"matches": []})", true));
}

}  // namespace
}  // namespace exposure
