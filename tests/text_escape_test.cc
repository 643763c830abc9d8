// The escaping the exports share: CSV cells (with formulas defused), HTML,
// Markdown and Jira wiki text, and cutting long texts.
#include "core/render/exports/text_escape.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace exposure {
namespace {

std::string Csv(std::string_view cell) {
  std::string out;
  AppendCsvCell(cell, &out);
  return out;
}

std::string Jira(std::string_view text) {
  std::string out;
  AppendJiraText(text, &out);
  return out;
}

TEST(TextEscape, CsvCellsQuotedOnlyWhenNeeded) {
  EXPECT_EQ(Csv(""), "");
  EXPECT_EQ(Csv("plain text"), "plain text");
  EXPECT_EQ(Csv("a,b"), "\"a,b\"");
  EXPECT_EQ(Csv("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(Csv("two\r\nlines"), "\"two\r\nlines\"");
  EXPECT_EQ(Csv("line\nfeed"), "\"line\nfeed\"");
  EXPECT_EQ(Csv(" padded"), "\" padded\"");
  EXPECT_EQ(Csv("padded "), "\"padded \"");
  // UTF-8 passes as it is.
  EXPECT_EQ(Csv("caf\xC3\xA9"), "caf\xC3\xA9");
}

TEST(TextEscape, CsvFormulasGetAnApostrophe) {
  EXPECT_EQ(Csv("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_EQ(Csv("+1"), "\"'+1\"");
  EXPECT_EQ(Csv("-2"), "\"'-2\"");
  EXPECT_EQ(Csv("@SUM(1)"), "\"'@SUM(1)\"");
  EXPECT_EQ(Csv("\tcmd"), "\"'\tcmd\"");
  EXPECT_EQ(Csv("\rcmd"), "\"'\rcmd\"");
  // After leading spaces too: spreadsheets skip them.
  EXPECT_EQ(Csv("  =1+1"), "\"'  =1+1\"");
  // Not at the start: text.
  EXPECT_EQ(Csv("a=b"), "a=b");
  EXPECT_EQ(Csv("CVE-2021-44228"), "CVE-2021-44228");
}

TEST(TextEscape, CsvRowJoinsCellsAndEndsWithCrlf) {
  std::string row;
  AppendCsvRow(&row, "a", std::string("b,c"), std::string_view("=d"));
  EXPECT_EQ(row, "a,\"b,c\",\"'=d\"\r\n");
}

TEST(TextEscape, HtmlEscapesMarkupAndBadBytes) {
  EXPECT_EQ(Html("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(Html("a & \"b\" 'c'"), "a &amp; &quot;b&quot; &#39;c&#39;");
  EXPECT_EQ(Html("tab\tand\nline"), "tab\tand\nline");
  // Control characters and broken UTF-8 become U+FFFD.
  EXPECT_EQ(Html(std::string_view("a\0b", 3)),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(Html("\x1B[31m"), "\xEF\xBF\xBD[31m");
  EXPECT_EQ(Html("\xC3"), "\xEF\xBF\xBD");
  EXPECT_EQ(Html("\xED\xA0\x80"),  // a surrogate
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(Html("\xF0\x9F\x94\x92 locked"), "\xF0\x9F\x94\x92 locked");
}

TEST(TextEscape, MarkdownEscapesWhatWouldBecomeMarkup) {
  EXPECT_EQ(Markdown("![x](http://e/a.png)"), "\\!\\[x\\]\\(http://e/a.png\\)");
  EXPECT_EQ(Markdown("a|b"), "a\\|b");
  EXPECT_EQ(Markdown("<b>&"), "&lt;b&gt;&amp;");
  EXPECT_EQ(Markdown("two\nlines"), "two lines");
}

TEST(TextEscape, JiraTextEscapesLinksMacrosAndImages) {
  EXPECT_EQ(Jira("[click|http://evil]"), "\\[click\\|http://evil\\]");
  EXPECT_EQ(Jira("!http://evil/pixel.png!"), "\\!http://evil/pixel.png\\!");
  EXPECT_EQ(Jira("{html}<b>{html}"), "\\{html\\}<b>\\{html\\}");
  EXPECT_EQ(Jira("back\\slash"), "back\\\\slash");
  // One line: breaks and tabs as spaces, so a text cannot start a list,
  // a heading or a table row.
  EXPECT_EQ(Jira("a\r\nh1. b\tc"), "a  h1. b c");
  EXPECT_EQ(Jira("*bold* CVE-2021-44228"), "*bold* CVE-2021-44228");
  EXPECT_EQ(Jira("\x01\xFF"), "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(TextEscape, CutUtf8KeepsWholeCharacters) {
  EXPECT_EQ(CutUtf8("short", 10), "short");
  EXPECT_EQ(CutUtf8("exactly", 7), "exactly");
  EXPECT_EQ(CutUtf8("abcdef", 3), "abc...");
  // "é" is two bytes: a cut inside it goes back before it.
  EXPECT_EQ(CutUtf8("h\xC3\xA9llo", 2), "h...");
  EXPECT_EQ(CutUtf8("h\xC3\xA9llo", 3), "h\xC3\xA9...");
  EXPECT_EQ(CutUtf8("\xF0\x9F\x94\x92x", 3), "...");
}

}  // namespace
}  // namespace exposure
