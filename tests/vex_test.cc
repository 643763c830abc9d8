// VEX statements applied to findings (core/plan/vex.h): the matching rules,
// version ranges, the latest statement winning, conflicts, and what the
// plan and the report make of them, with documents of all three formats
// over the findings of several tools.
#include "core/plan/vex.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/app/analyzer.h"
#include "core/plan/plan.h"
#include "core/render/export_view.h"
#include "tests/test_util.h"
#include "tests/vex_test_util.h"

namespace exposure {
namespace {

using Json = nlohmann::json;
using Inputs = std::vector<std::pair<std::string, std::string>>;

struct Analysis {
  Analyzer analyzer;
  Assessment assessment;
  Plan plan;
  Json report;
};

std::unique_ptr<Analysis> Analyze(const Inputs& inputs,
                                  const char* decisions = nullptr,
                                  size_t chunk = 4096) {
  auto a = std::make_unique<Analysis>();
  Policy policy = DefaultPolicy();
  policy.as_of = "2024-06-01";
  a->analyzer.SetPolicy(policy);
  a->analyzer.SetIntel(testing::GoldenIntel());
  if (decisions != nullptr) {
    Result<Decisions> d = ParseDecisions(decisions);
    EXPECT_TRUE(d.ok()) << d.status().message();
    if (d.ok())
      a->analyzer.SetDecisions(*d);
  }
  for (const auto& [name, data] : inputs)
    testing::FeedInChunks(&a->analyzer, name, data, chunk);
  for (const Input& in : a->analyzer.store().inputs())
    EXPECT_TRUE(in.errors.empty()) << in.errors[0].message;
  a->assessment = a->analyzer.Assess();
  a->plan = a->analyzer.MakePlan(a->assessment);
  a->report = Json::parse(a->analyzer.ReportJson());
  return a;
}

std::string Read(const std::string& path) {
  std::string data;
  EXPECT_TRUE(testing::ReadFile(path, &data)) << path;
  return data;
}
std::string Corpus(const std::string& rel) {
  return Read(testing::CorpusDir() + "/" + rel);
}
std::string Example(const std::string& file) {
  return Read(testing::SourceDir() + "/examples/" + file);
}
std::string Fixture(const std::string& rel) {
  return Read(testing::FixtureDir() + "/" + rel);
}
std::string Sample(const std::string& rel) {
  return Read(testing::SamplesDir() + "/vex/" + rel);
}

// An OpenVEX document of `statements` (JSON objects, comma-separated).
std::string OpenVex(const std::string& statements,
                    const std::string& timestamp = "2024-05-01T00:00:00Z") {
  return R"({"@context": "https://openvex.dev/ns/v0.2.0",
    "@id": "https://example.com/vex", "author": "Tester", "timestamp": ")" +
         timestamp + R"(", "version": 1, "statements": [)" + statements + "]}";
}

// The report's findings of `cve` (their first CVE), in report order.
std::vector<Json> FindingsOf(const Json& report, const std::string& cve) {
  std::vector<Json> out;
  for (const Json& f : report["findings"]) {
    if (!f["cves"].empty() && f["cves"][0] == cve)
      out.push_back(f);
  }
  return out;
}

// The report's finding of `cve` read from `format`.
Json FindingOf(const Json& report,
               const std::string& cve,
               const std::string& format) {
  for (const Json& f : FindingsOf(report, cve)) {
    if (f["source"]["format"] == format)
      return f;
  }
  ADD_FAILURE() << "no " << format << " finding of " << cve;
  return Json::object();
}

// ---- matching rules -------------------------------------------------------

VexProduct PurlProduct(const std::string& purl, const std::string& range = "") {
  VexProduct p;
  p.purl = purl;
  p.range = range;
  return p;
}
VexProduct CpeProduct(const std::string& cpe, const std::string& range = "") {
  VexProduct p;
  p.cpe = cpe;
  p.range = range;
  return p;
}
VexProduct Named(const std::string& name,
                 const std::string& version = "",
                 const std::string& range = "") {
  VexProduct p;
  p.name = name;
  p.version = version;
  p.range = range;
  return p;
}

TEST(VexMatching, PurlsIgnoreQualifiersButArch) {
  Finding f;
  f.component.name = "curl";
  f.component.installed = "7.81.0-1ubuntu1.14";
  f.component.purl =
      "pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.14?arch=amd64&distro=ubuntu-22.04";
  EXPECT_TRUE(
      VexProductMatches(PurlProduct("pkg:deb/ubuntu/curl"), f, nullptr));
  EXPECT_TRUE(VexProductMatches(
      PurlProduct("pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.14"), f, nullptr));
  EXPECT_TRUE(
      VexProductMatches(PurlProduct("pkg:DEB/Ubuntu/Curl"), f, nullptr));
  EXPECT_TRUE(VexProductMatches(PurlProduct("pkg:deb/ubuntu/curl?arch=amd64"),
                                f, nullptr));
  EXPECT_TRUE(VexProductMatches(PurlProduct("pkg:deb/ubuntu/curl#src/lib"), f,
                                nullptr));
  EXPECT_FALSE(VexProductMatches(PurlProduct("pkg:deb/ubuntu/curl?arch=arm64"),
                                 f, nullptr));
  EXPECT_FALSE(VexProductMatches(
      PurlProduct("pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.15"), f, nullptr));
  EXPECT_FALSE(
      VexProductMatches(PurlProduct("pkg:deb/debian/curl"), f, nullptr));
  EXPECT_FALSE(
      VexProductMatches(PurlProduct("pkg:deb/ubuntu/libcurl4"), f, nullptr));
  // A range on the product (CycloneDX versions, CSAF ranges).
  EXPECT_TRUE(VexProductMatches(
      PurlProduct("pkg:deb/ubuntu/curl", "vers:deb/<7.81.0-1ubuntu1.15"), f,
      nullptr));
  EXPECT_FALSE(VexProductMatches(PurlProduct("pkg:deb/ubuntu/curl", ">=7.82"),
                                 f, nullptr));

  // An npm scope, escaped or not; a Go module path.
  Finding scoped;
  scoped.component.purl = "pkg:npm/%40angular/core@16.2.0";
  EXPECT_TRUE(
      VexProductMatches(PurlProduct("pkg:npm/@angular/core"), scoped, nullptr));
  EXPECT_TRUE(VexProductMatches(PurlProduct("pkg:npm/%40angular/core@16.2.0"),
                                scoped, nullptr));
  Finding go;
  go.component.purl = "pkg:golang/helm.sh/helm/v3@v3.14.1";
  EXPECT_TRUE(VexProductMatches(PurlProduct("pkg:golang/helm.sh/helm/v3"), go,
                                nullptr));
  EXPECT_TRUE(VexProductMatches(
      PurlProduct("pkg:golang/helm.sh/helm/v3@3.14.1"), go, nullptr));
  EXPECT_FALSE(VexProductMatches(PurlProduct("pkg:golang/helm.sh/helm/v2"), go,
                                 nullptr));

  // A finding without purl: by the component's name and version.
  Finding trivy;
  trivy.component.name = "lodash";
  trivy.component.installed = "4.17.15";
  EXPECT_TRUE(
      VexProductMatches(PurlProduct("pkg:npm/lodash@4.17.15"), trivy, nullptr));
  EXPECT_FALSE(
      VexProductMatches(PurlProduct("pkg:npm/lodash@4.17.21"), trivy, nullptr));
  Finding maven;
  maven.component.name = "org.apache.logging.log4j:log4j-core";
  maven.component.installed = "2.14.1";
  EXPECT_TRUE(VexProductMatches(
      PurlProduct("pkg:maven/org.apache.logging.log4j/log4j-core",
                  "vers:maven/<2.15.0"),
      maven, nullptr));
}

TEST(VexMatching, ImagesCpesAndNames) {
  // A pkg:oci purl names the image a finding is on.
  Asset image;
  image.kind = AssetKind::kContainerImage;
  image.ids.image = "registry.example.com/shop/webapp:2.3.1";
  Finding f;
  f.component.name = "libssl3";
  EXPECT_TRUE(VexProductMatches(
      PurlProduct("pkg:oci/webapp?repository_url=registry.example.com/shop"), f,
      &image));
  EXPECT_TRUE(
      VexProductMatches(PurlProduct("pkg:oci/webapp@2.3.1"), f, &image));
  EXPECT_FALSE(
      VexProductMatches(PurlProduct("pkg:oci/webapp@2.4.0"), f, &image));
  EXPECT_FALSE(VexProductMatches(PurlProduct("pkg:oci/shop"), f, &image));
  EXPECT_FALSE(VexProductMatches(PurlProduct("pkg:npm/webapp"), f, &image));
  Asset digest;
  digest.ids.image = "nginx@sha256:13d22ec63300e16014d4a42aed735207a8b33c22";
  EXPECT_TRUE(VexProductMatches(
      PurlProduct(
          "pkg:oci/nginx@sha256%3A13d22ec63300e16014d4a42aed735207a8b33c22"),
      f, &digest));
  EXPECT_FALSE(
      VexProductMatches(PurlProduct("pkg:oci/nginx@sha256%3A00"), f, &digest));

  // CPEs: a component named by one (Nmap), an asset's operating system.
  Finding nmap;
  nmap.component.name = "cpe:/a:apache:http_server:2.4.51";
  EXPECT_TRUE(VexProductMatches(
      CpeProduct("cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*"), nmap,
      nullptr));
  EXPECT_TRUE(VexProductMatches(
      CpeProduct("cpe:2.3:a:apache:http_server:2.4.51:*:*:*:*:*:*:*"), nmap,
      nullptr));
  EXPECT_TRUE(VexProductMatches(CpeProduct("cpe:/a:Apache:HTTP_Server"), nmap,
                                nullptr));
  EXPECT_TRUE(VexProductMatches(
      CpeProduct("cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*", "<2.4.52"),
      nmap, nullptr));
  EXPECT_FALSE(VexProductMatches(
      CpeProduct("cpe:2.3:a:apache:http_server:2.4.52:*:*:*:*:*:*:*"), nmap,
      nullptr));
  EXPECT_FALSE(VexProductMatches(
      CpeProduct("cpe:2.3:a:nginx:http_server:*:*:*:*:*:*:*:*"), nmap,
      nullptr));
  Asset rhel;
  rhel.os = "cpe:/o:redhat:enterprise_linux:8";
  EXPECT_TRUE(VexProductMatches(CpeProduct("cpe:/o:redhat:enterprise_linux:8"),
                                f, &rhel));
  EXPECT_FALSE(VexProductMatches(CpeProduct("cpe:/o:redhat:enterprise_linux:9"),
                                 f, &rhel));

  // Names: the component's (with its version or range), or the asset's.
  Finding abc;
  abc.component.name = "abc";
  abc.component.installed = "4.2";
  EXPECT_TRUE(VexProductMatches(Named("ABC", "4.2"), abc, nullptr));
  EXPECT_TRUE(VexProductMatches(Named("ABC"), abc, nullptr));
  EXPECT_FALSE(VexProductMatches(Named("ABC", "4.3"), abc, nullptr));
  EXPECT_TRUE(VexProductMatches(Named("ABC", "", "vers:generic/>=4.0|<=4.5"),
                                abc, nullptr));
  EXPECT_FALSE(VexProductMatches(Named("ABC", "", "vers:generic/>=4.5|<=5.0"),
                                 abc, nullptr));
  Finding none;
  Asset product;
  product.name = "ABC@4.2";
  EXPECT_TRUE(VexProductMatches(Named("ABC", "4.2"), none, &product));
  EXPECT_TRUE(VexProductMatches(Named("abc"), none, &product));
  EXPECT_FALSE(VexProductMatches(Named("ABC", "1.0"), none, &product));
  product.name = "ABC";
  EXPECT_TRUE(VexProductMatches(Named("ABC"), none, &product));
  EXPECT_FALSE(VexProductMatches(Named("ABC", "4.2"), none, &product));
}

TEST(VexMatching, ParsesPurlsAndCpes) {
  Purl p;
  ASSERT_TRUE(ParsePurl(
      "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar#x", &p));
  EXPECT_EQ(p.type, "maven");
  EXPECT_EQ(p.ns, "org.apache.logging.log4j");
  EXPECT_EQ(p.name, "log4j-core");
  EXPECT_EQ(p.version, "2.14.1");
  ASSERT_TRUE(ParsePurl("pkg:rpm/redhat/curl@7.76.1-14.el9?arch=S390X", &p));
  EXPECT_EQ(p.arch, "s390x");
  EXPECT_FALSE(ParsePurl("pkg:npm", &p));
  EXPECT_FALSE(ParsePurl("npm/lodash", &p));
  Cpe c;
  ASSERT_TRUE(ParseCpe("cpe:2.3:a:acme:big\\:data:1.0:*:*:*:*:*:*:*", &c));
  EXPECT_EQ(c.product, "big:data");
  EXPECT_EQ(c.version, "1.0");
  ASSERT_TRUE(ParseCpe("cpe:/o:redhat:enterprise_linux:8", &c));
  EXPECT_EQ(c.part, "o");
  EXPECT_EQ(c.vendor, "redhat");
  EXPECT_FALSE(ParseCpe("cpe:2.3:a", &c));
  EXPECT_FALSE(ParseCpe("pkg:npm/a", &c));
}

// ---- applied to analyses --------------------------------------------------

// A Trivy export of the corpus and an OpenVEX document naming one of its
// CVEs and its purl without version or qualifiers (the scanner's has
// ?arch=amd64&distro=ubuntu-22.04): that finding is not affected, out of
// open risk and the plan; the other is untouched.
TEST(Vex, NotAffectedByAPurlWithoutQualifiers) {
  const std::string trivy = Corpus("trivy/severity_prio.json");
  const std::string vex = OpenVex(R"({
      "vulnerability": {"name": "CVE-2023-46218"},
      "products": [{"@id": "pkg:deb/ubuntu/curl"}],
      "status": "not_affected",
      "justification": "vulnerable_code_not_in_execute_path",
      "impact_statement": "No cookies are set from untrusted hosts."})");
  auto base = Analyze({{"severity_prio.json", trivy}});
  EXPECT_FALSE(base->report.contains("vex"));
  const Json before = FindingOf(base->report, "CVE-2023-46218", "trivy");
  EXPECT_EQ(before["status"], "open");

  for (bool vex_first : {false, true}) {
    Inputs inputs = {{"severity_prio.json", trivy}, {"curl.vex.json", vex}};
    if (vex_first)
      std::swap(inputs[0], inputs[1]);
    auto a = Analyze(inputs);
    const Json f = FindingOf(a->report, "CVE-2023-46218", "trivy");
    EXPECT_EQ(f["status"], "not_affected") << vex_first;
    EXPECT_FALSE(f.contains("action"));
    EXPECT_FALSE(f.contains("triage"));
    EXPECT_EQ(f["vex"], Json::parse(R"({
        "status": "not_affected",
        "justification": "vulnerable_code_not_in_execute_path",
        "statement": "No cookies are set from untrusted hosts.",
        "author": "Tester", "timestamp": "2024-05-01T00:00:00Z",
        "input": "curl.vex.json", "location": "statements[0]"})"));
    // The other finding (certifi, no purl) is untouched.
    const Json other = FindingOf(a->report, "CVE-2023-37920", "trivy");
    EXPECT_EQ(other["status"], "open");
    EXPECT_FALSE(other.contains("vex"));
    const Json& s = a->report["summary"];
    const Json& b = base->report["summary"];
    EXPECT_EQ(s["open"].get<uint64_t>() + 1, b["open"].get<uint64_t>());
    EXPECT_EQ(s["open_risk"].get<uint64_t>() + before["risk"].get<uint64_t>(),
              b["open_risk"].get<uint64_t>());
    EXPECT_EQ(a->report["vex"], Json::parse(R"({"statements": 1,
        "applied": {"not_affected": 1, "affected": 0, "fixed": 0,
                    "under_investigation": 0},
        "unmatched": 0, "conflicts": []})"));
    // The VEX input is listed like any other, with no findings.
    bool listed = false;
    for (const Json& in : a->report["inputs"]) {
      if (in["name"] == "curl.vex.json") {
        listed = true;
        EXPECT_EQ(in["format"], "openvex");
        EXPECT_EQ(in["findings"], 0);
      }
    }
    EXPECT_TRUE(listed);
  }
}

// A CSAF VEX about the demo image over its Grype and Trivy scans: a purl
// without version against Grype's purl and Trivy's bare name, a range, a
// fixed build by name and version, a package through a relationship, and
// a statement for another version that applies to nothing.
TEST(Vex, CsafOverGrypeAndTrivy) {
  auto a =
      Analyze({{"webapp-image.grype.json", Example("webapp-image.grype.json")},
               {"webapp-image.trivy.json", Example("webapp-image.trivy.json")},
               {"webapp-vex.json", Fixture("csaf_vex/webapp-vex.json")}});
  const Json& r = a->report;
  for (const char* format : {"grype", "trivy"}) {
    const Json curl = FindingOf(r, "CVE-2023-38545", format);
    EXPECT_EQ(curl["status"], "not_affected") << format;
    EXPECT_EQ(curl["vex"], Json::parse(R"({
        "status": "not_affected",
        "justification": "vulnerable_code_not_in_execute_path",
        "statement": "The image's curl is never given a SOCKS5 proxy.",
        "author": "Shop webapp team", "timestamp": "2024-05-02T10:00:00Z",
        "input": "webapp-vex.json",
        "location": "vulnerabilities[0].product_status.known_not_affected"})"))
        << format;
    // Affected: open, in the plan, with the vendor's action.
    const Json ssl = FindingOf(r, "CVE-2023-0286", format);
    EXPECT_EQ(ssl["status"], "open") << format;
    EXPECT_TRUE(ssl.contains("action")) << format;
    EXPECT_EQ(ssl["vex"]["status"], "affected");
    EXPECT_EQ(ssl["vex"]["action"],
              "vendor_fix: Rebuild the image on Alpine 3.16.4 (libssl3 "
              "3.0.8-r0).");
    EXPECT_EQ(FindingOf(r, "CVE-2021-23337", format)["status"], "not_affected");
  }
  EXPECT_EQ(FindingOf(r, "CVE-2022-23529", "trivy")["status"], "fixed");
  const Json cookie = FindingOf(r, "CVE-2023-26136", "grype");
  EXPECT_EQ(cookie["status"], "open");
  EXPECT_FALSE(cookie.contains("vex"));
  EXPECT_EQ(r["vex"], Json::parse(R"({"statements": 5,
      "applied": {"not_affected": 4, "affected": 2, "fixed": 1,
                  "under_investigation": 0},
      "unmatched": 1, "conflicts": []})"));
  EXPECT_EQ(a->plan.vex.applied[static_cast<int>(VexStatus::kNotAffected)], 4u);
  ASSERT_EQ(a->plan.vex.matched.size(), 5u);
  EXPECT_EQ(a->plan.vex.matched[4], 0);  // tough-cookie 4.1.3
}

// A CycloneDX VEX (a package by purl with a version range, and the
// scanned project by name) over Grype's npm findings.
TEST(Vex, CycloneDxVexOverGrype) {
  const std::string vex = R"({"bomFormat": "CycloneDX", "specVersion": "1.5",
    "metadata": {"timestamp": "2024-04-01T00:00:00Z",
      "component": {"bom-ref": "app", "name": "shop", "version": "3.1"}},
    "vulnerabilities": [
      {"id": "CVE-2005-0861", "analysis": {"state": "resolved"},
       "affects": [{"ref": "pkg:npm/delegate", "versions": [
         {"range": "vers:npm/>=3.0.0|<3.3.0", "status": "affected"}]}]},
      {"id": "CVE-2021-29940", "analysis": {"state": "false_positive",
        "detail": "through is a dev dependency."},
       "affects": [{"ref": "pkg:npm/through@2.3.8"}]},
      {"id": "CVE-2021-32626", "analysis": {"state": "in_triage"},
       "affects": [{"ref": "pkg:pypi/redis", "versions": [
         {"version": "4.0.0", "status": "affected"}]}]}]})";
  auto a =
      Analyze({{"many_vulns4.json", Corpus("anchore_grype/many_vulns4.json")},
               {"shop.cdx.json", vex}});
  const Json& r = a->report;
  EXPECT_EQ(FindingOf(r, "CVE-2005-0861", "grype")["status"], "fixed");
  const Json through = FindingOf(r, "CVE-2021-29940", "grype");
  EXPECT_EQ(through["status"], "not_affected");
  EXPECT_EQ(through["vex"]["justification"], "false_positive");
  EXPECT_EQ(through["vex"]["statement"], "through is a dev dependency.");
  EXPECT_EQ(through["vex"]["input"], "shop.cdx.json");
  // redis 3.5.3 is not the version stated.
  EXPECT_FALSE(FindingOf(r, "CVE-2021-32626", "grype").contains("vex"));
  EXPECT_EQ(r["vex"]["unmatched"], 1);
  EXPECT_EQ(r["vex"]["applied"]["fixed"], 1);
}

// Two vexctl examples about one package: the later statement wins, in
// whichever order the documents come, and the other is a conflict.
TEST(Vex, LatestWinsAndConflictsAreReported) {
  const std::string trivy =
      testing::TrivyJson("registry.example.com/wolfi:1",
                         {{"CVE-1234-5678", "bash", "1.0.0", "", "bash"}});
  const std::string under =
      Sample("openvex/vexctl_examples_document1.vex.json");
  const std::string fixed =
      Sample("openvex/vexctl_examples_document2.vex.json");
  for (bool reversed : {false, true}) {
    Inputs inputs = {{"trivy.json", trivy},
                     {"document1.vex.json", under},
                     {"document2.vex.json", fixed}};
    if (reversed)
      std::swap(inputs[1], inputs[2]);
    auto a = Analyze(inputs);
    const Json f = FindingOf(a->report, "CVE-1234-5678", "trivy");
    EXPECT_EQ(f["status"], "fixed") << reversed;
    EXPECT_EQ(f["vex"]["input"], "document2.vex.json");
    EXPECT_EQ(f["vex"]["timestamp"], "2023-12-05T05:06:38Z");
    EXPECT_EQ(a->report["vex"]["conflicts"], Json::parse(R"([{
        "finding": )" + f["id"].dump() + R"(,
        "won": {"input": "document2.vex.json", "location": "statements[0]",
                "status": "fixed", "timestamp": "2023-12-05T05:06:38Z"},
        "lost": {"input": "document1.vex.json", "location": "statements[0]",
                 "status": "under_investigation",
                 "timestamp": "2023-12-05T05:04:34Z"}}])"))
        << reversed;
    EXPECT_EQ(a->report["vex"]["applied"]["fixed"], 1);
    EXPECT_EQ(a->report["vex"]["unmatched"], 0);
  }
}

// Equal times: the later input wins; within a document, the later
// statement. Statements that agree are no conflict.
TEST(Vex, TiesGoToTheLaterInputAndPosition) {
  const std::string trivy =
      testing::TrivyJson("registry.example.com/wolfi:1",
                         {{"CVE-2024-0001", "bash", "5.2", "", "bash"}});
  auto statement = [](const char* status) {
    return std::string(R"({"vulnerability": {"name": "CVE-2024-0001"},
        "products": [{"@id": "pkg:apk/wolfi/bash"}], "status": ")") +
           status + R"(", "justification": "component_not_present"})";
  };
  const std::string a_doc = OpenVex(statement("not_affected"));
  const std::string b_doc = OpenVex(statement("affected"));
  auto ab = Analyze({{"t.json", trivy}, {"a.json", a_doc}, {"b.json", b_doc}});
  EXPECT_EQ(FindingOf(ab->report, "CVE-2024-0001", "trivy")["status"], "open");
  EXPECT_EQ(FindingOf(ab->report, "CVE-2024-0001", "trivy")["vex"]["input"],
            "b.json");
  auto ba = Analyze({{"t.json", trivy}, {"b.json", b_doc}, {"a.json", a_doc}});
  EXPECT_EQ(FindingOf(ba->report, "CVE-2024-0001", "trivy")["status"],
            "not_affected");
  EXPECT_EQ(ba->report["vex"]["conflicts"].size(), 1u);
  // One document, two statements: the second wins.
  auto one = Analyze(
      {{"t.json", trivy},
       {"c.json", OpenVex(statement("affected") + "," + statement("fixed"))}});
  const Json f = FindingOf(one->report, "CVE-2024-0001", "trivy");
  EXPECT_EQ(f["status"], "fixed");
  EXPECT_EQ(f["vex"]["location"], "statements[1]");
  // Agreeing statements (the vexctl history example's shape).
  auto agree = Analyze({{"t.json", trivy},
                        {"d.json", OpenVex(statement("not_affected") + "," +
                                           statement("not_affected"))}});
  EXPECT_TRUE(agree->report["vex"]["conflicts"].empty());
  EXPECT_EQ(agree->report["vex"]["applied"]["not_affected"], 1);
}

TEST(Vex, OtherProductsAndVulnerabilitiesDoNotApply) {
  const std::string trivy =
      testing::TrivyJson("registry.example.com/wolfi:1",
                         {{"CVE-2024-0001", "bash", "1.0.0", "", "bash"}});
  const std::string vex = OpenVex(R"(
      {"vulnerability": {"name": "CVE-2024-0001"},
       "products": [{"@id": "pkg:apk/wolfi/zsh@1.0.0"},
                    {"@id": "pkg:apk/wolfi/bash@2.0.0"}],
       "status": "not_affected", "justification": "component_not_present"},
      {"vulnerability": {"name": "CVE-2024-9999"},
       "status": "not_affected", "justification": "component_not_present"})");
  auto a = Analyze({{"t.json", trivy}, {"v.json", vex}});
  const Json f = FindingOf(a->report, "CVE-2024-0001", "trivy");
  EXPECT_EQ(f["status"], "open");
  EXPECT_FALSE(f.contains("vex"));
  EXPECT_EQ(a->report["vex"], Json::parse(R"({"statements": 2,
      "applied": {"not_affected": 0, "affected": 0, "fixed": 0,
                  "under_investigation": 0},
      "unmatched": 2, "conflicts": []})"));
}

// No products: every finding of the vulnerability, on every asset; its
// aliases match too, whatever their case.
TEST(Vex, NoProductsAndAliases) {
  const std::string one =
      testing::TrivyJson("registry.example.com/a:1",
                         {{"CVE-2024-0002", "musl", "1.2.3-r0", "", "musl"},
                          {"GHSA-aaaa-bbbb-cccc", "pkg", "1.0", "", "pkg"}});
  const std::string two =
      testing::TrivyJson("registry.example.com/b:1",
                         {{"CVE-2024-0002", "musl", "1.2.4-r0", "", "musl"}});
  const std::string vex = OpenVex(R"(
      {"vulnerability": {"name": "CVE-2024-0002"}, "status": "fixed"},
      {"vulnerability": {"name": "OSV-2024-7", "aliases": ["ghsa-AAAA-bbbb-cccc"]},
       "products": [{"@id": "pkg:apk/alpine/pkg"}], "status": "not_affected",
       "justification": "vulnerable_code_not_present"})");
  auto a = Analyze({{"one.json", one}, {"two.json", two}, {"v.json", vex}});
  const std::vector<Json> musl = FindingsOf(a->report, "CVE-2024-0002");
  ASSERT_EQ(musl.size(), 2u);
  for (const Json& f : musl)
    EXPECT_EQ(f["status"], "fixed");
  size_t aliased = 0;
  for (const Json& f : a->report["findings"]) {
    if (f["rule_id"] == "GHSA-aaaa-bbbb-cccc") {
      EXPECT_EQ(f["status"], "not_affected");
      ++aliased;
    }
  }
  EXPECT_EQ(aliased, 1u);
  EXPECT_EQ(a->report["vex"]["unmatched"], 0);
}

// A person's decision wins over a statement; a lapsed one gives way to it.
TEST(Vex, DecisionsWinOverStatements) {
  const std::string trivy = testing::TrivyJson(
      "registry.example.com/a:1",
      {{"CVE-2024-0003", "zlib", "1.2.12-r1", "1.2.12-r2", "zlib"},
       {"CVE-2024-0004", "curl", "8.0.0-r0", "8.4.0-r0", "curl"}});
  const std::string vex = OpenVex(R"(
      {"vulnerability": {"name": "CVE-2024-0003"}, "status": "not_affected",
       "justification": "vulnerable_code_not_present"},
      {"vulnerability": {"name": "CVE-2024-0004"}, "status": "not_affected",
       "justification": "vulnerable_code_not_present"})");
  const char* decisions = R"({"decisions": [
      {"match": {"cve": "CVE-2024-0003"}, "status": "accepted", "by": "ana"},
      {"match": {"cve": "CVE-2024-0004"}, "status": "deferred",
       "until": "2024-01-01"}]})";
  auto a = Analyze({{"t.json", trivy}, {"v.json", vex}}, decisions);
  const Json zlib = FindingOf(a->report, "CVE-2024-0003", "trivy");
  EXPECT_EQ(zlib["status"], "accepted");
  EXPECT_EQ(zlib["triage"]["by"], "ana");
  EXPECT_EQ(zlib["vex"]["status"], "not_affected");  // still said
  const Json curl = FindingOf(a->report, "CVE-2024-0004", "trivy");
  EXPECT_EQ(curl["status"], "not_affected");
  EXPECT_EQ(curl["decision_expired"], true);
  EXPECT_EQ(a->report["summary"]["open"], 0);
  EXPECT_EQ(a->report["summary"]["decided"]["accepted"], 1);
  EXPECT_TRUE(a->plan.actions.empty());
}

// The VEX documents Exposure Lens exports from decisions, read back with
// the same scans and no decisions: every decided finding gets the status
// its decision stated (not affected for not_affected and false_positive,
// affected for accepted and deferred). Packages are named by purl, host
// findings by the asset urn.
TEST(Vex, ExportsReadBackAsStatements) {
  const Decisions decisions = testing::VexDecisions(testing::AllVexDecisions());
  const std::vector<std::string> files = {
      "webapp-image.grype.json", "webapp-image.trivy.json", "host-scan.nessus"};
  Analyzer decided;
  decided.SetDecisions(decisions);
  for (const std::string& file : files)
    testing::FeedInChunks(&decided, file, Example(file), 1 << 20);
  const Assessment da = decided.Assess();
  const Plan dp = decided.MakePlan(da);
  struct Export {
    const char* name;
    const char* format;
    Status (*write)(const ExportView&, ExportOutput*);
  };
  for (const Export& e :
       {Export{"decisions.openvex.json", "openvex", WriteOpenVex},
        Export{"decisions.cdx.json", "cyclonedx_vex", WriteCycloneDxVex}}) {
    const testing::VexRun run = testing::RunVexExport(e.write, decisions);
    ASSERT_TRUE(run.status.ok()) << run.status.message();
    Analyzer back;
    for (const std::string& file : files)
      testing::FeedInChunks(&back, file, Example(file), 1 << 20);
    testing::FeedInChunks(&back, e.name, run.doc, 4096);
    const Input& in = back.store().inputs().back();
    EXPECT_EQ(in.format, e.format);
    EXPECT_TRUE(in.errors.empty()) << in.errors[0].message;
    const Assessment ba = back.Assess();
    const Plan bp = back.MakePlan(ba);
    ASSERT_EQ(bp.ids.key.size(), dp.ids.key.size());
    size_t checked = 0;
    for (size_t i = 0; i < dp.decision.size(); ++i) {
      const Decision* d = dp.DecisionOf(i);
      if (d == nullptr)
        continue;
      ASSERT_EQ(bp.ids.key[i], dp.ids.key[i]);
      ASSERT_TRUE(bp.vex.Decided(i)) << e.name << " " << dp.ids.Id(i);
      const bool closed = d->status == DecisionStatus::kNotAffected ||
                          d->status == DecisionStatus::kFalsePositive;
      EXPECT_EQ(bp.vex.StatusOf(i),
                closed ? VexStatus::kNotAffected : VexStatus::kAffected)
          << e.name << " " << dp.ids.Id(i);
      ++checked;
    }
    EXPECT_GE(checked, 6u) << e.name;
    EXPECT_EQ(bp.vex.unmatched, 0u) << e.name;
  }
}

// The demo image's scans with the CSAF VEX and a later OpenVEX: the whole
// report, byte for byte (tests/golden/vex/webapp-image.json;
// EXPOSURE_UPDATE_GOLDEN=1 rewrites it), the same for any chunking.
TEST(Vex, GoldenReport) {
  const Inputs inputs = {
      {"webapp-image.grype.json", Example("webapp-image.grype.json")},
      {"webapp-image.trivy.json", Example("webapp-image.trivy.json")},
      {"webapp-vex.json", Fixture("csaf_vex/webapp-vex.json")},
      {"webapp.openvex.json", Fixture("openvex/webapp.openvex.json")}};
  auto a = Analyze(inputs);
  const std::string report = a->analyzer.ReportJson(ReportLayout::kIndented);
  EXPECT_EQ(
      Analyze(inputs, nullptr, 7)->analyzer.ReportJson(ReportLayout::kIndented),
      report);
  const Json& r = a->report;
  // The later OpenVEX says curl is affected after all: a conflict on both
  // curl findings, won by it.
  EXPECT_EQ(r["vex"]["conflicts"].size(), 2u);
  for (const Json& c : r["vex"]["conflicts"]) {
    EXPECT_EQ(c["won"]["input"], "webapp.openvex.json");
    EXPECT_EQ(c["lost"]["input"], "webapp-vex.json");
  }
  EXPECT_EQ(FindingOf(r, "CVE-2023-38545", "grype")["status"], "open");
  // The image, named by a pkg:oci purl.
  EXPECT_EQ(FindingOf(r, "CVE-2022-3602", "trivy")["status"], "not_affected");
  EXPECT_EQ(FindingOf(r, "CVE-2023-5678", "trivy")["vex"]["status"],
            "under_investigation");
  EXPECT_EQ(r["vex"]["applied"], Json::parse(R"({"not_affected": 3,
      "affected": 4, "fixed": 1, "under_investigation": 1})"));
  const std::string path =
      testing::SourceDir() + "/tests/golden/vex/webapp-image.json";
  const char* update = std::getenv("EXPOSURE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    ASSERT_TRUE(testing::WriteFile(path, report)) << path;
    return;
  }
  std::string golden;
  ASSERT_TRUE(testing::ReadFile(path, &golden))
      << "missing " << path << " (EXPOSURE_UPDATE_GOLDEN=1 writes it)";
  EXPECT_TRUE(golden == report)
      << "tests/golden/vex/webapp-image.json differs (EXPOSURE_UPDATE_GOLDEN=1 "
         "rewrites it)";
}

}  // namespace
}  // namespace exposure
