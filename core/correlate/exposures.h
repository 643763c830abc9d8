// One exposure per real problem: findings that are the same problem on the
// same asset, whichever tools reported them.
//
// Findings stay as each tool reported them; exposures group them. Two
// findings of one asset are one exposure when they share a vulnerability
// id (a CVE, a GHSA, a vendor advisory a file gives as an alias; letter
// case aside; transitively: CVE-A + GHSA-B, then GHSA-B alone) at the same
// place:
// - the same port and protocol when both give one (a finding without a
//   port matches any port of its asset);
// - the same package, its name without version qualifiers, when both name
//   one;
// - else the asset itself.
// Catalogue markers and weakness classes (CWE, WASC, CAPEC, OWASP, KEV
// tags) are no vulnerability ids. Findings without any vulnerability id
// group only with findings of the same format, rule and title at the same
// place and location (file, URL): a code scanner's rule at two lines is
// two problems, a web scanner's at two URLs too, and a rule some tools
// share among their findings (a GuardDuty detector, a technology probe)
// names its problems by title.
//
// A validated finding imported from a pentest (formats pentest_csv and
// pentest_json) may name the scanner rule it confirms instead of, or
// besides, a vulnerability id: its rule id is then that rule's key,
// "format:rule_id" ("nessus:97833"). It joins the first finding of that
// rule on its asset whose place agrees (the same port when both give
// one); the rule's findings themselves group only as above, so two URLs
// of a web scanner's rule stay two exposures, the pentest joining one.
//
// An exposure takes its place from its first finding that has one; a
// finding whose place disagrees starts another, so the grouping depends on
// the findings' order (input order) only.
//
// Most exposures are one finding: the table names only the groups of two
// or more, so what an analysis holds for exposures grows with the
// findings several tools agree on. Vulnerability ids are compared by a
// 64-bit hash of their upper-cased text.
#ifndef CORE_CORRELATE_EXPOSURES_H_
#define CORE_CORRELATE_EXPOSURES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/correlate/finding_table.h"

namespace exposure {

// Whether an alias names one vulnerability (CVE, GHSA, RHSA, BID, ...)
// rather than a class of them or a catalogue (CWE-79, WASC-8, CAPEC-66).
bool IsVulnerabilityId(std::string_view id);
// A package name without its version: "Lodash@4.17.15" -> "lodash",
// "@babel/core@7.1.0" -> "@babel/core".
std::string PackageName(std::string_view name);

struct ExposureTable {
  static constexpr uint32_t kAlone = 0xFFFFFFFF;
  // By finding: its group among the exposures of two or more findings
  // (numbered in the order of their first finding), or kAlone.
  std::vector<uint32_t> group_of;
  uint32_t groups = 0;   // exposures of two or more findings
  size_t exposures = 0;  // all of them
  // By group: the EvidenceFlag bits of its findings, OR-ed (with their
  // rules'), so that what one tool or a pentest proved (kEvidenceConfirmed,
  // kEvidencePentest) holds for every finding of the exposure. A finding
  // alone in its exposure has its own evidence_flags.
  std::vector<uint16_t> group_evidence;
};

// Groups the findings of `findings` (read once: their scoring and identity
// parts).
ExposureTable GroupExposures(const FindingTable& findings);

}  // namespace exposure

#endif  // CORE_CORRELATE_EXPOSURES_H_
