#include "core/importers/openvex_importer.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/test_util.h"
#include "tests/vex_test_util.h"

namespace exposure {
namespace {

using testing::ImportVex;
using testing::ImportVexFile;
using testing::ProductLines;

std::string Sample(const std::string& file) {
  return testing::SamplesDir() + "/vex/openvex/" + file;
}

// Every OpenVEX sample is read whole, as OpenVEX, into statements and no
// findings: the vexctl examples (v0.2.0 and the v0.0.1 shape) and the two
// documents the Trivy project publishes.
TEST(OpenVexImporter, ReadsEverySample) {
  const std::map<std::string, size_t> kStatements = {
      {"trivy_oci.openvex.json", 7},
      {"trivy_project.openvex.json", 21},
      {"vexctl_examples_demo.vex.json", 1},
      {"vexctl_examples_document1.vex.json", 1},
      {"vexctl_examples_document2.vex.json", 1},
      {"vexctl_from-csaf.openvex.json", 1},
      {"vexctl_sample-2vulns.openvex.json", 2},
      {"vexctl_sample-history.openvex.json", 2},
      {"vexctl_testdata_v001-1.vex.json", 1},
  };
  std::vector<std::string> files;
  for (const auto& [file, count] : kStatements) {
    files.push_back("vex/openvex/" + file);
    const testing::ImportedVex got =
        testing::ExpectVexSample(Sample(file), "openvex", count);
    for (const VexStatement& s : got.statements)
      EXPECT_FALSE(s.vulnerability.empty()) << file;
  }
  // The sniffer takes exactly these samples.
  EXPECT_EQ(testing::SamplesAccepted(&SniffOpenVex), files);
}

TEST(OpenVexImporter, MapsAStatementOfV020) {
  const testing::ImportedVex got =
      ImportVexFile(Sample("trivy_project.openvex.json"), 7);
  ASSERT_EQ(got.statements.size(), 21u);
  const VexStatement& s = got.statements[0];
  EXPECT_EQ(s.vulnerability, "GO-2024-2575");
  EXPECT_EQ(s.aliases, (std::vector<std::string>{"CVE-2024-26147",
                                                 "GHSA-r53h-jv2g-vpx6"}));
  // The subcomponent is the product matched; its @id and identifiers.purl
  // are the same purl, kept once.
  EXPECT_EQ(ProductLines(s),
            std::vector<std::string>{"pkg:golang/helm.sh/helm/v3||||"});
  EXPECT_EQ(s.status, VexStatus::kNotAffected);
  EXPECT_EQ(s.justification, "vulnerable_code_not_in_execute_path");
  EXPECT_EQ(s.statement,
            "Govulncheck determined that the vulnerable code isn't called");
  EXPECT_EQ(s.author, "Aqua Security");
  // The document's time (+04:00), in UTC, as no statement has its own.
  EXPECT_EQ(s.timestamp, "2024-07-09T07:38:00Z");
  EXPECT_EQ(s.location, "statements[0]");
  EXPECT_EQ(got.statements[20].location, "statements[20]");
}

TEST(OpenVexImporter, SubcomponentsOfSeveralProductsOnce) {
  const testing::ImportedVex got =
      ImportVexFile(Sample("trivy_oci.openvex.json"));
  ASSERT_EQ(got.statements.size(), 7u);
  const VexStatement& s = got.statements[0];
  EXPECT_EQ(s.vulnerability, "CVE-2023-42363");
  EXPECT_EQ(ProductLines(s), (std::vector<std::string>{
                                 "pkg:apk/alpine/busybox||||",
                                 "pkg:apk/alpine/busybox-binsh||||",
                                 "pkg:apk/alpine/ssl_client||||",
                             }));
  EXPECT_EQ(s.justification,
            "vulnerable_code_cannot_be_controlled_by_adversary");
  EXPECT_EQ(s.statement, "awk is not used");
}

TEST(OpenVexImporter, OldShapeAndTimes) {
  // v0.0.1: the vulnerability and the products are strings.
  testing::ImportedVex got =
      ImportVexFile(Sample("vexctl_testdata_v001-1.vex.json"), 1);
  ASSERT_EQ(got.statements.size(), 1u);
  EXPECT_EQ(got.statements[0].vulnerability, "CVE-1234-5678");
  EXPECT_EQ(ProductLines(got.statements[0]),
            std::vector<std::string>{"pkg:apk/wolfi/bash@1.0.0||||"});
  EXPECT_EQ(got.statements[0].status, VexStatus::kUnderInvestigation);
  EXPECT_EQ(got.statements[0].author, "John Doe");
  EXPECT_EQ(got.statements[0].timestamp, "2022-12-22T21:36:43Z");

  // A statement's own time wins over the document's, which follows the
  // statements here; fractions of a second are dropped.
  got = ImportVexFile(Sample("vexctl_examples_document1.vex.json"));
  ASSERT_EQ(got.statements.size(), 1u);
  EXPECT_EQ(got.statements[0].timestamp, "2023-12-05T05:04:34Z");

  // One statement with a time, one without: the document's.
  got = ImportVexFile(Sample("vexctl_sample-history.openvex.json"));
  ASSERT_EQ(got.statements.size(), 2u);
  EXPECT_EQ(got.statements[0].timestamp, "2023-08-16T01:55:22Z");
  EXPECT_EQ(got.statements[1].timestamp, "2023-08-17T01:55:22Z");
  EXPECT_EQ(got.statements[0].aliases,
            std::vector<std::string>{"SNYK-DEBIAN12-LIBDE265-3361563"});
  EXPECT_EQ(got.statements[0].statement,
            "This is a sample OpenVEX file, it is not a real security "
            "assessment.");

  // Products with qualifiers keep them (matching ignores them).
  got = ImportVexFile(Sample("vexctl_examples_demo.vex.json"));
  ASSERT_EQ(got.statements.size(), 1u);
  EXPECT_EQ(ProductLines(got.statements[0]),
            (std::vector<std::string>{
                "pkg:apk/distro/git@2.39.0-r1?arch=armv7||||",
                "pkg:apk/distro/git@2.39.0-r1?arch=x86_64||||"}));
  EXPECT_EQ(got.statements[0].status, VexStatus::kFixed);
}

TEST(OpenVexImporter, IdentifiersAndActions) {
  const std::string doc = R"({
    "@context": "https://openvex.dev/ns/v0.2.0",
    "@id": "https://example.com/vex-1", "author": "Acme PSIRT",
    "timestamp": "2024-03-01T10:00:00Z", "last_updated": "2024-03-02",
    "statements": [{
      "vulnerability": {"@id": "GHSA-aaaa-bbbb-cccc", "aliases": ["CVE-2024-1"]},
      "products": [{"@id": "acme-portal",
                    "identifiers": {"cpe23": "cpe:2.3:a:acme:portal:5.2:*:*:*:*:*:*:*",
                                    "purl": "pkg:npm/acme-portal@5.2.0"}}],
      "status": "affected", "action_statement": "Upgrade to 5.3.",
      "status_notes": "Only the admin UI.",
      "last_updated": "2024-03-05T08:00:00+01:00"}]})";
  const testing::ImportedVex got = ImportVex("acme.json", doc, 3);
  ASSERT_TRUE(got.input.errors.empty()) << got.input.errors[0].message;
  ASSERT_EQ(got.statements.size(), 1u);
  const VexStatement& s = got.statements[0];
  EXPECT_EQ(s.vulnerability, "GHSA-aaaa-bbbb-cccc");
  EXPECT_EQ(s.aliases, std::vector<std::string>{"CVE-2024-1"});
  EXPECT_EQ(ProductLines(s), (std::vector<std::string>{
                                 "||acme-portal||",
                                 "pkg:npm/acme-portal@5.2.0||||",
                                 "|cpe:2.3:a:acme:portal:5.2:*:*:*:*:*:*:*|||",
                             }));
  EXPECT_EQ(s.status, VexStatus::kAffected);
  EXPECT_EQ(s.action, "Upgrade to 5.3.");
  EXPECT_EQ(s.statement, "Only the admin UI.");
  EXPECT_EQ(s.timestamp, "2024-03-05T07:00:00Z");
  EXPECT_EQ(s.author, "Acme PSIRT");
}

// A statement it cannot use is skipped with an error naming the file, the
// format and the statement; the others are read, and the input is whole.
TEST(OpenVexImporter, SkipsMalformedStatements) {
  const std::string doc = R"({"@context": "https://openvex.dev/ns/v0.2.0",
    "statements": [
      {"vulnerability": {"name": "CVE-2024-1"}, "status": "bogus",
       "products": [{"@id": "pkg:npm/a"}]},
      {"vulnerability": {}, "status": "fixed"},
      {"vulnerability": {"name": "CVE-2024-3"}, "status": "fixed",
       "products": [{"hashes": {"sha-256": "00"}}]},
      "not an object",
      {"vulnerability": "CVE-2024-5", "status": "not_affected",
       "justification": "component_not_present"}]})";
  const testing::ImportedVex got = ImportVex("bad.json", doc, 5);
  EXPECT_FALSE(got.input.partial);
  ASSERT_EQ(got.input.errors.size(), 4u);
  EXPECT_EQ(got.input.errors[0].message,
            "bad.json: openvex: statements[0]: status \"bogus\" is not one of "
            "not_affected, affected, fixed, under_investigation; the "
            "statement is skipped");
  EXPECT_NE(got.input.errors[1].message.find(
                "statements[1]: no vulnerability name or @id"),
            std::string::npos);
  EXPECT_NE(got.input.errors[2].message.find(
                "statements[2]: no product has an @id or identifiers"),
            std::string::npos);
  EXPECT_NE(got.input.errors[3].message.find("statements[3]: not an object"),
            std::string::npos);
  ASSERT_EQ(got.statements.size(), 1u);
  // No products: every product of the vulnerability.
  EXPECT_TRUE(got.statements[0].products.empty());
  EXPECT_EQ(got.statements[0].location, "statements[4]");
}

TEST(OpenVexImporter, BrokenDocumentKeepsStatementsReadWhole) {
  std::string doc;
  ASSERT_TRUE(testing::ReadFile(Sample("trivy_project.openvex.json"), &doc));
  const testing::ImportedVex got =
      ImportVex("cut.json", doc.substr(0, doc.size() / 2));
  EXPECT_TRUE(got.input.partial);
  ASSERT_EQ(got.input.errors.size(), 1u);
  EXPECT_NE(got.input.errors[0].message.find("cut.json: openvex: "),
            std::string::npos)
      << got.input.errors[0].message;
  EXPECT_GT(got.statements.size(), 5u);
  EXPECT_LT(got.statements.size(), 21u);
}

TEST(OpenVexImporter, Sniff) {
  EXPECT_TRUE(SniffOpenVex(
      R"({"@context": "https://openvex.dev/ns/v0.2.0", "statements": []})",
      true));
  EXPECT_TRUE(SniffOpenVex(
      "\xEF\xBB\xBF {\"@context\": \"https://openvex.dev/ns\"}", true));
  // JSON-LD of another vocabulary, and a document merely mentioning it.
  EXPECT_FALSE(
      SniffOpenVex(R"({"@context": "https://schema.org", "x": 1})", true));
  EXPECT_FALSE(SniffOpenVex(
      R"({"SchemaVersion": 2, "note": "see openvex.dev/ns"})", true));
  EXPECT_FALSE(SniffOpenVex(R"(["@context", "openvex.dev/ns"])", true));
}

}  // namespace
}  // namespace exposure
