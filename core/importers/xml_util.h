// Small pieces every XML importer needs, written once.
#ifndef CORE_IMPORTERS_XML_UTIL_H_
#define CORE_IMPORTERS_XML_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/import/xml/xml_tokenizer.h"

namespace exposure {

// The value of attribute `name`, or "" when the element has none.
std::string XmlAttr(const std::vector<XmlAttribute>& attrs,
                    std::string_view name);

// In a stack of open element names (innermost last): the one `up` levels
// above the innermost (0 is the innermost itself), or "" past the root.
const std::string& XmlParent(const std::vector<std::string>& stack, size_t up);

// The error for a document whose root element is `found` instead of
// `expected` (which may list alternatives, e.g. "<a> or <b>").
Status UnexpectedRoot(std::string_view expected, std::string_view found);

}  // namespace exposure

#endif  // CORE_IMPORTERS_XML_UTIL_H_
