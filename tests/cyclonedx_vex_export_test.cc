// The CycloneDX 1.6 VEX export (core/render/exports/cyclonedx_vex.cc):
// vulnerabilities[] from decisions, affecting the components they cover.
// The schema itself is checked by tests/node/vex_schema.test.mjs.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
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

json Export(const std::vector<std::string>& decisions) {
  VexRun run = RunVexExport(WriteCycloneDxVex, VexDecisions(decisions));
  EXPECT_TRUE(run.status.ok()) << run.status.message();
  return run.status.ok() ? json::parse(run.doc) : json::object();
}

std::vector<json> About(const json& bom, const std::string& id) {
  std::vector<json> out;
  for (const json& v : bom["vulnerabilities"]) {
    if (v["id"] == id)
      out.push_back(v);
  }
  return out;
}

std::vector<std::string> Refs(const json& vulnerability) {
  std::vector<std::string> refs;
  for (const json& a : vulnerability["affects"])
    refs.push_back(a["ref"].get<std::string>());
  return refs;
}

TEST(CycloneDxVex, BomMembers) {
  json bom = Export(AllVexDecisions());
  EXPECT_EQ(bom["bomFormat"], "CycloneDX");
  EXPECT_EQ(bom["specVersion"], "1.6");
  EXPECT_EQ(bom["version"], 1);
  EXPECT_TRUE(std::regex_match(
      bom["serialNumber"].get<std::string>(),
      std::regex("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]"
                 "{3}-[0-9a-f]{12}")))
      << bom["serialNumber"];
  const std::string ts = bom["metadata"]["timestamp"];
  EXPECT_EQ(ts.substr(10), "T00:00:00Z");
  const json& tool = bom["metadata"]["tools"]["components"][0];
  EXPECT_EQ(tool["type"], "application");
  EXPECT_EQ(tool["name"], "Exposure Lens");
  EXPECT_FALSE(tool["version"].get<std::string>().empty());

  // Every affected ref is a component, once.
  std::set<std::string> refs;
  for (const json& c : bom["components"]) {
    EXPECT_TRUE(refs.insert(c["bom-ref"].get<std::string>()).second)
        << c.dump();
    EXPECT_FALSE(c["name"].get<std::string>().empty());
  }
  for (const json& v : bom["vulnerabilities"]) {
    ASSERT_FALSE(v["affects"].empty()) << v.dump();
    for (const std::string& ref : Refs(v))
      EXPECT_TRUE(refs.count(ref)) << ref;
  }
}

TEST(CycloneDxVex, EveryStatusMapsAsDocumented) {
  json bom = Export(AllVexDecisions());

  std::vector<json> zlib = About(bom, "CVE-2022-37434");
  ASSERT_EQ(zlib.size(), 1u) << bom.dump(2);
  EXPECT_EQ(zlib[0]["source"]["name"], "NVD");
  EXPECT_EQ(zlib[0]["source"]["url"],
            "https://nvd.nist.gov/vuln/detail/CVE-2022-37434");
  EXPECT_EQ(zlib[0]["analysis"]["state"], "not_affected");
  EXPECT_EQ(zlib[0]["analysis"]["justification"], "code_not_reachable");
  EXPECT_EQ(zlib[0]["analysis"]["detail"],
            "inflateGetHeader is never called (decided by alice)");

  std::vector<json> ssl = About(bom, "CVE-2023-0286");
  ASSERT_EQ(ssl.size(), 1u);
  EXPECT_EQ(ssl[0]["analysis"]["state"], "not_affected");
  EXPECT_FALSE(ssl[0]["analysis"].contains("justification"));

  std::vector<json> curl = About(bom, "CVE-2023-38545");
  ASSERT_EQ(curl.size(), 1u);
  EXPECT_EQ(curl[0]["analysis"]["state"], "false_positive");
  EXPECT_EQ(curl[0]["analysis"]["detail"],
            "curl is built without SOCKS5 (decided by bob)");

  std::vector<json> lodash = About(bom, "CVE-2021-23337");
  ASSERT_EQ(lodash.size(), 1u);
  EXPECT_EQ(lodash[0]["analysis"]["state"], "exploitable");
  EXPECT_FALSE(lodash[0]["analysis"].contains("response"));
  EXPECT_EQ(lodash[0]["analysis"]["detail"],
            "Fix deferred until 2099-06-30: next release");

  std::vector<json> smb = About(bom, "CVE-2017-0144");
  ASSERT_EQ(smb.size(), 1u);
  EXPECT_EQ(smb[0]["analysis"]["justification"],
            "protected_by_mitigating_control");
  EXPECT_EQ(smb[0]["analysis"]["detail"], "(decided by dave)");
  ASSERT_EQ(Refs(smb[0]).size(), 1u);
  EXPECT_EQ(Refs(smb[0])[0].rfind("a-", 0), 0u);
  // Only the CVE the decision named, not the check's others.
  EXPECT_TRUE(About(bom, "CVE-2017-0143").empty());

  size_t accepted = 0;
  for (const json& v : bom["vulnerabilities"]) {
    if (v["analysis"]["detail"] !=
        "Risk accepted by carol until 2099-12-31: internal only") {
      continue;
    }
    ++accepted;
    EXPECT_EQ(v["analysis"]["state"], "exploitable");
    EXPECT_EQ(v["analysis"]["response"], json::array({"will_not_fix"}));
  }
  EXPECT_GT(accepted, 1u);
}

TEST(CycloneDxVex, ComponentsNamePackagesAndAssets) {
  json bom = Export(AllVexDecisions());
  std::map<std::string, json> by_ref;
  for (const json& c : bom["components"])
    by_ref[c["bom-ref"].get<std::string>()] = c;
  ASSERT_TRUE(by_ref.count(kZlib)) << bom["components"].dump(2);
  const json& zlib = by_ref[kZlib];
  EXPECT_EQ(zlib["type"], "library");
  EXPECT_EQ(zlib["name"], "zlib");
  EXPECT_EQ(zlib["version"], "1.2.12-r1");
  EXPECT_EQ(zlib["purl"], kZlib);

  // The zlib decision named the component: only the package with that
  // purl is affected, not the image Trivy saw zlib in without a purl.
  std::vector<json> v = About(bom, "CVE-2022-37434");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(Refs(v[0]), std::vector<std::string>{kZlib});

  // The host of the SMB decision is a device.
  const std::string host = Refs(About(bom, "CVE-2017-0144")[0])[0];
  EXPECT_EQ(by_ref[host]["type"], "device") << by_ref[host].dump();
  EXPECT_FALSE(by_ref[host].contains("purl"));
}

TEST(CycloneDxVex, RatingsFromTheScoredVector) {
  json bom = Export(AllVexDecisions());
  // Trivy gives curl's NVD vector (9.8).
  std::vector<json> curl = About(bom, "CVE-2023-38545");
  ASSERT_EQ(curl.size(), 1u);
  ASSERT_TRUE(curl[0].contains("ratings")) << curl[0].dump(2);
  for (const json& r : curl[0]["ratings"]) {
    EXPECT_EQ(r["method"], "CVSSv31") << r.dump();
    EXPECT_EQ(r["score"], 9.8);
    EXPECT_EQ(r["severity"], "critical");
    EXPECT_EQ(r["vector"], "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  }
  // A check naming many CVEs has one vector for all: no ratings.
  for (const json& x : bom["vulnerabilities"]) {
    if (x["analysis"]["state"] == "exploitable" &&
        x["analysis"].contains("response")) {
      EXPECT_FALSE(x.contains("ratings")) << x.dump();
    }
  }
}

TEST(CycloneDxVex, NoDecisionsIsAnEmptyBom) {
  VexRun run = RunVexExport(WriteCycloneDxVex, Decisions{});
  ASSERT_TRUE(run.status.ok()) << run.status.message();
  json bom = json::parse(run.doc);
  EXPECT_EQ(bom["components"], json::array());
  EXPECT_EQ(bom["vulnerabilities"], json::array());
}

TEST(CycloneDxVex, Deterministic) {
  const Decisions all = VexDecisions(AllVexDecisions());
  VexRun a = RunVexExport(WriteCycloneDxVex, all);
  VexRun b = RunVexExport(WriteCycloneDxVex, all);
  ASSERT_TRUE(a.status.ok());
  EXPECT_EQ(a.doc, b.doc);
  std::vector<std::string> reversed = AllVexDecisions();
  std::reverse(reversed.begin(), reversed.end());
  VexRun c = RunVexExport(WriteCycloneDxVex, VexDecisions(reversed), true);
  EXPECT_EQ(a.doc, c.doc);

  // The OpenVEX document of the same decisions has another id.
  VexRun o = RunVexExport(WriteOpenVex, all);
  ASSERT_TRUE(o.status.ok());
  EXPECT_NE(json::parse(a.doc)["serialNumber"], json::parse(o.doc)["@id"]);
}

TEST(CycloneDxVex, WriteExportDispatches) {
  VexRun via = RunVexExport(
      [](const ExportView& v, ExportOutput* o) {
        return WriteExport(ExportFormat::kCycloneDxVex, v, o);
      },
      VexDecisions(AllVexDecisions()));
  ASSERT_TRUE(via.status.ok()) << via.status.message();
  EXPECT_EQ(
      via.doc,
      RunVexExport(WriteCycloneDxVex, VexDecisions(AllVexDecisions())).doc);
}

}  // namespace
}  // namespace exposure
