#include "core/importers/nessus_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::CountOccurrences;
using testing::ReadFile;
using testing::SourceDir;

// Real exports: every <ReportItem> becomes exactly one finding and every
// <ReportHost> one asset, with no errors.
class NessusCorpus : public ::testing::TestWithParam<const char*> {};

TEST_P(NessusCorpus, OneFindingPerReportItem) {
  std::string path = CorpusDir() + "/tenable/" + GetParam();
  std::string data;
  ASSERT_TRUE(ReadFile(path, &data)) << path;
  Analyzer a;
  testing::FeedInChunks(&a, GetParam(), data, 64 * 1024);
  const Input& in = a.store().inputs().at(0);
  EXPECT_EQ(in.format, "nessus");
  EXPECT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_FALSE(in.partial);
  EXPECT_EQ(in.findings, CountOccurrences(data, "<ReportItem "));
  EXPECT_EQ(in.assets.size(), CountOccurrences(data, "<ReportHost "));
}

INSTANTIATE_TEST_SUITE_P(
    Tenable,
    NessusCorpus,
    ::testing::Values("nessus/issue_6992.nessus",
                      "nessus/nessus_many_vuln.xml",
                      "nessus/nessus_v_unknown.xml",
                      "nessus/nessus_with_cvssv3.nessus",
                      "nessus/nessus_with_cwe-.nessus",
                      "nessus_was/nessus_was_many_vuln.xml",
                      "nessus_was/nessus_was_no_vuln.xml",
                      "nessus_was/nessus_was_one_vuln.xml"));

TEST(NessusImporter, MapsFields) {
  const std::string doc = R"(<?xml version="1.0" ?>
<NessusClientData_v2><Report name="r">
<ReportHost name="10.0.0.5"><HostProperties>
<tag name="host-ip">10.0.0.5</tag><tag name="host-fqdn">web01.corp.example</tag>
<tag name="operating-system">Ubuntu 22.04
Linux Kernel 5.15</tag>
<tag name="HOST_START_TIMESTAMP">1700000000</tag>
</HostProperties>
<ReportItem port="443" svc_name="www" protocol="tcp" severity="3" pluginID="1234" pluginName="Apache &lt; 2.4.58">
<cve>CVE-2023-1</cve><cve>CVE-2023-2</cve><cwe>79</cwe><xref>IAVA:2023-A-1</xref>
<cvss_vector>CVSS2#AV:N/AC:L/Au:N/C:P/I:P/A:P</cvss_vector>
<cvss_temporal_vector>CVSS2#E:POC/RL:OF/RC:C</cvss_temporal_vector>
<cvss_base_score>7.5</cvss_base_score>
<cvss3_vector>CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H</cvss3_vector>
<exploit_available>true</exploit_available>
<solution>Upgrade.</solution><plugin_output>Installed: 2.4.1</plugin_output>
</ReportItem>
</ReportHost></Report></NessusClientData_v2>)";
  Analyzer a;
  testing::FeedInChunks(&a, "t.nessus", doc, 5);
  ASSERT_EQ(a.store().findings().size(), 1u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.rule_id, "1234");
  EXPECT_EQ(f.title, "Apache < 2.4.58");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.port, 443u);
  EXPECT_EQ(f.protocol, "tcp");
  EXPECT_EQ(f.service, "www");
  EXPECT_EQ(f.cves, (std::vector<std::string>{"CVE-2023-1", "CVE-2023-2"}));
  EXPECT_EQ(f.cwes, (std::vector<std::string>{"CWE-79"}));
  EXPECT_EQ(f.aliases, (std::vector<std::string>{"IAVA-2023-A-1"}));
  ASSERT_EQ(f.cvss.size(), 2u);
  EXPECT_EQ(f.cvss[0].vector, "AV:N/AC:L/Au:N/C:P/I:P/A:P/E:POC/RL:OF/RC:C");
  EXPECT_EQ(f.cvss[0].score_tenths, 75);
  EXPECT_EQ(f.cvss[1].version, "3.1");
  EXPECT_TRUE(f.evidence_flags & kEvidenceExploit);
  EXPECT_EQ(f.solution, "Upgrade.");
  EXPECT_EQ(f.evidence, "Installed: 2.4.1");
  EXPECT_EQ(f.first_seen, "2023-11-14T22:13:20Z");
  const Asset& asset = a.store().assets()[f.asset];
  EXPECT_EQ(asset.name, "web01.corp.example");
  EXPECT_EQ(asset.ids.ip, "10.0.0.5");
  EXPECT_EQ(asset.os, "Ubuntu 22.04");
  ASSERT_EQ(a.store().services().size(), 1u);
  EXPECT_EQ(a.store().services()[0].port, 443u);
}

TEST(NessusImporter, TruncatedFileKeepsCompleteHostsAndReportsError) {
  std::string data;
  ASSERT_TRUE(ReadFile(SourceDir() + "/examples/host-scan.nessus", &data));
  // Cut inside the last host, in its properties and then past its first
  // item: every host is kept, the cut one too, with every item read whole.
  size_t last_host = data.rfind("<ReportHost ");
  ASSERT_NE(last_host, std::string::npos);
  size_t first_item_end = data.find("</ReportItem>", last_host);
  ASSERT_NE(first_item_end, std::string::npos);
  for (size_t at : {last_host + 200, first_item_end + 40}) {
    std::string cut = data.substr(0, at);
    Analyzer a;
    testing::FeedInChunks(&a, "cut.nessus", cut, 1000);
    const Input& in = a.store().inputs()[0];
    ASSERT_EQ(in.errors.size(), 1u);
    EXPECT_TRUE(in.partial);
    EXPECT_NE(in.errors[0].message.find("cut.nessus: nessus:"),
              std::string::npos);
    EXPECT_NE(in.errors[0].location.find("line "), std::string::npos);
    EXPECT_EQ(in.findings, CountOccurrences(cut, "</ReportItem>")) << at;
    EXPECT_EQ(in.assets.size(), CountOccurrences(cut, "<ReportHost ")) << at;
  }
}

TEST(NessusImporter, Sniff) {
  EXPECT_TRUE(
      SniffNessus("<?xml version=\"1.0\" ?>\n<NessusClientData_v2>", false));
  EXPECT_TRUE(
      SniffNessus("\xEF\xBB\xBF<!-- x --><NessusClientData_v2>", false));
  EXPECT_FALSE(SniffNessus("<NessusClientData>", false));
  EXPECT_FALSE(SniffNessus("{\"NessusClientData_v2\": 1}", true));
}

}  // namespace
}  // namespace exposure
