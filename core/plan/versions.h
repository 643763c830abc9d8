// Package versions as scanners write them, compared the way the package
// ecosystems order them closely enough to choose an upgrade: semantic
// versions and their pre-releases, Debian and RPM epochs and revisions,
// Alpine's "-rN", OpenSSL's letter releases ("1.1.1k").
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

}  // namespace exposure

#endif  // CORE_PLAN_VERSIONS_H_
