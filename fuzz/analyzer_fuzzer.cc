// Fuzzes the whole import path: sniffing, every importer, correlation and
// the report. Whatever the input, the report must be valid JSON, and
// analyzing it again with an 8 KiB memory budget (findings spilled, the
// dictionary full, the report sorted in runs) must give the same bytes. The
// table detail of the spilled analysis must be valid JSON, one line per
// element, whose counts agree with the inputs. Limits (Analyzer::SetLimits)
// at exactly what the input needs change nothing; one finding or one byte
// less is reported as passed.
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/app/analyzer.h"
#include "core/base/spill.h"
#include "fuzz/fuzz_util.h"

namespace {

struct Limits {
  uint64_t bytes = 0;
  uint64_t findings = 0;
};

std::string Analyze(const uint8_t* data,
                    size_t size,
                    bool spill,
                    uint64_t* findings,
                    std::string* table = nullptr,
                    Limits limits = {},
                    uint64_t* plain_bytes = nullptr,
                    std::string* exceeded = nullptr) {
  exposure::Analyzer analyzer;
  if (spill)
    analyzer.SetSpill(std::make_unique<exposure::MemorySpill>(), 8 * 1024);
  analyzer.SetLimits(limits.bytes, limits.findings);
  analyzer.BeginFile("fuzz");
  exposure::fuzz::FeedChunked(data, size, [&](std::string_view chunk) {
    analyzer.Feed(chunk);
    return true;
  });
  const exposure::Input& input = analyzer.EndFile();
  *findings = input.findings;
  if (plain_bytes != nullptr)
    *plain_bytes = input.bytes;
  if (exceeded != nullptr)
    *exceeded = analyzer.LimitExceeded();
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
  uint64_t plain = 0;
  const std::string text =
      Analyze(data, size, false, &findings, nullptr, {}, &plain);
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

  // The store holds at most the findings the input gave (some merge).
  const uint64_t held = rows["summary"]["findings"].get<uint64_t>();
  std::string exceeded;
  uint64_t ignored = 0;
  if (plain > 0) {
    const Limits exact{plain, held};
    if (Analyze(data, size, false, &ignored, nullptr, exact, nullptr,
                &exceeded) != text ||
        !exceeded.empty())
      std::abort();
  }
  // A limit of 0 is none, so one less is tried from 2 up.
  if (plain > 1) {
    (void)Analyze(data, size, false, &ignored, nullptr, {plain - 1, 0}, nullptr,
                  &exceeded);
    if (exceeded.find("decompressed bytes") == std::string::npos)
      std::abort();
  }
  if (held > 1) {
    (void)Analyze(data, size, false, &ignored, nullptr, {0, held - 1}, nullptr,
                  &exceeded);
    if (exceeded.find("findings per analysis") == std::string::npos)
      std::abort();
  }
  return 0;
}
