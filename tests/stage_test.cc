// The stages of an input's chain (core/import/stage.h) one at a time, and
// a format decided at the end of its input (SniffStage).
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/app/analyzer.h"
#include "core/app/input_chain.h"
#include "core/correlate/store.h"
#include "core/import/decompress.h"
#include "core/import/stage.h"
#include "core/import/text_encoding.h"
#include "core/importers/sniff_stage.h"
#include "core/model/record_sink.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::EncodeUtf;
using testing::FeedInChunks;
using testing::Gzip;

// The last stage of a test chain: keeps what reaches it.
class Collect : public Stage {
 public:
  Status Feed(std::string_view chunk) override {
    text += chunk;
    return fail_at != 0 && text.size() >= fail_at ? Status::Error("full")
                                                  : Status::Ok();
  }
  Status Finish() override {
    ++finished;
    return Status::Ok();
  }
  std::string text;
  size_t fail_at = 0;  // fail once this many bytes arrived (0: never)
  int finished = 0;
};

TEST(DecompressStage, PlainInputPassesUnchanged) {
  for (const std::string& input :
       {std::string(""), std::string("ab"), std::string(100000, 'x')}) {
    StageLog log;
    Collect out;
    DecompressStage stage(&out, &log);
    for (size_t i = 0; i < input.size(); i += 7)
      ASSERT_TRUE(stage.Feed(std::string_view(input).substr(i, 7)).ok());
    ASSERT_TRUE(stage.Finish().ok());
    EXPECT_EQ(out.text, input);
    EXPECT_EQ(out.finished, 1);
    EXPECT_EQ(log.compression, "");
    EXPECT_EQ(log.plain_bytes, input.size());
    EXPECT_TRUE(log.errors.empty());
  }
}

// Data cut short, or corrupt after a good start: what was decoded still
// reaches the next stage, which is finished; the error is logged without a
// location (its message names the compressed offset).
TEST(DecompressStage, BrokenStreamHandsOnWhatItDecoded) {
  std::string text;
  for (int i = 0; text.size() < 300000; ++i)
    text += "line " + std::to_string(i * 7919 % 100003) + "\n";
  const std::string gz = Gzip(text);
  std::string corrupt = gz;
  for (size_t i = gz.size() / 2; i < gz.size() / 2 + 64; ++i)
    corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5A);
  for (const std::string& broken : {gz.substr(0, gz.size() / 2), corrupt}) {
    StageLog log;
    Collect out;
    DecompressStage stage(&out, &log);
    (void)stage.Feed(broken);
    EXPECT_TRUE(stage.Finish().ok());  // the next stage finished well
    EXPECT_EQ(log.compression, "gzip");
    ASSERT_EQ(log.errors.size(), 1u);
    EXPECT_EQ(log.errors[0].message().rfind("gzip: ", 0), 0u)
        << log.errors[0].message();
    EXPECT_FALSE(log.errors[0].location().known());
    EXPECT_TRUE(log.partial);
    // Deflate may emit a few wrong bytes before it sees the damage; what
    // came before it is the text.
    ASSERT_GT(out.text.size(), 1000u);
    EXPECT_TRUE(out.text.compare(0, 1000, text, 0, 1000) == 0);
    EXPECT_EQ(out.finished, 1);
  }
}

// Nothing decodable: the next stage is not finished (an empty text would
// read as an empty file).
TEST(DecompressStage, NothingDecodedFinishesNothing) {
  StageLog log;
  Collect out;
  DecompressStage stage(&out, &log);
  (void)stage.Feed(std::string("\x1f\x8b\x08\x00garbage", 12));
  (void)stage.Finish();
  EXPECT_EQ(out.finished, 0);
  EXPECT_EQ(log.errors.size(), 1u);
}

// A later stage's error stops the stage: it is returned as it is and not
// logged again, and Finish does not finish the broken stage.
TEST(DecompressStage, LaterErrorStops) {
  StageLog log;
  Collect out;
  out.fail_at = 10;
  DecompressStage stage(&out, &log);
  EXPECT_EQ(stage.Feed(Gzip(std::string(1000, 'z'))).message(), "full");
  EXPECT_TRUE(stage.Feed("more").ok());
  EXPECT_TRUE(stage.Finish().ok());
  EXPECT_EQ(out.finished, 0);
  EXPECT_TRUE(log.errors.empty());
}

TEST(TextStage, ConvertsAtAnyChunking) {
  const std::string utf8 = "{\"k\": \"v\\u00e9 \xc3\xa9 \xf0\x9f\x98\x80\"}";
  const std::string wide = EncodeUtf(utf8, TextEncoding::kUtf16Le, true);
  for (size_t chunk : {size_t{1}, size_t{3}, size_t{5}, wide.size()}) {
    StageLog log;
    Collect out;
    TextStage stage(&out, &log);
    for (size_t i = 0; i < wide.size(); i += chunk)
      ASSERT_TRUE(stage.Feed(std::string_view(wide).substr(i, chunk)).ok());
    ASSERT_TRUE(stage.Finish().ok());
    EXPECT_EQ(out.text, utf8) << chunk;
    EXPECT_EQ(log.encoding, "utf-16le");
    EXPECT_EQ(out.finished, 1);
  }
}

// A CycloneDX BOM the way Checkov writes it: "bomFormat" after the
// components, far past the head a sniffer sees.
std::string LateBomFormatBom(bool with_bom_format) {
  std::string bom = "{\n  \"components\": [\n";
  for (int i = 0; bom.size() < 2 * kSniffBytes; ++i) {
    const std::string n = std::to_string(i);
    bom += "    {\"bom-ref\": \"pkg:pypi/lib" + n + "@1.0." + n +
           "\", \"type\": \"library\", \"name\": \"lib" + n +
           "\", \"version\": \"1.0." + n + "\", \"purl\": \"pkg:pypi/lib" + n +
           "@1.0." + n + "\"},\n";
  }
  bom +=
      "    {\"bom-ref\": \"pkg:pypi/django@3.2.9\", \"type\": \"library\", "
      "\"name\": \"django\", \"version\": \"3.2.9\", \"purl\": "
      "\"pkg:pypi/django@3.2.9\"}\n  ],\n"
      "  \"vulnerabilities\": [{\"id\": \"CVE-2022-28346\", \"ratings\": "
      "[{\"severity\": \"critical\"}], \"affects\": [{\"ref\": "
      "\"pkg:pypi/django@3.2.9\"}]}, {\"id\": \"CVE-2021-45115\", "
      "\"ratings\": [{\"severity\": \"high\"}], \"affects\": [{\"ref\": "
      "\"pkg:pypi/django@3.2.9\"}]}],\n"
      "  \"metadata\": {\"component\": {\"type\": \"application\", "
      "\"name\": \"terraform-plan\"}},\n"
      "  \"serialNumber\": \"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79\","
      "\n  \"version\": 1,\n";
  if (with_bom_format)
    bom += "  \"bomFormat\": \"CycloneDX\",\n";
  return bom + "  \"specVersion\": \"1.4\"\n}\n";
}

TEST(SniffStage, FormatWhoseSignatureComesLastIsDecidedAtTheEnd) {
  const std::string bom = LateBomFormatBom(true);
  ASSERT_EQ(SniffFormat(std::string_view(bom).substr(0, kSniffBytes), false),
            nullptr);
  for (size_t chunk : {size_t{4096}, size_t{1} << 20}) {
    Analyzer a;
    FeedInChunks(&a, "checkov.cdx.json", bom, chunk);
    const Input& in = a.store().inputs().back();
    EXPECT_EQ(in.format, "cyclonedx_json");
    EXPECT_TRUE(in.errors.empty()) << in.errors[0].message;
    EXPECT_EQ(in.findings, 2u);
    EXPECT_EQ(a.store().assets().size(), 1u);
    EXPECT_EQ(a.store().assets()[0].name, "terraform-plan");
  }
  // The same BOM with "bomFormat" first gives the same report.
  std::string early = bom;
  early.replace(early.find("  \"bomFormat\": \"CycloneDX\",\n"), 28, "");
  early.insert(2, "  \"bomFormat\": \"CycloneDX\",\n");
  EXPECT_EQ(testing::ReportFor("checkov.cdx.json", bom),
            testing::ReportFor("checkov.cdx.json", early));
  EXPECT_EQ(DetectFormat(bom, true), "cyclonedx_json");
  EXPECT_EQ(DetectFormat(std::string_view(bom).substr(0, 100000), false), "");
}

// A document that only looked like one: nothing of it reaches the
// analysis, and it reads as not supported (not as a broken BOM).
TEST(SniffStage, UnconfirmedFormatLeavesNothing) {
  const std::string json = LateBomFormatBom(false);
  Analyzer a;
  FeedInChunks(&a, "other.json", json, 65536);
  const Input& in = a.store().inputs().back();
  EXPECT_EQ(in.format, "");
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_EQ(in.errors[0].message,
            "other.json: not a supported format (the content matches no "
            "known export)");
  EXPECT_FALSE(in.partial);
  EXPECT_EQ(in.findings, 0u);
  EXPECT_TRUE(a.store().assets().empty());
  EXPECT_EQ(a.store().findings().size(), 0u);
  EXPECT_EQ(DetectFormat(json, true), "");
}

// What an undecided input may hold is bounded.
TEST(SniffStage, UndecidedInputIsBounded) {
  const std::string bom = LateBomFormatBom(true);
  StageLog log;
  RecordSink sink;
  SniffStage stage(
      &log, [&sink](const ImporterSpec&) { return &sink; }, bom.size() / 2);
  EXPECT_FALSE(stage.Feed(bom).ok());
  EXPECT_TRUE(stage.Finish().ok());
  EXPECT_TRUE(stage.failed());
  EXPECT_EQ(log.format, "");
  EXPECT_TRUE(sink.findings().empty());
}

// The records of a decided input reach the sink once, in their order, with
// the sink's asset indexes.
TEST(RecordSink, ReplaysInOrder) {
  RecordSink records;
  Asset host;
  host.kind = AssetKind::kHost;
  host.name = "web01";
  host.ids.ip = "10.0.0.5";
  const size_t a = records.AddAsset(host);
  Finding f;
  f.asset = a;
  f.rule_id = "r1";
  f.description = records.Intern("long text");
  f.port = 443;
  f.protocol = "tcp";
  records.AddFindingAndService(std::move(f));
  Finding late;
  late.rule_id = "r2";
  records.AddFinding(std::move(late));
  records.SetFindingAsset(1, 2, a);

  RecordSink other;
  other.AddAsset(Asset());  // the replay's asset gets index 1 here
  records.Replay(&other);
  ASSERT_EQ(other.assets().size(), 2u);
  ASSERT_EQ(other.services().size(), 1u);
  EXPECT_EQ(other.services()[0].asset, 1u);
  ASSERT_EQ(other.findings().size(), 2u);
  EXPECT_EQ(other.findings()[0].asset, 1u);
  EXPECT_EQ(other.findings()[1].asset, 1u);
  EXPECT_EQ(other.findings()[0].description, "long text");
  EXPECT_NE(other.findings()[0].description.data(),
            records.findings()[0].description.data());
}

// A format that names its asset after its findings (Grype) completes them
// with SetFindingAsset() once the asset comes: the replay makes the same
// calls, at the sink's positions, after the asset has the sink's index.
TEST(RecordSink, ReplaysAnAssetNamedAfterItsFindings) {
  RecordSink records;
  for (const char* rule : {"r1", "r2"}) {
    Finding f;
    f.rule_id = rule;
    records.AddFinding(std::move(f));
  }
  Asset image;
  image.kind = AssetKind::kContainerImage;
  image.name = "app:1.0";
  const size_t a = records.AddAsset(image);
  records.SetFindingAsset(0, records.next_finding(), a);
  ASSERT_EQ(records.findings()[1].asset, a);

  Store store;
  const size_t before = store.AddInput("before.json");
  StoreSink first(&store, before, "trivy");
  Finding earlier;
  earlier.rule_id = "r0";
  first.AddFinding(std::move(earlier));
  const size_t input = store.AddInput("grype.json");
  StoreSink sink(&store, input, "grype");
  records.Replay(&sink);
  const FindingTable& findings = store.findings();
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].asset, Finding::kNoAsset);
  const size_t image_index = findings[1].asset;
  ASSERT_LT(image_index, store.assets().size());
  EXPECT_EQ(store.assets()[image_index].name, "app:1.0");
  EXPECT_EQ(findings[2].asset, image_index);
}

// A record an importer leaves out is an error of its input, with the
// record's location, and no break: the input is not partial. A RecordSink
// keeps such errors among its records and replays them in their place.
TEST(RecordSink, RecordErrorsReachTheInput) {
  RecordSink records;
  Finding f;
  f.rule_id = "r1";
  records.AddFinding(std::move(f));
  Location where;
  where.line = 7;
  where.byte_offset = 120;
  records.AddRecordError(Status::Error("row left out: no asset", where));
  ASSERT_EQ(records.record_errors().size(), 1u);

  Store store;
  const size_t input = store.AddInput("pentest.csv");
  StoreSink sink(&store, input, "pentest_csv");
  records.Replay(&sink);
  const Input& in = store.inputs()[input];
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_EQ(in.errors[0].message,
            "pentest.csv: pentest_csv: row left out: no asset");
  EXPECT_EQ(in.errors[0].location, "line 7 (byte 120)");
  EXPECT_FALSE(in.partial);
  EXPECT_EQ(store.finding_count(), 1u);
}

}  // namespace
}  // namespace exposure
