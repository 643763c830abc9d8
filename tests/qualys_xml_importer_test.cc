#include "core/importers/qualys_xml_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::ReadFile;

TEST(QualysXmlImporter, SeverityDistribution) {
  std::string data;
  ASSERT_TRUE(
      ReadFile(CorpusDir() + "/qualys/Qualys_Sample_Report.xml", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "q.xml", data, 64 * 1024);
  int counts[kSeverityCount] = {};
  for (const Finding& f : a.store().findings())
    ++counts[static_cast<int>(f.severity)];
  // 209 information-gathered records; vulnerabilities: level 1-2: 8 + 39,
  // level 3: 32, level 4: 4 + 2 potential, level 5: 7.
  EXPECT_EQ(counts[0], 209);
  EXPECT_EQ(counts[1], 47);
  EXPECT_EQ(counts[2], 32);
  EXPECT_EQ(counts[3], 6);
  EXPECT_EQ(counts[4], 7);
}

TEST(QualysXmlImporter, MapsFields) {
  const std::string doc = R"(<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE ASSET_DATA_REPORT SYSTEM "x.dtd">
<ASSET_DATA_REPORT><HOST_LIST><HOST>
<IP>10.2.2.2</IP><DNS><![CDATA[app.example.com]]></DNS><NETBIOS>APP</NETBIOS>
<OPERATING_SYSTEM><![CDATA[Windows 2016]]></OPERATING_SYSTEM>
<ASSET_GROUPS><ASSET_GROUP_TITLE><![CDATA[Prod]]></ASSET_GROUP_TITLE></ASSET_GROUPS>
<VULN_INFO_LIST><VULN_INFO><QID id="qid_91">91</QID><TYPE>Vuln</TYPE>
<PORT>445</PORT><SERVICE>microsoft-ds</SERVICE><PROTOCOL>tcp</PROTOCOL>
<RESULT><![CDATA[SMBv1 enabled]]></RESULT>
<FIRST_FOUND>2024-01-01T00:00:00Z</FIRST_FOUND><LAST_FOUND>2024-02-01T00:00:00Z</LAST_FOUND>
<VULN_STATUS>Fixed</VULN_STATUS></VULN_INFO>
<VULN_INFO><QID id="qid_6">6</QID><TYPE>Ig</TYPE><RESULT>app</RESULT></VULN_INFO>
</VULN_INFO_LIST></HOST></HOST_LIST>
<GLOSSARY><VULN_DETAILS_LIST>
<VULN_DETAILS id="qid_91"><QID id="qid_91">91</QID><TITLE><![CDATA[SMB RCE]]></TITLE>
<SEVERITY>5</SEVERITY><CATEGORY>Windows</CATEGORY>
<THREAT><![CDATA[Remote code<BR>execution &amp; more.]]></THREAT>
<IMPACT><![CDATA[Full control.]]></IMPACT><SOLUTION><![CDATA[<P>Patch.]]></SOLUTION>
<CORRELATION><EXPLOITABILITY><EXPLT_SRC><SRC_NAME>x</SRC_NAME><EXPLT_LIST><EXPLT>
<REF>CVE-2017-0144</REF><DESC>d</DESC><LINK><![CDATA[https://exploit.example/1]]></LINK></EXPLT>
</EXPLT_LIST></EXPLT_SRC></EXPLOITABILITY></CORRELATION>
<CVSS_SCORE><CVSS_BASE>9.3 (AV:N/AC:M/Au:N/C:C/I:C/A:C)</CVSS_BASE><CVSS_TEMPORAL>7.7 (E:H/RL:OF/RC:C)</CVSS_TEMPORAL></CVSS_SCORE>
<CVE_ID_LIST><CVE_ID><ID><![CDATA[CVE-2017-0144]]></ID><URL>u</URL></CVE_ID></CVE_ID_LIST>
<BUGTRAQ_ID_LIST><BUGTRAQ_ID><ID>96704</ID><URL>u</URL></BUGTRAQ_ID></BUGTRAQ_ID_LIST>
</VULN_DETAILS>
<VULN_DETAILS id="qid_6"><QID id="qid_6">6</QID><TITLE>DNS Host Name</TITLE><SEVERITY>1</SEVERITY></VULN_DETAILS>
</VULN_DETAILS_LIST></GLOSSARY></ASSET_DATA_REPORT>)";
  Analyzer a;
  testing::FeedInChunks(&a, "t.xml", doc, 6);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty());
  EXPECT_EQ(a.store().inputs()[0].format, "qualys_xml");
  ASSERT_EQ(a.store().findings().size(), 2u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.rule_id, "91");
  EXPECT_EQ(f.title, "SMB RCE");
  EXPECT_EQ(f.severity, Severity::kCritical);
  EXPECT_EQ(f.tool_severity, "5");
  EXPECT_EQ(f.status, FindingStatus::kFixed);
  EXPECT_EQ(f.port, 445u);
  EXPECT_EQ(f.service, "microsoft-ds");
  EXPECT_EQ(f.cves, (std::vector<std::string>{"CVE-2017-0144"}));
  EXPECT_EQ(f.aliases, (std::vector<std::string>{"BID-96704"}));
  ASSERT_EQ(f.cvss.size(), 1u);
  EXPECT_EQ(f.cvss[0].vector, "AV:N/AC:M/Au:N/C:C/I:C/A:C/E:H/RL:OF/RC:C");
  EXPECT_EQ(f.cvss[0].score_tenths, 93);
  EXPECT_TRUE(f.evidence_flags & kEvidenceExploit);
  EXPECT_EQ(f.description,
            "Remote code\nexecution & more.\n\nImpact: Full control.");
  EXPECT_EQ(f.solution, "Patch.");
  EXPECT_EQ(f.evidence, "SMBv1 enabled");
  EXPECT_EQ(f.first_seen, "2024-01-01T00:00:00Z");
  EXPECT_EQ(f.last_seen, "2024-02-01T00:00:00Z");
  const Finding& ig = a.store().findings()[1];
  EXPECT_EQ(ig.severity, Severity::kInfo);
  EXPECT_EQ(ig.category, Category::kInformation);
  const Asset& asset = a.store().assets()[f.asset];
  EXPECT_EQ(asset.ids.ip, "10.2.2.2");
  EXPECT_EQ(asset.ids.fqdn, "app.example.com");
  EXPECT_EQ(asset.ids.hostname, "APP");
  EXPECT_EQ(asset.os, "Windows 2016");
  EXPECT_EQ(asset.tags, (std::vector<std::string>{"Prod"}));
}

// A report without its glossary: each QID is its own rule, "QID <n>",
// informational; an Ig record stays informational with a glossary too.
TEST(QualysXmlImporter, QidWithoutGlossaryEntry) {
  const std::string doc = R"(<ASSET_DATA_REPORT><HOST_LIST><HOST>
<IP>10.2.2.3</IP><VULN_INFO_LIST>
<VULN_INFO><QID id="qid_7">7</QID><TYPE>Vuln</TYPE></VULN_INFO>
<VULN_INFO><QID id="qid_8">8</QID><TYPE>Ig</TYPE></VULN_INFO>
</VULN_INFO_LIST></HOST></HOST_LIST>
<GLOSSARY><VULN_DETAILS_LIST>
<VULN_DETAILS id="qid_8"><QID id="qid_8">8</QID><TITLE>Open ports</TITLE><SEVERITY>4</SEVERITY></VULN_DETAILS>
</VULN_DETAILS_LIST></GLOSSARY></ASSET_DATA_REPORT>)";
  Analyzer a;
  testing::FeedInChunks(&a, "g.xml", doc, 7);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty());
  ASSERT_EQ(a.store().findings().size(), 2u);
  const Finding bare = a.store().findings()[0];
  EXPECT_EQ(bare.title, "QID 7");
  EXPECT_EQ(bare.severity, Severity::kInfo);
  EXPECT_EQ(bare.category, Category::kVulnerability);
  const Finding ig = a.store().findings()[1];
  EXPECT_EQ(ig.title, "Open ports");
  EXPECT_EQ(ig.tool_severity, "4");
  EXPECT_EQ(ig.severity, Severity::kInfo);
}

TEST(QualysXmlImporter, TruncatedFileKeepsReadRecordsAndReportsError) {
  std::string data;
  ASSERT_TRUE(
      ReadFile(CorpusDir() + "/qualys/Qualys_Sample_Report.xml", &data));
  size_t cut = data.find("<GLOSSARY>");
  ASSERT_NE(cut, std::string::npos);
  Analyzer a;
  testing::FeedInChunks(&a, "cut.xml", data.substr(0, cut + 2000), 4096);
  const Input& in = a.store().inputs()[0];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_TRUE(in.partial);
  EXPECT_NE(in.errors[0].location.find("line "), std::string::npos);
  EXPECT_EQ(in.findings, 301u);
}

TEST(QualysXmlImporter, Sniff) {
  EXPECT_TRUE(SniffQualysXml(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE ASSET_DATA_REPORT SYSTEM "
      "\"x.dtd\">\n<ASSET_DATA_REPORT>",
      false));
  EXPECT_FALSE(SniffQualysXml("<WAS_SCAN_REPORT>", false));
}

}  // namespace
}  // namespace exposure
