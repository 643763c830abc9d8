#include "core/importers/cyclonedx_json_importer.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/app/analyzer.h"
#include "core/model/record_sink.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::FixtureDir;
using testing::ReadFile;

TEST(CycloneDxJsonImporter, BrokenJsonReportsLocation) {
  std::string data;
  ASSERT_TRUE(ReadFile(CorpusDir() + "/cyclonedx/issue_9277.json", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "cut.json", data.substr(0, data.size() - 100),
                        4096);
  const Input& in = a.store().inputs()[0];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_TRUE(in.partial);
  EXPECT_NE(in.errors[0].message.find("cut.json: cyclonedx_json: unexpected"),
            std::string::npos)
      << in.errors[0].message;
  EXPECT_GT(in.findings, 0u);
}

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
  EXPECT_EQ(f.status, FindingStatus::kFalsePositive);
  EXPECT_EQ(f.component.name, "lib");
  EXPECT_EQ(f.component.fixed, "2.0.0");
  EXPECT_EQ(f.component.type, "npm");
  EXPECT_EQ(a.store().assets()[f.asset].name, "shop@3");
  const Finding& g = a.store().findings()[1];
  EXPECT_EQ(g.component.purl, "pkg:npm/missing@1.0.0");
}

// A BOM of analyses without components is a standalone VEX, read by
// cyclonedx_vex; this importer, given one, still resolves its refs.
RecordSink ImportAsCycloneDxJson(const std::string& path) {
  std::string data;
  EXPECT_TRUE(ReadFile(path, &data)) << path;
  RecordSink sink;
  std::unique_ptr<Importer> importer = CreateCycloneDxJsonImporter(&sink);
  const Status s = testing::FeedImporter(importer.get(), data, 7);
  EXPECT_TRUE(s.ok()) << s.message();
  return sink;
}

TEST(CycloneDxJsonImporter, VexRefsResolvedCount) {
  const std::string path =
      FixtureDir() + "/cyclonedx_vex/vex-product-refs.json";
  EXPECT_TRUE(testing::ImportsAs(path, "cyclonedx_vex", 0));
  EXPECT_EQ(ImportAsCycloneDxJson(path).findings().size(), 4u);
}

// affects[].ref names metadata.component (or one nested in it) by its
// bom-ref; a BOM-Link names a component of another BOM.
TEST(CycloneDxJsonImporter, ResolvesRefsWithinTheDocument) {
  const RecordSink sink = ImportAsCycloneDxJson(
      FixtureDir() + "/cyclonedx_vex/vex-product-refs.json");
  const auto& findings = sink.findings();
  ASSERT_EQ(findings.size(), 4u);
  EXPECT_EQ(findings[0].component.name, "Acme Billing Portal");
  EXPECT_EQ(findings[0].component.installed, "5.2.1");
  EXPECT_EQ(findings[0].component.type, "application");
  EXPECT_EQ(findings[0].location, "8c0a61f2-3b9e-4d57-a1c4-6e2f9b7d0a13");
  EXPECT_EQ(findings[0].title, "CVE-2021-44228 in Acme Billing Portal 5.2.1");
  EXPECT_EQ(findings[0].status, FindingStatus::kNotAffected);
  EXPECT_EQ(findings[1].component.name, "billing-worker");
  // A link carrying a purl: the component is the purl's; the link stays
  // the location.
  const std::string link =
      "urn:cdx:0d6e4a1b-7c2f-4e8d-b9a3-51c7e2f40b68/2#pkg:maven/"
      "com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar";
  EXPECT_EQ(findings[2].component.name,
            "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?"
            "type=jar");
  EXPECT_EQ(findings[2].component.purl, findings[2].component.name);
  EXPECT_EQ(findings[2].component.type, "maven");
  EXPECT_EQ(findings[2].location, link);
  // Any other link: its bom-ref, unescaped.
  EXPECT_EQ(findings[3].component.name, "billing api");
  EXPECT_EQ(findings[3].component.purl, "");
  EXPECT_EQ(findings[3].location,
            "urn:cdx:0d6e4a1b-7c2f-4e8d-b9a3-51c7e2f40b68/2#billing%20api");
  EXPECT_EQ(sink.assets()[findings[0].asset].name, "Acme Billing Portal@5.2.1");
}

TEST(CycloneDxJsonImporter, ListedComponentWinsAndSelfLinksResolve) {
  // The same bom-ref for metadata.component and a listed component, in
  // either order; a BOM-Link into this BOM (its own serial number).
  for (bool metadata_first : {true, false}) {
    std::string metadata =
        R"("metadata": {"component": {"bom-ref": "r1", "type": "application",
           "name": "app", "version": "1"}})";
    std::string components =
        R"("components": [{"bom-ref": "r1", "type": "library", "name": "lib",
           "version": "2", "purl": "pkg:npm/lib@2"}])";
    std::string doc =
        R"({"bomFormat": "CycloneDX", "specVersion": "1.5",
        "serialNumber": "urn:uuid:11111111-2222-3333-4444-555555555555", )" +
        (metadata_first ? metadata + ", " + components
                        : components + ", " + metadata) +
        R"(, "vulnerabilities": [{"id": "CVE-2024-1", "affects": [
          {"ref": "r1"},
          {"ref": "urn:cdx:11111111-2222-3333-4444-555555555555/1#r1"}]}]})";
    Analyzer a;
    testing::FeedInChunks(&a, "c.json", doc, 4);
    ASSERT_TRUE(a.store().inputs()[0].errors.empty());
    ASSERT_EQ(a.store().findings().size(), 2u);
    for (const Finding& f : a.store().findings()) {
      EXPECT_EQ(f.component.name, "lib") << metadata_first;
      EXPECT_EQ(f.component.installed, "2");
    }
    EXPECT_EQ(a.store().findings()[1].location,
              "urn:cdx:11111111-2222-3333-4444-555555555555/1#r1");
  }
}

TEST(CycloneDxJsonImporter, Sniff) {
  EXPECT_TRUE(SniffCycloneDxJson(
      R"({"bomFormat": "CycloneDX", "specVersion": "1.4"})", true));
  EXPECT_FALSE(SniffCycloneDxJson(R"({"matches": []})", true));
}

}  // namespace
}  // namespace exposure
