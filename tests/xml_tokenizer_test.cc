#include "core/import/xml/xml_tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace exposure {
namespace {

// Records events as text: "<a k=v>", "</a>", "'text'" (adjacent text
// pieces merged, so results do not depend on chunking).
class Recorder : public XmlHandler {
 public:
  Status StartElement(std::string_view name,
                      const std::vector<XmlAttribute>& attrs) override {
    std::string e = "<" + std::string(name);
    for (const XmlAttribute& a : attrs) {
      e += " " + std::string(a.name) + "=" + std::string(a.value);
    }
    events.push_back(e + ">");
    return Status::Ok();
  }
  Status EndElement(std::string_view name) override {
    events.push_back("</" + std::string(name) + ">");
    return Status::Ok();
  }
  Status Text(std::string_view text) override {
    if (!events.empty() && events.back()[0] == '\'') {
      events.back().pop_back();
      events.back() += std::string(text) + "'";
    } else {
      events.push_back("'" + std::string(text) + "'");
    }
    return Status::Ok();
  }
  std::vector<std::string> events;
};

struct Parsed {
  std::vector<std::string> events;
  Status status;
};

Parsed Parse(const std::string& doc, size_t chunk) {
  Recorder r;
  XmlTokenizer t(&r);
  Status s;
  for (size_t off = 0; off < doc.size() && s.ok(); off += chunk) {
    s = t.Feed(std::string_view(doc).substr(off, chunk));
  }
  if (s.ok())
    s = t.Finish();
  return {r.events, s};
}

const char kDoc[] =
    "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n"
    "<!-- a comment with <tags> -->\n"
    "<root a=\"1 &amp; 2\" b='x>y'>\n"
    "  <item id=\"7\">caf&#233; &lt;b&gt; &#x1F600;</item>\n"
    "  <empty/>\n"
    "  <data><![CDATA[<not> &amp; markup]]></data>\n"
    "</root>\n";

TEST(XmlTokenizer, EventsAndDecoding) {
  Parsed p = Parse(kDoc, 1 << 20);
  ASSERT_TRUE(p.status.ok()) << p.status.message();
  std::vector<std::string> want = {"<root a=1 & 2 b=x>y>",
                                   "'\n  '",
                                   "<item id=7>",
                                   "'caf\xC3\xA9 <b> \xF0\x9F\x98\x80'",
                                   "</item>",
                                   "'\n  '",
                                   "<empty>",
                                   "</empty>",
                                   "'\n  '",
                                   "<data>",
                                   "'<not> &amp; markup'",
                                   "</data>",
                                   "'\n'",
                                   "</root>"};
  EXPECT_EQ(p.events, want);
}

TEST(XmlTokenizer, SameEventsForEveryChunkSize) {
  Parsed whole = Parse(kDoc, 1 << 20);
  for (size_t chunk : {1, 2, 3, 5, 7, 13, 64}) {
    Parsed p = Parse(kDoc, chunk);
    ASSERT_TRUE(p.status.ok()) << chunk << ": " << p.status.message();
    EXPECT_EQ(p.events, whole.events) << "chunk " << chunk;
  }
}

// Plain values are handed out as views of the input and decoded ones from
// storage of their own; with many attributes of both kinds in one tag,
// every value must still be intact when the handler sees them.
TEST(XmlTokenizer, ManyPlainAndDecodedAttributesInOneTag) {
  std::string doc = "<r";
  std::string want = "<r";
  for (int i = 0; i < 300; ++i) {
    std::string n = "a" + std::to_string(i);
    switch (i % 4) {
      case 0:
        doc += " " + n + "=\"v" + std::to_string(i) + "\"";
        want += " " + n + "=v" + std::to_string(i);
        break;
      case 1:
        doc += " " + n + "='&lt;" + std::to_string(i) + "'";
        want += " " + n + "=<" + std::to_string(i);
        break;
      case 2:
        doc += " " + n + "=\"x\ty\n" + std::to_string(i) + "\"";
        want += " " + n + "=x y " + std::to_string(i);
        break;
      default:
        doc += " " + n + "=\"" + std::string(40, 'p') + "&amp;\"";
        want += " " + n + "=" + std::string(40, 'p') + "&";
    }
  }
  doc += "/>";
  want += ">";
  for (size_t chunk : {size_t{1} << 20, size_t{7}}) {
    Parsed p = Parse(doc, chunk);
    ASSERT_TRUE(p.status.ok()) << p.status.message();
    ASSERT_EQ(p.events.size(), 2u);
    EXPECT_EQ(p.events[0], want);
  }
  Parsed dup = Parse("<r a='1' b='&amp;' a='2'/>", 1 << 20);
  EXPECT_FALSE(dup.status.ok());
  EXPECT_NE(dup.status.message().find("duplicate attribute 'a'"),
            std::string::npos);
}

TEST(XmlTokenizer, DoctypeIsSkippedAndEntitiesNotExpanded) {
  // Classic XXE and billion-laughs shapes: declarations are ignored, the
  // references stay literal text.
  std::string doc =
      "<!DOCTYPE r [\n"
      "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n"
      "  <!ENTITY lol \"lol\"> <!ENTITY lol2 \"&lol;&lol;&lol;\">\n"
      "]>\n"
      "<r>&xxe;&lol2;</r>";
  for (size_t chunk : {1, 4, 1000}) {
    Parsed p = Parse(doc, chunk);
    ASSERT_TRUE(p.status.ok()) << p.status.message();
    EXPECT_EQ(p.events,
              (std::vector<std::string>{"<r>", "'&xxe;&lol2;'", "</r>"}));
  }
}

TEST(XmlTokenizer, MismatchedTagReportsLineAndColumn) {
  Parsed p = Parse("<a>\n  <b>\n  </c>\n</a>", 3);
  ASSERT_FALSE(p.status.ok());
  EXPECT_NE(p.status.message().find("</c>"), std::string::npos);
  EXPECT_EQ(p.status.location().line, 3u);
  EXPECT_EQ(p.status.location().column, 3u);
  EXPECT_EQ(p.status.location().byte_offset, 12u);
}

TEST(XmlTokenizer, TruncatedInputIsAnError) {
  Parsed p = Parse("<a><b>text", 4);
  ASSERT_FALSE(p.status.ok());
  EXPECT_NE(p.status.message().find("<b> is not closed"), std::string::npos);
  Parsed q = Parse("<a><b attr=\"x", 4);
  ASSERT_FALSE(q.status.ok());
}

TEST(XmlTokenizer, RejectsMalformedMarkup) {
  EXPECT_FALSE(Parse("<a x=1></a>", 100).status.ok());          // unquoted
  EXPECT_FALSE(Parse("<a x='1' x='2'></a>", 100).status.ok());  // duplicate
  EXPECT_FALSE(Parse("</a>", 100).status.ok());
  EXPECT_FALSE(Parse("<a></a><b></b>", 100).status.ok());  // two roots
  EXPECT_FALSE(Parse("", 100).status.ok());
  EXPECT_FALSE(Parse("just text", 100).status.ok());
  // An attribute needs a name (found by the fuzzer: `<a ="1">` passed one
  // with an empty name to the importers).
  Parsed nameless = Parse("<a ='1'></a>", 100);
  ASSERT_FALSE(nameless.status.ok());
  EXPECT_NE(nameless.status.message().find("attribute without a name"),
            std::string::npos)
      << nameless.status.message();
  EXPECT_FALSE(Parse("<a b='1' ='2'></a>", 100).status.ok());
}

TEST(XmlTokenizer, DepthLimit) {
  std::string doc;
  for (int i = 0; i < 600; ++i)
    doc += "<a>";
  Parsed p = Parse(doc, 1 << 20);
  ASSERT_FALSE(p.status.ok());
  EXPECT_NE(p.status.message().find("deeper"), std::string::npos);
}

TEST(XmlTokenizer, TokenSizeLimit) {
  Recorder r;
  XmlLimits limits;
  limits.max_token_bytes = 100;
  XmlTokenizer t(&r, limits);
  ASSERT_TRUE(t.Feed("<r><!-- ").ok());
  Status s;
  for (int i = 0; i < 20 && s.ok(); ++i)
    s = t.Feed(std::string(10, 'x'));
  EXPECT_FALSE(s.ok());
}

TEST(XmlTokenizer, HandlerErrorStopsParsing) {
  class Stopper : public XmlHandler {
   public:
    Status StartElement(std::string_view name,
                        const std::vector<XmlAttribute>&) override {
      if (name == "stop")
        return Status::Error("stopped here");
      return Status::Ok();
    }
    Status EndElement(std::string_view) override { return Status::Ok(); }
    Status Text(std::string_view) override { return Status::Ok(); }
  } h;
  XmlTokenizer t(&h);
  Status s = t.Feed("<a>\n<stop/></a>");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "stopped here");
  EXPECT_EQ(s.location().line, 2u);
  EXPECT_FALSE(t.Feed("more").ok());  // stays failed
}

TEST(XmlEntities, Decode) {
  std::string out;
  DecodeXmlEntities("a&amp;b &unknown; & &#0; &#xZZ; &quot;", &out);
  EXPECT_EQ(out, "a&b &unknown; & \xEF\xBF\xBD &#xZZ; \"");
}

TEST(XmlEntities, BareAmpersandsStayLiteral) {
  // Many '&' with the only ';' far behind them (a long query string): all
  // literal, and a reference right after them still decodes.
  std::string in;
  for (int i = 0; i < 20000; ++i)
    in += "&k=v";
  in += "&amp;;";
  std::string out;
  DecodeXmlEntities(in, &out);
  EXPECT_EQ(out, in.substr(0, in.size() - 6) + "&;");
  out.clear();
  DecodeXmlEntities("&abcdefghijk;&abcdefghijkl;", &out);  // 11 and 12 long
  EXPECT_EQ(out, "&abcdefghijk;&abcdefghijkl;");
}

}  // namespace
}  // namespace exposure
