#include "core/importers/burp_importer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::ReportFor;

TEST(BurpImporter, MapsFieldsAndDropsRequests) {
  const std::string doc = R"(<?xml version="1.0"?>
<issues burpVersion="2021.4.2" exportTime="x">
<issue><serialNumber>1</serialNumber><type>2097920</type>
<name>Cross-site scripting (reflected)</name>
<host ip="192.0.2.7">https://shop.example.test</host><path><![CDATA[/search]]></path>
<location><![CDATA[/search [q parameter]]]></location>
<severity>High</severity><confidence>Certain</confidence>
<issueBackground><![CDATA[<p>Reflected XSS.</p>]]></issueBackground>
<remediationBackground><![CDATA[<p>Encode output.</p>]]></remediationBackground>
<references><![CDATA[<ul><li><a href="https://r.example/xss">XSS</a></li></ul>]]></references>
<vulnerabilityClassifications><![CDATA[<ul><li><a href="https://cwe.mitre.org/data/definitions/79.html">CWE-79: XSS</a></li></ul>]]></vulnerabilityClassifications>
<issueDetail><![CDATA[The value of the <b>q</b> parameter is copied.]]></issueDetail>
<requestresponse><request method="GET" base64="true"><![CDATA[R0VUIC8gSFRUUC8xLjE=]]></request>
<response base64="true"><![CDATA[SFRUUC8xLjEgMjAwIE9L]]></response></requestresponse>
</issue></issues>)";
  Analyzer a;
  testing::FeedInChunks(&a, "b.xml", doc, 8);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.format, "burp");
  ASSERT_EQ(a.store().findings().size(), 1u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.rule_id, "2097920");
  EXPECT_EQ(f.title, "Cross-site scripting (reflected)");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.tool_severity, "High (Certain)");
  EXPECT_EQ(f.cwes, (std::vector<std::string>{"CWE-79"}));
  EXPECT_EQ(f.references, (std::vector<std::string>{"https://r.example/xss"}));
  EXPECT_EQ(f.location, "https://shop.example.test/search");
  EXPECT_EQ(f.description, "Reflected XSS.");
  EXPECT_EQ(f.solution, "Encode output.");
  EXPECT_EQ(f.evidence, "The value of the q parameter is copied.");
  EXPECT_EQ(f.port, 443u);
  EXPECT_EQ(a.store().assets()[f.asset].ids.fqdn, "shop.example.test");
  EXPECT_EQ(ReportFor("b.xml", doc).find("R0VUIC8"), std::string::npos);
}

// Certainty "Certain" is evidence proven on the host; "Firm" and
// "Tentative" are not; "False positive" (as severity or certainty) is a
// status, never evidence.
TEST(BurpImporter, CertainIssuesCarryConfirmedEvidence) {
  auto issue = [](const std::string& type, const std::string& severity,
                  const std::string& certainty) {
    return "<issue><type>" + type + "</type><name>I" + type +
           "</name><host ip=\"192.0.2.7\">https://shop.example.test</host>"
           "<path>/</path><severity>" +
           severity + "</severity><confidence>" + certainty +
           "</confidence></issue>";
  };
  const std::string doc =
      "<issues burpVersion=\"2023.1\">" + issue("1", "High", "Certain") +
      issue("2", "Information", "Certain") + issue("3", "High", "Firm") +
      issue("4", "Medium", "Tentative") +
      issue("5", "False positive", "Certain") +
      issue("6", "Low", "False positive") + "</issues>";
  Analyzer a;
  testing::FeedInChunks(&a, "b.xml", doc, 11);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty());
  const auto& findings = a.store().findings();
  ASSERT_EQ(findings.size(), 6u);
  const uint16_t evidence[] = {
      kEvidenceConfirmed, kEvidenceConfirmed, 0, 0, 0, 0};
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding f = findings[i];
    EXPECT_EQ(f.evidence_flags, evidence[i]) << f.rule_id;
    EXPECT_EQ(f.status == FindingStatus::kFalsePositive, i >= 4) << f.rule_id;
  }
}

// The corpus's Burp exports: their issues marked Certain.
TEST(BurpImporter, ConfirmedIssuesOfTheCorpus) {
  const struct {
    const char* file;
    size_t findings;
    size_t confirmed;
  } kCases[] = {
      {"issue4399.xml", 441, 404},
      {"one_finding.xml", 3, 0},
      {"one_finding_with_blank_response.xml", 1, 0},
      {"one_finding_with_cwe.xml", 1, 1},
      {"seven_findings.xml", 16, 9},
  };
  for (const auto& c : kCases) {
    const testing::EvidenceCount n = testing::CountEvidence(
        testing::CorpusDir() + "/burp/" + c.file, "burp", kEvidenceConfirmed);
    EXPECT_EQ(n.findings, c.findings) << c.file;
    EXPECT_EQ(n.with, c.confirmed) << c.file;
    EXPECT_EQ(n.false_positives, 0u) << c.file;
  }
}

TEST(BurpImporter, Sniff) {
  EXPECT_TRUE(
      SniffBurp("<?xml version=\"1.0\"?>\n<issues burpVersion=\"1\">", false));
  EXPECT_FALSE(SniffBurp("<issues><issue><id>1</id></issue></issues>", true));
  EXPECT_FALSE(SniffBurp("<OWASPZAPReport>", false));
}

}  // namespace
}  // namespace exposure
