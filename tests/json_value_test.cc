#include "core/import/json/json_value.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/import/json/json_records.h"
#include "core/import/json/json_tokenizer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

JsonDoc MustParse(std::string_view text) {
  Result<JsonDoc> r = JsonDoc::Parse(text);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? std::move(*r) : JsonDoc();
}

TEST(JsonValue, LooksUpMembersAndElements) {
  JsonDoc doc =
      MustParse(R"({"s": "a\"b", "n": 12, "f": 7.50, "t": true, "z": null,)"
                R"( "a": [1, "x", {"k": []}], "o": {"b": 1, "a": 2}})");
  JsonValue r = doc.root();
  EXPECT_TRUE(r.is_object());
  EXPECT_EQ(r.size(), 7u);
  EXPECT_EQ(r["s"].get<std::string>(), "a\"b");
  EXPECT_TRUE(r["n"].is_number_integer());
  EXPECT_EQ(r["n"].get<int64_t>(), 12);
  EXPECT_FALSE(r["f"].is_number_integer());
  EXPECT_DOUBLE_EQ(r["f"].get<double>(), 7.5);
  EXPECT_EQ(r["f"].get<int64_t>(), 7);
  EXPECT_TRUE(r["t"] == true);
  EXPECT_TRUE(r["t"] != false);
  EXPECT_FALSE(r["n"] == true);
  EXPECT_TRUE(r["z"].is_null());
  EXPECT_TRUE(r.contains("z"));
  EXPECT_FALSE(r.contains("missing"));
  EXPECT_TRUE(r["missing"].is_null());
  EXPECT_TRUE(r["missing"]["deeper"][3].is_null());
  EXPECT_EQ(r["a"].size(), 3u);
  EXPECT_EQ(r["a"][1].get<std::string>(), "x");
  EXPECT_TRUE(r["a"][2]["k"].is_array());
  EXPECT_TRUE(r["a"][2]["k"].empty());
  EXPECT_TRUE(r["a"][9].is_null());
  // Mismatched types read as empty values, never throw.
  EXPECT_EQ(r["n"].get<std::string>(), "");
  EXPECT_EQ(r["s"].get<int64_t>(), 0);
  EXPECT_EQ(r["s"]["x"].size(), 0u);
}

TEST(JsonValue, ObjectsActLikeASortedMapWithTheLastDuplicateWinning) {
  JsonDoc doc = MustParse(R"({"b": 1, "a": 2, "b": 3, "c": 4})");
  JsonValue r = doc.root();
  EXPECT_EQ(r.size(), 3u);
  EXPECT_EQ(r["b"].get<int64_t>(), 3);
  std::vector<std::string> keys;
  std::vector<int64_t> values;
  for (auto it = r.begin(); it != r.end(); ++it) {
    keys.emplace_back(it.key());
    values.push_back((*it).get<int64_t>());
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(values, (std::vector<int64_t>{2, 3, 4}));
  auto found = r.find("c");
  ASSERT_TRUE(found != r.end());
  EXPECT_EQ(found.value().get<int64_t>(), 4);
  EXPECT_TRUE(r.find("nope") == r.end());
  EXPECT_EQ(r.dump(), R"({"a":2,"b":3,"c":4})");
  // Arrays iterate in order; scalars iterate nothing.
  JsonDoc arr = MustParse("[3, 1, 2]");
  std::vector<int64_t> got;
  for (JsonValue e : arr.root())
    got.push_back(e.get<int64_t>());
  EXPECT_EQ(got, (std::vector<int64_t>{3, 1, 2}));
  JsonDoc scalar = MustParse("5");
  EXPECT_TRUE(scalar.root().begin() == scalar.root().end());
}

TEST(JsonValue, CloneOutlivesTheRecordItCameFrom) {
  JsonDoc copy;
  {
    JsonDoc doc = MustParse(R"({"keep": {"x": ["y", 1.25, false]}, "d": 0})");
    copy = JsonDoc::Clone(doc.root()["keep"]);
  }
  EXPECT_EQ(copy.root().dump(), R"({"x":["y",1.25,false]})");
  JsonDoc moved = std::move(copy);
  EXPECT_EQ(moved.root()["x"][0].get<std::string>(), "y");
  EXPECT_TRUE(JsonDoc::Clone(JsonValue()).root().is_null());
}

TEST(JsonValue, ParseReportsErrors) {
  EXPECT_FALSE(JsonDoc::Parse("{\"a\": }").ok());
  EXPECT_FALSE(JsonDoc::Parse("[1, 2").ok());
  EXPECT_FALSE(JsonDoc::Parse("").ok());
}

TEST(JsonValue, NumbersPrintAsNlohmannPrintsThem) {
  for (const char* text :
       {"0", "-7", "12", "1.0", "1.50", "9.8", "0.00043", "4.3e-05", "1e2",
        "-0.5", "3.14159", "1E+300", "123456789012", "0.1", "2.5e-7"}) {
    JsonDoc doc = MustParse(text);
    EXPECT_EQ(doc.root().dump(), nlohmann::json::parse(text).dump()) << text;
  }
}

// Every JSON export in the corpus: the tree prints exactly what nlohmann
// prints for the same bytes (same values, key order and number spelling).
TEST(JsonValue, MatchesNlohmannOnTheCorpus) {
  namespace fs = std::filesystem;
  size_t compared = 0;
  for (const auto& entry :
       fs::recursive_directory_iterator(testing::CorpusDir())) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json" ||
        entry.file_size() > (size_t{4} << 20)) {
      continue;
    }
    std::string text;
    ASSERT_TRUE(testing::ReadFile(entry.path().string(), &text));
    if (text.find("\\u0000") != std::string::npos)
      continue;  // our tokenizer turns an escaped NUL into U+FFFD on purpose
    nlohmann::json expected = nlohmann::json::parse(text, nullptr, false);
    if (expected.is_discarded())
      continue;  // not one JSON document (JSON lines, broken on purpose)
    std::string want;
    try {
      want = expected.dump();
    } catch (const nlohmann::json::exception&) {
      continue;  // invalid UTF-8 inside: nlohmann will not print it
    }
    Result<JsonDoc> doc = JsonDoc::Parse(text);
    ASSERT_TRUE(doc.ok()) << entry.path() << ": " << doc.status().message();
    std::string got = doc->root().dump();
    if (got != want) {
      size_t i = 0;
      while (i < got.size() && i < want.size() && got[i] == want[i])
        ++i;
      size_t from = i < 60 ? 0 : i - 60;
      ADD_FAILURE() << entry.path() << " differs at byte " << i << ":\n  got  "
                    << got.substr(from, 120) << "\n  want "
                    << want.substr(from, 120);
    }
    ++compared;
  }
  EXPECT_GT(compared, 100u);
}

// Wants every element of the root array.
class Elements : public JsonRecordHandler {
 public:
  bool Want(const std::string& path) override { return path == "$[]"; }
  Status OnValue(const std::string&, const JsonValue& v) override {
    got.push_back(v.dump());
    return Status::Ok();
  }
  std::vector<std::string> got;
};

TEST(JsonRecordStream, ReusesOneTreeAndBoundsARecordsSize) {
  Elements e;
  JsonRecordStream stream(&e, 4096);
  JsonTokenizer t(&stream);
  std::string small = R"([{"a": 1}, [true], "s", {"b": {"c": null}}, 2])";
  ASSERT_TRUE(t.Feed(small).ok());
  ASSERT_TRUE(t.Finish().ok());
  EXPECT_EQ(e.got, (std::vector<std::string>{R"({"a":1})", "[true]", "\"s\"",
                                             R"({"b":{"c":null}})", "2"}));

  Elements big;
  JsonRecordStream bounded(&big, 4096);
  JsonTokenizer t2(&bounded);
  std::string doc =
      "[{\"ok\": 1}, {\"x\": \"" + std::string(5000, 'y') + "\"}]";
  Status s = t2.Feed(doc);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("larger than 4096 bytes"), std::string::npos)
      << s.message();
  EXPECT_EQ(big.got.size(), 1u);  // the record before the big one was read
}

}  // namespace
}  // namespace exposure
