// One exposure per real problem (core/correlate/exposures.h).
#include "core/correlate/exposures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

Finding Make(size_t asset,
             std::vector<std::string> cves,
             uint32_t port = 0,
             std::string component = "",
             std::string rule = "r",
             std::string format = "nessus") {
  Finding f;
  f.format = std::move(format);
  f.rule_id = std::move(rule);
  f.asset = asset;
  f.cves = std::move(cves);
  f.port = port;
  f.protocol = port != 0 ? "tcp" : "";
  f.component.name = std::move(component);
  return f;
}

// The exposure of each finding added: its group number, or for a finding
// alone in its exposure a number of its own past the groups'.
std::vector<uint64_t> Group(const std::vector<Finding>& findings,
                            ExposureTable* out = nullptr) {
  FindingTable table;
  for (const Finding& f : findings)
    table.Add(f);
  ExposureTable x = GroupExposures(table);
  std::vector<uint64_t> of;
  for (size_t i = 0; i < x.group_of.size(); ++i) {
    of.push_back(x.group_of[i] == ExposureTable::kAlone ? uint64_t{1} << 32 | i
                                                        : x.group_of[i]);
  }
  if (out != nullptr)
    *out = std::move(x);
  return of;
}

TEST(Exposures, ACveOnOneAssetAtOnePlace) {
  const std::vector<uint64_t> of = Group({
      Make(0, {"CVE-2024-1"}, 443),
      Make(0, {"cve-2024-1"}, 443, "", "q1", "qualys_xml"),  // another tool
      Make(0, {"CVE-2024-1"}, 8443),                         // another port
      Make(1, {"CVE-2024-1"}, 443),                          // another asset
      Make(0, {"CVE-2024-1"}),  // no port: joins the first of its asset
  });
  EXPECT_EQ(of[0], of[1]);
  EXPECT_NE(of[0], of[2]);
  EXPECT_NE(of[0], of[3]);
  EXPECT_EQ(of[4], of[0]);
}

TEST(Exposures, IdsJoinTransitively) {
  Finding a = Make(0, {"CVE-2021-44228"});
  a.aliases = {"GHSA-jfh8-c2jp-5v3q"};
  Finding b = Make(0, {}, 0, "", "r2", "grype");
  b.aliases = {"GHSA-JFH8-C2JP-5V3Q"};
  Finding tagged = Make(0, {}, 0, "", "r3");
  tagged.aliases = {"CWE-502", "WASC-8"};  // classes, not vulnerabilities
  Finding c = Make(0, {"CVE-2021-44228"}, 0, "", "r4", "trivy");
  ExposureTable x;
  const std::vector<uint64_t> of = Group({a, b, tagged, c}, &x);
  EXPECT_EQ(of[0], of[1]);
  EXPECT_EQ(of[0], of[3]);
  EXPECT_NE(of[0], of[2]);
  EXPECT_EQ(x.group_of[2], ExposureTable::kAlone);
  EXPECT_EQ(x.groups, 1u);
  EXPECT_EQ(x.exposures, 2u);
}

TEST(Exposures, GroupsNumberedByTheirFirstFinding) {
  ExposureTable x;
  Group({Make(0, {"CVE-1"}), Make(1, {"CVE-2"}), Make(2, {"CVE-3"}),
         Make(1, {"CVE-2"}), Make(0, {"CVE-1"})},
        &x);
  EXPECT_EQ(x.group_of,
            (std::vector<uint32_t>{0, 1, ExposureTable::kAlone, 1, 0}));
  EXPECT_EQ(x.exposures, 3u);
}

TEST(Exposures, APortedFindingDoesNotJoinAnotherPort) {
  // The first finding without a port takes the first port that comes; a
  // finding at another port starts its own exposure.
  const std::vector<uint64_t> of = Group({
      Make(0, {"CVE-1"}),
      Make(0, {"CVE-1"}, 80),
      Make(0, {"CVE-1"}, 443),
  });
  EXPECT_EQ(of[0], of[1]);
  EXPECT_NE(of[0], of[2]);
}

TEST(Exposures, PackagesWithoutVersions) {
  const std::vector<uint64_t> of = Group({
      Make(0, {"CVE-2020-8203"}, 0, "lodash"),
      Make(0, {"CVE-2020-8203"}, 0, "Lodash@4.17.15"),
      Make(0, {"CVE-2020-8203"}, 0, "lodash-es"),
      Make(0, {"CVE-2020-8203"}, 0, "@types/lodash@1.0.0"),
  });
  EXPECT_EQ(of[0], of[1]);
  EXPECT_NE(of[0], of[2]);
  EXPECT_NE(of[0], of[3]);
}

TEST(Exposures, WithoutIdsTheSameRuleAtTheSamePlace) {
  const std::vector<uint64_t> of = Group({
      Make(0, {}, 443, "", "weak-tls"), Make(0, {}, 443, "", "weak-tls"),
      Make(0, {}, 443, "", "other"), Make(0, {}, 8443, "", "weak-tls"),
      Make(0, {}, 443, "", "weak-tls", "qualys_xml"),  // another tool's rule
  });
  EXPECT_EQ(of[0], of[1]);
  EXPECT_NE(of[0], of[2]);
  EXPECT_NE(of[0], of[3]);
  EXPECT_NE(of[0], of[4]);
}

TEST(Exposures, WithoutIdsEachLocationIsItsOwn) {
  Finding a = Make(0, {}, 0, "", "sql-injection", "semgrep");
  a.location = "src/db.py:10";
  Finding b = a;
  b.location = "src/db.py:42";
  Finding c = a;  // the same line reported twice
  const std::vector<uint64_t> of = Group({a, b, c});
  EXPECT_NE(of[0], of[1]);
  EXPECT_EQ(of[0], of[2]);
}

// A pentest finding naming a scanner rule ("nessus:97833") joins that
// rule's finding on its asset at a port that agrees; the rule's own
// findings at other places stay apart.
TEST(Exposures, APentestJoinsTheScannerRuleItNames) {
  const std::vector<uint64_t> of = Group({
      Make(0, {}, 443, "", "97833"),   // nessus 97833, 443
      Make(0, {}, 8443, "", "97833"),  // and at 8443
      Make(1, {}, 443, "", "97833"),   // another asset
      Make(0, {}, 8443, "", "nessus:97833", "pentest_csv"),
      Make(1, {}, 0, "", "nessus:97833", "pentest_json"),       // no port
      Make(0, {}, 443, "", "nessus:11111", "pentest_csv"),      // no such rule
      Make(0, {}, 443, "", "qualys_xml:97833", "pentest_csv"),  // other tool
  });
  EXPECT_NE(of[0], of[1]) << "the rule's findings do not join each other";
  EXPECT_EQ(of[3], of[1]) << "the port that agrees";
  EXPECT_NE(of[3], of[0]);
  EXPECT_EQ(of[4], of[2]) << "no port: the asset's";
  EXPECT_NE(of[5], of[0]);
  EXPECT_NE(of[6], of[0]);
}

// Only a pentest format's rule ids are references, and only to another
// format's rule.
TEST(Exposures, OnlyPentestFindingsReferToRules) {
  const std::vector<uint64_t> of = Group({
      Make(0, {}, 0, "", "97833"),
      Make(0, {}, 0, "", "nessus:97833", "nuclei"),  // a template so named
      Make(0, {}, 0, "", "pentest_csv:x", "pentest_json"),
      Make(0, {}, 0, "", "x", "pentest_csv"),
      Make(0, {}, 0, "", "NESSUS:97833", "pentest_csv"),  // no format so spelt
  });
  EXPECT_NE(of[1], of[0]);
  EXPECT_NE(of[2], of[3]);
  EXPECT_NE(of[4], of[0]);
}

// Each group holds the evidence of all its findings: the pentest's and the
// confirming tool's reach the scanner's finding.
TEST(Exposures, GroupEvidenceIsTheUnionOfItsFindings) {
  Finding nessus = Make(0, {"CVE-2017-0144"}, 445, "", "97833");
  nessus.evidence_flags = kEvidenceExploit | kEvidenceMetasploit;
  Finding pentest =
      Make(0, {"CVE-2017-0144"}, 445, "", "CVE-2017-0144", "pentest_csv");
  pentest.evidence_flags = kEvidencePentest | kEvidenceExploit;
  Finding zap = Make(1, {}, 443, "", "40018", "zap_xml");
  zap.evidence_flags = kEvidenceConfirmed;
  Finding burp = Make(1, {}, 443, "", "1049088", "burp");
  Finding pentest_web = Make(1, {}, 443, "", "zap_xml:40018", "pentest_json");
  pentest_web.evidence_flags = kEvidencePentest;
  Finding lone = Make(2, {"CVE-2024-1"});
  lone.evidence_flags = kEvidenceConfirmed;
  ExposureTable x;
  const std::vector<uint64_t> of =
      Group({nessus, pentest, zap, burp, pentest_web, lone}, &x);
  ASSERT_EQ(x.groups, 2u);
  ASSERT_EQ(x.group_evidence.size(), 2u);
  EXPECT_EQ(of[0], of[1]);
  EXPECT_EQ(x.group_evidence[x.group_of[0]],
            kEvidenceExploit | kEvidenceMetasploit | kEvidencePentest);
  EXPECT_EQ(of[2], of[4]);
  EXPECT_NE(of[2], of[3]) << "Burp's rule is not named";
  EXPECT_EQ(x.group_evidence[x.group_of[2]],
            kEvidenceConfirmed | kEvidencePentest);
  EXPECT_EQ(x.group_of[5], ExposureTable::kAlone);
  EXPECT_EQ(x.exposures, 4u);
}

TEST(Exposures, WhatIsAVulnerabilityId) {
  for (const char* id : {"CVE-2024-1", "GHSA-xxxx-yyyy-zzzz", "RHSA-2024:1",
                         "BID-12345", "MS17-010", "USN-6000-1"})
    EXPECT_TRUE(IsVulnerabilityId(id)) << id;
  for (const char* id :
       {"", "CWE-79", "wasc-8", "CAPEC-66", "OWASP-A1", "KEV", "CISA-KEV"})
    EXPECT_FALSE(IsVulnerabilityId(id)) << id;
}

// Two tools, one host, one CVE: one exposure, corroborated by both; the
// findings stay two and name it.
TEST(Exposures, TwoToolsOneHostInTheReport) {
  const std::string nessus = R"(<NessusClientData_v2><Report name="r">
<ReportHost name="10.0.0.5"><HostProperties>
<tag name="host-fqdn">web01.corp.example</tag><tag name="host-ip">10.0.0.5</tag>
</HostProperties>
<ReportItem port="443" svc_name="www" protocol="tcp" severity="2" pluginID="1"
 pluginName="OpenSSL bug"><cve>CVE-2022-0778</cve></ReportItem>
</ReportHost></Report></NessusClientData_v2>)";
  const std::string qualys = R"(<ASSET_DATA_REPORT><HOST_LIST><HOST>
<IP>10.0.0.9</IP><DNS>web01.corp.example</DNS><VULN_INFO_LIST>
<VULN_INFO><QID id="qid_38">38</QID><TYPE>Vuln</TYPE><PORT>443</PORT>
<PROTOCOL>tcp</PROTOCOL></VULN_INFO></VULN_INFO_LIST></HOST></HOST_LIST>
<GLOSSARY><VULN_DETAILS_LIST><VULN_DETAILS id="qid_38"><QID id="qid_38">38</QID>
<TITLE>OpenSSL</TITLE><SEVERITY>4</SEVERITY><CVE_ID_LIST><CVE_ID><ID>CVE-2022-0778</ID>
</CVE_ID></CVE_ID_LIST></VULN_DETAILS></VULN_DETAILS_LIST></GLOSSARY>
</ASSET_DATA_REPORT>)";
  Analyzer a;
  testing::FeedInChunks(&a, "scan.nessus", nessus, 64);
  testing::FeedInChunks(&a, "scan.xml", qualys, 64);
  const nlohmann::json r = nlohmann::json::parse(a.ReportJson());
  ASSERT_EQ(r["assets"].size(), 1u) << "one host, by its FQDN";
  ASSERT_EQ(r["findings"].size(), 2u);
  EXPECT_EQ(r["summary"]["exposures"], 1);
  ASSERT_EQ(r["exposures"].size(), 1u);
  const nlohmann::json& e = r["exposures"][0];
  EXPECT_EQ(e["sources"], nlohmann::json({"nessus", "qualys_xml"}));
  EXPECT_EQ(e["cves"], nlohmann::json({"CVE-2022-0778"}));
  EXPECT_EQ(e["place"], nlohmann::json({{"port", 443}, {"protocol", "tcp"}}));
  EXPECT_FALSE(e.contains("rule")) << "named by its CVE";
  EXPECT_EQ(e["findings"], 2);
  EXPECT_EQ(e["found_by"].size(), 2u);
  for (const nlohmann::json& f : r["findings"])
    EXPECT_EQ(f["exposure"], e["id"]);
  EXPECT_EQ(e["severity"], "high") << "the worst of its findings";
  EXPECT_EQ(e["risk"], std::max(r["findings"][0]["risk"].get<int>(),
                                r["findings"][1]["risk"].get<int>()));
  EXPECT_EQ(e["priority"], r["findings"][0]["priority"])
      << "its top finding's, the first in report order";
}

// A finding alone in its exposure names one the report does not list; its
// id depends on its asset, place and lowest id, not on the tool, so that
// another tool's finding of it later keeps the id.
TEST(Exposures, LoneExposureIdsAreStableAcrossTools) {
  const std::string a = R"js({"SchemaVersion":2,"ArtifactName":"app:1",
"ArtifactType":"container_image","Results":[{"Target":"app:1 (debian 12)",
"Class":"os-pkgs","Type":"debian","Vulnerabilities":[{"VulnerabilityID":
"CVE-2023-4911","PkgName":"libc6","InstalledVersion":"2.36-9",
"Severity":"HIGH"}]}]})js";
  Analyzer one;
  testing::FeedInChunks(&one, "trivy.json", a, 64);
  const nlohmann::json r = nlohmann::json::parse(one.ReportJson());
  ASSERT_EQ(r["findings"].size(), 1u);
  EXPECT_EQ(r["summary"]["exposures"], 1);
  EXPECT_TRUE(r["exposures"].empty());
  const std::string id = r["findings"][0]["exposure"];
  EXPECT_EQ(id.rfind("e-", 0), 0u);
  Analyzer two;
  testing::FeedInChunks(&two, "trivy.json", a, 64);
  testing::FeedInChunks(&two, "again.json", a, 64);
  const nlohmann::json r2 = nlohmann::json::parse(two.ReportJson());
  ASSERT_EQ(r2["exposures"].size(), 1u);
  EXPECT_EQ(r2["exposures"][0]["id"], id);
  EXPECT_EQ(r2["summary"]["exposures"], 1);
}

// The demo scan and a pentest of it (tests/fixtures/pentest/, as CSV and
// as JSON): the EternalBlue record (db01 by name, CVE-2017-0144) joins
// Nessus's MS17-010 finding, the mod_lua one (10.20.1.15, rule
// nessus:156255) joins plugin 156255 on web01, and the intranet record no
// scanner saw stays a finding of its own.
TEST(Exposures, PentestOfTheDemoScanJoinsItsFindings) {
  for (const char* fixture :
       {"host-scan-validation.csv", "host-scan-validation.json"}) {
    SCOPED_TRACE(fixture);
    std::string nessus;
    std::string pentest;
    ASSERT_TRUE(testing::ReadFile(
        testing::SourceDir() + "/examples/host-scan.nessus", &nessus));
    ASSERT_TRUE(testing::ReadFile(testing::FixtureDir() + "/pentest/" + fixture,
                                  &pentest));
    Analyzer a;
    testing::FeedInChunks(&a, "host-scan.nessus", nessus, 4096);
    testing::FeedInChunks(&a, fixture, pentest, 100);
    const Input& in = a.store().inputs()[1];
    ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
    ASSERT_EQ(in.findings, 3u);
    const Assessment assessment = a.Assess();
    const ExposureTable& x = assessment.exposures;
    ASSERT_EQ(x.group_evidence.size(), x.groups);

    // Nessus's findings of the two rules, and the three pentest records.
    size_t ms17 = SIZE_MAX;
    size_t apache = SIZE_MAX;
    std::vector<size_t> pentests;
    const FindingTable& table = a.store().findings();
    for (size_t i = 0; i < table.size(); ++i) {
      const Finding f = table[i];
      if (f.format == "nessus" && f.rule_id == "97833")
        ms17 = i;
      else if (f.format == "nessus" && f.rule_id == "156255")
        apache = i;
      else if (f.format != "nessus")
        pentests.push_back(i);
    }
    ASSERT_NE(ms17, SIZE_MAX);
    ASSERT_NE(apache, SIZE_MAX);
    ASSERT_EQ(pentests.size(), 3u);
    EXPECT_EQ(table[pentests[0]].asset, table[ms17].asset)
        << "db01.corp.example is the host Nessus saw";
    EXPECT_EQ(table[pentests[1]].asset, table[apache].asset)
        << "10.20.1.15 is web01's address";

    for (const auto& [pentest_finding, scanner] :
         {std::pair<size_t, size_t>{pentests[0], ms17},
          std::pair<size_t, size_t>{pentests[1], apache}}) {
      const uint32_t group = x.group_of[scanner];
      ASSERT_NE(group, ExposureTable::kAlone) << table[scanner].rule_id;
      EXPECT_EQ(x.group_of[pentest_finding], group) << table[scanner].rule_id;
      EXPECT_NE(x.group_evidence[group] & kEvidencePentest, 0)
          << table[scanner].rule_id;
      EXPECT_EQ(table[scanner].evidence_flags & kEvidencePentest, 0)
          << "the scanner's own finding is unchanged";
    }
    EXPECT_EQ(x.group_of[pentests[2]], ExposureTable::kAlone);
    EXPECT_EQ(table[pentests[2]].evidence_flags,
              kEvidencePentest | kEvidenceExploit);

    // The report names both exposures with both sources.
    const nlohmann::json r = nlohmann::json::parse(a.ReportJson());
    size_t with_pentest = 0;
    for (const nlohmann::json& e : r["exposures"]) {
      const nlohmann::json& sources = e["sources"];
      if (std::find(sources.begin(), sources.end(), in.format) !=
          sources.end()) {
        EXPECT_EQ(e["findings"], 2);
        ++with_pentest;
      }
    }
    EXPECT_EQ(with_pentest, 2u);
  }
}

}  // namespace
}  // namespace exposure
