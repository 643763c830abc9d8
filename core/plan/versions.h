// Package versions as scanners write them, compared the way the package
// ecosystems order them closely enough to choose an upgrade: semantic
// versions and their pre-releases, Debian and RPM epochs and revisions,
// Alpine's "-rN", OpenSSL's letter releases ("1.1.1k"); and the version
// ranges VEX documents state.
#ifndef CORE_PLAN_VERSIONS_H_
#define CORE_PLAN_VERSIONS_H_

#include <string>
#include <string_view>
#include <vector>

namespace exposure {

// <0, 0 or >0 as `a` sorts before, with or after `b`. Segments of digits
// compare as numbers, others as lower-case text; an epoch ("1:") comes
// first. When one version is a prefix of the other, a longer one whose rest
// starts with "~" or a pre-release word (alpha, beta, rc, pre, dev,
// snapshot, preview, canary, nightly) sorts before, any other rest ("k",
// "-r1", ".1") after.
int CompareVersions(std::string_view a, std::string_view b);

// The release line of `installed`: its epoch and leading numeric components
// but the last (at least one): "1.1.1k" -> 1.1, "4.17.20" -> 4.17,
// "2:8.2.3995-1" -> 2:8.2, "5" -> 5. `version` is on it when its epoch and
// first components are the same.
bool OnReleaseLine(std::string_view installed, std::string_view version);

// The versions a scanner's "fixed in" text names ("1.1.1w, 3.0.2",
// ">=2.0.1 || 1.9.4", "[2.13.4.2]"): tokens that start with a digit, or an
// epoch, in the order written.
std::vector<std::string> FixedVersions(std::string_view fixed);

// Of `fixed` (FixedVersions' list), the lowest at or above `installed` on
// its release line, else the lowest above it on any line; "" when none is
// above it.
std::string ChooseFix(std::string_view installed,
                      const std::vector<std::string>& fixed);

// Whether `a` and `b` name the same version: equal ignoring case, or
// equal by CompareVersions ("v1.2" and "1.2", "0:7.61" and "7.61"). An
// empty version equals nothing.
bool SameVersion(std::string_view a, std::string_view b);

// Whether `version` is in `range`, compared by CompareVersions. Two
// spellings are read:
// - the purl project's version range specifier, "vers:<scheme>/<c>|<c>|..."
//   (https://github.com/package-url/vers-spec): "*" holds every version; a
//   version equal to an "=" (or bare) constraint is in and one equal to a
//   "!=" constraint out; the other constraints, ordered by version, bound
//   intervals: a first "<"/"<=" from below, a last ">"/">=" from above,
//   and each ">"/">=" followed by "<"/"<=" the versions between them.
//   The scheme is not read: every scheme is compared the same way.
// - constraints as CSAF product_version_range names and advisories write
//   them, "<2.4.52", ">=1.0 <2.0", ">= 1.0, < 2.0", "<=1.14.0": all of them
//   must hold (a bare version is "="); alternatives joined by "||" (node
//   semver style) are each tried.
// False for an empty version and for a range it cannot read ("all
// versions", "1.x"): a statement whose range is not understood applies to
// no version.
bool VersionInRange(std::string_view version, std::string_view range);

}  // namespace exposure

#endif  // CORE_PLAN_VERSIONS_H_
