// Helpers shared by the core tests: reading fixture files and feeding
// analyzers in chunks. (Tests may do file I/O; the core may not.)
#ifndef TESTS_TEST_UTIL_H_
#define TESTS_TEST_UTIL_H_

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "core/app/analyzer.h"

namespace exposure::testing {

inline std::string SourceDir() {
  return EXPOSURE_SOURCE_DIR;
}
inline std::string CorpusDir() {
  return SourceDir() + "/../shared/corpus";
}

inline bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

inline bool WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
  return static_cast<bool>(out);
}

// Feeds `data` as input `name` in chunks of `chunk` bytes.
inline void FeedInChunks(Analyzer* a,
                         const std::string& name,
                         std::string_view data,
                         size_t chunk) {
  a->BeginFile(name);
  for (size_t off = 0; off < data.size(); off += chunk) {
    a->Feed(data.substr(off, chunk));
  }
  a->EndFile();
}

// The report for one in-memory input.
inline std::string ReportFor(const std::string& name,
                             std::string_view data,
                             size_t chunk = 1 << 20) {
  Analyzer a;
  FeedInChunks(&a, name, data, chunk);
  return a.ReportJson();
}

// Compares the report of `input_path` (read whole, fed in 64 KiB chunks and
// named `report_name`) with the golden file `golden_rel` under
// tests/golden/. With EXPOSURE_UPDATE_GOLDEN=1 in the environment the golden
// file is rewritten instead; review the diff before committing it.
::testing::AssertionResult MatchesGolden(const std::string& input_path,
                                         const std::string& report_name,
                                         const std::string& golden_rel);

}  // namespace exposure::testing

#endif  // TESTS_TEST_UTIL_H_
