#include "core/importers/text_util.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace exposure {
namespace {

TEST(HtmlToText, BlockTagsBecomeLinesAndBlankRunsCollapse) {
  EXPECT_EQ(HtmlToText("A<BR>B<br/>C"), "A\nB\nC");
  EXPECT_EQ(HtmlToText("<P>One</P><P>Two</P>"), "One\n\nTwo");
  EXPECT_EQ(HtmlToText("<ul><li>a</li><li>b</li></ul>"), "a\n\nb");
  EXPECT_EQ(HtmlToText("<dl><dt>Term<dd>Meaning</dl>"), "Term\nMeaning");
  EXPECT_EQ(HtmlToText("x <b>bold</b> <A HREF=\"u\">link</A>"), "x bold link");
}

TEST(HtmlToText, EntitiesWhitespaceAndUnclosedTags) {
  EXPECT_EQ(HtmlToText("a &lt;b&gt; &amp; &#65;&#x42; &nbsp;x"),
            "a <b> & AB  x");
  EXPECT_EQ(HtmlToText("&amp;nbsp; &unknown;"), "&nbsp; &unknown;");
  EXPECT_EQ(HtmlToText("  tab\there\r\n  next  "), "tab here\nnext");
  EXPECT_EQ(HtmlToText("kept <unclosed"), "kept");
  EXPECT_EQ(HtmlToText(""), "");
  EXPECT_EQ(HtmlToText("\n\n\ntext\n\n\n\nmore\n\n"), "text\n\nmore");
}

// Block elements end lines, paragraphs stay apart, inline tags vanish
// (Qualys and Burp write the same HTML).
TEST(HtmlToText, BlockTags) {
  EXPECT_EQ(HtmlToText("<H1>Title</H1><div>one <b>bold</b> <a "
                       "href=\"x\">link</a></div><p>para</p><p>next<br/>"
                       "line</p><ul><li>a</li><li>b</li></ul>"),
            "Title\n\none bold link\n\npara\n\nnext\nline\n\na\n\nb");
  // A tag name is the whole name: <pre> and <param> are not <p>.
  EXPECT_EQ(HtmlToText("x<param name=a>y<pre>z</pre>"), "xy\nz");
}

TEST(TextUtil, CweAndCveIds) {
  std::vector<std::string> cwes;
  AddCwesFromText("external/cwe/cwe-079", &cwes);
  AddCwesFromText("CWE-352: Cross-Site Request Forgery", &cwes);
  AddCwesFromText("cwe_89 and CWE-79", &cwes);
  EXPECT_EQ(cwes, (std::vector<std::string>{"CWE-79", "CWE-352", "CWE-89"}));
  std::vector<std::string> bare;
  AddCwe("022", &bare);
  AddCwe(" CWE-20 ", &bare);
  AddCwe("CWE-1234567", &bare);  // too long
  AddCwe("n/a", &bare);
  EXPECT_EQ(bare, (std::vector<std::string>{"CWE-22", "CWE-20"}));
  std::vector<std::string> cves;
  AddCvesFromText("CVE-2008-0732-geronimo cve-2021-44228 CVE-21-1", &cves);
  EXPECT_EQ(cves,
            (std::vector<std::string>{"CVE-2008-0732", "CVE-2021-44228"}));
}

TEST(TextUtil, SeverityFromScores) {
  Severity s = Severity::kInfo;
  ASSERT_TRUE(SeverityFromScore("7.0", &s));
  EXPECT_EQ(s, Severity::kHigh);
  ASSERT_TRUE(SeverityFromScore("0.1", &s));
  EXPECT_EQ(s, Severity::kLow);
  EXPECT_FALSE(SeverityFromScore("HIGH", &s));
  EXPECT_EQ(SeverityFromTenths(0), Severity::kInfo);
  EXPECT_EQ(SeverityFromTenths(39), Severity::kLow);
  EXPECT_EQ(SeverityFromTenths(40), Severity::kMedium);
  EXPECT_EQ(SeverityFromTenths(89), Severity::kHigh);
  EXPECT_EQ(SeverityFromTenths(100), Severity::kCritical);
}

TEST(TextUtil, BoundedCutsOnUtf8Boundary) {
  EXPECT_EQ(Bounded("short", 10), "short");
  // "é" is two bytes: a cut inside it moves back before it.
  EXPECT_EQ(Bounded("ab\xC3\xA9", 3), "ab [truncated by Exposure Lens]");
}

}  // namespace
}  // namespace exposure
