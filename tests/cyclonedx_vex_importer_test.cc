#include "core/importers/cyclonedx_vex_importer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/importers/cyclonedx_json_importer.h"
#include "tests/test_util.h"
#include "tests/vex_test_util.h"

namespace exposure {
namespace {

using testing::ImportVex;
using testing::ImportVexFile;
using testing::ProductLines;

std::string Sample(const std::string& file) {
  return testing::SamplesDir() + "/vex/cyclonedx_vex/" + file;
}

// The CycloneDX VEX samples: the CISA use cases (one product each, every
// status), the 19 CVEs of use case 2, the BOM-Links of use case 9 and of
// the bom-examples VEX. Their companion SBOM is no VEX.
TEST(CycloneDxVexImporter, ReadsEverySample) {
  const std::map<std::string, size_t> kStatements = {
      {"bom-examples_VEX_vex.json", 1},
      {"cisa-case1_vex-affected.json", 1},
      {"cisa-case1_vex-fixed.json", 1},
      {"cisa-case1_vex-not_affected.json", 1},
      {"cisa-case1_vex-under_investigation.json", 1},
      {"cisa-case2_vex.json", 19},
      {"use-case9_vex.json", 19},
  };
  std::vector<std::string> files;
  for (const auto& [file, count] : kStatements) {
    files.push_back("vex/cyclonedx_vex/" + file);
    testing::ExpectVexSample(Sample(file), "cyclonedx_vex", count);
  }
  EXPECT_EQ(testing::SamplesAccepted(&SniffCycloneDxVex), files);
  EXPECT_TRUE(testing::ImportsAs(Sample("bom-examples_VEX_bom.json"),
                                 "cyclonedx_json", 0));
}

TEST(CycloneDxVexImporter, StatesOfTheCisaUseCase) {
  const std::map<std::string, std::string> kCases = {
      {"affected", "||DEF|1.0|"},
      {"fixed", "||DEF|1.1|"},
      {"not_affected", "||ABC|4.2|"},
      {"under_investigation", "||GHI|17.4|"},
  };
  for (const auto& [status, product] : kCases) {
    const testing::ImportedVex got =
        ImportVexFile(Sample("cisa-case1_vex-" + status + ".json"), 3);
    ASSERT_EQ(got.statements.size(), 1u) << status;
    const VexStatement& s = got.statements[0];
    EXPECT_STREQ(VexStatusName(s.status), status.c_str());
    EXPECT_EQ(s.vulnerability, "CVE-2021-44228");
    // The ref names metadata.component: the product, by name and version.
    EXPECT_EQ(ProductLines(s), std::vector<std::string>{product}) << status;
    EXPECT_EQ(s.timestamp, "2022-03-03T00:00:00Z");
    EXPECT_EQ(s.location, "vulnerabilities[0]");
  }
  const testing::ImportedVex affected =
      ImportVexFile(Sample("cisa-case1_vex-affected.json"));
  EXPECT_EQ(affected.statements[0].action, "will_not_fix, update");
  EXPECT_EQ(affected.statements[0].statement,
            "This version of Product DEF is affected by the vulnerability. "
            "Customers are advised to upgrade to the latest release.");
  const testing::ImportedVex not_affected =
      ImportVexFile(Sample("cisa-case1_vex-not_affected.json"));
  EXPECT_EQ(not_affected.statements[0].justification, "code_not_present");
}

TEST(CycloneDxVexImporter, BomLinksIntoOtherBoms) {
  // A link whose bom-ref is a purl names that package.
  testing::ImportedVex got = ImportVexFile(Sample("bom-examples_VEX_vex.json"));
  ASSERT_EQ(got.statements.size(), 1u);
  const VexStatement& s = got.statements[0];
  EXPECT_EQ(s.vulnerability, "CVE-2020-25649");
  EXPECT_EQ(s.aliases, std::vector<std::string>{
                           "SNYK-JAVA-COMFASTERXMLJACKSONCORE-1048302"});
  EXPECT_EQ(ProductLines(s),
            std::vector<std::string>{
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?"
                "type=jar||||"});
  EXPECT_EQ(s.status, VexStatus::kNotAffected);
  EXPECT_EQ(s.justification, "code_not_reachable");
  EXPECT_EQ(s.action,
            "will_not_fix, update\nUpgrade com.fasterxml.jackson.core:jackson-"
            "databind to version 2.6.7.4, 2.9.10.7, 2.10.5.1 or higher.");
  EXPECT_EQ(s.timestamp, "");  // the document gives no time

  // Any other bom-ref names the product by it.
  got = ImportVexFile(Sample("use-case9_vex.json"));
  ASSERT_EQ(got.statements.size(), 19u);
  EXPECT_EQ(
      ProductLines(got.statements[18]),
      (std::vector<std::string>{"||acme-product-1||", "||acme-product-2||",
                                "||acme-product-3||"}));
}

TEST(CycloneDxVexImporter, ResolvesRefsLikeTheSbomImporter) {
  const testing::ImportedVex got = ImportVexFile(
      testing::FixtureDir() + "/cyclonedx_vex/vex-product-refs.json", 5);
  ASSERT_EQ(got.statements.size(), 3u);
  EXPECT_EQ(ProductLines(got.statements[0]),
            std::vector<std::string>{"||Acme Billing Portal|5.2.1|"});
  EXPECT_EQ(ProductLines(got.statements[1]),
            std::vector<std::string>{"||billing-worker|5.2.1|"});
  EXPECT_EQ(got.statements[1].status, VexStatus::kAffected);
  EXPECT_EQ(ProductLines(got.statements[2]),
            (std::vector<std::string>{
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?"
                "type=jar||||",
                "||billing api||"}));
  EXPECT_EQ(got.statements[2].status, VexStatus::kFixed);
}

TEST(CycloneDxVexImporter, VersionsStatesTimesAndSkips) {
  const std::string doc = R"({"bomFormat": "CycloneDX", "specVersion": "1.6",
    "metadata": {"timestamp": "2024-01-01T00:00:00Z",
      "authors": [{"name": "Alice"}, {"name": "Bob"}],
      "component": {"bom-ref": "app", "name": "shop", "version": "3.1"}},
    "vulnerabilities": [
      {"id": "CVE-2024-1", "analysis": {"state": "false_positive",
        "lastUpdated": "2024-02-01T12:00:00+02:00"}, "affects": [{"ref": "app"}]},
      {"id": "CVE-2024-2", "analysis": {"state": "exploitable",
        "firstIssued": "2024-01-15T00:00:00Z", "response": ["update"]},
       "recommendation": "Upgrade lodash to 4.17.21.",
       "affects": [{"ref": "pkg:npm/lodash@4.17.20", "versions": [
         {"range": "vers:npm/<4.17.21", "status": "affected"},
         {"version": "4.17.21", "status": "unaffected"}]}]},
      {"id": "CVE-2024-3", "analysis": {"state": "resolved_with_pedigree"}},
      {"id": "CVE-2024-4", "analysis": {"state": "bogus"}, "affects": [{"ref": "app"}]},
      {"analysis": {"state": "in_triage"}},
      {"id": "CVE-2024-6", "analysis": {"state": "not_affected"},
       "affects": [{"ref": ""}]}]})";
  ASSERT_TRUE(SniffCycloneDxVex(doc, true));
  const testing::ImportedVex got = ImportVex("vex.json", doc, 6);
  EXPECT_FALSE(got.input.partial);
  ASSERT_EQ(got.input.errors.size(), 3u);
  EXPECT_EQ(got.input.errors[0].message,
            "vex.json: cyclonedx_vex: vulnerabilities[3]: analysis.state "
            "\"bogus\" is not one of not_affected, false_positive, resolved, "
            "resolved_with_pedigree, exploitable, in_triage; the "
            "vulnerability is skipped");
  EXPECT_NE(got.input.errors[1].message.find("vulnerabilities[4]: no id"),
            std::string::npos);
  EXPECT_NE(got.input.errors[2].message.find(
                "vulnerabilities[5]: no affects[].ref names a product"),
            std::string::npos);
  ASSERT_EQ(got.statements.size(), 4u);
  // false_positive: not affected, so said.
  const VexStatement& fp = got.statements[0];
  EXPECT_EQ(fp.status, VexStatus::kNotAffected);
  EXPECT_EQ(fp.justification, "false_positive");
  EXPECT_EQ(fp.timestamp, "2024-02-01T10:00:00Z");
  EXPECT_EQ(fp.author, "Alice, Bob");
  EXPECT_EQ(ProductLines(fp), std::vector<std::string>{"||shop|3.1|"});
  // Versions narrow the package: the affected range takes the analysis's
  // state, the unaffected version a not_affected statement of its own.
  const VexStatement& affected = got.statements[1];
  EXPECT_EQ(affected.status, VexStatus::kAffected);
  EXPECT_EQ(ProductLines(affected),
            std::vector<std::string>{"pkg:npm/lodash||||vers:npm/<4.17.21"});
  EXPECT_EQ(affected.action, "update\nUpgrade lodash to 4.17.21.");
  EXPECT_EQ(affected.timestamp, "2024-01-15T00:00:00Z");
  const VexStatement& unaffected = got.statements[2];
  EXPECT_EQ(unaffected.status, VexStatus::kNotAffected);
  EXPECT_EQ(unaffected.location, "vulnerabilities[1]");
  EXPECT_EQ(ProductLines(unaffected),
            std::vector<std::string>{"pkg:npm/lodash|||4.17.21|"});
  // No affects: the document's product.
  const VexStatement& fixed = got.statements[3];
  EXPECT_EQ(fixed.status, VexStatus::kFixed);
  EXPECT_EQ(ProductLines(fixed), std::vector<std::string>{"||shop|3.1|"});
  EXPECT_EQ(fixed.timestamp, "2024-01-01T00:00:00Z");
}

// A VEX lists no components; an SBOM does, whatever its analyses say.
TEST(CycloneDxVexImporter, SniffTellsAVexFromAnSbom) {
  const std::string vuln =
      R"("vulnerabilities": [{"id": "CVE-2024-1", "analysis": {"state": "not_affected"},
         "affects": [{"ref": "c1"}]}])";
  const std::string bom =
      R"({"bomFormat": "CycloneDX", "specVersion": "1.5", )";
  EXPECT_TRUE(SniffCycloneDxVex(bom + vuln + "}", true));
  EXPECT_TRUE(
      SniffCycloneDxVex(bom + R"("components": [], )" + vuln + "}", true));
  EXPECT_TRUE(SniffCycloneDxVex(
      bom + R"("metadata": {"component": {"bom-ref": "p", "name": "p",
        "components": [{"bom-ref": "c1", "name": "lib"}]}}, )" +
          vuln + "}",
      true));
  const std::string listed =
      bom + R"("components": [{"bom-ref": "c1", "name": "lib"}], )" + vuln +
      "}";
  EXPECT_FALSE(SniffCycloneDxVex(listed, true));
  EXPECT_TRUE(SniffCycloneDxJson(listed, true));
  // Exposure Lens's own VEX export lists the products it names.
  EXPECT_TRUE(SniffCycloneDxVex(
      bom + R"("metadata": {"tools": {"components": [{"type": "application",
        "name": "Exposure Lens"}]}}, "components": [{"bom-ref": "c1",
        "name": "lib"}], )" +
          vuln + "}",
      true));
  // A vulnerability without analysis: findings.
  const std::string unanalysed =
      bom +
      R"("vulnerabilities": [{"id": "CVE-2024-1", "analysis": {"state": "in_triage"}},
        {"id": "CVE-2024-2", "ratings": [{"severity": "high"}]}]})";
  EXPECT_FALSE(SniffCycloneDxVex(unanalysed, true));
  EXPECT_TRUE(SniffCycloneDxJson(unanalysed, true));
  EXPECT_FALSE(SniffCycloneDxVex(bom + R"("vulnerabilities": []})", true));
  EXPECT_FALSE(SniffCycloneDxVex(
      R"({"bomFormat": "SPDX", "vulnerabilities": [{"id": "x", "analysis": {"state": "in_triage"}}]})",
      true));
  // Every CycloneDX JSON file of the corpus stays an SBOM, those with
  // analyses (Grype's in_triage, a not_affected) too.
  namespace fs = std::filesystem;
  size_t files = 0;
  for (const auto& e :
       fs::directory_iterator(testing::CorpusDir() + "/cyclonedx")) {
    if (e.path().extension() != ".json")
      continue;
    std::string data;
    ASSERT_TRUE(testing::ReadFile(e.path().string(), &data));
    const bool complete = data.size() <= kSniffBytes;
    data.resize(std::min(data.size(), kSniffBytes));
    EXPECT_FALSE(SniffCycloneDxVex(data, complete)) << e.path();
    EXPECT_TRUE(SniffCycloneDxJson(data, complete)) << e.path();
    ++files;
  }
  EXPECT_GE(files, 7u);
}

}  // namespace
}  // namespace exposure
