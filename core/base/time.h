// Calendar helpers with no dependence on the host's time zone or C library,
// so dates print identically natively and in wasm.
#ifndef CORE_BASE_TIME_H_
#define CORE_BASE_TIME_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace exposure {

// Seconds since 1970-01-01T00:00:00Z -> "YYYY-MM-DDTHH:MM:SSZ".
std::string UnixToIso8601(int64_t seconds);
// "YYYY-MM-DD" (a longer ISO 8601 timestamp is cut to its date) plus `days`;
// "" if `date` does not start with a valid date.
std::string AddDays(std::string_view date, int days);
// Parses a decimal Unix timestamp; false if `text` is not one.
bool ParseUnixSeconds(std::string_view text, int64_t* out);

}  // namespace exposure

#endif  // CORE_BASE_TIME_H_
