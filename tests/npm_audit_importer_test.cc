#include "core/importers/npm_audit_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::ReadFile;

TEST(NpmAuditImporter, ErrorReportIsRejected) {
  std::string data;
  ASSERT_TRUE(
      ReadFile(CorpusDir() + "/npm_audit/empty_with_error.json", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "e.json", data, 16);
  const Input& in = a.store().inputs()[0];
  EXPECT_EQ(in.format, "npm_audit_v6");
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_NE(in.errors[0].message.find("ENOAUDIT"), std::string::npos)
      << in.errors[0].message;
}

TEST(NpmAuditImporter, MapsV6Advisory) {
  const std::string doc = R"json({"actions": [{"action": "install",
    "module": "express", "target": "4.16.3", "isMajor": false,
    "resolves": [{"id": 534, "path": "express>debug"}]}],
    "advisories": {"534": {"id": 534, "title": "Regular Expression Denial of Service",
      "module_name": "debug", "severity": "low", "cves": ["CVE-2017-16137"],
      "cwe": "[\"CWE-400\"]", "github_advisory_id": "GHSA-gxpj-cx7g-858c",
      "vulnerable_versions": "<2.6.9", "patched_versions": ">= 2.6.9",
      "overview": "Text", "recommendation": "Update to 2.6.9.",
      "references": "- https://a\n- https://b", "url": "https://npmjs.com/advisories/534",
      "cvss": {"score": 5.3, "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"},
      "findings": [{"version": "2.2.0", "paths": ["express>debug", "express>send>debug"]},
                   {"version": "2.6.8", "paths": ["mocha>debug"]}]}},
    "muted": [], "metadata": {}})json";
  Analyzer a;
  testing::FeedInChunks(&a, "n.json", doc, 4);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty());
  ASSERT_EQ(a.store().findings().size(), 1u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.format, "npm_audit_v6");
  EXPECT_EQ(f.rule_id, "534");
  EXPECT_EQ(f.cves, std::vector<std::string>{"CVE-2017-16137"});
  EXPECT_EQ(f.aliases, std::vector<std::string>{"GHSA-gxpj-cx7g-858c"});
  EXPECT_EQ(f.cwes, std::vector<std::string>{"CWE-400"});
  ASSERT_EQ(f.cvss.size(), 1u);
  EXPECT_EQ(f.cvss[0].score_tenths, 53);
  EXPECT_EQ(f.component.name, "debug");
  EXPECT_EQ(f.component.installed, "2.2.0, 2.6.8");
  EXPECT_EQ(f.component.fixed, ">= 2.6.9");
  EXPECT_EQ(f.location, "express>debug");
  EXPECT_EQ(f.solution, "Update to 2.6.9.\nRun `npm install express@4.16.3`.");
  EXPECT_EQ(f.references,
            (std::vector<std::string>{"https://npmjs.com/advisories/534",
                                      "https://a", "https://b"}));
  EXPECT_EQ(f.asset, Finding::kNoAsset);
}

TEST(NpmAuditImporter, MapsV7ViaAdvisoriesAndTransitiveEntries) {
  const std::string doc = R"json({"auditReportVersion": 2, "vulnerabilities": {
    "debug": {"name": "debug", "severity": "high", "via": [
      {"source": 1094222, "name": "debug", "title": "ReDoS in debug",
       "url": "https://github.com/advisories/GHSA-gxpj-cx7g-858c",
       "severity": "moderate", "cwe": ["CWE-400"],
       "cvss": {"score": 5.3, "vectorString": "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"},
       "range": "<2.6.9"}, "ms"],
      "range": "<=2.6.8", "nodes": ["node_modules/debug"],
      "fixAvailable": {"name": "express", "version": "4.18.3", "isSemVerMajor": false}},
    "express": {"name": "express", "severity": "low", "via": ["debug"],
      "range": "<4", "nodes": ["node_modules/express"], "fixAvailable": true}},
    "metadata": {}})json";
  Analyzer a;
  testing::FeedInChunks(&a, "n.json", doc, 6);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty());
  ASSERT_EQ(a.store().findings().size(), 2u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.format, "npm_audit_v7");
  EXPECT_EQ(f.rule_id, "1094222");
  EXPECT_EQ(f.aliases, std::vector<std::string>{"GHSA-gxpj-cx7g-858c"});
  EXPECT_EQ(f.severity, Severity::kMedium);
  EXPECT_EQ(f.cvss[0].version, "3.0");
  EXPECT_EQ(f.location, "node_modules/debug");
  EXPECT_EQ(f.solution, "Upgrade express to 4.18.3.");
  const Finding& t = a.store().findings()[1];
  EXPECT_EQ(t.rule_id, "npm-audit:express");
  EXPECT_EQ(t.title, "express is vulnerable through its dependencies (debug)");
  EXPECT_EQ(t.severity, Severity::kLow);
  EXPECT_EQ(t.solution, "Run `npm audit fix`.");
}

TEST(NpmAuditImporter, Sniff) {
  EXPECT_TRUE(SniffNpmAuditV6(R"({"actions": [], "advisories": {}})", true));
  EXPECT_TRUE(SniffNpmAuditV6(
      R"({"error": {"code": "ENOAUDIT", "summary": "x", "detail": ""}})",
      true));
  EXPECT_FALSE(SniffNpmAuditV6(
      R"({"auditReportVersion": 2, "vulnerabilities": {}})", true));
  EXPECT_TRUE(SniffNpmAuditV7(
      R"({"auditReportVersion": 2, "vulnerabilities": {}})", true));
  EXPECT_FALSE(SniffNpmAuditV7(R"({"actions": [], "advisories": {}})", true));
}

}  // namespace
}  // namespace exposure
