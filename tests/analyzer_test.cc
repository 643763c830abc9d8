// The analysis session: compressed and UTF-16/UTF-32 inputs, per-input
// isolation.
#include "core/app/analyzer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::EncodeUtf;
using testing::Gzip;
using testing::ReadFile;
using testing::SourceDir;
using testing::Zstd;

// The report of `data` named `name`, with the input's compression.
nlohmann::json Report(const std::string& name,
                      const std::string& data,
                      size_t chunk) {
  Analyzer a;
  testing::FeedInChunks(&a, name, data, chunk);
  return nlohmann::json::parse(a.ReportJson());
}

TEST(Analyzer, CompressedInputsGiveTheSameFindings) {
  for (const char* file : {"host-scan.nessus", "webapp-image.trivy.json"}) {
    std::string plain;
    ASSERT_TRUE(ReadFile(SourceDir() + "/examples/" + file, &plain));
    nlohmann::json want = Report("x", plain, 1 << 20);
    EXPECT_TRUE(want["inputs"][0]["compression"].is_null());
    for (size_t chunk : {1, 3, 5000}) {
      nlohmann::json gz = Report("x", Gzip(plain), chunk);
      nlohmann::json zst = Report("x", Zstd(plain), chunk);
      EXPECT_EQ(gz["inputs"][0]["compression"], "gzip");
      EXPECT_EQ(zst["inputs"][0]["compression"], "zstd");
      for (nlohmann::json* r : {&gz, &zst}) {
        EXPECT_EQ((*r)["inputs"][0]["errors"], nlohmann::json::array());
        EXPECT_EQ((*r)["findings"], want["findings"]) << file << " " << chunk;
        EXPECT_EQ((*r)["summary"], want["summary"]);
      }
    }
  }
}

TEST(Analyzer, TruncatedCompressedInputIsReportedAndKeepsWhatWasRead) {
  std::string plain;
  ASSERT_TRUE(ReadFile(SourceDir() + "/examples/host-scan.nessus", &plain));
  std::string gz = Gzip(plain);
  Analyzer a;
  testing::FeedInChunks(&a, "cut.nessus.gz", gz.substr(0, gz.size() - 20),
                        4096);
  const Input& in = a.store().inputs()[0];
  EXPECT_EQ(in.compression, "gzip");
  EXPECT_EQ(in.format, "nessus");
  ASSERT_FALSE(in.errors.empty());
  EXPECT_TRUE(in.partial);
  EXPECT_EQ(in.errors[0].message.rfind("cut.nessus.gz: gzip: ", 0), 0u)
      << in.errors[0].message;
}

TEST(Analyzer, CorruptCompressedInputIsAnError) {
  std::string gz = "\x1f\x8b\x08\x00garbage-that-is-not-deflate-data";
  Analyzer a;
  testing::FeedInChunks(&a, "bad.gz", gz, 7);
  const Input& in = a.store().inputs()[0];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_NE(in.errors[0].message.find("bad.gz: gzip: "), std::string::npos);
}

// Windows tools write UTF-16 (PowerShell's `>`): the same report as from
// the UTF-8 file but for the encoding it names, whatever the chunking,
// compressed or not.
TEST(Analyzer, Utf16AndUtf32InputsGiveTheSameReport) {
  for (const char* file : {"host-scan.nessus", "webapp-image.trivy.json"}) {
    std::string plain;
    ASSERT_TRUE(ReadFile(SourceDir() + "/examples/" + file, &plain));
    const nlohmann::json want = Report("x", plain, 1 << 20);
    EXPECT_FALSE(want["inputs"][0].contains("encoding"));
    for (TextEncoding e : {TextEncoding::kUtf16Le, TextEncoding::kUtf16Be,
                           TextEncoding::kUtf32Le, TextEncoding::kUtf32Be}) {
      for (bool bom : {true, false}) {
        const std::string text = EncodeUtf(plain, e, bom);
        for (size_t chunk : {size_t{1}, size_t{4093}}) {
          nlohmann::json got = Report("x", text, chunk);
          EXPECT_EQ(got["inputs"][0]["encoding"], TextEncodingName(e));
          got["inputs"][0].erase("encoding");
          EXPECT_EQ(got, want) << file << " " << TextEncodingName(e) << " bom "
                               << bom << " chunk " << chunk;
        }
      }
    }
    nlohmann::json gz =
        Report("x", Gzip(EncodeUtf(plain, TextEncoding::kUtf16Le, true)), 999);
    EXPECT_EQ(gz["inputs"][0]["compression"], "gzip");
    EXPECT_EQ(gz["inputs"][0]["encoding"], "utf-16le");
    EXPECT_EQ(gz["findings"], want["findings"]);
  }
}

// An error in converted text is located in the UTF-8 text, which has the
// same lines as the file.
TEST(Analyzer, BrokenUtf16InputIsLocatedAsItsText) {
  std::string plain;
  ASSERT_TRUE(
      ReadFile(SourceDir() + "/examples/webapp-image.trivy.json", &plain));
  const std::string cut = plain.substr(0, 3000);
  const nlohmann::json want = Report("cut.json", cut, 4096);
  const nlohmann::json got =
      Report("cut.json", EncodeUtf(cut, TextEncoding::kUtf16Le, true), 4096);
  ASSERT_EQ(want["inputs"][0]["errors"].size(), 1u);
  EXPECT_EQ(got["inputs"][0]["errors"], want["inputs"][0]["errors"]);
  EXPECT_EQ(got["inputs"][0]["findings"], want["inputs"][0]["findings"]);
  EXPECT_TRUE(got["inputs"][0]["partial"].get<bool>());
}

// `exposure detect` and the bridge's detect() see what the importers see.
TEST(Analyzer, DetectLooksThroughCompressionAndEncoding) {
  std::string nessus;
  std::string trivy;
  ASSERT_TRUE(ReadFile(SourceDir() + "/examples/host-scan.nessus", &nessus));
  ASSERT_TRUE(
      ReadFile(SourceDir() + "/examples/webapp-image.trivy.json", &trivy));
  EXPECT_EQ(DetectFormat(Gzip(trivy), true), "trivy");
  EXPECT_EQ(DetectFormat(Gzip(trivy).substr(0, 600), false), "trivy");
  EXPECT_EQ(DetectFormat(Zstd(nessus), true), "nessus");
  EXPECT_EQ(
      DetectFormat(
          EncodeUtf(nessus, TextEncoding::kUtf16Be, false).substr(0, 4096),
          false),
      "nessus");
  EXPECT_EQ(
      DetectFormat(Gzip(EncodeUtf(trivy, TextEncoding::kUtf16Le, true)), true),
      "trivy");
  EXPECT_EQ(DetectFormat(Gzip("hello"), true), "");
}

TEST(Analyzer, TinyAndEmptyInputs) {
  Analyzer a;
  testing::FeedInChunks(&a, "empty", "", 1);
  testing::FeedInChunks(&a, "two", "{}", 1);
  testing::FeedInChunks(&a, "magic-prefix", "\x1f", 1);
  const auto& ins = a.store().inputs();
  EXPECT_EQ(ins[0].errors.at(0).message, "empty: file is empty");
  EXPECT_NE(ins[1].errors.at(0).message.find("not a supported format"),
            std::string::npos);
  EXPECT_NE(ins[2].errors.at(0).message.find("not a supported format"),
            std::string::npos);
}

// Limits for untrusted uploads (the edge worker's per-request limits):
// decompressed bytes of all inputs together, and their findings.
TEST(AnalyzerLimits, DecompressedBytesCountEveryInputAndStopABomb) {
  std::string trivy;
  ASSERT_TRUE(
      ReadFile(SourceDir() + "/examples/webapp-image.trivy.json", &trivy));
  // A bomb: 64 MB of spaces inside a valid export (after its head, which
  // tells the format) compress to a few KB.
  const size_t end = trivy.rfind('}');
  ASSERT_NE(end, std::string::npos);
  const std::string padded = trivy.substr(0, end) +
                             std::string(size_t{64} << 20, ' ') +
                             trivy.substr(end);
  const std::string bomb = Zstd(padded);
  ASSERT_LT(bomb.size(), size_t{64} << 10);

  Analyzer a;
  a.SetLimits(1000000, 0);
  EXPECT_EQ(a.LimitExceeded(), "");
  testing::FeedInChunks(&a, "small.json", trivy, 4096);
  EXPECT_EQ(a.LimitExceeded(), "");
  testing::FeedInChunks(&a, "bomb.json.zst", bomb, 256 * 1024);
  EXPECT_EQ(a.LimitExceeded(),
            "the inputs exceed the limit of 1000000 decompressed bytes per "
            "analysis");
  const Input& in = a.store().inputs()[1];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_NE(in.errors[0].message.find("limit of 1000000 decompressed"),
            std::string::npos);
  EXPECT_TRUE(in.partial);
  // What the importers read stays within the limit: the first input's
  // bytes and the rest of the allowance.
  EXPECT_LE(a.store().inputs()[0].bytes + in.bytes, 1000000u + (256u << 10));
  // A later input, even a small plain one, is refused too.
  testing::FeedInChunks(&a, "later.json", trivy, 4096);
  EXPECT_FALSE(a.store().inputs()[2].errors.empty());
  EXPECT_EQ(a.store().inputs()[2].findings, 0u);
}

TEST(AnalyzerLimits, ExactlyTheLimitIsAllowed) {
  std::string trivy;
  ASSERT_TRUE(
      ReadFile(SourceDir() + "/examples/webapp-image.trivy.json", &trivy));
  Analyzer a;
  a.SetLimits(trivy.size() * 2, 0);
  testing::FeedInChunks(&a, "a.json", trivy, 777);
  testing::FeedInChunks(&a, "b.json.gz", Gzip(trivy), 777);
  EXPECT_EQ(a.LimitExceeded(), "");
  Analyzer b;
  b.SetLimits(trivy.size() * 2 - 1, 0);
  testing::FeedInChunks(&b, "a.json", trivy, 777);
  testing::FeedInChunks(&b, "b.json.gz", Gzip(trivy), 777);
  EXPECT_NE(b.LimitExceeded(), "");
}

TEST(AnalyzerLimits, FindingsOfAllInputsTogether) {
  // The limit counts the findings the analysis holds (after merging), so
  // two different scans.
  std::string trivy;
  std::string nessus;
  ASSERT_TRUE(
      ReadFile(SourceDir() + "/examples/webapp-image.trivy.json", &trivy));
  ASSERT_TRUE(ReadFile(SourceDir() + "/examples/host-scan.nessus", &nessus));
  Analyzer all;
  testing::FeedInChunks(&all, "a.json", trivy, 4096);
  const size_t first = all.store().findings().size();
  testing::FeedInChunks(&all, "b.nessus", nessus, 4096);
  const size_t both = all.store().findings().size();
  ASSERT_GT(first, 2u);
  ASSERT_GT(both, first);

  Analyzer within;  // exactly the limit
  within.SetLimits(0, both);
  testing::FeedInChunks(&within, "a.json", trivy, 4096);
  testing::FeedInChunks(&within, "b.nessus", nessus, 4096);
  EXPECT_EQ(within.LimitExceeded(), "");

  Analyzer over;
  over.SetLimits(0, both - 1);
  testing::FeedInChunks(&over, "a.json", trivy, 4096);
  EXPECT_EQ(over.LimitExceeded(), "");
  testing::FeedInChunks(&over, "b.nessus", nessus, 4096);
  EXPECT_EQ(over.LimitExceeded(), "the inputs exceed the limit of " +
                                      std::to_string(both - 1) +
                                      " findings per analysis");
  EXPECT_TRUE(over.store().inputs()[1].partial);
  // A later input is not read.
  testing::FeedInChunks(&over, "c.nessus", nessus, 4096);
  EXPECT_EQ(over.store().inputs()[2].findings, 0u);
  EXPECT_FALSE(over.store().inputs()[2].errors.empty());
}

}  // namespace
}  // namespace exposure
