#include "core/importers/csaf_vex_importer.h"

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
  return testing::SamplesDir() + "/vex/" + file;
}

// Every CSAF sample: the OASIS VEX examples, Red Hat's per-CVE VEX files
// and, read the same way, two security advisories (Red Hat's, Cisco's).
TEST(CsafVexImporter, ReadsEverySample) {
  const std::map<std::string, size_t> kStatements = {
      {"csaf_advisory/oasis_cisco-sa-20180328-smi2.json", 1},
      {"csaf_advisory/oasis_rhsa-2022_0011.json", 1},
      {"csaf_vex/oasis_2022-evd-uc-01-a-001.json", 1},
      {"csaf_vex/oasis_2022-evd-uc-01-f-001.json", 1},
      {"csaf_vex/oasis_2022-evd-uc-01-na-001.json", 1},
      {"csaf_vex/oasis_2022-evd-uc-01-ui-001.json", 1},
      {"csaf_vex/oasis_2022-evd-uc-02-na-001.json", 19},
      {"csaf_vex/oasis_2022-evd-uc-07-001.json", 5},
      {"csaf_vex/oasis_sec-vex-2022-0001.json", 3},
      {"csaf_vex/redhat_cve-2023-38545.json", 8},
      {"csaf_vex/redhat_cve-2023-4154.json", 1},
      {"csaf_vex/vexctl_examples_csaf.json", 1},
  };
  std::vector<std::string> files;
  for (const auto& [file, count] : kStatements) {
    files.push_back("vex/" + file);
    const testing::ImportedVex got =
        testing::ExpectVexSample(Sample(file), "csaf_vex", count);
    for (const VexStatement& s : got.statements) {
      EXPECT_FALSE(s.author.empty()) << file;
      EXPECT_FALSE(s.timestamp.empty()) << file;
    }
  }
  EXPECT_EQ(testing::SamplesAccepted(&SniffCsafVex), files);
}

// One CVE, three lists: each list's products that share impact and
// remediation are one statement; names with versions and vers ranges.
TEST(CsafVexImporter, GroupsProductsByWhatIsSaid) {
  const testing::ImportedVex got =
      ImportVexFile(Sample("csaf_vex/oasis_2022-evd-uc-07-001.json"), 7);
  ASSERT_EQ(got.statements.size(), 5u);
  const VexStatement& removed = got.statements[0];
  EXPECT_EQ(removed.vulnerability, "CVE-2021-44228");
  EXPECT_EQ(removed.status, VexStatus::kNotAffected);
  EXPECT_EQ(removed.location,
            "vulnerabilities[0].product_status.known_not_affected");
  EXPECT_EQ(removed.statement,
            "Class with vulnerable code was removed before shipping.");
  EXPECT_EQ(ProductLines(removed), (std::vector<std::string>{
                                       "||ABC|4.2|",
                                       "||ABC||vers:generic/>=1.0|<=2.3",
                                       "||ABC|2.5|",
                                       "||ABC||vers:generic/>=2.7|<=2.8",
                                   }));
  EXPECT_EQ(got.statements[1].statement,
            "Log4j was not included in those versions at all.");
  EXPECT_EQ(got.statements[2].status, VexStatus::kFixed);
  EXPECT_EQ(ProductLines(got.statements[2]),
            std::vector<std::string>{"||JKL|5.1|"});
  const VexStatement& affected = got.statements[3];
  EXPECT_EQ(affected.status, VexStatus::kAffected);
  EXPECT_EQ(affected.action, "vendor_fix: Update to version 4.2 or later.");
  EXPECT_EQ(ProductLines(affected),
            (std::vector<std::string>{"||ABC|2.4|", "||ABC|2.6|",
                                      "||ABC||vers:generic/>=2.9|<=4.1"}));
  EXPECT_EQ(got.statements[4].action,
            "vendor_fix: Update to the new version 5.1 or later.");
  EXPECT_EQ(got.statements[4].author, "Example Company ProductCERT");
  EXPECT_EQ(got.statements[4].timestamp, "2022-03-03T11:00:00Z");
}

TEST(CsafVexImporter, FlagsAreJustifications) {
  const testing::ImportedVex got =
      ImportVexFile(Sample("csaf_vex/oasis_sec-vex-2022-0001.json"));
  ASSERT_EQ(got.statements.size(), 3u);
  for (const VexStatement& s : got.statements) {
    EXPECT_EQ(s.status, VexStatus::kNotAffected);
    EXPECT_EQ(s.justification, "component_not_present");
    EXPECT_EQ(s.statement,
              "Secvisogram is written in JavaScript. No Java is included.");
    EXPECT_EQ(ProductLines(s),
              std::vector<std::string>{"||Secvisogram||<=1.14.0"});
    EXPECT_EQ(s.author, "Secvisogram");
  }
  EXPECT_EQ(got.statements[2].vulnerability, "CVE-2021-45105");
  EXPECT_EQ(got.statements[2].location,
            "vulnerabilities[2].product_status.known_not_affected");
}

// Red Hat's files name each package as a component of a platform
// (relationships): the package's purl is the product.
TEST(CsafVexImporter, RedHatRelationshipsResolveToPackages) {
  testing::ImportedVex got =
      ImportVexFile(Sample("csaf_vex/redhat_cve-2023-38545.json"), 65536);
  ASSERT_EQ(got.statements.size(), 8u);
  const VexStatement& na = got.statements[0];
  EXPECT_EQ(na.status, VexStatus::kNotAffected);
  EXPECT_EQ(na.justification, "vulnerable_code_not_present");
  EXPECT_EQ(na.products.size(), 180u);  // 247 ids, one purl each, shared
  EXPECT_EQ(na.products[0].purl,
            "pkg:rpm/redhat/rubygem-foreman_scap_client@0.5.2-1.el6sat?arch="
            "noarch");
  EXPECT_EQ(na.statement, "Important");  // Red Hat's impact rating
  EXPECT_EQ(na.author, "Red Hat Product Security");
  EXPECT_EQ(na.timestamp, "2025-11-21T14:31:32Z");
  size_t fixed_products = 0;
  for (size_t i = 1; i < got.statements.size(); ++i) {
    const VexStatement& s = got.statements[i];
    EXPECT_EQ(s.status, VexStatus::kFixed);
    EXPECT_EQ(s.location, "vulnerabilities[0].product_status.fixed");
    EXPECT_NE(s.action.find("vendor_fix: "), std::string::npos);
    EXPECT_NE(s.action.find("(https://access.redhat.com/errata/RHSA-"),
              std::string::npos);
    fixed_products += s.products.size();
  }
  EXPECT_EQ(fixed_products, 170u);
  // The JBoss Core Services fix names a platform by CPE.
  EXPECT_EQ(
      ProductLines(got.statements[7]),
      std::vector<std::string>{"|cpe:/a:redhat:jboss_core_services:1|||"});

  // Products without version: every version of the package.
  got = ImportVexFile(Sample("csaf_vex/redhat_cve-2023-4154.json"));
  ASSERT_EQ(got.statements.size(), 1u);
  EXPECT_EQ(got.statements[0].products.size(), 62u);
  EXPECT_EQ(got.statements[0].products[2].purl, "pkg:rpm/redhat/samba");
}

TEST(CsafVexImporter, AdvisoriesStateTheSameStatuses) {
  testing::ImportedVex got =
      ImportVexFile(Sample("csaf_advisory/oasis_cisco-sa-20180328-smi2.json"));
  ASSERT_EQ(got.statements.size(), 1u);
  EXPECT_EQ(got.statements[0].vulnerability, "CVE-2018-0171");
  EXPECT_EQ(got.statements[0].status, VexStatus::kAffected);
  EXPECT_EQ(got.statements[0].author, "Cisco PSIRT");
  ASSERT_EQ(got.statements[0].products.size(), 42u);
  EXPECT_EQ(ProductLines(got.statements[0])[0], "||IOS|12.2EY|");

  // An advisory whose products have no product_name branch: their names.
  got = ImportVexFile(Sample("csaf_advisory/oasis_rhsa-2022_0011.json"));
  ASSERT_EQ(got.statements.size(), 1u);
  EXPECT_EQ(got.statements[0].status, VexStatus::kFixed);
  EXPECT_EQ(ProductLines(got.statements[0])[0],
            "||telnet-1:0.17-65.el7_6.src||");
}

TEST(CsafVexImporter, GroupsIdsAndSkips) {
  // The vulnerabilities before the product tree; groups; a relationship
  // that identifies itself; ids without cve; the last revision's date.
  const std::string doc = R"({
    "document": {"category": "csaf_vex", "csaf_version": "2.0",
      "publisher": {"name": "Acme PSIRT"},
      "tracking": {"revision_history": [{"date": "2024-01-01T00:00:00Z"},
                                        {"date": "2024-02-01T00:00:00+01:00"}]}},
    "vulnerabilities": [
      {"ids": [{"system_name": "GHSA", "text": "GHSA-aaaa-bbbb-cccc"},
               {"system_name": "bugzilla", "text": "123456"},
               {"system_name": "OSV", "text": "OSV-2024-1"}],
       "product_status": {"known_not_affected": ["P1", "P2", "R1", "NOPE", "NOPE2"],
                          "first_fixed": ["P3"], "recommended": ["P3"]},
       "flags": [{"label": "inline_mitigations_already_exist", "group_ids": ["G1"]}],
       "threats": [{"category": "exploit_status", "details": "none", "product_ids": ["P1"]},
                   {"category": "impact", "details": "Mitigated.", "group_ids": ["G1"]}]},
      {"product_status": {"fixed": ["P1"]}}],
    "product_tree": {
      "full_product_names": [
        {"product_id": "P1", "name": "Widget 1.0",
         "product_identification_helper": {"purl": "pkg:npm/widget@1.0.0"}},
        {"product_id": "P2", "name": "Gadget",
         "product_identification_helper": {"cpe": "cpe:2.3:a:acme:gadget:2.0:*:*:*:*:*:*:*"}},
        {"product_id": "P3", "name": "Widget 2.0",
         "product_identification_helper": {"purls": ["pkg:npm/widget@2.0.0", "pkg:npm/widget-core@2.0.0"]}}],
      "relationships": [
        {"category": "installed_on", "product_reference": "P1",
         "relates_to_product_reference": "P2",
         "full_product_name": {"product_id": "R1", "name": "Widget on Gadget",
           "product_identification_helper": {"purl": "pkg:generic/widget-on-gadget"}}}],
      "product_groups": [{"group_id": "G1", "product_ids": ["P1", "P2"]}]}})";
  ASSERT_TRUE(SniffCsafVex(doc, true));
  const testing::ImportedVex got = ImportVex("csaf.json", doc, 9);
  EXPECT_FALSE(got.input.partial);
  ASSERT_EQ(got.input.errors.size(), 2u);
  EXPECT_EQ(got.input.errors[0].message,
            "csaf.json: csaf_vex: vulnerabilities[0].product_status."
            "known_not_affected: product id \"NOPE\" and 1 more not in the "
            "product tree; skipped");
  EXPECT_EQ(got.input.errors[1].message,
            "csaf.json: csaf_vex: vulnerabilities[1]: no cve or ids; the "
            "vulnerability is skipped");
  ASSERT_EQ(got.statements.size(), 3u);
  const VexStatement& grouped = got.statements[0];
  EXPECT_EQ(grouped.vulnerability, "GHSA-aaaa-bbbb-cccc");
  EXPECT_EQ(grouped.aliases, std::vector<std::string>{"OSV-2024-1"});
  EXPECT_EQ(grouped.justification, "inline_mitigations_already_exist");
  EXPECT_EQ(grouped.statement, "Mitigated.");
  EXPECT_EQ(ProductLines(grouped),
            (std::vector<std::string>{
                "pkg:npm/widget@1.0.0||||",
                "|cpe:2.3:a:acme:gadget:2.0:*:*:*:*:*:*:*|||"}));
  EXPECT_EQ(grouped.author, "Acme PSIRT");
  EXPECT_EQ(grouped.timestamp, "2024-01-31T23:00:00Z");
  // R1 says nothing of its own.
  EXPECT_EQ(ProductLines(got.statements[1]),
            std::vector<std::string>{"pkg:generic/widget-on-gadget||||"});
  EXPECT_EQ(got.statements[1].justification, "");
  EXPECT_EQ(got.statements[2].status, VexStatus::kFixed);
  EXPECT_EQ(ProductLines(got.statements[2]),
            (std::vector<std::string>{"pkg:npm/widget@2.0.0||||",
                                      "pkg:npm/widget-core@2.0.0||||"}));
}

TEST(CsafVexImporter, BrokenDocumentIsPartial) {
  std::string doc;
  ASSERT_TRUE(
      testing::ReadFile(Sample("csaf_vex/redhat_cve-2023-4154.json"), &doc));
  const testing::ImportedVex got =
      ImportVex("cut.json", doc.substr(0, doc.size() - 200));
  EXPECT_TRUE(got.input.partial);
  ASSERT_EQ(got.input.errors.size(), 1u);
  EXPECT_NE(got.input.errors[0].message.find("cut.json: csaf_vex: "),
            std::string::npos);
}

TEST(CsafVexImporter, Sniff) {
  EXPECT_TRUE(SniffCsafVex(
      R"({"document": {"category": "csaf_vex", "csaf_version": "2.0"}})",
      true));
  EXPECT_FALSE(SniffCsafVex(R"({"document": {"title": "x"}})", true));
  EXPECT_FALSE(SniffCsafVex(R"(["document", "csaf_version"])", true));
  EXPECT_FALSE(SniffCsafVex(
      R"({"@context": "https://openvex.dev/ns/v0.2.0", "statements": []})",
      true));
}

}  // namespace
}  // namespace exposure
