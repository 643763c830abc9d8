// Shared by the fuzzers: splits one input into chunks so every fuzz run
// also exercises token boundaries falling at arbitrary places.
#ifndef FUZZ_FUZZ_UTIL_H_
#define FUZZ_FUZZ_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

namespace exposure::fuzz {

// The first byte (when present) picks a chunk size of 1..256 bytes; the rest
// is the document, fed chunk by chunk to `feed`.
inline void FeedChunked(const uint8_t* data,
                        size_t size,
                        const std::function<bool(std::string_view)>& feed) {
  size_t chunk = size > 0 ? static_cast<size_t>(data[0]) + 1 : 1;
  std::string_view doc(reinterpret_cast<const char*>(data), size);
  if (!doc.empty())
    doc.remove_prefix(1);
  for (size_t off = 0; off < doc.size(); off += chunk) {
    if (!feed(doc.substr(off, chunk)))
      return;
  }
}

}  // namespace exposure::fuzz

#endif  // FUZZ_FUZZ_UTIL_H_
