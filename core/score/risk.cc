#include "core/score/risk.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/base/strings.h"
#include "core/base/time.h"
#include "core/score/cvss.h"

namespace exposure {

namespace {

// Version preference when a finding carries several vectors: v3.1 and v3.0
// are what most feeds state, v4.0 next, v2 last. Within a version, NVD's
// vector wins over vendor ones so the same CVE scores alike across tools.
int VersionRank(const std::string& v) {
  if (v == "3.1")
    return 0;
  if (v == "3.0")
    return 1;
  if (v == "4.0")
    return 2;
  return 3;
}

// A vector parsed and scored once per analysis, with the decision points
// read from it (vectors repeat across thousands of findings).
struct ParsedVector {
  bool ok = false;
  CvssScores scores;
  DecisionPoint automatable;
  DecisionPoint technical_impact;
};

DecisionPoint Automatable(const CvssScores& s);
DecisionPoint TechnicalImpact(const CvssScores& s);

class CvssMemo {
 public:
  const ParsedVector& Get(const std::string& vector) {
    auto [it, added] = parsed_.try_emplace(vector);
    ParsedVector& p = it->second;
    if (added) {
      Result<CvssScores> r = ParseAndScoreCvss(vector);
      if (r.ok()) {
        p.ok = true;
        p.scores = std::move(*r);
        p.automatable = Automatable(p.scores);
        p.technical_impact = TechnicalImpact(p.scores);
      }
    }
    return p;
  }

 private:
  std::unordered_map<std::string, ParsedVector> parsed_;  // node-based
};

struct ChosenCvss {
  const ParsedVector* parsed = nullptr;
  int score = -1;  // tenths: base (v2/v3) or the v4.0 score
  std::string source;
};

bool ChooseCvss(const Finding& f, CvssMemo* memo, ChosenCvss* out) {
  std::vector<const CvssVector*> order;
  for (const CvssVector& c : f.cvss)
    order.push_back(&c);
  std::stable_sort(order.begin(), order.end(),
                   [](const CvssVector* a, const CvssVector* b) {
                     int ra = VersionRank(a->version);
                     int rb = VersionRank(b->version);
                     if (ra != rb)
                       return ra < rb;
                     return (a->source == "nvd") > (b->source == "nvd");
                   });
  for (const CvssVector* c : order) {
    const ParsedVector& p = memo->Get(c->vector);
    if (!p.ok)
      continue;
    out->parsed = &p;
    out->score =
        p.scores.version == CvssVersion::kV40 ? p.scores.score : p.scores.base;
    out->source = c->source;
    return true;
  }
  return false;
}

// When no vector is usable: the tool's severity as a representative score.
int SeverityTenths(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return 95;
    case Severity::kHigh:
      return 80;
    case Severity::kMedium:
      return 55;
    case Severity::kLow:
      return 25;
    case Severity::kInfo:
      return 0;
  }
  return 0;
}

std::string Tenths(int v) {
  return std::to_string(v / 10) + "." + std::to_string(v % 10);
}

std::string Fixed5(int v) {
  std::string frac = std::to_string(v % 100000);
  return std::to_string(v / 100000) + "." + std::string(5 - frac.size(), '0') +
         frac;
}

std::string Metric(const CvssScores& s, std::string_view name) {
  return CvssEffectiveMetric(s, name);
}

// SSVC Automatable: "yes" when steps 1-4 of the kill chain can be automated.
// Read from the vector as network-reachable, low complexity, no privileges
// and no user interaction (v4.0 also: no attack requirements).
DecisionPoint Automatable(const CvssScores& s) {
  bool yes;
  std::string why;
  if (s.version == CvssVersion::kV2) {
    yes = Metric(s, "AV") == "N" && Metric(s, "AC") == "L" &&
          Metric(s, "Au") == "N";
    why = "CVSS v2 AV:" + Metric(s, "AV") + "/AC:" + Metric(s, "AC") +
          "/Au:" + Metric(s, "Au");
  } else {
    yes = Metric(s, "AV") == "N" && Metric(s, "AC") == "L" &&
          Metric(s, "PR") == "N" && Metric(s, "UI") == "N";
    why = "AV:" + Metric(s, "AV") + "/AC:" + Metric(s, "AC") +
          "/PR:" + Metric(s, "PR") + "/UI:" + Metric(s, "UI");
    if (s.version == CvssVersion::kV40) {
      yes = yes && Metric(s, "AT") == "N";
      why += "/AT:" + Metric(s, "AT");
    }
  }
  return {yes ? "yes" : "no", why};
}

// SSVC Technical Impact: "total" when the attacker gains full control of the
// component's confidentiality and integrity.
DecisionPoint TechnicalImpact(const CvssScores& s) {
  std::string conf = s.version == CvssVersion::kV40 ? "VC" : "C";
  std::string integ = s.version == CvssVersion::kV40 ? "VI" : "I";
  std::string high = s.version == CvssVersion::kV2 ? "C" : "H";
  bool total = Metric(s, conf) == high && Metric(s, integ) == high;
  return {total ? "total" : "partial",
          conf + ":" + Metric(s, conf) + "/" + integ + ":" + Metric(s, integ)};
}

SsvcImpact ImpactFromCriticality(Criticality c) {
  return static_cast<SsvcImpact>(static_cast<int>(c));
}

std::string DatePart(const std::string& s) {
  return s.size() >= 10 ? s.substr(0, 10) : std::string();
}

// The assessment of one finding. Reads only what ClassKey() covers.
FindingAssessment AssessFinding(const Finding& f,
                                const std::vector<AssetAssessment>& assets,
                                const Policy& policy,
                                const IntelLookup& intel,
                                const std::string& as_of,
                                CvssMemo* memo,
                                std::set<std::string>* kev_cves) {
  FindingAssessment fa;

  for (const std::string& cve : f.cves) {
    CveIntel ci = intel(cve);
    if (ci.kev)
      kev_cves->insert(cve);
    if (ci.kev && !fa.kev) {
      fa.kev = true;
      fa.kev_cve = cve;
    }
    if (ci.epss > fa.epss) {
      fa.epss = ci.epss;
      fa.epss_percentile = ci.percentile;
    }
  }

  // The bundle's EPSS (one dated source for every tool) wins; the value the
  // scan file states fills in for CVEs the bundle does not cover.
  bool epss_from_file = false;
  if (fa.epss < 0 && f.file_epss >= 0) {
    fa.epss = f.file_epss;
    fa.epss_percentile = f.file_epss_percentile;
    epss_from_file = true;
  }
  auto epss_text = [&](int v) {
    return Fixed5(v) + (epss_from_file ? " (stated in the scan file)" : "");
  };

  ChosenCvss chosen;
  bool has_cvss = ChooseCvss(f, memo, &chosen);
  int score;
  std::string score_text;
  if (has_cvss) {
    score = chosen.score;
    fa.cvss_version =
        std::string(CvssVersionName(chosen.parsed->scores.version));
    fa.cvss_vector = chosen.parsed->scores.vector;
    fa.cvss_score = score;
    fa.severity_basis = "cvss";
    score_text = "CVSS " + fa.cvss_version + " " + Tenths(score) +
                 (chosen.source.empty() ? "" : " (" + chosen.source + ")");
  } else {
    score = SeverityTenths(f.severity);
    fa.severity_basis = "tool severity";
    score_text = std::string("tool severity ") + SeverityName(f.severity) +
                 " (taken as " + Tenths(score) + ")";
  }

  // SSVC decision points.
  if (fa.kev) {
    fa.exploitation = {"active", fa.kev_cve + " is on CISA KEV"};
  } else if (f.exploit_available) {
    fa.exploitation = {"public poc", "the scanner reports a public exploit"};
  } else if (fa.epss >= policy.epss_poc_threshold) {
    fa.exploitation = {"public poc", "EPSS " + epss_text(fa.epss) + " >= " +
                                         Fixed5(policy.epss_poc_threshold)};
  } else {
    fa.exploitation = {
        "none", fa.epss >= 0
                    ? "not on KEV, no known exploit, EPSS " + epss_text(fa.epss)
                    : "not on KEV, no known exploit"};
  }
  if (has_cvss) {
    fa.automatable = chosen.parsed->automatable;
    fa.technical_impact = chosen.parsed->technical_impact;
  } else {
    fa.automatable = {"no", "no CVSS vector: assumed not automatable"};
    fa.technical_impact = {"partial", "no CVSS vector: assumed partial"};
  }
  SsvcExposure exposure = SsvcExposure::kControlled;
  Criticality crit = policy.default_criticality;
  if (f.asset != Finding::kNoAsset) {
    exposure = assets[f.asset].exposure;
    crit = assets[f.asset].criticality;
    fa.exposure = {Name(exposure), assets[f.asset].exposure_evidence};
  } else {
    fa.exposure = {Name(exposure), "no asset: default"};
  }
  SsvcImpact impact = ImpactFromCriticality(crit);
  fa.human_impact = {Name(impact),
                     std::string("asset criticality ") + Name(crit)};
  SsvcExploitation e = fa.kev ? SsvcExploitation::kActive
                       : fa.exploitation.value == "public poc"
                           ? SsvcExploitation::kPublicPoc
                           : SsvcExploitation::kNone;
  SsvcAutomatable au = fa.automatable.value == "yes" ? SsvcAutomatable::kYes
                                                     : SsvcAutomatable::kNo;
  SsvcTechnicalImpact ti = fa.technical_impact.value == "total"
                               ? SsvcTechnicalImpact::kTotal
                               : SsvcTechnicalImpact::kPartial;
  fa.decision = DeployerDecision(e, exposure, au, impact);
  fa.cisa = CisaDecision(e, au, ti, impact);
  // Informational records need no fix, whatever their context.
  if (score == 0)
    fa.decision = DeployerPriority::kDefer;

  // Risk: severity points, plus context points scaled by severity, so an
  // informational record scores 0 however exposed its asset is.
  // Fractions are in 1/100000 to keep everything integral.
  int64_t s = score;  // tenths, 0..100
  int64_t threat = 0;
  std::string threat_text;
  if (fa.kev) {
    threat = 100000;
    threat_text = "on CISA KEV (" + fa.kev_cve + ")";
  } else {
    int64_t poc = f.exploit_available ? 50000 : 0;
    int64_t epss = std::max(0, fa.epss);
    threat = std::max(poc, epss);
    threat_text = f.exploit_available ? "public exploit" : "no known exploit";
    if (fa.epss >= 0)
      threat_text += ", EPSS " + epss_text(fa.epss);
  }
  int64_t exp_frac = exposure == SsvcExposure::kOpen         ? 100000
                     : exposure == SsvcExposure::kControlled ? 50000
                                                             : 0;
  int64_t crit_frac = static_cast<int64_t>(crit) * 100000 / 3;
  int severity_pts = static_cast<int>(policy.weight_severity * s / 100);
  int threat_pts =
      static_cast<int>(policy.weight_threat * threat / 100000 * s / 100);
  int exposure_pts =
      static_cast<int>(policy.weight_exposure * exp_frac / 100000 * s / 100);
  int crit_pts = static_cast<int>(policy.weight_criticality * crit_frac /
                                  100000 * s / 100);
  fa.factors = {
      {"severity", score_text, severity_pts},
      {"threat", threat_text, threat_pts},
      {"exposure",
       std::string(Name(exposure)) + " (" + fa.exposure.evidence + ")",
       exposure_pts},
      {"criticality", std::string("asset ") + Name(crit), crit_pts},
  };
  fa.risk = std::min(1000, severity_pts + threat_pts + exposure_pts + crit_pts);
  if (!as_of.empty() && score > 0) {
    fa.due = AddDays(as_of, policy.sla_days[static_cast<int>(fa.decision)]);
  }
  return fa;
}

// Everything AssessFinding() reads from a finding and its asset, so equal
// keys give equal assessments.
std::string ClassKey(const Finding& f,
                     const std::vector<AssetAssessment>& assets) {
  std::string k;
  k.push_back(static_cast<char>('0' + static_cast<int>(f.severity)));
  k.push_back(f.exploit_available ? 'x' : '-');
  k.append(std::to_string(f.file_epss)).push_back('/');
  k.append(std::to_string(f.file_epss_percentile)).push_back('/');
  if (f.asset == Finding::kNoAsset) {
    k.push_back('-');
  } else {
    const AssetAssessment& a = assets[f.asset];
    k.push_back(static_cast<char>('0' + static_cast<int>(a.exposure)));
    k.push_back(static_cast<char>('0' + static_cast<int>(a.criticality)));
    k.append(a.exposure_evidence);
  }
  k.push_back('\x1f');
  for (const std::string& cve : f.cves) {
    k.append(cve);
    k.push_back('\x1e');
  }
  k.push_back('\x1f');
  for (const CvssVector& c : f.cvss) {
    k.append(c.version).push_back('\x1e');
    k.append(c.vector).push_back('\x1e');
    k.append(c.source).push_back('\x1d');
  }
  return k;
}

}  // namespace

Assessment Assess(const Store& store,
                  const Policy& policy,
                  const IntelLookup& intel) {
  Assessment out;
  const auto& assets = store.assets();
  out.assets.resize(assets.size());
  for (size_t i = 0; i < assets.size(); ++i) {
    AssetAssessment& a = out.assets[i];
    a.criticality = AssetCriticality(policy, assets[i]);
    a.exposure = AssetExposure(policy, assets[i], &a.exposure_evidence);
  }

  // Due dates count from the policy's date, else from the latest scan date
  // in the inputs, so the same inputs always give the same dates.
  out.as_of = policy.as_of;
  if (out.as_of.empty()) {
    for (const Finding& f : store.findings()) {
      for (const std::string* d : {&f.first_seen, &f.last_seen}) {
        std::string day = DatePart(*d);
        if (!AddDays(day, 0).empty() && day > out.as_of)
          out.as_of = day;
      }
    }
  }

  const auto& findings = store.findings();
  out.finding_class.resize(findings.size());
  std::set<std::string> kev_cves;
  std::unordered_map<std::string, uint32_t> classes;
  CvssMemo memo;
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    auto [it, added] = classes.try_emplace(
        ClassKey(f, out.assets), static_cast<uint32_t>(out.distinct.size()));
    if (added) {
      out.distinct.push_back(AssessFinding(f, out.assets, policy, intel,
                                           out.as_of, &memo, &kev_cves));
    }
    out.finding_class[i] = it->second;
  }

  out.kev_cves = kev_cves.size();

  // Asset risk: its worst finding, plus a tenth of the rest (capped): many
  // medium issues raise a host above one with a single medium issue, but
  // never above one with a critical.
  std::vector<std::vector<int>> per_asset(assets.size());
  for (size_t i = 0; i < findings.size(); ++i) {
    if (findings[i].asset != Finding::kNoAsset)
      per_asset[findings[i].asset].push_back(out.finding(i).risk);
  }
  for (size_t a = 0; a < assets.size(); ++a) {
    std::vector<int>& r = per_asset[a];
    if (r.empty())
      continue;
    std::sort(r.begin(), r.end(), std::greater<int>());
    int64_t rest = 0;
    for (size_t k = 1; k < r.size(); ++k)
      rest += r[k];
    out.assets[a].risk =
        static_cast<int>(std::min<int64_t>(1000, r[0] + rest / 10));
  }
  return out;
}

}  // namespace exposure
