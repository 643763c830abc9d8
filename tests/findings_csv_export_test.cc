// The findings CSV export, read back with a strict RFC 4180 reader: one
// row per finding in the report's order, every row as wide as the header,
// and no cell a spreadsheet would run as a formula.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/render/export_view.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::ExportedAnalysis;
using testing::ParseCsv;
using testing::ReadFile;
using testing::SourceDir;
using testing::TrivyJson;
using testing::TrivyVuln;
using Rows = std::vector<std::vector<std::string>>;

const std::vector<std::string> kHeader = {
    "id",
    "asset_id",
    "asset",
    "asset_kind",
    "source_format",
    "input",
    "rule",
    "rule_id",
    "title",
    "category",
    "severity",
    "status",
    "risk",
    "decision",
    "cisa",
    "due",
    "kev",
    "epss",
    "cves",
    "cwes",
    "component",
    "installed",
    "fixed",
    "purl",
    "port",
    "protocol",
    "service",
    "location",
    "exposure",
    "action",
    "triage_by",
    "triage_reason",
    "triage_until",
    "decision_expired",
    "first_seen",
    "last_seen",
};

size_t Column(const std::string& name) {
  for (size_t i = 0; i < kHeader.size(); ++i) {
    if (kHeader[i] == name)
      return i;
  }
  ADD_FAILURE() << "no column " << name;
  return 0;
}

ExportedAnalysis::Inputs Examples() {
  ExportedAnalysis::Inputs inputs;
  for (const char* file : {"host-scan.nessus", "webapp-image.trivy.json"}) {
    std::string data;
    EXPECT_TRUE(ReadFile(SourceDir() + "/examples/" + file, &data)) << file;
    inputs.emplace_back(file, data);
  }
  return inputs;
}

// The export of `analysis`, read back; fails the test on invalid CSV.
Rows Export(const ExportedAnalysis& analysis) {
  StringExportOutput out;
  Status s = WriteFindingsCsv(analysis.view(), &out);
  EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(out.parts.size(), 1u);
  Rows rows;
  std::string error;
  EXPECT_TRUE(ParseCsv(out.parts.empty() ? "" : out.parts[0], &rows, &error))
      << error;
  return rows;
}

TEST(FindingsCsvExport, OneRowPerFindingInReportOrder) {
  ExportedAnalysis analysis(Examples());
  const Rows rows = Export(analysis);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], kHeader);
  const size_t findings = analysis.analyzer().store().findings().size();
  ASSERT_GT(findings, 10u);
  ASSERT_EQ(rows.size(), findings + 1);
  for (const auto& row : rows)
    ASSERT_EQ(row.size(), kHeader.size());

  // The same ids, in the same order, as the JSON report; and the same
  // statuses, risks and actions.
  const nlohmann::json report =
      nlohmann::json::parse(analysis.analyzer().ReportJson());
  ASSERT_EQ(report["findings"].size(), findings);
  std::set<std::string> actions;
  for (const auto& a : report["actions"])
    actions.insert(a["id"].get<std::string>());
  size_t with_action = 0;
  for (size_t i = 0; i < findings; ++i) {
    const auto& row = rows[i + 1];
    const auto& f = report["findings"][i];
    EXPECT_EQ(row[Column("id")], f["id"].get<std::string>());
    EXPECT_EQ(row[Column("status")], f["status"].get<std::string>());
    EXPECT_EQ(row[Column("risk")], std::to_string(f["risk"].get<int>()));
    EXPECT_EQ(row[Column("due")],
              f["due"].is_null() ? "" : f["due"].get<std::string>());
    const std::string& action = row[Column("action")];
    if (!action.empty()) {
      EXPECT_TRUE(actions.count(action)) << action;
      ++with_action;
    }
    // Numbers as integers and fixed decimals, never locale-dependent.
    const std::string& epss = row[Column("epss")];
    if (!epss.empty()) {
      ASSERT_EQ(epss.size(), 7u) << epss;
      EXPECT_EQ(epss.substr(0, 2), "0.");
    }
    EXPECT_TRUE(row[Column("kev")] == "true" || row[Column("kev")] == "false");
  }
  EXPECT_GT(with_action, 0u);

  // Both inputs, their formats and the values of a known finding.
  std::set<std::string> formats;
  bool zlib = false;
  for (size_t i = 1; i < rows.size(); ++i) {
    formats.insert(rows[i][Column("source_format")]);
    if (rows[i][Column("rule_id")] == "CVE-2022-37434") {
      zlib = true;
      EXPECT_EQ(rows[i][Column("rule")], "trivy:CVE-2022-37434");
      EXPECT_EQ(rows[i][Column("component")], "zlib");
      EXPECT_EQ(rows[i][Column("installed")], "1.2.12-r1");
      EXPECT_EQ(rows[i][Column("fixed")], "1.2.12-r2");
      EXPECT_EQ(rows[i][Column("cves")], "CVE-2022-37434");
      EXPECT_EQ(rows[i][Column("cwes")], "CWE-787");
      EXPECT_EQ(rows[i][Column("severity")], "critical");
      EXPECT_EQ(rows[i][Column("asset_kind")], "container_image");
      EXPECT_EQ(rows[i][Column("input")], "webapp-image.trivy.json");
    }
  }
  EXPECT_TRUE(zlib);
  EXPECT_EQ(formats, (std::set<std::string>{"nessus", "trivy"}));
}

TEST(FindingsCsvExport, FormulaPayloadsAreDefused) {
  const std::vector<std::string> payloads = {"=HYPERLINK(\"http://x\",\"y\")",
                                             "+1",
                                             "-2",
                                             "@SUM(1)",
                                             "\tleading tab",
                                             "\rcarriage",
                                             "  =1+1"};
  std::vector<TrivyVuln> vulns;
  for (size_t i = 0; i < payloads.size(); ++i) {
    vulns.push_back({"CVE-2099-000" + std::to_string(i), "=pkg()", "1.0",
                     "+2.0", payloads[i]});
  }
  ExportedAnalysis analysis({{"@evil.trivy.json", TrivyJson("-img", vulns)}});
  const Rows rows = Export(analysis);
  ASSERT_EQ(rows.size(), payloads.size() + 1);
  std::multiset<std::string> titles;
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), kHeader.size());
    for (const std::string& cell : row) {
      if (cell.empty())
        continue;
      const char c = cell[0];
      EXPECT_TRUE(c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' &&
                  c != '\r')
          << "cell starts a formula: " << cell;
    }
  }
  for (size_t i = 1; i < rows.size(); ++i) {
    titles.insert(rows[i][Column("title")]);
    EXPECT_EQ(rows[i][Column("component")], "'=pkg()");
    EXPECT_EQ(rows[i][Column("fixed")], "'+2.0");
    EXPECT_EQ(rows[i][Column("input")], "'@evil.trivy.json");
  }
  std::multiset<std::string> want;
  for (const std::string& p : payloads)
    want.insert("'" + p);
  EXPECT_EQ(titles, want);
}

TEST(FindingsCsvExport, DecisionsFillTheTriageColumns) {
  Decisions decisions;
  Decision accepted;
  accepted.match.rule = "trivy:CVE-2099-0001";
  accepted.status = DecisionStatus::kAccepted;
  accepted.by = "alice@example.com";
  accepted.reason = "behind the WAF, see \"RISK-12\", for now";
  accepted.until = "2999-12-31";
  decisions.list.push_back(accepted);
  Decision lapsed;
  lapsed.match.rule = "trivy:CVE-2099-0002";
  lapsed.status = DecisionStatus::kDeferred;
  lapsed.until = "2000-01-01";
  decisions.list.push_back(lapsed);
  ExportedAnalysis analysis(
      {{"img.trivy.json",
        TrivyJson("img", {{"CVE-2099-0001", "a", "1", "2", "first"},
                          {"CVE-2099-0002", "b", "1", "2", "second"},
                          {"CVE-2099-0003", "c", "1", "2", "third"}})}},
      decisions, "2024-05-01");
  const Rows rows = Export(analysis);
  ASSERT_EQ(rows.size(), 4u);
  size_t seen = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    if (row[Column("rule_id")] == "CVE-2099-0001") {
      ++seen;
      EXPECT_EQ(row[Column("status")], "accepted");
      EXPECT_EQ(row[Column("triage_by")], "alice@example.com");
      EXPECT_EQ(row[Column("triage_reason")], accepted.reason);
      EXPECT_EQ(row[Column("triage_until")], "2999-12-31");
      EXPECT_EQ(row[Column("decision_expired")], "false");
      // Decided findings leave the plan.
      EXPECT_EQ(row[Column("action")], "");
    } else if (row[Column("rule_id")] == "CVE-2099-0002") {
      ++seen;
      EXPECT_EQ(row[Column("status")], "open");
      EXPECT_EQ(row[Column("decision_expired")], "true");
      EXPECT_NE(row[Column("action")], "");
    } else {
      EXPECT_EQ(row[Column("triage_by")], "");
      EXPECT_EQ(row[Column("decision_expired")], "false");
    }
  }
  EXPECT_EQ(seen, 2u);
}

// Records the size of every write.
class CountingOutput : public ExportOutput {
 public:
  Status BeginPart(size_t) override {
    ++parts;
    return Status::Ok();
  }
  Status Write(std::string_view data) override {
    if (fail)
      return Status::Error("disk full");
    writes.push_back(data.size());
    text.append(data);
    return Status::Ok();
  }
  bool fail = false;
  size_t parts = 0;
  std::vector<size_t> writes;
  std::string text;
};

TEST(FindingsCsvExport, StreamsInPiecesOfAboutAMebibyte) {
  ExportedAnalysis analysis({{"big.nessus", testing::BigNessus(600)}});
  CountingOutput out;
  ASSERT_TRUE(WriteFindingsCsv(analysis.view(), &out).ok());
  EXPECT_EQ(out.parts, 0u);
  ASSERT_GE(out.writes.size(), 2u) << out.text.size();
  for (size_t n : out.writes)
    EXPECT_LT(n, (1u << 20) + 4096);
  Rows rows;
  std::string error;
  ASSERT_TRUE(ParseCsv(out.text, &rows, &error)) << error;
  EXPECT_EQ(rows.size(), 600u * 20 + 1);

  // Deterministic: the same bytes again.
  StringExportOutput again;
  ASSERT_TRUE(WriteFindingsCsv(analysis.view(), &again).ok());
  EXPECT_EQ(again.parts[0], out.text);
}

TEST(FindingsCsvExport, WriteErrorsAreReturned) {
  ExportedAnalysis analysis(Examples());
  CountingOutput out;
  out.fail = true;
  Status s = WriteFindingsCsv(analysis.view(), &out);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "disk full");
}

TEST(FindingsCsvExport, NoFindingsIsTheHeaderAlone) {
  ExportedAnalysis analysis(ExportedAnalysis::Inputs{});
  const Rows rows = Export(analysis);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], kHeader);
}

}  // namespace
}  // namespace exposure
