// Fuzzes the streaming XML tokenizer: any bytes, any chunking. Checks that
// element events stay balanced and that a successful parse closes every
// element it opened.
#include <cstdlib>
#include <vector>

#include "core/import/xml/xml_tokenizer.h"
#include "fuzz/fuzz_util.h"

namespace {

class Checker : public exposure::XmlHandler {
 public:
  exposure::Status StartElement(
      std::string_view name,
      const std::vector<exposure::XmlAttribute>& attributes) override {
    if (name.empty())
      std::abort();
    for (const auto& a : attributes) {
      if (a.name.empty())
        std::abort();
    }
    ++depth;
    return exposure::Status::Ok();
  }
  exposure::Status EndElement(std::string_view) override {
    if (depth == 0)
      std::abort();
    --depth;
    return exposure::Status::Ok();
  }
  exposure::Status Text(std::string_view) override {
    if (depth == 0)
      std::abort();  // text is only reported inside elements
    return exposure::Status::Ok();
  }
  size_t depth = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Checker checker;
  exposure::XmlLimits limits;
  limits.max_token_bytes = 1 << 16;
  exposure::XmlTokenizer xml(&checker, limits);
  bool ok = true;
  exposure::fuzz::FeedChunked(data, size, [&](std::string_view chunk) {
    ok = xml.Feed(chunk).ok();
    return ok;
  });
  if (ok && xml.Finish().ok() && checker.depth != 0)
    std::abort();
  return 0;
}
