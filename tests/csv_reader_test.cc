#include "core/import/csv/csv_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/import/csv/csv_columns.h"

namespace exposure {
namespace {

struct Parsed {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<uint64_t> lines;
  Status status;
};

class Collector : public CsvHandler {
 public:
  explicit Collector(Parsed* out) : out_(out) {}
  Status OnHeader(const CsvHeader& h) override {
    for (size_t i = 0; i < h.size(); ++i)
      out_->header.push_back(h.name(i));
    return Status::Ok();
  }
  Status OnRecord(const CsvRow& row) override {
    std::vector<std::string> fields;
    for (size_t i = 0; i < row.size(); ++i)
      fields.emplace_back(row[i]);
    out_->rows.push_back(fields);
    out_->lines.push_back(row.line());
    return Status::Ok();
  }

 private:
  Parsed* out_;
};

Parsed Parse(std::string_view data, size_t chunk, CsvOptions options = {}) {
  Parsed p;
  Collector c(&p);
  CsvReader reader(&c, options);
  for (size_t off = 0; off < data.size() && p.status.ok(); off += chunk) {
    p.status = reader.Feed(data.substr(off, chunk));
  }
  if (p.status.ok())
    p.status = reader.Finish();
  return p;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvReader, QuotesNewlinesAndCrlfForEveryChunking) {
  const std::string doc =
      "\xEF\xBB\xBF"
      "id,Name,Text\r\n"
      "1,\"a, b\",\"say \"\"hi\"\"\"\r\n"
      "2,plain,\"two\r\nlines\"\r\n"
      "\r\n"
      "3,,last";
  Parsed whole = Parse(doc, doc.size());
  ASSERT_TRUE(whole.status.ok()) << whole.status.message();
  EXPECT_EQ(whole.header, (std::vector<std::string>{"id", "Name", "Text"}));
  EXPECT_EQ(whole.rows, (Rows{{"1", "a, b", "say \"hi\""},
                              {"2", "plain", "two\r\nlines"},
                              {"3", "", "last"}}));
  EXPECT_EQ(whole.lines, (std::vector<uint64_t>{2, 3, 6}));
  for (size_t chunk = 1; chunk <= doc.size(); ++chunk) {
    Parsed p = Parse(doc, chunk);
    ASSERT_TRUE(p.status.ok()) << "chunk " << chunk;
    EXPECT_EQ(p.rows, whole.rows) << "chunk " << chunk;
    EXPECT_EQ(p.header, whole.header) << "chunk " << chunk;
    EXPECT_EQ(p.lines, whole.lines) << "chunk " << chunk;
  }
}

TEST(CsvReader, LfAndLoneCrLineEnds) {
  Parsed p = Parse("a,b\n1,2\r3,4\n", 2);
  ASSERT_TRUE(p.status.ok());
  EXPECT_EQ(p.rows, (Rows{{"1", "2"}, {"3", "4"}}));
}

TEST(CsvReader, LenientQuotes) {
  // A quote inside an unquoted field is literal; text after a closing quote
  // is appended.
  Parsed p = Parse("h1,h2\nThe \"root\" account,\"abc\"def\n", 3);
  ASSERT_TRUE(p.status.ok());
  EXPECT_EQ(p.rows, (Rows{{"The \"root\" account", "abcdef"}}));
}

TEST(CsvReader, RaggedRowsReadAsEmpty) {
  Parsed p = Parse("a,b,c\n1\n1,2,3,4\n", 1);
  ASSERT_TRUE(p.status.ok());
  EXPECT_EQ(p.rows, (Rows{{"1"}, {"1", "2", "3", "4"}}));
}

TEST(CsvReader, UnterminatedQuoteAtEofIsLocatedError) {
  const std::string doc = "a,b\n1,2\n3,\"never closed\nmore";
  for (size_t chunk : {size_t{1}, size_t{5}, doc.size()}) {
    Parsed p = Parse(doc, chunk);
    ASSERT_FALSE(p.status.ok());
    EXPECT_NE(p.status.message().find("unterminated quoted field"),
              std::string::npos);
    EXPECT_EQ(p.status.location().line, 3u);
    EXPECT_EQ(p.status.location().column, 3u);
    EXPECT_EQ(p.status.location().byte_offset, 10u);
    EXPECT_EQ(p.rows, (Rows{{"1", "2"}}));
  }
}

TEST(CsvReader, FieldAndColumnLimits) {
  CsvOptions o;
  o.max_field_bytes = 4;
  Parsed p = Parse("a\nabcd\nabcde\n", 2, o);
  ASSERT_FALSE(p.status.ok());
  EXPECT_NE(p.status.message().find("longer than 4 bytes"), std::string::npos);
  EXPECT_EQ(p.status.location().line, 3u);
  EXPECT_EQ(p.rows, (Rows{{"abcd"}}));

  CsvOptions c;
  c.max_columns = 3;
  Parsed q = Parse("a,b,c\n1,2,3\n1,2,3,4\n", 1, c);
  ASSERT_FALSE(q.status.ok());
  EXPECT_NE(q.status.message().find("more than 3 fields"), std::string::npos);
  EXPECT_EQ(q.status.location().line, 3u);
}

TEST(CsvReader, DetectsDelimiter) {
  CsvOptions o;
  o.delimiter = 0;
  const std::string doc = "a;\"b,c\";d\n1;2;3\n";
  for (size_t chunk = 1; chunk <= doc.size(); ++chunk) {
    Parsed p = Parse(doc, chunk, o);
    ASSERT_TRUE(p.status.ok());
    EXPECT_EQ(p.header, (std::vector<std::string>{"a", "b,c", "d"}));
    EXPECT_EQ(p.rows, (Rows{{"1", "2", "3"}}));
  }
  // A header with no delimiter at all, and no final line break.
  Parsed one = Parse("only", 1, o);
  ASSERT_TRUE(one.status.ok());
  EXPECT_EQ(one.header, (std::vector<std::string>{"only"}));
}

TEST(CsvReader, HeaderLookupIsCaseInsensitive) {
  class Lookup : public CsvHandler {
   public:
    Status OnRecord(const CsvRow& row) override {
      value = std::string(header->Get(row, "plugin id"));
      missing = std::string(header->Get(row, "nope"));
      return Status::Ok();
    }
    const CsvHeader* header = nullptr;
    std::string value = "unset";
    std::string missing = "unset";
  } h;
  CsvReader reader(&h);
  h.header = &reader.header();
  ASSERT_TRUE(reader.Feed(" Plugin ID ,Name\n42,x\n").ok());
  ASSERT_TRUE(reader.Finish().ok());
  EXPECT_EQ(h.value, "42");
  EXPECT_EQ(h.missing, "");
  EXPECT_EQ(reader.header().Index("NAME"), 1u);
  EXPECT_EQ(reader.records(), 1u);
}

TEST(CsvReader, HandlerErrorGetsRecordLocation) {
  class Reject : public CsvHandler {
    Status OnRecord(const CsvRow& row) override {
      return row[0] == "bad" ? Status::Error("bad row") : Status::Ok();
    }
  } h;
  CsvReader reader(&h);
  Status s = reader.Feed("h\nok\nbad\nok\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.location().line, 3u);
  EXPECT_EQ(s.location().byte_offset, 5u);
  EXPECT_FALSE(reader.Feed("x\n").ok());
}

TEST(CsvColumns, Helpers) {
  EXPECT_EQ(NormalizeDate("Feb 9, 2024 10:48:42 UTC"), "2024-02-09T10:48:42Z");
  EXPECT_EQ(NormalizeDate("Jan 5, 2021 10:24:08 MST"), "2021-01-05");
  EXPECT_EQ(NormalizeDate("2021/03/04"), "2021-03-04");
  EXPECT_EQ(NormalizeDate("23/11/2009"), "2009-11-23");
  EXPECT_EQ(NormalizeDate("N/A"), "");
  EXPECT_EQ(ExtractCves("CVE-2021-1234, cve-2020-12345\nCVE-2021-1234"),
            (std::vector<std::string>{"CVE-2021-1234", "CVE-2020-12345"}));
  EXPECT_TRUE(LooksLikeIpAddress("10.0.0.1"));
  EXPECT_TRUE(LooksLikeIpAddress("fe80::1"));
  EXPECT_FALSE(LooksLikeIpAddress("host.example"));
  char delim = 0;
  auto recs = CsvHeadRecords("a;b\n1;2\n3;", false, 5, &delim);
  EXPECT_EQ(delim, ';');
  EXPECT_EQ(recs.size(), 2u);
}

}  // namespace
}  // namespace exposure
