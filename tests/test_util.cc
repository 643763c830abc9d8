#include "tests/test_util.h"

#include <cstdlib>

namespace exposure::testing {

namespace {

// A MemorySpill that tells its owner how much was written to it.
class CountingSpill : public MemorySpill {
 public:
  explicit CountingSpill(uint64_t* peak) : peak_(peak) {}
  Result<uint64_t> Append(std::string_view bytes) override {
    Result<uint64_t> at = MemorySpill::Append(bytes);
    if (peak_ != nullptr && size() > *peak_)
      *peak_ = size();
    return at;
  }

 private:
  uint64_t* peak_;
};

}  // namespace

std::string SpilledReportFor(const std::string& name,
                             std::string_view data,
                             size_t budget,
                             uint64_t* spilled) {
  if (spilled != nullptr)
    *spilled = 0;
  Analyzer a;
  a.SetSpill(std::make_unique<CountingSpill>(spilled), budget);
  FeedInChunks(&a, name, data, 64 * 1024);
  std::string out;
  Status s = a.WriteReportJson([&out](std::string_view p) { out.append(p); });
  if (!s.ok())
    return "report failed: " + s.message();
  return out;
}

::testing::AssertionResult MatchesGolden(const std::string& input_path,
                                         const std::string& report_name,
                                         const std::string& golden_rel) {
  std::string data;
  if (!ReadFile(input_path, &data)) {
    return ::testing::AssertionFailure() << "cannot read " << input_path;
  }
  std::string report = ReportFor(report_name, data, 64 * 1024);
  if (SpilledReportFor(report_name, data) != report) {
    return ::testing::AssertionFailure()
           << "the report of " << input_path
           << " differs when spilling with a 64 KiB budget";
  }
  std::string golden_path = SourceDir() + "/tests/golden/" + golden_rel;
  const char* update = std::getenv("EXPOSURE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    if (!WriteFile(golden_path, report)) {
      return ::testing::AssertionFailure() << "cannot write " << golden_path;
    }
    return ::testing::AssertionSuccess();
  }
  std::string golden;
  if (!ReadFile(golden_path, &golden)) {
    return ::testing::AssertionFailure()
           << "missing golden file " << golden_path
           << " (run with EXPOSURE_UPDATE_GOLDEN=1 to create it)";
  }
  if (golden != report) {
    // Point at the first differing line to keep failures readable.
    size_t i = 0;
    while (i < golden.size() && i < report.size() && golden[i] == report[i]) {
      ++i;
    }
    size_t line = 1;
    for (size_t k = 0; k < i; ++k)
      line += golden[k] == '\n';
    return ::testing::AssertionFailure()
           << golden_rel << " differs from the report of " << input_path
           << " at line " << line << " (EXPOSURE_UPDATE_GOLDEN=1 rewrites it)";
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult SameReportForAnyChunking(const std::string& path) {
  std::string data;
  if (!ReadFile(path, &data))
    return ::testing::AssertionFailure() << "cannot read " << path;
  std::string whole = ReportFor("input", data, data.size());
  for (size_t chunk : {1, 7, 4096}) {
    if (ReportFor("input", data, chunk) != whole) {
      return ::testing::AssertionFailure()
             << path << ": the report differs when fed in chunks of " << chunk
             << " bytes";
    }
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult ImportsAs(const std::string& path,
                                     const std::string& format,
                                     size_t findings) {
  std::string data;
  if (!ReadFile(path, &data))
    return ::testing::AssertionFailure() << "cannot read " << path;
  std::string name = path.substr(path.rfind('/') + 1);
  Analyzer a;
  FeedInChunks(&a, name, data, 4096);
  const Input& in = a.store().inputs().at(0);
  if (in.format != format) {
    return ::testing::AssertionFailure() << name << " read as \"" << in.format
                                         << "\", not \"" << format << "\"";
  }
  if (!in.errors.empty()) {
    return ::testing::AssertionFailure() << name << ": " << in.errors[0].message
                                         << " at " << in.errors[0].location;
  }
  if (in.findings != findings) {
    return ::testing::AssertionFailure()
           << name << " gives " << in.findings << " findings, not " << findings;
  }
  return ::testing::AssertionSuccess();
}

}  // namespace exposure::testing
