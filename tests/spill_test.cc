// Spilling must never change a report: every corpus file, and all of them
// in one analysis, give the same bytes with a budget small enough to spill
// blocks of findings, fill the dictionary and sort in runs, as without.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "core/base/spill.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::FeedInChunks;
using testing::ReadFile;
using testing::ReportFor;
using testing::SpilledReportFor;

std::vector<std::string> CorpusFiles() {
  std::vector<std::string> files;
  std::ifstream in(CorpusDir() + "/MANIFEST.tsv");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    size_t tab1 = line.find('\t');
    size_t tab2 = line.find('\t', tab1 + 1);
    if (tab1 == std::string::npos || tab2 == std::string::npos)
      continue;
    files.push_back(line.substr(0, tab1) + "/" +
                    line.substr(tab1 + 1, tab2 - tab1 - 1));
  }
  return files;
}

TEST(Spill, EveryCorpusFileGivesTheSameReport) {
  std::vector<std::string> files = CorpusFiles();
  ASSERT_GT(files.size(), 300u);
  size_t spilled_files = 0;
  for (const std::string& file : files) {
    std::string data;
    ASSERT_TRUE(ReadFile(CorpusDir() + "/" + file, &data)) << file;
    uint64_t spilled = 0;
    // 16 KiB: findings in blocks of 4 KiB, a 2 KiB dictionary, runs of
    // 8 KiB.
    std::string report = SpilledReportFor(file, data, 16 * 1024, &spilled);
    ASSERT_EQ(report, ReportFor(file, data, 64 * 1024)) << file;
    spilled_files += spilled > 0 ? 1 : 0;
  }
  // Most files are small; the larger ones must have spilled.
  EXPECT_GT(spilled_files, 50u);
}

TEST(Spill, AllCorpusFilesInOneAnalysisGiveTheSameReport) {
  Analyzer plain;
  Analyzer spilling;
  auto spill = std::make_unique<MemorySpill>();
  MemorySpill* space = spill.get();
  spilling.SetSpill(std::move(spill), 256 * 1024);
  for (const std::string& file : CorpusFiles()) {
    std::string data;
    ASSERT_TRUE(ReadFile(CorpusDir() + "/" + file, &data)) << file;
    FeedInChunks(&plain, file, data, 64 * 1024);
    FeedInChunks(&spilling, file, data, 64 * 1024);
  }
  const uint64_t table = space->size();
  EXPECT_GT(table, size_t{1} << 20);
  std::string a;
  std::string b;
  ASSERT_TRUE(
      plain.WriteReportJson([&a](std::string_view p) { a.append(p); }).ok());
  ASSERT_TRUE(
      spilling.WriteReportJson([&b](std::string_view p) { b.append(p); }).ok());
  EXPECT_EQ(a.size(), b.size());
  EXPECT_TRUE(a == b) << "the reports differ";
  // The report's runs were given back; the spilled findings stay, so the
  // report can be written again (the dashboard re-prioritizes).
  EXPECT_EQ(space->size(), table);
  std::string again;
  ASSERT_TRUE(
      spilling
          .WriteReportJson([&again](std::string_view p) { again.append(p); })
          .ok());
  EXPECT_TRUE(again == b);
}

// Reads fail once the findings are in: the report must say it is
// incomplete, never pass for a complete one.
TEST(Spill, AnUnreadableSpillMakesTheReportAnError) {
  std::string data;
  ASSERT_TRUE(
      ReadFile(CorpusDir() + "/tenable/nessus/nessus_v_unknown.xml", &data));
  Analyzer a;
  auto spill = std::make_unique<testing::FailingReadsSpill>();
  testing::FailingReadsSpill* space = spill.get();
  a.SetSpill(std::move(spill), 16 * 1024);
  FeedInChunks(&a, "scan.nessus", data, 64 * 1024);
  ASSERT_GT(space->size(), 0u);
  space->broken = true;
  std::string out;
  Status s = a.WriteReportJson([&out](std::string_view p) { out.append(p); });
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("device gone"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace exposure
