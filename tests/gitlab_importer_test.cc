#include "core/importers/gitlab_importer.h"

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
  EXPECT_EQ(f.category, Category::kVulnerability);
  EXPECT_EQ(f.references, (std::vector<std::string>{"https://g.example/1",
                                                    "https://l.example/"}));
}

TEST(GitlabImporter, BrokenJsonReportsLocation) {
  std::string data;
  ASSERT_TRUE(ReadFile(
      CorpusDir() + "/gitlab_sast/gl-sast-report-many-vuln_v15.json", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "cut.json", data.substr(0, data.size() / 2), 1000);
  const Input& in = a.store().inputs()[0];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_TRUE(in.partial);
  EXPECT_GT(in.findings, 0u);
  EXPECT_NE(in.errors[0].message.find("cut.json: gitlab_sast:"),
            std::string::npos);
}

std::string ContainerFixture(const char* name) {
  return FixtureDir() + "/gitlab_container_scanning/" + name;
}

TEST(GitlabImporter, ContainerScanningCounts) {
  EXPECT_TRUE(testing::ImportsAs(ContainerFixture("trivy-gitlab-tpl.json"),
                                 "gitlab_container_scanning", 3));
  EXPECT_TRUE(testing::ImportsAs(ContainerFixture("gitlab-analyzer-v15.json"),
                                 "gitlab_container_scanning", 2));
}

// GitLab's analyzer names its scanner only after the records: they keep the
// format's default tool. The image with its operating system is the asset.
TEST(GitlabImporter, MapsContainerScanningRecord) {
  std::string data;
  ASSERT_TRUE(ReadFile(ContainerFixture("gitlab-analyzer-v15.json"), &data));
  Analyzer a;
  testing::FeedInChunks(&a, "gl-container-scanning-report.json", data, 11);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  ASSERT_EQ(a.store().findings().size(), 2u);
  const Finding& f = a.store().findings()[1];
  EXPECT_EQ(f.format, "gitlab_container_scanning");
  EXPECT_EQ(f.tool, "GitLab Container Scanning");
  EXPECT_EQ(f.category, Category::kVulnerability);
  EXPECT_EQ(f.rule_id, "CVE-2022-37434");
  EXPECT_EQ(f.cves, (std::vector<std::string>{"CVE-2022-37434"}));
  EXPECT_EQ(f.title, "CVE-2022-37434 in zlib1g 1:1.2.11.dfsg-2+deb11u1");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.tool_severity, "High");
  EXPECT_EQ(f.component.name, "zlib1g");
  EXPECT_EQ(f.component.installed, "1:1.2.11.dfsg-2+deb11u1");
  EXPECT_EQ(f.solution,
            "Upgrade zlib1g from 1:1.2.11.dfsg-2+deb11u1 to "
            "1:1.2.11.dfsg-2+deb11u2");
  EXPECT_EQ(f.location, "registry.gitlab.com/acme/payments/api:4f2d9c1a");
  ASSERT_EQ(a.store().assets().size(), 1u);
  const Asset& asset = a.store().assets()[f.asset];
  EXPECT_EQ(asset.kind, AssetKind::kContainerImage);
  EXPECT_EQ(asset.ids.image, "registry.gitlab.com/acme/payments/api:4f2d9c1a");
  EXPECT_EQ(asset.os, "debian 11.6");
}

// Trivy's template writes "Unknown" for what it could not tell, and its
// first versions had no "scan" but a category on every record.
TEST(GitlabImporter, ContainerScanningUnknownImage) {
  const std::string doc = R"json({"version": "14.0.6", "vulnerabilities": [{
    "id": "CVE-2019-11358", "category": "container_scanning",
    "message": "jquery: Prototype pollution in object's prototype leading to denial of service, remote code execution, or property injection",
    "description": "d", "cve": "CVE-2019-11358", "severity": "Medium",
    "solution": "Upgrade jquery to 3.4.0",
    "scanner": {"id": "trivy", "name": "trivy"},
    "location": {"dependency": {"package": {"name": "jquery"},
      "version": "3.3.9"}, "operating_system": "Unknown", "image": "Unknown"},
    "identifiers": [{"type": "cve", "name": "CVE-2019-11358",
      "value": "CVE-2019-11358", "url": ""}],
    "links": []}], "remediations": []})json";
  Analyzer a;
  testing::FeedInChunks(&a, "t.json", doc, 64);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.format, "gitlab_container_scanning");
  ASSERT_EQ(a.store().findings().size(), 1u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.tool, "trivy");
  EXPECT_EQ(f.asset, Finding::kNoAsset);
  EXPECT_EQ(f.location, "");
  EXPECT_EQ(f.title.rfind("jquery: Prototype pollution", 0), 0u);
  EXPECT_TRUE(a.store().assets().empty());
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
  const char* empty_container =
      R"({"version": "3.0.0", "vulnerabilities": [], "remediations": [],
          "scan": {"scanner": {"id": "trivy"}, "type": "container_scanning"}})";
  EXPECT_TRUE(SniffGitlabContainerScanning(empty_container, true));
  EXPECT_FALSE(SniffGitlabSast(empty_container, true));
  // Schema 15 records name no category; "scan" may lie beyond the head.
  const char* head =
      R"({"version": "15.0.6", "vulnerabilities": [{"id": "1",
          "location": {"dependency": {"package": {"name": "apt"}},
          "operating_system": "debian 11.6", "image": "r/app:1"},
          "identifiers": [{"type": "cve", "name": "CVE-2019-3462"}]}, {)";
  EXPECT_TRUE(SniffGitlabContainerScanning(head, false));
  EXPECT_FALSE(SniffGitlabSast(head, false));
  EXPECT_FALSE(SniffGitlabDependencyScanning(head, false));
  EXPECT_FALSE(SniffGitlabContainerScanning(dep, true));
  // A dependency-scanning report longer than the head: its type and
  // dependency files come after the records.
  const char* dep_head =
      R"({"version": "15.0.0", "vulnerabilities": [{"id": "1",
          "location": {"file": "yarn.lock", "dependency": {"package":
          {"name": "lodash"}, "version": "4.17.0"}},
          "identifiers": [{"type": "cve", "name": "CVE-2020-8203"}]}, {)";
  EXPECT_TRUE(SniffGitlabDependencyScanning(dep_head, false));
  EXPECT_FALSE(SniffGitlabSast(dep_head, false));
  EXPECT_FALSE(SniffGitlabContainerScanning(dep_head, false));
}

// The report of many vulnerabilities, repeated past the sniffer's head.
TEST(GitlabImporter, LargeDependencyScanningReportIsNotSast) {
  std::string data;
  ASSERT_TRUE(testing::ReadFile(
      testing::CorpusDir() +
          "/gitlab_dep_scan/gl-dependency-scanning-report-many-vuln_v15.json",
      &data));
  const size_t open = data.find('[', data.find("\"vulnerabilities\"")) + 1;
  const size_t close = data.find("\n  ],", open);
  ASSERT_NE(close, std::string::npos);
  const std::string records = data.substr(open, close - open);
  std::string big = data.substr(0, open);
  for (int i = 0; big.size() < 2 * kSniffBytes; ++i)
    big += (i == 0 ? "" : ",") + records;
  big += data.substr(close);
  EXPECT_EQ(DetectFormat(big, true), "gitlab_dependency_scanning");
}

}  // namespace
}  // namespace exposure
