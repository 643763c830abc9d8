// Validation, first question: can this finding actually be exploited, here?
// Every finding gets a level on an evidence ladder, each rung named by the
// evidence that put it there (docs/validation.md):
//   -1 refuted: a VEX statement, a decision or the tool says not affected
//      or a false positive (decided per finding by the plan, not here);
//    0 version match only: the scanner inferred it, nothing more is known;
//    1 public proof of concept: the tool knows a public exploit, Exploit-DB,
//      a Metasploit auxiliary module or a Nuclei template lists the CVE, or
//      CISA's SSVC assessment says "poc";
//    2 weaponised: a Metasploit exploit module, Core Impact, CANVAS, another
//      exploit kit, exploited by malware;
//    3 exploited in the wild: CISA KEV, or CISA's SSVC assessment "active";
//    4 confirmed on this asset: the tool proved it (exploited by Nessus, ZAP
//      confidence Confirmed, Burp certainty Certain, a Nuclei matcher hit
//      with its request) or an imported pentest result did.
// The level feeds SSVC's Exploitation decision point and the risk model's
// threat factor (core/score/risk.h, docs/risk-model.md).
#ifndef CORE_SCORE_VALIDATION_H_
#define CORE_SCORE_VALIDATION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace exposure {

constexpr int kLevelRefuted = -1;
constexpr int kLevelVersionMatch = 0;
constexpr int kLevelPublicPoc = 1;
constexpr int kLevelWeaponised = 2;
constexpr int kLevelExploitedInWild = 3;
constexpr int kLevelConfirmed = 4;

// "refuted", "version match", "public proof of concept", "weaponised",
// "exploited in the wild", "confirmed on this asset"; "" out of range.
const char* ValidationLabel(int level);

// Public exploit code the catalogues in the intel bundle list for a CVE
// (bits of CveIntel::exploits; the same values as the bundle's).
enum CatalogueExploit : uint8_t {
  kCatalogueMetasploitExploit = 1,  // a Metasploit exploit module
  kCatalogueMetasploitAux = 2,      // a Metasploit auxiliary or post module
  kCatalogueExploitDb = 4,          // an Exploit-DB entry
  kCatalogueNuclei = 8,             // a Nuclei template
};

// What CISA's own SSVC assessment (Vulnrichment) said of a finding's CVEs,
// packed in a byte: kCisaAssessed set when it assessed one of them.
constexpr uint8_t kCisaAssessed = 0x80;
constexpr uint8_t kCisaExploitationMask = 0x03;  // SsvcExploitation value
constexpr uint8_t kCisaAutomatable = 0x04;
constexpr uint8_t kCisaTotalImpact = 0x08;

// The level the evidence gives (never kLevelRefuted: refuting is a status).
// `flags` are EvidenceFlag bits (core/model/model.h), `catalogue`
// CatalogueExploit bits, `cisa` the packed assessment above.
int ValidationLevel(uint16_t flags, uint8_t catalogue, bool kev, uint8_t cisa);

// One piece of evidence, as a report lists it under its finding.
struct ValidationSource {
  std::string source;    // "nessus", "CISA KEV", "Metasploit", "pentest", ...
  std::string evidence;  // what it says
};

// An assessment keeps its intel evidence as one text, a line
// "source\tevidence" per piece (FindingAssessment::intel_sources): one
// text per distinct set, however many findings share it.
void AppendSourceLine(std::string_view source,
                      std::string_view evidence,
                      std::string* lines);
// Calls fn(source, evidence) for each line of such a text, in order.
template <typename Fn>
void ForEachSourceLine(std::string_view lines, Fn&& fn) {
  while (!lines.empty()) {
    const size_t nl = lines.find('\n');
    const std::string_view line = lines.substr(0, nl);
    lines = nl == std::string_view::npos ? std::string_view()
                                         : lines.substr(nl + 1);
    const size_t tab = line.find('\t');
    fn(line.substr(0, tab), tab == std::string_view::npos
                                ? std::string_view()
                                : line.substr(tab + 1));
  }
}

// The evidence a finding's own EvidenceFlag bits state, one entry per bit,
// strongest first; `tool` names the source ("nessus", "zap").
void AppendToolEvidence(uint16_t flags,
                        const std::string& tool,
                        std::vector<ValidationSource>* out);

}  // namespace exposure

#endif  // CORE_SCORE_VALIDATION_H_
