// The OpenVEX 0.2.0 export (core/render/exports/openvex.cc): statements
// from decisions, one per vulnerability and decision, with their products.
// The schema itself is checked by tests/node/vex_schema.test.mjs.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/render/export_view.h"
#include "tests/vex_test_util.h"

namespace exposure {
namespace {

using nlohmann::json;
using testing::AllVexDecisions;
using testing::RunVexExport;
using testing::VexDecisions;
using testing::VexRun;

const char kZlib[] = "pkg:apk/alpine/zlib@1.2.12-r1?distro=alpine-3.16.2";
const char kCurl[] = "pkg:apk/alpine/curl@7.83.1-r3?distro=alpine-3.16.2";
const char kLodash[] = "pkg:npm/lodash@4.17.15";

json Export(const std::vector<std::string>& decisions) {
  VexRun run = RunVexExport(WriteOpenVex, VexDecisions(decisions));
  EXPECT_TRUE(run.status.ok()) << run.status.message();
  return run.status.ok() ? json::parse(run.doc) : json::object();
}

// The statements about `vulnerability`.
std::vector<json> About(const json& doc, const std::string& vulnerability) {
  std::vector<json> out;
  for (const json& s : doc["statements"]) {
    if (s["vulnerability"]["name"] == vulnerability)
      out.push_back(s);
  }
  return out;
}

std::vector<std::string> ProductIds(const json& statement) {
  std::vector<std::string> ids;
  for (const json& p : statement["products"])
    ids.push_back(p["@id"].get<std::string>());
  return ids;
}

TEST(OpenVex, DocumentMembers) {
  json doc = Export(AllVexDecisions());
  EXPECT_EQ(doc["@context"], "https://openvex.dev/ns/v0.2.0");
  const std::string id = doc["@id"];
  EXPECT_EQ(id.rfind("urn:uuid:", 0), 0u) << id;
  EXPECT_EQ(id.size(), 9u + 36u) << id;
  EXPECT_EQ(id[9 + 14], '8') << "version 8: " << id;
  EXPECT_EQ(doc["author"], "Exposure Lens");
  EXPECT_EQ(doc["version"], 1);
  EXPECT_EQ(doc["tooling"].get<std::string>().rfind("Exposure Lens ", 0), 0u);
  // The scans' latest day, never the clock.
  const std::string ts = doc["timestamp"];
  EXPECT_EQ(ts.size(), 20u) << ts;
  EXPECT_EQ(ts.substr(10), "T00:00:00Z");
  EXPECT_NE(ts, "1970-01-01T00:00:00Z");
  for (const char* key : {"@context", "@id", "author", "timestamp", "version",
                          "tooling", "statements"}) {
    EXPECT_TRUE(doc.contains(key)) << key;
  }
  EXPECT_EQ(doc.size(), 7u) << doc.dump(2);
}

TEST(OpenVex, EveryStatusMapsAsDocumented) {
  json doc = Export(AllVexDecisions());

  // not_affected with a justification and a reason.
  std::vector<json> zlib = About(doc, "CVE-2022-37434");
  ASSERT_EQ(zlib.size(), 1u) << doc.dump(2);
  EXPECT_EQ(zlib[0]["status"], "not_affected");
  EXPECT_EQ(zlib[0]["justification"], "vulnerable_code_not_in_execute_path");
  EXPECT_EQ(zlib[0]["impact_statement"], "inflateGetHeader is never called");
  EXPECT_EQ(zlib[0]["status_notes"], "Decision: not_affected, by alice");

  // not_affected without a justification: the reason is the impact.
  std::vector<json> ssl = About(doc, "CVE-2023-0286");
  ASSERT_EQ(ssl.size(), 1u);
  EXPECT_EQ(ssl[0]["status"], "not_affected");
  EXPECT_FALSE(ssl[0].contains("justification"));
  EXPECT_EQ(ssl[0]["impact_statement"], "no X.400 addresses are processed");

  // false_positive.
  std::vector<json> curl = About(doc, "CVE-2023-38545");
  ASSERT_EQ(curl.size(), 1u);
  EXPECT_EQ(curl[0]["status"], "not_affected");
  EXPECT_EQ(curl[0]["justification"], "vulnerable_code_not_present");
  EXPECT_EQ(curl[0]["impact_statement"],
            "false positive: curl is built without SOCKS5");
  EXPECT_EQ(curl[0]["status_notes"], "Decision: false_positive, by bob");

  // deferred.
  std::vector<json> lodash = About(doc, "CVE-2021-23337");
  ASSERT_EQ(lodash.size(), 1u);
  EXPECT_EQ(lodash[0]["status"], "affected");
  EXPECT_EQ(lodash[0]["action_statement"],
            "Fix deferred until 2099-06-30: next release");
  EXPECT_EQ(ProductIds(lodash[0])[0], kLodash);

  // not_affected by one of a check's CVEs (spelled as the scan does):
  // only that CVE is stated, for the host's asset.
  std::vector<json> smb = About(doc, "CVE-2017-0144");
  ASSERT_EQ(smb.size(), 1u);
  EXPECT_EQ(smb[0]["justification"], "inline_mitigations_already_exist");
  EXPECT_FALSE(smb[0].contains("impact_statement"));
  ASSERT_EQ(smb[0]["products"].size(), 1u);
  EXPECT_EQ(smb[0]["products"][0]["@id"].get<std::string>().rfind(
                "urn:exposure-lens:asset:a-", 0),
            0u)
      << smb[0].dump(2);
  EXPECT_FALSE(smb[0]["products"][0].contains("identifiers"));
  EXPECT_TRUE(About(doc, "CVE-2017-0143").empty());

  // accepted by rule: every CVE of the check gets the statement.
  size_t accepted = 0;
  for (const json& s : doc["statements"]) {
    if (s["status_notes"] != "Decision: accepted, by carol, until 2099-12-31") {
      continue;
    }
    ++accepted;
    EXPECT_EQ(s["status"], "affected");
    EXPECT_EQ(s["action_statement"],
              "Risk accepted by carol until 2099-12-31: internal only");
    EXPECT_EQ(s["vulnerability"]["name"].get<std::string>().rfind("CVE-", 0),
              0u);
  }
  EXPECT_GT(accepted, 1u) << "the Apache check names several CVEs";

  // What the OpenVEX schema's conditions ask of every statement.
  for (const json& s : doc["statements"]) {
    if (s["status"] == "not_affected") {
      EXPECT_TRUE(s.contains("justification") || s.contains("impact_statement"))
          << s.dump();
    }
    if (s["status"] == "affected") {
      EXPECT_TRUE(s.contains("action_statement")) << s.dump();
    }
  }
}

TEST(OpenVex, CveAndComponentMatchLandsUnderThatPackage) {
  json doc = Export(AllVexDecisions());
  std::vector<json> zlib = About(doc, "CVE-2022-37434");
  ASSERT_EQ(zlib.size(), 1u);
  EXPECT_EQ(ProductIds(zlib[0]), std::vector<std::string>{kZlib});
  EXPECT_EQ(zlib[0]["products"][0]["identifiers"]["purl"], kZlib);
  for (const json& s : doc["statements"]) {
    if (s["vulnerability"]["name"] == "CVE-2022-37434")
      continue;
    for (const std::string& id : ProductIds(s))
      EXPECT_NE(id, kZlib) << s.dump();
  }
  EXPECT_EQ(ProductIds(About(doc, "CVE-2023-38545")[0])[0], kCurl);

  // The same CVE with a component the finding is not: nothing is decided,
  // and a document without statements is refused (the schema needs one).
  VexRun other = RunVexExport(
      WriteOpenVex, VexDecisions({R"({"match": {"cve": "CVE-2022-37434",
                        "component": "pkg:apk/alpine/curl"},
                        "status": "not_affected",
                        "justification": "component_not_present"})"}));
  EXPECT_FALSE(other.status.ok());
  EXPECT_NE(other.status.message().find("at least one statement"),
            std::string::npos)
      << other.status.message();
}

TEST(OpenVex, OnlyDecidedFindingsAreStated) {
  json doc = Export(AllVexDecisions());
  EXPECT_TRUE(About(doc, "CVE-2023-26136").empty());  // tough-cookie
  std::set<std::string> names;
  for (const json& s : doc["statements"]) {
    EXPECT_TRUE(names
                    .insert(s["vulnerability"]["name"].get<std::string>() +
                            "|" + s["status_notes"].get<std::string>())
                    .second)
        << "one statement per vulnerability and decision";
  }

  // A lapsed decision applies to nothing.
  VexRun lapsed = RunVexExport(
      WriteOpenVex, VexDecisions({R"({"match": {"cve": "CVE-2023-26136"},
                        "status": "accepted", "until": "2000-01-01"})"}));
  EXPECT_FALSE(lapsed.status.ok());

  VexRun none = RunVexExport(WriteOpenVex, Decisions{});
  EXPECT_FALSE(none.status.ok());
}

// Grype saw curl with its purl, Trivy in the same image without one: one
// statement names both products. Two decisions with the same content make
// one statement per vulnerability still.
TEST(OpenVex, OneStatementPerVulnerabilityNamesEveryProduct) {
  json doc = Export({
      R"({"match": {"cve": "CVE-2023-38545"}, "status": "false_positive",
          "reason": "r"})",
      R"({"match": {"cve": "CVE-2023-0286"}, "status": "false_positive",
          "reason": "r"})",
  });
  ASSERT_EQ(doc["statements"].size(), 2u) << doc.dump(2);
  std::vector<json> curl = About(doc, "CVE-2023-38545");
  ASSERT_EQ(curl.size(), 1u);
  std::vector<std::string> ids = ProductIds(curl[0]);
  ASSERT_EQ(ids.size(), 2u) << curl[0].dump(2);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(ids[0], kCurl);
  EXPECT_EQ(ids[1].rfind("urn:exposure-lens:asset:a-", 0), 0u) << ids[1];
  EXPECT_EQ(About(doc, "CVE-2023-0286").size(), 1u);
}

TEST(OpenVex, Deterministic) {
  const Decisions all = VexDecisions(AllVexDecisions());
  VexRun a = RunVexExport(WriteOpenVex, all);
  VexRun b = RunVexExport(WriteOpenVex, all);
  ASSERT_TRUE(a.status.ok());
  EXPECT_EQ(a.doc, b.doc);
  EXPECT_EQ(a.doc.back(), '\n');

  // Neither the inputs' order nor the decisions' (none overlap) matter.
  std::vector<std::string> reversed = AllVexDecisions();
  std::reverse(reversed.begin(), reversed.end());
  VexRun c = RunVexExport(WriteOpenVex, VexDecisions(reversed), true);
  EXPECT_EQ(a.doc, c.doc);

  // Other decisions, another id.
  VexRun d = RunVexExport(
      WriteOpenVex, VexDecisions({std::string(testing::kVexDecisions[0])}));
  ASSERT_TRUE(d.status.ok());
  EXPECT_NE(json::parse(a.doc)["@id"], json::parse(d.doc)["@id"]);
}

TEST(OpenVex, WriteExportDispatches) {
  VexRun direct = RunVexExport(WriteOpenVex, VexDecisions(AllVexDecisions()));
  VexRun via = RunVexExport(
      [](const ExportView& v, ExportOutput* o) {
        return WriteExport(ExportFormat::kOpenVex, v, o);
      },
      VexDecisions(AllVexDecisions()));
  ASSERT_TRUE(via.status.ok()) << via.status.message();
  EXPECT_EQ(direct.doc, via.doc);
}

}  // namespace
}  // namespace exposure
