// VEX statements applied to findings. Every input's statements (OpenVEX,
// CycloneDX VEX, CSAF: core/importers/*_vex_importer.h, openvex_importer.h)
// are kept by the store; they apply to the findings of every input, not
// only their own. docs/validation.md ("VEX") states the rules:
//
// - A statement applies to a finding when its vulnerability or one of its
//   aliases is one of the finding's CVEs or aliases (case-insensitive), and
//   one of its products matches the finding's component or asset (a
//   statement without products applies to every finding of the
//   vulnerability):
//   - a purl: type, namespace and name equal (case-insensitive), qualifiers
//     and subpath ignored but `arch` when both purls name one; the version
//     equal (SameVersion), none meaning any, or the product's range
//     (VersionInRange). A finding without a purl matches by its component
//     name (the purl's name, "namespace/name" or "namespace:name") and
//     installed version. A pkg:oci or pkg:docker purl also matches the
//     container image the finding is on (name, and digest or tag when the
//     purl has a version).
//   - a CPE (2.3 or 2.2 URI): part, vendor and product equal, "*" (or
//     nothing) on the statement's side for any; version equal, "*", "-" or
//     nothing for any, or the product's range; against a component name or
//     purl that is a CPE, or the asset's operating system when it is one.
//   - a name: the component's name (case-insensitive) with its installed
//     version equal to or in the product's version or range (neither: any
//     version); or the asset's name, alone (a product without version) or
//     with "@version". "urn:exposure-lens:asset:<asset id>" and
//     "urn:exposure-lens:finding:<finding id>", which the exports write,
//     name an asset and a finding.
// - Of the statements that apply to a finding, the latest decides it: by
//   timestamp (none is the earliest), then the later input, then the later
//   position in its document. Another applying statement with a different
//   status is a conflict, reported with the one that won.
#ifndef CORE_PLAN_VEX_H_
#define CORE_PLAN_VEX_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/correlate/report_ids.h"
#include "core/correlate/store.h"

namespace exposure {

constexpr int kVexStatusCount = 4;

// Two statements that apply to one finding and disagree on its status.
struct VexConflict {
  uint32_t finding = 0;
  uint32_t won = 0;   // the statement that decides it (Store::vex() index)
  uint32_t lost = 0;  // one that says otherwise
};

// What the statements decide, for one analysis.
struct VexResults {
  static constexpr uint32_t kNone = 0xFFFFFFFF;
  static constexpr uint8_t kNoStatus = 0xFF;
  size_t statements = 0;  // every input's
  // By finding index (empty when there are no statements): the statement
  // that decides it, and its status (a VexStatus, kNoStatus for none).
  std::vector<uint32_t> statement;
  std::vector<uint8_t> status;
  // Findings decided, by status (VexStatus order).
  size_t applied[kVexStatusCount] = {};
  // By statement: whether it applies to some finding; how many apply to
  // none.
  std::vector<uint8_t> matched;
  size_t unmatched = 0;
  // By finding, then by the losing statement.
  std::vector<VexConflict> conflicts;

  // Whether a statement decides `finding`, and its status (when it does).
  bool Decided(size_t finding) const {
    return finding < status.size() && status[finding] != kNoStatus;
  }
  VexStatus StatusOf(size_t finding) const {
    return static_cast<VexStatus>(status[finding]);
  }
  // Whether a statement says the finding needs nothing done: not_affected
  // or fixed.
  bool Closes(size_t finding) const {
    return Decided(finding) && (StatusOf(finding) == VexStatus::kNotAffected ||
                                StatusOf(finding) == VexStatus::kFixed);
  }
};

// Applies the store's statements to its findings; `ids` name them (as the
// plan does) for products that name a finding.
VexResults ApplyVex(const Store& store, const FindingIds& ids);

// The parts of a purl matching compares ("pkg:type/namespace/name@version
// ?qualifiers#subpath", percent-decoded; type, namespace and name in lower
// case). False when `text` is not one.
struct Purl {
  std::string type;
  std::string ns;
  std::string name;
  std::string version;
  std::string arch;  // the `arch` qualifier, lower case
};
bool ParsePurl(std::string_view text, Purl* out);

// The parts of a CPE 2.3 formatted string or 2.2 URI matching compares
// (lower case, escapes removed). False when `text` is not one.
struct Cpe {
  std::string part;
  std::string vendor;
  std::string product;
  std::string version;
};
bool ParseCpe(std::string_view text, Cpe* out);

// Whether `product` matches finding `f` on `asset` (null: none) by the
// rules above, but for the exports' urns (ApplyVex's).
bool VexProductMatches(const VexProduct& product,
                       const Finding& f,
                       const Asset* asset);

}  // namespace exposure

#endif  // CORE_PLAN_VEX_H_
