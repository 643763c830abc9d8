#include "core/importers/gitlab_importer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

TEST(GitlabImporter, MapsDependencyRecord) {
  const std::string doc = R"json({"version": "15.0.0", "vulnerabilities": [{
    "id": "abc", "name": "Prototype pollution", "description": "Bad merge.",
    "severity": "High", "solution": "Upgrade to 4.17.21.",
    "location": {"file": "package-lock.json",
      "dependency": {"package": {"name": "lodash"}, "version": "4.17.0"}},
    "identifiers": [
      {"type": "gemnasium", "name": "Gemnasium-1", "value": "1",
       "url": "https://g.example/1"},
      {"type": "cve", "name": "CVE-2020-8203", "value": "CVE-2020-8203"},
      {"type": "cwe", "name": "CWE-1321", "value": "1321"},
      {"type": "ghsa", "name": "GHSA-p6mc-m468-83gw",
       "value": "GHSA-p6mc-m468-83gw"}],
    "links": [{"url": "https://l.example/"}]}],
    "dependency_files": [],
    "scan": {"type": "dependency_scanning",
             "scanner": {"id": "gemnasium", "name": "Gemnasium"}}})json";
  Analyzer a;
  testing::FeedInChunks(&a, "g.json", doc, 9);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.format, "gitlab_dependency_scanning");
  ASSERT_EQ(a.store().findings().size(), 1u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.rule_id, "Gemnasium-1");
  EXPECT_EQ(f.title, "Prototype pollution");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.cves, (std::vector<std::string>{"CVE-2020-8203"}));
  EXPECT_EQ(f.cwes, (std::vector<std::string>{"CWE-1321"}));
  EXPECT_EQ(f.aliases, (std::vector<std::string>{"1", "GHSA-p6mc-m468-83gw"}));
  EXPECT_EQ(f.component.name, "lodash");
  EXPECT_EQ(f.component.installed, "4.17.0");
  EXPECT_EQ(f.location, "package-lock.json");
  EXPECT_EQ(f.solution, "Upgrade to 4.17.21.");
  EXPECT_EQ(f.category, "vulnerability");
  EXPECT_EQ(f.references, (std::vector<std::string>{"https://g.example/1",
                                                    "https://l.example/"}));
}

TEST(GitlabImporter, Sniff) {
  EXPECT_TRUE(SniffGitlabSast(
      R"({"version": "2.3", "vulnerabilities": [], "remediations": []})",
      true));
  EXPECT_FALSE(SniffGitlabDependencyScanning(
      R"({"version": "2.3", "vulnerabilities": [], "remediations": []})",
      true));
  const char* dep =
      R"({"version": "3.0.0", "vulnerabilities": [], "remediations": [],
          "dependency_files": [], "scan": {"type": "dependency_scanning"}})";
  EXPECT_TRUE(SniffGitlabDependencyScanning(dep, true));
  EXPECT_FALSE(SniffGitlabSast(dep, true));
  EXPECT_FALSE(SniffGitlabSast(R"({"vulnerabilities": [], "ok": true})", true));
}

}  // namespace
}  // namespace exposure
