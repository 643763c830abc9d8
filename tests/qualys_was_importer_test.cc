#include "core/importers/qualys_was_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::ReadFile;

TEST(QualysWasImporter, MapsFields) {
  const std::string doc = R"(<?xml version='1.0' encoding='UTF-8'?>
<WAS_SCAN_REPORT><RESULTS><VULNERABILITY_LIST><VULNERABILITY>
<UNIQUE_ID>u1</UNIQUE_ID><QID>150001</QID><URL>https://shop.example.com/search</URL>
<PARAM>q</PARAM><DETECTION_DATE>05 Feb 2021 09:15PM GMT-0500</DETECTION_DATE>
<PAYLOADS><PAYLOAD><NUM>1</NUM><PAYLOAD>&lt;script&gt;</PAYLOAD>
<REQUEST><METHOD>GET</METHOD><URL>https://shop.example.com/search?q=x</URL></REQUEST>
<RESPONSE><CONTENTS base64="true">aGVsbG8=</CONTENTS></RESPONSE></PAYLOAD></PAYLOADS>
<IGNORED>true</IGNORED><IGNORED_REASON>FALSE_POSITIVE</IGNORED_REASON>
</VULNERABILITY></VULNERABILITY_LIST>
<INFORMATION_GATHERED_LIST><INFORMATION_GATHERED><QID>6</QID>
<DATA base64="true">aW5mbw==</DATA></INFORMATION_GATHERED></INFORMATION_GATHERED_LIST></RESULTS>
<GLOSSARY><QID_LIST>
<QID><QID>150001</QID><CATEGORY>Confirmed Vulnerability</CATEGORY><SEVERITY>4</SEVERITY>
<TITLE>Reflected XSS</TITLE><GROUP>XSS</GROUP><DESCRIPTION>Bad.</DESCRIPTION>
<IMPACT>Worse.</IMPACT><SOLUTION><![CDATA[Encode<BR>output.]]></SOLUTION>
<CWE>CWE-79</CWE><WASC>WASC-8</WASC><CVSS_BASE>6.1</CVSS_BASE></QID>
<QID><QID>6</QID><CATEGORY>Information Gathered</CATEGORY><SEVERITY>2</SEVERITY><TITLE>DNS</TITLE></QID>
</QID_LIST></GLOSSARY>
<APPENDIX><WEBAPP><ID>1</ID><NAME>Shop</NAME><URL>https://shop.example.com</URL>
<OPERATING_SYSTEM>Linux</OPERATING_SYSTEM></WEBAPP></APPENDIX>
</WAS_SCAN_REPORT>)";
  Analyzer a;
  testing::FeedInChunks(&a, "t.xml", doc, 5);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty());
  EXPECT_EQ(a.store().inputs()[0].format, "qualys_was");
  ASSERT_EQ(a.store().findings().size(), 2u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.rule_id, "150001");
  EXPECT_EQ(f.title, "Reflected XSS");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.status, FindingStatus::kFalsePositive);
  EXPECT_EQ(f.location, "https://shop.example.com/search (parameter q)");
  EXPECT_EQ(f.cwes, (std::vector<std::string>{"CWE-79"}));
  EXPECT_EQ(f.aliases, (std::vector<std::string>{"WASC-8"}));
  EXPECT_EQ(f.description, "Bad.\n\nImpact: Worse.");
  EXPECT_EQ(f.solution, "Encode\noutput.");
  EXPECT_EQ(f.evidence,
            "Payload: <script>\nRequest: GET "
            "https://shop.example.com/search?q=x\nResponse: hello");
  EXPECT_EQ(f.first_seen, "2021-02-05T21:15:00-05:00");
  const Finding& ig = a.store().findings()[1];
  EXPECT_EQ(ig.severity, Severity::kInfo);
  EXPECT_EQ(ig.category, Category::kInformation);
  EXPECT_EQ(ig.evidence, "info");
  const Asset& asset = a.store().assets()[f.asset];
  EXPECT_EQ(asset.kind, AssetKind::kWebApplication);
  EXPECT_EQ(asset.name, "Shop");
  EXPECT_EQ(asset.ids.url, "https://shop.example.com");
  EXPECT_EQ(asset.os, "Linux");
}

TEST(QualysWasImporter, TruncatedFileKeepsReadRecordsAndReportsError) {
  std::string data;
  ASSERT_TRUE(ReadFile(
      CorpusDir() + "/qualys_webapp/qualys_webapp_many_vuln.xml", &data));
  size_t cut = data.find("<GLOSSARY>");
  ASSERT_NE(cut, std::string::npos);
  Analyzer a;
  testing::FeedInChunks(&a, "cut.xml", data.substr(0, cut + 500), 4096);
  const Input& in = a.store().inputs()[0];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_TRUE(in.partial);
  EXPECT_NE(in.errors[0].location.find("line "), std::string::npos);
  EXPECT_EQ(in.findings, 22u);
}

TEST(QualysWasImporter, Sniff) {
  EXPECT_TRUE(
      SniffQualysWas("<?xml version='1.0'?>\n<WAS_SCAN_REPORT>", false));
  EXPECT_TRUE(SniffQualysWas("<WAS_WEBAPP_REPORT>", false));
  EXPECT_FALSE(SniffQualysWas("<ASSET_DATA_REPORT>", false));
}

}  // namespace
}  // namespace exposure
