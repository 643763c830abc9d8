// EPSS probabilities and percentiles as fixed-point integers: what FIRST
// publishes, what some scanners (Grype, Snyk, Amazon Inspector) write into
// their exports, and what the intel bundle stores.
#ifndef CORE_BASE_EPSS_H_
#define CORE_BASE_EPSS_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace exposure {

// Values in [0, 1] scaled by kEpssScale: 0.94358 -> 94358. Five decimals
// is what FIRST publishes.
constexpr uint32_t kEpssScale = 100000;
// Decimal text ("0.94358", "1.0", "0", "9.5e-05") to fixed-point. Digits
// beyond the fifth decimal round half up, in integer arithmetic. false for
// anything that is not a number in [0, 1].
bool ParseEpssFixed(std::string_view text, uint32_t* out);
// Always five decimals: 94358 -> "0.94358", 100000 -> "1.00000".
std::string FormatEpssFixed(uint32_t fixed);

}  // namespace exposure

#endif  // CORE_BASE_EPSS_H_
