// Helpers for content sniffers.
#ifndef CORE_IMPORTERS_SNIFF_UTIL_H_
#define CORE_IMPORTERS_SNIFF_UTIL_H_

#include <string_view>

namespace exposure {

// `head` without a UTF-8 BOM and leading whitespace.
std::string_view SkipBomAndSpace(std::string_view head);
// True if `head` holds `needle` (an exact byte match).
inline bool Contains(std::string_view head, std::string_view needle) {
  return head.find(needle) != std::string_view::npos;
}
// The name of the first element of an XML document (after the prolog,
// comments and DOCTYPE), or "" if not found in `head`.
std::string_view FirstXmlElement(std::string_view head);

}  // namespace exposure

#endif  // CORE_IMPORTERS_SNIFF_UTIL_H_
