#include "core/importers/zap_importer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::ReadFile;

TEST(ZapImporter, OneFindingPerAlertItemWithInstancesAsEvidence) {
  const std::string doc = R"(<?xml version="1.0"?>
<OWASPZAPReport version="2.11.1" generated="x">
<site name="https://app.example.test" host="app.example.test" port="443" ssl="true">
<alerts><alertitem>
<pluginid>10202</pluginid><alertRef>10202-1</alertRef>
<alert>Absence of Anti-CSRF Tokens</alert><name>Absence of Anti-CSRF Tokens</name>
<riskcode>2</riskcode><confidence>0</confidence><riskdesc>Medium (False Positive)</riskdesc>
<desc>&lt;p&gt;No Anti-CSRF tokens.&lt;/p&gt;</desc>
<instances>
<instance><uri>https://app.example.test/login</uri><method>POST</method><param>user</param><attack></attack><evidence>&lt;form&gt;</evidence>
<requestheader>POST /login HTTP/1.1</requestheader></instance>
<instance><uri>https://app.example.test/signup</uri><method>GET</method></instance>
</instances>
<count>2</count>
<solution>&lt;p&gt;Use tokens.&lt;/p&gt;</solution>
<reference>&lt;p&gt;https://a.example/1&lt;/p&gt;&lt;p&gt;https://a.example/2&lt;/p&gt;</reference>
<cweid>352</cweid><wascid>9</wascid><sourceid>3</sourceid>
</alertitem></alerts></site></OWASPZAPReport>)";
  Analyzer a;
  testing::FeedInChunks(&a, "z.xml", doc, 4);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.format, "zap_xml");
  ASSERT_EQ(a.store().findings().size(), 1u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.rule_id, "10202-1");
  EXPECT_EQ(f.title, "Absence of Anti-CSRF Tokens");
  EXPECT_EQ(f.severity, Severity::kMedium);
  EXPECT_EQ(f.tool_severity, "Medium (False Positive)");
  EXPECT_EQ(f.status, FindingStatus::kFalsePositive);
  EXPECT_EQ(f.cwes, (std::vector<std::string>{"CWE-352"}));
  EXPECT_EQ(f.aliases, (std::vector<std::string>{"WASC-9"}));
  EXPECT_EQ(f.location, "https://app.example.test/login");
  EXPECT_EQ(f.evidence,
            "POST https://app.example.test/login param=user evidence=<form>\n"
            "GET https://app.example.test/signup");
  EXPECT_EQ(f.description, "No Anti-CSRF tokens.");
  EXPECT_EQ(f.solution, "Use tokens.");
  EXPECT_EQ(f.references, (std::vector<std::string>{"https://a.example/1",
                                                    "https://a.example/2"}));
  EXPECT_EQ(f.port, 443u);
  const Asset& asset = a.store().assets()[f.asset];
  EXPECT_EQ(asset.kind, AssetKind::kWebApplication);
  EXPECT_EQ(asset.ids.url, "https://app.example.test");
  EXPECT_EQ(asset.ids.fqdn, "app.example.test");
  ASSERT_EQ(a.store().services().size(), 1u);
  EXPECT_EQ(a.store().services()[0].name, "https");
}

TEST(ZapImporter, TruncatedFileKeepsEarlierAlertsAndReportsError) {
  std::string data;
  ASSERT_TRUE(ReadFile(CorpusDir() + "/zap/some_2.9.0.xml", &data));
  size_t last = data.rfind("<alertitem>");
  ASSERT_NE(last, std::string::npos);
  Analyzer a;
  testing::FeedInChunks(&a, "cut.xml", data.substr(0, last + 50), 100);
  const Input& in = a.store().inputs()[0];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_TRUE(in.partial);
  EXPECT_NE(in.errors[0].message.find("cut.xml: zap_xml:"), std::string::npos);
  EXPECT_NE(in.errors[0].location.find("line "), std::string::npos);
  EXPECT_EQ(in.findings, 6u);
}

// Confidence 4 ("Confirmed", "User Confirmed"), by code, by name or in the
// riskdesc's bracket, is evidence proven on the site; 0 is a false
// positive; the scanner's own Low/Medium/High are neither.
TEST(ZapImporter, ConfirmedAlertsCarryConfirmedEvidence) {
  auto item = [](const std::string& id, const std::string& fields) {
    return "<alertitem><pluginid>" + id + "</pluginid><alert>A" + id +
           "</alert><riskcode>3</riskcode>" + fields +
           "<instances><instance><uri>https://app.example.test/" + id +
           "</uri></instance></instances></alertitem>";
  };
  const std::string doc =
      "<?xml version=\"1.0\"?><OWASPZAPReport version=\"2.16.1\">"
      "<site name=\"https://app.example.test\" host=\"app.example.test\" "
      "port=\"443\" ssl=\"true\"><alerts>" +
      item("1",
           "<confidence>4</confidence><riskdesc>High (Confirmed)</riskdesc>") +
      item("2", "<confidencedesc>Confirmed</confidencedesc>") +
      item("3", "<riskdesc>High (User Confirmed)</riskdesc>") +
      item("4",
           "<confidence>3</confidence><confidencedesc>High</confidencedesc>") +
      item("5", "<riskdesc>High (False Positive)</riskdesc>") +
      item("6",
           "<confidence>0</confidence><riskdesc>High (Confirmed)</riskdesc>") +
      "</alerts></site></OWASPZAPReport>";
  Analyzer a;
  testing::FeedInChunks(&a, "z.xml", doc, 7);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  const auto& findings = a.store().findings();
  ASSERT_EQ(findings.size(), 6u);
  const bool confirmed[] = {true, true, true, false, false, false};
  const FindingStatus status[] = {
      FindingStatus::kOpen,          FindingStatus::kOpen,
      FindingStatus::kOpen,          FindingStatus::kOpen,
      FindingStatus::kFalsePositive, FindingStatus::kFalsePositive};
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding f = findings[i];
    EXPECT_EQ((f.evidence_flags & kEvidenceConfirmed) != 0, confirmed[i])
        << f.rule_id;
    EXPECT_EQ(f.evidence_flags & ~kEvidenceConfirmed, 0) << f.rule_id;
    EXPECT_EQ(f.status, status[i]) << f.rule_id;
  }
}

// Every ZAP report of the corpus states its alerts' confidence as the
// scanner's Low, Medium or High: none is confirmed, none a false positive.
TEST(ZapImporter, CorpusHasNoConfirmedAlerts) {
  size_t files = 0;
  size_t findings = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(CorpusDir() + "/zap")) {
    const testing::EvidenceCount n = testing::CountEvidence(
        entry.path().string(), "zap_xml", kEvidenceConfirmed);
    EXPECT_EQ(n.with, 0u) << entry.path();
    EXPECT_EQ(n.false_positives, 0u) << entry.path();
    findings += n.findings;
    ++files;
  }
  EXPECT_EQ(files, 17u);
  EXPECT_GT(findings, 100u);
}

TEST(ZapImporter, Sniff) {
  EXPECT_TRUE(SniffZapXml(
      "<?xml version=\"1.0\"?><OWASPZAPReport version=\"2\">", false));
  EXPECT_FALSE(SniffZapXml("<issues burpVersion=\"1\">", false));
}

}  // namespace
}  // namespace exposure
