// UTF-8 encoding helpers.
#ifndef CORE_BASE_UTF8_H_
#define CORE_BASE_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace exposure {

// Appends the UTF-8 encoding of code point `cp`. NUL, surrogates and values
// above U+10FFFF are not characters and become U+FFFD.
void AppendUtf8(uint32_t cp, std::string* out);

// The length of the valid UTF-8 sequence starting at s[i] (1 to 4), or 0
// when there is none: a stray continuation byte, a truncated sequence, an
// overlong form, a surrogate or a value above U+10FFFF. Writers copy the
// sequence, or write U+FFFD for one byte and go on.
size_t Utf8SequenceLength(std::string_view s, size_t i);

}  // namespace exposure

#endif  // CORE_BASE_UTF8_H_
