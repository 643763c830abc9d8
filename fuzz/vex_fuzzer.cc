// Fuzzes VEX documents applied to findings: the input is read as the last
// input of an analysis of a small fixed scan (packages with and without
// purls, on an image, with CVEs and an alias), so whatever VEX importer
// takes it, its statements are matched against findings. The report must
// be valid JSON and the same bytes on a second analysis; every finding a
// statement decides names a statement of that analysis; a finding closed
// by VEX is not open. The input's text is also read as version ranges,
// purls and CPEs (core/plan/vex.h, core/plan/versions.h), which must not
// crash.
#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "core/app/analyzer.h"
#include "core/plan/versions.h"
#include "core/plan/vex.h"

namespace {

// A Grype report of an image: packages with purls (one with qualifiers),
// CVEs and a GHSA with its CVE.
constexpr const char* kGrype = R"json({"matches": [
 {"vulnerability": {"id": "CVE-2023-38545", "severity": "Critical",
   "fix": {"versions": ["8.4.0-r0"], "state": "fixed"}},
  "artifact": {"name": "curl", "version": "7.83.1-r3", "type": "apk",
   "purl": "pkg:apk/alpine/curl@7.83.1-r3?arch=x86_64&distro=alpine-3.16.2"}},
 {"vulnerability": {"id": "GHSA-8v27-2fg9-7h62", "severity": "High"},
  "relatedVulnerabilities": [{"id": "CVE-2021-23334"}],
  "artifact": {"name": "static-eval", "version": "2.1.0", "type": "npm",
   "purl": "pkg:npm/static-eval@2.1.0"}},
 {"vulnerability": {"id": "CVE-2021-44228", "severity": "Critical"},
  "artifact": {"name": "log4j-core", "version": "2.14.1", "type": "java-archive",
   "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}}],
 "source": {"type": "image", "target": {"userInput": "registry.example.com/shop/webapp:2.3.1"}},
 "descriptor": {"name": "grype", "timestamp": "2024-05-01T00:00:00Z"}})json";

// A Trivy report of the same image: packages without purls.
constexpr const char* kTrivy = R"json({"SchemaVersion": 2,
 "CreatedAt": "2024-05-01T00:00:00Z",
 "ArtifactName": "registry.example.com/shop/webapp:2.3.1",
 "ArtifactType": "container_image",
 "Results": [{"Target": "webapp (alpine 3.16.2)", "Class": "os-pkgs", "Type": "alpine",
  "Vulnerabilities": [
   {"VulnerabilityID": "CVE-2023-38545", "PkgName": "curl",
    "InstalledVersion": "7.83.1-r3", "FixedVersion": "8.4.0-r0", "Severity": "CRITICAL"},
   {"VulnerabilityID": "CVE-2022-3602", "PkgName": "libssl3",
    "InstalledVersion": "3.0.5-r0", "FixedVersion": "3.0.7-r0", "Severity": "HIGH"}]}]})json";

std::string Analyze(std::string_view vex, size_t chunk) {
  exposure::Analyzer a;
  for (const auto& [name, doc] :
       {std::pair<const char*, std::string_view>{"grype.json", kGrype},
        {"trivy.json", kTrivy}}) {
    a.BeginFile(name);
    a.Feed(doc);
    a.EndFile();
  }
  a.BeginFile("vex");
  for (size_t off = 0; off < vex.size(); off += chunk)
    a.Feed(vex.substr(off, chunk));
  a.EndFile();
  const exposure::Assessment assessment = a.Assess();
  const exposure::Plan plan = a.MakePlan(assessment);
  const auto& statements = a.store().vex();
  if (plan.vex.statements != statements.size())
    std::abort();
  for (size_t i = 0; i < plan.vex.status.size(); ++i) {
    if (!plan.vex.Decided(i))
      continue;
    if (plan.vex.statement[i] >= statements.size() ||
        plan.vex.StatusOf(i) != statements[plan.vex.statement[i]].status)
      std::abort();
    if (plan.vex.Closes(i) && plan.IsOpen(i, exposure::FindingStatus::kOpen))
      std::abort();
  }
  std::string out;
  if (!exposure::RenderJsonReport(
           a.store(), assessment, [&out](std::string_view p) { out.append(p); },
           exposure::ReportDetail::kFull, &plan)
           .ok())
    std::abort();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  size_t chunk = size > 0 ? static_cast<size_t>(data[0]) + 1 : 1;
  std::string_view doc(reinterpret_cast<const char*>(data), size);
  if (!doc.empty())
    doc.remove_prefix(1);
  const std::string report = Analyze(doc, chunk);
  if (!nlohmann::json::accept(report))
    std::abort();
  if (Analyze(doc, doc.size() + 1) != report)
    std::abort();
  // The text as a version and a range, a purl and a CPE.
  const size_t nl = doc.find('\n');
  const std::string_view version = doc.substr(0, std::min(nl, size_t{200}));
  const std::string_view range =
      nl == std::string_view::npos ? doc : doc.substr(nl + 1, 4096);
  (void)exposure::VersionInRange(version, range);
  (void)exposure::SameVersion(version, range.substr(0, 200));
  exposure::Purl purl;
  exposure::Cpe cpe;
  (void)exposure::ParsePurl(doc.substr(0, 4096), &purl);
  (void)exposure::ParseCpe(doc.substr(0, 4096), &cpe);
  return 0;
}
