#include "core/importers/openvas_csv_importer.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/importers/openvas_xml_importer.h"

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;

using Case = testing::CorpusCase;

class OpenvasCsvCorpus : public ::testing::TestWithParam<Case> {};

TEST_P(OpenvasCsvCorpus, OneFindingPerResult) {
  EXPECT_TRUE(testing::ImportsAs(CorpusDir() + "/openvas/" + GetParam().file,
                                 "openvas_csv", GetParam().findings));
}

INSTANTIATE_TEST_SUITE_P(OpenVas,
                         OpenvasCsvCorpus,
                         ::testing::Values(Case{"many_vuln.csv", 4},
                                           Case{"no_vuln.csv", 0},
                                           Case{"one_vuln.csv", 1},
                                           // two rows, one Result ID
                                           Case{"report_combine_v2.csv", 1},
                                           Case{"report_detail_v2.csv", 1},
                                           Case{"report_using_CVE.csv", 43},
                                           Case{"report_using_openVAS.csv",
                                                13}));

TEST(OpenvasCsvImporter, MapsFields) {
  const std::string doc =
      "IP,Hostname,Port,Port Protocol,CVSS,Severity,NVT Name,Summary,"
      "Specific Result,NVT OID,CVEs,Timestamp,Result ID,Solution Type,"
      "Solution,BIDs,Other References\n"
      "10.0.0.8,db.example.org,22,tcp,4.3,Medium,SSH Weak Ciphers,\"weak\n"
      "ciphers\",aes128-cbc,1.3.6.1.4.1.25623.1.0.105611,\"CVE-2008-5161\","
      "2024-03-18T12:46:31Z,r1,Mitigation,Disable them.,32319,"
      "https://a.example\n"
      "10.0.0.8,,,,0.0,Log,OS Detection,os,Linux,1.3.6.1.4.1.25623.1.0.1,,"
      "2024-03-18T12:46:31Z,r2,,,,\n";
  Analyzer a;
  testing::FeedInChunks(&a, "o.csv", doc, 4);
  ASSERT_EQ(a.store().findings().size(), 2u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.format, "openvas_csv");
  EXPECT_EQ(f.rule_id, "1.3.6.1.4.1.25623.1.0.105611");
  EXPECT_EQ(f.title, "SSH Weak Ciphers");
  EXPECT_EQ(f.severity, Severity::kMedium);
  EXPECT_EQ(f.cves, (std::vector<std::string>{"CVE-2008-5161"}));
  EXPECT_EQ(f.aliases, (std::vector<std::string>{"BID-32319"}));
  EXPECT_EQ(f.port, 22u);
  EXPECT_EQ(f.location, "22/tcp");
  EXPECT_EQ(f.evidence, "aes128-cbc");
  EXPECT_EQ(f.solution, "Mitigation: Disable them.");
  EXPECT_EQ(f.last_seen, "2024-03-18T12:46:31Z");
  EXPECT_EQ(a.store().assets()[f.asset].ids.fqdn, "db.example.org");
  const Finding& log = a.store().findings()[1];
  EXPECT_EQ(log.severity, Severity::kInfo);
  EXPECT_EQ(log.tool_severity, "Log");
  EXPECT_EQ(log.location, "general/tcp");
}

// The QoD column is a number: 99 and 100 (remote_vul, exploit) are
// confirmed. The corpus's CSV exports state 75 and 80 at most: none is.
TEST(OpenvasCsvImporter, QodOf99OrMoreIsConfirmed) {
  const std::string doc =
      "IP,Hostname,Port,Port Protocol,CVSS,Severity,QoD,NVT Name,NVT OID\n"
      "10.0.0.8,,80,tcp,7.5,High,100,Default credentials,1.3.6.1.4.1.25623.1\n"
      "10.0.0.8,,80,tcp,5.0,Medium,99,Directory traversal,1.3.6.1.4.1.25623.2\n"
      "10.0.0.8,,80,tcp,5.0,Medium,98,Vulnerable app,1.3.6.1.4.1.25623.3\n"
      "10.0.0.8,,80,tcp,5.0,Medium,80,Banner,1.3.6.1.4.1.25623.4\n"
      "10.0.0.8,,80,tcp,5.0,Medium,,No QoD,1.3.6.1.4.1.25623.5\n";
  Analyzer a;
  testing::FeedInChunks(&a, "o.csv", doc, 7);
  const auto& findings = a.store().findings();
  ASSERT_EQ(findings.size(), 5u);
  const bool confirmed[] = {true, true, false, false, false};
  for (size_t i = 0; i < findings.size(); ++i) {
    EXPECT_EQ(findings[i].evidence_flags, confirmed[i] ? kEvidenceConfirmed : 0)
        << i;
  }
  EXPECT_TRUE(GreenboneConfirmed("remote_vul", "80")) << "the type decides";
  EXPECT_FALSE(GreenboneConfirmed("package", "100"));
  EXPECT_FALSE(GreenboneConfirmed("", "101"));
  for (const char* file :
       {"many_vuln.csv", "one_vuln.csv", "report_combine_v2.csv",
        "report_detail_v2.csv", "report_using_CVE.csv",
        "report_using_openVAS.csv"}) {
    EXPECT_EQ(testing::CountEvidence(CorpusDir() + "/openvas/" + file,
                                     "openvas_csv", kEvidenceConfirmed)
                  .with,
              0u)
        << file;
  }
}

// gvmd's classes of a severity score; without one, the class the export
// names.
TEST(OpenvasCsvImporter, GreenboneSeverityBands) {
  struct Band {
    const char* score;
    const char* level;
    Severity want;
  };
  for (const Band& c : std::vector<Band>{
           {"10.0", "High", Severity::kCritical},
           {"9.0", "High", Severity::kCritical},
           {"8.9", "High", Severity::kHigh},
           {"7.0", "High", Severity::kHigh},
           {"6.9", "Medium", Severity::kMedium},
           {"4.0", "Medium", Severity::kMedium},
           {"3.9", "Low", Severity::kLow},
           {"0.1", "Low", Severity::kLow},
           {"0.0", "Log", Severity::kInfo},
           {"-1.0", "False Positive", Severity::kInfo},
           {"-3.0", "Error", Severity::kInfo},
           {"", "High", Severity::kHigh},
           {"", "Critical", Severity::kCritical},
           {"", "Log", Severity::kInfo},
           {"", "Error", Severity::kInfo},
           {"n/a", "Medium", Severity::kMedium},
           {"", "", Severity::kInfo},
       }) {
    EXPECT_EQ(GreenboneSeverity(c.score, c.level), c.want)
        << c.score << " " << c.level;
  }
}

// One scan exported as CSV and as XML rates alike: a 9.8 is critical in
// both, though the CSV's gvmd called it High.
TEST(OpenvasCsvImporter, SameSeverityAsTheXmlOfTheSameScan) {
  auto severities = [](const std::string& path) {
    std::string data;
    EXPECT_TRUE(testing::ReadFile(path, &data));
    Analyzer a;
    testing::FeedInChunks(&a, path, data, 4096);
    std::map<std::string, Severity> out;
    for (const Finding& f : a.store().findings())
      out[f.rule_id] = f.severity;
    return out;
  };
  auto csv = severities(CorpusDir() + "/openvas/report_detail_v2.csv");
  auto xml = severities(CorpusDir() + "/openvas/report_detail_v2.xml");
  ASSERT_EQ(csv.size(), 1u);
  EXPECT_EQ(csv, xml);
  EXPECT_EQ(csv.begin()->second, Severity::kCritical);
}

TEST(OpenvasCsvImporter, ScanTimeIsTheHostsLatestResult) {
  std::string data;
  ASSERT_TRUE(
      testing::ReadFile(CorpusDir() + "/openvas/report_detail_v2.csv", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "o.csv", data, 4096);
  const Store& store = a.store();
  ASSERT_EQ(store.assets().size(), 1u);
  // Timestamp "2025-08-22T16:27:22+02:00", in UTC.
  EXPECT_EQ(store.sightings(0).last_scanned, "2025-08-22T14:27:22Z");
  EXPECT_FALSE(store.sightings(0).credentialed);
  EXPECT_FALSE(store.sightings(0).uncredentialed);
}

TEST(OpenvasCsvImporter, LatestTimestampOfAHostWins) {
  const std::string doc =
      "IP,Hostname,Port,Port Protocol,CVSS,Severity,NVT Name,NVT OID,"
      "Timestamp,Result ID\n"
      "10.0.0.1,,22,tcp,5.0,Medium,A,1.2.3,2024-03-18T21:29:42Z,r1\n"
      "10.0.0.1,,80,tcp,5.0,Medium,B,1.2.4,2024-03-18T12:46:31Z,r2\n"
      "10.0.0.2,,80,tcp,5.0,Medium,B,1.2.4,not a time,r3\n";
  Analyzer a;
  testing::FeedInChunks(&a, "o.csv", doc, 7);
  const Store& store = a.store();
  ASSERT_EQ(store.assets().size(), 2u);
  EXPECT_EQ(store.sightings(0).last_scanned, "2024-03-18T21:29:42Z");
  EXPECT_EQ(store.sightings(1).last_scanned, "");
}

TEST(OpenvasCsvImporter, Sniff) {
  EXPECT_TRUE(SniffOpenvasCsv(
      "IP,Hostname,Port,Port Protocol,CVSS,Severity,NVT Name,NVT OID\n", true));
  EXPECT_FALSE(SniffOpenvasCsv("Plugin ID,Name,Host\n", true));
}

}  // namespace
}  // namespace exposure
