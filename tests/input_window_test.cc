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
// token with its input offset, and whether it was read in place (inside the
// chunk being fed) rather than from carried bytes.
class Splitter {
 public:
  Status Feed(std::string_view chunk) {
    chunk_ = chunk;
    return window_.Feed(
        chunk, &pos_, [this] { return Parse(); }, [this] { Rebase(); });
  }
  // The bytes after the last ';'.
  std::string Rest() {
    window_.UseCarried();
    return std::string(window_.bytes().substr(pos_));
  }

  std::vector<std::pair<uint64_t, std::string>> tokens;
  size_t carried_bytes = 0;  // of tokens read from carried bytes, with ';'
  size_t parses = 0;

 private:
  Status Parse() {
    ++parses;
    std::string_view in = window_.bytes();
    while (true) {
      size_t end = in.find(';', pos_);
      if (end == std::string_view::npos)
        return Status::Ok();
      std::string_view token = in.substr(pos_, end - pos_);
      if (token == "bad")
        return Status::Error("bad token");
      if (token.data() < chunk_.data() ||
          token.data() + token.size() > chunk_.data() + chunk_.size()) {
        carried_bytes += token.size() + 1;
      }
      tokens.emplace_back(base_ + pos_, std::string(token));
      pos_ = end + 1;
    }
  }
  void Rebase() {
    base_ += pos_;
    pos_ = 0;
  }

  InputWindow window_;
  std::string_view chunk_;
  size_t pos_ = 0;
  uint64_t base_ = 0;
};

// 400 tokens of 0 to `max_long` bytes (one in four) or of 0 to 39 bytes:
// long ones span many small chunks and exceed the window's append pieces.
std::string MakeInput(size_t max_long,
                      std::vector<std::pair<uint64_t, std::string>>* want) {
  std::mt19937 rng(7);
  std::string input;
  for (int i = 0; i < 400; ++i) {
    size_t len = rng() % 4 == 0 ? rng() % max_long : rng() % 40;
    std::string token;
    for (size_t k = 0; k < len; ++k)
      token += static_cast<char>('a' + rng() % 26);
    want->emplace_back(input.size(), token);
    input += token;
    input += ';';
  }
  input += "tail";
  return input;
}

TEST(InputWindow, SameTokensAndOffsetsForEveryChunking) {
  std::vector<std::pair<uint64_t, std::string>> want;
  const std::string input = MakeInput(20000, &want);
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
