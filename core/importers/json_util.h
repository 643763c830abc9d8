// Reading fields from JSON records (core/import/json/json_value.h).
#ifndef CORE_IMPORTERS_JSON_UTIL_H_
#define CORE_IMPORTERS_JSON_UTIL_H_

#include <string>
#include <string_view>

#include "core/import/json/json_value.h"

namespace exposure {

// The member `key` of object `j` as text: strings as they are, numbers and
// booleans in their JSON spelling, anything else (absent, null, object,
// array) as "".
std::string JsonStr(const JsonValue& j, std::string_view key);
// The member `key` if `j` is an object holding it, else a null value.
JsonValue JsonGet(const JsonValue& j, std::string_view key);
// A number or numeric string member as tenths (7.5 -> 75), else -1.
int JsonScoreTenths(const JsonValue& j, std::string_view key);
// A probability in [0, 1] (number or numeric string, as EPSS values are
// written) as an integer x100000, rounded half up; -1 when absent or invalid.
int JsonProbability5(const JsonValue& j, std::string_view key);

// Record-stream paths (core/import/json/json_records.h): the path of the
// containing value ("$.a[].b" -> "$.a[]") and the last member key
// ("$.a[].b" -> "b"); "" for the root.
std::string JsonPathParent(const std::string& path);
std::string JsonPathKey(const std::string& path);

}  // namespace exposure

#endif  // CORE_IMPORTERS_JSON_UTIL_H_
