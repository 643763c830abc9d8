// Fuzzes the whole import path: sniffing, every importer, correlation and
// the report. Whatever the input, the report must be valid JSON whose counts
// agree with the inputs.
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/app/analyzer.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  exposure::Analyzer analyzer;
  analyzer.BeginFile("fuzz");
  exposure::fuzz::FeedChunked(data, size, [&](std::string_view chunk) {
    analyzer.Feed(chunk);
    return true;
  });
  const exposure::Input& input = analyzer.EndFile();
  nlohmann::json report =
      nlohmann::json::parse(analyzer.ReportJson(), nullptr, false);
  if (report.is_discarded())
    std::abort();
  if (report["summary"]["findings"].get<uint64_t>() != input.findings) {
    std::abort();
  }
  if (report["findings"].size() != input.findings)
    std::abort();
  return 0;
}
