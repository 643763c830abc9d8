// The SARIF export (core/render/exports/sarif.cc) of real analyses: the
// structure GitHub code scanning needs (one run per file, rules before the
// results that index them, a physical location and a fingerprint on every
// result), the split at the results limit, suppressions for decided
// findings, escaping and determinism. tests/node/export_schema.test.mjs
// validates the output against the OASIS schema.
#include "core/render/exports/sarif.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/app/analyzer.h"
#include "core/base/version.h"
#include "core/plan/decisions.h"
#include "core/render/export_view.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using nlohmann::json;
using testing::CorpusDir;
using testing::ReadFile;
using testing::SourceDir;

struct Input {
  std::string name;
  std::string data;
};

Input File(const std::string& path) {
  Input in;
  in.name = path.substr(path.find_last_of('/') + 1);
  EXPECT_TRUE(ReadFile(path, &in.data)) << path;
  return in;
}

std::vector<Input> Examples() {
  return {File(SourceDir() + "/examples/host-scan.nessus"),
          File(SourceDir() + "/examples/webapp-image.trivy.json"),
          File(CorpusDir() + "/sarif/njsscan.sarif")};
}

struct Exported {
  std::vector<std::string> parts;
  size_t findings = 0;
  std::string error;  // the export's, "" when it succeeded
};

// The SARIF export of `inputs` with `decisions` (JSON, "" for none),
// split at `limit` results.
Exported Export(const std::vector<Input>& inputs,
                size_t limit = kSarifResultsPerRun,
                std::string_view decisions = "") {
  Analyzer a;
  for (const Input& in : inputs)
    testing::FeedInChunks(&a, in.name, in.data, 1 << 16);
  if (!decisions.empty()) {
    Result<Decisions> d = ParseDecisions(decisions);
    EXPECT_TRUE(d.ok()) << d.status().message();
    if (d.ok())
      a.SetDecisions(*d);
  }
  Assessment as = a.Assess();
  Plan plan = a.MakePlan(as);
  ExportView view(a.store(), as, plan);
  StringExportOutput out;
  Status s = WriteSarifWithLimit(view, &out, limit);
  Exported e;
  e.parts = out.parts;
  e.findings = a.store().findings().size();
  if (!s.ok())
    e.error = s.message();
  return e;
}

std::vector<json> Parse(const Exported& e) {
  std::vector<json> logs;
  for (const std::string& part : e.parts) {
    json log = json::parse(part, nullptr, false);
    EXPECT_FALSE(log.is_discarded()) << part.substr(0, 200);
    logs.push_back(log);
  }
  return logs;
}

// What every log must be, whatever it holds: GitHub's shape of SARIF.
void CheckLog(const json& log, const std::string& automation_id) {
  EXPECT_EQ(log["version"], "2.1.0");
  EXPECT_TRUE(log["$schema"].is_string());
  ASSERT_EQ(log["runs"].size(), 1u);
  const json& run = log["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "Exposure Lens");
  EXPECT_EQ(run["tool"]["driver"]["version"], kVersion);
  EXPECT_EQ(run["automationDetails"]["id"], automation_id);
  const json& rules = run["tool"]["driver"]["rules"];
  std::set<std::string> rule_ids;
  for (const json& r : rules) {
    EXPECT_TRUE(rule_ids.insert(r["id"].get<std::string>()).second)
        << "rule twice: " << r["id"];
    EXPECT_FALSE(r["shortDescription"]["text"].get<std::string>().empty());
    EXPECT_FALSE(r["fullDescription"]["text"].get<std::string>().empty());
    const std::string sev = r["properties"]["security-severity"];
    // "d.d" or "10.0", 0.0 to 10.0.
    ASSERT_GE(sev.size(), 3u) << sev;
    EXPECT_EQ(sev[sev.size() - 2], '.') << sev;
    const double score = std::strtod(sev.c_str(), nullptr);
    EXPECT_GE(score, 0.0);
    EXPECT_LE(score, 10.0);
    EXPECT_EQ(r["properties"]["tags"][0], "security");
    if (r.contains("help")) {
      EXPECT_TRUE(r["help"]["text"].is_string());
      EXPECT_TRUE(r["help"]["markdown"].is_string());
    }
  }
  std::set<std::string> used;
  for (const json& res : run["results"]) {
    const std::string rule = res["ruleId"];
    used.insert(rule);
    const int index = res["ruleIndex"];
    ASSERT_GE(index, 0);
    ASSERT_LT(static_cast<size_t>(index), rules.size());
    EXPECT_EQ(rules[static_cast<size_t>(index)]["id"], rule);
    const std::string level = res["level"];
    EXPECT_TRUE(level == "error" || level == "warning" || level == "note" ||
                (level == "none" && res["kind"] == "pass"))
        << level;
    EXPECT_FALSE(res["message"]["text"].get<std::string>().empty());
    ASSERT_EQ(res["locations"].size(), 1u);
    const json& phys = res["locations"][0]["physicalLocation"];
    const std::string uri = phys["artifactLocation"]["uri"];
    EXPECT_FALSE(uri.empty());
    EXPECT_EQ(uri.find_first_of(" \\\"<>{}|^`"), std::string::npos) << uri;
    EXPECT_GE(phys["region"]["startLine"].get<int>(), 1);
    EXPECT_TRUE(res["partialFingerprints"]["exposureFindingId/v1"].is_string());
    for (const char* key : {"risk", "kev", "decision", "status"})
      EXPECT_TRUE(res["properties"].contains(key)) << key;
  }
  // A rule for every rule used, and none else.
  EXPECT_EQ(used, rule_ids);
}

TEST(SarifExport, OneRunWithARulePerRuleAndAResultPerFinding) {
  const Exported e = Export(Examples());
  ASSERT_EQ(e.error, "");
  ASSERT_EQ(e.parts.size(), 1u);
  const std::vector<json> logs = Parse(e);
  CheckLog(logs[0], "exposure-lens/");
  const json& results = logs[0]["runs"][0]["results"];
  ASSERT_EQ(results.size(), e.findings);
  ASSERT_GT(e.findings, 20u);

  // Host findings: a logical location naming the host, and a pseudo path
  // with the host's name; code findings: their file and line.
  bool host = false;
  bool code = false;
  for (const json& res : results) {
    const std::string rule = res["ruleId"];
    const json& loc = res["locations"][0];
    if (rule.rfind("nessus:", 0) == 0) {
      host = true;
      ASSERT_TRUE(loc.contains("logicalLocations")) << res.dump();
      EXPECT_EQ(loc["logicalLocations"][0]["kind"], "resource");
      const std::string name = loc["logicalLocations"][0]["name"];
      EXPECT_EQ(loc["physicalLocation"]["artifactLocation"]["uri"]
                    .get<std::string>()
                    .rfind(name, 0),
                0u);
    } else if (rule.rfind("sarif:", 0) == 0) {
      code = true;
      EXPECT_FALSE(loc.contains("logicalLocations")) << res.dump();
      // "path:line" is the file and its line.
      const std::string text = res["message"]["text"];
      const std::string uri =
          loc["physicalLocation"]["artifactLocation"]["uri"];
      const int line = loc["physicalLocation"]["region"]["startLine"];
      EXPECT_NE(text.find(" at " + uri + ":" + std::to_string(line)),
                std::string::npos)
          << text;
    }
  }
  EXPECT_TRUE(host);
  EXPECT_TRUE(code);

  // A CVSS score becomes the rule's security-severity.
  bool scored = false;
  for (const json& r : logs[0]["runs"][0]["tool"]["driver"]["rules"]) {
    if (r["id"] == "nessus:97833") {
      scored = true;
      EXPECT_NE(r["properties"]["security-severity"], "0.0");
      EXPECT_EQ(r["defaultConfiguration"]["level"], "error");
    }
  }
  EXPECT_TRUE(scored);
}

TEST(SarifExport, SplitsIntoPartsOfOneRunEach) {
  const Exported whole = Export(Examples());
  const Exported e = Export(Examples(), 4);
  ASSERT_EQ(e.error, "");
  const size_t want_parts = (e.findings + 3) / 4;
  ASSERT_EQ(e.parts.size(), want_parts);
  ASSERT_GE(want_parts, 3u);
  const std::vector<json> logs = Parse(e);
  std::set<std::string> ids;
  std::vector<std::string> fingerprints;
  for (size_t p = 0; p < logs.size(); ++p) {
    const std::string id = "exposure-lens/part-" + std::to_string(p + 1) + "/";
    CheckLog(logs[p], id);
    ids.insert(id);
    const json& results = logs[p]["runs"][0]["results"];
    EXPECT_EQ(results.size(), p + 1 < logs.size() ? 4u : e.findings - 4 * p);
    EXPECT_EQ(logs[p]["runs"][0]["properties"]["part"], p + 1);
    EXPECT_EQ(logs[p]["runs"][0]["properties"]["parts"], want_parts);
    for (const json& r : results)
      fingerprints.push_back(r["partialFingerprints"]["exposureFindingId/v1"]);
  }
  EXPECT_EQ(ids.size(), logs.size());
  // The parts are the single log's results, in its order.
  const json all = json::parse(whole.parts[0]);
  ASSERT_EQ(fingerprints.size(), all["runs"][0]["results"].size());
  for (size_t i = 0; i < fingerprints.size(); ++i) {
    EXPECT_EQ(fingerprints[i],
              all["runs"][0]["results"][i]["partialFingerprints"]
                 ["exposureFindingId/v1"]);
  }
}

TEST(SarifExport, ExactMultipleOfTheLimitHasNoEmptyPart) {
  const Exported e = Export(Examples(), 1);
  ASSERT_EQ(e.error, "");
  EXPECT_EQ(e.parts.size(), e.findings);
  const Exported one = Export(Examples(), e.findings);
  ASSERT_EQ(one.parts.size(), 1u);
  CheckLog(Parse(one)[0], "exposure-lens/");
}

TEST(SarifExport, SameAnalysisSameBytes) {
  const Exported a = Export(Examples(), 7);
  const Exported b = Export(Examples(), 7);
  ASSERT_EQ(a.error, "");
  EXPECT_EQ(a.parts, b.parts);
  const Exported c = Export(Examples());
  const Exported d = Export(Examples());
  EXPECT_EQ(c.parts, d.parts);
}

TEST(SarifExport, FingerprintsAreUnique) {
  const Exported e = Export(Examples());
  const json log = json::parse(e.parts[0]);
  std::set<std::string> seen;
  for (const json& r : log["runs"][0]["results"]) {
    const std::string fp = r["partialFingerprints"]["exposureFindingId/v1"];
    EXPECT_EQ(fp.rfind("f-", 0), 0u) << fp;
    EXPECT_TRUE(seen.insert(fp).second) << fp;
  }
  EXPECT_EQ(seen.size(), e.findings);
}

TEST(SarifExport, DecidedFindingsAreSuppressed) {
  const Exported e = Export(
      Examples(), kSarifResultsPerRun,
      R"({"decisions":[{"match":{"rule":"nessus:97833"},"status":"accepted",)"
      R"("reason":"isolated segment, no SMB from outside","by":"sec-team"}]})");
  ASSERT_EQ(e.error, "");
  const json log = json::parse(e.parts[0]);
  size_t decided = 0;
  for (const json& r : log["runs"][0]["results"]) {
    if (r["ruleId"] == "nessus:97833") {
      ++decided;
      ASSERT_EQ(r["suppressions"].size(), 1u) << r.dump();
      const json& s = r["suppressions"][0];
      EXPECT_EQ(s["kind"], "external");
      EXPECT_EQ(s["status"], "accepted");
      EXPECT_EQ(s["justification"], "isolated segment, no SMB from outside");
      EXPECT_EQ(s["properties"]["decision"], "accepted");
      EXPECT_EQ(s["properties"]["by"], "sec-team");
      EXPECT_EQ(r["properties"]["status"], "accepted");
    } else if (r["properties"]["status"] == "open") {
      EXPECT_FALSE(r.contains("suppressions")) << r.dump();
    }
  }
  EXPECT_GE(decided, 1u);
}

// A scanner's title with quotes, backslashes, markup, control characters
// and bytes that are not UTF-8 comes out as valid JSON with the same text
// (the invalid byte as U+FFFD).
TEST(SarifExport, HostileTextsAreEscaped) {
  const std::string nessus =
      "<NessusClientData_v2><Report name=\"r\"><ReportHost "
      "name=\"10.9.9.9\"><ReportItem port=\"80\" protocol=\"tcp\" "
      "severity=\"3\" pluginID=\"4242\" pluginName=\"Evil &quot;quoted&quot; "
      "\\path\\ &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; \x01 "
      "line&#10;break \xff end\"><solution>Upgrade *now* [x](javascript:1)"
      "</solution><see_also>https://example.com/a_b</see_also>"
      "</ReportItem></ReportHost></Report></NessusClientData_v2>";
  const Exported e = Export({{"evil.nessus", nessus}});
  ASSERT_EQ(e.error, "");
  ASSERT_EQ(e.findings, 1u);
  const json log = json::parse(e.parts[0], nullptr, false);
  ASSERT_FALSE(log.is_discarded()) << e.parts[0];
  CheckLog(log, "exposure-lens/");
  const json& rule = log["runs"][0]["tool"]["driver"]["rules"][0];
  const std::string got = rule["shortDescription"]["text"];
  // Whatever the importer kept of the control character, the rest is
  // intact and the invalid byte is U+FFFD.
  EXPECT_EQ(got.rfind("Evil \"quoted\" \\path\\ </script><script>", 0), 0u)
      << got;
  EXPECT_NE(got.find("\xEF\xBF\xBD end"), std::string::npos) << got;
  EXPECT_EQ(e.parts[0].find('\xff'), std::string::npos);
  // Markdown never turns the solution into a link.
  const std::string md = rule["help"]["markdown"];
  EXPECT_EQ(md.find("[x]("), std::string::npos) << md;
  EXPECT_NE(md.find("<https://example.com/a_b>"), std::string::npos) << md;
}

TEST(SarifExport, NoFindingsIsOneEmptyRun) {
  const Exported e = Export({});
  ASSERT_EQ(e.error, "");
  ASSERT_EQ(e.parts.size(), 1u);
  const json log = json::parse(e.parts[0]);
  CheckLog(log, "exposure-lens/");
  EXPECT_TRUE(log["runs"][0]["results"].empty());
  EXPECT_TRUE(log["runs"][0]["tool"]["driver"]["rules"].empty());
}

TEST(SarifExport, ZeroLimitIsAnError) {
  const Exported e = Export(Examples(), 0);
  EXPECT_NE(e.error, "");
}

// Records each write: a large export is handed on in pieces of about a
// MiB, not built whole.
class PieceOutput : public ExportOutput {
 public:
  Status BeginPart(size_t part) override {
    parts.push_back(part);
    return Status::Ok();
  }
  Status Write(std::string_view data) override {
    sizes.push_back(data.size());
    text.append(data);
    return Status::Ok();
  }
  std::vector<size_t> parts;
  std::vector<size_t> sizes;
  std::string text;
};

TEST(SarifExport, StreamsInPieces) {
  Analyzer a;
  testing::FeedInChunks(&a, "big.nessus", testing::BigNessus(250), 1 << 16);
  Assessment as = a.Assess();
  Plan plan = a.MakePlan(as);
  ExportView view(a.store(), as, plan);
  PieceOutput out;
  ASSERT_TRUE(WriteSarif(view, &out).ok());
  EXPECT_EQ(out.parts, std::vector<size_t>{0});
  ASSERT_GE(out.sizes.size(), 2u);
  for (size_t s : out.sizes)
    EXPECT_LT(s, (size_t{1} << 20) + 64 * 1024);
  const json log = json::parse(out.text);
  EXPECT_EQ(log["runs"][0]["results"].size(), a.store().findings().size());

  // An output that fails ends the export with its error.
  class Failing : public ExportOutput {
   public:
    Status BeginPart(size_t) override { return Status::Ok(); }
    Status Write(std::string_view) override {
      return Status::Error("disk full");
    }
  } failing;
  Status s = WriteSarif(view, &failing);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "disk full");
}

}  // namespace
}  // namespace exposure
