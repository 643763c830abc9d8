// Fuzzes the whole import path: sniffing, every importer, correlation and
// the report. Whatever the input, the report must be valid JSON, and
// analyzing it again with an 8 KiB memory budget (findings spilled, the
// dictionary full, the report sorted in runs) must give the same bytes. The
// table detail of the spilled analysis must be valid JSON, one line per
// element, whose counts agree with the inputs.
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/app/analyzer.h"
#include "core/base/spill.h"
#include "fuzz/fuzz_util.h"

namespace {

std::string Analyze(const uint8_t* data,
                    size_t size,
                    bool spill,
                    uint64_t* findings,
                    std::string* table = nullptr) {
  exposure::Analyzer analyzer;
  if (spill)
    analyzer.SetSpill(std::make_unique<exposure::MemorySpill>(), 8 * 1024);
  analyzer.BeginFile("fuzz");
  exposure::fuzz::FeedChunked(data, size, [&](std::string_view chunk) {
    analyzer.Feed(chunk);
    return true;
  });
  *findings = analyzer.EndFile().findings;
  std::string out;
  if (!analyzer.WriteReportJson([&out](std::string_view p) { out.append(p); })
           .ok())
    std::abort();  // a MemorySpill never fails to read back
  if (table != nullptr &&
      !analyzer
           .WriteReportJson([table](std::string_view p) { table->append(p); },
                            exposure::ReportDetail::kTable)
           .ok())
    std::abort();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  uint64_t findings = 0;
  const std::string text = Analyze(data, size, false, &findings);
  // The full report is only validated: it can be 40 times the input, and
  // building its tree took most of the time of such inputs. The counts are
  // checked in the table, the same report's projection.
  if (!nlohmann::json::accept(text))
    std::abort();
  uint64_t spilled_findings = 0;
  std::string table;
  if (Analyze(data, size, true, &spilled_findings, &table) != text)
    std::abort();
  nlohmann::json rows = nlohmann::json::parse(table, nullptr, false);
  if (rows.is_discarded() || rows["findings"].size() != findings ||
      rows["summary"]["findings"].get<uint64_t>() != findings)
    std::abort();
  // One line per input, asset, priority, finding and exposure of several
  // findings (JsonWriter::Style::kLines), plus the header and one per
  // section end and the report's end. No text inside them holds a raw
  // newline.
  size_t lines = 0;
  for (char c : table)
    lines += c == '\n' ? 1 : 0;
  const size_t elements = rows["inputs"].size() + rows["assets"].size() +
                          rows["priorities"].size() + findings +
                          rows["exposures"].size() + rows["actions"].size();
  size_t sections = 0;
  for (const char* k :
       {"inputs", "assets", "priorities", "findings", "exposures", "actions"})
    sections += rows[k].empty() ? 0 : 1;
  if (table.back() != '\n' || lines != 1 + elements + sections)
    std::abort();
  return 0;
}
