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
#include "native/thread_runner.h"
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

// The default layout has each element of the root object's lists on a
// line of its own; --pretty's indented layout holds the same tokens.
TEST(Report, LayoutsHoldTheSameReport) {
  Analyzer a;
  testing::FeedInChunks(&a, "big.nessus", testing::BigNessus(50), 1 << 16);
  std::string nessus;
  ASSERT_TRUE(ReadFile(SourceDir() + "/examples/host-scan.nessus", &nessus));
  testing::FeedInChunks(&a, "host-scan.nessus", nessus, 1 << 16);
  const std::string lines = a.ReportJson();
  const std::string indented = a.ReportJson(ReportLayout::kIndented);
  EXPECT_LT(lines.size(), indented.size() * 4 / 5);
  EXPECT_EQ(testing::StripJsonSpace(lines), testing::StripJsonSpace(indented));
  EXPECT_EQ(nlohmann::json::parse(lines), nlohmann::json::parse(indented));
  // Every line but the first and the closing brackets is one element.
  size_t elements = 0;
  size_t line_no = 0;
  for (size_t at = 0; at < lines.size();) {
    const size_t end = lines.find('\n', at);
    ASSERT_NE(end, std::string::npos) << "the report ends in a newline";
    std::string line = lines.substr(at, end - at);
    at = end + 1;
    if (++line_no == 1 || line.empty() || line[0] == ']')
      continue;
    if (line.back() == ',')
      line.pop_back();
    EXPECT_FALSE(nlohmann::json::parse(line, nullptr, false).is_discarded())
        << "line " << line_no << ": " << line.substr(0, 120);
    ++elements;
  }
  const nlohmann::json r = nlohmann::json::parse(lines);
  size_t listed = 0;
  for (const auto& [key, value] : r.items()) {
    if (value.is_array())
      listed += value.size();
  }
  EXPECT_EQ(elements, listed);
}

// A Trivy report of `n` vulnerabilities, each its own CVE, rule and (by
// its CVSS vector) nearly always its own assessment class: long rules and
// priorities lists.
std::string ManyRulesTrivy(int n) {
  static const char* const kAv[] = {"N", "A", "L", "P"};
  static const char* const kLevel[] = {"N", "L", "H"};
  std::string out =
      R"j({"SchemaVersion":2,"ArtifactName":"many:1","ArtifactType":)j"
      R"j("container_image","Results":[{"Target":"many:1 (debian 12)",)j"
      R"j("Class":"os-pkgs","Type":"debian","Vulnerabilities":[)j";
  for (int i = 0; i < n; ++i) {
    const std::string vector =
        std::string("CVSS:3.1/AV:") + kAv[i % 4] +
        "/AC:" + (i / 4 % 2 ? "H" : "L") + "/PR:" + kLevel[i / 8 % 3] +
        "/UI:" + (i / 24 % 2 ? "R" : "N") + "/S:" + (i / 48 % 2 ? "C" : "U") +
        "/C:" + kLevel[i / 96 % 3] + "/I:" + kLevel[i / 288 % 3] +
        "/A:" + kLevel[i / 864 % 3];
    if (i > 0)
      out += ",";
    out += R"j({"VulnerabilityID":"CVE-2099-)j" + std::to_string(10000 + i) +
           R"j(","PkgName":"pkg)j" + std::to_string(i % 97) +
           R"j(","InstalledVersion":"1.0","FixedVersion":"1.)j" +
           std::to_string(i % 5 + 1) + R"j(","Severity":")j" +
           (i % 3 ? "HIGH" : "MEDIUM") + R"j(","Title":"flaw )j" +
           std::to_string(i) + R"j(","Description":"a \"quoted\" text )j" +
           std::to_string(i) + R"j(","CVSS":{"nvd":{"V3Vector":")j" + vector +
           R"j("}}})j";
  }
  return out + "]}]}";
}

// Threads render the long lists in batches (ReportStream::StepBatch): the
// bytes are those of one thread, for every detail and layout, also when
// findings are spilled (their records then travel with the order) and
// when there are more threads than elements in a batch's tasks.
TEST(Report, ThreadsGiveTheSameBytes) {
  std::string trivy;
  ASSERT_TRUE(
      ReadFile(SourceDir() + "/examples/webapp-image.trivy.json", &trivy));
  for (const bool spill : {false, true}) {
    Analyzer a;
    if (spill)
      a.SetSpill(std::make_unique<MemorySpill>(), 64 * 1024);
    // Enough findings, rules and priorities for several batches.
    testing::FeedInChunks(&a, "big.nessus", testing::BigNessus(150), 1 << 16);
    testing::FeedInChunks(&a, "many.json", ManyRulesTrivy(2600), 1 << 16);
    testing::FeedInChunks(&a, "webapp-image.trivy.json", trivy, 1 << 16);
    const Assessment assessment = a.Assess();
    const Plan plan = a.MakePlan(assessment);
    const PathReport paths = a.AttackPaths(assessment, plan);
    for (ReportDetail detail : {ReportDetail::kFull, ReportDetail::kTable}) {
      for (ReportLayout layout :
           {ReportLayout::kLines, ReportLayout::kIndented}) {
        auto render = [&](const TaskRunner* runner) {
          std::string out;
          EXPECT_TRUE(RenderJsonReport(
                          a.store(), assessment,
                          [&out](std::string_view p) { out.append(p); }, detail,
                          &plan, &paths, layout, runner)
                          .ok());
          return out;
        };
        const std::string one = render(nullptr);
        ASSERT_GT(a.store().findings().size(), 5000u);
        if (detail == ReportDetail::kFull && layout == ReportLayout::kLines) {
          const nlohmann::json r = nlohmann::json::parse(one);
          ASSERT_GT(r["rules"].size(), 2048u) << "several batches of rules";
          ASSERT_GT(r["priorities"].size(), 2048u);
        }
        for (size_t threads : {2, 3, 300}) {
          const ThreadRunner runner(threads);
          EXPECT_TRUE(render(&runner) == one)
              << "spill " << spill << ", detail " << static_cast<int>(detail)
              << ", layout " << static_cast<int>(layout) << ", " << threads
              << " threads";
        }
      }
    }
  }
}

TEST(Report, ShapeAndSummary) {
  nlohmann::json r = nlohmann::json::parse(TwoFileReport(1 << 20));
  EXPECT_EQ(r["schema"], "exposure-lens/report/v3");
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
