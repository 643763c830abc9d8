#include "core/importers/qualys_scan_importer.h"

#include <gtest/gtest.h>

#include <optional>
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
  return FixtureDir() + "/qualys_scan_xml/scan_report_two_hosts.xml";
}

// One finding per record of every section: 2 INFO, 1 SERVICE, 3 VULN,
// 1 PRACTICE.
TEST(QualysScanImporter, OneFindingPerRecord) {
  EXPECT_TRUE(testing::ImportsAs(FixturePath(), "qualys_scan_xml", 7));
}

std::optional<Finding> FindRule(const Analyzer& a, const std::string& qid) {
  for (const Finding& f : a.store().findings()) {
    if (f.rule_id == qid)
      return f;
  }
  return std::nullopt;
}

TEST(QualysScanImporter, FieldMapping) {
  std::string data;
  ASSERT_TRUE(ReadFile(FixturePath(), &data));
  Analyzer a;
  testing::FeedInChunks(&a, "scan.xml", data, 50);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.format, "qualys_scan_xml");

  std::optional<Finding> sweet = FindRule(a, "38657");
  ASSERT_TRUE(sweet.has_value());
  EXPECT_EQ(sweet->format, "qualys_scan_xml");
  EXPECT_EQ(sweet->tool, "Qualys VM");
  EXPECT_EQ(sweet->severity, Severity::kMedium);
  EXPECT_EQ(sweet->tool_severity, "3");
  EXPECT_EQ(sweet->category, Category::kVulnerability);
  EXPECT_EQ(sweet->port, 443u);
  EXPECT_EQ(sweet->protocol, "tcp");
  EXPECT_EQ(sweet->cves,
            (std::vector<std::string>{"CVE-2016-2183", "CVE-2016-6329"}));
  EXPECT_EQ(sweet->aliases, (std::vector<std::string>{"BID-92630"}));
  EXPECT_EQ(sweet->references,
            (std::vector<std::string>{"https://sweet32.info/"}));
  ASSERT_EQ(sweet->cvss.size(), 2u);
  EXPECT_EQ(sweet->cvss[0].version, "2.0");
  EXPECT_EQ(sweet->cvss[0].vector, "");
  EXPECT_EQ(sweet->cvss[0].score_tenths, 50);
  EXPECT_EQ(sweet->cvss[1].version, "3.0");
  EXPECT_EQ(sweet->cvss[1].vector,
            "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N/E:U/RL:O/RC:C");
  EXPECT_EQ(sweet->cvss[1].score_tenths, 75);
  EXPECT_EQ(sweet->description,
            "Legacy block ciphers having a block size of 64 bits are "
            "vulnerable to a practical collision attack when used in CBC "
            "mode.\nThe following ciphers were accepted:\n\nDES-CBC3-SHA\n\n"
            "ECDHE-RSA-DES-CBC3-SHA\n\nImpact: Remote attackers can obtain "
            "cleartext data via a birthday attack against a long-duration "
            "encrypted session.");
  EXPECT_EQ(sweet->solution,
            "Disable and stop using DES, 3DES, IDEA or RC2 ciphers.\nMore "
            "information can be found at Sweet32.");
  EXPECT_EQ(sweet->last_seen, "2024-03-12T09:40:00Z");
  EXPECT_FALSE(sweet->evidence_flags & kEvidenceExploit);

  std::optional<Finding> nginx = FindRule(a, "87413");
  ASSERT_TRUE(nginx.has_value());
  EXPECT_EQ(nginx->severity, Severity::kCritical);
  EXPECT_EQ(nginx->cves, (std::vector<std::string>{"CVE-2021-23017"}));
  EXPECT_TRUE(nginx->evidence_flags & kEvidenceExploit);
  EXPECT_EQ(
      nginx->references,
      (std::vector<std::string>{"https://www.exploit-db.com/exploits/50973"}));
  ASSERT_EQ(nginx->cvss.size(), 1u);
  EXPECT_EQ(nginx->cvss[0].vector,
            "AV:N/AC:L/Au:N/C:P/I:P/A:P/E:POC/RL:OF/RC:C");

  std::optional<Finding> practice = FindRule(a, "86728");
  ASSERT_TRUE(practice.has_value());
  EXPECT_EQ(practice->severity, Severity::kLow);
  EXPECT_EQ(practice->category, Category::kVulnerability);
  std::optional<Finding> info = FindRule(a, "90044");
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->severity, Severity::kInfo);
  EXPECT_EQ(info->tool_severity, "2");
  EXPECT_EQ(info->category, Category::kInformation);
  EXPECT_EQ(info->port, 0u);
  EXPECT_EQ(info->evidence, "ADMIN$ C$ IPC$");
  std::optional<Finding> service = FindRule(a, "86000");
  ASSERT_TRUE(service.has_value());
  EXPECT_EQ(service->severity, Severity::kInfo);
  EXPECT_EQ(service->port, 443u);

  const Asset& web = a.store().assets()[sweet->asset];
  EXPECT_EQ(web.kind, AssetKind::kHost);
  EXPECT_EQ(web.name, "web01.example.test");
  EXPECT_EQ(web.ids.ip, "10.0.0.1");
  EXPECT_EQ(web.ids.fqdn, "web01.example.test");
  EXPECT_EQ(web.ids.hostname, "WEB01");
  EXPECT_EQ(web.os, "Linux 4.x");
  const Asset& win = a.store().assets()[info->asset];
  EXPECT_EQ(win.name, "10.0.0.7");
  EXPECT_TRUE(win.ids.fqdn.empty());
  EXPECT_TRUE(win.ids.hostname.empty());
  EXPECT_EQ(win.os, "Windows Server 2016");
  EXPECT_EQ(a.store().services().size(), 2u);  // 10.0.0.1:443, 10.0.0.7:445
}

TEST(QualysScanImporter, ScanTimeIsTheHeadersDate) {
  std::string data;
  ASSERT_TRUE(ReadFile(FixturePath(), &data));
  Analyzer a;
  testing::FeedInChunks(&a, "s.xml", data, 4096);
  const Store& store = a.store();
  ASSERT_EQ(store.assets().size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    // <KEY value="DATE">2024-03-12T09:40:00Z</KEY>
    EXPECT_EQ(store.sightings(i).last_scanned, "2024-03-12T09:40:00Z");
    // The report does not say whether the scan logged in.
    EXPECT_FALSE(store.sightings(i).credentialed);
    EXPECT_FALSE(store.sightings(i).uncredentialed);
  }
}

TEST(QualysScanImporter, EmptyScanHasNoFindings) {
  Analyzer a;
  testing::FeedInChunks(
      &a, "x.xml",
      "<?xml version=\"1.0\"?><SCAN value=\"scan/1\"><HEADER/>"
      "</SCAN>",
      8);
  EXPECT_TRUE(a.store().inputs()[0].errors.empty());
  EXPECT_EQ(a.store().inputs()[0].format, "qualys_scan_xml");
  EXPECT_EQ(a.store().inputs()[0].findings, 0u);
}

TEST(QualysScanImporter, Sniff) {
  std::string data;
  ASSERT_TRUE(ReadFile(FixturePath(), &data));
  EXPECT_TRUE(SniffQualysScan(data, true));
  const ImporterSpec* spec = SniffFormat(data, true);
  ASSERT_NE(spec, nullptr);
  EXPECT_STREQ(spec->id, "qualys_scan_xml");
  EXPECT_TRUE(SniffQualysScan(
      "<!DOCTYPE SCAN SYSTEM \"scan-1.dtd\">\n<SCAN value=\"scan/1.2\">",
      false));
  EXPECT_FALSE(SniffQualysScan("<ASSET_DATA_REPORT><HEADER>", false));
  EXPECT_FALSE(SniffQualysScan("<SCANS><HEADER>", false));
  EXPECT_FALSE(SniffQualysScan("<SCAN>", true));
  // The newer Qualys exports are not taken for the legacy format.
  for (const char* file : {"/qualys/Qualys_Sample_Report.xml",
                           "/qualys_webapp/qualys_webapp_many_vuln.xml"}) {
    ASSERT_TRUE(ReadFile(CorpusDir() + file, &data));
    EXPECT_FALSE(SniffQualysScan(data.substr(0, kSniffBytes), false)) << file;
  }
}

}  // namespace
}  // namespace exposure
