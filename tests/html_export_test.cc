// The HTML export: one self-contained page that requests nothing, shows a
// finding's text only escaped, has every section, and is the same bytes
// for the same analysis.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "core/base/version.h"
#include "core/render/export_view.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CountOccurrences;
using testing::ExportedAnalysis;
using testing::ReadFile;
using testing::SourceDir;
using testing::TrivyJson;
using testing::TrivyVuln;

ExportedAnalysis::Inputs Examples() {
  ExportedAnalysis::Inputs inputs;
  for (const char* file : {"host-scan.nessus", "webapp-image.trivy.json"}) {
    std::string data;
    EXPECT_TRUE(ReadFile(SourceDir() + "/examples/" + file, &data)) << file;
    inputs.emplace_back(file, data);
  }
  return inputs;
}

std::string Export(const ExportedAnalysis& analysis) {
  StringExportOutput out;
  Status s = WriteHtml(analysis.view(), &out);
  EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(out.parts.size(), 1u);
  return out.parts.empty() ? "" : out.parts[0];
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return s;
}

// The markup of every tag ("<a href=...>"), lower case; text between
// tags, where escaped finding texts live, is left out.
std::vector<std::string> Tags(const std::string& html) {
  std::vector<std::string> tags;
  for (size_t at = html.find('<'); at != std::string::npos;
       at = html.find('<', at + 1)) {
    const size_t end = html.find('>', at);
    if (end == std::string::npos) {
      ADD_FAILURE() << "unclosed tag at " << at;
      break;
    }
    tags.push_back(Lower(html.substr(at, end - at + 1)));
  }
  return tags;
}

// The page must load nothing: no script, no element or attribute that
// names another resource, no CSS url() or @import.
void ExpectSelfContained(const std::string& html) {
  const std::string lower = Lower(html);
  EXPECT_EQ(lower.find("<script"), std::string::npos);
  EXPECT_EQ(lower.find("url("), std::string::npos);
  EXPECT_EQ(lower.find("@import"), std::string::npos);
  EXPECT_NE(html.find("<meta http-equiv=\"Content-Security-Policy\" "
                      "content=\"default-src 'none'; style-src "
                      "'unsafe-inline'; img-src data:\">"),
            std::string::npos);
  for (const std::string& tag : Tags(html)) {
    for (const char* bad :
         {"src=",   "href=",  "http:",   "https:",  "//",
          "<img",   "<link",  "<iframe", "<object", "<embed",
          "<image", "<use",   "<a ",     "<base",   "<form",
          "<audio", "<video", "onerror", "onload",  "javascript:"}) {
      // "</x>" closes an element; only the markup after "<" is checked.
      const std::string body = tag.substr(1);
      if (std::string(bad).rfind("<", 0) == 0) {
        EXPECT_NE(tag.rfind(bad, 0), 0u) << tag;
      } else {
        EXPECT_EQ(body.find(bad), std::string::npos) << tag;
      }
    }
  }
}

TEST(HtmlExport, HasEverySection) {
  ExportedAnalysis analysis(Examples());
  const std::string html = Export(analysis);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_NE(html.find("<h1>Exposure Lens report</h1>"), std::string::npos);
  EXPECT_NE(html.find(std::string("Exposure Lens ") + kVersion),
            std::string::npos);
  const std::string& as_of = analysis.assessment().as_of;
  ASSERT_FALSE(as_of.empty());
  EXPECT_NE(html.find("as of " + as_of), std::string::npos);
  EXPECT_NE(
      html.find("<td class=\"text\">host-scan.nessus</td><td>nessus</td>"),
      std::string::npos);
  EXPECT_NE(
      html.find(
          "<td class=\"text\">webapp-image.trivy.json</td><td>trivy</td>"),
      std::string::npos);
  for (const char* id : {"summary", "severity", "risk", "actions", "findings"})
    EXPECT_NE(html.find(std::string("<section id=\"") + id + "\">"),
              std::string::npos)
        << id;
  // Three charts, each labelled by its <title>.
  EXPECT_EQ(CountOccurrences(html, "<svg role=\"img\""), 3u);
  for (const char* id : {"severity-chart", "risk-chart", "pareto-chart"}) {
    EXPECT_NE(html.find(std::string("aria-labelledby=\"") + id + "\""),
              std::string::npos);
    EXPECT_NE(html.find(std::string("<title id=\"") + id + "\">"),
              std::string::npos);
  }
  // The Pareto line has a point per top action.
  const size_t top = std::min<size_t>(analysis.plan().actions.size(), 25);
  ASSERT_GT(top, 0u);
  const size_t points = html.find("<polyline");
  ASSERT_NE(points, std::string::npos);
  const size_t begin = html.find("points=\"", points) + 8;
  const std::string list = html.substr(begin, html.find('"', begin) - begin);
  EXPECT_EQ(CountOccurrences(list, ","), top) << list;
  // Every open finding is listed (fewer than 1,000), and nothing more.
  EXPECT_EQ(CountOccurrences(html, "<td class=\"id\">"), analysis.plan().open);
  EXPECT_EQ(html.find("more findings are in the JSON report"),
            std::string::npos);
  // The summary's numbers.
  EXPECT_NE(
      html.find("<li><b>" + std::to_string(analysis.plan().actions.size()) +
                "</b>actions</li>"),
      std::string::npos);
  EXPECT_NE(html.find("<li><b>" + std::to_string(analysis.plan().open) +
                      "</b>open findings</li>"),
            std::string::npos);
  EXPECT_EQ(html.substr(html.size() - 8), "</html>\n");
  ExpectSelfContained(html);
}

TEST(HtmlExport, HostileTextIsOnlyEverEscaped) {
  const std::vector<std::string> titles = {
      "<img src=x onerror=alert(1)>", "\"><script>alert(1)</script>",
      "<svg onload=alert(1)><a href=\"https://evil.example/\">x</a>",
      "=HYPERLINK(\"http://x\",\"y\")",
      "</title></svg><style>body{background:url(http://evil/)}</style>"};
  std::vector<TrivyVuln> vulns;
  for (size_t i = 0; i < titles.size(); ++i) {
    vulns.push_back({"CVE-2099-000" + std::to_string(i), "<b>pkg</b>", "1",
                     "2\"><img src=y>", titles[i], "CRITICAL"});
  }
  ExportedAnalysis analysis(
      {{"<i>x</i>.trivy.json", TrivyJson("<script>img</script>", vulns)}});
  ASSERT_EQ(analysis.plan().open, titles.size());
  const std::string html = Export(analysis);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_EQ(html.find("<b>pkg"), std::string::npos);
  EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(html.find("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
            std::string::npos);
  EXPECT_NE(html.find("&lt;i&gt;x&lt;/i&gt;.trivy.json"), std::string::npos);
  // The CSV payload is plain text here.
  EXPECT_NE(html.find("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)"),
            std::string::npos);
  // One <title> in the head and one per chart, no more: the hostile
  // "</title></svg>" did not close anything.
  EXPECT_EQ(CountOccurrences(html, "</title>"), 4u);
  EXPECT_EQ(CountOccurrences(html, "</svg>"), 3u);
  EXPECT_EQ(CountOccurrences(html, "<style>"), 1u);
  // The "url(" of the hostile style is text, escaped or not: the page
  // check looks at markup only for it.
  std::string without = html;
  for (size_t at = without.find("url(http://evil/)"); at != std::string::npos;
       at = without.find("url(http://evil/)")) {
    without.erase(at, 4);
  }
  ExpectSelfContained(without);
}

TEST(HtmlExport, SameBytesEveryTime) {
  ExportedAnalysis analysis(Examples());
  const std::string first = Export(analysis);
  EXPECT_EQ(Export(analysis), first);
  ExportedAnalysis again(Examples());
  EXPECT_EQ(Export(again), first);
}

TEST(HtmlExport, ListsTheFirstThousandOpenFindings) {
  // 60 hosts of 20 findings: 1,200 open findings.
  ExportedAnalysis analysis({{"big.nessus", testing::BigNessus(60)}});
  ASSERT_EQ(analysis.plan().open, 1200u);
  const std::string html = Export(analysis);
  EXPECT_EQ(CountOccurrences(html, "<td class=\"id\">"), 1000u);
  EXPECT_NE(html.find("<p class=\"note\">200 more findings are in the JSON "
                      "report.</p>"),
            std::string::npos);
  ExpectSelfContained(html);
}

TEST(HtmlExport, EmptyAnalysisIsAValidPage) {
  ExportedAnalysis analysis(ExportedAnalysis::Inputs{});
  const std::string html = Export(analysis);
  EXPECT_NE(html.find("no reference date"), std::string::npos);
  EXPECT_NE(html.find("No actions"), std::string::npos);
  EXPECT_NE(html.find("No open findings."), std::string::npos);
  EXPECT_EQ(CountOccurrences(html, "<svg role=\"img\""), 2u);
  EXPECT_EQ(html.substr(html.size() - 8), "</html>\n");
  ExpectSelfContained(html);
}

}  // namespace
}  // namespace exposure
