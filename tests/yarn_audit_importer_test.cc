#include "core/importers/yarn_audit_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::ReadFile;

TEST(YarnAuditImporter, ErrorLineIsRejected) {
  std::string data;
  ASSERT_TRUE(
      ReadFile(CorpusDir() + "/yarn_audit/empty_with_error.json", &data));
  Analyzer a;
  testing::FeedInChunks(&a, "e.json", data, 10);
  const Input& in = a.store().inputs()[0];
  EXPECT_EQ(in.format, "yarn_audit");
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_NE(in.errors[0].message.find("ECONNREFUSED"), std::string::npos)
      << in.errors[0].message;
}

TEST(YarnAuditImporter, MapsAdvisoryLine) {
  const std::string doc =
      R"json({"type":"auditAdvisory","data":{"resolution":{"id":1325,"path":"a>handlebars","dev":true},"advisory":{"id":1325,"title":"Prototype Pollution","module_name":"handlebars","severity":"high","cwe":"CWE-471","cves":[],"patched_versions":">=4.5.3","recommendation":"Upgrade","url":"https://npmjs.com/advisories/1325","findings":[{"version":"4.5.2","paths":["a>handlebars"]}]}}}
{"type":"auditSummary","data":{"vulnerabilities":{"high":1}}}
)json";
  Analyzer a;
  testing::FeedInChunks(&a, "y.json", doc, 7);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty());
  ASSERT_EQ(a.store().findings().size(), 1u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.format, "yarn_audit");
  EXPECT_EQ(f.rule_id, "1325");
  EXPECT_EQ(f.cwes, std::vector<std::string>{"CWE-471"});
  EXPECT_EQ(f.component.name, "handlebars");
  EXPECT_EQ(f.component.installed, "4.5.2");
  EXPECT_EQ(f.location, "a>handlebars");
  EXPECT_EQ(f.severity, Severity::kHigh);
}

TEST(YarnAuditImporter, Sniff) {
  EXPECT_TRUE(SniffYarnAudit(
      "{\"type\":\"auditAdvisory\",\"data\":{}}\n{\"type\":\"auditSummary\"}",
      true));
  EXPECT_TRUE(SniffYarnAudit(
      R"({"value":"x","children":{"ID":1,"Issue":"i","Severity":"low"}})",
      true));
  EXPECT_FALSE(SniffYarnAudit(R"({"actions": [], "advisories": {}})", true));
}

}  // namespace
}  // namespace exposure
