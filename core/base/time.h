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
// Days since 1970-01-01 of the date "YYYY-MM-DD" `date` starts with; false
// when it does not start with one.
bool DayNumber(std::string_view date, int64_t* out);
// Days since 1970-01-01 -> "YYYY-MM-DD".
std::string DateOfDay(int64_t day);
// Parses a decimal Unix timestamp; false if `text` is not one.
bool ParseUnixSeconds(std::string_view text, int64_t* out);
// An ISO 8601 date-time as exports write it, "YYYY-MM-DD[T ]HH:MM[:SS[.f]]"
// and an optional zone ("Z", "+HH:MM", "+HHMM", "+HH"), surrounding
// whitespace ignored. With a zone: the same instant in UTC,
// "YYYY-MM-DDTHH:MM:SSZ", so times of one asset compare as text across
// tools. Without one: "YYYY-MM-DDTHH:MM:SS" as written (the zone is not
// known, so the time is not shifted). "" for anything else, so a caller
// never stores a time it could not read.
std::string NormalizeIso8601(std::string_view text);

}  // namespace exposure

#endif  // CORE_BASE_TIME_H_
