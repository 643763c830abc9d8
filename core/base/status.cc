#include "core/base/status.h"

namespace exposure {

std::string Location::ToString() const {
  std::string out;
  if (!known())
    return out;
  if (line != 0) {
    out = "line " + std::to_string(line);
    if (column != 0)
      out += ", column " + std::to_string(column);
    out += " (byte " + std::to_string(byte_offset) + ")";
  } else {
    out = "byte " + std::to_string(byte_offset);
  }
  return out;
}

}  // namespace exposure
