#include "core/importers/semgrep_importer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

TEST(SemgrepImporter, MapsFields) {
  const std::string doc = R"json({"results": [{
    "check_id": "python.flask.security.xss.direct-use-of-jinja2",
    "path": "app/views.py", "start": {"line": 42, "col": 5},
    "end": {"line": 42, "col": 30},
    "extra": {"message": "Direct use of jinja2", "severity": "ERROR",
      "fix": "render_template(x)", "lines": "jinja2.Template(x)",
      "is_ignored": true,
      "metadata": {"cwe": ["CWE-79: Improper Neutralization"],
                   "references": ["https://example.test/ref"],
                   "source": "https://semgrep.dev/r/x"}}}],
    "errors": [{"message": "timeout"}]})json";
  Analyzer a;
  testing::FeedInChunks(&a, "s.json", doc, 3);
  const Input& in = a.store().inputs()[0];
  ASSERT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_EQ(in.format, "semgrep");
  ASSERT_EQ(a.store().findings().size(), 1u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.rule_id, "python.flask.security.xss.direct-use-of-jinja2");
  EXPECT_EQ(f.title, "direct-use-of-jinja2");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.tool_severity, "ERROR");
  EXPECT_EQ(f.location, "app/views.py:42");
  EXPECT_EQ(f.cwes, (std::vector<std::string>{"CWE-79"}));
  EXPECT_EQ(f.description, "Direct use of jinja2");
  EXPECT_EQ(f.solution, "Suggested fix: render_template(x)");
  EXPECT_EQ(f.evidence, "jinja2.Template(x)");
  EXPECT_EQ(f.status, FindingStatus::kSuppressed);
  EXPECT_EQ(f.references,
            (std::vector<std::string>{"https://example.test/ref",
                                      "https://semgrep.dev/r/x"}));
}

TEST(SemgrepImporter, Sniff) {
  EXPECT_TRUE(SniffSemgrep(R"({"results": [], "errors": []})", true));
  EXPECT_TRUE(SniffSemgrep(
      R"({"results": [{"check_id": "x", "path": "a", "extra": {}}]})", false));
  EXPECT_FALSE(SniffSemgrep(R"({"version": "2.1.0", "runs": []})", true));
  EXPECT_FALSE(SniffSemgrep(
      R"({"check_type": "terraform", "results": {"failed_checks": []}})",
      true));
}

}  // namespace
}  // namespace exposure
