// The Jira CSV export, read back with a strict RFC 4180 reader: one issue
// per action in the plan's order, split into parts with a header each, and
// texts that neither run as formulas nor become wiki links or images.
#include "core/render/exports/jira_csv.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "core/render/export_view.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CountOccurrences;
using testing::ExportedAnalysis;
using testing::ParseCsv;
using testing::ReadFile;
using testing::SourceDir;
using testing::TrivyJson;
using testing::TrivyVuln;
using Rows = std::vector<std::vector<std::string>>;

const std::vector<std::string> kHeader = {
    "Summary", "Description", "Priority", "Due Date", "Labels",      "Labels",
    "Labels",  "Component",   "Assignee", "Owner",    "External ID",
};
enum Col {
  kSummary = 0,
  kDescription,
  kPriority,
  kDue,
  kLabel1,
  kLabel2,
  kLabel3,
  kComponent,
  kAssignee,
  kOwner,
  kExternalId
};

ExportedAnalysis::Inputs Examples() {
  ExportedAnalysis::Inputs inputs;
  for (const char* file : {"host-scan.nessus", "webapp-image.trivy.json"}) {
    std::string data;
    EXPECT_TRUE(ReadFile(SourceDir() + "/examples/" + file, &data)) << file;
    inputs.emplace_back(file, data);
  }
  return inputs;
}

// Every part of `out`, read back; fails the test on invalid CSV.
std::vector<Rows> ReadParts(const StringExportOutput& out) {
  std::vector<Rows> parts;
  for (const std::string& part : out.parts) {
    Rows rows;
    std::string error;
    EXPECT_TRUE(ParseCsv(part, &rows, &error)) << error;
    for (const auto& row : rows)
      EXPECT_EQ(row.size(), kHeader.size());
    parts.push_back(std::move(rows));
  }
  return parts;
}

const char* JiraPriority(DeployerPriority p) {
  switch (p) {
    case DeployerPriority::kImmediate:
      return "Highest";
    case DeployerPriority::kOutOfCycle:
      return "High";
    case DeployerPriority::kScheduled:
      return "Medium";
    case DeployerPriority::kDefer:
      return "Low";
  }
  return "";
}

TEST(JiraCsvExport, OneIssuePerActionInPlanOrder) {
  ExportedAnalysis analysis(Examples());
  const std::vector<Action>& actions = analysis.plan().actions;
  ASSERT_GE(actions.size(), 3u);
  StringExportOutput out;
  Status s = WriteJiraCsv(analysis.view(), &out);
  ASSERT_TRUE(s.ok()) << s.message();
  const std::vector<Rows> parts = ReadParts(out);
  ASSERT_EQ(parts.size(), 1u);
  const Rows& rows = parts[0];
  ASSERT_EQ(rows.size(), actions.size() + 1);
  EXPECT_EQ(rows[0], kHeader);
  for (size_t i = 0; i < actions.size(); ++i) {
    const Action& a = actions[i];
    const auto& row = rows[i + 1];
    ASSERT_EQ(row.size(), kHeader.size());
    EXPECT_EQ(row[kSummary], a.title);
    EXPECT_EQ(row[kExternalId], a.id);
    EXPECT_EQ(row[kPriority], JiraPriority(a.priority));
    EXPECT_EQ(row[kDue], a.due);
    EXPECT_EQ(row[kLabel1], "exposure-lens");
    EXPECT_EQ(row[kLabel2], ActionKindName(a.kind));
    EXPECT_EQ(row[kLabel3], a.kev > 0 ? "kev" : "");
    EXPECT_EQ(row[kAssignee], "");
    EXPECT_EQ(row[kOwner], a.owner);
    const std::string& d = row[kDescription];
    EXPECT_NE(d.find(std::string("Action: ") + ActionKindName(a.kind)),
              std::string::npos)
        << d;
    EXPECT_NE(d.find("Risk removed: " + std::to_string(a.risk_removed)),
              std::string::npos);
    EXPECT_NE(d.find("Findings (" + std::to_string(a.findings.size()) + "):"),
              std::string::npos);
    EXPECT_NE(d.find("Assets (" + std::to_string(a.assets.size()) + "):"),
              std::string::npos);
    // Small actions list every finding and asset.
    if (a.findings.size() <= 50 && a.assets.size() <= 50) {
      EXPECT_EQ(CountOccurrences(d, "\n* f-"), a.findings.size()) << d;
      EXPECT_EQ(d.find("\n* and "), std::string::npos);
    }
  }
  // The zlib upgrade names its versions and its CVE.
  bool zlib = false;
  for (size_t i = 1; i < rows.size(); ++i) {
    const std::string& d = rows[i][kDescription];
    if (rows[i][kComponent] != "zlib")
      continue;
    zlib = true;
    EXPECT_NE(d.find("Installed version: 1.2.12-r1\n"), std::string::npos);
    EXPECT_NE(d.find("Fixed version: 1.2.12-r2\n"), std::string::npos);
    EXPECT_NE(d.find("; CVE-2022-37434): "), std::string::npos) << d;
  }
  EXPECT_TRUE(zlib);
  // Every due date is YYYY-MM-DD.
  for (size_t i = 1; i < rows.size(); ++i) {
    const std::string& due = rows[i][kDue];
    if (!due.empty()) {
      ASSERT_EQ(due.size(), 10u);
      EXPECT_EQ(due[4], '-');
      EXPECT_EQ(due[7], '-');
    }
  }
}

TEST(JiraCsvExport, SplitsIntoPartsWithAHeaderEach) {
  ExportedAnalysis analysis(Examples());
  const std::vector<Action>& actions = analysis.plan().actions;
  ASSERT_GE(actions.size(), 3u);
  for (size_t limit : {size_t{1}, size_t{2}, actions.size() - 1, actions.size(),
                       actions.size() + 1}) {
    StringExportOutput out;
    Status s = WriteJiraCsvWithLimit(analysis.view(), &out, limit);
    ASSERT_TRUE(s.ok()) << s.message();
    const std::vector<Rows> parts = ReadParts(out);
    ASSERT_EQ(parts.size(), (actions.size() + limit - 1) / limit) << limit;
    std::vector<std::string> ids;
    for (const Rows& part : parts) {
      ASSERT_GE(part.size(), 2u);
      EXPECT_LE(part.size(), limit + 1);
      EXPECT_EQ(part[0], kHeader);
      for (size_t i = 1; i < part.size(); ++i)
        ids.push_back(part[i][kExternalId]);
    }
    // All actions, once each, in order.
    ASSERT_EQ(ids.size(), actions.size());
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
    for (size_t i = 0; i < ids.size(); ++i)
      EXPECT_EQ(ids[i], actions[i].id);
  }
  StringExportOutput out;
  EXPECT_FALSE(WriteJiraCsvWithLimit(analysis.view(), &out, 0).ok());
}

TEST(JiraCsvExport, LongListsEndWithACount) {
  // One package with 60 CVEs, all fixed by one upgrade, on 55 images.
  std::vector<TrivyVuln> vulns;
  for (int i = 0; i < 60; ++i) {
    char id[32];
    snprintf(id, sizeof(id), "CVE-2099-%04d", i);
    vulns.push_back(
        {id, "openssl", "1.0", "3.0", "openssl flaw " + std::to_string(i)});
  }
  ExportedAnalysis::Inputs inputs;
  inputs.emplace_back("big.trivy.json", TrivyJson("registry/big:1", vulns));
  for (int i = 0; i < 54; ++i) {
    inputs.emplace_back(
        "img" + std::to_string(i) + ".trivy.json",
        TrivyJson("registry/img" + std::to_string(i) + ":1",
                  {{"CVE-2099-0000", "openssl", "1.0", "3.0", "flaw"}}));
  }
  ExportedAnalysis analysis(inputs);
  ASSERT_EQ(analysis.plan().actions.size(), 1u);
  const Action& a = analysis.plan().actions[0];
  ASSERT_EQ(a.findings.size(), 60u + 54u);
  ASSERT_EQ(a.assets.size(), 55u);
  StringExportOutput out;
  ASSERT_TRUE(WriteJiraCsv(analysis.view(), &out).ok());
  const std::vector<Rows> parts = ReadParts(out);
  ASSERT_EQ(parts.size(), 1u);
  ASSERT_EQ(parts[0].size(), 2u);
  const std::string& d = parts[0][1][kDescription];
  EXPECT_NE(d.find("Findings (114):\n"), std::string::npos) << d;
  EXPECT_EQ(CountOccurrences(d, "\n* f-"), 50u);
  EXPECT_NE(d.find("\n* and 64 more\n"), std::string::npos);
  EXPECT_NE(d.find("Assets (55):\n"), std::string::npos);
  EXPECT_NE(d.find("\n* and 5 more\n"), std::string::npos);
  EXPECT_NE(d.find("Cumulative share of open risk"), std::string::npos);
  EXPECT_NE(d.find("100.0%"), std::string::npos);
  // Well within Jira's 32,767 characters.
  EXPECT_LT(d.size(), 32767u);
}

TEST(JiraCsvExport, HostileTextsAreDefused) {
  const std::vector<std::string> titles = {"=HYPERLINK(\"http://x\",\"y\")",
                                           "+1",
                                           "-2",
                                           "@SUM(1)",
                                           "\ttab",
                                           "[click here|http://evil.example/]",
                                           "!http://evil.example/pixel.png!",
                                           "{html}<b>x</b>{html}",
                                           "line\nh1. heading"};
  std::vector<TrivyVuln> vulns;
  for (size_t i = 0; i < titles.size(); ++i)
    vulns.push_back(
        {"CVE-2099-000" + std::to_string(i), "=pkg", "1", "2", titles[i]});
  ExportedAnalysis analysis({{"x.trivy.json", TrivyJson("@img", vulns)}});
  ASSERT_EQ(analysis.plan().actions.size(), 1u);
  StringExportOutput out;
  ASSERT_TRUE(WriteJiraCsv(analysis.view(), &out).ok());
  const std::vector<Rows> parts = ReadParts(out);
  ASSERT_EQ(parts.size(), 1u);
  for (const auto& row : parts[0]) {
    for (const std::string& cell : row) {
      if (cell.empty())
        continue;
      const char c = cell[0];
      EXPECT_TRUE(c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' &&
                  c != '\r')
          << "cell starts a formula: " << cell;
    }
  }
  const std::string& d = parts[0][1][kDescription];
  EXPECT_NE(d.find("\\[click here\\|http://evil.example/\\]"),
            std::string::npos)
      << d;
  EXPECT_NE(d.find("\\!http://evil.example/pixel.png\\!"), std::string::npos);
  EXPECT_NE(d.find("\\{html\\}"), std::string::npos);
  EXPECT_EQ(d.find("[click"), d.find("\\[click") + 1);
  EXPECT_EQ(d.find("\nh1."), std::string::npos);
  EXPECT_EQ(parts[0][1][kComponent], "'=pkg");
}

TEST(JiraCsvExport, NoActionsIsTheHeaderAlone) {
  ExportedAnalysis analysis(ExportedAnalysis::Inputs{});
  StringExportOutput out;
  ASSERT_TRUE(WriteJiraCsv(analysis.view(), &out).ok());
  const std::vector<Rows> parts = ReadParts(out);
  ASSERT_EQ(parts.size(), 1u);
  ASSERT_EQ(parts[0].size(), 1u);
  EXPECT_EQ(parts[0][0], kHeader);
}

}  // namespace
}  // namespace exposure
