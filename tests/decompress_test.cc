// Tests for the streaming gzip/zstd stage. Fixtures are made with the native
// zlib and libzstd compression APIs, so every case is exact and needs no
// files besides the one real-data check.
#include "core/import/decompress.h"

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::Gzip;

// ---- fixtures ---------------------------------------------------------------

struct ZstdOptions {
  int level = 3;
  bool checksum = true;
  // Streamed (size unknown up front, several blocks) rather than one shot.
  bool streamed = false;
};

std::string Zstd(const std::string& data, ZstdOptions o = {}) {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, o.level);
  ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, o.checksum ? 1 : 0);
  std::string out(ZSTD_compressBound(data.size()) + 64, '\0');
  ZSTD_outBuffer ob{&out[0], out.size(), 0};
  if (o.streamed) {
    // Fed in 10 KB steps with e_continue, so no content size is known.
    for (size_t off = 0; off < data.size(); off += 10000) {
      std::string_view part = std::string_view(data).substr(off, 10000);
      ZSTD_inBuffer ib{part.data(), part.size(), 0};
      while (ib.pos < ib.size) {
        EXPECT_FALSE(
            ZSTD_isError(ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_continue)));
      }
    }
    ZSTD_inBuffer empty{nullptr, 0, 0};
    size_t left = 1;
    while (left != 0) {
      left = ZSTD_compressStream2(c, &ob, &empty, ZSTD_e_end);
      EXPECT_FALSE(ZSTD_isError(left));
    }
  } else {
    ZSTD_inBuffer ib{data.data(), data.size(), 0};
    EXPECT_EQ(ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_end), 0u);
  }
  out.resize(ob.pos);
  ZSTD_freeCCtx(c);
  return out;
}

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) {
    out.append(p);
  }
  return out;
}

// A zstd skippable frame: magic 0x184D2A5n, payload size, payload.
std::string Skippable(const std::string& payload, unsigned n = 0) {
  std::string f;
  auto le32 = [&f](uint32_t v) {
    for (int i = 0; i < 4; ++i)
      f.push_back(static_cast<char>(v >> (8 * i)));
  };
  le32(0x184D2A50u + n);
  le32(static_cast<uint32_t>(payload.size()));
  return f + payload;
}

std::string Compress(Compression c, const std::string& data) {
  return c == Compression::kGzip ? Gzip(data) : Zstd(data);
}

// ~1.1 MB: repetitive text (compresses well, so one compressed byte becomes
// many output bytes) followed by pseudo-random bytes (stored blocks).
std::string SampleData() {
  std::string s;
  for (int i = 0; s.size() < 1000000; ++i) {
    s += "{\"VulnerabilityID\": \"CVE-2024-" + std::to_string(10000 + i % 997) +
         "\", \"Severity\": \"HIGH\", \"PkgName\": \"pkg" +
         std::to_string(i % 13) + "\"},\n";
  }
  uint32_t x = 2463534242u;
  for (int i = 0; i < 100000; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    s.push_back(static_cast<char>(x & 0xff));
  }
  return s;
}

const std::string& Sample() {
  static const std::string* s = new std::string(SampleData());
  return *s;
}

struct Decoded {
  std::string out;
  Status feed;    // first failing Feed, or ok
  Status finish;  // Finish (not called after a failing Feed)
  size_t largest_piece = 0;
  size_t pieces = 0;
};

Decoded Decode(Compression c,
               std::string_view in,
               size_t chunk,
               DecompressLimits limits = {}) {
  Decoded d;
  std::unique_ptr<Decompressor> z = Decompressor::Create(c, limits);
  EXPECT_NE(z, nullptr);
  DecompressSink sink = [&d](std::string_view piece) {
    EXPECT_FALSE(piece.empty());
    d.out.append(piece);
    d.largest_piece = std::max(d.largest_piece, piece.size());
    ++d.pieces;
    return Status::Ok();
  };
  if (chunk == 0)
    chunk = in.size() + 1;
  for (size_t off = 0; off < in.size(); off += chunk) {
    d.feed = z->Feed(in.substr(off, chunk), sink);
    if (!d.feed.ok())
      return d;
  }
  d.finish = z->Finish(sink);
  return d;
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

// ---- detection --------------------------------------------------------------

TEST(DetectCompression, MagicBytes) {
  EXPECT_EQ(DetectCompression("\x1f\x8b"), Compression::kGzip);
  EXPECT_EQ(DetectCompression(Gzip("x")), Compression::kGzip);
  EXPECT_EQ(DetectCompression("\x28\xb5\x2f\xfd"), Compression::kZstd);
  EXPECT_EQ(DetectCompression(Zstd("x")), Compression::kZstd);
  EXPECT_EQ(DetectCompression(Skippable("idx")), Compression::kZstd);
  EXPECT_EQ(DetectCompression(Skippable("idx", 15)), Compression::kZstd);
}

TEST(DetectCompression, PlainInputsAndShortHeads) {
  EXPECT_EQ(DetectCompression(""), Compression::kNone);
  EXPECT_EQ(DetectCompression("{\"SchemaVersion\": 2}"), Compression::kNone);
  EXPECT_EQ(DetectCompression("<?xml version=\"1.0\"?>"), Compression::kNone);
  EXPECT_EQ(DetectCompression("\xEF\xBB\xBF<NessusClientData_v2>"),
            Compression::kNone);
  EXPECT_EQ(DetectCompression("\x1f"), Compression::kNone);
  EXPECT_EQ(DetectCompression("\x28\xb5\x2f"), Compression::kNone);
  EXPECT_EQ(DetectCompression("\x8b\x1f"), Compression::kNone);
  EXPECT_EQ(DetectCompression(std::string_view("\x60\x2a\x4d\x18", 4)),
            Compression::kNone);
}

TEST(DetectCompression, NamesAndNone) {
  EXPECT_STREQ(CompressionName(Compression::kGzip), "gzip");
  EXPECT_STREQ(CompressionName(Compression::kZstd), "zstd");
  EXPECT_STREQ(CompressionName(Compression::kNone), "none");
  EXPECT_EQ(Decompressor::Create(Compression::kNone), nullptr);
}

// ---- round trips ------------------------------------------------------------

class RoundTrip
    : public ::testing::TestWithParam<std::tuple<Compression, size_t>> {};

TEST_P(RoundTrip, ChunkSizes) {
  const Compression c = std::get<0>(GetParam());
  const size_t chunk = std::get<1>(GetParam());
  const std::string packed = Compress(c, Sample());
  Decoded d = Decode(c, packed, chunk);
  ASSERT_TRUE(d.feed.ok()) << d.feed.message();
  ASSERT_TRUE(d.finish.ok()) << d.finish.message();
  EXPECT_TRUE(d.out == Sample());
  EXPECT_LE(d.largest_piece, kMaxDecompressedPiece);
  EXPECT_GE(d.pieces, Sample().size() / kMaxDecompressedPiece);
}

INSTANTIATE_TEST_SUITE_P(
    Decompress,
    RoundTrip,
    ::testing::Combine(::testing::Values(Compression::kGzip,
                                         Compression::kZstd),
                       ::testing::Values(size_t{1},
                                         size_t{7},
                                         size_t{4096},
                                         size_t{0} /* whole */)),
    [](const ::testing::TestParamInfo<RoundTrip::ParamType>& p) {
      const size_t chunk = std::get<1>(p.param);
      return std::string(CompressionName(std::get<0>(p.param))) + "_" +
             (chunk == 0 ? "whole" : std::to_string(chunk));
    });

TEST(Decompress, EmptyContent) {
  for (Compression c : {Compression::kGzip, Compression::kZstd}) {
    Decoded d = Decode(c, Compress(c, ""), 0);
    EXPECT_TRUE(d.feed.ok() && d.finish.ok()) << CompressionName(c);
    EXPECT_EQ(d.out, "");
  }
}

TEST(Decompress, StreamedZstdWithoutContentSize) {
  ZstdOptions o;
  o.streamed = true;
  const std::string packed = Zstd(Sample(), o);
  for (size_t chunk : {size_t{1}, size_t{4096}, size_t{0}}) {
    Decoded d = Decode(Compression::kZstd, packed, chunk);
    ASSERT_TRUE(d.feed.ok() && d.finish.ok()) << chunk;
    EXPECT_TRUE(d.out == Sample()) << chunk;
  }
}

TEST(Decompress, MultiMemberGzip) {
  const std::string a = Sample().substr(0, 300000);
  const std::string b = "second member\n";
  const std::string packed = Cat({Gzip(a), Gzip(""), Gzip(b, 9), Gzip(a, 1)});
  const std::string want = Cat({a, b, a});
  for (size_t chunk : {size_t{1}, size_t{7}, size_t{0}}) {
    Decoded d = Decode(Compression::kGzip, packed, chunk);
    ASSERT_TRUE(d.feed.ok()) << d.feed.message();
    ASSERT_TRUE(d.finish.ok()) << d.finish.message();
    EXPECT_TRUE(d.out == want) << chunk;
  }
}

TEST(Decompress, MultiFrameZstd) {
  const std::string a = Sample().substr(0, 300000);
  const std::string b = "second frame\n";
  ZstdOptions no_checksum;
  no_checksum.checksum = false;
  const std::string packed =
      Cat({Zstd(a), Zstd(""), Zstd(b, no_checksum), Zstd(a)});
  const std::string want = Cat({a, b, a});
  for (size_t chunk : {size_t{1}, size_t{7}, size_t{0}}) {
    Decoded d = Decode(Compression::kZstd, packed, chunk);
    ASSERT_TRUE(d.feed.ok()) << d.feed.message();
    ASSERT_TRUE(d.finish.ok()) << d.finish.message();
    EXPECT_TRUE(d.out == want) << chunk;
  }
}

TEST(Decompress, SkippableFramesAreSkipped) {
  const std::string a = "first\n";
  const std::string b = "second\n";
  const std::string packed = Skippable("pzstd index") + Zstd(a) +
                             Skippable("", 7) + Zstd(b) +
                             Skippable(std::string(5000, 'x'), 15);
  for (size_t chunk : {size_t{1}, size_t{3}, size_t{0}}) {
    Decoded d = Decode(Compression::kZstd, packed, chunk);
    ASSERT_TRUE(d.feed.ok()) << d.feed.message();
    ASSERT_TRUE(d.finish.ok()) << d.finish.message();
    EXPECT_EQ(d.out, a + b);
  }
  // A stream of nothing but a skippable frame is valid and empty.
  Decoded only = Decode(Compression::kZstd, Skippable("meta"), 0);
  EXPECT_TRUE(only.feed.ok() && only.finish.ok());
  EXPECT_EQ(only.out, "");
}

// ---- damaged input ----------------------------------------------------------

TEST(Decompress, TruncatedInputFailsInFinish) {
  for (Compression c : {Compression::kGzip, Compression::kZstd}) {
    const std::string packed = Compress(c, Sample());
    for (size_t keep : {packed.size() - 1, packed.size() / 2, size_t{3}}) {
      Decoded d = Decode(c, std::string_view(packed).substr(0, keep), 4096);
      ASSERT_TRUE(d.feed.ok()) << d.feed.message();
      ASSERT_FALSE(d.finish.ok()) << CompressionName(c) << " " << keep;
      const std::string want =
          std::string(CompressionName(c)) + ": truncated input: " +
          (c == Compression::kGzip ? "member" : "frame") + " not finished";
      EXPECT_EQ(d.finish.message(),
                want + " at compressed byte " + std::to_string(keep));
      EXPECT_EQ(d.finish.location().byte_offset, keep);
    }
  }
}

TEST(Decompress, NoBytesAtAllIsTruncated) {
  for (Compression c : {Compression::kGzip, Compression::kZstd}) {
    Decoded d = Decode(c, "", 0);
    EXPECT_FALSE(d.finish.ok());
    EXPECT_NE(d.finish.message().find("truncated input: no data"),
              std::string::npos)
        << d.finish.message();
  }
}

TEST(Decompress, TruncatedSecondMember) {
  const std::string second = Gzip("bbbb");
  const std::string packed = Gzip("aaaa") + second.substr(0, 5);
  Decoded d = Decode(Compression::kGzip, packed, 0);
  EXPECT_EQ(d.out, "aaaa");
  EXPECT_FALSE(d.finish.ok());
}

// Flips bytes one at a time across the stream: every damaged stream must
// fail (never crash, never succeed with wrong output), and the error must
// carry an offset within the input, also in the message.
TEST(Decompress, CorruptedByteGivesErrorWithOffset) {
  const std::string data = Sample().substr(0, 200000);
  for (Compression c : {Compression::kGzip, Compression::kZstd}) {
    const std::string packed = Compress(c, data);
    int failures = 0;
    for (size_t at = 0; at < packed.size(); at += packed.size() / 37 + 1) {
      std::string bad = packed;
      bad[at] = static_cast<char>(bad[at] ^ 0x5a);
      Decoded d = Decode(c, bad, 4096);
      const Status& s = d.feed.ok() ? d.finish : d.feed;
      if (s.ok()) {
        // Only a change that leaves the bytes equivalent could pass, e.g. in
        // gzip's header OS or mtime fields; the output must then be intact.
        EXPECT_TRUE(d.out == data) << CompressionName(c) << " byte " << at;
        continue;
      }
      ++failures;
      const uint64_t off = s.location().byte_offset;
      EXPECT_LE(off, packed.size());
      EXPECT_EQ(s.message().rfind(std::string(CompressionName(c)) + ": ", 0),
                0u)
          << s.message();
      const std::string suffix = " at compressed byte " + std::to_string(off);
      ASSERT_GE(s.message().size(), suffix.size());
      EXPECT_EQ(s.message().substr(s.message().size() - suffix.size()), suffix)
          << s.message();
    }
    EXPECT_GT(failures, 30) << CompressionName(c);
  }
}

TEST(Decompress, GzipMessagesNameTheProblem) {
  std::string packed = Gzip("hello, world");
  std::string bad_method = packed;
  bad_method[2] = 9;  // CM must be 8 (deflate)
  Decoded d = Decode(Compression::kGzip, bad_method, 0);
  ASSERT_FALSE(d.feed.ok());
  EXPECT_EQ(d.feed.message(),
            "gzip: invalid data (unknown compression method) at compressed "
            "byte 4");

  std::string bad_crc = packed;
  bad_crc[packed.size() - 6] ^= 1;  // CRC32 sits in the last 8 bytes
  d = Decode(Compression::kGzip, bad_crc, 0);
  ASSERT_FALSE(d.feed.ok());
  EXPECT_NE(d.feed.message().find("gzip: invalid data (incorrect data check)"),
            std::string::npos)
      << d.feed.message();
}

TEST(Decompress, ZstdChecksumMismatch) {
  std::string packed = Zstd(Sample().substr(0, 50000));
  packed[packed.size() - 2] ^= 1;  // the 4-byte content checksum is last
  Decoded d = Decode(Compression::kZstd, packed, 0);
  ASSERT_FALSE(d.feed.ok());
  EXPECT_EQ(d.feed.message(),
            "zstd: invalid data (checksum mismatch) at compressed byte " +
                std::to_string(d.feed.location().byte_offset));
}

// A frame that declares 24 bytes of content and holds none (found by
// fuzz_decompress): an error however the bytes are fed.
TEST(Decompress, ZstdContentShorterThanDeclared) {
  const std::string frame("\x28\xb5\x2f\xfd\x20\x18\x01\x00\x00", 9);
  for (size_t chunk : {size_t{0}, size_t{1}, size_t{2}, size_t{5}}) {
    Decoded d = Decode(Compression::kZstd, frame, chunk);
    EXPECT_TRUE(!d.feed.ok() || !d.finish.ok()) << "chunk " << chunk;
    EXPECT_EQ(d.out, "") << "chunk " << chunk;
  }
}

// libzstd rejected a compressed block of size 0 when it had the whole
// frame at once and skipped it when fed in pieces (found by
// fuzz_decompress): the outcome depended on the chunking. Every frame is
// streamed now, so every chunking decodes these bytes alike (to nothing,
// the size the frame declares).
TEST(Decompress, ZstdEmptyCompressedBlockDecodesAlikeHoweverChunked) {
  const std::string frame(
      "\x28\xb5\x2f\xfd\xc0\x00"          // magic, 8-byte content size
      "\x00\x00\x00\x00\x00\x00\x00\x00"  // content size 0
      "\x04\x00\x00"                      // compressed block, size 0
      "\x01\x00\x00",                     // last block, raw, size 0
      20);
  for (size_t chunk :
       {size_t{0}, size_t{1}, size_t{2}, size_t{6}, size_t{17}}) {
    Decoded d = Decode(Compression::kZstd, frame, chunk);
    EXPECT_TRUE(d.feed.ok() && d.finish.ok()) << "chunk " << chunk;
    EXPECT_EQ(d.out, "") << "chunk " << chunk;
  }
  // Valid frames still decode at every chunking, one after another.
  const std::string two = Zstd("first frame ") + Zstd("second frame");
  for (size_t chunk : {size_t{0}, size_t{1}, size_t{3}, size_t{64}}) {
    Decoded d = Decode(Compression::kZstd, two, chunk);
    EXPECT_TRUE(d.feed.ok() && d.finish.ok()) << "chunk " << chunk;
    EXPECT_EQ(d.out, "first frame second frame") << "chunk " << chunk;
  }
}

// After a bad magic number libzstd looks for a pre-1.0 frame at the start
// of whatever bytes that call was given, so garbage ending in such a magic
// number decoded or failed depending on the chunking (found by
// fuzz_decompress). Frames must start with a zstd or skippable magic
// number: the error is the same, at the same byte, for every chunking.
TEST(Decompress, ZstdBadMagicFailsAtTheFrameHoweverChunked) {
  const std::string first = Zstd("abc");
  const std::string legacy("\x27\xb5\x2f\xfd\x00\x00\xdb\x58\x00", 9);
  for (const std::string& doc : {first + "\x28" + legacy, legacy}) {
    const size_t at = doc.size() == legacy.size() ? 0 : first.size();
    for (size_t chunk : {size_t{0}, size_t{1}, size_t{2}, size_t{5}}) {
      Decoded d = Decode(Compression::kZstd, doc, chunk);
      ASSERT_FALSE(d.feed.ok()) << "chunk " << chunk;
      EXPECT_EQ(d.feed.message(),
                "zstd: invalid data (unknown frame header: not zstd, or "
                "trailing garbage) at compressed byte " +
                    std::to_string(at))
          << "chunk " << chunk;
      EXPECT_EQ(d.out, at == 0 ? "" : "abc") << "chunk " << chunk;
    }
  }
  // A header whose bytes after the magic number look like a legacy one
  // (here its dictionary id) is read as the header it is, however chunked.
  const std::string dict(
      "\x28\xb5\x2f\xfd\x27\xb5\x2f\xfd\x60\x00\x27\xd0\xff\x2a", 14);
  for (size_t chunk : {size_t{0}, size_t{1}, size_t{3}}) {
    Decoded d = Decode(Compression::kZstd, dict, chunk);
    ASSERT_FALSE(d.feed.ok()) << "chunk " << chunk;
    EXPECT_EQ(d.feed.message(),
              "zstd: frame needs a dictionary (not supported) at compressed "
              "byte 10")
        << "chunk " << chunk;
  }
  // A magic number cut short is a truncated frame.
  Decoded cut = Decode(Compression::kZstd, first + "\x28\xb5", 1);
  EXPECT_TRUE(cut.feed.ok());
  EXPECT_EQ(cut.finish.message(),
            "zstd: truncated input: frame not finished at compressed byte " +
                std::to_string(first.size() + 2));
}

TEST(Decompress, TrailingData) {
  // Zero padding after the last gzip member is ignored, like gzip(1) does.
  Decoded padded =
      Decode(Compression::kGzip, Gzip("abc") + std::string(512, '\0'), 7);
  EXPECT_TRUE(padded.feed.ok() && padded.finish.ok());
  EXPECT_EQ(padded.out, "abc");

  const std::string gz = Gzip("abc");
  Decoded garbage = Decode(Compression::kGzip, gz + "\n\n", 0);
  EXPECT_EQ(garbage.out, "abc");
  ASSERT_FALSE(garbage.feed.ok());
  EXPECT_EQ(garbage.feed.message(),
            "gzip: invalid data (incorrect header check) at compressed byte " +
                std::to_string(gz.size() + 2));

  Decoded zeros_then_text =
      Decode(Compression::kGzip, gz + std::string(3, '\0') + "x", 1);
  ASSERT_FALSE(zeros_then_text.feed.ok());
  EXPECT_EQ(zeros_then_text.feed.message(),
            "gzip: trailing garbage after compressed data at compressed byte " +
                std::to_string(gz.size() + 3));

  Decoded zstd_garbage = Decode(Compression::kZstd, Zstd("abc") + "junk", 0);
  EXPECT_EQ(zstd_garbage.out, "abc");
  ASSERT_FALSE(zstd_garbage.feed.ok());
  EXPECT_NE(zstd_garbage.feed.message().find("zstd: invalid data (unknown "
                                             "frame header"),
            std::string::npos)
      << zstd_garbage.feed.message();
}

// ---- limits and sinks -------------------------------------------------------

TEST(Decompress, SizeLimit) {
  const std::string zeros(3000000, '\0');
  for (Compression c : {Compression::kGzip, Compression::kZstd}) {
    const std::string packed = Compress(c, zeros);
    DecompressLimits limits;
    limits.max_output_bytes = 1000000;
    Decoded d = Decode(c, packed, 0, limits);
    ASSERT_FALSE(d.feed.ok()) << CompressionName(c);
    EXPECT_EQ(d.feed.message().rfind(
                  std::string(CompressionName(c)) +
                      ": decompressed size exceeds limit (1000000 bytes) at "
                      "compressed byte ",
                  0),
              0u)
        << d.feed.message();
    EXPECT_LE(d.out.size(), limits.max_output_bytes);

    limits.max_output_bytes = zeros.size();  // exactly enough
    Decoded fits = Decode(c, packed, 4096, limits);
    EXPECT_TRUE(fits.feed.ok() && fits.finish.ok()) << CompressionName(c);
    EXPECT_EQ(fits.out.size(), zeros.size());
  }
}

TEST(Decompress, ZstdWindowLimit) {
  // Streamed, so the frame declares a window (2 MiB at level 3) instead of
  // a content size. (A frame whose declared content fits one output piece is
  // decoded straight into it and needs no window at all.)
  ZstdOptions o;
  o.streamed = true;
  const std::string packed = Zstd(Sample(), o);
  DecompressLimits limits;
  limits.max_zstd_window_log = 20;
  Decoded d = Decode(Compression::kZstd, packed, 0, limits);
  ASSERT_FALSE(d.feed.ok());
  EXPECT_EQ(d.feed.message(),
            "zstd: frame window larger than the limit of 1 MiB at "
            "compressed byte " +
                std::to_string(d.feed.location().byte_offset));
  limits.max_zstd_window_log = 21;
  EXPECT_TRUE(Decode(Compression::kZstd, packed, 0, limits).out == Sample());
}

TEST(Decompress, ZstdDefaultWindowLimitIs128MiB) {
  // A hand-made frame: no content size, Window_Descriptor 0x90 (2^28 bytes,
  // as `zstd --long=28` writes), one last raw block holding "a".
  const std::string frame(
      "\x28\xb5\x2f\xfd\x00\x90\x09\x00\x00"
      "a",
      10);
  Decoded d = Decode(Compression::kZstd, frame, 0);
  ASSERT_FALSE(d.feed.ok());
  EXPECT_EQ(d.feed.message(),
            "zstd: frame window larger than the limit of 128 MiB (written "
            "with zstd --long=28 or more?) at compressed byte " +
                std::to_string(d.feed.location().byte_offset));
  DecompressLimits limits;
  limits.max_zstd_window_log = 28;
  d = Decode(Compression::kZstd, frame, 0, limits);
  EXPECT_TRUE(d.feed.ok() && d.finish.ok()) << d.feed.message();
  EXPECT_EQ(d.out, "a");
}

TEST(Decompress, ZstdWindowLimitTinyWindow) {
  ZstdOptions o;
  o.streamed = true;
  DecompressLimits limits;
  limits.max_zstd_window_log = 10;  // 1 KiB: any real frame needs more
  Decoded d = Decode(Compression::kZstd, Zstd(Sample(), o), 0, limits);
  ASSERT_FALSE(d.feed.ok());
  EXPECT_NE(d.feed.message().find("zstd: frame window larger than the limit"),
            std::string::npos)
      << d.feed.message();
}

TEST(Decompress, SinkErrorStopsAndSticks) {
  for (Compression c : {Compression::kGzip, Compression::kZstd}) {
    const std::string packed = Compress(c, Sample());
    std::unique_ptr<Decompressor> z = Decompressor::Create(c);
    int calls = 0;
    DecompressSink sink = [&calls](std::string_view) {
      ++calls;
      return Status::Error("importer: broken JSON", Location{42, 3, 7});
    };
    Status s = z->Feed(packed, sink);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.message(), "importer: broken JSON");
    EXPECT_EQ(s.location().byte_offset, 42u);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(z->Feed("more", sink).message(), "importer: broken JSON");
    EXPECT_EQ(z->Finish(sink).message(), "importer: broken JSON");
    EXPECT_EQ(calls, 1);
  }
}

TEST(Decompress, CountsBytes) {
  const std::string packed = Zstd(Sample());
  std::unique_ptr<Decompressor> z = Decompressor::Create(Compression::kZstd);
  EXPECT_EQ(z->compression(), Compression::kZstd);
  ASSERT_TRUE(
      z->Feed(packed, [](std::string_view) { return Status::Ok(); }).ok());
  EXPECT_EQ(z->compressed_bytes(), packed.size());
  EXPECT_EQ(z->decompressed_bytes(), Sample().size());
}

// ---- real data --------------------------------------------------------------

TEST(Decompress, RealTrivyReportRoundTrips) {
  std::string json;
  ASSERT_TRUE(ReadFile(
      EXPOSURE_SOURCE_DIR "/../shared/corpus/trivy/kubernetes.json", &json));
  ASSERT_GT(json.size(), 10000u);
  for (Compression c : {Compression::kGzip, Compression::kZstd}) {
    const std::string packed = Compress(c, json);
    EXPECT_EQ(DetectCompression(packed.substr(0, kCompressionMagicBytes)), c);
    for (size_t chunk : {size_t{1}, size_t{4096}, size_t{0}}) {
      Decoded d = Decode(c, packed, chunk);
      ASSERT_TRUE(d.feed.ok()) << d.feed.message();
      ASSERT_TRUE(d.finish.ok()) << d.finish.message();
      EXPECT_TRUE(d.out == json) << CompressionName(c) << " chunk " << chunk;
    }
  }
}

}  // namespace
}  // namespace exposure
