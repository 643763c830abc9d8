#include "core/importers/grype_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::ReadFile;

TEST(GrypeImporter, BrokenJsonReportsLocation) {
  std::string data;
  ASSERT_TRUE(ReadFile(CorpusDir() + "/anchore_grype/many_vulns3.json", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "cut.json", data.substr(0, data.size() / 2), 100);
  const Input& in = a.store().inputs()[0];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_TRUE(in.partial);
  EXPECT_NE(in.errors[0].message.find("cut.json: grype: unexpected end"),
            std::string::npos)
      << in.errors[0].message;
  EXPECT_FALSE(in.errors[0].location.empty());
  // Grype writes `source` after the matches: a report cut before its
  // source keeps the matches read, without an asset.
  EXPECT_EQ(in.findings, 192u);
  const FindingTable& findings = a.store().findings();
  ASSERT_EQ(findings.size(), 192u);
  for (size_t i = 0; i < findings.size(); ++i)
    EXPECT_EQ(findings[i].asset, Finding::kNoAsset);
}

TEST(GrypeImporter, MatchesBeforeTheSourceGetItsAsset) {
  const std::string doc = R"json({"matches": [
    {"vulnerability": {"id": "CVE-1", "severity": "Low"},
     "artifact": {"name": "a", "version": "1"}},
    {"vulnerability": {"id": "CVE-2", "severity": "High"},
     "artifact": {"name": "b", "version": "2"}}],
    "source": {"type": "image", "target": {"userInput": "app:1"}},
    "distro": {"name": "debian", "version": "12"}})json";
  Analyzer a;
  testing::FeedInChunks(&a, "late-source.json", doc, 7);
  const Input& in = a.store().inputs()[0];
  EXPECT_TRUE(in.errors.empty());
  EXPECT_EQ(in.findings, 2u);
  const FindingTable& findings = a.store().findings();
  ASSERT_EQ(findings.size(), 2u);
  ASSERT_EQ(a.store().assets().size(), 1u);
  EXPECT_EQ(findings[0].asset, 0u);
  EXPECT_EQ(findings[1].asset, 0u);
  EXPECT_EQ(a.store().assets()[0].name, "app:1");
  EXPECT_EQ(a.store().assets()[0].os, "debian 12");
  EXPECT_EQ(findings[1].rule_id, "CVE-2");
}

TEST(GrypeImporter, ScanTimeIsDescriptorTimestampInUtc) {
  std::string data;
  ASSERT_TRUE(ReadFile(CorpusDir() + "/anchore_grype/issue_9618.json", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "g.json", data, 4096);
  ASSERT_EQ(a.store().assets().size(), 1u);
  // "2024-02-22T19:46:26.372724916+01:00".
  EXPECT_EQ(a.store().sightings(0).last_scanned, "2024-02-22T18:46:26Z");
  EXPECT_FALSE(a.store().sightings(0).credentialed);
  EXPECT_FALSE(a.store().sightings(0).uncredentialed);
}

TEST(GrypeImporter, BrokenJsonKeepsRecordsAfterKnownSource) {
  const std::string doc = R"json({"source": {"type": "image",
    "target": {"userInput": "app:1"}}, "matches": [
    {"vulnerability": {"id": "CVE-1", "severity": "Low"},
     "artifact": {"name": "a", "version": "1"}},
    {"vulnerability": {"id": "CVE-2", "severity": "Low"},
     "artifact": {"name": "b", "vers)json";
  Analyzer a;
  testing::FeedInChunks(&a, "cut.json", doc, 13);
  const Input& in = a.store().inputs()[0];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_TRUE(in.partial);
  EXPECT_EQ(in.findings, 1u);
}

TEST(GrypeImporter, MapsMatchFields) {
  const std::string doc = R"json({"matches": [{
    "vulnerability": {"id": "GHSA-aaaa-bbbb-cccc", "severity": "High",
      "namespace": "github:language:go", "dataSource": "https://x/GHSA",
      "urls": ["https://x/1"], "description": "Bad thing.",
      "cvss": [{"source": "nvd@nist.gov", "version": "3.1",
                "vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                "metrics": {"baseScore": 9.8}}],
      "fix": {"versions": ["1.2.3"], "state": "fixed"}},
    "relatedVulnerabilities": [{"id": "CVE-2024-1234", "namespace": "nvd:cpe",
      "cvss": [{"version": "2.0", "vector": "AV:N/AC:L/Au:N/C:P/I:P/A:P",
                "metrics": {"baseScore": 7.5}}]}],
    "matchDetails": [{"matcher": "go-module-matcher"}],
    "artifact": {"name": "golang.org/x/net", "version": "1.0.0", "type": "go-module",
      "locations": [{"path": "/app/bin"}], "purl": "pkg:golang/golang.org/x/net@1.0.0"}}],
    "source": {"type": "image", "target": {"userInput": "app:1"}},
    "distro": {"name": "alpine", "version": "3.19"}})json";
  Analyzer a;
  testing::FeedInChunks(&a, "g.json", doc, 5);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty());
  ASSERT_EQ(a.store().findings().size(), 1u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.format, "grype");
  EXPECT_EQ(f.rule_id, "GHSA-aaaa-bbbb-cccc");
  EXPECT_EQ(f.cves, std::vector<std::string>{"CVE-2024-1234"});
  EXPECT_EQ(f.aliases, std::vector<std::string>{"GHSA-aaaa-bbbb-cccc"});
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.tool_severity, "High");
  ASSERT_EQ(f.cvss.size(), 2u);
  EXPECT_EQ(f.cvss[0].source, "nvd@nist.gov");
  EXPECT_EQ(f.cvss[0].score_tenths, 98);
  EXPECT_EQ(f.cvss[1].version, "2.0");
  EXPECT_EQ(f.cvss[1].source, "nvd:cpe");
  EXPECT_EQ(f.component.name, "golang.org/x/net");
  EXPECT_EQ(f.component.installed, "1.0.0");
  EXPECT_EQ(f.component.fixed, "1.2.3");
  EXPECT_EQ(f.component.type, "go-module");
  EXPECT_EQ(f.component.path, "/app/bin");
  EXPECT_EQ(f.component.purl, "pkg:golang/golang.org/x/net@1.0.0");
  EXPECT_EQ(f.description, "Bad thing.");
  EXPECT_EQ(f.evidence, "matched by go-module-matcher");
  const Asset& asset = a.store().assets()[f.asset];
  EXPECT_EQ(asset.ids.image, "app:1");
  EXPECT_EQ(asset.kind, AssetKind::kContainerImage);
  EXPECT_EQ(asset.os, "alpine 3.19");
}

TEST(GrypeImporter, IgnoredMatchesAreSuppressed) {
  const std::string doc =
      R"json({"source": {"type": "directory", "target": "."},
    "matches": [], "ignoredMatches": [{"vulnerability": {"id": "CVE-1",
    "severity": "Low"}, "artifact": {"name": "a", "version": "1"},
    "appliedIgnoreRules": [{"vulnerability": "CVE-1"}]}]})json";
  Analyzer a;
  testing::FeedInChunks(&a, "g.json", doc, 1 << 20);
  ASSERT_EQ(a.store().findings().size(), 1u);
  EXPECT_EQ(a.store().findings()[0].status, FindingStatus::kSuppressed);
  EXPECT_EQ(a.store().assets()[0].ids.repository, ".");
}

TEST(GrypeImporter, Sniff) {
  EXPECT_TRUE(SniffGrype(
      R"({"matches": [{"vulnerability": {}, "artifact": {}}]})", true));
  EXPECT_TRUE(
      SniffGrype(R"({"matches": [], "descriptor": {"name": "grype"}})", true));
  EXPECT_FALSE(SniffGrype(R"({"SchemaVersion": 2, "Results": []})", true));
  EXPECT_FALSE(SniffGrype(R"({"runs": []})", true));
}

}  // namespace
}  // namespace exposure
