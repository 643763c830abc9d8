// Validation, part 1: the evidence ladder, CISA's SSVC values before the
// vector's, automatable from evidence, and the ranking cases
// docs/risk-model.md names.
#include "core/score/validation.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/app/analyzer.h"
#include "core/correlate/store.h"
#include "core/score/policy.h"
#include "core/score/risk.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

constexpr char kMs17010Vector[] =
    "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H";
constexpr char kChromeVector[] = "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H";

struct Spec {
  std::string ip = "10.0.0.1";
  std::string vector;
  std::vector<std::string> cves;
  uint16_t flags = 0;
  Criticality criticality = Criticality::kMedium;
};

// One finding per spec, each on its own host asset.
void Add(Store* store, const Spec& s) {
  const size_t in = store->AddInput("scan.nessus");
  Asset a;
  a.kind = AssetKind::kHost;
  a.name = "host-" + s.ip;
  a.ids.ip = s.ip;
  a.context.criticality = s.criticality;
  Finding f;
  f.input = in;
  f.asset = store->AddAsset(in, a);
  f.format = "nessus";
  f.rule_id = s.ip;
  f.severity = Severity::kHigh;
  f.cves = s.cves;
  if (!s.vector.empty())
    f.cvss.push_back({"3.0", s.vector, "nessus", -1});
  f.evidence_flags = s.flags;
  f.first_seen = "2026-01-10T08:00:00Z";
  store->AddFinding(f);
}

// The demo's intel: both on KEV, EPSS as the bundle has them.
CveIntel DemoIntel(std::string_view cve) {
  CveIntel ci;
  if (cve == "CVE-2017-0144") {
    ci.kev = true;
    ci.epss = 99373;
  } else if (cve == "CVE-2023-2033") {
    ci.kev = true;
    ci.epss = 40798;
  }
  return ci;
}

TEST(Validation, LadderLevelsAndLabels) {
  EXPECT_EQ(ValidationLevel(0, 0, false, 0), kLevelVersionMatch);
  EXPECT_EQ(ValidationLevel(kEvidenceExploit, 0, false, 0), kLevelPublicPoc);
  EXPECT_EQ(ValidationLevel(0, kCatalogueExploitDb, false, 0), kLevelPublicPoc);
  EXPECT_EQ(ValidationLevel(0, kCatalogueNuclei, false, 0), kLevelPublicPoc);
  EXPECT_EQ(ValidationLevel(0, 0, false, kCisaAssessed | 1), kLevelPublicPoc);
  EXPECT_EQ(ValidationLevel(0, 0, false, kCisaAssessed), kLevelVersionMatch);
  for (uint16_t bit :
       {kEvidenceMetasploit, kEvidenceCoreImpact, kEvidenceCanvas,
        kEvidenceMalware, kEvidenceExploitKit}) {
    EXPECT_EQ(ValidationLevel(bit, 0, false, 0), kLevelWeaponised) << bit;
  }
  EXPECT_EQ(ValidationLevel(0, kCatalogueMetasploitExploit, false, 0),
            kLevelWeaponised);
  EXPECT_EQ(ValidationLevel(kEvidenceMetasploit, 0, true, 0),
            kLevelExploitedInWild);
  EXPECT_EQ(ValidationLevel(0, 0, false, kCisaAssessed | 2),
            kLevelExploitedInWild);
  EXPECT_EQ(ValidationLevel(kEvidenceConfirmed, 0, false, 0), kLevelConfirmed);
  EXPECT_EQ(ValidationLevel(kEvidencePentest, 0, true, 0), kLevelConfirmed);
  EXPECT_STREQ(ValidationLabel(-1), "refuted");
  EXPECT_STREQ(ValidationLabel(3), "exploited in the wild");
  EXPECT_STREQ(ValidationLabel(4), "confirmed on this asset");

  std::vector<ValidationSource> sources;
  AppendToolEvidence(kEvidenceExploit | kEvidenceMetasploit | kEvidenceMalware,
                     "nessus", &sources);
  ASSERT_EQ(sources.size(), 3u);
  EXPECT_EQ(sources[0].evidence, "exploited by malware");
  EXPECT_EQ(sources[1].evidence, "Metasploit module");
  EXPECT_EQ(sources[2].evidence, "public exploit available");
  EXPECT_EQ(sources[2].source, "nessus");
}

// The case: MS17-010 (KEV, EPSS 0.99, Metasploit, WannaCry, SMB,
// AC:H) ranks above the KEV Chrome bug (EPSS 0.41, needs a user to browse)
// in every asset context the two share.
TEST(Validation, Ms17010OutranksKevBrowserBugInEveryContext) {
  for (Criticality c : {Criticality::kLow, Criticality::kMedium,
                        Criticality::kHigh, Criticality::kCritical}) {
    for (const char* ip : {"10.0.0.", "203.0.113."}) {
      Store store;
      Add(&store, {std::string(ip) + "1",
                   kMs17010Vector,
                   {"CVE-2017-0143", "CVE-2017-0144"},
                   kEvidenceExploit | kEvidenceMetasploit | kEvidenceMalware,
                   c});
      Add(&store, {std::string(ip) + "2",
                   kChromeVector,
                   {"CVE-2023-2033"},
                   kEvidenceExploit,
                   c});
      const Assessment a = Assess(store, Policy(), DemoIntel);
      const FindingAssessment& ms = a.finding(0);
      const FindingAssessment& chrome = a.finding(1);
      EXPECT_GT(ms.risk, chrome.risk) << CriticalityName(c) << " " << ip << ": "
                                      << ms.risk << " vs " << chrome.risk;
      EXPECT_EQ(ms.level, kLevelExploitedInWild);
      EXPECT_EQ(chrome.level, kLevelExploitedInWild);
      // Wormable: the weaponised exploit makes AC:H automatable.
      EXPECT_EQ(ms.automatable, SsvcAutomatable::kYes);
      EXPECT_EQ(ms.automatable_basis, DecisionBasis::kEvidence);
      EXPECT_EQ(chrome.automatable, SsvcAutomatable::kNo);
    }
  }
  Store store;
  Add(&store,
      {"10.0.0.1", kMs17010Vector, {"CVE-2017-0144"}, kEvidenceMetasploit});
  Add(&store, {"10.0.0.2", kChromeVector, {"CVE-2023-2033"}, 0});
  const Assessment a = Assess(store, Policy(), DemoIntel);
  const Explanation ms = ExplainFinding(a, 0);
  EXPECT_EQ(ms.automatable.value, "yes");
  // The vector's evidence, extended (its first byte was once lost to the
  // string being cleared before its own value was appended).
  EXPECT_EQ(ms.automatable.evidence,
            "AV:N/AC:H/PR:N/UI:N and a weaponised exploit (exploit "
            "framework, worm or malware): network, no privileges, no user "
            "interaction");
  // The same into an explanation that is reused, as the report does.
  Explanation reused = ExplainFinding(a, 1);
  Explain(a, a.finding_class[0], &reused);
  EXPECT_EQ(reused.automatable.evidence, ms.automatable.evidence);
  const Explanation chrome = ExplainFinding(a, 1);
  EXPECT_NE(chrome.factors[1].value.find("needs user interaction"),
            std::string::npos)
      << chrome.factors[1].value;
  EXPECT_NE(chrome.factors[1].value.find("level 3 exploited in the wild"),
            std::string::npos)
      << chrome.factors[1].value;
}

TEST(Validation, AutomatableNeedsTheNetworkPathForEvidence) {
  // A weaponised local flaw stays not automatable; so does a network flaw
  // without any weaponised exploit.
  Store store;
  Add(&store, {"10.0.0.1",
               "CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H",
               {"CVE-2099-0001"},
               kEvidenceMetasploit});
  Add(&store,
      {"10.0.0.2", kMs17010Vector, {"CVE-2099-0002"}, kEvidenceExploit});
  const Assessment a =
      Assess(store, Policy(), [](std::string_view) { return CveIntel(); });
  EXPECT_EQ(a.finding(0).automatable, SsvcAutomatable::kNo);
  EXPECT_EQ(a.finding(1).automatable, SsvcAutomatable::kNo);
  // A Metasploit exploit module in the catalogue does what the tool's flag
  // does.
  const Assessment b = Assess(store, Policy(), [](std::string_view cve) {
    CveIntel ci;
    if (cve == "CVE-2099-0002") {
      ci.exploits = kCatalogueMetasploitExploit;
      ci.metasploit_module = "exploit/windows/smb/example";
    }
    return ci;
  });
  EXPECT_EQ(b.finding(1).automatable, SsvcAutomatable::kYes);
  EXPECT_EQ(b.finding(1).level, kLevelWeaponised);
  const Explanation e = ExplainFinding(b, 1);
  ASSERT_EQ(e.intel_sources.size(), 1u);
  EXPECT_EQ(e.intel_sources[0].source, "Metasploit");
  EXPECT_EQ(e.intel_sources[0].evidence,
            "exploit module exploit/windows/smb/example (CVE-2099-0002)");
}

TEST(Validation, CisaValuesComeBeforeTheVector) {
  // The vector says automatable and total; CISA assessed the CVE as not
  // automatable, partial, public PoC: CISA's values are used, named.
  Store store;
  Add(&store, {"10.0.0.1",
               "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
               {"CVE-2024-6498"}});
  const IntelLookup intel = [](std::string_view cve) {
    CveIntel ci;
    if (cve == "CVE-2024-6498") {
      ci.cisa = kCisaAssessed | 1;
      ci.cisa_assessed = "2024-07-05";
      ci.epss = 80000;
    }
    return ci;
  };
  const Assessment a = Assess(store, Policy(), intel);
  const FindingAssessment& fa = a.finding(0);
  EXPECT_EQ(fa.automatable, SsvcAutomatable::kNo);
  EXPECT_EQ(fa.technical_impact, SsvcTechnicalImpact::kPartial);
  EXPECT_EQ(fa.exploitation, SsvcExploitation::kPublicPoc);
  EXPECT_EQ(fa.exploitation_reason, ExploitationReason::kCisa);
  EXPECT_EQ(fa.level, kLevelPublicPoc);
  const Explanation e = ExplainFinding(a, 0);
  const std::string cisa =
      "CISA SSVC CVE-2024-6498: exploitation poc, automatable no, technical "
      "impact partial (assessed 2024-07-05)";
  EXPECT_EQ(e.automatable.evidence, cisa);
  EXPECT_EQ(e.technical_impact.evidence, cisa);
  EXPECT_EQ(e.exploitation.evidence, cisa);

  // CISA's "none" stands against a high EPSS (EPSS is a prediction, CISA's
  // verdict a judgement); KEV, newer than the assessment, still wins.
  const IntelLookup none = [](std::string_view) {
    CveIntel ci;
    ci.cisa = kCisaAssessed | kCisaAutomatable;
    ci.epss = 90000;
    return ci;
  };
  const Assessment b = Assess(store, Policy(), none);
  EXPECT_EQ(b.finding(0).exploitation, SsvcExploitation::kNone);
  const IntelLookup kev = [](std::string_view) {
    CveIntel ci;
    ci.cisa = kCisaAssessed;
    ci.kev = true;
    return ci;
  };
  const Assessment c = Assess(store, Policy(), kev);
  EXPECT_EQ(c.finding(0).exploitation, SsvcExploitation::kActive);
  EXPECT_EQ(c.finding(0).exploitation_reason, ExploitationReason::kKev);
  // Without CISA, EPSS over the threshold still says public PoC, derived.
  const Assessment d = Assess(store, Policy(), [](std::string_view) {
    CveIntel ci;
    ci.epss = 90000;
    return ci;
  });
  EXPECT_EQ(d.finding(0).exploitation, SsvcExploitation::kPublicPoc);
  EXPECT_NE(ExplainFinding(d, 0).exploitation.evidence.find("derived"),
            std::string::npos);
}

TEST(Validation, EpssAndEvidenceOrderWithinKevStatus) {
  const std::string v = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  Store store;
  Add(&store, {"10.0.0.1", v, {"CVE-2099-0001"}});  // KEV, EPSS 0.9
  Add(&store, {"10.0.0.2", v, {"CVE-2099-0002"}});  // KEV, EPSS 0.1
  Add(&store, {"10.0.0.3", v, {"CVE-2099-0003"}, kEvidenceMetasploit});
  Add(&store, {"10.0.0.4", v, {"CVE-2099-0004"}, kEvidenceExploit});
  Add(&store, {"10.0.0.5", v, {"CVE-2099-0005"}});  // nothing known
  Add(&store, {"10.0.0.6", v, {"CVE-2099-0006"}, kEvidenceConfirmed});
  const Assessment a = Assess(store, Policy(), [](std::string_view cve) {
    CveIntel ci;
    ci.kev = cve == "CVE-2099-0001" || cve == "CVE-2099-0002";
    ci.epss = cve == "CVE-2099-0001" ? 90000 : 10000;
    return ci;
  });
  const int kev_high = a.finding(0).risk;
  const int kev_low = a.finding(1).risk;
  const int weaponised = a.finding(2).risk;
  const int poc = a.finding(3).risk;
  const int version = a.finding(4).risk;
  const int confirmed = a.finding(5).risk;
  EXPECT_GT(kev_high, kev_low);
  EXPECT_GT(kev_low, weaponised);
  EXPECT_GT(weaponised, poc);
  EXPECT_GT(poc, version);
  EXPECT_GT(confirmed, kev_low);
  EXPECT_EQ(a.finding(5).level, kLevelConfirmed);
  EXPECT_EQ(a.finding(5).exploitation, SsvcExploitation::kPublicPoc);
}

TEST(Validation, UserInteractionLowersTheThreat) {
  Store store;
  Add(&store, {"10.0.0.1",
               "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
               {"CVE-2099-0001"},
               kEvidenceExploit});
  Add(&store, {"10.0.0.2",
               "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H",
               {"CVE-2099-0001"},
               kEvidenceExploit});
  const Assessment a =
      Assess(store, Policy(), [](std::string_view) { return CveIntel(); });
  EXPECT_GT(a.finding(0).points[1], a.finding(1).points[1]);
}

// The demo scan with the pentest of its estate (tests/fixtures/pentest):
// the pentest's proof lifts the Nessus findings it names to level 4, named
// as the exposure's; its third record, which no scanner saw, stays its own
// finding at level 4. The demo's ranking holds: MS17-010 first.
TEST(Validation, APentestLiftsTheScannerFindingsItConfirms) {
  std::string nessus, pentest;
  ASSERT_TRUE(testing::ReadFile(
      testing::SourceDir() + "/examples/host-scan.nessus", &nessus));
  ASSERT_TRUE(testing::ReadFile(
      testing::SourceDir() + "/tests/fixtures/pentest/host-scan-validation.csv",
      &pentest));
  Analyzer a;
  testing::FeedInChunks(&a, "host-scan.nessus", nessus, 4096);
  testing::FeedInChunks(&a, "pentest.csv", pentest, 4096);
  const nlohmann::json r = nlohmann::json::parse(a.ReportJson());
  std::map<std::string, const nlohmann::json*> nessus_by_rule;
  int pentest_alone = 0;
  for (const nlohmann::json& f : r["findings"]) {
    if (f["source"]["format"] == "nessus")
      nessus_by_rule[f["rule_id"].get<std::string>()] = &f;
    if (f["source"]["format"] == "pentest_csv" &&
        f["title"].get<std::string>().rfind("Default administrator", 0) == 0) {
      ++pentest_alone;
      EXPECT_EQ(f["validation"]["level"], 4);
    }
  }
  EXPECT_EQ(pentest_alone, 1);
  for (const char* rule : {"97833", "156255"}) {
    ASSERT_TRUE(nessus_by_rule.count(rule)) << rule;
    const nlohmann::json& v = (*nessus_by_rule[rule])["validation"];
    EXPECT_EQ(v["level"], 4) << rule;
    bool from_exposure = false;
    for (const nlohmann::json& s : v["sources"])
      from_exposure = from_exposure || s["source"] == "exposure";
    EXPECT_TRUE(from_exposure) << v.dump();
  }
  // Not proven by anyone: stays where its own evidence puts it.
  ASSERT_TRUE(nessus_by_rule.count("174320"));
  EXPECT_EQ((*nessus_by_rule["174320"])["validation"]["level"], 3);
  EXPECT_EQ(r["summary"]["by_validation"]["4"], 5);
  // The riskiest finding is of MS17-010's exposure (the pentest's record
  // of it, scored by its own critical severity).
  const nlohmann::json* top = &r["findings"][0];
  for (const nlohmann::json& f : r["findings"]) {
    if (f["risk"].get<int>() > (*top)["risk"].get<int>())
      top = &f;
  }
  EXPECT_EQ((*top)["exposure"], (*nessus_by_rule["97833"])["exposure"]);
}

}  // namespace
}  // namespace exposure
