#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "core/base/disjoint_sets.h"
#include "core/base/json_writer.h"
#include "core/base/net.h"
#include "core/base/status.h"
#include "core/base/strings.h"
#include "core/base/text_index.h"
#include "core/base/time.h"
#include "core/model/model.h"

namespace exposure {
namespace {

TEST(Strings, TrimAndSplit) {
  EXPECT_EQ(Trim("  a b \n"), "a b");
  EXPECT_EQ(SplitTrimmed(" x, y ,,z ", ","),
            (std::vector<std::string>{"x", "y", "z"}));
}

TEST(Strings, ParseScoreTenths) {
  int v = 0;
  EXPECT_TRUE(ParseScoreTenths("7.5", &v));
  EXPECT_EQ(v, 75);
  EXPECT_TRUE(ParseScoreTenths("10.0", &v));
  EXPECT_EQ(v, 100);
  EXPECT_TRUE(ParseScoreTenths("4", &v));
  EXPECT_EQ(v, 40);
  EXPECT_FALSE(ParseScoreTenths("10.1", &v));
  EXPECT_FALSE(ParseScoreTenths("7.55", &v));
  EXPECT_FALSE(ParseScoreTenths("abc", &v));
  EXPECT_FALSE(ParseScoreTenths("", &v));
}

// Report ids are these hashes, so they must not change across versions and
// platforms: known answers from FNV-1a 64's published vectors ("" gives
// cbf29ce484222325, "a" af63dc4c8601ec8c), continued over the separator
// byte 0xff that follows each string, and over the 8 little-endian bytes of
// a number.
TEST(Strings, FnvIsFnv1aAndSeparatesFields) {
  EXPECT_EQ(Fnv64().Hex(), "cbf29ce484222325");
  EXPECT_EQ(Fnv64().Add("a").Hex(), "089bc907b544c769");
  EXPECT_EQ(Fnv64().Add(uint64_t{1}).Hex(), "89cd31291d2aefa4");
  EXPECT_NE(Fnv64().Add("ab").Add("c").value(),
            Fnv64().Add("a").Add("bc").value());
}

TEST(TextIndex, NumbersTextsInFirstSeenOrder) {
  TextIndex index;
  EXPECT_EQ(index.Find("a"), TextIndex::kNone);
  bool added = false;
  EXPECT_EQ(index.Add("b", &added), 0u);
  EXPECT_TRUE(added);
  EXPECT_EQ(index.Add("", &added), 1u);
  EXPECT_TRUE(added);
  EXPECT_EQ(index.Add("b", &added), 0u);
  EXPECT_FALSE(added);
  EXPECT_EQ(index.Add(std::string_view("a\0b", 3)), 2u);
  EXPECT_EQ(index.Find(std::string_view("a\0b", 3)), 2u);
  EXPECT_EQ(index.Find("a"), TextIndex::kNone);
  EXPECT_EQ(index.Find(""), 1u);
  EXPECT_EQ(index[0], "b");
  EXPECT_EQ(index[1], "");
  EXPECT_EQ(index.size(), 3u);
  EXPECT_EQ(index.text_bytes(), 4u);
}

TEST(TextIndex, KeepsItsTextsAndIdsWhileGrowingAndWhenMoved) {
  TextIndex index;
  std::vector<std::string> texts;
  for (int i = 0; i < 100000; ++i)
    texts.push_back("text-" + std::to_string(i * 7919 % 100003));
  for (size_t i = 0; i < texts.size(); ++i)
    ASSERT_EQ(index.Add(texts[i]), i);
  const std::string_view first = index[0];
  TextIndex moved = std::move(index);
  EXPECT_EQ(moved[0].data(), first.data()) << "texts stay where they are";
  for (size_t i = 0; i < texts.size(); ++i) {
    ASSERT_EQ(moved.Find(texts[i]), i);
    ASSERT_EQ(moved[static_cast<uint32_t>(i)], texts[i]);
  }
  // At most half full, with a view and a hash per text: about 32 bytes.
  EXPECT_LT(moved.overhead_bytes() / texts.size(), 48u);
}

TEST(Time, UnixToIso8601) {
  EXPECT_EQ(UnixToIso8601(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(UnixToIso8601(1648042311), "2022-03-23T13:31:51Z");
  EXPECT_EQ(UnixToIso8601(951782400), "2000-02-29T00:00:00Z");
}

TEST(Time, NormalizeIso8601) {
  // A zone makes the time UTC; fractions of a second go.
  EXPECT_EQ(NormalizeIso8601("2024-01-15T08:58:29.82753744Z"),
            "2024-01-15T08:58:29Z");
  EXPECT_EQ(NormalizeIso8601("2026-01-21T10:19:22.484900675+01:00"),
            "2026-01-21T09:19:22Z");
  EXPECT_EQ(NormalizeIso8601("2022-11-28T23:27:21-0600"),
            "2022-11-29T05:27:21Z");
  EXPECT_EQ(NormalizeIso8601("2024-03-01T00:30:00+01"), "2024-02-29T23:30:00Z");
  // Without a zone the time is kept as written, with seconds.
  EXPECT_EQ(NormalizeIso8601(" 2022-09-22T13:01 "), "2022-09-22T13:01:00");
  EXPECT_EQ(NormalizeIso8601("2021-02-11 16:38:22"), "2021-02-11T16:38:22");
  // Not a date-time: nothing.
  EXPECT_EQ(NormalizeIso8601("2024-01-15"), "");
  EXPECT_EQ(NormalizeIso8601("2023-02-30T10:00:00Z"), "");
  EXPECT_EQ(NormalizeIso8601("2024-01-15T25:00:00Z"), "");
  EXPECT_EQ(NormalizeIso8601("2024-01-15T10:00:00 UTC"), "");
  EXPECT_EQ(NormalizeIso8601("yesterday"), "");
  EXPECT_EQ(NormalizeIso8601(""), "");
}

TEST(Status, LocationText) {
  Location loc;
  // Nothing known prints as nothing (wasm/API.md promises "" to JavaScript).
  EXPECT_FALSE(loc.known());
  EXPECT_EQ(loc.ToString(), "");
  loc.byte_offset = 311;
  EXPECT_TRUE(loc.known());
  EXPECT_EQ(loc.ToString(), "byte 311");
  loc.line = 12;
  loc.column = 4;
  EXPECT_EQ(loc.ToString(), "line 12, column 4 (byte 311)");
  Status s = Status::Error("boom", loc);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "boom");
}

TEST(Severity, ParsesCommonSpellings) {
  Severity s;
  ASSERT_TRUE(ParseSeverity("CRITICAL", &s));
  EXPECT_EQ(s, Severity::kCritical);
  ASSERT_TRUE(ParseSeverity("Moderate", &s));
  EXPECT_EQ(s, Severity::kMedium);
  ASSERT_TRUE(ParseSeverity("UNKNOWN", &s));
  EXPECT_EQ(s, Severity::kInfo);
  EXPECT_FALSE(ParseSeverity("purple", &s));
}

// The 8-bytes-a-step search (used on WebAssembly) agrees with memchr for
// every length, offset and position of the byte, including none.
TEST(Strings, FindByteSwarMatchesMemchr) {
  std::string hay(40, 'a');
  for (size_t len = 0; len <= 33; ++len) {
    for (size_t start = 0; start < 4; ++start) {
      for (size_t pos = 0; pos <= len; ++pos) {  // pos == len: absent
        std::string h = hay;
        if (pos < len)
          h[start + pos] = '<';
        h[start + len] = '<';  // just past the range: must not be found
        const char* p = h.data() + start;
        const void* want = std::memchr(p, '<', len);
        EXPECT_EQ(FindByteSwar(p, '<', len), want) << len << " " << pos;
        EXPECT_EQ(FindByte(p, '<', len), want);
      }
    }
  }
  // Bytes with the high bit set, and the byte 0x80 itself.
  const std::string bin("\xff\xfe\x7f\x80\x00\x01\x80\xc3", 8);
  EXPECT_EQ(FindByteSwar(bin.data(), '\x80', bin.size()), bin.data() + 3);
  EXPECT_EQ(FindByteSwar(bin.data(), '\0', bin.size()), bin.data() + 4);
  EXPECT_EQ(FindByteSwar(bin.data(), 'z', bin.size()), nullptr);
}

TEST(JsonWriter, EscapesAndRepairsUtf8) {
  std::string out;
  AppendJsonString("a\"b\\c\n\x01 \xC3\xA9 \xFF end", &out);
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u0001 \xC3\xA9 \xEF\xBF\xBD end\"");
}

// Strings built from pieces whose escaped form is known, at every length
// and alignment, so both the 8-byte path and the byte path are covered.
TEST(JsonWriter, EscapesEveryPieceAtEveryPosition) {
  const std::pair<const char*, const char*> kPieces[] = {
      {"a", "a"},
      {"Z", "Z"},
      {" ", " "},
      {"~", "~"},
      {"\x7f", "\x7f"},
      {"\"", "\\\""},
      {"\\", "\\\\"},
      {"\n", "\\n"},
      {"\r", "\\r"},
      {"\t", "\\t"},
      {"\x01", "\\u0001"},
      {"\x1f", "\\u001f"},
      {"\xC3\xA9", "\xC3\xA9"},
      {"\xE2\x82\xAC", "\xE2\x82\xAC"},
      {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"},
      {"\xFF", "\xEF\xBF\xBD"},  // never valid
      {"\xC3", "\xEF\xBF\xBD"},  // lead byte without its continuation
      {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},  // surrogate
  };
  const size_t kCount = sizeof(kPieces) / sizeof(kPieces[0]);
  uint32_t seed = 12345;
  auto next = [&seed]() {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7fff;
  };
  for (size_t length = 0; length < 60; ++length) {
    for (int round = 0; round < 40; ++round) {
      std::string in;
      std::string expected = "\"";
      // Runs of plain letters make the 8-byte path carry most of the text.
      for (size_t k = 0; k < length; ++k) {
        size_t pick = next() % (kCount * 2);
        if (pick >= kCount) {
          in += 'q';
          expected += 'q';
        } else {
          in += kPieces[pick].first;
          expected += kPieces[pick].second;
        }
      }
      expected += '"';
      std::string out;
      AppendJsonString(in, &out);
      ASSERT_EQ(out, expected) << "length " << length << " round " << round;
    }
  }
}

TEST(JsonWriter, PrettyLayout) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("a");
  w.BeginArray();
  w.Int(1);
  w.Decimal(75, 1);
  w.EndArray();
  w.Key("b");
  w.BeginObject();
  w.EndObject();
  w.EndObject();
  w.Flush();
  EXPECT_EQ(out, "{\n  \"a\": [\n    1,\n    7.5\n  ],\n  \"b\": {}\n}");
}

// kLines: a root array's elements and closing bracket start lines; nothing
// else does, however deep.
TEST(JsonWriter, LinesLayoutPutsRootArrayElementsOnLines) {
  std::string out;
  JsonWriter w(&out, JsonWriter::Style::kLines);
  w.BeginObject();
  w.Key("s");
  w.BeginObject();
  w.Key("n");
  w.Int(2);
  w.EndObject();
  w.Key("a");
  w.BeginArray();
  w.BeginObject();
  w.Key("x");
  w.BeginArray();
  w.Int(1);
  w.Int(2);
  w.EndArray();
  w.EndObject();
  w.BeginObject();
  w.EndObject();
  w.EndArray();
  w.Key("e");
  w.BeginArray();
  w.EndArray();
  w.StringArray("h", {"i"});
  w.EndObject();
  w.Flush();
  EXPECT_EQ(out,
            "{\"s\":{\"n\":2},\"a\":[\n{\"x\":[1,2]},\n{}\n],\"e\":[],"
            "\"h\":[\n\"i\"\n]}");
}

TEST(JsonWriter, CompactLayoutHasNoWhitespace) {
  std::string out;
  JsonWriter w(&out, JsonWriter::Style::kCompact);
  w.BeginObject();
  w.Key("a");
  w.BeginArray();
  w.Int(1);
  w.Decimal(75, 1);
  w.BeginObject();
  w.EndObject();
  w.EndArray();
  w.Key("b");
  w.BeginObject();
  w.Key("c");
  w.String("d e");
  w.Key("f");
  w.Null();
  w.EndObject();
  w.OptionalString("g", "");
  w.StringArray("h", {"i", "j"});
  w.EndObject();
  w.Flush();
  EXPECT_EQ(out, R"({"a":[1,7.5,{}],"b":{"c":"d e","f":null},"h":["i","j"]})");
}

TEST(JsonWriter, FlushTrimsAndWritingGoesOnAfterTheCallerClears) {
  std::string out;
  JsonWriter w(&out);
  w.BeginArray();
  w.String("x\ty");
  w.Decimal(-1205, 2);
  w.Decimal(7, 5);
  EXPECT_EQ(w.size(), 31u);
  w.Flush();
  EXPECT_EQ(out, "[\n  \"x\\ty\",\n  -12.05,\n  0.00007");
  out.clear();
  w.Null();
  w.EndArray();
  w.Flush();
  EXPECT_EQ(out, ",\n  null\n]");
}

TEST(JsonWriter, TakeHandsOutPiecesThatJoinToTheWholeOutput) {
  std::string whole;
  {
    JsonWriter w(&whole);
    w.BeginArray();
    for (int i = 0; i < 5000; ++i)
      w.String(std::string(static_cast<size_t>(i % 97), 'a' + i % 26));
    w.EndArray();
  }
  std::string out;
  std::string joined;
  {
    JsonWriter w(&out);
    w.BeginArray();
    for (int i = 0; i < 5000; ++i) {
      w.String(std::string(static_cast<size_t>(i % 97), 'a' + i % 26));
      if (i % 300 == 0) {
        std::string_view piece = w.Take();
        EXPECT_EQ(w.size(), 0u);
        joined.append(piece);
      }
    }
    w.EndArray();
    joined.append(w.Take());
    // The spare room is given back when the writer ends.
    EXPECT_GT(out.size(), 0u);
  }
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(joined, whole);
}

}  // namespace
}  // namespace exposure

namespace exposure {
namespace {

// The root of a set is its lowest member, whatever order the unions came
// in, and a union says which root absorbed which.
TEST(DisjointSets, RootIsTheLowestMemberWhateverTheOrder) {
  DisjointSets s(6);
  EXPECT_EQ(s.Union(4, 5), std::make_pair(4u, 5u));
  EXPECT_EQ(s.Union(5, 2), std::make_pair(2u, 4u));
  EXPECT_EQ(s.Union(2, 4), std::make_pair(2u, 2u));  // one set already
  EXPECT_EQ(s.Find(5), 2u);
  EXPECT_EQ(s.Find(4), 2u);
  EXPECT_EQ(s.Find(3), 3u);
  EXPECT_EQ(s.Union(3, 0).first, 0u);
  EXPECT_NE(s.Find(3), s.Find(5));
}

}  // namespace
}  // namespace exposure

namespace exposure {
namespace {

TEST(Net, MacDigitsAndOctets) {
  EXPECT_EQ(MacHexDigits("00-50-56-9A-0B-0C", ":-."), "0050569a0b0c");
  EXPECT_EQ(MacHexDigits("0050.569a.0b0c", ":-."), "0050569a0b0c");
  EXPECT_EQ(MacHexDigits("00 50 56", ":-."), "");  // a space is no separator
  EXPECT_EQ(MacHexDigits("00 50 56", ": "), "005056");
  EXPECT_EQ(ColonOctets("0050569a0b0c"), "00:50:56:9a:0b:0c");
}

}  // namespace
}  // namespace exposure
