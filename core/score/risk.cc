#include "core/score/risk.h"

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include "core/base/strings.h"
#include "core/base/time.h"
#include "core/score/cvss.h"

namespace exposure {

// A class is kept for every distinct assessment: a million of them in a
// large SBOM scan.
static_assert(sizeof(FindingAssessment) <= 64,
              "FindingAssessment grew: keep its fields narrow");

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
bool NetworkUnattended(const CvssScores& s);
bool UserInteraction(const CvssScores& s);

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
        v.network_unattended = NetworkUnattended(*r);
        v.user_interaction = UserInteraction(*r);
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
// assessment's cvss, cvss_source and cvss_score. False when none parses.
bool ChooseCvss(const Finding& f,
                CvssMemo* memo,
                const std::vector<ScoredVector>& vectors,
                TextIndex* texts,
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
    fa->cvss_source = texts->Add(f.cvss[i].source);
    fa->cvss_score =
        static_cast<int16_t>(vectors[static_cast<size_t>(v)].score);
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

// Reached over the network with neither privileges nor a user's help:
// what a worm or an exploit framework needs, whatever the complexity.
bool NetworkUnattended(const CvssScores& s) {
  if (s.version == CvssVersion::kV2)
    return Metric(s, "AV") == "N" && Metric(s, "Au") == "N";
  return Metric(s, "AV") == "N" && Metric(s, "PR") == "N" &&
         Metric(s, "UI") == "N";
}

// A user must act (open a page, a file): v3 UI:R, v4.0 UI:P or UI:A. CVSS
// v2 has no such metric.
bool UserInteraction(const CvssScores& s) {
  if (s.version == CvssVersion::kV2)
    return false;
  const std::string ui = Metric(s, "UI");
  return !ui.empty() && ui != "N" && ui != "X";
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

// The threat factor's band for each validation level (1/100000): EPSS
// places a finding within its band, so the level orders first and EPSS
// within it, and on-KEV findings stay above what no one exploits.
struct ThreatBand {
  int64_t low, high;
};
constexpr ThreatBand kThreatBands[] = {
    {0, 50000},       // 0 version match
    {35000, 60000},   // 1 public proof of concept
    {50000, 70000},   // 2 weaponised
    {75000, 95000},   // 3 exploited in the wild
    {85000, 100000},  // 4 confirmed on this asset
};
// A flaw that needs a user's help (a page opened, a file run) scales less
// than one a network service gives away: its threat is cut by a quarter.
constexpr int64_t kUserInteractionPercent = 75;

const char* CisaExploitationName(int e) {
  return e == 2 ? "active" : e == 1 ? "poc" : "none";
}

// The assessment of one finding whose evidence bits are `flags` (its own
// and its exposure's confirmations). Reads only what ClassKey() covers,
// and the asset Explain() uses for its texts.
FindingAssessment AssessFinding(const Finding& f,
                                uint16_t flags,
                                const std::vector<AssetAssessment>& assets,
                                const Policy& policy,
                                const IntelLookup& intel,
                                CvssMemo* memo,
                                const std::vector<ScoredVector>& vectors,
                                TextIndex* texts,
                                std::set<std::string>* kev_cves) {
  FindingAssessment fa;
  fa.asset = f.asset == Finding::kNoAsset ? FindingAssessment::kNoAsset
                                          : static_cast<uint32_t>(f.asset);
  fa.severity = f.severity;
  fa.evidence_flags = flags;

  // Intel over every CVE: the strongest of each kind, and one line per
  // source naming the first CVE it came from.
  std::string lines;
  std::string kev_line, cisa_line, msf_line, edb_line, nuclei_line;
  int cisa_exploitation = -1;
  bool cisa_automatable = false;
  bool cisa_total = false;
  for (const std::string& cve : f.cves) {
    CveIntel ci = intel(cve);
    if (ci.kev)
      kev_cves->insert(cve);
    if (ci.kev && !fa.kev) {
      fa.kev = true;
      fa.kev_cve = texts->Add(cve);
      kev_line = cve + " is on the KEV catalog";
      if (!ci.kev_added.empty())
        kev_line += ", added " + ci.kev_added;
      if (ci.ransomware)
        kev_line += ", used in ransomware campaigns";
    }
    if (ci.epss > fa.epss) {
      fa.epss = ci.epss;
      fa.epss_percentile = ci.percentile;
    }
    if ((ci.cisa & kCisaAssessed) != 0) {
      const int e = ci.cisa & kCisaExploitationMask;
      cisa_automatable = cisa_automatable || (ci.cisa & kCisaAutomatable) != 0;
      cisa_total = cisa_total || (ci.cisa & kCisaTotalImpact) != 0;
      if (e > cisa_exploitation) {
        cisa_exploitation = e;
        cisa_line = cve + ": exploitation " + CisaExploitationName(e) +
                    ", automatable " +
                    ((ci.cisa & kCisaAutomatable) != 0 ? "yes" : "no") +
                    ", technical impact " +
                    ((ci.cisa & kCisaTotalImpact) != 0 ? "total" : "partial");
        if (!ci.cisa_assessed.empty())
          cisa_line += " (assessed " + ci.cisa_assessed + ")";
      }
    }
    fa.catalogue |= ci.exploits;
    if (msf_line.empty() && !ci.metasploit_module.empty()) {
      msf_line =
          ((ci.exploits & kCatalogueMetasploitExploit) != 0 ? "exploit module "
                                                            : "module ") +
          ci.metasploit_module + " (" + cve + ")";
    }
    if (edb_line.empty() && ci.exploitdb_id != 0)
      edb_line = "EDB-ID " + std::to_string(ci.exploitdb_id) + " (" + cve + ")";
    if (nuclei_line.empty() && (ci.exploits & kCatalogueNuclei) != 0) {
      nuclei_line = ci.nuclei_template.empty()
                        ? "template for " + cve
                        : "template " + ci.nuclei_template + " (" + cve + ")";
    }
  }
  if (cisa_exploitation >= 0) {
    fa.cisa_ssvc =
        static_cast<uint8_t>(kCisaAssessed | cisa_exploitation |
                             (cisa_automatable ? kCisaAutomatable : 0) |
                             (cisa_total ? kCisaTotalImpact : 0));
  }
  if (!kev_line.empty())
    AppendSourceLine("CISA KEV", kev_line, &lines);
  if (!cisa_line.empty())
    AppendSourceLine("CISA SSVC", cisa_line, &lines);
  if (!msf_line.empty())
    AppendSourceLine("Metasploit", msf_line, &lines);
  if (!edb_line.empty())
    AppendSourceLine("Exploit-DB", edb_line, &lines);
  if (!nuclei_line.empty())
    AppendSourceLine("Nuclei", nuclei_line, &lines);
  if (!lines.empty())
    fa.intel_sources = texts->Add(lines);

  // The bundle's EPSS (one dated source for every tool) wins; the value the
  // scan file states fills in for CVEs the bundle does not cover.
  if (fa.epss < 0 && f.file_epss >= 0) {
    fa.epss = f.file_epss;
    fa.epss_percentile = f.file_epss_percentile;
    fa.epss_from_file = true;
  }

  bool has_cvss = ChooseCvss(f, memo, vectors, texts, &fa);
  fa.score = static_cast<int16_t>(has_cvss ? fa.cvss_score
                                           : SeverityTenths(f.severity));
  fa.level = static_cast<int8_t>(
      ValidationLevel(flags, fa.catalogue, fa.kev, fa.cisa_ssvc));

  // SSVC Exploitation: KEV, then CISA's "active", then the evidence, then
  // CISA's lower verdict; EPSS only where CISA has not assessed the CVE.
  const bool evidence_poc =
      (flags & (kEvidenceExploit | kEvidenceWeaponised | kEvidenceConfirmed |
                kEvidencePentest)) != 0 ||
      fa.catalogue != 0;
  if (fa.kev) {
    fa.exploitation_reason = ExploitationReason::kKev;
    fa.exploitation = SsvcExploitation::kActive;
  } else if (cisa_exploitation == 2) {
    fa.exploitation_reason = ExploitationReason::kCisa;
    fa.exploitation = SsvcExploitation::kActive;
  } else if (evidence_poc) {
    fa.exploitation_reason = ExploitationReason::kEvidence;
    fa.exploitation = SsvcExploitation::kPublicPoc;
  } else if (cisa_exploitation >= 0) {
    fa.exploitation_reason = ExploitationReason::kCisa;
    fa.exploitation = static_cast<SsvcExploitation>(cisa_exploitation);
  } else if (fa.epss >= policy.epss_poc_threshold) {
    fa.exploitation_reason = ExploitationReason::kEpss;
    fa.exploitation = SsvcExploitation::kPublicPoc;
  }
  bool user_interaction = false;
  if (has_cvss) {
    const ScoredVector& v = vectors[static_cast<size_t>(fa.cvss)];
    fa.automatable = v.automatable;
    fa.technical_impact = v.technical_impact;
    user_interaction = v.user_interaction;
    // Exploit frameworks and worms automate what the vector's attack
    // complexity calls hard (MS17-010 is AC:H).
    const bool weaponised = (flags & kEvidenceWeaponised) != 0 ||
                            (fa.catalogue & kCatalogueMetasploitExploit) != 0;
    if (fa.automatable == SsvcAutomatable::kNo && v.network_unattended &&
        weaponised) {
      fa.automatable = SsvcAutomatable::kYes;
      fa.automatable_basis = DecisionBasis::kEvidence;
    }
  }
  if (cisa_exploitation >= 0) {
    fa.automatable =
        cisa_automatable ? SsvcAutomatable::kYes : SsvcAutomatable::kNo;
    fa.automatable_basis = DecisionBasis::kCisa;
    fa.technical_impact = cisa_total ? SsvcTechnicalImpact::kTotal
                                     : SsvcTechnicalImpact::kPartial;
    fa.technical_impact_basis = DecisionBasis::kCisa;
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
  const ThreatBand band = kThreatBands[fa.level];
  int64_t threat =
      band.low + (band.high - band.low) * std::max(0, fa.epss) / 100000;
  if (user_interaction)
    threat = threat * kUserInteractionPercent / 100;
  int64_t exp_frac = fa.exposure == SsvcExposure::kOpen         ? 100000
                     : fa.exposure == SsvcExposure::kControlled ? 50000
                                                                : 0;
  int64_t crit_frac = static_cast<int64_t>(fa.criticality) * 100000 / 3;
  // Each factor's weight is at most 1000 (policy.cc), so points fit.
  int points[4];
  points[0] = static_cast<int>(policy.weight_severity * s / 100);
  points[1] =
      static_cast<int>(policy.weight_threat * threat / 100000 * s / 100);
  points[2] =
      static_cast<int>(policy.weight_exposure * exp_frac / 100000 * s / 100);
  points[3] = static_cast<int>(policy.weight_criticality * crit_frac / 100000 *
                               s / 100);
  for (int k = 0; k < 4; ++k)
    fa.points[k] = static_cast<int16_t>(points[k]);
  fa.risk = static_cast<int16_t>(
      std::min(1000, points[0] + points[1] + points[2] + points[3]));
  return fa;
}

// Appends `v` as a LEB128 varint: a sequence of varints reads back one
// way, so two keys are equal exactly when their fields are.
void AppendVarint(uint64_t v, std::string* k) {
  while (v >= 0x80) {
    k->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  k->push_back(static_cast<char>(v));
}

// Everything AssessFinding() reads from a finding and its asset, so equal
// keys give equal assessments. Texts (CVEs, vectors and their sources, the
// asset's context) are numbered by `ids` (CVEs by `cve_ids`, which also
// counts them for the summary), so a key is a dozen bytes or so however
// long the vectors: with a million classes (one per package and CVE in a
// large SBOM scan) keys are a large part of what assessing holds.
// `asset_context` is the id of each asset's exposure, criticality and
// evidence. Written into `k` (cleared first), so one buffer serves every
// finding.
void ClassKey(const Finding& f,
              uint16_t flags,
              const std::vector<uint32_t>& asset_context,
              TextIndex* ids,
              TextIndex* cve_ids,
              std::string* k) {
  k->clear();
  k->push_back(static_cast<char>(f.severity));
  AppendVarint(flags, k);
  // -1 (not stated) becomes 0.
  AppendVarint(static_cast<uint64_t>(int64_t{f.file_epss} + 1), k);
  AppendVarint(static_cast<uint64_t>(int64_t{f.file_epss_percentile} + 1), k);
  AppendVarint(f.asset == Finding::kNoAsset ? 0 : asset_context[f.asset] + 1,
               k);
  // Counts first: with every list's length given, the key reads back one
  // way.
  AppendVarint(f.cves.size(), k);
  for (const std::string& cve : f.cves)
    AppendVarint(cve_ids->Add(cve), k);
  AppendVarint(f.cvss.size(), k);
  for (const CvssVector& c : f.cvss) {
    AppendVarint(ids->Add(c.version), k);
    AppendVarint(ids->Add(c.vector), k);
    AppendVarint(ids->Add(c.source), k);
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
    a.criticality = AssetCriticality(policy, assets[i], &a.criticality_source);
    a.exposure = AssetExposure(policy, assets[i], &a.exposure_evidence);
    a.owner = AssetOwner(policy, assets[i]);
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
  // Only needed while classes are formed: released when this returns.
  TextIndex ids;
  TextIndex cve_ids;
  std::vector<uint32_t> asset_context(assets.size());
  std::string key;
  for (size_t i = 0; i < assets.size(); ++i) {
    const AssetAssessment& a = out.assets[i];
    key.assign(1, static_cast<char>(a.exposure));
    key.push_back(static_cast<char>(a.criticality));
    key += a.exposure_evidence;
    key += '\x1f';
    key += a.criticality_source;
    asset_context[i] = ids.Add(key);
  }
  TextIndex classes;
  CvssMemo memo(&out.vectors);
  // Asset risk: its worst finding, plus a tenth of the rest (capped): many
  // medium issues raise a host above one with a single medium issue, but
  // never above one with a critical.
  std::vector<int> worst(assets.size(), -1);
  std::vector<int64_t> total(assets.size(), 0);
  // Exposures per asset: each finding alone in its exposure, and each
  // group once (a group's findings share their asset).
  out.exposures = GroupExposures(findings);
  std::vector<uint32_t> asset_exposures(assets.size(), 0);
  std::vector<bool> group_counted(out.exposures.groups, false);
  FindingTable::Reader reader(findings, FindingTable::kScoring);
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = reader.Read(i);
    if (f.asset != Finding::kNoAsset) {
      const uint32_t g = out.exposures.group_of[i];
      if (g == ExposureTable::kAlone || !group_counted[g]) {
        asset_exposures[f.asset]++;
        if (g != ExposureTable::kAlone)
          group_counted[g] = true;
      }
    }
    // What a pentest or another tool proved of the same exposure holds
    // for every finding of it (level 4, confirmed on this asset).
    uint16_t flags = f.evidence_flags;
    if (const uint32_t g = out.exposures.group_of[i];
        g != ExposureTable::kAlone && g < out.exposures.group_evidence.size()) {
      flags |= out.exposures.group_evidence[g] &
               (kEvidenceConfirmed | kEvidencePentest);
    }
    ClassKey(f, flags, asset_context, &ids, &cve_ids, &key);
    bool added = false;
    const uint32_t c = classes.Add(key, &added);
    if (added) {
      out.distinct.push_back(AssessFinding(f, flags, out.assets, policy, intel,
                                           &memo, out.vectors, &out.texts,
                                           &kev_cves));
    }
    out.finding_class[i] = c;
    if (f.asset != Finding::kNoAsset) {
      const int risk = out.distinct[c].risk;
      worst[f.asset] = std::max(worst[f.asset], risk);
      total[f.asset] += risk;
    }
  }
  out.kev_cves = kev_cves.size();
  out.cves = cve_ids.size();

  for (size_t a = 0; a < assets.size(); ++a) {
    if (worst[a] < 0)
      continue;
    const int64_t rest = total[a] - worst[a];
    out.assets[a].risk =
        static_cast<int>(std::min<int64_t>(1000, worst[a] + rest / 10));
  }
  std::vector<int> asset_risk(assets.size());
  for (size_t a = 0; a < assets.size(); ++a)
    asset_risk[a] = out.assets[a].risk;
  out.coverage =
      AssessCoverage(store, policy, out.as_of, asset_exposures, asset_risk);
  return out;
}

namespace {

// `*out` = the concatenation of `parts`, reusing its storage.
// A part may be a view of *out itself (its value extended, as the
// automatable evidence is): clearing first would overwrite the part's
// first byte with the terminator, so such a value is built apart.
void Set(std::string* out, std::initializer_list<std::string_view> parts) {
  const char* begin = out->data();
  const char* end = begin + out->capacity();
  bool aliased = false;
  for (std::string_view p : parts) {
    aliased = aliased ||
              (!p.empty() && std::less_equal<const char*>()(begin, p.data()) &&
               std::less<const char*>()(p.data(), end));
  }
  if (aliased) {
    std::string built;
    for (std::string_view p : parts)
      built.append(p);
    out->swap(built);
    return;
  }
  out->clear();
  for (std::string_view p : parts)
    out->append(p);
}

}  // namespace

void Explain(const Assessment& assessment, size_t cls, Explanation* e) {
  const FindingAssessment& fa = assessment.distinct[cls];
  e->factors.resize(4);
  RiskFactor& severity = e->factors[0];
  RiskFactor& threat = e->factors[1];
  RiskFactor& exposure = e->factors[2];
  RiskFactor& criticality = e->factors[3];

  const std::string_view from_file =
      fa.epss_from_file ? " (stated in the scan file)" : "";
  if (fa.cvss >= 0) {
    const ScoredVector& v = assessment.vectors[static_cast<size_t>(fa.cvss)];
    const std::string_view source = assessment.texts[fa.cvss_source];
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
    Set(&severity.value, {"tool severity ", SeverityName(fa.severity),
                          " (taken as ", Tenths(fa.score), ")"});
  }

  // The intel lines behind the level and the decision points.
  e->intel_sources.clear();
  std::string_view cisa_line;
  assessment.ForEachIntelSource(
      fa, [&](std::string_view source, std::string_view text) {
        if (source == "CISA SSVC")
          cisa_line = text;
        e->intel_sources.push_back({std::string(source), std::string(text)});
      });
  if (fa.automatable_basis == DecisionBasis::kCisa) {
    e->automatable.value = Name(fa.automatable);
    Set(&e->automatable.evidence, {"CISA SSVC ", cisa_line});
  } else if (fa.automatable_basis == DecisionBasis::kEvidence) {
    e->automatable.value = Name(fa.automatable);
    Set(&e->automatable.evidence,
        {e->automatable.evidence,
         " and a weaponised exploit (exploit framework, worm or malware): "
         "network, no privileges, no user interaction"});
  }
  if (fa.technical_impact_basis == DecisionBasis::kCisa) {
    e->technical_impact.value = Name(fa.technical_impact);
    Set(&e->technical_impact.evidence, {"CISA SSVC ", cisa_line});
  }

  const std::string_view kev_cve =
      fa.kev ? assessment.texts[fa.kev_cve] : std::string_view();
  const std::string_view level_label = ValidationLabel(fa.level);
  e->exploitation.value = Name(fa.exploitation);
  std::string& evidence = e->exploitation.evidence;
  switch (fa.exploitation_reason) {
    case ExploitationReason::kKev:
      Set(&evidence, {kev_cve, " is on CISA KEV"});
      break;
    case ExploitationReason::kCisa:
      Set(&evidence, {"CISA SSVC ", cisa_line});
      break;
    case ExploitationReason::kEvidence:
      Set(&evidence, {"evidence level ", std::to_string(fa.level), " (",
                      level_label, ")"});
      break;
    case ExploitationReason::kEpss:
      Set(&evidence, {"EPSS ", Fixed5(fa.epss), from_file,
                      " >= ", Fixed5(assessment.epss_poc_threshold),
                      " (not assessed by CISA: derived)"});
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
  if (fa.asset == FindingAssessment::kNoAsset) {
    e->exposure.evidence = "no asset: default";
  } else {
    e->exposure.evidence = assessment.assets[fa.asset].exposure_evidence;
  }
  e->human_impact.value = Name(fa.human_impact);
  const std::string_view criticality_source =
      fa.asset == FindingAssessment::kNoAsset
          ? std::string_view()
          : std::string_view(assessment.assets[fa.asset].criticality_source);
  Set(&e->human_impact.evidence, {"asset criticality ", Name(fa.criticality)});
  if (!criticality_source.empty()) {
    e->human_impact.evidence += " (";
    e->human_impact.evidence += criticality_source;
    e->human_impact.evidence += ')';
  }

  Set(&threat.value, {"level ", std::to_string(fa.level), " ", level_label});
  if (fa.kev) {
    threat.value += " (";
    threat.value += kev_cve;
    threat.value += " on CISA KEV)";
  }
  if (fa.epss >= 0) {
    threat.value += ", EPSS ";
    threat.value += Fixed5(fa.epss);
    threat.value += from_file;
  }
  if (fa.cvss >= 0 &&
      assessment.vectors[static_cast<size_t>(fa.cvss)].user_interaction) {
    threat.value += ", needs user interaction";
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
  if (!criticality_source.empty()) {
    criticality.value += " (";
    criticality.value += criticality_source;
    criticality.value += ')';
  }
  criticality.points = fa.points[3];
}

Explanation Explain(const Assessment& assessment, size_t cls) {
  Explanation e;
  Explain(assessment, cls, &e);
  return e;
}

}  // namespace exposure
