#include "core/importers/nmap_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::ReadFile;

TEST(NmapImporter, OpenPortsAndVulnersEntries) {
  std::string data;
  ASSERT_TRUE(ReadFile(CorpusDir() + "/nmap/issue4406.xml", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "n.xml", data, 4096);
  const Input& in = a.store().inputs()[0];
  EXPECT_TRUE(in.errors.empty());
  // 25 open ports + 42 vulners entries on port 22.
  EXPECT_EQ(in.findings, 67u);
  // Of the 42 entries, 34 are exploits: 20 Metasploit modules, 1 CANVAS
  // one; the 8 CVE entries are none. No entry is proven on the host.
  size_t exploits = 0;
  size_t metasploit = 0;
  size_t canvas = 0;
  for (const Finding& f : a.store().findings()) {
    exploits += (f.evidence_flags & kEvidenceExploit) != 0 ? 1 : 0;
    metasploit += (f.evidence_flags & kEvidenceMetasploit) != 0 ? 1 : 0;
    canvas += (f.evidence_flags & kEvidenceCanvas) != 0 ? 1 : 0;
    EXPECT_EQ(f.evidence_flags & kEvidenceConfirmed, 0) << f.rule_id;
  }
  EXPECT_EQ(exploits, 34u);
  EXPECT_EQ(metasploit, 20u);
  EXPECT_EQ(canvas, 1u);
}

TEST(NmapImporter, ScanTimeIsHostEndTime) {
  std::string data;
  ASSERT_TRUE(ReadFile(CorpusDir() + "/nmap/issue12411.xml", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "n.xml", data, 4096);
  const Store& store = a.store();
  ASSERT_EQ(store.assets().size(), 2u);
  // endtime="1746624464" and "1746624465".
  EXPECT_EQ(store.sightings(0).last_scanned, "2025-05-07T13:27:44Z");
  EXPECT_EQ(store.sightings(1).last_scanned, "2025-05-07T13:27:45Z");
  // Nmap says nothing of credentials.
  EXPECT_FALSE(store.sightings(0).credentialed);
  EXPECT_FALSE(store.sightings(0).uncredentialed);
}

TEST(NmapImporter, HostWithoutTimesTakesTheRunsTimes) {
  const std::string head = R"(<nmaprun scanner="nmap" start="1700000000">
<host><status state="up"/><address addr="10.0.0.9" addrtype="ipv4"/></host>
)";
  {
    Analyzer a;
    testing::FeedInChunks(&a, "t.xml",
                          head + R"(<runstats><finished time="1700000100"/>
</runstats></nmaprun>)",
                          5);
    EXPECT_EQ(a.store().sightings(0).last_scanned, "2023-11-14T22:15:00Z");
  }
  {
    // No <finished>: the run's start dates it.
    Analyzer a;
    testing::FeedInChunks(&a, "t.xml", head + "</nmaprun>", 5);
    EXPECT_EQ(a.store().sightings(0).last_scanned, "2023-11-14T22:13:20Z");
  }
  {
    // No time anywhere: no date is made up.
    Analyzer a;
    testing::FeedInChunks(&a, "t.xml",
                          R"(<nmaprun><host><address addr="10.0.0.9"
addrtype="ipv4"/></host></nmaprun>)",
                          5);
    EXPECT_EQ(a.store().sightings(0).last_scanned, "");
  }
}

TEST(NmapImporter, MapsFields) {
  const std::string doc = R"(<?xml version="1.0"?>
<nmaprun scanner="nmap" version="7.94">
<host starttime="1700000000" endtime="1700000060"><status state="up"/>
<address addr="10.0.0.7" addrtype="ipv4"/>
<address addr="AA:BB:CC:00:11:22" addrtype="mac" vendor="Acme"/>
<hostnames><hostname name="ptr.example.net" type="PTR"/>
<hostname name="web.example.com" type="user"/></hostnames>
<ports><port protocol="tcp" portid="443"><state state="open"/>
<service name="https" product="nginx" version="1.18.0"><cpe>cpe:/a:nginx:nginx:1.18.0</cpe></service>
<script id="vulners" output="..."><table key="cpe:/a:nginx:nginx:1.18.0">
<table><elem key="cvss">9.8</elem><elem key="id">CVE-2021-23017</elem>
<elem key="is_exploit">true</elem><elem key="type">cve</elem></table>
<table><elem key="cvss">7.5</elem><elem key="id">EDB-ID:50973</elem>
<elem key="is_exploit">true</elem><elem key="type">exploitdb</elem></table>
</table></script></port>
<port protocol="tcp" portid="25"><state state="filtered"/></port>
</ports>
<os><osmatch name="Linux 5.4" accuracy="95"/><osmatch name="Linux 4.15" accuracy="90"/></os>
</host>
<host><status state="down"/><address addr="10.0.0.8" addrtype="ipv4"/></host>
</nmaprun>)";
  Analyzer a;
  testing::FeedInChunks(&a, "t.xml", doc, 3);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty());
  ASSERT_EQ(a.store().findings().size(), 3u);
  ASSERT_EQ(a.store().assets().size(), 1u);
  const Asset& asset = a.store().assets()[0];
  EXPECT_EQ(asset.ids.ip, "10.0.0.7");
  EXPECT_EQ(asset.ids.mac, "AA:BB:CC:00:11:22");
  EXPECT_EQ(asset.ids.fqdn, "web.example.com");
  EXPECT_EQ(asset.os, "Linux 5.4");
  const Finding& port = a.store().findings()[0];
  EXPECT_EQ(port.category, Category::kInformation);
  EXPECT_EQ(port.rule_id, "open-port");
  EXPECT_EQ(port.severity, Severity::kInfo);
  EXPECT_EQ(port.port, 443u);
  EXPECT_EQ(port.service, "https");
  EXPECT_EQ(port.first_seen, "2023-11-14T22:13:20Z");
  const Finding& cve = a.store().findings()[1];
  EXPECT_EQ(cve.rule_id, "CVE-2021-23017");
  EXPECT_EQ(cve.cves, (std::vector<std::string>{"CVE-2021-23017"}));
  EXPECT_EQ(cve.severity, Severity::kCritical);
  EXPECT_TRUE(cve.evidence_flags & kEvidenceExploit);
  ASSERT_EQ(cve.cvss.size(), 1u);
  EXPECT_EQ(cve.cvss[0].score_tenths, 98);
  EXPECT_EQ(cve.component.name, "nginx");
  EXPECT_EQ(cve.component.installed, "1.18.0");
  const Finding& edb = a.store().findings()[2];
  EXPECT_EQ(edb.aliases, (std::vector<std::string>{"EDB-ID:50973"}));
  EXPECT_EQ(edb.severity, Severity::kHigh);
  ASSERT_EQ(a.store().services().size(), 1u);
  EXPECT_EQ(a.store().services()[0].product, "nginx");
  EXPECT_EQ(a.store().services()[0].version, "1.18.0");
}

TEST(NmapImporter, TruncatedFileKeepsCompleteHostsAndReportsError) {
  std::string data;
  ASSERT_TRUE(ReadFile(CorpusDir() + "/nmap/issue12411.xml", &data));
  size_t second = data.find("<host ", data.find("<host ") + 1);
  ASSERT_NE(second, std::string::npos);
  Analyzer a;
  testing::FeedInChunks(&a, "cut.xml", data.substr(0, second + 300), 100);
  const Input& in = a.store().inputs()[0];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_TRUE(in.partial);
  EXPECT_NE(in.errors[0].location.find("line "), std::string::npos);
  EXPECT_EQ(in.findings, 2u);  // the first host's two open ports

  // Cut after the second host's first port: that host and port are kept.
  size_t port_end = data.find("</port>", second);
  ASSERT_NE(port_end, std::string::npos);
  Analyzer b;
  testing::FeedInChunks(&b, "cut.xml", data.substr(0, port_end + 10), 100);
  EXPECT_TRUE(b.store().inputs()[0].partial);
  EXPECT_EQ(b.store().inputs()[0].findings, 3u);
  EXPECT_EQ(b.store().inputs()[0].assets.size(), 2u);
}

TEST(NmapImporter, Sniff) {
  EXPECT_TRUE(
      SniffNmap("<?xml version=\"1.0\"?>\n<!DOCTYPE nmaprun>\n"
                "<nmaprun scanner=\"nmap\">",
                false));
  EXPECT_FALSE(SniffNmap("<NessusClientData_v2>", false));
  EXPECT_FALSE(SniffNmap("{\"nmaprun\": 1}", true));
}

}  // namespace
}  // namespace exposure
