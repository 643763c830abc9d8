#include "core/importers/snyk_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::ReadFile;

TEST(SnykImporter, BrokenJsonReportsLocation) {
  std::string data;
  ASSERT_TRUE(
      ReadFile(CorpusDir() + "/snyk/all_projects_issue4277.json", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "cut.json", data.substr(0, data.size() * 3 / 4),
                        100);
  const Input& in = a.store().inputs()[0];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_TRUE(in.partial);
  EXPECT_NE(in.errors[0].message.find("cut.json: snyk: unexpected end"),
            std::string::npos)
      << in.errors[0].message;
  // The first project (24 vulnerabilities) was complete; the second was cut
  // after its list of 58, which are kept too.
  EXPECT_EQ(in.findings, 24u + 58u);
}

TEST(SnykImporter, MapsVulnerabilityFields) {
  const std::string doc = R"json({"vulnerabilities": [{
    "id": "SNYK-JS-LODASH-1", "title": "Prototype Pollution",
    "severity": "high", "CVSSv3": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "cvssScore": 9.8, "identifiers": {"CVE": ["CVE-2020-8203"],
      "CWE": ["CWE-1321"], "GHSA": ["GHSA-p6mc-m468-83gw"]},
    "cvssDetails": [{"assigner": "NVD", "cvssV3Vector":
      "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H", "cvssV3BaseScore": 7.4}],
    "packageName": "lodash", "name": "lodash", "version": "4.17.15",
    "packageManager": "npm", "fixedIn": ["4.17.19"],
    "from": ["app@1.0.0", "lodash@4.17.15"], "upgradePath": [false, "lodash@4.17.19"],
    "exploit": "Proof of Concept", "publicationTime": "2020-07-15T00:00:00Z",
    "description": "Text", "references": [{"title": "x", "url": "https://r"}]}],
    "filtered": {"ignore": [{"id": "SNYK-JS-X-2", "title": "Ignored",
      "severity": "low", "name": "x", "version": "1"}]},
    "projectName": "app", "path": "/src/app", "displayTargetFile": "package-lock.json",
    "packageManager": "npm", "dependencyCount": 10})json";
  Analyzer a;
  testing::FeedInChunks(&a, "s.json", doc, 3);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty())
      << a.store().inputs()[0].errors[0].message;
  ASSERT_EQ(a.store().findings().size(), 2u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.rule_id, "SNYK-JS-LODASH-1");
  EXPECT_EQ(f.cves, std::vector<std::string>{"CVE-2020-8203"});
  EXPECT_EQ(f.cwes, std::vector<std::string>{"CWE-1321"});
  EXPECT_EQ(f.aliases, (std::vector<std::string>{"SNYK-JS-LODASH-1",
                                                 "GHSA-p6mc-m468-83gw"}));
  ASSERT_EQ(f.cvss.size(), 2u);
  EXPECT_EQ(f.cvss[0].source, "snyk");
  EXPECT_EQ(f.cvss[0].score_tenths, 98);
  EXPECT_EQ(f.cvss[1].source, "NVD");
  EXPECT_EQ(f.component.name, "lodash");
  EXPECT_EQ(f.component.fixed, "4.17.19");
  EXPECT_EQ(f.location, "package-lock.json");
  EXPECT_EQ(f.evidence, "Introduced through: app@1.0.0 > lodash@4.17.15");
  EXPECT_EQ(f.solution, "Upgrade to lodash@4.17.19.");
  EXPECT_TRUE(f.evidence_flags & kEvidenceExploit);
  EXPECT_EQ(a.store().assets()[f.asset].ids.repository, "/src/app");
  EXPECT_EQ(a.store().findings()[1].status, FindingStatus::kSuppressed);
}

TEST(SnykImporter, Sniff) {
  std::string data;
  ASSERT_TRUE(
      ReadFile(CorpusDir() + "/snyk/single_project_one_vuln.json", &data));
  EXPECT_TRUE(SniffSnyk(data, true));
  ASSERT_TRUE(ReadFile(CorpusDir() + "/snyk/snykcode_issue_9270.json", &data));
  EXPECT_FALSE(SniffSnyk(data.substr(0, 65536), false));
  EXPECT_FALSE(
      SniffSnyk(R"({"auditReportVersion": 2, "vulnerabilities": {}})", true));
}

}  // namespace
}  // namespace exposure
