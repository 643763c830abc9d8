// The analysis both VEX export tests state: a Grype scan of a container
// image (packages with purls, one CVE each), a Trivy scan of the same image
// (the same CVEs, without purls) and a Nessus scan of hosts (checks naming
// many CVEs, no purls), with decisions of every status. And the VEX
// importers' tests' reading of one document.
#ifndef TESTS_VEX_TEST_UTIL_H_
#define TESTS_VEX_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "core/plan/decisions.h"
#include "core/render/export_view.h"
#include "tests/test_util.h"

namespace exposure::testing {

// Every status; zlib's decided by CVE and component together, MS17-010's
// by one of the plugin's CVEs, Apache's by its rule.
inline const char* const kVexDecisions[] = {
    R"({"match": {"cve": "CVE-2022-37434", "component": "pkg:apk/alpine/zlib"},
        "status": "not_affected",
        "justification": "vulnerable_code_not_in_execute_path",
        "by": "alice", "reason": "inflateGetHeader is never called"})",
    R"({"match": {"cve": "CVE-2023-0286"}, "status": "not_affected",
        "reason": "no X.400 addresses are processed"})",
    R"({"match": {"cve": "CVE-2023-38545"}, "status": "false_positive",
        "by": "bob", "reason": "curl is built without SOCKS5"})",
    R"({"match": {"rule": "nessus:156255"}, "status": "accepted",
        "by": "carol", "reason": "internal only", "until": "2099-12-31"})",
    R"({"match": {"cve": "CVE-2021-23337"}, "status": "deferred",
        "until": "2099-06-30", "reason": "next release"})",
    R"({"match": {"cve": "cve-2017-0144"}, "status": "not_affected",
        "justification": "inline_mitigations_already_exist",
        "by": "dave"})",
};

// Decisions of `entries` (JSON objects), in that order.
inline Decisions VexDecisions(const std::vector<std::string>& entries) {
  std::string json = R"({"decisions": [)";
  for (size_t i = 0; i < entries.size(); ++i)
    json += (i ? "," : "") + entries[i];
  json += "]}";
  Result<Decisions> d = ParseDecisions(json);
  EXPECT_TRUE(d.ok()) << d.status().message();
  return d.ok() ? *d : Decisions{};
}

inline std::vector<std::string> AllVexDecisions() {
  return {std::begin(kVexDecisions), std::end(kVexDecisions)};
}

// An analysis of the three example scans (or in reverse order) with
// `decisions`, and the export `write` makes of it.
struct VexRun {
  Status status;
  std::string doc;
};

inline VexRun RunVexExport(Status (*write)(const ExportView&, ExportOutput*),
                           const Decisions& decisions,
                           bool reversed_inputs = false) {
  std::vector<std::string> files = {
      "webapp-image.grype.json", "webapp-image.trivy.json", "host-scan.nessus"};
  if (reversed_inputs)
    std::reverse(files.begin(), files.end());
  Analyzer a;
  for (const std::string& file : files) {
    std::string data;
    EXPECT_TRUE(ReadFile(SourceDir() + "/examples/" + file, &data)) << file;
    FeedInChunks(&a, file, data, 1 << 20);
  }
  a.SetDecisions(decisions);
  Assessment as = a.Assess();
  Plan plan = a.MakePlan(as);
  ExportView view(a.store(), as, plan);
  StringExportOutput out;
  VexRun run;
  run.status = write(view, &out);
  if (run.status.ok()) {
    EXPECT_EQ(out.parts.size(), 1u);
    if (!out.parts.empty())
      run.doc = out.parts[0];
  }
  return run;
}

// One VEX document read as an analysis's only input (fed `chunk` bytes at
// a time): its record and the statements it gave.
struct ImportedVex {
  Input input;
  std::vector<VexStatement> statements;
};
inline ImportedVex ImportVex(const std::string& name,
                             std::string_view data,
                             size_t chunk = 4096) {
  Analyzer a;
  FeedInChunks(&a, name, data, chunk);
  return {a.store().inputs().at(0), a.store().vex()};
}
inline ImportedVex ImportVexFile(const std::string& path, size_t chunk = 4096) {
  std::string data;
  EXPECT_TRUE(ReadFile(path, &data)) << path;
  return ImportVex(path.substr(path.rfind('/') + 1), data, chunk);
}

// A VEX sample file read as format `format`: no error, not partial, no
// findings, `count` statements, each stamped with the format and naming
// its products. Returns what was read, for the format's own checks.
inline ImportedVex ExpectVexSample(const std::string& path,
                                   const std::string& format,
                                   size_t count) {
  ImportedVex got = ImportVexFile(path);
  EXPECT_EQ(got.input.format, format) << path;
  EXPECT_TRUE(got.input.errors.empty()) << got.input.errors[0].message;
  EXPECT_FALSE(got.input.partial) << path;
  EXPECT_EQ(got.input.findings, 0u) << path;
  EXPECT_EQ(got.statements.size(), count) << path;
  for (const VexStatement& s : got.statements) {
    EXPECT_EQ(s.format, format) << path;
    EXPECT_FALSE(s.products.empty()) << path;
  }
  return got;
}

// The products of `s` as "purl|cpe|name|version|range" lines.
inline std::vector<std::string> ProductLines(const VexStatement& s) {
  std::vector<std::string> out;
  for (const VexProduct& p : s.products) {
    out.push_back(p.purl + "|" + p.cpe + "|" + p.name + "|" + p.version + "|" +
                  p.range);
  }
  return out;
}

}  // namespace exposure::testing

#endif  // TESTS_VEX_TEST_UTIL_H_
