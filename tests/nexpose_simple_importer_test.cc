#include "core/importers/nexpose_simple_importer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::FixtureDir;
using testing::ReadFile;

std::string Sample() {
  return FixtureDir() + "/nexpose_simple/simple_two_devices.xml";
}

// 6 vulnerable results: 2 on the first host itself, 1 on each of its two
// services, 2 on the second host's SSH service.
TEST(NexposeSimpleImporter, OneFindingPerVulnerableResult) {
  EXPECT_TRUE(testing::ImportsAs(Sample(), "nexpose_simple", 6));
}

// The fixture's VE results (a host's TCP timestamps, SMB signing) are
// confirmed; its VV and VP ones are not.
TEST(NexposeSimpleImporter, VulnerableExploitedIsConfirmed) {
  const testing::EvidenceCount n =
      testing::CountEvidence(Sample(), "nexpose_simple", kEvidenceConfirmed);
  EXPECT_EQ(n.findings, 6u);
  EXPECT_EQ(n.with, 3u);
}

TEST(NexposeSimpleImporter, MapsFields) {
  const std::string doc = R"XML(<NeXposeSimpleXML version="1.0">
<generated>20111128T142609232</generated>
<devices>
<device address="192.168.10.5">
<vulnerabilities>
<vulnerability id="Windows-Hotfix-MS08-067" resultCode="VE">
<id type="cve">cve-2008-4250</id>
<id type="bid">31874</id>
<id type="ms">MS08-067</id>
<id type="cwe">94</id>
<id type="url">https://docs.microsoft.com/security-updates/securitybulletins/2008/ms08-067</id>
</vulnerability>
<vulnerability id="not-here" resultCode="NV"></vulnerability>
</vulnerabilities>
<fingerprint certainty="0.60"><description>Microsoft Windows XP</description></fingerprint>
<fingerprint certainty="0.95"><description>Microsoft Windows Server 2003 SP2</description></fingerprint>
<services>
<service name="&lt;unknown&gt;" port="8443" protocol="TCP">
<vulnerabilities>
<vulnerability id="tls-self-signed" resultCode="VP"></vulnerability>
</vulnerabilities>
</service>
</services>
</device>
<device address="files.corp.example">
<vulnerabilities><vulnerability id="ftp-anonymous"></vulnerability></vulnerabilities>
</device>
</devices>
</NeXposeSimpleXML>)XML";
  Analyzer a;
  testing::FeedInChunks(&a, "s.xml", doc, 3);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.format, "nexpose_simple");
  ASSERT_EQ(a.store().findings().size(), 3u);

  const Finding& host = a.store().findings()[0];
  EXPECT_EQ(host.format, "nexpose_simple");
  EXPECT_EQ(host.tool, "Nexpose");
  EXPECT_EQ(host.category, Category::kVulnerability);
  EXPECT_EQ(host.rule_id, "windows-hotfix-ms08-067");
  EXPECT_EQ(host.title, "windows-hotfix-ms08-067");
  EXPECT_EQ(host.severity, Severity::kInfo);
  EXPECT_EQ(host.cves, (std::vector<std::string>{"CVE-2008-4250"}));
  EXPECT_EQ(host.aliases, (std::vector<std::string>{"BID-31874", "MS08-067"}));
  EXPECT_EQ(host.cwes, (std::vector<std::string>{"CWE-94"}));
  EXPECT_EQ(host.references,
            (std::vector<std::string>{"https://docs.microsoft.com/"
                                      "security-updates/securitybulletins/"
                                      "2008/ms08-067"}));
  EXPECT_EQ(host.evidence, "Result: VE (vulnerable-exploited)");
  EXPECT_EQ(host.evidence_flags, kEvidenceConfirmed);
  EXPECT_EQ(host.port, 0u);

  const Finding& svc = a.store().findings()[1];
  EXPECT_EQ(svc.rule_id, "tls-self-signed");
  EXPECT_EQ(svc.port, 8443u);
  EXPECT_EQ(svc.protocol, "tcp");
  EXPECT_EQ(svc.service, "");
  EXPECT_EQ(svc.evidence, "Result: VP (vulnerable-potential)");
  EXPECT_EQ(svc.evidence_flags, 0);
  EXPECT_EQ(svc.asset, host.asset);

  // The fingerprints came after the vulnerabilities; the most certain wins.
  const Asset& asset = a.store().assets()[host.asset];
  EXPECT_EQ(asset.ids.ip, "192.168.10.5");
  EXPECT_EQ(asset.os, "Microsoft Windows Server 2003 SP2");
  ASSERT_EQ(a.store().services().size(), 1u);
  EXPECT_EQ(a.store().services()[0].port, 8443u);

  const Finding& named = a.store().findings()[2];
  EXPECT_EQ(named.rule_id, "ftp-anonymous");
  EXPECT_EQ(named.evidence, "");
  EXPECT_EQ(named.evidence_flags, 0) << "no result code says nothing";
  EXPECT_EQ(a.store().assets()[named.asset].ids.fqdn, "files.corp.example");
}

TEST(NexposeSimpleImporter, CutDeviceKeepsWholeVulnerabilities) {
  std::string data;
  ASSERT_TRUE(ReadFile(Sample(), &data));
  // Cut inside the second host's second SSH vulnerability.
  size_t cut = data.find("ssh-cbc-ciphers");
  ASSERT_NE(cut, std::string::npos);
  Analyzer a;
  testing::FeedInChunks(&a, "cut.xml", data.substr(0, cut), 100);
  const Input& in = a.store().inputs()[0];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_TRUE(in.partial);
  EXPECT_NE(in.errors[0].location.find("line "), std::string::npos);
  EXPECT_EQ(in.findings, 5u);
  EXPECT_EQ(in.assets.size(), 2u);
}

TEST(NexposeSimpleImporter, Sniff) {
  EXPECT_TRUE(SniffNexposeSimple(
      "<?xml version=\"1.0\"?>\n<NeXposeSimpleXML version=\"1.0\">", false));
  EXPECT_FALSE(SniffNexposeSimple("<NexposeReport version=\"2.0\">", false));
}

}  // namespace
}  // namespace exposure
