#include "core/importers/nexpose_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::ReadFile;

TEST(NexposeImporter, OneFindingPerVulnerableTest) {
  std::string data;
  ASSERT_TRUE(ReadFile(CorpusDir() + "/nexpose/many_vulns.xml", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "m.xml", data, 64 * 1024);
  const Input& in = a.store().inputs()[0];
  EXPECT_TRUE(in.errors.empty());
  // 158 vulnerable-exploited + 4 vulnerable-version tests; the 400
  // not-vulnerable, 52 skipped, 6 error and 1 unknown ones are not findings.
  EXPECT_EQ(in.findings, 162u);
  EXPECT_EQ(in.assets.size(), 8u);
  for (const Finding& f : a.store().findings())
    EXPECT_NE(f.title, f.rule_id) << "definition not joined: " << f.rule_id;
}

TEST(NexposeImporter, ScanTimeIsTheEndOfTheNodesScan) {
  std::string data;
  ASSERT_TRUE(ReadFile(CorpusDir() + "/nexpose/report_auth.xml", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "r.xml", data, 4096);
  const Store& store = a.store();
  ASSERT_FALSE(store.assets().empty());
  for (size_t i = 0; i < store.assets().size(); ++i) {
    // Scan 27992, endTime="20210211T164705486"; no zone is written.
    EXPECT_EQ(store.sightings(i).last_scanned, "2021-02-11T16:47:05");
    // Nexpose says nothing per node of credentials.
    EXPECT_FALSE(store.sightings(i).credentialed);
    EXPECT_FALSE(store.sightings(i).uncredentialed);
  }
}

TEST(NexposeImporter, NodeWithoutScanIdsTakesTheOnlyScan) {
  // The 1.0 layout: tests name no scan.
  std::string data;
  ASSERT_TRUE(ReadFile(CorpusDir() + "/nexpose/no_vuln.xml", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "n.xml", data, 4096);
  ASSERT_EQ(a.store().assets().size(), 1u);
  EXPECT_EQ(a.store().sightings(0).last_scanned, "2013-11-27T11:55:13");
}

TEST(NexposeImporter, ScanTimeFallsBackToStartAndIsNeverGuessed) {
  const std::string doc = R"(<NexposeReport version="2.0"><scans>
<scan id="1" startTime="20240131T101500123" status="running"/>
<scan id="2" startTime="20240201T080000000" endTime="20240201T090000000"/>
</scans><nodes>
<node address="10.0.0.1" status="alive"><tests>
<test id="t" status="not-vulnerable" scan-id="1"/></tests></node>
<node address="10.0.0.2" status="alive"><tests/></node>
</nodes></NexposeReport>)";
  Analyzer a;
  testing::FeedInChunks(&a, "t.xml", doc, 5);
  ASSERT_EQ(a.store().assets().size(), 2u);
  EXPECT_EQ(a.store().sightings(0).last_scanned, "2024-01-31T10:15:00");
  // Two scans and no scan id: which scanned it is not known.
  EXPECT_EQ(a.store().sightings(1).last_scanned, "");
}

TEST(NexposeImporter, MapsFields) {
  const std::string doc = R"XML(<?xml version="1.0"?>
<NexposeReport version="2.0">
<scans><scan id="7" name="s" startTime="20240101T100000000" endTime="20240101T110000000" status="finished"/></scans>
<nodes><node address="10.1.1.1" status="alive" hardware-address="0050569A0B0C">
<names><name>web01.corp.example</name></names>
<fingerprints><os certainty="0.9" vendor="Microsoft" family="Windows" product="Windows Server 2019" version="1809"/></fingerprints>
<tests><test id="Host-Test" key="" status="not-vulnerable" scan-id="7"><Paragraph>no</Paragraph></test></tests>
<endpoints><endpoint protocol="tcp" port="443" status="open"><services><service name="HTTPS">
<fingerprints><fingerprint certainty="0.8" vendor="Microsoft" product="IIS" version="10.0"/></fingerprints>
<tests><test id="SSL-Weak" key="/login" status="vulnerable-exploited" scan-id="7" vulnerable-since="20231201T080910111">
<Paragraph><Paragraph>Negotiated:<UnorderedList><ListItem>RC4-SHA</ListItem></UnorderedList></Paragraph></Paragraph>
</test></tests></service></services></endpoint></endpoints>
</node></nodes>
<VulnerabilityDefinitions>
<vulnerability id="ssl-weak" title="Weak SSL ciphers" severity="9" cvssScore="9.3" cvssVector="(AV:N/AC:M/Au:N/C:C/I:C/A:C)" published="20150102T000000000">
<description><ContainerBlockElement><Paragraph>The server accepts
   weak ciphers.</Paragraph></ContainerBlockElement></description>
<exploits><exploit id="1" title="x" link="https://exploit.example/1" type="exploitdb"/></exploits>
<references><reference source="CVE">CVE-2013-2566</reference><reference source="BID">58796</reference>
<reference source="URL">https://ref.example/rc4</reference></references>
<solution><ContainerBlockElement><Paragraph>Disable RC4. See <URLLink LinkURL="https://fix.example/"/></Paragraph></ContainerBlockElement></solution>
</vulnerability>
</VulnerabilityDefinitions>
</NexposeReport>)XML";
  Analyzer a;
  testing::FeedInChunks(&a, "t.xml", doc, 4);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty());
  ASSERT_EQ(a.store().findings().size(), 1u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.rule_id, "ssl-weak");
  EXPECT_EQ(f.title, "Weak SSL ciphers");
  EXPECT_EQ(f.severity, Severity::kCritical);
  EXPECT_EQ(f.tool_severity, "9");
  EXPECT_EQ(f.port, 443u);
  EXPECT_EQ(f.protocol, "tcp");
  EXPECT_EQ(f.service, "https");
  EXPECT_EQ(f.location, "/login");
  EXPECT_EQ(f.cves, (std::vector<std::string>{"CVE-2013-2566"}));
  EXPECT_EQ(f.aliases, (std::vector<std::string>{"BID-58796"}));
  ASSERT_EQ(f.cvss.size(), 1u);
  EXPECT_EQ(f.cvss[0].vector, "AV:N/AC:M/Au:N/C:C/I:C/A:C");
  EXPECT_EQ(f.cvss[0].score_tenths, 93);
  EXPECT_EQ(f.evidence_flags, kEvidenceExploit | kEvidenceConfirmed)
      << "an exploit-db exploit, and the test is vulnerable-exploited";
  EXPECT_EQ(f.description, "The server accepts weak ciphers.");
  EXPECT_EQ(f.solution, "Disable RC4. See https://fix.example/");
  EXPECT_EQ(f.evidence, "Negotiated:\n- RC4-SHA");
  EXPECT_EQ(f.published, "2015-01-02");
  EXPECT_EQ(f.first_seen, "2023-12-01T08:09:10");
  EXPECT_EQ(f.last_seen, "2024-01-01T11:00:00");
  const Asset& asset = a.store().assets()[f.asset];
  EXPECT_EQ(asset.ids.ip, "10.1.1.1");
  EXPECT_EQ(asset.ids.mac, "00:50:56:9A:0B:0C");
  EXPECT_EQ(asset.ids.fqdn, "web01.corp.example");
  EXPECT_EQ(asset.os, "Microsoft Windows Server 2019 1809");
  ASSERT_EQ(a.store().services().size(), 1u);
  EXPECT_EQ(a.store().services()[0].product, "IIS");
}

// Tests are findings as soon as their node ends; their definitions, at the
// end of the report or at its start, complete them whenever they come.
TEST(NexposeImporter, DefinitionsBindWhereverTheyAre) {
  const std::string nodes =
      R"XML(<nodes><node address="10.1.1.2" status="alive">
<tests><test id="ssl-weak" key="" status="vulnerable-version"><Paragraph>x</Paragraph></test>
<test id="no-such-def" key="" status="vulnerable-exploited"><Paragraph>y</Paragraph></test></tests>
</node></nodes>)XML";
  const std::string defs = R"XML(<VulnerabilityDefinitions>
<vulnerability id="ssl-weak" title="Weak SSL ciphers" severity="5" cvssScore="5.0"
  cvssVector="(AV:N/AC:L/Au:N/C:P/I:N/A:N)">
<references><reference source="CVE">CVE-2013-2566</reference></references>
</vulnerability></VulnerabilityDefinitions>)XML";
  const std::string last =
      "<NexposeReport version=\"2.0\">" + nodes + defs + "</NexposeReport>";
  const std::string first =
      "<NexposeReport version=\"2.0\">" + defs + nodes + "</NexposeReport>";
  EXPECT_EQ(testing::ReportFor("n.xml", last),
            testing::ReportFor("n.xml", first));
  Analyzer a;
  testing::FeedInChunks(&a, "n.xml", last, 64);
  ASSERT_EQ(a.store().findings().size(), 2u);
  const Finding weak = a.store().findings()[0];
  EXPECT_EQ(weak.title, "Weak SSL ciphers");
  EXPECT_EQ(weak.severity, Severity::kMedium);
  EXPECT_EQ(weak.category, Category::kVulnerability);
  EXPECT_EQ(weak.cves, (std::vector<std::string>{"CVE-2013-2566"}));
  // Without a definition the test is its own rule, named by its id.
  const Finding orphan = a.store().findings()[1];
  EXPECT_EQ(orphan.title, "no-such-def");
  EXPECT_EQ(orphan.severity, Severity::kInfo);
  EXPECT_EQ(orphan.category, Category::kInformation);
}

TEST(NexposeImporter, TruncatedFileKeepsReadTestsAndReportsError) {
  std::string data;
  ASSERT_TRUE(ReadFile(CorpusDir() + "/nexpose/report_auth.xml", &data));
  size_t cut = data.find("<VulnerabilityDefinitions>");
  ASSERT_NE(cut, std::string::npos);
  Analyzer a;
  testing::FeedInChunks(&a, "cut.xml", data.substr(0, cut + 100), 1000);
  const Input& in = a.store().inputs()[0];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_TRUE(in.partial);
  EXPECT_NE(in.errors[0].location.find("line "), std::string::npos);
  // All 26 test results were read; their definitions were not.
  EXPECT_EQ(in.findings, 26u);
}

// vulnerable-exploited is proven on the asset, vulnerable-version not; a
// definition's Metasploit exploit and its malware are its rule's.
TEST(NexposeImporter, ExploitedTestsAreConfirmedAndKitsKept) {
  const std::string doc = R"XML(<NexposeReport version="2.0">
<nodes><node address="10.1.1.3" status="alive"><tests>
<test id="ms17-010" key="" status="vulnerable-exploited"><Paragraph>SMBv1 answered</Paragraph></test>
<test id="apache-old" key="" status="vulnerable-version"><Paragraph>2.4.49</Paragraph></test>
<test id="guess" key="" status="vulnerable-potential"><Paragraph>?</Paragraph></test>
</tests></node></nodes>
<VulnerabilityDefinitions>
<vulnerability id="ms17-010" title="MS17-010" severity="10">
<malware><name>WannaCry</name></malware>
<exploits><exploit id="2" title="EternalBlue" link="https://m.example/eb" type="metasploit"/></exploits>
</vulnerability>
<vulnerability id="apache-old" title="Apache" severity="7"><exploits></exploits></vulnerability>
</VulnerabilityDefinitions></NexposeReport>)XML";
  Analyzer a;
  testing::FeedInChunks(&a, "n.xml", doc, 16);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty());
  const auto& findings = a.store().findings();
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].evidence_flags, kEvidenceConfirmed | kEvidenceExploit |
                                            kEvidenceMetasploit |
                                            kEvidenceMalware);
  EXPECT_EQ(findings[1].evidence_flags, 0);
  EXPECT_EQ(findings[2].evidence_flags, 0);
}

// The corpus's Nexpose exports: their vulnerable-exploited tests.
TEST(NexposeImporter, ConfirmedTestsOfTheCorpus) {
  const struct {
    const char* file;
    size_t findings;
    size_t confirmed;
  } kCases[] = {
      {"dns.xml", 5, 5},
      {"many_vulns.xml", 162, 158},
      {"no_vuln.xml", 1, 1},
      {"report_auth.xml", 26, 10},
  };
  for (const auto& c : kCases) {
    const testing::EvidenceCount n = testing::CountEvidence(
        CorpusDir() + "/nexpose/" + c.file, "nexpose", kEvidenceConfirmed);
    EXPECT_EQ(n.findings, c.findings) << c.file;
    EXPECT_EQ(n.with, c.confirmed) << c.file;
  }
}

TEST(NexposeImporter, Sniff) {
  EXPECT_TRUE(SniffNexpose(
      "<?xml version=\"1.0\"?>\n<NexposeReport version=\"2.0\">", false));
  EXPECT_FALSE(SniffNexpose("<NessusClientData_v2>", false));
}

}  // namespace
}  // namespace exposure
