#include "core/importers/trufflehog_importer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::ReadFile;
using testing::ReportFor;

TEST(TrufflehogImporter, NeverKeepsTheSecret) {
  for (const char* name :
       {"v2_many_vulns.json", "v3_git.json", "v3_github.json"}) {
    std::string data;
    ASSERT_TRUE(ReadFile(CorpusDir() + "/trufflehog/" + name, &data));
    std::string report = ReportFor(name, data);
    EXPECT_EQ(report.find("AKIAYVP4CIPPERUVIFXG"), std::string::npos) << name;
    EXPECT_EQ(report.find("QUtJQVlWUDRDSVBQRVJVVklGWEc"), std::string::npos)
        << name;
    EXPECT_EQ(report.find("BEGIN OPENSSH PRIVATE KEY-----\\nb3"),
              std::string::npos)
        << name;
  }
  EXPECT_EQ(MaskSecret("AKIAYVP4CIPPERUVIFXG"), "AKIA****");
  EXPECT_EQ(MaskSecret("abc"), "a****");
  EXPECT_EQ(MaskSecret(""), "****");
}

TEST(TrufflehogImporter, MapsV3Fields) {
  const std::string doc =
      R"({"SourceMetadata":{"Data":{"Git":{"commit":"abc123","file":"config/keys.env","email":"dev@example.test","repository":"https://git.example.test/app.git","timestamp":"2024-01-01 10:00:00 +0000","line":7}}},"SourceName":"trufflehog - git","DetectorName":"Stripe","Verified":true,"Raw":"sk_live_0123456789abcdef","Redacted":""})";
  Analyzer a;
  testing::FeedInChunks(&a, "t.json", doc + "\n", 4);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.format, "trufflehog");
  ASSERT_EQ(a.store().findings().size(), 1u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.rule_id, "Stripe");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.category, Category::kSecret);
  EXPECT_EQ(f.location, "config/keys.env:7");
  EXPECT_EQ(f.evidence,
            "secret: sk_l****\ncommit: abc123\nauthor: dev@example.test\n"
            "source: Git");
  EXPECT_EQ(a.store().assets()[f.asset].ids.repository,
            "https://git.example.test/app");
}

TEST(TrufflehogImporter, Sniff) {
  EXPECT_TRUE(
      SniffTrufflehog(R"({"SourceMetadata":{},"DetectorName":"AWS"})", true));
  EXPECT_TRUE(SniffTrufflehog(
      R"({"branch":"x","commitHash":"y","reason":"z","stringsFound":[]})",
      true));
  EXPECT_FALSE(SniffTrufflehog(R"({"templateID":"x","info":{}})", true));
}

}  // namespace
}  // namespace exposure
