// UTF-16 and UTF-32 inputs: detection from the first bytes and streaming
// conversion to UTF-8 (core/import/text_encoding.h).
#include "core/import/text_encoding.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::EncodeUtf;

TEST(TextEncoding, DetectsByteOrderMarks) {
  EXPECT_EQ(DetectTextEncoding("\xFF\xFE<\0"), TextEncoding::kUtf16Le);
  EXPECT_EQ(DetectTextEncoding(std::string("\xFE\xFF\0<", 4)),
            TextEncoding::kUtf16Be);
  EXPECT_EQ(DetectTextEncoding(std::string("\xFF\xFE\0\0", 4)),
            TextEncoding::kUtf32Le);
  EXPECT_EQ(DetectTextEncoding(std::string("\0\0\xFE\xFF", 4)),
            TextEncoding::kUtf32Be);
  // A file of just a UTF-16 mark is an empty UTF-16 file.
  EXPECT_EQ(DetectTextEncoding("\xFF\xFE"), TextEncoding::kUtf16Le);
  EXPECT_EQ(DetectTextEncoding("\xEF\xBB\xBF{"), TextEncoding::kUtf8);
}

TEST(TextEncoding, DetectsUnmarkedTextByItsZeroBytes) {
  EXPECT_EQ(DetectTextEncoding(std::string("{\0\"\0", 4)),
            TextEncoding::kUtf16Le);
  EXPECT_EQ(DetectTextEncoding(std::string("\0<\0?", 4)),
            TextEncoding::kUtf16Be);
  EXPECT_EQ(DetectTextEncoding(std::string("[\0\0\0", 4)),
            TextEncoding::kUtf32Le);
  EXPECT_EQ(DetectTextEncoding(std::string("\0\0\0<", 4)),
            TextEncoding::kUtf32Be);
  EXPECT_EQ(DetectTextEncoding("<?xm"), TextEncoding::kUtf8);
  EXPECT_EQ(DetectTextEncoding(std::string("{\0", 2)), TextEncoding::kUtf8);
  EXPECT_EQ(DetectTextEncoding(std::string("\0\0\0\0", 4)),
            TextEncoding::kUtf8);
  EXPECT_EQ(DetectTextEncoding(""), TextEncoding::kUtf8);
}

// ASCII, two-, three- and four-byte UTF-8 sequences (an astral code point
// is a surrogate pair in UTF-16).
const std::string kSample =
    "{\"t\": \"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x92\"}";

TEST(TextEncoding, ConvertsEveryEncodingWhateverTheChunking) {
  for (TextEncoding e : {TextEncoding::kUtf16Le, TextEncoding::kUtf16Be,
                         TextEncoding::kUtf32Le, TextEncoding::kUtf32Be}) {
    for (bool bom : {false, true}) {
      const std::string bytes = EncodeUtf(kSample, e, bom);
      EXPECT_EQ(DetectTextEncoding(bytes), e) << TextEncodingName(e);
      for (size_t chunk : {size_t{1}, size_t{3}, bytes.size()}) {
        TextDecoder d(e);
        std::string out;
        for (size_t at = 0; at < bytes.size(); at += chunk)
          d.Decode(std::string_view(bytes).substr(at, chunk), &out);
        d.Finish(&out);
        EXPECT_EQ(out, kSample) << TextEncodingName(e) << " chunk " << chunk;
        EXPECT_EQ(d.replaced(), 0u);
      }
    }
  }
}

TEST(TextEncoding, RepairsWhatIsNotText) {
  const std::string kFffd = "\xEF\xBF\xBD";
  TextDecoder d(TextEncoding::kUtf16Le);
  std::string out;
  // A lone low surrogate, a high surrogate followed by a letter, a byte
  // order mark past the start (kept: it is a character there), and a code
  // unit cut by the end of the input.
  d.Decode(std::string("a\0\x00\xDC"
                       "b\0\x3D\xD8"
                       "c\0\xFF\xFE"
                       "d",
                       13),
           &out);
  d.Finish(&out);
  EXPECT_EQ(out, "a" + kFffd + "b" + kFffd + "c\xEF\xBB\xBF" + kFffd);
  EXPECT_EQ(d.replaced(), 3u);

  TextDecoder high(TextEncoding::kUtf16Be);
  out.clear();
  high.Decode(std::string("\xD8\x3D", 2), &out);  // waits for its low half
  EXPECT_EQ(out, "");
  high.Finish(&out);
  EXPECT_EQ(out, kFffd);

  TextDecoder wide(TextEncoding::kUtf32Le);
  out.clear();
  wide.Decode(std::string("\x00\xD8\x00\x00"
                          "\x00\x00\x11\x00"
                          "A\0\0\0",
                          12),
              &out);
  EXPECT_EQ(out, kFffd + kFffd + "A");
}

TEST(TextEncoding, KeepsNulBytes) {
  TextDecoder d(TextEncoding::kUtf16Le);
  std::string out;
  d.Decode(std::string("a\0\0\0b\0", 6), &out);
  EXPECT_EQ(out, std::string("a\0b", 3));
}

}  // namespace
}  // namespace exposure
