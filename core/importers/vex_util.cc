#include "core/importers/vex_util.h"

#include <algorithm>
#include <utility>

#include "core/base/strings.h"
#include "core/base/time.h"

namespace exposure {

VexProduct VexProductOfId(std::string_view id) {
  VexProduct p;
  id = Trim(id);
  if (id.size() > 4 && EqualsIgnoreCase(id.substr(0, 4), "pkg:")) {
    p.purl = std::string(id);
  } else if (id.size() > 4 && EqualsIgnoreCase(id.substr(0, 4), "cpe:")) {
    p.cpe = std::string(id);
  } else {
    p.name = std::string(id);
  }
  return p;
}

void AddVexProduct(std::vector<VexProduct>* products, VexProduct p) {
  if (p.purl.empty() && p.cpe.empty() && p.name.empty())
    return;
  const bool listed = std::any_of(
      products->begin(), products->end(), [&p](const VexProduct& q) {
        return q.purl == p.purl && q.cpe == p.cpe && q.name == p.name &&
               q.version == p.version && q.range == p.range;
      });
  if (!listed)
    products->push_back(std::move(p));
}

std::string VexTimestamp(std::string_view text) {
  text = Trim(text);
  std::string t = NormalizeIso8601(text);
  if (!t.empty())
    return t;
  if (text.size() == 10 && AddDays(text, 0) == text)
    return std::string(text) + "T00:00:00Z";
  return std::string();
}

void AppendVexText(std::string* out,
                   std::string_view text,
                   std::string_view separator) {
  text = Trim(text);
  if (text.empty())
    return;
  if (!out->empty())
    out->append(separator);
  out->append(text);
}

}  // namespace exposure
