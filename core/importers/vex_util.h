// What the VEX importers (OpenVEX, CycloneDX VEX, CSAF) share: how a
// product id and a statement's time are read into the model.
#ifndef CORE_IMPORTERS_VEX_UTIL_H_
#define CORE_IMPORTERS_VEX_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/model/model.h"

namespace exposure {

// A product named by one id: a purl ("pkg:..."), a CPE ("cpe:2.3:...",
// "cpe:/a:..."), else a name. Empty (all members "") for an empty id.
VexProduct VexProductOfId(std::string_view id);

// Adds `p` to `products` unless it is empty or listed already.
void AddVexProduct(std::vector<VexProduct>* products, VexProduct p);

// A statement's time as the latest-wins rule compares it: an ISO 8601
// date-time in UTC ("2023-12-05T11:04:34Z"; NormalizeIso8601, fractions of a
// second dropped), a date alone as its midnight UTC; "" for anything else,
// which counts as no time.
std::string VexTimestamp(std::string_view text);

// `text` joined to `*out` after `separator` (nothing when `text` is empty).
void AppendVexText(std::string* out,
                   std::string_view text,
                   std::string_view separator);

}  // namespace exposure

#endif  // CORE_IMPORTERS_VEX_UTIL_H_
