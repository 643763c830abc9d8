#include "core/importers/sarif_importer.h"

#include <gtest/gtest.h>

#include <dirent.h>

#include <map>
#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::FixtureDir;
using testing::ReadFile;

// `snyk code test --sarif`: CWE arrays, levels, ignores with their
// categories and review states.
TEST(SarifImporter, SnykCodeFields) {
  std::string data;
  ASSERT_TRUE(ReadFile(FixtureDir() + "/sarif/snyk_code_test.sarif", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "snyk.sarif", data, 256);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.format, "sarif");
  const auto& findings = a.store().findings();
  ASSERT_EQ(findings.size(), 4u);
  const Finding& sqli = findings[0];
  EXPECT_EQ(sqli.tool, "SnykCode");
  EXPECT_EQ(sqli.rule_id, "python/Sqli");
  EXPECT_EQ(sqli.title, "SQL Injection");
  EXPECT_EQ(sqli.severity, Severity::kHigh);
  EXPECT_EQ(sqli.tool_severity, "error");
  EXPECT_EQ(sqli.category, Category::kWeakness);
  EXPECT_EQ(sqli.status, FindingStatus::kOpen);
  EXPECT_EQ(sqli.cwes, (std::vector<std::string>{"CWE-89"}));
  EXPECT_EQ(sqli.location, "app/views/orders.py:41");
  EXPECT_EQ(sqli.evidence.substr(0, 38),
            "Unsanitized input from an HTTP paramet");
  EXPECT_NE(sqli.solution.find("parameterized queries"), std::string::npos);
  const Finding& not_vulnerable = findings[1];
  EXPECT_EQ(not_vulnerable.severity, Severity::kMedium);
  EXPECT_EQ(not_vulnerable.cwes,
            (std::vector<std::string>{"CWE-23", "CWE-22"}));
  EXPECT_EQ(not_vulnerable.status, FindingStatus::kFalsePositive);
  EXPECT_NE(not_vulnerable.evidence.find(
                "\nSuppressed: Only reads from the uploads folder"),
            std::string::npos);
  const Finding& under_review = findings[2];
  EXPECT_EQ(under_review.status, FindingStatus::kOpen);
  EXPECT_EQ(under_review.evidence.find("Suppressed"), std::string::npos);
  const Finding& accepted = findings[3];
  EXPECT_EQ(accepted.severity, Severity::kLow);
  EXPECT_EQ(accepted.status, FindingStatus::kSuppressed);
  EXPECT_EQ(accepted.cwes, (std::vector<std::string>{"CWE-547"}));
  const Asset& asset = a.store().assets()[sqli.asset];
  EXPECT_EQ(asset.kind, AssetKind::kArtifact);
  EXPECT_EQ(asset.name, "SnykCode");
  // The corpus's Snyk Code export: every result read.
  EXPECT_TRUE(testing::ImportsAs(CorpusDir() + "/snyk/snykcode_issue_9270.json",
                                 "sarif", 39));
}

TEST(SarifImporter, RulesAfterResultsAndFields) {
  const std::string doc = R"json({"version": "2.1.0", "runs": [{
    "results": [
      {"ruleId": "js/xss", "ruleIndex": 0, "message": {"text": "XSS here"},
       "locations": [
         {"physicalLocation": {"artifactLocation": {"uri": "src/a.js"},
                               "region": {"startLine": 12}}},
         {"physicalLocation": {"artifactLocation": {"uri": "src/b.js"},
                               "region": {"startLine": 3}}}]},
      {"ruleId": "js/sqli", "level": "note", "baselineState": "absent",
       "message": {"text": "SQLi"}},
      {"ruleId": "js/xss", "kind": "pass", "message": {"text": "ok"}},
      {"ruleId": "js/xss", "message": {"text": "waived"},
       "suppressions": [{"kind": "inSource", "status": "accepted"}]},
      {"ruleId": "js/xss", "message": {"text": "rejected"},
       "suppressions": [{"kind": "external", "status": "rejected"}]}],
    "tool": {"driver": {"name": "CodeQL", "rules": [
      {"id": "js/xss", "shortDescription": {"text": "Cross-site scripting"},
       "fullDescription": {"text": "Reflected XSS."},
       "helpUri": "https://example.test/xss",
       "properties": {"tags": ["security", "external/cwe/cwe-079"],
                      "security-severity": "9.1"}},
      {"id": "js/sqli", "name": "SqlInjection",
       "properties": {"cwe": "CWE-89: SQL Injection"}}]}},
    "versionControlProvenance": [
      {"repositoryUri": "https://git.example.test/app"}]}]})json";
  Analyzer a;
  testing::FeedInChunks(&a, "t.sarif", doc, 5);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.format, "sarif");
  ASSERT_EQ(a.store().findings().size(), 5u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.rule_id, "js/xss");
  EXPECT_EQ(f.title, "Cross-site scripting");
  EXPECT_EQ(f.severity, Severity::kCritical);
  EXPECT_EQ(f.tool_severity, "security-severity 9.1");
  EXPECT_EQ(f.cwes, (std::vector<std::string>{"CWE-79"}));
  EXPECT_EQ(f.location, "src/a.js:12");
  EXPECT_EQ(f.description, "Reflected XSS.");
  EXPECT_EQ(f.references,
            (std::vector<std::string>{"https://example.test/xss"}));
  EXPECT_EQ(f.tool, "CodeQL");
  EXPECT_EQ(a.store().findings()[1].location, "src/b.js:3");
  const Finding& g = a.store().findings()[2];
  EXPECT_EQ(g.title, "SqlInjection");
  EXPECT_EQ(g.severity, Severity::kLow);
  EXPECT_EQ(g.status, FindingStatus::kFixed);
  EXPECT_EQ(g.cwes, (std::vector<std::string>{"CWE-89"}));
  EXPECT_EQ(a.store().findings()[3].status, FindingStatus::kSuppressed);
  EXPECT_EQ(a.store().findings()[4].status, FindingStatus::kOpen);
  const Asset& asset = a.store().assets()[f.asset];
  EXPECT_EQ(asset.kind, AssetKind::kRepository);
  EXPECT_EQ(asset.ids.repository, "https://git.example.test/app");
}

TEST(SarifImporter, BrokenJsonKeepsEarlierRunsAndReportsLocation) {
  const std::string doc =
      R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "A"}},
      "results": [{"ruleId": "r1", "message": {"text": "m"}}]},
      {"tool": {"driver": {"name": "B"}}, "results": [{"ruleId": "r2", "mess)";
  Analyzer a;
  testing::FeedInChunks(&a, "cut.sarif", doc, 10);
  const Input& in = a.store().inputs()[0];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_TRUE(in.partial);
  EXPECT_NE(in.errors[0].message.find("cut.sarif: sarif: unexpected end"),
            std::string::npos);
  EXPECT_EQ(in.findings, 1u);
}

TEST(SarifImporter, BrokenJsonKeepsTheResultsOfTheCutRun) {
  const std::string doc =
      R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "A"}},
      "results": [{"ruleId": "r1", "message": {"text": "m"}},
                  {"ruleId": "r2", "message": {"text": "n"}},
                  {"ruleId": "r3", "mess)";
  Analyzer a;
  testing::FeedInChunks(&a, "cut.sarif", doc, 7);
  const Input& in = a.store().inputs()[0];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_TRUE(in.partial);
  ASSERT_EQ(in.findings, 2u);
  EXPECT_EQ(a.store().findings()[1].rule_id, "r2");
  EXPECT_EQ(a.store().assets()[a.store().findings()[1].asset].name, "A");
}

TEST(SarifImporter, Sniff) {
  EXPECT_TRUE(SniffSarif(
      R"({"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": [])",
      false));
  EXPECT_TRUE(SniffSarif(R"({"version": "2.1.0", "runs": [])", true));
  EXPECT_FALSE(SniffSarif(R"({"results": [], "errors": []})", true));
  EXPECT_FALSE(
      SniffSarif(R"({"version": "2.3", "vulnerabilities": []})", true));
}

// Every corpus file of the code and web scanner folders is recognised as its
// folder's format, and no other format's sniffer claims it first.
TEST(CodeWebSniffers, CorpusFilesMatchTheirFolder) {
  const std::map<std::string, std::vector<std::string>> expected = {
      {"sarif", {"sarif"}},
      {"semgrep", {"semgrep"}},
      {"gitlab_sast", {"gitlab_sast"}},
      {"gitlab_dep_scan", {"gitlab_dependency_scanning"}},
      {"zap", {"zap_xml"}},
      {"burp", {"burp"}},
      {"nuclei", {"nuclei"}},
      {"trufflehog", {"trufflehog"}},
      {"checkov", {"checkov"}},
      {"kics", {"kics"}},
  };
  for (const auto& [folder, formats] : expected) {
    std::string dir = CorpusDir() + "/" + folder;
    DIR* d = opendir(dir.c_str());
    ASSERT_NE(d, nullptr) << dir;
    std::vector<std::string> names;
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name != "." && name != "..")
        names.push_back(name);
    }
    closedir(d);
    for (const std::string& name : names) {
      std::string data;
      ASSERT_TRUE(ReadFile(dir + "/" + name, &data));
      if (data.empty())
        continue;  // reported as an empty file before sniffing
      bool complete = data.size() <= kSniffBytes;
      const ImporterSpec* spec =
          SniffFormat(std::string_view(data).substr(0, kSniffBytes), complete);
      ASSERT_NE(spec, nullptr) << folder << "/" << name;
      EXPECT_EQ(spec->id, formats[0]) << folder << "/" << name;
    }
  }
  std::string snyk;
  ASSERT_TRUE(ReadFile(CorpusDir() + "/snyk/snykcode_issue_9270.json", &snyk));
  const ImporterSpec* spec =
      SniffFormat(std::string_view(snyk).substr(0, kSniffBytes), false);
  ASSERT_NE(spec, nullptr);
  EXPECT_STREQ(spec->id, "sarif");
}

}  // namespace
}  // namespace exposure
