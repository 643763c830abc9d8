// Fuzzes gzip and zstd stream decoding: any bytes, any chunking. Output is
// bounded by the decoder's limit and the same for every chunking.
#include <cstdlib>
#include <string>

#include "core/import/decompress.h"
#include "fuzz/fuzz_util.h"

namespace {

// Decodes `doc` (fed in `chunk`-byte pieces); returns the output hash and
// whether decoding succeeded.
bool Decode(std::string_view doc,
            size_t chunk,
            uint64_t* hash,
            uint64_t* bytes) {
  exposure::Compression c = exposure::DetectCompression(doc);
  if (c == exposure::Compression::kNone)
    c = exposure::Compression::kGzip;  // also feed non-gzip data to gzip
  exposure::DecompressLimits limits;
  limits.max_output_bytes = 64 << 20;
  limits.max_zstd_window_log = 24;
  auto decoder = exposure::Decompressor::Create(c, limits);
  *hash = 1469598103934665603ULL;
  *bytes = 0;
  auto sink = [&](std::string_view piece) {
    for (unsigned char ch : piece)
      *hash = (*hash ^ ch) * 1099511628211ULL;
    *bytes += piece.size();
    return exposure::Status::Ok();
  };
  for (size_t off = 0; off < doc.size(); off += chunk) {
    if (!decoder->Feed(doc.substr(off, chunk), sink).ok())
      return false;
  }
  return decoder->Finish(sink).ok();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0)
    return 0;
  size_t chunk = static_cast<size_t>(data[0]) + 1;
  std::string_view doc(reinterpret_cast<const char*>(data) + 1, size - 1);
  uint64_t h1, n1, h2, n2;
  bool ok1 = Decode(doc, chunk, &h1, &n1);
  bool ok2 = Decode(doc, doc.size() + 1, &h2, &n2);
  if (ok1 != ok2 || (ok1 && (h1 != h2 || n1 != n2)))
    std::abort();
  return 0;
}
