// The remediation plan: version order, decisions, grouping by fix, and the
// invariants every plan keeps (one action per open finding with a fix,
// ranks by risk removed, a cumulative share that ends at most at 100 %).
#include "core/plan/plan.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/app/analyzer.h"
#include "core/correlate/finding_table.h"
#include "core/plan/decisions.h"
#include "core/plan/versions.h"
#include "native/thread_runner.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

TEST(Versions, OrderAsEcosystemsDo) {
  EXPECT_LT(CompareVersions("1.2.9", "1.2.10"), 0);
  EXPECT_LT(CompareVersions("1.1.1k", "1.1.1w"), 0);
  EXPECT_GT(CompareVersions("1.1.1k", "1.1.1"), 0);  // OpenSSL letters
  EXPECT_LT(CompareVersions("1.0.0-rc1", "1.0.0"), 0);
  EXPECT_LT(CompareVersions("1.0~beta1", "1.0"), 0);
  EXPECT_LT(CompareVersions("1.2.12-r1", "1.2.12-r2"), 0);  // Alpine
  EXPECT_GT(CompareVersions("1:0.9", "2.0"), 0);            // epoch first
  EXPECT_EQ(CompareVersions("v2.0.1", "2.0.1"), 0);
  EXPECT_EQ(CompareVersions("1.02", "1.2"), 0);
  EXPECT_LT(CompareVersions("2.13.4", "2.13.4.2"), 0);
  EXPECT_LT(CompareVersions("1.1.1n-0+deb11u3", "1.1.1n-0+deb11u5"), 0);
}

TEST(Versions, ReleaseLines) {
  EXPECT_TRUE(OnReleaseLine("1.1.1k", "1.1.1w"));
  EXPECT_FALSE(OnReleaseLine("1.1.1k", "3.0.2"));
  EXPECT_TRUE(OnReleaseLine("4.17.15", "4.17.21"));
  EXPECT_FALSE(OnReleaseLine("4.17.15", "5.0.0"));
  EXPECT_FALSE(OnReleaseLine("2:8.2.3995-1", "8.2.4000"));  // other epoch
  EXPECT_EQ(FixedVersions("1.1.1w, 3.0.2"),
            (std::vector<std::string>{"1.1.1w", "3.0.2"}));
  EXPECT_EQ(FixedVersions(">=2.0.1 || 1.9.4"),
            (std::vector<std::string>{"2.0.1", "1.9.4"}));
  EXPECT_EQ(FixedVersions("[2.13.4.2]"),
            (std::vector<std::string>{"2.13.4.2"}));
  // The lowest fix on the installed line, else the lowest above it.
  EXPECT_EQ(ChooseFix("1.1.1k", {"3.0.2", "1.1.1w", "1.1.1t"}), "1.1.1t");
  EXPECT_EQ(ChooseFix("1.1.1k", {"3.0.7", "3.0.2"}), "3.0.2");
  EXPECT_EQ(ChooseFix("3.0.9", {"1.1.1w", "3.0.2"}), "");
}

// The ranges VEX documents state (vers, CSAF constraints) and the
// equality products' versions are compared by.
TEST(Versions, RangesAndSameVersion) {
  EXPECT_TRUE(VersionInRange("1.5.0", "vers:npm/>=1.0.0|<2.0.0"));
  EXPECT_FALSE(VersionInRange("2.0.0", "vers:npm/>=1.0.0|<2.0.0"));
  EXPECT_FALSE(VersionInRange("0.9", "vers:npm/>=1.0.0|<2.0.0"));
  EXPECT_TRUE(VersionInRange("1.2.3", "vers:npm/1.2.3|>=2.0.0|<5.0.0"));
  EXPECT_FALSE(VersionInRange("1.2.4", "vers:npm/1.2.3|>=2.0.0|<5.0.0"));
  EXPECT_TRUE(VersionInRange("3.0", "vers:npm/1.2.3|>=2.0.0|<5.0.0"));
  EXPECT_FALSE(VersionInRange("5.0.0", "vers:npm/1.2.3|>=2.0.0|<5.0.0"));
  EXPECT_TRUE(VersionInRange("9.9", "vers:generic/*"));
  // Two intervals: below 1.0, and from 2.0 on.
  EXPECT_TRUE(VersionInRange("0.5", "vers:pypi/<1.0|>=2.0"));
  EXPECT_FALSE(VersionInRange("1.5", "vers:pypi/<1.0|>=2.0"));
  EXPECT_TRUE(VersionInRange("2.5", "vers:pypi/<1.0|>=2.0"));
  EXPECT_FALSE(VersionInRange("1.5.0", "vers:npm/!=1.5.0|>=1.0.0|<2.0.0"));
  EXPECT_TRUE(VersionInRange("1.4.0", "vers:npm/!=1.5.0|>=1.0.0|<2.0.0"));
  // Constraints out of order are ordered.
  EXPECT_TRUE(VersionInRange("3.0", "vers:generic/<=4.1|>=2.9"));
  // Ecosystem versions, compared as CompareVersions does.
  EXPECT_TRUE(VersionInRange("3.0.5-r0", "vers:apk/<3.0.8-r0"));
  EXPECT_FALSE(VersionInRange("3.0.8-r0", "vers:apk/<3.0.8-r0"));
  EXPECT_TRUE(VersionInRange("1:2.0-1", "vers:deb/>=1:1.0"));
  // CSAF and advisory spellings: every constraint holds.
  EXPECT_TRUE(VersionInRange("2.4.51", "<2.4.52"));
  EXPECT_FALSE(VersionInRange("2.4.52", "<2.4.52"));
  EXPECT_TRUE(VersionInRange("1.5", ">=1.0 <2.0"));
  EXPECT_FALSE(VersionInRange("2.0", ">=1.0 <2.0"));
  EXPECT_TRUE(VersionInRange("1.5", ">= 1.0, < 2.0"));
  EXPECT_TRUE(VersionInRange("1.14.0", "<=1.14.0"));
  EXPECT_FALSE(VersionInRange("1.14.1", "<=1.14.0"));
  EXPECT_TRUE(VersionInRange("1.2.3", "1.2.3"));
  EXPECT_TRUE(VersionInRange("0.5", "<1.0 || >=3.0"));
  EXPECT_FALSE(VersionInRange("2", "<1.0 || >=3.0"));
  EXPECT_TRUE(VersionInRange("3.1", "<1.0 || >=3.0"));
  // What cannot be read applies to no version.
  EXPECT_FALSE(VersionInRange("1.0", "all versions"));
  EXPECT_FALSE(VersionInRange("1.0", ""));
  EXPECT_FALSE(VersionInRange("", "<2.0"));
  EXPECT_FALSE(VersionInRange("1.0", "vers:npm"));
  EXPECT_TRUE(SameVersion("v1.2", "1.2"));
  EXPECT_TRUE(SameVersion("0:7.61.1-22.el8", "7.61.1-22.el8"));
  EXPECT_TRUE(SameVersion("sha256:ABC", "sha256:abc"));
  EXPECT_FALSE(SameVersion("", ""));
  EXPECT_FALSE(SameVersion("1.2", "1.2.1"));
}

TEST(Decisions, ParseAndRender) {
  const char* text = R"({"decisions": [
    {"match": {"rule": "nessus:97833", "asset": "db01"},
     "status": "accepted", "by": "ana", "reason": "isolated VLAN",
     "until": "2030-01-31"},
    {"match": {"cve": "CVE-2022-37434", "component": "pkg:apk/alpine/zlib"},
     "status": "not_affected",
     "justification": "vulnerable_code_not_in_execute_path"}]})";
  Result<Decisions> d = ParseDecisions(text);
  ASSERT_TRUE(d.ok()) << d.status().message();
  ASSERT_EQ(d->list.size(), 2u);
  EXPECT_EQ(d->list[0].match.rule, "nessus:97833");
  EXPECT_EQ(d->list[0].until, "2030-01-31");
  EXPECT_EQ(d->list[1].justification,
            VexJustification::kVulnerableCodeNotInExecutePath);
  // What RenderDecisions writes reads back the same.
  Result<Decisions> again = ParseDecisions(RenderDecisions(*d));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(RenderDecisions(*again), RenderDecisions(*d));
}

TEST(Decisions, ErrorsNameTheEntry) {
  auto error = [](const char* text) {
    Result<Decisions> d = ParseDecisions(text);
    return d.ok() ? std::string("ok") : d.status().message();
  };
  EXPECT_EQ(error("[]"), "decisions: not a JSON object");
  EXPECT_EQ(error(R"({"decisions": [{"match": {"cve": "CVE-1"}}]})"),
            "decisions[0].status: required");
  EXPECT_EQ(error(R"({"decisions": [{"status": "accepted"}]})"),
            "decisions[0].match: required");
  EXPECT_NE(error(R"({"decisions": [{"match": {"cve": "x"},
                  "status": "ignored"}]})")
                .find("decisions[0].status: expected one of"),
            std::string::npos);
  EXPECT_EQ(error(R"({"decisions": [{"match": {"cve": "x"},
                  "status": "deferred", "until": "soon"}]})"),
            "decisions[0].until: must be a YYYY-MM-DD date");
  EXPECT_NE(error(R"({"decisions": [{"match": {"host": "x"},
                  "status": "deferred"}]})")
                .find("unknown condition"),
            std::string::npos);
}

// A Trivy report of one image with `vulns` (a JSON array body).
std::string Trivy(const std::string& image, const std::string& vulns) {
  return R"({"SchemaVersion": 2, "CreatedAt": "2024-03-01T00:00:00Z",
    "ArtifactName": ")" +
         image + R"(", "ArtifactType": "container_image",
    "Results": [{"Target": ")" +
         image + R"(", "Class": "os-pkgs", "Type": "alpine",
    "Vulnerabilities": [)" +
         vulns + "]}]}";
}

std::string Vuln(const std::string& cve,
                 const std::string& pkg,
                 const std::string& installed,
                 const std::string& fixed,
                 const std::string& severity = "HIGH") {
  return R"({"VulnerabilityID": ")" + cve + R"(", "PkgName": ")" + pkg +
         R"(", "InstalledVersion": ")" + installed + R"(", "FixedVersion": ")" +
         fixed + R"(", "Severity": ")" + severity + R"(", "Title": ")" + pkg +
         " " + cve + R"("})";
}

struct Analysis {
  Analyzer analyzer;
  Assessment assessment;
  Plan plan;
  nlohmann::json report;
};

std::unique_ptr<Analysis> Analyze(
    const std::vector<std::pair<std::string, std::string>>& inputs,
    const char* decisions = nullptr) {
  auto a = std::make_unique<Analysis>();
  Policy policy = DefaultPolicy();
  policy.as_of = "2024-03-01";
  a->analyzer.SetPolicy(policy);
  if (decisions) {
    Result<Decisions> d = ParseDecisions(decisions);
    EXPECT_TRUE(d.ok()) << d.status().message();
    if (d.ok())
      a->analyzer.SetDecisions(*d);
  }
  for (const auto& [name, data] : inputs)
    testing::FeedInChunks(&a->analyzer, name, data, 4096);
  a->assessment = a->analyzer.Assess();
  a->plan = a->analyzer.MakePlan(a->assessment);
  a->report = nlohmann::json::parse(a->analyzer.ReportJson());
  return a;
}

TEST(Plan, GroupsOnePackageOnOneReleaseLine) {
  // Two CVEs of openssl on the 1.1.1 line, one fixed only on 3.0: two
  // actions, the first to the highest 1.1.1 fix on two images.
  const std::string v =
      Vuln("CVE-2023-0001", "openssl", "1.1.1k", "1.1.1t, 3.0.8") + "," +
      Vuln("CVE-2023-0002", "openssl", "1.1.1k", "1.1.1w, 3.0.10") + "," +
      Vuln("CVE-2023-0003", "openssl", "1.1.1k", "3.0.12");
  auto a = Analyze({{"a.json", Trivy("registry/a:1", v)},
                    {"b.json", Trivy("registry/b:1", v)}});
  ASSERT_EQ(a->plan.actions.size(), 2u);
  std::map<std::string, const Action*> by_to;
  for (const Action& act : a->plan.actions)
    by_to[act.target.to] = &act;
  ASSERT_TRUE(by_to.count("1.1.1w"));
  ASSERT_TRUE(by_to.count("3.0.12"));
  const Action& line = *by_to["1.1.1w"];
  EXPECT_EQ(line.kind, ActionKind::kUpgrade);
  EXPECT_EQ(line.findings.size(), 4u);
  EXPECT_EQ(line.assets.size(), 2u);
  EXPECT_EQ(line.title, "Upgrade openssl 1.1.1k → 1.1.1w on 2 images");
  EXPECT_EQ(by_to["3.0.12"]->findings.size(), 2u);
}

TEST(Plan, EveryOpenFindingWithAFixIsInExactlyOneAction) {
  std::string host, image;
  ASSERT_TRUE(testing::ReadFile(
      testing::SourceDir() + "/examples/host-scan.nessus", &host));
  ASSERT_TRUE(testing::ReadFile(
      testing::SourceDir() + "/examples/webapp-image.trivy.json", &image));
  auto a = Analyze({{"host.nessus", host}, {"image.json", image}});
  const nlohmann::json& r = a->report;
  std::map<std::string, int> seen;
  uint64_t risk = 0;
  double last = 0;
  uint64_t last_risk = ~uint64_t{0};
  std::string last_id;
  for (const auto& act : r["actions"]) {
    for (const auto& f : act["findings"])
      ++seen[f.get<std::string>()];
    risk += act["risk_removed"].get<uint64_t>();
    const double pct = act["cumulative_pct"].get<double>();
    EXPECT_GE(pct, last);
    EXPECT_LE(pct, 100.0);
    last = pct;
    // By risk removed, ties by id.
    const uint64_t rr = act["risk_removed"].get<uint64_t>();
    EXPECT_TRUE(rr < last_risk ||
                (rr == last_risk && act["id"].get<std::string>() > last_id));
    last_risk = rr;
    last_id = act["id"].get<std::string>();
  }
  size_t in_action = 0;
  for (const auto& f : r["findings"]) {
    const std::string id = f["id"].get<std::string>();
    if (f.contains("action")) {
      ++in_action;
      EXPECT_EQ(seen[id], 1) << id;
    } else {
      EXPECT_EQ(seen.count(id), 0u) << id;
    }
  }
  EXPECT_EQ(in_action, seen.size());
  EXPECT_EQ(r["summary"]["actions"].get<size_t>(), r["actions"].size());
  EXPECT_LE(risk, r["summary"]["open_risk"].get<uint64_t>());
  EXPECT_EQ(r["summary"]["without_action"].get<size_t>(),
            a->plan.without_action);
  // Same inputs, same plan: ids are stable.
  auto b = Analyze({{"host.nessus", host}, {"image.json", image}});
  ASSERT_EQ(b->plan.actions.size(), a->plan.actions.size());
  for (size_t i = 0; i < a->plan.actions.size(); ++i)
    EXPECT_EQ(b->plan.actions[i].id, a->plan.actions[i].id);
}

TEST(Plan, FixesHostScannersName) {
  Finding f;
  f.format = "nessus";
  f.category = Category::kVulnerability;
  f.title = "KB5005565: Windows 10 Version 2004 Security Update";
  f.solution = "Apply Cumulative Update KB5005565 or KB5005566.";
  FixKey k = FixOf(f, "nessus:152432");
  EXPECT_EQ(k.kind, ActionKind::kPatch);
  EXPECT_EQ(k.target.fix, "KB5005565");
  // A KB number wins over the solution text.
  f.title = "Windows Update";
  f.solution = "Install KB5005566 from the vendor.";
  EXPECT_EQ(FixOf(f, "nessus:1").target.fix, "KB5005566");
  f.solution = "Upgrade to OpenSSH version 9.3p2 or later.";
  k = FixOf(f, "nessus:2");
  EXPECT_EQ(k.kind, ActionKind::kUpgrade);
  EXPECT_EQ(k.target.component, "OpenSSH");
  EXPECT_EQ(k.target.to, "9.3p2");
  // Several versions: grouped by the text, not guessed.
  f.solution = "Upgrade to PHP version 7.4.28 / 8.0.16 / 8.1.3 or later.";
  k = FixOf(f, "nessus:3");
  EXPECT_NE(k.kind, ActionKind::kUpgrade);
  EXPECT_EQ(k.key,
            "solution|upgrade to php version 7.4.28 / 8.0.16 / 8.1.3 "
            "or later");
  f.solution = "n/a";
  EXPECT_TRUE(FixOf(f, "nessus:4").key.empty());
  f.category = Category::kMisconfiguration;
  k = FixOf(f, "prowler:s3_bucket_public");
  EXPECT_EQ(k.kind, ActionKind::kConfigure);
  EXPECT_EQ(k.target.rule, "prowler:s3_bucket_public");
  EXPECT_EQ(FindKb("see kb123456."), "KB123456");
  EXPECT_EQ(FindKb("XKB1234567"), "");
  EXPECT_EQ(FindBulletin("Apply MS17-010 now"), "MS17-010");
}

TEST(Plan, DecisionsLeaveOpenRiskAndActions) {
  const std::string v =
      Vuln("CVE-2023-0001", "zlib", "1.2.12-r1", "1.2.12-r2", "CRITICAL") +
      "," + Vuln("CVE-2023-0002", "curl", "7.83.1-r3", "7.83.1-r4") + "," +
      Vuln("CVE-2023-0003", "busybox", "1.35.0-r17", "1.35.0-r18") + "," +
      Vuln("CVE-2023-0004", "musl", "1.2.3-r0", "1.2.3-r1");
  auto open = Analyze({{"a.json", Trivy("registry/a:1", v)}});
  const std::string curl_id =
      open->report["findings"][1]["id"].get<std::string>();
  // The analysis is as of 2024-03-01: a decision until 2024-02-01 has
  // lapsed.
  const std::string decisions =
      R"({"decisions": [
      {"match": {"cve": "CVE-2023-0001"}, "status": "not_affected",
       "justification": "vulnerable_code_not_present", "by": "ana"},
      {"match": {"rule": "trivy:CVE-2023-0002"}, "status": "accepted",
       "reason": "internal only", "until": "2030-01-01"},
      {"match": {"component": "pkg:apk/alpine/busybox"},
       "status": "false_positive"},
      {"match": {"cve": "CVE-2023-0004"}, "status": "deferred",
       "until": "2024-02-01"}]})";
  auto d = Analyze({{"a.json", Trivy("registry/a:1", v)}}, decisions.c_str());
  const nlohmann::json& s = d->report["summary"];
  EXPECT_EQ(s["decided"]["not_affected"], 1);
  EXPECT_EQ(s["decided"]["accepted"], 1);
  EXPECT_EQ(s["decisions_expired"], 1);
  EXPECT_EQ(s["actions"], d->plan.actions.size());
  std::map<std::string, nlohmann::json> by_cve;
  for (const auto& f : d->report["findings"])
    by_cve[f["cves"][0].get<std::string>()] = f;
  EXPECT_EQ(by_cve["CVE-2023-0001"]["status"], "not_affected");
  EXPECT_EQ(by_cve["CVE-2023-0001"]["triage"]["justification"],
            "vulnerable_code_not_present");
  EXPECT_FALSE(by_cve["CVE-2023-0001"].contains("action"));
  EXPECT_EQ(by_cve["CVE-2023-0002"]["status"], "accepted");
  EXPECT_EQ(by_cve["CVE-2023-0002"]["triage"]["until"], "2030-01-01");
  // The lapsed deferral: open again, and says so.
  EXPECT_EQ(by_cve["CVE-2023-0004"]["status"], "open");
  EXPECT_EQ(by_cve["CVE-2023-0004"]["decision_expired"], true);
  EXPECT_TRUE(by_cve["CVE-2023-0004"].contains("action"));
  EXPECT_LT(s["open_risk"].get<uint64_t>(),
            open->report["summary"]["open_risk"].get<uint64_t>());
  // A finding id matches exactly that finding.
  const std::string by_id = R"({"decisions": [{"match": {"finding": ")" +
                            curl_id + R"("}, "status": "deferred"}]})";
  auto e = Analyze({{"a.json", Trivy("registry/a:1", v)}}, by_id.c_str());
  EXPECT_EQ(e->report["summary"]["decided"]["deferred"], 1);
}

// With a runner, each finding's decision and fix are worked out in tasks
// over windows of findings: the same plan, across more than one window,
// with decisions by asset, by finding id and lapsed.
TEST(Plan, TasksGiveTheSamePlan) {
  std::string vulns;
  for (int k = 0; k < 300; ++k) {
    if (k)
      vulns += ",";
    vulns += Vuln("CVE-2023-" + std::to_string(1000 + k),
                  "pkg" + std::to_string(k % 40), "1.0." + std::to_string(k),
                  "1.1." + std::to_string(k % 7));
  }
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"big.nessus", testing::BigNessus(1000)},
      {"a.json", Trivy("registry/a:1", vulns)},
      {"b.json", Trivy("registry/b:1", vulns)}};
  auto open = Analyze(inputs);
  ASSERT_GT(open->plan.decision.size(), 16384u + 1024u);
  std::string decisions =
      R"({"decisions": [{"match": {"asset": "REGISTRY/A:1"},
      "status": "accepted"}, {"match": {"rule": "nessus:1003"},
      "status": "deferred", "until": "2024-01-01"})";
  for (size_t k = 0; k < open->report["findings"].size(); k += 97) {
    decisions += R"(, {"match": {"finding": ")" +
                 open->report["findings"][k]["id"].get<std::string>() +
                 R"("}, "status": "false_positive"})";
  }
  decisions += "]}";
  auto d = Analyze(inputs, decisions.c_str());
  ASSERT_GT(d->plan.expired_count, 0u);
  ASSERT_GT(d->plan.decided[static_cast<int>(DecisionStatus::kAccepted)], 0u);
  ThreadRunner runner(3);
  for (Analysis* a : {open.get(), d.get()}) {
    const Plan tasks = a->analyzer.MakePlan(a->assessment, &runner);
    const Plan& one = a->plan;
    EXPECT_EQ(tasks.decision, one.decision);
    EXPECT_EQ(tasks.expired, one.expired);
    EXPECT_EQ(tasks.action, one.action);
    EXPECT_EQ(tasks.open, one.open);
    EXPECT_EQ(tasks.open_risk, one.open_risk);
    EXPECT_EQ(tasks.without_action, one.without_action);
    EXPECT_EQ(tasks.expired_count, one.expired_count);
    ASSERT_EQ(tasks.actions.size(), one.actions.size());
    for (size_t k = 0; k < one.actions.size(); ++k) {
      const Action& x = tasks.actions[k];
      const Action& y = one.actions[k];
      EXPECT_EQ(x.id, y.id);
      EXPECT_EQ(x.findings, y.findings);
      EXPECT_EQ(x.assets, y.assets);
      EXPECT_EQ(x.target.to, y.target.to);
      EXPECT_EQ(x.target.from, y.target.from);
      EXPECT_EQ(x.title, y.title);
      EXPECT_EQ(x.due, y.due);
      EXPECT_EQ(x.risk_removed, y.risk_removed);
    }
    for (int s = 0; s < kDecisionStatusCount; ++s)
      EXPECT_EQ(tasks.decided[s], one.decided[s]);
  }
}

}  // namespace
}  // namespace exposure

namespace exposure {
namespace {

// An action's owner is the owner most of its assets have: a policy owner
// rule's, else the inventory's.
TEST(Plan, OwnersFromThePolicyBeforeTheInventory) {
  const std::string v = Vuln("CVE-2023-0001", "zlib", "1.2.12-r1", "1.2.12-r2");
  Analyzer a;
  Result<Policy> policy = ParsePolicy(R"({"owners": [
      {"match": {"name": "registry/a*"}, "value": "platform-team"}]})");
  ASSERT_TRUE(policy.ok()) << policy.status().message();
  a.SetPolicy(*policy);
  testing::FeedInChunks(&a, "a.json", Trivy("registry/a:1", v), 4096);
  testing::FeedInChunks(&a, "b.json", Trivy("registry/a:2", v), 4096);
  testing::FeedInChunks(&a, "c.json", Trivy("other/c:1", v), 4096);
  const Assessment as = a.Assess();
  const Plan plan = a.MakePlan(as);
  ASSERT_EQ(plan.actions.size(), 1u);
  EXPECT_EQ(plan.actions[0].assets.size(), 3u);
  EXPECT_EQ(plan.actions[0].owner, "platform-team");
  EXPECT_FALSE(ParsePolicy(R"({"owners": [{"match": {}, "value": ""}]})").ok());
}

}  // namespace
}  // namespace exposure

namespace exposure {
namespace {

// An asset condition names the asset by its id, name or any identity,
// letter case aside; finding ids and general conditions mix in file order.
TEST(Plan, DecisionsByAssetAndManyFindingIds) {
  std::string vulns;
  for (int k = 0; k < 40; ++k) {
    if (k)
      vulns += ",";
    vulns += Vuln("CVE-2023-" + std::to_string(1000 + k),
                  "pkg" + std::to_string(k), "1.0.0", "1.0.1");
  }
  auto open = Analyze({{"a.json", Trivy("registry/a:1", vulns)},
                       {"b.json", Trivy("registry/b:1", vulns)}});
  // One decision per finding of image b, by id, after a general one that
  // names image a: every finding is decided, a's as accepted.
  std::string decisions =
      R"({"decisions": [{"match": {"asset": "REGISTRY/A:1"},
      "status": "accepted"})";
  for (const auto& f : open->report["findings"]) {
    decisions += R"(, {"match": {"finding": ")" + f["id"].get<std::string>() +
                 R"("}, "status": "false_positive"})";
  }
  decisions += "]}";
  auto d = Analyze({{"a.json", Trivy("registry/a:1", vulns)},
                    {"b.json", Trivy("registry/b:1", vulns)}},
                   decisions.c_str());
  EXPECT_EQ(d->report["summary"]["decided"]["accepted"], 40);
  EXPECT_EQ(d->report["summary"]["decided"]["false_positive"], 40);
  EXPECT_EQ(d->report["summary"]["open"], 0);
  EXPECT_TRUE(d->report["actions"].empty());
}

}  // namespace
}  // namespace exposure
