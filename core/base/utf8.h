// UTF-8 encoding helpers.
#ifndef CORE_BASE_UTF8_H_
#define CORE_BASE_UTF8_H_

#include <cstdint>
#include <string>

namespace exposure {

// Appends the UTF-8 encoding of code point `cp`. NUL, surrogates and values
// above U+10FFFF are not characters and become U+FFFD.
void AppendUtf8(uint32_t cp, std::string* out);

}  // namespace exposure

#endif  // CORE_BASE_UTF8_H_
