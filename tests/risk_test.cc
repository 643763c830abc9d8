// Prioritization: policy parsing and matching, SSVC evidence, risk score.
#include "core/score/risk.h"

#include <gtest/gtest.h>

#include "core/base/time.h"
#include "core/score/policy.h"

namespace exposure {
namespace {

TEST(Policy, GlobCidrAndIp) {
  EXPECT_TRUE(GlobMatch("db*.corp.example", "DB01.corp.example"));
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_TRUE(GlobMatch("a?c*", "abcdef"));
  EXPECT_FALSE(GlobMatch("db*.corp", "web01.corp"));
  uint32_t net;
  int prefix;
  ASSERT_TRUE(ParseCidr("10.20.2.77/24", &net, &prefix));
  EXPECT_EQ(net, 0x0A140200u);
  EXPECT_EQ(prefix, 24);
  EXPECT_FALSE(ParseCidr("10.20.2/24", &net, &prefix));
  EXPECT_FALSE(ParseCidr("10.20.2.1/33", &net, &prefix));
  EXPECT_FALSE(ParseCidr("256.1.1.1", &net, &prefix));
}

TEST(Policy, ParsesRulesAndRejectsMistakesByPath) {
  Result<Policy> p = ParsePolicy(R"({
    "as_of": "2026-11-27",
    "criticality": {"default": "low", "rules": [
      {"match": {"name": "db*"}, "value": "critical"},
      {"match": {"cidr": "10.0.0.0/8", "kind": "host"}, "value": "high"}]},
    "exposure": {"rules": [{"match": {"tag": "dmz"}, "value": "open"}]},
    "sla_days": {"immediate": 1},
    "weights": {"severity": 500, "threat": 250, "exposure": 125, "criticality": 125}
  })");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->as_of, "2026-11-27");
  EXPECT_EQ(p->sla_days[3], 1);
  Asset db;
  db.kind = AssetKind::kHost;
  db.name = "db01.corp.example";
  db.ids.ip = "8.8.8.8";
  std::string source;
  EXPECT_EQ(AssetCriticality(*p, db, &source), Criticality::kCritical);
  EXPECT_EQ(source, "policy criticality rule 1");
  Asset internal;
  internal.kind = AssetKind::kHost;
  internal.name = "app";
  internal.ids.ip = "10.1.2.3";
  EXPECT_EQ(AssetCriticality(*p, internal, &source), Criticality::kHigh);
  internal.kind = AssetKind::kContainerImage;
  EXPECT_EQ(AssetCriticality(*p, internal, &source), Criticality::kLow);
  // An inventory's criticality and internet-facing flag count when no
  // policy rule decides, named as the source.
  Asset listed;
  listed.kind = AssetKind::kArtifact;
  listed.context.criticality = Criticality::kCritical;
  listed.context.internet_facing = true;
  EXPECT_EQ(AssetCriticality(*p, listed, &source), Criticality::kCritical);
  EXPECT_EQ(source, "inventory");
  std::string exposure_why;
  EXPECT_EQ(AssetExposure(*p, listed, &exposure_why), SsvcExposure::kOpen);
  EXPECT_EQ(exposure_why, "inventory: internet facing");

  std::string why;
  EXPECT_EQ(AssetExposure(*p, db, &why), SsvcExposure::kOpen);
  EXPECT_EQ(why, "public IP address 8.8.8.8");
  internal.tags = {"dmz"};
  EXPECT_EQ(AssetExposure(*p, internal, &why), SsvcExposure::kOpen);
  EXPECT_EQ(why, "policy exposure rule 1");

  struct Bad {
    const char* json;
    const char* message;
  } bad[] = {
      {"[]", "policy: not a JSON object"},
      {R"({"weights": {"sevrity": 1}})", "policy.weights.sevrity: unknown"},
      {R"({"weights": {"severity": 1}})", "must add up to 1000"},
      {R"({"criticality": {"rules": [{"match": {"cidr": "x"}, "value": "low"}]}})",
       "policy.criticality.rules[0].match.cidr"},
      {R"({"criticality": {"rules": [{"value": "huge"}]}})",
       "policy.criticality.rules[0].value"},
      {R"({"sla_days": {"soon": 3}})", "policy.sla_days.soon"},
      {R"({"as_of": "yesterday"})", "policy.as_of"},
      {R"({"colour": 1})", "unknown member \"colour\""},
  };
  for (const Bad& b : bad) {
    Result<Policy> r = ParsePolicy(b.json);
    ASSERT_FALSE(r.ok()) << b.json;
    EXPECT_NE(r.status().message().find(b.message), std::string::npos)
        << r.status().message();
  }
}

void OneFinding(Store& store,
                const std::string& vector,
                const std::string& ip,
                bool exploit) {
  size_t in = store.AddInput("t");
  Asset a;
  a.kind = AssetKind::kHost;
  a.name = "h";
  a.ids.ip = ip;
  size_t asset = store.AddAsset(in, a);
  Finding f;
  f.input = in;
  f.asset = asset;
  f.format = "test";
  f.rule_id = "1";
  f.severity = Severity::kHigh;
  f.cves = {"CVE-2099-0001"};
  if (!vector.empty())
    f.cvss.push_back({"3.1", vector, "nvd", -1});
  f.evidence_flags = exploit ? kEvidenceExploit : 0;
  f.first_seen = "2026-01-10T08:00:00Z";
  store.AddFinding(std::move(f));
}

TEST(Risk, KevOnInternetFacingCriticalIsImmediate) {
  Store store;
  OneFinding(store, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
             "203.0.114.9", false);
  Policy policy;
  policy.default_criticality = Criticality::kCritical;
  IntelLookup intel = [](std::string_view cve) {
    CveIntel ci;
    ci.kev = cve == "CVE-2099-0001";
    ci.epss = 97000;
    ci.percentile = 99900;
    return ci;
  };
  Assessment a = Assess(store, policy, intel);
  const FindingAssessment& f = a.finding(0);
  const Explanation e = ExplainFinding(a, 0);
  EXPECT_TRUE(f.kev);
  EXPECT_EQ(f.exploitation, SsvcExploitation::kActive);
  EXPECT_EQ(e.exploitation.value, "active");
  EXPECT_EQ(e.exploitation.evidence, "CVE-2099-0001 is on CISA KEV");
  EXPECT_EQ(e.automatable.value, "yes");
  EXPECT_EQ(e.technical_impact.value, "total");
  EXPECT_EQ(e.exposure.value, "open");
  EXPECT_EQ(e.human_impact.value, "very high");
  EXPECT_EQ(f.decision, DeployerPriority::kImmediate);
  EXPECT_EQ(f.cisa, CisaLevel::kAct);
  EXPECT_EQ(f.cvss_score, 98);
  // 400*0.98 + 300*1*0.98 + 150*1*0.98 + 150*1*0.98
  EXPECT_EQ(f.risk, 392 + 277 + 147 + 147);
  int sum = 0;
  for (const RiskFactor& r : e.factors)
    sum += r.points;
  ASSERT_EQ(e.factors.size(), 4u);
  EXPECT_EQ(e.factors[0].value, "CVSS 3.1 9.8 (nvd)");
  EXPECT_EQ(e.factors[1].value,
            "level 3 exploited in the wild (CVE-2099-0001 on CISA KEV), EPSS "
            "0.97000");
  EXPECT_EQ(sum, f.risk);
  EXPECT_EQ(a.as_of, "2026-01-10");
  EXPECT_EQ(a.Due(f), "2026-01-12");  // immediate: 2 days
  EXPECT_EQ(a.kev_cves, 1u);
  EXPECT_EQ(a.assets[0].risk, f.risk);
}

TEST(Risk, NoIntelNoVectorFallsBackToToolSeverity) {
  Store store;
  OneFinding(store, "", "10.0.0.1", true);
  Assessment a =
      Assess(store, Policy(), [](std::string_view) { return CveIntel(); });
  const FindingAssessment& f = a.finding(0);
  const Explanation e = ExplainFinding(a, 0);
  EXPECT_EQ(e.severity_basis, "tool severity");
  EXPECT_EQ(e.exploitation.value, "public poc");
  EXPECT_EQ(e.exploitation.evidence,
            "evidence level 1 (public proof of concept)");
  EXPECT_EQ(e.automatable.value, "no");
  EXPECT_EQ(e.exposure.value, "controlled");
  EXPECT_EQ(e.factors[0].value, "tool severity high (taken as 8.0)");
  EXPECT_EQ(f.epss, -1);
  EXPECT_FALSE(f.kev);
  // 400*0.8 + 300*0.35*0.8 (level 1, no EPSS) + 150*0.5*0.8 +
  // 150*(1/3)*0.8
  EXPECT_EQ(f.risk, 320 + 84 + 60 + 39);
}

TEST(Risk, InformationalScoresZeroAndHasNoDueDate) {
  Store store;
  OneFinding(store, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N",
             "203.0.114.9", true);
  Assessment a =
      Assess(store, Policy(), [](std::string_view) { return CveIntel(); });
  EXPECT_EQ(a.finding(0).risk, 0);
  EXPECT_EQ(a.finding(0).decision, DeployerPriority::kDefer);
  EXPECT_EQ(a.Due(a.finding(0)), "");
}

TEST(Risk, EpssStatedInTheFileFillsInWhereTheBundleHasNone) {
  Store store;
  size_t in = store.AddInput("t");
  for (const char* cve : {"CVE-2099-0001", "CVE-2099-0002"}) {
    Finding f;
    f.input = in;
    f.format = "test";
    f.rule_id = cve;
    f.severity = Severity::kHigh;
    f.cves = {cve};
    f.file_epss = 72000;
    f.file_epss_percentile = 98100;
    store.AddFinding(std::move(f));
  }
  Policy policy;
  IntelLookup intel = [](std::string_view cve) {
    CveIntel ci;
    if (cve == "CVE-2099-0002") {  // the bundle covers only this one
      ci.covered_by_epss = true;
      ci.epss = 1200;
      ci.percentile = 50000;
    }
    return ci;
  };
  Assessment a = Assess(store, policy, intel);
  const FindingAssessment& from_file = a.finding(0);
  EXPECT_EQ(from_file.epss, 72000);
  EXPECT_EQ(from_file.epss_percentile, 98100);
  EXPECT_EQ(from_file.exploitation, SsvcExploitation::kPublicPoc);
  EXPECT_EQ(ExplainFinding(a, 0).exploitation.evidence,
            "EPSS 0.72000 (stated in the scan file) >= 0.50000 (not assessed "
            "by CISA: derived)");
  const FindingAssessment& from_bundle = a.finding(1);
  EXPECT_EQ(from_bundle.epss, 1200);
  EXPECT_EQ(from_bundle.epss_percentile, 50000);
  EXPECT_EQ(ExplainFinding(a, 1).exploitation.evidence,
            "not on KEV, no known exploit, EPSS 0.01200");
}

TEST(Risk, FindingsWithTheSameInputsShareOneAssessment) {
  Store store;
  const std::string v = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  OneFinding(store, v, "10.0.0.1", false);
  OneFinding(store, v, "10.0.0.2", false);     // same context, other host
  OneFinding(store, v, "203.0.114.9", false);  // public: other exposure
  Assessment a =
      Assess(store, Policy(), [](std::string_view) { return CveIntel(); });
  ASSERT_EQ(a.finding_class.size(), 3u);
  EXPECT_EQ(a.finding_class[0], a.finding_class[1]);
  EXPECT_NE(a.finding_class[0], a.finding_class[2]);
  EXPECT_EQ(a.distinct.size(), 2u);
  EXPECT_EQ(a.finding(2).exposure, SsvcExposure::kOpen);
  EXPECT_EQ(a.finding(1).exposure, SsvcExposure::kControlled);
  EXPECT_EQ(ExplainFinding(a, 1).exposure.value, "controlled");
}

TEST(Time, AddDays) {
  EXPECT_EQ(AddDays("2024-02-28", 1), "2024-02-29");
  EXPECT_EQ(AddDays("2023-12-31T10:00:00Z", 1), "2024-01-01");
  EXPECT_EQ(AddDays("2026-11-27", 90), "2027-02-25");
  EXPECT_EQ(AddDays("nope", 1), "");
}

}  // namespace
}  // namespace exposure
