#include "core/import/json/json_tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/import/json/json_records.h"

namespace exposure {
namespace {

class Recorder : public JsonHandler {
 public:
  Status StartObject() override { return Add("{"); }
  Status EndObject() override { return Add("}"); }
  Status StartArray() override { return Add("["); }
  Status EndArray() override { return Add("]"); }
  Status Key(std::string_view k) override { return Add("k:" + std::string(k)); }
  Status String(std::string_view s) override {
    return Add("s:" + std::string(s));
  }
  Status Number(std::string_view n) override {
    return Add("n:" + std::string(n));
  }
  Status Bool(bool b) override { return Add(b ? "true" : "false"); }
  Status Null() override { return Add("null"); }
  Status Add(std::string e) {
    events.push_back(std::move(e));
    return Status::Ok();
  }
  std::vector<std::string> events;
};

struct Parsed {
  std::vector<std::string> events;
  Status status;
};

Parsed Parse(const std::string& doc, size_t chunk, JsonLimits limits = {}) {
  Recorder r;
  JsonTokenizer t(&r, limits);
  Status s;
  for (size_t off = 0; off < doc.size() && s.ok(); off += chunk) {
    s = t.Feed(std::string_view(doc).substr(off, chunk));
  }
  if (s.ok())
    s = t.Finish();
  return {r.events, s};
}

const char kDoc[] =
    "\xEF\xBB\xBF {\"a\": [1, -2.5e+3, true, false, null],\n"
    " \"s\\\"q\": \"caf\\u00e9 \\ud83d\\ude00 \\n\\\\\",\n"
    " \"o\": {}, \"e\": []}";

TEST(JsonTokenizer, Events) {
  Parsed p = Parse(kDoc, 1 << 20);
  ASSERT_TRUE(p.status.ok()) << p.status.message();
  std::vector<std::string> want = {"{",
                                   "k:a",
                                   "[",
                                   "n:1",
                                   "n:-2.5e+3",
                                   "true",
                                   "false",
                                   "null",
                                   "]",
                                   "k:s\"q",
                                   "s:caf\xC3\xA9 \xF0\x9F\x98\x80 \n\\",
                                   "k:o",
                                   "{",
                                   "}",
                                   "k:e",
                                   "[",
                                   "]",
                                   "}"};
  EXPECT_EQ(p.events, want);
}

TEST(JsonTokenizer, SameEventsForEveryChunkSize) {
  Parsed whole = Parse(kDoc, 1 << 20);
  for (size_t chunk : {1, 2, 3, 5, 7, 11}) {
    Parsed p = Parse(kDoc, chunk);
    ASSERT_TRUE(p.status.ok()) << chunk << ": " << p.status.message();
    EXPECT_EQ(p.events, whole.events) << "chunk " << chunk;
  }
}

TEST(JsonTokenizer, Errors) {
  EXPECT_FALSE(Parse("{\"a\" 1}", 100).status.ok());
  EXPECT_FALSE(Parse("[1,]", 100).status.ok());
  EXPECT_FALSE(Parse("[01]", 100).status.ok());
  EXPECT_FALSE(Parse("[1 2]", 100).status.ok());
  EXPECT_FALSE(Parse("{\"a\":tru}", 100).status.ok());
  EXPECT_FALSE(Parse("\"\\x\"", 100).status.ok());
  EXPECT_FALSE(Parse("{} {}", 100).status.ok());
  EXPECT_FALSE(Parse("", 100).status.ok());
  Parsed p = Parse("{\"a\": [1,\n 2", 3);
  ASSERT_FALSE(p.status.ok());
  EXPECT_NE(p.status.message().find("not closed"), std::string::npos);
  Parsed q = Parse("[1,\n  @]", 2);
  ASSERT_FALSE(q.status.ok());
  EXPECT_EQ(q.status.location().line, 2u);
  EXPECT_EQ(q.status.location().column, 3u);
}

TEST(JsonTokenizer, DepthLimit) {
  Parsed p = Parse(std::string(300, '['), 1 << 20);
  ASSERT_FALSE(p.status.ok());
  EXPECT_NE(p.status.message().find("deeper"), std::string::npos);
}

TEST(JsonTokenizer, MultipleValues) {
  JsonLimits limits;
  limits.multiple_values = true;
  Parsed p = Parse("{\"a\":1}\n{\"a\":2}\n", 3, limits);
  ASSERT_TRUE(p.status.ok()) << p.status.message();
  EXPECT_EQ(p.events.size(), 8u);
}

// Collects wanted values by path.
class Collector : public JsonRecordHandler {
 public:
  bool Want(const std::string& path) override {
    return path == "$.Results[].Vulns[]" || path == "$.Results[].Target";
  }
  Status OnValue(const std::string& path, const JsonValue& v) override {
    got.push_back(path + "=" + v.dump());
    return Status::Ok();
  }
  Status OnEnter(const std::string& path) override {
    got.push_back("enter " + path);
    return Status::Ok();
  }
  Status OnLeave(const std::string& path) override {
    got.push_back("leave " + path);
    return Status::Ok();
  }
  std::vector<std::string> got;
};

TEST(JsonRecordStream, DeliversWantedValuesByPath) {
  const std::string doc =
      "{\"Skip\": {\"x\": [1,2]}, \"Results\": [{\"Vulns\": [{\"id\": 1, "
      "\"n\": {\"d\": [true, null]}}, {\"id\": 2}], \"Target\": \"img\"}]}";
  for (size_t chunk : {1, 5, 1000}) {
    Collector c;
    JsonRecordStream records(&c);
    JsonTokenizer t(&records);
    Status s;
    for (size_t off = 0; off < doc.size() && s.ok(); off += chunk) {
      s = t.Feed(std::string_view(doc).substr(off, chunk));
    }
    ASSERT_TRUE(s.ok()) << s.message();
    ASSERT_TRUE(t.Finish().ok());
    std::vector<std::string> want = {
        "enter $",
        "enter $.Skip",
        "enter $.Skip.x",
        "leave $.Skip.x",
        "leave $.Skip",
        "enter $.Results",
        "enter $.Results[]",
        "enter $.Results[].Vulns",
        "$.Results[].Vulns[]={\"id\":1,\"n\":{\"d\":[true,null]}}",
        "$.Results[].Vulns[]={\"id\":2}",
        "leave $.Results[].Vulns",
        "$.Results[].Target=\"img\"",
        "leave $.Results[]",
        "leave $.Results",
        "leave $"};
    EXPECT_EQ(c.got, want) << "chunk " << chunk;
  }
}

}  // namespace
}  // namespace exposure
