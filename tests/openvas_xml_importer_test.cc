#include "core/importers/openvas_xml_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::ReadFile;

TEST(OpenvasXmlImporter, MapsFields) {
  const std::string doc =
      R"(<report id="r1" format_id="a994b278"><report id="r1">
<gmp><version>22.4</version></gmp>
<results start="1" max="-1">
<result id="x1"><name>Weak SSH</name>
<creation_time>2024-01-02T03:04:05Z</creation_time>
<host>192.0.2.10<asset asset_id="a"/><hostname>db.example.org</hostname></host>
<port>22/tcp</port>
<nvt oid="1.3.6.1.4.1.25623.1.0.1"><type>nvt</type><name>Weak SSH Ciphers</name>
<cvss_base>5.3</cvss_base>
<tags>cvss_base_vector=AV:N/AC:L/Au:N/C:P/I:N/A:N|summary=Weak ciphers | see below.|insight=Old.|solution=Disable them.|solution_type=Mitigation</tags>
<refs><ref type="cve" id="CVE-2008-5161"/><ref type="cert-bund" id="CB-K1"/><ref type="url" id="https://example.org/a"/></refs>
</nvt><threat>Medium</threat><severity>5.3</severity>
<description>arcfour</description></result>
<result id="x2"><name>Log</name><host>192.0.2.10</host><port>general/tcp</port>
<nvt oid="1.3.6.1.4.1.25623.1.0.2"><name>OS Detection</name></nvt>
<threat>Log</threat><severity>0.0</severity></result>
<result id="x3"><name>FP</name><host>192.0.2.10</host><port>80/tcp</port>
<nvt oid="1.3.6.1.4.1.25623.1.0.3"><name>Something</name></nvt>
<threat>False Positive</threat><severity>-1.0</severity></result>
</results>
<host><ip>192.0.2.10</ip><detail><name>best_os_txt</name><value>Debian 12</value></detail>
<detail><name>MAC</name><value>00:11:22:33:44:55</value></detail></host>
</report></report>)";
  Analyzer a;
  testing::FeedInChunks(&a, "t.xml", doc, 5);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty());
  EXPECT_EQ(a.store().inputs()[0].format, "openvas_xml");
  ASSERT_EQ(a.store().findings().size(), 3u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.rule_id, "1.3.6.1.4.1.25623.1.0.1");
  EXPECT_EQ(f.title, "Weak SSH Ciphers");
  EXPECT_EQ(f.severity, Severity::kMedium);
  EXPECT_EQ(f.tool_severity, "Medium");
  EXPECT_EQ(f.port, 22u);
  EXPECT_EQ(f.protocol, "tcp");
  EXPECT_EQ(f.cves, (std::vector<std::string>{"CVE-2008-5161"}));
  EXPECT_EQ(f.aliases, (std::vector<std::string>{"CB-K1"}));
  EXPECT_EQ(f.references, (std::vector<std::string>{"https://example.org/a"}));
  ASSERT_EQ(f.cvss.size(), 1u);
  EXPECT_EQ(f.cvss[0].version, "2.0");
  EXPECT_EQ(f.cvss[0].score_tenths, 53);
  EXPECT_EQ(f.description, "Weak ciphers | see below.\n\nInsight: Old.");
  EXPECT_EQ(f.solution, "Disable them.");
  EXPECT_EQ(f.evidence, "arcfour");
  EXPECT_EQ(f.first_seen, "2024-01-02T03:04:05Z");
  const Finding& log = a.store().findings()[1];
  EXPECT_EQ(log.severity, Severity::kInfo);
  EXPECT_EQ(log.category, Category::kInformation);
  EXPECT_EQ(log.port, 0u);
  EXPECT_EQ(a.store().findings()[2].status, FindingStatus::kFalsePositive);
  ASSERT_EQ(a.store().assets().size(), 1u);
  const Asset& asset = a.store().assets()[0];
  EXPECT_EQ(asset.ids.ip, "192.0.2.10");
  EXPECT_EQ(asset.ids.fqdn, "db.example.org");
  EXPECT_EQ(asset.os, "Debian 12");
  EXPECT_EQ(asset.ids.mac, "00:11:22:33:44:55");
}

// The lookup of one asset of `store` by IP; fails the test if absent.
size_t AssetByIp(const Store& store, const std::string& ip) {
  for (size_t i = 0; i < store.assets().size(); ++i) {
    if (store.assets()[i].ids.ip == ip)
      return i;
  }
  ADD_FAILURE() << "no asset " << ip;
  return 0;
}

TEST(OpenvasXmlImporter, ScanTimeIsTheHostsEnd) {
  std::string data;
  ASSERT_TRUE(ReadFile(CorpusDir() + "/openvas/one_vuln.xml", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "o.xml", data, 4096);
  const Store& store = a.store();
  ASSERT_EQ(store.assets().size(), 1u);
  const Store::Sightings& seen =
      store.sightings(AssetByIp(store, "10.0.101.2"));
  EXPECT_EQ(seen.last_scanned, "2023-09-28T16:12:15Z");
  // The report does not say whether the scan logged in.
  EXPECT_FALSE(seen.credentialed);
  EXPECT_FALSE(seen.uncredentialed);
}

TEST(OpenvasXmlImporter, WithoutHostEntriesTheReportsEndDatesTheScan) {
  std::string data;
  ASSERT_TRUE(ReadFile(CorpusDir() + "/openvas/report_detail_v2.xml", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "o.xml", data, 4096);
  const Store& store = a.store();
  // <scan_end>2025-08-22T17:09:57+02:00</scan_end>, in UTC.
  EXPECT_EQ(store.sightings(AssetByIp(store, "10.99.99.99")).last_scanned,
            "2025-08-22T15:09:57Z");
}

// QoD exploit (100) and remote_vul (99) prove the flaw on the host; lower
// types do not; a false positive never carries evidence.
TEST(OpenvasXmlImporter, ExploitAndRemoteVulQodAreConfirmed) {
  auto result = [](const std::string& id, const std::string& qod,
                   const std::string& severity) {
    return "<result id=\"" + id +
           "\"><host>192.0.2.20</host><port>80/tcp</port>"
           "<nvt oid=\"1.3.6.1.4.1.25623.1.0." +
           id + "\"><name>N" + id + "</name></nvt><severity>" + severity +
           "</severity>" + qod + "</result>";
  };
  const std::string doc =
      "<report id=\"r\"><results>" +
      result("1", "<qod><value>100</value><type>exploit</type></qod>", "7.5") +
      result("2", "<qod><value>99</value><type>remote_vul</type></qod>",
             "5.0") +
      result("3", "<qod><value>98</value><type>remote_app</type></qod>",
             "5.0") +
      result("4", "<qod><value>95</value><type>remote_active</type></qod>",
             "9.8") +
      result("5", "<qod><value>80</value><type>remote_banner</type></qod>",
             "9.8") +
      result("6", "<qod><value>99</value></qod>", "5.0") +
      result("7", "<qod><value>100</value><type>exploit</type></qod>", "-1.0") +
      result("8", "", "5.0") + "</results></report>";
  Analyzer a;
  testing::FeedInChunks(&a, "o.xml", doc, 5);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty());
  const auto& findings = a.store().findings();
  ASSERT_EQ(findings.size(), 8u);
  const bool confirmed[] = {true,  true, false, false,
                            false, true, false, false};
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding f = findings[i];
    EXPECT_EQ(f.evidence_flags, confirmed[i] ? kEvidenceConfirmed : 0)
        << f.rule_id;
  }
  EXPECT_EQ(findings[6].status, FindingStatus::kFalsePositive);
}

// The corpus's OpenVAS reports: many_vuln.xml has 1 exploit and 12
// remote_vul results of 44; one_vuln.xml's only result is a registry check.
TEST(OpenvasXmlImporter, ConfirmedResultsOfTheCorpus) {
  const struct {
    const char* file;
    size_t findings;
    size_t confirmed;
  } kCases[] = {
      {"many_vuln.xml", 44, 13},
      {"one_vuln.xml", 1, 0},
      {"report_detail_v2.xml", 1, 0},
  };
  for (const auto& c : kCases) {
    const testing::EvidenceCount n = testing::CountEvidence(
        CorpusDir() + "/openvas/" + c.file, "openvas_xml", kEvidenceConfirmed);
    EXPECT_EQ(n.findings, c.findings) << c.file;
    EXPECT_EQ(n.with, c.confirmed) << c.file;
  }
}

TEST(OpenvasXmlImporter, Sniff) {
  EXPECT_TRUE(SniffOpenvasXml(
      "<report id=\"1\" format_id=\"x\"><owner/><report_format id=\"y\">",
      false));
  EXPECT_TRUE(SniffOpenvasXml(
      "<get_reports_response status=\"200\"><report id=\"1\">", false));
  EXPECT_FALSE(SniffOpenvasXml("<report><item/></report>", true));
}

}  // namespace
}  // namespace exposure
