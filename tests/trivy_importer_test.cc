#include "core/importers/trivy_importer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::CountOccurrences;
using testing::ReadFile;
using testing::SourceDir;

// Counts the records a Trivy report holds, independently of the streaming
// importer: a full DOM parse and a walk over every Result in every layout.
size_t CountRecords(const nlohmann::json& results) {
  size_t n = 0;
  if (!results.is_array())
    return 0;
  for (const auto& r : results) {
    for (const char* list : {"Vulnerabilities", "Secrets", "Licenses"}) {
      if (r.contains(list) && r[list].is_array())
        n += r[list].size();
    }
    if (r.contains("Misconfigurations") && r["Misconfigurations"].is_array()) {
      for (const auto& m : r["Misconfigurations"]) {
        std::string status = m.value("Status", "");
        if (status != "PASS" && status != "EXCEPTION")
          ++n;
      }
    }
  }
  return n;
}

size_t ExpectedRecords(const nlohmann::json& doc) {
  if (doc.is_array())
    return CountRecords(doc);
  if (!doc.is_object())
    return 0;
  size_t n = CountRecords(doc.value("Results", nlohmann::json()));
  for (const char* layout :
       {"Resources", "Vulnerabilities", "Misconfigurations"}) {
    if (doc.contains(layout) && doc[layout].is_array() &&
        doc.contains("ClusterName")) {
      for (const auto& res : doc[layout]) {
        n += CountRecords(res.value("Results", nlohmann::json()));
      }
    }
  }
  return n;
}

class TrivyCorpus : public ::testing::TestWithParam<const char*> {};

TEST_P(TrivyCorpus, EveryRecordIsAFinding) {
  std::string path = CorpusDir() + "/trivy/" + GetParam();
  std::string data;
  ASSERT_TRUE(ReadFile(path, &data)) << path;
  Analyzer a;
  testing::FeedInChunks(&a, GetParam(), data, 64 * 1024);
  const Input& in = a.store().inputs().at(0);
  EXPECT_EQ(in.format, "trivy");
  EXPECT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.findings, ExpectedRecords(nlohmann::json::parse(data)));
}

INSTANTIATE_TEST_SUITE_P(
    Trivy,
    TrivyCorpus,
    ::testing::Values("all_statuses.json",
                      "cvss_severity_source.json",
                      "cvssv4_severity_source.json",
                      "issue_10991.json",
                      "issue_14136.json",
                      "issue_9092.json",
                      "issue_9170.json",
                      "issue_9263.json",
                      "issue_9333.json",
                      "kubernetes.json",
                      "kubernetes_fabricated_internal_duplicates.json",
                      "kubernetes_fabricated_internal_duplicates_subset.json",
                      "kubernetes_fabricated_subset.json",
                      "legacy_many_vulns.json",
                      "legacy_no_vuln.json",
                      "legacy_trivy_mix.json",
                      "license_scheme.json",
                      "misconfigurations_and_secrets.json",
                      "scheme_2_many_vulns.json",
                      "scheme_2_no_vuln.json",
                      "severity_prio.json"));

TEST(TrivyImporter, TargetAfterRecordsStillAssigned) {
  // Key order is not guaranteed once a report has been reformatted.
  const std::string doc = R"json({"SchemaVersion": 2, "Results": [
    {"Vulnerabilities": [{"VulnerabilityID": "CVE-2024-1", "PkgName": "zlib",
      "InstalledVersion": "1.2", "FixedVersion": "1.3", "Severity": "HIGH",
      "CVSS": {"nvd": {"V3Vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                       "V3Score": 9.8}}}],
     "Target": "app (debian 12)", "Type": "debian"}],
    "ArtifactName": "registry.example/app:1.0", "ArtifactType": "container_image"})json";
  Analyzer a;
  testing::FeedInChunks(&a, "t.json", doc, 3);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty())
      << a.store().inputs()[0].errors[0].message;
  ASSERT_EQ(a.store().findings().size(), 1u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.location, "app (debian 12)");
  EXPECT_EQ(f.component.type, "debian");
  EXPECT_EQ(f.component.fixed, "1.3");
  EXPECT_EQ(f.severity, Severity::kHigh);
  ASSERT_EQ(f.cvss.size(), 1u);
  EXPECT_EQ(f.cvss[0].score_tenths, 98);
  EXPECT_EQ(a.store().assets()[f.asset].ids.image, "registry.example/app:1.0");
}

TEST(TrivyImporter, ScanTimeIsCreatedAtInUtc) {
  std::string data;
  ASSERT_TRUE(ReadFile(CorpusDir() + "/trivy/issue_14136.json", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "t.json", data, 4096);
  ASSERT_EQ(a.store().assets().size(), 1u);
  EXPECT_EQ(a.store().assets()[0].name, "tofu/clusters/sandbox");
  // "2026-01-21T10:19:22.484900675+01:00".
  EXPECT_EQ(a.store().sightings(0).last_scanned, "2026-01-21T09:19:22Z");
  EXPECT_FALSE(a.store().sightings(0).credentialed);
  EXPECT_FALSE(a.store().sightings(0).uncredentialed);
}

TEST(TrivyImporter, CreatedAtAfterResultsStillDatesTheScan) {
  const std::string doc = R"json({"SchemaVersion": 2,
    "ArtifactName": "app:1", "ArtifactType": "container_image",
    "Results": [{"Target": "app", "Vulnerabilities": [
      {"VulnerabilityID": "CVE-2024-1", "PkgName": "zlib"}]}],
    "CreatedAt": "2024-05-01T12:00:00Z"})json";
  Analyzer a;
  testing::FeedInChunks(&a, "t.json", doc, 3);
  ASSERT_EQ(a.store().assets().size(), 1u);
  EXPECT_EQ(a.store().sightings(0).last_scanned, "2024-05-01T12:00:00Z");
}

// The records of a Result wait for its end (its Target may follow them):
// a file cut anywhere still keeps every record read whole.
TEST(TrivyImporter, BrokenJsonKeepsEveryRecordReadWhole) {
  std::string data;
  ASSERT_TRUE(
      ReadFile(SourceDir() + "/examples/webapp-image.trivy.json", &data));
  const std::string record_end = "\n        }";  // the example's layout
  size_t cuts = 0;
  for (size_t at = data.find(record_end); at != std::string::npos;
       at = data.find(record_end, at + 1)) {
    std::string cut = data.substr(0, at + record_end.size());
    // Passed misconfiguration checks are not findings.
    size_t records = CountOccurrences(cut, "\"VulnerabilityID\"") +
                     CountOccurrences(cut, "\"Status\": \"FAIL\"") +
                     CountOccurrences(cut, "\"RuleID\"");
    Analyzer a;
    testing::FeedInChunks(&a, "cut.json", cut, 100);
    const Input& in = a.store().inputs()[0];
    EXPECT_TRUE(in.partial);
    EXPECT_EQ(in.findings, records) << "cut at byte " << cut.size();
    EXPECT_EQ(in.assets.size(), 1u);
    ++cuts;
  }
  EXPECT_EQ(cuts, 12u);
}

TEST(TrivyImporter, Sniff) {
  EXPECT_TRUE(SniffTrivy(
      "{\n  \"SchemaVersion\": 2,\n  \"ArtifactName\": \"x\"", false));
  EXPECT_TRUE(SniffTrivy("{\"ClusterName\": \"c\", \"Resources\": []}", true));
  EXPECT_TRUE(
      SniffTrivy("[{\"Target\": \"x\", \"Vulnerabilities\": []}]", true));
  EXPECT_TRUE(SniffTrivy("null\n", true));
  EXPECT_FALSE(SniffTrivy("null\n", false));
  EXPECT_FALSE(SniffTrivy("{\"runs\": []}", true));
}

}  // namespace
}  // namespace exposure
