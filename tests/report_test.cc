#include "core/render/json_report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "core/base/spill.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::ReadFile;
using testing::SourceDir;

std::string TwoFileReport(size_t chunk) {
  std::string nessus;
  std::string trivy;
  EXPECT_TRUE(ReadFile(SourceDir() + "/examples/host-scan.nessus", &nessus));
  EXPECT_TRUE(
      ReadFile(SourceDir() + "/examples/webapp-image.trivy.json", &trivy));
  Analyzer a;
  testing::FeedInChunks(&a, "host-scan.nessus", nessus, chunk);
  testing::FeedInChunks(&a, "webapp-image.trivy.json", trivy, chunk);
  return a.ReportJson();
}

// Two inputs correlated in one analysis: the report does not depend on the
// chunks they came in (the suite checks single inputs).
TEST(Report, TwoInputsGiveTheSameReportForAnyChunking) {
  EXPECT_EQ(TwoFileReport(1 << 20), TwoFileReport(999));
}

// A report pulled piece by piece is the report: same bytes, in pieces of
// about ReportStream::kPieceBytes, each ending after a whole element.
TEST(Report, StreamPiecesAreTheReport) {
  Analyzer a;
  testing::FeedInChunks(&a, "big.nessus", testing::BigNessus(600), 1 << 16);
  for (ReportDetail detail : {ReportDetail::kFull, ReportDetail::kTable}) {
    std::string whole;
    ASSERT_TRUE(a.WriteReportJson(
                     [&whole](std::string_view p) { whole.append(p); }, detail)
                    .ok());
    std::unique_ptr<Analyzer::Report> report = a.OpenReport(detail);
    std::string joined;
    size_t pieces = 0;
    std::vector<size_t> sizes;
    for (std::string_view p = report->Next(); !p.empty(); p = report->Next()) {
      ++pieces;
      sizes.push_back(p.size());
      EXPECT_LT(p.size(), ReportStream::kPieceBytes + 16 * 1024);
      // A piece ends after an element (its closing brace), or the report's
      // newline.
      EXPECT_TRUE(p.back() == '}' || p.back() == '\n') << pieces;
      joined.append(p);
    }
    for (size_t i = 0; i + 1 < sizes.size(); ++i)
      EXPECT_GE(sizes[i], ReportStream::kPieceBytes)
          << "only the last is short";
    EXPECT_TRUE(report->Next().empty()) << "an ended report stays ended";
    EXPECT_TRUE(report->status().ok());
    EXPECT_GE(pieces, detail == ReportDetail::kFull ? 4u : 2u);
    EXPECT_TRUE(joined == whole) << "the streamed report differs";
  }
}

// A stream may be dropped before its end, and several may be open at once:
// each renders from its own state.
TEST(Report, StreamsAreIndependent) {
  Analyzer a;
  testing::FeedInChunks(&a, "big.nessus", testing::BigNessus(300), 1 << 16);
  const std::string whole = a.ReportJson();
  std::unique_ptr<Analyzer::Report> dropped = a.OpenReport();
  ASSERT_FALSE(dropped->Next().empty());
  std::unique_ptr<Analyzer::Report> first = a.OpenReport();
  std::unique_ptr<Analyzer::Report> second = a.OpenReport();
  std::string one;
  std::string two;
  for (bool more = true; more;) {
    std::string_view p = first->Next();
    std::string_view q = second->Next();
    one.append(p);
    two.append(q);
    more = !p.empty() || !q.empty();
  }
  dropped.reset();
  EXPECT_TRUE(one == whole);
  EXPECT_TRUE(two == whole);
}

// Two reports of a spilling analysis open at once each keep their sort
// runs in the spill space: the first one closed must not take the other's
// with its own.
TEST(Report, SpilledStreamsOpenAtOnceBothComplete) {
  Analyzer a;
  a.SetSpill(std::make_unique<MemorySpill>(), 64 * 1024);
  testing::FeedInChunks(&a, "big.nessus", testing::BigNessus(600), 1 << 16);
  const std::string whole = a.ReportJson();
  std::unique_ptr<Analyzer::Report> first = a.OpenReport();
  std::unique_ptr<Analyzer::Report> second = a.OpenReport();
  std::string one;
  for (std::string_view p = first->Next(); !p.empty(); p = first->Next())
    one.append(p);
  EXPECT_TRUE(first->status().ok());
  first.reset();
  std::string two;
  for (std::string_view p = second->Next(); !p.empty(); p = second->Next())
    two.append(p);
  EXPECT_TRUE(second->status().ok()) << second->status().message();
  EXPECT_TRUE(one == whole);
  EXPECT_TRUE(two == whole) << "the second report lost its runs";
  second.reset();
  // Both gone: the next report still reads what the spill space holds.
  EXPECT_TRUE(a.ReportJson() == whole);
}

TEST(Report, ShapeAndSummary) {
  nlohmann::json r = nlohmann::json::parse(TwoFileReport(1 << 20));
  EXPECT_EQ(r["schema"], "exposure-lens/report/v2");
  ASSERT_EQ(r["inputs"].size(), 2u);
  EXPECT_EQ(r["inputs"][0]["format"], "nessus");
  EXPECT_EQ(r["inputs"][1]["format"], "trivy");
  const auto& s = r["summary"];
  for (const char* sev : {"critical", "high", "medium", "low", "info"}) {
    EXPECT_TRUE(s["by_severity"].contains(sev)) << sev;
  }
  uint64_t total = 0;
  for (const auto& [k, v] : s["by_severity"].items())
    total += v.get<uint64_t>();
  EXPECT_EQ(total, s["findings"].get<uint64_t>());
  EXPECT_EQ(r["findings"].size(), s["findings"].get<size_t>());
  EXPECT_EQ(r["assets"].size(), s["assets"].get<size_t>());
  EXPECT_EQ(s["findings"].get<uint64_t>(),
            r["inputs"][0]["findings"].get<uint64_t>() +
                r["inputs"][1]["findings"].get<uint64_t>());

  // Ids are unique, findings are ordered by risk (highest first), and every
  // finding's asset exists.
  std::set<std::string> ids;
  std::set<std::string> asset_ids;
  for (const auto& a : r["assets"])
    asset_ids.insert(a["id"]);
  // Explanations are listed once, numbered in the order findings first
  // use them, and agree with the numbers each finding carries.
  std::map<std::string, nlohmann::json> priorities;
  for (const auto& p : r["priorities"]) {
    std::string id = p["id"].get<std::string>();
    EXPECT_EQ(id, "p-" + std::to_string(priorities.size() + 1));
    priorities[id] = p;
  }
  EXPECT_GT(priorities.size(), 1u);
  EXPECT_LT(priorities.size(), r["findings"].size());
  std::set<std::string> used;
  int prev = 1000;
  for (const auto& f : r["findings"]) {
    EXPECT_TRUE(ids.insert(f["id"].get<std::string>()).second) << f["id"];
    EXPECT_TRUE(asset_ids.count(f["asset"].get<std::string>()));
    int risk = f["risk"].get<int>();
    EXPECT_LE(risk, prev);
    prev = risk;
    EXPECT_TRUE(f.contains("epss"));
    std::string pid = f["priority"].get<std::string>();
    ASSERT_TRUE(priorities.count(pid)) << pid;
    if (used.insert(pid).second) {
      EXPECT_EQ(used.size(), std::stoul(pid.substr(2))) << "first use order";
    }
    const nlohmann::json& p = priorities[pid];
    EXPECT_EQ(p["risk"]["score"], f["risk"]);
    EXPECT_EQ(p["kev"], f["kev"]);
    EXPECT_EQ(p["epss"], f["epss"]);
    EXPECT_EQ(p["ssvc"]["decision"], f["decision"]);
    EXPECT_EQ(p["ssvc"]["cisa"], f["cisa"]);
    EXPECT_EQ(p["due"], f["due"]);
    int sum = 0;
    for (const auto& factor : p["risk"]["factors"])
      sum += factor["points"].get<int>();
    EXPECT_EQ(std::min(sum, 1000), risk);
  }
  EXPECT_EQ(used.size(), priorities.size());
}

TEST(Report, AssetsMergeAcrossFiles) {
  std::string nessus;
  ASSERT_TRUE(ReadFile(SourceDir() + "/examples/host-scan.nessus", &nessus));
  Analyzer a;
  testing::FeedInChunks(&a, "first.nessus", nessus, 1 << 20);
  testing::FeedInChunks(&a, "second.nessus", nessus, 1 << 20);
  const Store& s = a.store();
  EXPECT_EQ(s.inputs()[0].assets.size(), s.assets().size());
  EXPECT_EQ(s.inputs()[1].assets.size(), s.assets().size());
  EXPECT_EQ(s.findings().size(), 2 * s.inputs()[0].findings);
  nlohmann::json r = nlohmann::json::parse(a.ReportJson());
  // The same record from two files is two findings with distinct ids.
  std::set<std::string> ids;
  for (const auto& f : r["findings"])
    ids.insert(f["id"].get<std::string>());
  EXPECT_EQ(ids.size(), s.findings().size());
}

TEST(Report, UnknownAndBrokenInputsDoNotAffectOthers) {
  std::string trivy;
  ASSERT_TRUE(
      ReadFile(CorpusDir() + "/trivy/scheme_2_many_vulns.json", &trivy));
  Analyzer alone;
  testing::FeedInChunks(&alone, "t.json", trivy, 4096);
  Analyzer mixed;
  testing::FeedInChunks(&mixed, "junk.bin", "\x01\x02garbage", 4096);
  testing::FeedInChunks(&mixed, "t.json", trivy, 4096);
  testing::FeedInChunks(&mixed, "bad.nessus",
                        "<NessusClientData_v2><Report><ReportHost>", 4096);
  const auto& ins = mixed.store().inputs();
  ASSERT_EQ(ins.size(), 3u);
  EXPECT_EQ(ins[0].format, "");
  ASSERT_EQ(ins[0].errors.size(), 1u);
  EXPECT_NE(ins[0].errors[0].message.find("not a supported format"),
            std::string::npos);
  EXPECT_TRUE(ins[1].errors.empty());
  EXPECT_EQ(ins[1].findings, alone.store().inputs()[0].findings);
  ASSERT_EQ(ins[2].errors.size(), 1u);
  EXPECT_NE(ins[2].errors[0].message.find("bad.nessus: nessus: "),
            std::string::npos);
}

TEST(Report, InputJsonIsTheReportsInputEntry) {
  Analyzer a;
  testing::FeedInChunks(&a, "junk", "nothing", 10);
  nlohmann::json in = nlohmann::json::parse(RenderInputJson(a.store(), 0));
  nlohmann::json r = nlohmann::json::parse(a.ReportJson());
  EXPECT_EQ(in, r["inputs"][0]);
}

}  // namespace
}  // namespace exposure
