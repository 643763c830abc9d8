#include "core/importers/nessus_csv_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;

using Case = testing::CorpusCase;

class NessusCsvCorpus : public ::testing::TestWithParam<Case> {};

// Counts checked by hand: rows with a plugin, consecutive rows of one
// plugin result (same plugin, host, port, protocol, output) counted once.
TEST_P(NessusCsvCorpus, OneFindingPerRecord) {
  EXPECT_TRUE(testing::ImportsAs(CorpusDir() + "/tenable/" + GetParam().file,
                                 "nessus_csv", GetParam().findings));
}

INSTANTIATE_TEST_SUITE_P(
    Tenable,
    NessusCsvCorpus,
    ::testing::Values(Case{"issue_11102.csv", 3},
                      Case{"issue_9612.csv", 3},
                      Case{"tenable_many_vuln.csv", 9},
                      Case{"nessus/nessus-template.csv", 5},
                      Case{"nessus/nessus_many_vuln.csv", 4},
                      Case{"nessus/nessus_many_vuln2-all.csv", 30},
                      Case{"nessus/nessus_many_vuln2-default.csv", 30},
                      Case{"nessus/nessus_new.csv", 99},
                      Case{"nessus_was/nessus_was_many_vuln.csv", 5},
                      Case{"nessus_was/nessus_was_no_vuln.csv", 0},
                      Case{"nessus_was/nessus_was_one_vuln.csv", 1}));

TEST(NessusCsvImporter, MergesCveRowsOfOneResult) {
  const std::string doc =
      "\xEF\xBB\xBFPlugin ID,CVE,CVSS,Risk,Host,Protocol,Port,Name,Synopsis,"
      "Description,Solution,See Also,Plugin Output\r\n"
      "1234,CVE-2023-1001,7.5,High,10.0.0.5,tcp,443,Apache < 2.4.58,syn,"
      "\"Desc, with comma\",Upgrade.,https://a.example https://b.example,"
      "\"Installed: 2.4.1\r\nFixed: 2.4.58\"\r\n"
      "1234,CVE-2023-2002,7.5,High,10.0.0.5,tcp,443,Apache < 2.4.58,syn,"
      "\"Desc, with comma\",Upgrade.,https://a.example https://b.example,"
      "\"Installed: 2.4.1\r\nFixed: 2.4.58\"\r\n"
      "1234,CVE-2023-1001,7.5,High,web01.corp.example,tcp,443,Apache < 2.4.58,"
      "syn,d,Upgrade.,,other\r\n"
      "19506,,,None,10.0.0.5,tcp,0,Nessus Scan Information,s,d,n/a,,out\r\n";
  Analyzer a;
  testing::FeedInChunks(&a, "t.csv", doc, 3);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty())
      << a.store().inputs()[0].errors[0].message;
  ASSERT_EQ(a.store().findings().size(), 3u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.format, "nessus_csv");
  EXPECT_EQ(f.tool, "Nessus");
  EXPECT_EQ(f.rule_id, "1234");
  EXPECT_EQ(f.title, "Apache < 2.4.58");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.tool_severity, "High");
  EXPECT_EQ(f.cves,
            (std::vector<std::string>{"CVE-2023-1001", "CVE-2023-2002"}));
  EXPECT_EQ(f.port, 443u);
  EXPECT_EQ(f.protocol, "tcp");
  EXPECT_EQ(f.description, "Desc, with comma");
  EXPECT_EQ(f.solution, "Upgrade.");
  EXPECT_EQ(f.evidence, "Installed: 2.4.1\nFixed: 2.4.58");
  EXPECT_EQ(f.references, (std::vector<std::string>{"https://a.example",
                                                    "https://b.example"}));
  ASSERT_EQ(f.cvss.size(), 1u);
  EXPECT_EQ(f.cvss[0].score_tenths, 75);
  EXPECT_EQ(a.store().assets()[f.asset].ids.ip, "10.0.0.5");
  const Finding& g = a.store().findings()[1];
  EXPECT_EQ(a.store().assets()[g.asset].ids.fqdn, "web01.corp.example");
  const Finding& info = a.store().findings()[2];
  EXPECT_EQ(info.severity, Severity::kInfo);
  EXPECT_EQ(info.category, Category::kInformation);
  EXPECT_TRUE(info.solution.empty());
}

TEST(NessusCsvImporter, TenableIoLayout) {
  const std::string doc =
      "definition.id;definition.name;severity;asset.display_ipv4_address;"
      "asset.host_name;port;protocol;definition.cve;"
      "definition.cvss3.base_vector;definition.cvss3.base_score;state;"
      "first_observed;output\n"
      "33851;Daemons;Low;10.0.0.1;Blah1;0;TCP;CVE-2020-1001,CVE-2020-2002;"
      "CVSS:3.0/AV:N/AC:H/PR:L/UI:N/S:U/C:N/I:L/A:N;3.1;FIXED;"
      "2023-06-28T11:50:44.895Z;x\n";
  Analyzer a;
  testing::FeedInChunks(&a, "io.csv", doc, 1);
  ASSERT_EQ(a.store().findings().size(), 1u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.tool, "Tenable Vulnerability Management");
  EXPECT_EQ(f.status, FindingStatus::kFixed);
  EXPECT_EQ(f.severity, Severity::kLow);
  EXPECT_EQ(f.cves,
            (std::vector<std::string>{"CVE-2020-1001", "CVE-2020-2002"}));
  ASSERT_EQ(f.cvss.size(), 1u);
  EXPECT_EQ(f.cvss[0].version, "3.0");
  EXPECT_EQ(f.cvss[0].score_tenths, 31);
  EXPECT_EQ(f.first_seen, "2023-06-28T11:50:44.895Z");
  EXPECT_EQ(a.store().assets()[f.asset].ids.hostname, "Blah1");
}

TEST(NessusCsvImporter, UnterminatedQuoteKeepsEarlierRowsAndReportsLocation) {
  const std::string doc =
      "Plugin ID,Risk,Host,Port,Protocol,Name\n"
      "1,High,10.0.0.1,22,tcp,A\n"
      "2,High,10.0.0.1,22,tcp,\"B never closed\n";
  Analyzer a;
  testing::FeedInChunks(&a, "cut.csv", doc, 10);
  const Input& in = a.store().inputs()[0];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_TRUE(in.partial);
  EXPECT_NE(in.errors[0].message.find("cut.csv: nessus_csv: unterminated"),
            std::string::npos);
  EXPECT_NE(in.errors[0].location.find("line 3"), std::string::npos);
  EXPECT_EQ(in.findings, 1u);
}

TEST(NessusCsvImporter, Sniff) {
  EXPECT_TRUE(SniffNessusCsv(
      "Plugin ID,CVE,CVSS,Risk,Host,Protocol,Port,Name\n1,", false));
  EXPECT_TRUE(SniffNessusCsv(
      "\"Plugin\",\"Plugin Name\",\"Family\",\"Severity\",\"IP Address\"\n",
      false));
  EXPECT_TRUE(
      SniffNessusCsv("age_in_days;definition.id;definition.name\n", true));
  EXPECT_FALSE(SniffNessusCsv("IP,Hostname,Port,NVT Name,NVT OID\n", true));
  EXPECT_FALSE(SniffNessusCsv("{\"Plugin ID\": 1}", true));
}

}  // namespace
}  // namespace exposure
