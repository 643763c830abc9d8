// Hexadecimal digits and %XX escapes, shared by the JSON tokenizer, purl
// and BOM-Link parsing.
#ifndef CORE_BASE_HEX_H_
#define CORE_BASE_HEX_H_

#include <string>
#include <string_view>

namespace exposure {

// The value of a hexadecimal digit (either case), -1 for any other char.
int HexDigitValue(char c);

// `s` with its %XX escapes decoded (URLs, purls); a malformed escape is
// kept as written.
std::string PercentDecode(std::string_view s);

}  // namespace exposure

#endif  // CORE_BASE_HEX_H_
