#include "core/importers/nuclei_importer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

TEST(NucleiImporter, MapsFields) {
  const std::string doc =
      R"({"template-id": "CVE-2021-44228", "info": {"name": "Log4Shell", "severity": "critical", "description": "RCE", "reference": ["https://r.example/1"], "remediation": "Upgrade", "classification": {"cve-id": ["cve-2021-44228"], "cwe-id": ["cwe-502", "cwe-917"], "cvss-metrics": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "cvss-score": 10}}, "type": "http", "host": "https://10.0.0.9:8443", "matched-at": "https://10.0.0.9:8443/api", "matcher-name": "dns", "extracted-results": ["x1"], "ip": "10.0.0.9", "timestamp": "2024-01-02T03:04:05Z"}
{"templateID": "ssh-detect", "info": {"name": "SSH", "severity": "info"}, "type": "network", "host": "db01.example.test:22", "matched": "db01.example.test:22", "ip": "10.0.0.10"}
)";
  Analyzer a;
  testing::FeedInChunks(&a, "n.jsonl", doc, 6);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.format, "nuclei");
  ASSERT_EQ(a.store().findings().size(), 2u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.rule_id, "CVE-2021-44228");
  EXPECT_EQ(f.title, "Log4Shell (dns)");
  EXPECT_EQ(f.severity, Severity::kCritical);
  EXPECT_EQ(f.cves, (std::vector<std::string>{"CVE-2021-44228"}));
  EXPECT_EQ(f.cwes, (std::vector<std::string>{"CWE-502", "CWE-917"}));
  ASSERT_EQ(f.cvss.size(), 1u);
  EXPECT_EQ(f.cvss[0].version, "3.1");
  EXPECT_EQ(f.cvss[0].score_tenths, 100);
  EXPECT_EQ(f.location, "https://10.0.0.9:8443/api");
  EXPECT_EQ(f.evidence, "matcher: dns\nextracted: x1");
  EXPECT_EQ(f.port, 8443u);
  EXPECT_EQ(f.solution, "Upgrade");
  EXPECT_EQ(f.last_seen, "2024-01-02T03:04:05Z");
  const Asset& web = a.store().assets()[f.asset];
  EXPECT_EQ(web.kind, AssetKind::kWebApplication);
  EXPECT_EQ(web.ids.url, "https://10.0.0.9:8443");
  EXPECT_EQ(web.ids.ip, "10.0.0.9");
  const Finding& g = a.store().findings()[1];
  EXPECT_EQ(g.rule_id, "ssh-detect");
  EXPECT_EQ(g.port, 22u);
  const Asset& host = a.store().assets()[g.asset];
  EXPECT_EQ(host.kind, AssetKind::kHost);
  EXPECT_EQ(host.ids.fqdn, "db01.example.test");
  EXPECT_EQ(host.ids.ip, "10.0.0.10");
}

TEST(NucleiImporter, Sniff) {
  EXPECT_TRUE(SniffNuclei(R"({"templateID":"x","info":{}})", true));
  EXPECT_TRUE(SniffNuclei(R"([{"template-id":"x","info":{}}])", true));
  EXPECT_FALSE(SniffNuclei(R"({"results":[]})", true));
}

}  // namespace
}  // namespace exposure
