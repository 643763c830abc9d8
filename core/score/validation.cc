#include "core/score/validation.h"

#include <algorithm>

#include "core/model/model.h"

namespace exposure {

const char* ValidationLabel(int level) {
  switch (level) {
    case kLevelRefuted:
      return "refuted";
    case kLevelVersionMatch:
      return "version match";
    case kLevelPublicPoc:
      return "public proof of concept";
    case kLevelWeaponised:
      return "weaponised";
    case kLevelExploitedInWild:
      return "exploited in the wild";
    case kLevelConfirmed:
      return "confirmed on this asset";
    default:
      return "";
  }
}

int ValidationLevel(uint16_t flags, uint8_t catalogue, bool kev, uint8_t cisa) {
  if ((flags & (kEvidenceConfirmed | kEvidencePentest)) != 0)
    return kLevelConfirmed;
  const int cisa_exploitation =
      (cisa & kCisaAssessed) != 0 ? (cisa & kCisaExploitationMask) : 0;
  if (kev || cisa_exploitation == 2)
    return kLevelExploitedInWild;
  if ((flags & kEvidenceWeaponised) != 0 ||
      (catalogue & kCatalogueMetasploitExploit) != 0)
    return kLevelWeaponised;
  if ((flags & kEvidenceExploit) != 0 || catalogue != 0 ||
      cisa_exploitation == 1)
    return kLevelPublicPoc;
  return kLevelVersionMatch;
}

void AppendSourceLine(std::string_view source,
                      std::string_view evidence,
                      std::string* lines) {
  if (!lines->empty())
    lines->push_back('\n');
  lines->append(source);
  lines->push_back('\t');
  lines->append(evidence);
}

void AppendToolEvidence(uint16_t flags,
                        const std::string& tool,
                        std::vector<ValidationSource>* out) {
  // Strongest first, as the ladder reads them.
  static constexpr struct {
    uint16_t bit;
    const char* text;
  } kTexts[] = {
      {kEvidencePentest, "validated by a pentest or attack simulation"},
      {kEvidenceConfirmed, "proven on this asset by the tool"},
      {kEvidenceMalware, "exploited by malware"},
      {kEvidenceMetasploit, "Metasploit module"},
      {kEvidenceCoreImpact, "Core Impact module"},
      {kEvidenceCanvas, "CANVAS module"},
      {kEvidenceExploitKit, "exploit kit or mature exploit code"},
      {kEvidenceExploit, "public exploit available"},
  };
  for (const auto& t : kTexts) {
    if ((flags & t.bit) != 0)
      out->push_back({tool, t.text});
  }
}

}  // namespace exposure
