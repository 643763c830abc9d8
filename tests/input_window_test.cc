#include "core/import/input_window.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace exposure {
namespace {

// A toy tokenizer over an InputWindow: tokens end with ';'. It records each
// token with its input offset and location, and whether it was read in place
// (inside the chunk being fed) rather than from carried bytes. Like the real
// tokenizers it goes on looking for a cut token's end where it stopped.
class Splitter {
 public:
  Status Feed(std::string_view chunk) {
    chunk_ = chunk;
    return window_.Feed(chunk, &pos_, &scan_, [this] { return Parse(); });
  }
  // The bytes after the last ';'.
  std::string Rest() {
    window_.UseCarried();
    return std::string(window_.bytes().substr(pos_));
  }
  // Where the input ends, after Rest().
  Location End() { return window_.LocationAt(window_.bytes().size()); }

  std::vector<std::pair<uint64_t, std::string>> tokens;
  std::vector<Location> locations;  // of each token's first byte
  size_t carried_bytes = 0;  // of tokens read from carried bytes, with ';'
  size_t parses = 0;
  size_t scanned = 0;  // bytes searched for ';', twice if searched twice

 private:
  Status Parse() {
    ++parses;
    std::string_view in = window_.bytes();
    while (true) {
      size_t end = in.find(';', scan_);
      if (end == std::string_view::npos) {
        scanned += in.size() - scan_;
        scan_ = in.size();
        return Status::Ok();
      }
      scanned += end + 1 - scan_;
      std::string_view token = in.substr(pos_, end - pos_);
      if (token == "bad")
        return Status::Error("bad token");
      if (token.data() < chunk_.data() ||
          token.data() + token.size() > chunk_.data() + chunk_.size()) {
        carried_bytes += token.size() + 1;
      }
      tokens.emplace_back(window_.OffsetOf(pos_), std::string(token));
      locations.push_back(window_.LocationAt(pos_));
      pos_ = end + 1;
      scan_ = pos_;
    }
  }

  InputWindow window_;
  std::string_view chunk_;
  size_t pos_ = 0;
  size_t scan_ = 0;  // where to go on looking for ';'; never before pos_
};

// 400 tokens of 0 to `max_long` bytes (one in four) or of 0 to 39 bytes:
// long ones span many small chunks and exceed the window's append pieces.
// One byte in eight is a line break.
std::string MakeInput(size_t max_long,
                      std::vector<std::pair<uint64_t, std::string>>* want) {
  std::mt19937 rng(7);
  std::string input;
  for (int i = 0; i < 400; ++i) {
    size_t len = rng() % 4 == 0 ? rng() % max_long : rng() % 40;
    std::string token;
    for (size_t k = 0; k < len; ++k) {
      token += rng() % 8 == 0 ? '\n' : static_cast<char>('a' + rng() % 26);
    }
    want->emplace_back(input.size(), token);
    input += token;
    input += ';';
  }
  input += "tail";
  return input;
}

// Line and column of input[offset] for each of `offsets` (ascending),
// counted the plain way.
std::vector<Location> PlainLocations(const std::string& input,
                                     const std::vector<uint64_t>& offsets) {
  std::vector<Location> locations;
  locations.reserve(offsets.size());
  uint64_t line = 1;
  uint64_t line_start = 0;
  uint64_t i = 0;
  for (uint64_t offset : offsets) {
    for (; i < offset; ++i) {
      if (input[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    Location loc;
    loc.byte_offset = offset;
    loc.line = line;
    loc.column = offset - line_start + 1;
    locations.push_back(loc);
  }
  return locations;
}

void ExpectLocation(const Location& got,
                    const Location& want,
                    const std::string& where) {
  EXPECT_EQ(got.byte_offset, want.byte_offset) << where;
  EXPECT_EQ(got.line, want.line) << where << ", byte " << want.byte_offset;
  EXPECT_EQ(got.column, want.column) << where << ", byte " << want.byte_offset;
}

TEST(InputWindow, SameTokensOffsetsAndLocationsForEveryChunking) {
  std::vector<std::pair<uint64_t, std::string>> want;
  const std::string input = MakeInput(20000, &want);
  std::vector<uint64_t> offsets;
  offsets.reserve(want.size() + 1);
  for (const auto& token : want)
    offsets.push_back(token.first);
  offsets.push_back(input.size());
  const std::vector<Location> where = PlainLocations(input, offsets);
  for (size_t chunk : {size_t{1}, size_t{7}, size_t{4095}, size_t{4096},
                       size_t{4097}, size_t{65543}, input.size()}) {
    Splitter s;
    std::string copy;  // each chunk from a buffer of its own, reused
    for (size_t off = 0; off < input.size(); off += chunk) {
      copy.assign(input, off, chunk);
      ASSERT_TRUE(s.Feed(copy).ok());
      copy.assign(copy.size(), '#');  // the caller reuses its buffer
    }
    EXPECT_EQ(s.tokens, want) << "chunk " << chunk;
    EXPECT_EQ(s.Rest(), "tail") << "chunk " << chunk;
    // The search position moved with the window: no byte was searched twice.
    EXPECT_EQ(s.scanned, input.size()) << "chunk " << chunk;
    ASSERT_EQ(s.locations.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      ExpectLocation(s.locations[i], where[i],
                     "chunk " + std::to_string(chunk));
    }
    ExpectLocation(s.End(), where.back(),
                   "end, chunk " + std::to_string(chunk));
  }
}

TEST(InputWindow, CopiesOnlyAroundChunkEnds) {
  std::vector<std::pair<uint64_t, std::string>> want;
  const std::string input = MakeInput(40, &want);
  const size_t chunk = 997;
  Splitter s;
  size_t chunks = 0;
  for (size_t off = 0; off < input.size(); off += chunk, ++chunks)
    ASSERT_TRUE(s.Feed(std::string_view(input).substr(off, chunk)).ok());
  ASSERT_EQ(s.tokens, want);
  // Per chunk end: the cut token, and what follows it in the first piece
  // appended to it (at most 256 bytes past the carried ones).
  EXPECT_LE(s.carried_bytes, chunks * (40 + 40 + 256));
  EXPECT_GT(s.carried_bytes, 0u);
}

TEST(InputWindow, ParseErrorStopsTheFeed) {
  Splitter s;
  EXPECT_TRUE(s.Feed("ok;ba").ok());
  Status st = s.Feed("d;more;");
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "bad token");
  ASSERT_EQ(s.tokens.size(), 1u);
  EXPECT_EQ(s.tokens[0].second, "ok");
}

}  // namespace
}  // namespace exposure
