#include "core/importers/zap_json_importer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::FixtureDir;
using testing::ReadFile;

std::string FixturePath() {
  return FixtureDir() + "/zap_json/zap_baseline_2.14.json";
}

TEST(ZapJsonImporter, OneFindingPerAlert) {
  EXPECT_TRUE(testing::ImportsAs(FixturePath(), "zap_json", 5));
}

TEST(ZapJsonImporter, FieldMapping) {
  Analyzer a;
  std::string data;
  ASSERT_TRUE(ReadFile(FixturePath(), &data));
  testing::FeedInChunks(&a, "z.json", data, 64);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.format, "zap_json");
  ASSERT_EQ(a.store().findings().size(), 5u);
  const Finding& xss = a.store().findings()[0];
  EXPECT_EQ(xss.format, "zap_json");
  EXPECT_EQ(xss.tool, "OWASP ZAP");
  EXPECT_EQ(xss.rule_id, "40012");
  EXPECT_EQ(xss.title, "Cross Site Scripting (Reflected)");
  EXPECT_EQ(xss.severity, Severity::kHigh);
  EXPECT_EQ(xss.tool_severity, "High (Medium)");
  EXPECT_EQ(xss.status, FindingStatus::kOpen);
  EXPECT_EQ(xss.category, Category::kVulnerability);
  EXPECT_EQ(xss.cwes, (std::vector<std::string>{"CWE-79"}));
  EXPECT_EQ(xss.aliases, (std::vector<std::string>{"WASC-8"}));
  EXPECT_EQ(xss.port, 443u);
  EXPECT_EQ(xss.protocol, "tcp");
  EXPECT_EQ(xss.service, "https");
  EXPECT_EQ(xss.location,
            "https://shop.example.test/"
            "search?q=%3Cscript%3Ealert%281%29%3B%3C%2Fscript%3E");
  EXPECT_NE(xss.evidence.find("\nPOST https://shop.example.test/account/login "
                              "param=returnUrl attack=\"><scrIpt>"),
            std::string::npos);
  EXPECT_EQ(xss.references,
            (std::vector<std::string>{
                "https://owasp.org/www-community/attacks/xss/",
                "https://cwe.mitre.org/data/definitions/79.html"}));
  EXPECT_EQ(xss.solution,
            "Phase: Architecture and Design\nUse a vetted library or "
            "framework that does not allow this weakness to occur.");

  const Finding& csrf = a.store().findings()[1];
  EXPECT_EQ(csrf.status, FindingStatus::kFalsePositive);
  EXPECT_EQ(csrf.evidence,
            "GET https://shop.example.test/newsletter evidence=<form "
            "action=\"/newsletter/subscribe\" method=\"POST\">\n"
            "No known Anti-CSRF token was found.");
  EXPECT_EQ(a.store().findings()[2].rule_id, "10035-1");
  const Finding& info = a.store().findings()[3];
  EXPECT_EQ(info.severity, Severity::kInfo);
  EXPECT_EQ(info.category, Category::kInformation);
  EXPECT_TRUE(info.cwes.empty());
  EXPECT_TRUE(info.aliases.empty());
  EXPECT_TRUE(info.references.empty());

  const Asset& shop = a.store().assets()[xss.asset];
  EXPECT_EQ(shop.kind, AssetKind::kWebApplication);
  EXPECT_EQ(shop.name, "https://shop.example.test");
  EXPECT_EQ(shop.ids.url, "https://shop.example.test");
  EXPECT_EQ(shop.ids.fqdn, "shop.example.test");
  const Finding& server = a.store().findings()[4];
  const Asset& tomcat = a.store().assets()[server.asset];
  EXPECT_EQ(tomcat.ids.ip, "10.0.0.5");
  EXPECT_EQ(server.service, "http");
  EXPECT_EQ(server.port, 8080u);
  ASSERT_EQ(a.store().services().size(), 2u);
}

// The same scan as XML and as JSON gives the same findings, field by field
// (only the format differs).
TEST(ZapJsonImporter, SameFindingsAsTheXmlReport) {
  const std::string xml = R"(<?xml version="1.0"?>
<OWASPZAPReport version="2.14.0" generated="Tue, 12 Mar 2024 09:41:07">
<site name="http://app.example.test:8080" host="app.example.test" port="8080" ssl="false">
<alerts>
<alertitem>
<pluginid>10202</pluginid><alertRef>10202</alertRef>
<alert>Absence of Anti-CSRF Tokens</alert><name>Absence of Anti-CSRF Tokens</name>
<riskcode>2</riskcode><confidence>0</confidence><riskdesc>Medium (False Positive)</riskdesc>
<desc>&lt;p&gt;No Anti-CSRF tokens.&lt;/p&gt;</desc>
<instances>
<instance><uri>http://app.example.test:8080/login</uri><method>POST</method><param>user</param><attack></attack><evidence>&lt;form&gt;</evidence><otherinfo>ignored</otherinfo></instance>
<instance><uri>http://app.example.test:8080/signup</uri><method>GET</method><param></param><attack></attack><evidence></evidence></instance>
</instances>
<count>2</count>
<solution>&lt;p&gt;Use tokens.&lt;/p&gt;</solution>
<otherinfo>&lt;p&gt;Form 1&lt;/p&gt;</otherinfo>
<reference>&lt;p&gt;https://a.example/1&lt;/p&gt;&lt;p&gt;https://a.example/2&lt;/p&gt;</reference>
<cweid>352</cweid><wascid>9</wascid><sourceid>3</sourceid>
</alertitem>
<alertitem>
<pluginid>10109</pluginid><alertRef>10109</alertRef>
<alert>Modern Web Application</alert><name>Modern Web Application</name>
<riskcode>0</riskcode><confidence>2</confidence><riskdesc>Informational (Medium)</riskdesc>
<desc>&lt;p&gt;Modern.&lt;/p&gt;</desc>
<instances></instances><count>0</count>
<solution></solution><otherinfo></otherinfo><reference></reference>
<cweid>-1</cweid><wascid>-1</wascid><sourceid>3</sourceid>
</alertitem>
</alerts></site></OWASPZAPReport>)";
  const std::string json = R"json({"@programName": "ZAP", "@version": "2.14.0",
"@generated": "Tue, 12 Mar 2024 09:41:07", "site": [{
 "@name": "http://app.example.test:8080", "@host": "app.example.test",
 "@port": "8080", "@ssl": "false", "alerts": [
 {"pluginid": "10202", "alertRef": "10202",
  "alert": "Absence of Anti-CSRF Tokens", "name": "Absence of Anti-CSRF Tokens",
  "riskcode": "2", "confidence": "0", "riskdesc": "Medium (False Positive)",
  "desc": "<p>No Anti-CSRF tokens.</p>",
  "instances": [
   {"uri": "http://app.example.test:8080/login", "method": "POST",
    "param": "user", "attack": "", "evidence": "<form>", "otherinfo": "ignored"},
   {"uri": "http://app.example.test:8080/signup", "method": "GET",
    "param": "", "attack": "", "evidence": ""}],
  "count": "2", "solution": "<p>Use tokens.</p>", "otherinfo": "<p>Form 1</p>",
  "reference": "<p>https://a.example/1</p><p>https://a.example/2</p>",
  "cweid": "352", "wascid": "9", "sourceid": "3"
},
 {"pluginid": "10109", "alertRef": "10109", "alert": "Modern Web Application",
  "name": "Modern Web Application", "riskcode": "0", "confidence": "2",
  "riskdesc": "Informational (Medium)", "desc": "<p>Modern.</p>",
  "instances": [], "count": "0", "solution": "", "otherinfo": "",
  "reference": "", "cweid": "-1", "wascid": "-1", "sourceid": "3"}]
}]
})json";
  Analyzer from_xml;
  testing::FeedInChunks(&from_xml, "z.xml", xml, 13);
  Analyzer from_json;
  testing::FeedInChunks(&from_json, "z.json", json, 13);
  ASSERT_TRUE(from_xml.store().inputs()[0].errors.empty());
  ASSERT_TRUE(from_json.store().inputs()[0].errors.empty());
  EXPECT_EQ(from_json.store().inputs()[0].format, "zap_json");
  const auto& x = from_xml.store().findings();
  const auto& j = from_json.store().findings();
  ASSERT_EQ(x.size(), 2u);
  ASSERT_EQ(j.size(), x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(j[i].format, "zap_json");
    EXPECT_EQ(j[i].rule_id, x[i].rule_id);
    EXPECT_EQ(j[i].title, x[i].title);
    EXPECT_EQ(j[i].severity, x[i].severity);
    EXPECT_EQ(j[i].tool_severity, x[i].tool_severity);
    EXPECT_EQ(j[i].status, x[i].status);
    EXPECT_EQ(j[i].evidence_flags, x[i].evidence_flags);
    EXPECT_EQ(j[i].category, x[i].category);
    EXPECT_EQ(j[i].cwes, x[i].cwes);
    EXPECT_EQ(j[i].aliases, x[i].aliases);
    EXPECT_EQ(j[i].references, x[i].references);
    EXPECT_EQ(j[i].description, x[i].description);
    EXPECT_EQ(j[i].solution, x[i].solution);
    EXPECT_EQ(j[i].evidence, x[i].evidence);
    EXPECT_EQ(j[i].location, x[i].location);
    EXPECT_EQ(j[i].port, x[i].port);
    EXPECT_EQ(j[i].protocol, x[i].protocol);
    EXPECT_EQ(j[i].service, x[i].service);
  }
  const Asset& ax = from_xml.store().assets()[x[0].asset];
  const Asset& aj = from_json.store().assets()[j[0].asset];
  EXPECT_EQ(aj.name, ax.name);
  EXPECT_EQ(aj.kind, ax.kind);
  EXPECT_EQ(aj.ids.url, ax.ids.url);
  EXPECT_EQ(aj.ids.fqdn, ax.ids.fqdn);
  ASSERT_EQ(from_json.store().services().size(), 1u);
  ASSERT_EQ(from_xml.store().services().size(), 1u);
  EXPECT_EQ(from_json.store().services()[0].name,
            from_xml.store().services()[0].name);
  EXPECT_EQ(from_json.store().services()[0].port, 8080u);
}

TEST(ZapJsonImporter, SiteAttributesAfterAlertsAndSiteAsObject) {
  const std::string json = R"({"@version": "2.7.0", "@generated": "x",
"site": {"alerts": [{"pluginid": "10020", "alert": "X-Frame-Options Header Not Set",
"riskcode": "2", "confidence": "2", "instances": [{"uri": "https://h.example/"}]}],
"@name": "https://h.example", "@host": "h.example", "@port": "443", "@ssl": "true"}})";
  Analyzer a;
  testing::FeedInChunks(&a, "old.json", json, 3);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  ASSERT_EQ(a.store().findings().size(), 1u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.rule_id, "10020");
  EXPECT_EQ(f.title, "X-Frame-Options Header Not Set");
  EXPECT_EQ(f.severity, Severity::kMedium);
  EXPECT_EQ(f.tool_severity, "medium");
  EXPECT_EQ(f.service, "https");
  EXPECT_EQ(a.store().assets()[f.asset].ids.fqdn, "h.example");
}

TEST(ZapJsonImporter, Sniff) {
  std::string data;
  ASSERT_TRUE(ReadFile(FixturePath(), &data));
  EXPECT_TRUE(SniffZapJson(data, true));
  const ImporterSpec* spec = SniffFormat(data, true);
  ASSERT_NE(spec, nullptr);
  EXPECT_STREQ(spec->id, "zap_json");
  EXPECT_TRUE(SniffZapJson(
      "\xEF\xBB\xBF{\"@version\": \"2.10.0\", \"@generated\": \"x\", \"site\":",
      false));
  EXPECT_FALSE(SniffZapJson("<OWASPZAPReport version=\"2\">", false));
  EXPECT_FALSE(SniffZapJson(R"({"version": "2.1.0", "runs": []})", true));
  EXPECT_FALSE(SniffZapJson(R"({"@version": "1", "site": []})", true));
  // No ZAP XML file of the corpus is taken for JSON.
  ASSERT_TRUE(ReadFile(CorpusDir() + "/zap/0_zap_sample.xml", &data));
  EXPECT_FALSE(SniffZapJson(data, true));
}

// "confidence": "4" and "confidencedesc": "Confirmed" ("JSON plus"), as in
// the XML report.
TEST(ZapJsonImporter, ConfirmedAlertsCarryConfirmedEvidence) {
  const std::string json = R"json({"@version": "2.16.1", "@generated": "x",
"site": [{
"@name": "https://h.example", "@host": "h.example", "@port": "443", "@ssl": "true",
"alerts": [
 {"pluginid": "40018", "alert": "SQL Injection", "riskcode": "3",
  "confidence": "4", "riskdesc": "High (Confirmed)",
  "instances": [{"uri": "https://h.example/item?id=1"}]},
 {"pluginid": "40012", "alert": "Cross Site Scripting (Reflected)",
  "riskcode": "3", "confidencedesc": "Confirmed",
  "instances": [{"uri": "https://h.example/search"}]},
 {"pluginid": "10020", "alert": "Missing Anti-clickjacking Header",
  "riskcode": "2", "confidence": "2", "confidencedesc": "Medium",
  "instances": [{"uri": "https://h.example/"}]}]}]})json";
  Analyzer a;
  testing::FeedInChunks(&a, "plus.json", json, 5);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.format, "zap_json");
  const auto& findings = a.store().findings();
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].evidence_flags, kEvidenceConfirmed);
  EXPECT_EQ(findings[1].evidence_flags, kEvidenceConfirmed);
  EXPECT_EQ(findings[2].evidence_flags, 0);
}

}  // namespace
}  // namespace exposure
