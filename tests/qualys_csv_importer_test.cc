#include "core/importers/qualys_csv_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;

struct Case {
  const char* file;
  const char* format;
  size_t findings;
};

class QualysCsvCorpus : public ::testing::TestWithParam<Case> {};

// One finding per data row (checked with a CSV parser).
TEST_P(QualysCsvCorpus, OneFindingPerRow) {
  EXPECT_TRUE(testing::ImportsAs(CorpusDir() + "/" + GetParam().file,
                                 GetParam().format, GetParam().findings));
}

INSTANTIATE_TEST_SUITE_P(
    Qualys,
    QualysCsvCorpus,
    ::testing::Values(
        Case{"qualys/Qualys_Sample_Report.csv", "qualys_csv", 6},
        Case{"qualys/empty.csv", "qualys_csv", 0},
        Case{"qualys/monthly_pci_issue6932.csv", "qualys_csv", 1},
        Case{"qualys_vmdr/many_vulns_cve.csv", "qualys_vmdr_csv", 5},
        Case{"qualys_vmdr/many_vulns_qid.csv", "qualys_vmdr_csv", 5},
        Case{"qualys_vmdr/no_vuln_cve.csv", "qualys_vmdr_csv", 0},
        Case{"qualys_vmdr/no_vuln_no_metadata_cve.csv", "qualys_vmdr_csv", 0},
        Case{"qualys_vmdr/no_vuln_qid.csv", "qualys_vmdr_csv", 0},
        Case{"qualys_vmdr/one_vuln_cve.csv", "qualys_vmdr_csv", 1},
        Case{"qualys_vmdr/one_vuln_no_metadata_cve.csv", "qualys_vmdr_csv", 1},
        Case{"qualys_vmdr/one_vuln_qid.csv", "qualys_vmdr_csv", 1}));

TEST(QualysCsvImporter, MapsFields) {
  const std::string doc =
      "\"IP\",\"DNS\",\"NetBIOS\",\"OS\",\"QID\",\"Title\",\"Vuln Status\","
      "\"Type\",\"Severity\",\"Port\",\"Protocol\",\"First Detected\","
      "\"Last Detected\",\"CVE ID\",\"CVSS3 Base\",\"CVSS3 Temporal\","
      "\"Threat\",\"Solution\",\"Results\"\n"
      "\"10.0.0.7\",\"web.example.org\",\"WEB\",\"Linux\",\"38170\","
      "\"SSL Certificate\",\"Fixed\",\"Vuln\",\"4\",\"443\",\"tcp\","
      "\"05/13/2021 07:08:28\",\"05/25/2021 07:36:58\","
      "\"CVE-2021-1001, CVE-2021-2002\",\"8.1 "
      "(AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H)\","
      "\"7.4 (E:U/RL:U/RC:C)\",\"threat\",\"fix it\",\"result\"\n"
      "\"10.0.0.7\",\"web.example.org\",\"WEB\",\"Linux\",\"6\",\"DNS Host "
      "Name\",\"Active\",\"Ig\",\"1\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
      "\"\",\"\",\"\"\n";
  Analyzer a;
  testing::FeedInChunks(&a, "q.csv", doc, 2);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty())
      << a.store().inputs()[0].errors[0].message;
  ASSERT_EQ(a.store().findings().size(), 2u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.format, "qualys_csv");
  EXPECT_EQ(f.rule_id, "38170");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.tool_severity, "4");
  EXPECT_EQ(f.status, FindingStatus::kFixed);
  EXPECT_EQ(f.cves,
            (std::vector<std::string>{"CVE-2021-1001", "CVE-2021-2002"}));
  ASSERT_EQ(f.cvss.size(), 1u);
  EXPECT_EQ(f.cvss[0].vector,
            "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:U/RC:C");
  EXPECT_EQ(f.cvss[0].score_tenths, 81);
  EXPECT_EQ(f.first_seen, "2021-05-13T07:08:28");
  EXPECT_EQ(f.port, 443u);
  EXPECT_EQ(f.evidence, "result");
  const Asset& asset = a.store().assets()[f.asset];
  EXPECT_EQ(asset.ids.ip, "10.0.0.7");
  EXPECT_EQ(asset.ids.fqdn, "web.example.org");
  EXPECT_EQ(asset.ids.hostname, "WEB");
  const Finding& ig = a.store().findings()[1];
  EXPECT_EQ(ig.severity, Severity::kInfo);
  EXPECT_EQ(ig.category, Category::kInformation);
}

TEST(QualysCsvImporter, PciReportsLastScanDatesTheHostsScan) {
  std::string data;
  ASSERT_TRUE(testing::ReadFile(
      CorpusDir() + "/qualys/monthly_pci_issue6932.csv", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "pci.csv", data, 4096);
  const Store& store = a.store();
  ASSERT_EQ(store.assets().size(), 1u);
  // LAST SCAN "22/09/2022 13:01": day first, no zone written.
  EXPECT_EQ(store.sightings(0).last_scanned, "2022-09-22T13:01:00");
  EXPECT_FALSE(store.sightings(0).credentialed);
  EXPECT_FALSE(store.sightings(0).uncredentialed);
}

TEST(QualysCsvImporter, DetectionDatesAreNotScanTimes) {
  std::string data;
  ASSERT_TRUE(testing::ReadFile(
      CorpusDir() + "/qualys/Qualys_Sample_Report.csv", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "q.csv", data, 4096);
  const Store& store = a.store();
  ASSERT_FALSE(store.assets().empty());
  for (size_t i = 0; i < store.assets().size(); ++i)
    EXPECT_EQ(store.sightings(i).last_scanned, "");
}

TEST(QualysCsvImporter, NoHeaderIsAnError) {
  std::string doc;
  for (int i = 0; i < 30; ++i)
    doc += "\"QID\",\"x\"\n";
  EXPECT_FALSE(SniffQualysCsv(doc, true));
  EXPECT_FALSE(SniffQualysVmdrCsv(doc, true));
}

TEST(QualysCsvImporter, Sniff) {
  EXPECT_TRUE(SniffQualysCsv("\"IP\",\"DNS\",\"QID\",\"Title\"\n", true));
  EXPECT_TRUE(SniffQualysCsv("IP,HOSTNAME,QID,VULN TITLE\n", true));
  EXPECT_FALSE(SniffQualysVmdrCsv("\"IP\",\"DNS\",\"QID\",\"Title\"\n", true));
  EXPECT_TRUE(
      SniffQualysVmdrCsv("\"Asset Vuln Datalist Report\",\"x\"\n\"a\"\n"
                         "\"QID\",\"Title\",\"Asset Id\",\"Asset IPV4\"\n",
                         false));
  EXPECT_FALSE(SniffQualysCsv("IP,Hostname,NVT Name,NVT OID\n", true));
}

}  // namespace
}  // namespace exposure
