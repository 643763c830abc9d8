#include "core/score/risk.h"

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <set>
#include <unordered_map>

#include "core/base/strings.h"
#include "core/base/text_pool.h"
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

SsvcAutomatable Automatable(const CvssScores& s, std::string* why);
SsvcTechnicalImpact TechnicalImpact(const CvssScores& s, std::string* why);

// Vectors repeat across thousands of findings: each distinct one is parsed
// and scored once per analysis and kept in Assessment::vectors.
class CvssMemo {
 public:
  explicit CvssMemo(std::vector<ScoredVector>* vectors) : vectors_(vectors) {}

  // Index into the vectors, or -1 when `vector` does not parse.
  int32_t Get(const std::string& vector) {
    auto [it, added] = index_.try_emplace(vector, -1);
    if (added) {
      Result<CvssScores> r = ParseAndScoreCvss(vector);
      if (r.ok()) {
        ScoredVector v;
        v.version = std::string(CvssVersionName(r->version));
        v.vector = r->vector;
        v.score = r->version == CvssVersion::kV40 ? r->score : r->base;
        v.automatable = Automatable(*r, &v.automatable_evidence);
        v.technical_impact = TechnicalImpact(*r, &v.technical_impact_evidence);
        it->second = static_cast<int32_t>(vectors_->size());
        vectors_->push_back(std::move(v));
      }
    }
    return it->second;
  }

 private:
  std::vector<ScoredVector>* vectors_;
  std::unordered_map<std::string, int32_t> index_;
};

// Picks the finding's vector to score by (see VersionRank); sets the
// assessment's cvss, cvss_entry and cvss_score. False when none parses.
bool ChooseCvss(const Finding& f,
                CvssMemo* memo,
                const std::vector<ScoredVector>& vectors,
                FindingAssessment* fa) {
  std::vector<uint16_t> order;
  for (size_t i = 0; i < f.cvss.size() && i < 0xFFFF; ++i)
    order.push_back(static_cast<uint16_t>(i));
  std::stable_sort(order.begin(), order.end(), [&](uint16_t x, uint16_t y) {
    const CvssVector& a = f.cvss[x];
    const CvssVector& b = f.cvss[y];
    int ra = VersionRank(a.version);
    int rb = VersionRank(b.version);
    if (ra != rb)
      return ra < rb;
    return (a.source == "nvd") > (b.source == "nvd");
  });
  for (uint16_t i : order) {
    int32_t v = memo->Get(f.cvss[i].vector);
    if (v < 0)
      continue;
    fa->cvss = v;
    fa->cvss_entry = i;
    fa->cvss_score = vectors[static_cast<size_t>(v)].score;
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
SsvcAutomatable Automatable(const CvssScores& s, std::string* why) {
  bool yes;
  if (s.version == CvssVersion::kV2) {
    yes = Metric(s, "AV") == "N" && Metric(s, "AC") == "L" &&
          Metric(s, "Au") == "N";
    *why = "CVSS v2 AV:" + Metric(s, "AV") + "/AC:" + Metric(s, "AC") +
           "/Au:" + Metric(s, "Au");
  } else {
    yes = Metric(s, "AV") == "N" && Metric(s, "AC") == "L" &&
          Metric(s, "PR") == "N" && Metric(s, "UI") == "N";
    *why = "AV:" + Metric(s, "AV") + "/AC:" + Metric(s, "AC") +
           "/PR:" + Metric(s, "PR") + "/UI:" + Metric(s, "UI");
    if (s.version == CvssVersion::kV40) {
      yes = yes && Metric(s, "AT") == "N";
      *why += "/AT:" + Metric(s, "AT");
    }
  }
  return yes ? SsvcAutomatable::kYes : SsvcAutomatable::kNo;
}

// SSVC Technical Impact: "total" when the attacker gains full control of the
// component's confidentiality and integrity.
SsvcTechnicalImpact TechnicalImpact(const CvssScores& s, std::string* why) {
  std::string conf = s.version == CvssVersion::kV40 ? "VC" : "C";
  std::string integ = s.version == CvssVersion::kV40 ? "VI" : "I";
  std::string high = s.version == CvssVersion::kV2 ? "C" : "H";
  bool total = Metric(s, conf) == high && Metric(s, integ) == high;
  *why = conf + ":" + Metric(s, conf) + "/" + integ + ":" + Metric(s, integ);
  return total ? SsvcTechnicalImpact::kTotal : SsvcTechnicalImpact::kPartial;
}

SsvcImpact ImpactFromCriticality(Criticality c) {
  return static_cast<SsvcImpact>(static_cast<int>(c));
}

std::string DatePart(std::string_view s) {
  return s.size() >= 10 ? std::string(s.substr(0, 10)) : std::string();
}

// The assessment of one finding. Reads only what ClassKey() covers.
FindingAssessment AssessFinding(const Finding& f,
                                const std::vector<AssetAssessment>& assets,
                                const Policy& policy,
                                const IntelLookup& intel,
                                CvssMemo* memo,
                                const std::vector<ScoredVector>& vectors,
                                std::set<std::string>* kev_cves) {
  FindingAssessment fa;

  for (size_t i = 0; i < f.cves.size(); ++i) {
    const std::string& cve = f.cves[i];
    CveIntel ci = intel(cve);
    if (ci.kev)
      kev_cves->insert(cve);
    if (ci.kev && !fa.kev && i <= 0xFFFF) {
      fa.kev = true;
      fa.kev_cve = static_cast<uint16_t>(i);
    }
    if (ci.epss > fa.epss) {
      fa.epss = ci.epss;
      fa.epss_percentile = ci.percentile;
    }
  }

  // The bundle's EPSS (one dated source for every tool) wins; the value the
  // scan file states fills in for CVEs the bundle does not cover.
  if (fa.epss < 0 && f.file_epss >= 0) {
    fa.epss = f.file_epss;
    fa.epss_percentile = f.file_epss_percentile;
    fa.epss_from_file = true;
  }

  bool has_cvss = ChooseCvss(f, memo, vectors, &fa);
  fa.score = has_cvss ? fa.cvss_score : SeverityTenths(f.severity);

  // SSVC decision points.
  if (fa.kev) {
    fa.exploitation_reason = ExploitationReason::kKev;
    fa.exploitation = SsvcExploitation::kActive;
  } else if (f.exploit_available) {
    fa.exploitation_reason = ExploitationReason::kScannerExploit;
    fa.exploitation = SsvcExploitation::kPublicPoc;
  } else if (fa.epss >= policy.epss_poc_threshold) {
    fa.exploitation_reason = ExploitationReason::kEpss;
    fa.exploitation = SsvcExploitation::kPublicPoc;
  }
  if (has_cvss) {
    const ScoredVector& v = vectors[static_cast<size_t>(fa.cvss)];
    fa.automatable = v.automatable;
    fa.technical_impact = v.technical_impact;
  }
  fa.criticality = policy.default_criticality;
  if (f.asset != Finding::kNoAsset) {
    fa.exposure = assets[f.asset].exposure;
    fa.criticality = assets[f.asset].criticality;
  }
  fa.human_impact = ImpactFromCriticality(fa.criticality);
  fa.decision = DeployerDecision(fa.exploitation, fa.exposure, fa.automatable,
                                 fa.human_impact);
  fa.cisa = CisaDecision(fa.exploitation, fa.automatable, fa.technical_impact,
                         fa.human_impact);
  // Informational records need no fix, whatever their context.
  if (fa.score == 0)
    fa.decision = DeployerPriority::kDefer;

  // Risk: severity points, plus context points scaled by severity, so an
  // informational record scores 0 however exposed its asset is.
  // Fractions are in 1/100000 to keep everything integral.
  int64_t s = fa.score;  // tenths, 0..100
  int64_t threat = 100000;
  if (!fa.kev) {
    int64_t poc = f.exploit_available ? 50000 : 0;
    threat = std::max<int64_t>(poc, std::max(0, fa.epss));
  }
  int64_t exp_frac = fa.exposure == SsvcExposure::kOpen         ? 100000
                     : fa.exposure == SsvcExposure::kControlled ? 50000
                                                                : 0;
  int64_t crit_frac = static_cast<int64_t>(fa.criticality) * 100000 / 3;
  fa.points[0] = static_cast<int>(policy.weight_severity * s / 100);
  fa.points[1] =
      static_cast<int>(policy.weight_threat * threat / 100000 * s / 100);
  fa.points[2] =
      static_cast<int>(policy.weight_exposure * exp_frac / 100000 * s / 100);
  fa.points[3] = static_cast<int>(policy.weight_criticality * crit_frac /
                                  100000 * s / 100);
  fa.risk =
      std::min(1000, fa.points[0] + fa.points[1] + fa.points[2] + fa.points[3]);
  return fa;
}

// Numbers distinct texts 0, 1, 2, ... in first-seen order.
class TextIds {
 public:
  uint32_t Get(std::string_view text) {
    auto it = index_.find(text);
    if (it != index_.end())
      return it->second;
    const auto id = static_cast<uint32_t>(index_.size());
    index_.emplace(pool_.Add(text), id);
    return id;
  }

 private:
  TextPool pool_;
  std::unordered_map<std::string_view, uint32_t> index_;
};

// Everything AssessFinding() reads from a finding and its asset, so equal
// keys give equal assessments. Texts (CVEs, vectors and their sources, the
// asset's context) are numbered by `ids`, so a key is a few dozen bytes of
// fixed-width fields however long the vectors: with a million classes
// (one per package and CVE in a large SBOM scan) the keys are most of what
// an assessment holds. `asset_context` is the id of each asset's exposure,
// criticality and evidence. Written into `k` (cleared first), so one buffer
// serves every finding.
void ClassKey(const Finding& f,
              const std::vector<uint32_t>& asset_context,
              TextIds* ids,
              std::string* k) {
  auto number = [k](uint32_t v) {
    char bytes[4] = {static_cast<char>(v), static_cast<char>(v >> 8),
                     static_cast<char>(v >> 16), static_cast<char>(v >> 24)};
    k->append(bytes, sizeof(bytes));
  };
  k->clear();
  k->push_back(static_cast<char>(f.severity));
  k->push_back(f.exploit_available ? 'x' : '-');
  number(static_cast<uint32_t>(f.file_epss));
  number(static_cast<uint32_t>(f.file_epss_percentile));
  number(f.asset == Finding::kNoAsset ? 0xFFFFFFFF : asset_context[f.asset]);
  // Counts first: with every field fixed-width, the key reads back one way.
  number(static_cast<uint32_t>(f.cves.size()));
  for (const std::string& cve : f.cves)
    number(ids->Get(cve));
  number(static_cast<uint32_t>(f.cvss.size()));
  for (const CvssVector& c : f.cvss) {
    number(ids->Get(c.version));
    number(ids->Get(c.vector));
    number(ids->Get(c.source));
  }
}

}  // namespace

Assessment Assess(const Store& store,
                  const Policy& policy,
                  const IntelLookup& intel) {
  Assessment out;
  out.epss_poc_threshold = policy.epss_poc_threshold;
  const auto& assets = store.assets();
  out.assets.resize(assets.size());
  for (size_t i = 0; i < assets.size(); ++i) {
    AssetAssessment& a = out.assets[i];
    a.criticality = AssetCriticality(policy, assets[i]);
    a.exposure = AssetExposure(policy, assets[i], &a.exposure_evidence);
  }

  // Due dates count from the policy's date, else from the latest scan date
  // in the inputs, so the same inputs always give the same dates.
  const FindingTable& findings = store.findings();
  out.as_of = policy.as_of;
  if (out.as_of.empty()) {
    for (std::string_view d : findings.SeenDates()) {
      std::string day = DatePart(d);
      // Validating only a later date keeps this to a string compare.
      if (day > out.as_of && !AddDays(day, 0).empty())
        out.as_of = day;
    }
  }

  out.finding_class.resize(findings.size());
  std::set<std::string> kev_cves;
  for (int d = 0; d < 4; ++d) {
    if (!out.as_of.empty())
      out.due_by_decision[d] = AddDays(out.as_of, policy.sla_days[d]);
  }
  TextIds ids;
  std::vector<uint32_t> asset_context(assets.size());
  std::string key;
  for (size_t i = 0; i < assets.size(); ++i) {
    const AssetAssessment& a = out.assets[i];
    key.assign(1, static_cast<char>(a.exposure));
    key.push_back(static_cast<char>(a.criticality));
    key += a.exposure_evidence;
    asset_context[i] = ids.Get(key);
  }
  TextPool class_keys;
  std::unordered_map<std::string_view, uint32_t> classes;
  CvssMemo memo(&out.vectors);
  FindingTable::Reader reader(findings, FindingTable::kScoring);
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = reader.Read(i);
    ClassKey(f, asset_context, &ids, &key);
    auto it = classes.find(key);
    if (it == classes.end()) {
      it = classes
               .emplace(class_keys.Add(key),
                        static_cast<uint32_t>(out.distinct.size()))
               .first;
      out.distinct.push_back(AssessFinding(f, out.assets, policy, intel, &memo,
                                           out.vectors, &kev_cves));
      out.distinct.back().first = static_cast<uint32_t>(i);
    }
    out.finding_class[i] = it->second;
  }

  out.kev_cves = kev_cves.size();

  // Asset risk: its worst finding, plus a tenth of the rest (capped): many
  // medium issues raise a host above one with a single medium issue, but
  // never above one with a critical.
  std::vector<std::vector<int>> per_asset(assets.size());
  for (size_t i = 0; i < findings.size(); ++i) {
    if (findings.asset(i) != Finding::kNoAsset)
      per_asset[findings.asset(i)].push_back(out.finding(i).risk);
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

namespace {

// `*out` = the concatenation of `parts`, reusing its storage.
void Set(std::string* out, std::initializer_list<std::string_view> parts) {
  out->clear();
  for (std::string_view p : parts)
    out->append(p);
}

}  // namespace

void Explain(const Store& store,
             const Assessment& assessment,
             size_t cls,
             FindingTable::Reader* reader,
             Explanation* e) {
  const FindingAssessment& fa = assessment.distinct[cls];
  std::optional<FindingTable::Reader> own;
  if (reader == nullptr)
    reader = &own.emplace(store.findings(), FindingTable::kScoring);
  const Finding& f = reader->Read(fa.first);
  e->factors.resize(4);
  RiskFactor& severity = e->factors[0];
  RiskFactor& threat = e->factors[1];
  RiskFactor& exposure = e->factors[2];
  RiskFactor& criticality = e->factors[3];

  const std::string_view from_file =
      fa.epss_from_file ? " (stated in the scan file)" : "";
  if (fa.cvss >= 0) {
    const ScoredVector& v = assessment.vectors[static_cast<size_t>(fa.cvss)];
    const std::string& source = f.cvss[fa.cvss_entry].source;
    e->severity_basis = "cvss";
    e->cvss_version = v.version;
    e->cvss_vector = v.vector;
    e->automatable.value = Name(v.automatable);
    e->automatable.evidence = v.automatable_evidence;
    e->technical_impact.value = Name(v.technical_impact);
    e->technical_impact.evidence = v.technical_impact_evidence;
    Set(&severity.value, {"CVSS ", v.version, " ", Tenths(fa.score)});
    if (!source.empty()) {
      severity.value += " (";
      severity.value += source;
      severity.value += ')';
    }
  } else {
    e->severity_basis = "tool severity";
    e->cvss_version.clear();
    e->cvss_vector.clear();
    e->automatable.value = "no";
    e->automatable.evidence = "no CVSS vector: assumed not automatable";
    e->technical_impact.value = "partial";
    e->technical_impact.evidence = "no CVSS vector: assumed partial";
    Set(&severity.value, {"tool severity ", SeverityName(f.severity),
                          " (taken as ", Tenths(fa.score), ")"});
  }

  const std::string_view kev_cve =
      fa.kev ? std::string_view(f.cves[fa.kev_cve]) : std::string_view();
  e->exploitation.value = Name(fa.exploitation);
  std::string& evidence = e->exploitation.evidence;
  switch (fa.exploitation_reason) {
    case ExploitationReason::kKev:
      Set(&evidence, {kev_cve, " is on CISA KEV"});
      break;
    case ExploitationReason::kScannerExploit:
      evidence = "the scanner reports a public exploit";
      break;
    case ExploitationReason::kEpss:
      Set(&evidence, {"EPSS ", Fixed5(fa.epss), from_file,
                      " >= ", Fixed5(assessment.epss_poc_threshold)});
      break;
    case ExploitationReason::kNone:
      if (fa.epss >= 0) {
        Set(&evidence, {"not on KEV, no known exploit, EPSS ", Fixed5(fa.epss),
                        from_file});
      } else {
        evidence = "not on KEV, no known exploit";
      }
      break;
  }
  e->exposure.value = Name(fa.exposure);
  if (f.asset == Finding::kNoAsset) {
    e->exposure.evidence = "no asset: default";
  } else {
    e->exposure.evidence = assessment.assets[f.asset].exposure_evidence;
  }
  e->human_impact.value = Name(fa.human_impact);
  Set(&e->human_impact.evidence, {"asset criticality ", Name(fa.criticality)});

  if (fa.kev) {
    Set(&threat.value, {"on CISA KEV (", kev_cve, ")"});
  } else {
    threat.value = f.exploit_available ? "public exploit" : "no known exploit";
    if (fa.epss >= 0) {
      threat.value += ", EPSS ";
      threat.value += Fixed5(fa.epss);
      threat.value += from_file;
    }
  }
  severity.name = "severity";
  severity.points = fa.points[0];
  threat.name = "threat";
  threat.points = fa.points[1];
  exposure.name = "exposure";
  Set(&exposure.value, {Name(fa.exposure), " (", e->exposure.evidence, ")"});
  exposure.points = fa.points[2];
  criticality.name = "criticality";
  Set(&criticality.value, {"asset ", Name(fa.criticality)});
  criticality.points = fa.points[3];
}

Explanation Explain(const Store& store,
                    const Assessment& assessment,
                    size_t cls,
                    FindingTable::Reader* reader) {
  Explanation e;
  Explain(store, assessment, cls, reader, &e);
  return e;
}

}  // namespace exposure
