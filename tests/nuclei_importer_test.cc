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

// A match with its request is confirmed, one without is not, and a
// failed match (-matcher-status) is no finding at all.
TEST(NucleiImporter, MatchesWithTheirRequestAreConfirmed) {
  const std::string doc =
      R"({"template-id": "CVE-2021-41773", "info": {"name": "Apache path traversal", "severity": "high"}, "type": "http", "host": "https://web.example.test", "matched-at": "https://web.example.test/cgi-bin/.%2e/etc/passwd", "request": "GET /cgi-bin/.%2e/etc/passwd HTTP/1.1\r\nHost: web.example.test\r\n\r\n", "response": "HTTP/1.1 200 OK\r\n\r\nroot:x:0:0", "matcher-status": true}
{"template-id": "tech-detect", "info": {"name": "Wappalyzer", "severity": "info"}, "type": "http", "host": "https://web.example.test", "matched-at": "https://web.example.test", "matcher-status": true}
{"template-id": "CVE-2021-44228", "info": {"name": "Log4Shell", "severity": "critical"}, "type": "http", "host": "https://web.example.test", "request": "GET / HTTP/1.1", "matcher-status": false}
{"template-id": "git-config", "info": {"name": "Git config", "severity": "medium"}, "type": "http", "host": "https://web.example.test", "matched-at": "https://web.example.test/.git/config", "request": "GET /.git/config HTTP/1.1"}
{"template-id": "blank-request", "info": {"name": "Blank", "severity": "low"}, "type": "http", "host": "https://web.example.test", "request": "  "}
)";
  Analyzer a;
  testing::FeedInChunks(&a, "n.jsonl", doc, 9);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  const auto& findings = a.store().findings();
  ASSERT_EQ(findings.size(), 4u) << "the failed match is skipped";
  EXPECT_EQ(findings[0].rule_id, "CVE-2021-41773");
  EXPECT_EQ(findings[0].evidence_flags, kEvidenceConfirmed);
  EXPECT_EQ(findings[1].rule_id, "tech-detect");
  EXPECT_EQ(findings[1].evidence_flags, 0) << "no request";
  EXPECT_EQ(findings[2].rule_id, "git-config");
  EXPECT_EQ(findings[2].evidence_flags, kEvidenceConfirmed)
      << "a JSON-lines record is a match";
  EXPECT_EQ(findings[3].evidence_flags, 0) << "a blank request";
}

// The corpus's Nuclei outputs: their matches that carry their request.
TEST(NucleiImporter, ConfirmedMatchesOfTheCorpus) {
  const struct {
    const char* file;
    size_t findings;
    size_t confirmed;
  } kCases[] = {
      {"invalid_cwe.json", 1, 0},          {"issue_14071.json", 27, 27},
      {"issue_9201.json", 1, 0},           {"many_findings.json", 18, 0},
      {"many_findings_new.json", 2, 0},    {"many_findings_third.json", 2, 1},
      {"multi_cwe_fabricated.json", 1, 0}, {"multiple_matches.json", 2, 2},
      {"multiple_v3.json", 6, 2},
  };
  for (const auto& c : kCases) {
    const testing::EvidenceCount n =
        testing::CountEvidence(testing::CorpusDir() + "/nuclei/" + c.file,
                               "nuclei", kEvidenceConfirmed);
    EXPECT_EQ(n.findings, c.findings) << c.file;
    EXPECT_EQ(n.with, c.confirmed) << c.file;
  }
}

TEST(NucleiImporter, Sniff) {
  EXPECT_TRUE(SniffNuclei(R"({"templateID":"x","info":{}})", true));
  EXPECT_TRUE(SniffNuclei(R"([{"template-id":"x","info":{}}])", true));
  EXPECT_FALSE(SniffNuclei(R"({"results":[]})", true));
}

}  // namespace
}  // namespace exposure
