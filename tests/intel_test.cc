#include "core/intel/intel.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/app/intel_cli.h"
#include "core/import/text_encoding.h"
#include "core/intel/intel_builder.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::Gzip;
using testing::Zstd;

std::string SharedData() {
  return testing::SourceDir() + "/../shared/data";
}
std::string KevPath() {
  return SharedData() + "/kev/known_exploited_vulnerabilities.json";
}
std::string EpssSubsetPath() {
  return SharedData() + "/epss/kev_epss_subset_jgamblin_epss_kev_nvd.csv";
}
// The subset carries no date; data/README.md dates it (scripts/build-intel
// passes the same).
constexpr const char* kSubsetDate = "2026-08-21";

// Feeds `data` to `input` in pieces of `chunk` bytes, then finishes.
Status FeedInChunks(IntelInput* input, const std::string& data, size_t chunk) {
  for (size_t off = 0; off < data.size(); off += chunk) {
    Status s = input->Feed(std::string_view(data).substr(off, chunk));
    if (!s.ok())
      return s;
  }
  return input->Finish();
}

// A small catalog in CISA's layout, with the fields the bundle skips.
constexpr const char* kSmallKev = R"({
    "title": "CISA Catalog of Known Exploited Vulnerabilities",
    "catalogVersion": "2025.01.02",
    "dateReleased": "2025-01-02T10:00:00.000Z",
    "count": 3,
    "vulnerabilities": [
        {
            "cveID": "CVE-2021-44228",
            "vendorProject": "Apache",
            "product": "Log4j2",
            "vulnerabilityName": "Apache Log4j2 Remote Code Execution Vulnerability",
            "dateAdded": "2021-12-10",
            "shortDescription": "JNDI features ...",
            "requiredAction": "Apply updates per vendor instructions.",
            "dueDate": "2021-12-24",
            "knownRansomwareCampaignUse": "Known",
            "notes": "https://nvd.nist.gov/vuln/detail/CVE-2021-44228",
            "cwes": ["CWE-20", "CWE-400"]
        },
        {
            "cveID": "CVE-2024-1234567",
            "vendorProject": "Acme \u00c9lan",
            "product": "Widget",
            "vulnerabilityName": "Widget Bug",
            "dateAdded": "2024-02-29",
            "dueDate": "2024-03-21",
            "knownRansomwareCampaignUse": "Unknown",
            "cwes": []
        },
        {
            "cveID": "CVE-1999-0001",
            "vendorProject": "Old",
            "product": "Thing",
            "vulnerabilityName": "Old Thing",
            "dateAdded": "2022-01-01",
            "dueDate": "2022-01-15"
        }
    ]
})";

constexpr const char* kSmallEpss =
    "#model_version:v2025.03.14,score_date:2026-08-21T00:00:00+0000\n"
    "cve,epss,percentile\n"
    "CVE-1999-0001,0.01130,0.77864\n"
    "CVE-2021-44228,0.94358,0.99961\n"
    "CVE-2024-1234567,0.00043,0.12000\n"
    "CVE-2025-0002,1.0,1.0\n";

// ---- values ----------------------------------------------------------------

TEST(IntelValues, CveKeys) {
  CveKey k;
  ASSERT_TRUE(ParseCveKey("CVE-2021-44228", &k));
  EXPECT_EQ(FormatCveKey(k), "CVE-2021-44228");
  ASSERT_TRUE(ParseCveKey("cve-1999-0001", &k));
  EXPECT_EQ(FormatCveKey(k), "CVE-1999-0001");
  ASSERT_TRUE(ParseCveKey("CVE-2024-1234567", &k));
  EXPECT_EQ(FormatCveKey(k), "CVE-2024-1234567");
  ASSERT_TRUE(ParseCveKey("CVE-2024-999999999999999", &k));
  EXPECT_EQ(FormatCveKey(k), "CVE-2024-999999999999999");
  for (const char* bad :
       {"", "CVE-2021-123", "CVE-2021-044228", "CVE-21-44228", "CVE_2021-4422",
        " CVE-2021-44228", "CVE-2021-44228 ", "CVE-2021-4422x",
        "CVE-2024-1000000000000000", "GHSA-2021-44228"}) {
    EXPECT_FALSE(ParseCveKey(bad, &k)) << bad;
  }
  CveKey a, b, c;
  ASSERT_TRUE(ParseCveKey("CVE-2021-9999", &a));
  ASSERT_TRUE(ParseCveKey("CVE-2021-10000", &b));
  ASSERT_TRUE(ParseCveKey("CVE-2022-0001", &c));
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
}

TEST(IntelValues, EpssFixedPoint) {
  struct Case {
    const char* text;
    uint32_t want;
  };
  for (const Case& c : std::vector<Case>{{"0.94358", 94358},
                                         {"1.0", 100000},
                                         {"1", 100000},
                                         {"1.00000", 100000},
                                         {"0", 0},
                                         {"0.0", 0},
                                         {".5", 50000},
                                         {"0.00043", 43},
                                         {"0.000425", 43},  // half up
                                         {"0.0004249", 42},
                                         {"0.000005", 1},
                                         {"0.0000049", 0},
                                         {"0.999995", 100000},
                                         {"9.5e-05", 10},
                                         {"4.3E-4", 43},
                                         {"1e0", 100000},
                                         {"0.1e1", 100000},
                                         {"000.50", 50000}}) {
    uint32_t v = 7;
    EXPECT_TRUE(ParseEpssFixed(c.text, &v)) << c.text;
    EXPECT_EQ(v, c.want) << c.text;
  }
  uint32_t v;
  for (const char* bad : {"", ".", "-0.1", "1.00001", "2", "1e1", "0.5x", "abc",
                          "0.5 ", "1e", "nan", "0x1"}) {
    EXPECT_FALSE(ParseEpssFixed(bad, &v)) << bad;
  }
  EXPECT_EQ(FormatEpssFixed(94358), "0.94358");
  EXPECT_EQ(FormatEpssFixed(43), "0.00043");
  EXPECT_EQ(FormatEpssFixed(100000), "1.00000");
  EXPECT_EQ(FormatEpssFixed(0), "0.00000");
}

TEST(IntelValues, Dates) {
  uint32_t d;
  ASSERT_TRUE(ParseIsoDate("2024-02-29", &d));
  EXPECT_EQ(d, 20240229u);
  EXPECT_EQ(FormatIsoDate(d), "2024-02-29");
  EXPECT_EQ(FormatIsoDate(0), "");
  for (const char* bad :
       {"2023-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "2025-1-01",
        "2025/01/01", "", "2025-01-01T00:00:00Z"}) {
    EXPECT_FALSE(ParseIsoDate(bad, &d)) << bad;
  }
}

// ---- building and loading --------------------------------------------------

IntelBundle BuildSmall(bool compress) {
  IntelBuilder b;
  Status s = b.AddKev(kSmallKev);
  EXPECT_TRUE(s.ok()) << s.message();
  s = b.AddEpss(kSmallEpss);
  EXPECT_TRUE(s.ok()) << s.message();
  Result<std::string> bytes = b.Build(compress);
  EXPECT_TRUE(bytes.ok()) << bytes.status().message();
  Result<IntelBundle> bundle = IntelBundle::Parse(*bytes, "test");
  EXPECT_TRUE(bundle.ok()) << bundle.status().message();
  return bundle.ok() ? *bundle : IntelBundle();
}

TEST(IntelBundle, RoundTrip) {
  ASSERT_TRUE(IntelBuilder::CanCompress());  // native build
  for (bool compress : {true, false}) {
    IntelBundle b = BuildSmall(compress);
    EXPECT_EQ(b.compressed(), compress);
    EXPECT_EQ(b.origin(), "test");
    EXPECT_EQ(b.kev_source().catalog_version, "2025.01.02");
    EXPECT_EQ(b.kev_source().date_released, "2025-01-02T10:00:00.000Z");
    EXPECT_EQ(b.epss_source().model_version, "v2025.03.14");
    EXPECT_EQ(b.epss_source().score_date, "2026-08-21T00:00:00+0000");
    EXPECT_FALSE(b.epss_source().partial);
    ASSERT_EQ(b.kev_size(), 3u);
    EXPECT_EQ(b.kev_ransomware_known(), 1u);
    EXPECT_EQ(b.epss_size(), 4u);

    std::optional<KevEntry> log4j = b.FindKev("CVE-2021-44228");
    ASSERT_TRUE(log4j.has_value());
    EXPECT_EQ(log4j->date_added, 20211210u);
    EXPECT_EQ(log4j->due_date, 20211224u);
    EXPECT_EQ(log4j->ransomware, RansomwareUse::kKnown);
    EXPECT_EQ(log4j->vendor_project, "Apache");
    EXPECT_EQ(log4j->product, "Log4j2");
    EXPECT_EQ(log4j->vulnerability_name,
              "Apache Log4j2 Remote Code Execution Vulnerability");
    std::optional<KevEntry> widget = b.FindKev("cve-2024-1234567");
    ASSERT_TRUE(widget.has_value());
    EXPECT_EQ(widget->vendor_project, "Acme \xC3\x89lan");
    EXPECT_EQ(widget->ransomware, RansomwareUse::kUnknown);
    std::optional<KevEntry> old = b.FindKev("CVE-1999-0001");
    ASSERT_TRUE(old.has_value());
    EXPECT_EQ(old->ransomware, RansomwareUse::kUnknown);  // field absent

    std::optional<EpssScore> e = b.FindEpss("CVE-2021-44228");
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->epss, 94358u);
    EXPECT_EQ(e->percentile, 99961u);
    e = b.FindEpss("CVE-2025-0002");
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->epss, 100000u);

    // Iteration is in key order.
    EXPECT_EQ(FormatCveKey(b.kev_at(0).cve), "CVE-1999-0001");
    EXPECT_EQ(FormatCveKey(b.kev_at(2).cve), "CVE-2024-1234567");
    EXPECT_EQ(FormatCveKey(b.epss_key_at(3)), "CVE-2025-0002");
  }
}

TEST(IntelBundle, UnknownAndInvalidIds) {
  IntelBundle b = BuildSmall(true);
  EXPECT_FALSE(b.FindKev("CVE-2020-0001").has_value());
  EXPECT_FALSE(b.FindEpss("CVE-2020-0001").has_value());
  EXPECT_FALSE(b.FindEpss("CVE-9999-99999999").has_value());  // past the end
  EXPECT_FALSE(b.FindEpss("CVE-1000-0000").has_value());      // before
  EXPECT_FALSE(b.FindKev("CVE-2021-044228").has_value());     // not canonical
  EXPECT_FALSE(b.FindKev("log4shell").has_value());
  IntelBundle empty;
  EXPECT_FALSE(empty.FindKev("CVE-2021-44228").has_value());
  EXPECT_FALSE(empty.FindEpss("CVE-2021-44228").has_value());
  EXPECT_FALSE(empty.kev_source().present);
}

TEST(IntelBundle, DeterministicWhateverTheChunking) {
  std::string reference;
  for (size_t chunk : {size_t{1}, size_t{3}, size_t{64}, size_t{1} << 20}) {
    for (bool compressed_inputs : {false, true}) {
      IntelBuilder b;
      std::string kev = compressed_inputs ? Zstd(kSmallKev) : kSmallKev;
      std::string epss = compressed_inputs ? Gzip(kSmallEpss) : kSmallEpss;
      Status s = FeedInChunks(b.KevInput().get(), kev, chunk);
      ASSERT_TRUE(s.ok()) << s.message();
      s = FeedInChunks(b.EpssInput().get(), epss, chunk);
      ASSERT_TRUE(s.ok()) << s.message();
      Result<std::string> bytes = b.Build(true);
      ASSERT_TRUE(bytes.ok());
      if (reference.empty())
        reference = *bytes;
      EXPECT_EQ(*bytes, reference) << "chunk " << chunk;
    }
  }
}

TEST(IntelBundle, OneSourceIsEnough) {
  IntelBuilder b;
  EXPECT_FALSE(b.Build(true).ok());  // nothing yet
  ASSERT_TRUE(b.AddEpss(kSmallEpss).ok());
  Result<std::string> bytes = b.Build(false);
  ASSERT_TRUE(bytes.ok());
  Result<IntelBundle> bundle = IntelBundle::Parse(*bytes, "x");
  ASSERT_TRUE(bundle.ok());
  EXPECT_FALSE(bundle->kev_source().present);
  EXPECT_EQ(bundle->kev_size(), 0u);
  EXPECT_TRUE(bundle->FindEpss("CVE-2021-44228").has_value());
}

TEST(IntelBundle, DamageIsDetected) {
  IntelBuilder builder;
  ASSERT_TRUE(builder.AddKev(kSmallKev).ok());
  ASSERT_TRUE(builder.AddEpss(kSmallEpss).ok());
  for (bool compress : {false, true}) {
    std::string good = *builder.Build(compress);
    ASSERT_TRUE(IntelBundle::Parse(good, "x").ok());
    // Every single-byte change and every truncation is refused, never
    // crashes (the checksum covers the payload, the header is validated).
    for (size_t i = 0; i < good.size(); ++i) {
      std::string bad = good;
      bad[i] = static_cast<char>(bad[i] ^ 0x41);
      EXPECT_FALSE(IntelBundle::Parse(bad, "x").ok()) << "byte " << i;
      EXPECT_FALSE(IntelBundle::Parse(good.substr(0, i), "x").ok()) << i;
    }
    EXPECT_FALSE(IntelBundle::Parse(good + "x", "x").ok());
  }
  Result<IntelBundle> r = IntelBundle::Parse("hello world", "x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "intel bundle: not an intel bundle (bad magic bytes)");
  std::string future = *builder.Build(false);
  future[8] = 2;
  r = IntelBundle::Parse(future, "x");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("format version 2 is not supported"),
            std::string::npos);
}

// ---- official EPSS layout
// ----------------------------------------------------

TEST(IntelEpss, OfficialLayoutPlainGzipZstdAndSplitHeader) {
  const std::string split =
      "#model_version:v2025.03.14\r\n"
      "#score_date:2026-08-21T00:00:00+0000\r\n"
      "cve,epss,percentile\r\n"
      "CVE-2021-44228,0.94358,0.99961\r\n"
      "CVE-1999-0001,0.01130,0.77864\r\n";
  const std::string bom = "\xEF\xBB\xBF" + std::string(kSmallEpss);
  for (const std::string& text : {std::string(kSmallEpss), split, bom}) {
    for (const std::string& file : {text, Gzip(text), Zstd(text)}) {
      IntelBuilder b;
      Status s = FeedInChunks(b.EpssInput().get(), file, 7);
      ASSERT_TRUE(s.ok()) << s.message();
      Result<IntelBundle> bundle = IntelBundle::Parse(*b.Build(true), "x");
      ASSERT_TRUE(bundle.ok());
      EXPECT_EQ(bundle->epss_source().model_version, "v2025.03.14");
      EXPECT_EQ(bundle->epss_source().score_date, "2026-08-21T00:00:00+0000");
      EXPECT_FALSE(bundle->epss_source().partial);
      std::optional<EpssScore> e = bundle->FindEpss("CVE-2021-44228");
      ASSERT_TRUE(e.has_value());
      EXPECT_EQ(e->epss, 94358u);
      EXPECT_EQ(e->percentile, 99961u);
      e = bundle->FindEpss("CVE-1999-0001");
      ASSERT_TRUE(e.has_value());
      EXPECT_EQ(e->epss, 1130u);
    }
  }
}

// UTF-16 and UTF-32 files (PowerShell's `>` or Out-File) give the same
// bundle as UTF-8, compressed or not; locations count the UTF-8 text.
TEST(IntelEpss, Utf16AndUtf32ReadAsUtf8) {
  using testing::EncodeUtf;
  IntelBuilder utf8;
  ASSERT_TRUE(utf8.AddKev(kSmallKev).ok());
  ASSERT_TRUE(utf8.AddEpss(kSmallEpss).ok());
  const std::string reference = *utf8.Build(false);
  for (TextEncoding e : {TextEncoding::kUtf16Le, TextEncoding::kUtf16Be,
                         TextEncoding::kUtf32Le, TextEncoding::kUtf32Be}) {
    for (bool bom : {true, false}) {
      const std::string kev = EncodeUtf(kSmallKev, e, bom);
      const std::string epss = EncodeUtf(kSmallEpss, e, bom);
      for (bool gzip : {false, true}) {
        IntelBuilder b;
        Status s = FeedInChunks(b.KevInput().get(), gzip ? Gzip(kev) : kev, 5);
        ASSERT_TRUE(s.ok()) << TextEncodingName(e) << ": " << s.message();
        s = FeedInChunks(b.EpssInput().get(), gzip ? Gzip(epss) : epss, 5);
        ASSERT_TRUE(s.ok()) << TextEncodingName(e) << ": " << s.message();
        EXPECT_TRUE(*b.Build(false) == reference) << TextEncodingName(e);
      }
    }
  }
  const std::string bad = std::string(kSmallEpss) + "CVE-2025-0003,x,0.1\n";
  IntelBuilder b;
  Status s = b.AddEpss(EncodeUtf(bad, TextEncoding::kUtf16Le, true));
  EXPECT_NE(s.message().find("EPSS: CVE-2025-0003: epss \"x\""),
            std::string::npos)
      << s.message();
  EXPECT_EQ(s.location().line, 7u);
  EXPECT_FALSE(b.has_epss());
}

TEST(IntelEpss, DateOptionAndPartialFlag) {
  const std::string undated =
      "cve,epss,percentile\nCVE-2021-44228,0.94358,0.99961\n";
  IntelBuilder b;
  Status s = b.AddEpss(undated);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("--epss-date"), std::string::npos);

  EpssInputOptions dated;
  dated.score_date = "2026-08-20";
  ASSERT_TRUE(b.AddEpss(undated, dated).ok());
  Result<IntelBundle> bundle = IntelBundle::Parse(*b.Build(false), "x");
  ASSERT_TRUE(bundle.ok());
  EXPECT_EQ(bundle->epss_source().score_date, "2026-08-20");
  EXPECT_EQ(bundle->epss_source().model_version, "");
  EXPECT_FALSE(bundle->epss_source().partial);

  // A date that contradicts the file's is refused; the same day is fine.
  s = b.AddEpss(kSmallEpss, dated);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("disagrees"), std::string::npos);
  dated.score_date = "2026-08-21";
  dated.partial = true;
  ASSERT_TRUE(b.AddEpss(kSmallEpss, dated).ok());
  bundle = IntelBundle::Parse(*b.Build(false), "x");
  ASSERT_TRUE(bundle.ok());
  EXPECT_TRUE(bundle->epss_source().partial);

  // Other layouts are partial by nature; rows without scores are skipped.
  const std::string other =
      "CVE,CVSS3,EPSS,EPSS Percentile,Description\n"
      "CVE-2021-44228,10.0,0.99999,1.0,\"a, \"\"quoted\"\" \xE8 text\"\n"
      "CVE-2020-0001,5.0,,,not scored\n";
  dated.partial = false;
  ASSERT_TRUE(b.AddEpss(other, dated).ok());
  bundle = IntelBundle::Parse(*b.Build(false), "x");
  ASSERT_TRUE(bundle.ok());
  EXPECT_TRUE(bundle->epss_source().partial);
  EXPECT_EQ(bundle->epss_size(), 1u);
  EXPECT_EQ(bundle->FindEpss("CVE-2021-44228")->percentile, 100000u);
}

// ---- errors name the line
// ----------------------------------------------------

struct BadInput {
  const char* name;
  std::string text;
  std::string message;  // a substring of the error
  uint64_t line;        // 0: no line expected
};

TEST(IntelErrors, MalformedEpss) {
  const std::string head =
      "#model_version:v1,score_date:2026-08-21T00:00:00+0000\n"
      "cve,epss,percentile\n"
      "CVE-2021-44228,0.94358,0.99961\n";
  std::vector<BadInput> cases = {
      {"bad number", head + "CVE-2021-0001,0.5,high\n",
       "EPSS: CVE-2021-0001: percentile \"high\" is not a number between 0 "
       "and 1",
       4},
      {"out of range", head + "\nCVE-2021-0001,1.5,0.3\n", "epss \"1.5\"", 5},
      {"bad id", head + "CVE-21-1,0.1,0.2\n",
       "EPSS: \"CVE-21-1\" is not a CVE id", 4},
      {"escaped", head + "CVE-2021-\xff\x01\"x,0.1,0.2\n",
       "EPSS: \"CVE-2021-\\xff\\x01\\x22x\" is not a CVE id", 4},
      {"duplicate", head + "CVE-2021-0002,0.1,0.2\nCVE-2021-44228,0.1,0.2\n",
       "EPSS: CVE-2021-44228 is listed twice (first on line 3)", 5},
      {"no header", "#model_version:v1\n", "EPSS: no header line", 0},
      {"wrong columns", "cve,score\nCVE-2021-44228,0.1\n",
       "does not name the columns cve, epss and percentile", 1},
      {"no rows", "#score_date:2026-08-21\ncve,epss,percentile\n",
       "EPSS: no scores", 0},
      {"bad date",
       "#score_date:yesterday\ncve,epss,percentile\n" +
           head.substr(head.find("CVE-")),
       "score_date \"yesterday\"", 0},
      {"empty", "", "EPSS: the file is empty", 0},
      {"open quote", head + "CVE-2021-0003,\"0.1,0.2\n",
       "EPSS: unterminated quoted field", 4},
  };
  for (const BadInput& c : cases) {
    IntelBuilder b;
    Status s = b.AddEpss(c.text);
    ASSERT_FALSE(s.ok()) << c.name;
    EXPECT_NE(s.message().find(c.message), std::string::npos)
        << c.name << ": " << s.message();
    EXPECT_EQ(s.location().line, c.line) << c.name << ": " << s.message();
    EXPECT_FALSE(b.has_epss()) << c.name;
  }
  // Compressed: the line is the decompressed one; damage names its byte.
  IntelBuilder b;
  Status s = b.AddEpss(Gzip(cases[0].text));
  EXPECT_EQ(s.location().line, 4u);
  std::string broken = Gzip(head);
  broken[broken.size() / 2] ^= 0x55;
  s = b.AddEpss(broken);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("gzip: "), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("compressed byte"), std::string::npos);
}

TEST(IntelErrors, MalformedKev) {
  std::string good = kSmallKev;
  auto with = [&good](const std::string& from, const std::string& to) {
    std::string t = good;
    size_t at = t.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return t.replace(at, from.size(), to);
  };
  // An entry is read as one record: its errors are located at its closing
  // brace, the message naming the entry, its CVE and the field.
  std::vector<BadInput> cases = {
      {"bad date", with("\"2024-02-29\"", "\"2024-02-30\""),
       "KEV catalog: vulnerabilities[1] (CVE-2024-1234567): dateAdded "
       "\"2024-02-30\" is not a YYYY-MM-DD date",
       29},
      {"bad id", with("CVE-1999-0001", "CVE-1999-01"),
       "vulnerabilities[2]: cveID \"CVE-1999-01\" is not a CVE id", 37},
      {"no due date", with("\"dueDate\": \"2022-01-15\"", "\"x\": 1"),
       "vulnerabilities[2] (CVE-1999-0001): no dueDate", 37},
      {"ransomware", with("\"Known\"", "\"Maybe\""),
       "knownRansomwareCampaignUse \"Maybe\" is neither Known nor Unknown", 19},
      {"not a string", with("\"product\": \"Widget\"", "\"product\": 7"),
       "vulnerabilities[1] (CVE-2024-1234567): product must be a string", 29},
      {"null", with("\"product\": \"Widget\"", "\"product\": null"),
       "product must be a string", 29},
      {"entry", with("\"vulnerabilities\": [", "\"vulnerabilities\": [[],"),
       "KEV catalog: vulnerabilities[0]: not an object", 6},
      {"count type", with("\"count\": 3", "\"count\": \"3\""),
       "KEV catalog: count must be a number", 5},
      {"version type", with("\"2025.01.02\"", "20250102"),
       "KEV catalog: catalogVersion must be a non-empty string", 3},
      {"object", R"({"catalogVersion": "1", "dateReleased": "2",
                    "vulnerabilities": {"cveID": "CVE-2021-44228"}})",
       "KEV catalog: vulnerabilities must be an array", 2},
      {"scalar", R"({"catalogVersion": "1", "dateReleased": "2",
                    "vulnerabilities": "none"})",
       "KEV catalog: vulnerabilities must be an array", 0},
      {"no array", R"({"catalogVersion": "1", "dateReleased": "2"})",
       "KEV catalog: no vulnerabilities array", 0},
      {"no entries", R"({"catalogVersion": "1", "dateReleased": "2",
                    "vulnerabilities": []})",
       "KEV catalog: the vulnerabilities array is empty", 0},
      {"top scalar", "\"catalog\"", "the top level must be an object", 1},
      {"count", with("\"count\": 3", "\"count\": 4"),
       "the catalog's count is 4 but it lists 3 vulnerabilities", 0},
      {"duplicate", with("CVE-1999-0001", "CVE-2021-44228"),
       "CVE-2021-44228 is listed twice (vulnerabilities[0] and [2])", 0},
      {"syntax", with("\"cwes\": []", "\"cwes\": [,]"),
       "KEV catalog: unexpected character ','", 28},
      {"truncated", good.substr(0, 300), "KEV catalog: ", 0},
      {"array", "[1, 2]", "the top level must be an object", 1},
      {"not json", "cve,epss,percentile\n", "KEV catalog: ", 1},
      {"no version", with("\"catalogVersion\"", "\"version\""),
       "no catalogVersion", 0},
      {"empty", "", "KEV catalog: the file is empty", 0},
  };
  for (const BadInput& c : cases) {
    IntelBuilder b;
    Status s = b.AddKev(c.text);
    ASSERT_FALSE(s.ok()) << c.name;
    EXPECT_NE(s.message().find(c.message), std::string::npos)
        << c.name << ": " << s.message();
    if (c.line != 0) {
      EXPECT_EQ(s.location().line, c.line) << c.name << ": " << s.message();
    }
    EXPECT_FALSE(b.has_kev()) << c.name;
  }
}

// A compressed input cut short or damaged is refused even where the text
// decoded before the damage reads as a whole file: the builder takes no
// rows, and the error is the decoder's, naming the compressed byte.
TEST(IntelErrors, DamagedCompressionTakesNoRows) {
  for (bool kev : {true, false}) {
    const std::string text = kev ? kSmallKev : kSmallEpss;
    const std::string gz = Gzip(text);
    const std::string zst = Zstd(text);
    std::string bad_crc = gz;
    bad_crc[bad_crc.size() - 8] ^= 1;
    const std::vector<std::string> files = {
        gz.substr(0, gz.size() - 8),  // the whole text, no trailer
        gz.substr(0, gz.size() - 1), bad_crc, zst.substr(0, zst.size() - 1)};
    for (size_t i = 0; i < files.size(); ++i) {
      for (size_t chunk : {size_t{1}, size_t{1} << 20}) {
        IntelBuilder b;
        std::unique_ptr<IntelInput> input = kev ? b.KevInput() : b.EpssInput();
        Status s = FeedInChunks(input.get(), files[i], chunk);
        ASSERT_FALSE(s.ok()) << kev << " " << i;
        EXPECT_NE(s.message().find("compressed byte"), std::string::npos)
            << kev << " " << i << ": " << s.message();
        EXPECT_EQ(s.message().find("KEV catalog"), std::string::npos);
        EXPECT_FALSE(b.has_kev() || b.has_epss()) << kev << " " << i;
        // The error sticks.
        EXPECT_EQ(input->Finish().message(), s.message());
        EXPECT_EQ(input->Feed("x").message(), s.message());
      }
    }
  }
}

// ---- the real data
// -----------------------------------------------------------

class IntelSharedData : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(testing::ReadFile(KevPath(), &kev_)) << KevPath();
    ASSERT_TRUE(testing::ReadFile(EpssSubsetPath(), &epss_));
  }
  // The KEV and EPSS part of what scripts/build-intel does, through the API.
  std::string BuildDefault() {
    IntelBuilder b;
    AddKevAndEpss(&b);
    Result<std::string> bytes = b.Build(true);
    EXPECT_TRUE(bytes.ok());
    return bytes.ok() ? *bytes : std::string();
  }
  void AddKevAndEpss(IntelBuilder* b) {
    Status s = b->AddKev(kev_);
    EXPECT_TRUE(s.ok()) << s.message();
    EpssInputOptions o;
    o.score_date = kSubsetDate;
    s = b->AddEpss(epss_, o);
    EXPECT_TRUE(s.ok()) << s.message();
  }
  // All of what scripts/build-intel does: KEV, EPSS, Vulnrichment and the
  // exploit catalogues.
  std::string BuildWholeDefault() {
    IntelBuilder b;
    AddKevAndEpss(&b);
    struct Part {
      const char* path;
      Status (IntelBuilder::*add)(std::string_view);
    };
    for (const Part& p :
         {Part{"ssvc/vulnrichment.tsv", &IntelBuilder::AddVulnrichment},
          Part{"exploits/metasploit.tsv", &IntelBuilder::AddMetasploit},
          Part{"exploits/exploitdb.tsv", &IntelBuilder::AddExploitDb},
          Part{"exploits/nuclei.tsv", &IntelBuilder::AddNuclei}}) {
      std::string data;
      EXPECT_TRUE(testing::ReadFile(SharedData() + "/" + p.path, &data))
          << p.path;
      Status s = (b.*p.add)(data);
      EXPECT_TRUE(s.ok()) << p.path << ": " << s.message();
    }
    Result<std::string> bytes = b.Build(true);
    EXPECT_TRUE(bytes.ok());
    return bytes.ok() ? *bytes : std::string();
  }
  std::string kev_;
  std::string epss_;
};

TEST_F(IntelSharedData, EveryKevEntryIsFoundWithItsDates) {
  Result<IntelBundle> b = IntelBundle::Parse(BuildDefault(), "fresh");
  ASSERT_TRUE(b.ok()) << b.status().message();
  nlohmann::json catalog = nlohmann::json::parse(kev_);
  EXPECT_EQ(b->kev_source().catalog_version, catalog["catalogVersion"]);
  EXPECT_EQ(b->kev_source().date_released, catalog["dateReleased"]);
  const nlohmann::json& vulns = catalog["vulnerabilities"];
  ASSERT_EQ(vulns.size(), 1404u);  // as ../shared/data/README.md says
  EXPECT_EQ(b->kev_size(), vulns.size());
  size_t known = 0;
  for (const nlohmann::json& v : vulns) {
    std::string id = v["cveID"];
    std::optional<KevEntry> e = b->FindKev(id);
    ASSERT_TRUE(e.has_value()) << id;
    EXPECT_EQ(FormatCveKey(e->cve), id);
    EXPECT_EQ(FormatIsoDate(e->date_added), v["dateAdded"]) << id;
    EXPECT_EQ(FormatIsoDate(e->due_date), v["dueDate"]) << id;
    EXPECT_EQ(RansomwareUseName(e->ransomware), v["knownRansomwareCampaignUse"])
        << id;
    EXPECT_EQ(e->vendor_project, v["vendorProject"]) << id;
    EXPECT_EQ(e->product, v["product"]) << id;
    EXPECT_EQ(e->vulnerability_name, v["vulnerabilityName"]) << id;
    known += v["knownRansomwareCampaignUse"] == "Known";
  }
  EXPECT_EQ(known, 293u);
  EXPECT_EQ(b->kev_ransomware_known(), known);
}

TEST_F(IntelSharedData, EpssMatchesTheCsv) {
  Result<IntelBundle> b = IntelBundle::Parse(BuildDefault(), "fresh");
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(b->epss_source().partial);
  EXPECT_EQ(b->epss_source().score_date, kSubsetDate);
  // Read independently: the four leading columns never hold quotes or
  // commas, so a line is split at its first four commas, and numbers go
  // through the C library's parser.
  std::istringstream lines(epss_);
  std::string line;
  std::getline(lines, line);
  ASSERT_EQ(line.substr(0, 32), "CVE,CVSS3,EPSS,EPSS Percentile,D");
  size_t rows = 0;
  bool saw_log4j = false;
  while (std::getline(lines, line)) {
    std::vector<std::string> f;
    size_t start = 0;
    for (int i = 0; i < 4; ++i) {
      size_t comma = line.find(',', start);
      ASSERT_NE(comma, std::string::npos) << line;
      f.push_back(line.substr(start, comma - start));
      start = comma + 1;
    }
    std::optional<EpssScore> e = b->FindEpss(f[0]);
    ASSERT_TRUE(e.has_value()) << f[0];
    EXPECT_EQ(e->epss, std::llround(std::stod(f[2]) * kEpssScale)) << f[0];
    EXPECT_EQ(e->percentile, std::llround(std::stod(f[3]) * kEpssScale))
        << f[0];
    if (f[0] == "CVE-2021-44228") {
      saw_log4j = true;
      EXPECT_EQ(FormatEpssFixed(e->epss), "0.99999");
      EXPECT_EQ(FormatEpssFixed(e->percentile), "1.00000");
    }
    ++rows;
  }
  EXPECT_TRUE(saw_log4j);
  EXPECT_EQ(rows, 1556u);
  EXPECT_EQ(b->epss_size(), rows);
}

// data/intel/default.intel must be what scripts/build-intel makes from
// ../shared/data today. If this fails after a data or format change, run
// scripts/build-intel and commit the result. (The compressed bytes also
// depend on the libzstd version: a mismatch with equal contents means only
// that version differs.)
TEST_F(IntelSharedData, CommittedDefaultBundleIsFresh) {
  std::string committed;
  ASSERT_TRUE(testing::ReadFile(
      testing::SourceDir() + "/data/intel/default.intel", &committed));
  // Built once: equal to a file another process wrote, it is deterministic
  // too (IntelBundle.DeterministicWhateverTheChunking checks more).
  std::string fresh = BuildWholeDefault();
  Result<IntelBundle> a = IntelBundle::Parse(committed, "committed");
  ASSERT_TRUE(a.ok()) << a.status().message();
  Result<IntelBundle> b = IntelBundle::Parse(fresh, "fresh");
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(a->kev_size(), b->kev_size()) << "stale: run scripts/build-intel";
  ASSERT_EQ(a->epss_size(), b->epss_size()) << "stale: run scripts/build-intel";
  ASSERT_EQ(a->ssvc_size(), b->ssvc_size()) << "stale: run scripts/build-intel";
  ASSERT_EQ(a->exploit_size(), b->exploit_size())
      << "stale: run scripts/build-intel";
  EXPECT_EQ(committed.size(), fresh.size());
  EXPECT_TRUE(committed == fresh) << "stale: run scripts/build-intel";
  // And it is what the core embeds.
  EXPECT_TRUE(DefaultIntelBundleBytes() == committed)
      << "the build embeds another file: re-run cmake";
}

TEST(IntelDefault, LoadsTheEmbeddedBundle) {
  Result<IntelBundle> b = IntelBundle::LoadDefault();
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(b->origin(), "built-in");
  EXPECT_TRUE(b->compressed());
  EXPECT_EQ(b->kev_source().catalog_version, "2025.08.25");
  EXPECT_EQ(b->epss_source().score_date, kSubsetDate);
  EXPECT_TRUE(b->epss_source().partial);
  EXPECT_TRUE(b->FindKev("CVE-2021-44228").has_value());
  EXPECT_FALSE(b->FindKev("CVE-2021-0001").has_value());
}

// ---- CLI
// -----------------------------------------------------------------------

class IntelCli : public ::testing::Test {
 protected:
  void SetUp() override {
    host.files["kev.json"] = kSmallKev;
    host.files["epss.csv.gz"] = Gzip(kSmallEpss);
  }
  int Intel(const std::vector<std::string>& args,
            const IntelBundle& current = IntelBundle()) {
    host.out.clear();
    host.err.clear();
    return RunIntel(args, host, current);
  }
  testing::FakeHost host;
};

TEST_F(IntelCli, BuildInfoLookup) {
  ASSERT_EQ(Intel({"build", "--kev", "kev.json", "--epss=epss.csv.gz", "-o",
                   "small.intel"}),
            0)
      << host.err;
  ASSERT_EQ(host.files.count("small.intel"), 1u);
  const std::string& bytes = host.files["small.intel"];
  EXPECT_EQ(host.out, "wrote small.intel (" + std::to_string(bytes.size()) +
                          " bytes, zstd): KEV 2025.01.02, 3 CVEs; EPSS "
                          "2026-08-21T00:00:00+0000, 4 CVEs, full coverage\n");
  EXPECT_EQ(
      bytes, *[] {
        IntelBuilder b;
        EXPECT_TRUE(b.AddKev(kSmallKev).ok());
        EXPECT_TRUE(b.AddEpss(kSmallEpss).ok());
        return b.Build(true);
      }());

  IntelBundle small;
  ASSERT_TRUE(LoadCliIntel(host, "small.intel", &small));
  ASSERT_EQ(Intel({}, small), 0);
  EXPECT_EQ(host.out,
            "bundle\tsmall.intel\n"
            "bundle.format\texposure-intel/1 zstd\n"
            "bundle.bytes\t" +
                std::to_string(bytes.size()) +
                "\n"
                "kev.source\tCISA Known Exploited Vulnerabilities catalog\n"
                "kev.catalog_version\t2025.01.02\n"
                "kev.date_released\t2025-01-02T10:00:00.000Z\n"
                "kev.cves\t3\n"
                "kev.ransomware_known\t1\n"
                "epss.source\tFIRST EPSS\n"
                "epss.model_version\tv2025.03.14\n"
                "epss.score_date\t2026-08-21T00:00:00+0000\n"
                "epss.cves\t4\n"
                "epss.coverage\tfull\n"
                "ssvc.source\tnone\n"
                "exploits.source\tnone\n");

  ASSERT_EQ(Intel({"lookup", "CVE-2021-44228", "cve-2025-0002", "CVE-2020-0001",
                   "CVE-2024-1234567"},
                  small),
            0);
  EXPECT_EQ(host.out,
            "CVE-2021-44228\tkev=yes\tepss=0.94358\tpercentile=0.99961\t"
            "kev_added=2021-12-10\tkev_due=2021-12-24\transomware=Known\n"
            "CVE-2025-0002\tkev=no\tepss=1.00000\tpercentile=1.00000\n"
            "CVE-2020-0001\tkev=no\tepss=-\tpercentile=-\n"
            "CVE-2024-1234567\tkev=yes\tepss=0.00043\tpercentile=0.12000\t"
            "kev_added=2024-02-29\tkev_due=2024-03-21\transomware=Unknown\n");
  EXPECT_EQ(host.err, "");
}

TEST_F(IntelCli, BuiltInBundle) {
  IntelBundle builtin;
  ASSERT_TRUE(LoadCliIntel(host, "", &builtin));
  ASSERT_EQ(Intel({}, builtin), 0);
  EXPECT_NE(host.out.find("bundle\tbuilt-in\n"), std::string::npos);
  EXPECT_NE(host.out.find("kev.catalog_version\t2025.08.25\n"),
            std::string::npos);
  EXPECT_NE(host.out.find("kev.cves\t1404\n"), std::string::npos);
  EXPECT_NE(host.out.find("kev.ransomware_known\t293\n"), std::string::npos);
  EXPECT_NE(host.out.find("epss.model_version\t-\n"), std::string::npos);
  EXPECT_NE(host.out.find("epss.score_date\t2026-08-21\n"), std::string::npos);
  EXPECT_NE(host.out.find("epss.cves\t1556\n"), std::string::npos);
  EXPECT_NE(host.out.find("epss.coverage\tpartial\n"), std::string::npos);
  EXPECT_NE(host.out.find("ssvc.source\tCISA Vulnrichment\n"
                          "ssvc.latest_assessed\t2024-10-24\n"
                          "ssvc.cves\t44026\n"
                          "ssvc.exploitation_poc\t7643\n"
                          "ssvc.exploitation_active\t214\n"
                          "exploits.source\tMetasploit, Exploit-DB, Nuclei\n"
                          "exploits.metasploit_date\t2025-12-19\n"
                          "exploits.metasploit_cves\t3038\n"
                          "exploits.metasploit_exploit_module_cves\t2434\n"
                          "exploits.exploitdb_date\t2024-05-20\n"
                          "exploits.exploitdb_cves\t24644\n"
                          "exploits.nuclei_date\t2026-01-29\n"
                          "exploits.nuclei_cves\t3810\n"
                          "exploits.cves\t28560\n"),
            std::string::npos)
      << host.out;
  ASSERT_EQ(Intel({"lookup", "CVE-2021-44228", "CVE-2024-29204"}, builtin), 0);
  EXPECT_EQ(host.out,
            "CVE-2021-44228\tkev=yes\tepss=0.99999\tpercentile=1.00000\t"
            "kev_added=2021-12-10\tkev_due=2021-12-24\transomware=Known\t"
            "exploits=metasploit_exploit,metasploit_auxiliary,exploitdb,"
            "nuclei\tfirst_public=2021-12-12\tmetasploit_module=exploit/linux/"
            "http/mobileiron_core_log4shell\texploitdb_id=50590\n"
            "CVE-2024-29204\tkev=no\tepss=-\tpercentile=-\t"
            "ssvc_exploitation=poc\tssvc_automatable=no\t"
            "ssvc_technical_impact=total\tssvc_assessed=2024-04-20\n");
}

TEST_F(IntelCli, BuildFromVulnrichmentAndExploitCatalogues) {
  std::string samples = SharedData() + "/ssvc/vulnrichment-samples/";
  for (const char* cve : {"CVE-2024-6498", "CVE-2024-26609"}) {
    ASSERT_TRUE(testing::ReadFile(
        samples + cve + ".json",
        &host.files[std::string("records/2024/") + cve + ".json"]));
  }
  host.files["records/README.md"] = "not a record";
  host.files["msf.tsv"] =
      "cve\tmodule\ttype\trank\tmodule_added\n"
      "CVE-2024-6498\texploit/multi/http/x\texploit\tgood\t2024-09-01\n";
  host.files["edb.tsv.gz"] =
      Gzip("cve\tedb_id\tdate\nCVE-1999-0001\t7\t2001-02-03\n");
  host.files["nuclei.tsv"] =
      "cve\ttemplate\ttemplate_added\n"
      "CVE-2024-6498\thttp/cves/2024/CVE-2024-6498.yaml\t2024-08-30\n";
  ASSERT_EQ(Intel({"build", "--vulnrichment", "records", "--metasploit",
                   "msf.tsv", "--exploitdb=edb.tsv.gz", "--nuclei",
                   "nuclei.tsv", "--uncompressed", "-o", "new.intel"}),
            0)
      << host.err;
  const std::string& bytes = host.files["new.intel"];
  EXPECT_EQ(host.out, "wrote new.intel (" + std::to_string(bytes.size()) +
                          " bytes, uncompressed): Vulnrichment 2024-08-20, 1 "
                          "CVEs; exploits (Metasploit 2024-09-01, Exploit-DB "
                          "2001-02-03, Nuclei 2024-08-30), 2 CVEs\n");
  IntelBundle fresh;
  ASSERT_TRUE(LoadCliIntel(host, "new.intel", &fresh));
  ASSERT_EQ(Intel({"lookup", "CVE-2024-6498", "CVE-1999-0001"}, fresh), 0);
  EXPECT_EQ(host.out,
            "CVE-2024-6498\tkev=no\tepss=-\tpercentile=-\t"
            "ssvc_exploitation=poc\tssvc_automatable=no\t"
            "ssvc_technical_impact=partial\tssvc_assessed=2024-08-20\t"
            "exploits=metasploit_exploit,nuclei\tfirst_public=2024-08-30\t"
            "metasploit_module=exploit/multi/http/x\n"
            "CVE-1999-0001\tkev=no\tepss=-\tpercentile=-\t"
            "exploits=exploitdb\tfirst_public=2001-02-03\texploitdb_id=7\n");

  // --base keeps what no file gives: here Metasploit and Nuclei, and the
  // base's SSVC assessments beside the files' (CVE-2024-4671 is new).
  ASSERT_TRUE(testing::ReadFile(samples + "CVE-2024-4671.json",
                                &host.files["CVE-2024-4671.json"]));
  host.files["edb2.tsv"] =
      "cve\tedb_id\tdate\nCVE-2024-6498\t52001\t2024-09-09\n";
  ASSERT_EQ(Intel({"build", "--base", "new.intel", "--kev", "kev.json",
                   "--vulnrichment", "CVE-2024-4671.json", "--exploitdb",
                   "edb2.tsv", "-o", "mixed.intel"}),
            0)
      << host.err;
  IntelBundle mixed;
  ASSERT_TRUE(LoadCliIntel(host, "mixed.intel", &mixed));
  EXPECT_EQ(mixed.kev_size(), 3u);
  EXPECT_FALSE(mixed.epss_source().present);  // neither given nor in the base
  EXPECT_EQ(mixed.ssvc_size(), 2u);
  EXPECT_EQ(mixed.exploit_source().exploitdb_date, "2024-09-09");
  EXPECT_EQ(mixed.exploit_source().nuclei_date, "2024-08-30");
  EXPECT_EQ(mixed.exploit_source().metasploit_date, "2024-09-01");
  EXPECT_EQ(mixed.exploit_size(), 1u);  // CVE-1999-0001 left with edb.tsv
  std::optional<ExploitEntry> e = mixed.FindExploits("CVE-2024-6498");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->exploitdb_id, 52001u);
  EXPECT_EQ(e->metasploit_module, "exploit/multi/http/x");

  // Errors name the file and the line.
  host.files["records/2024/CVE-2024-9999.json"] = "{\"dataType\": 5}";
  EXPECT_EQ(Intel({"build", "--vulnrichment", "records", "-o", "x"}), 1);
  EXPECT_EQ(host.err,
            "exposure: records/2024/CVE-2024-9999.json: Vulnrichment: dataType "
            "(not a string) is not \"CVE_RECORD\" at line 1, column 14 (byte "
            "13)\n");
  EXPECT_EQ(Intel({"build", "--vulnrichment", "empty", "-o", "x"}), 1);
  EXPECT_EQ(host.err,
            "exposure: cannot open empty: No such file or directory\n");
  host.files["dir/notes.txt"] = "";
  EXPECT_EQ(Intel({"build", "--vulnrichment", "dir", "-o", "x"}), 1);
  EXPECT_EQ(host.err, "exposure: dir: no *.json CVE records under it\n");
  EXPECT_EQ(Intel({"build", "--nuclei", "msf.tsv", "-o", "x"}), 1);
  EXPECT_EQ(host.err,
            "exposure: msf.tsv: Nuclei: the header "
            "\"cve,module,type,rank,module_added\" does not name the columns "
            "cve, template and template_added (it is a Metasploit table) at "
            "line 1, column 1 (byte 0)\n");
  EXPECT_EQ(Intel({"build", "--base", "msf.tsv", "--nuclei", "nuclei.tsv", "-o",
                   "x"}),
            1);
  EXPECT_EQ(host.err,
            "exposure: msf.tsv: intel bundle: not an intel bundle (bad magic "
            "bytes)\n");
  EXPECT_EQ(Intel({"build", "--base", "new.intel", "-o", "x"}), 2);
  EXPECT_EQ(Intel({"build", "--vulnrichment"}), 2);
  EXPECT_EQ(host.files.count("x"), 0u);
}

TEST_F(IntelCli, GlobalIntelOption) {
  ASSERT_EQ(
      Intel({"build", "--kev", "kev.json", "-o", "k.intel", "--uncompressed"}),
      0);
  host.out.clear();
  EXPECT_EQ(
      RunCli({"--intel", "k.intel", "intel", "lookup", "CVE-1999-0001"}, host),
      0)
      << host.err;
  EXPECT_EQ(host.out,
            "CVE-1999-0001\tkev=yes\tepss=-\tpercentile=-\tkev_added=2022-01-"
            "01\tkev_due=2022-01-15\transomware=Unknown\n");
  host.out.clear();
  EXPECT_EQ(RunCli({"--intel=k.intel", "intel"}, host), 0);
  EXPECT_NE(host.out.find("bundle.format\texposure-intel/1 uncompressed\n"),
            std::string::npos);
  EXPECT_NE(host.out.find("epss.source\tnone\n"), std::string::npos);

  host.err.clear();
  EXPECT_EQ(RunCli({"--intel", "missing.intel", "intel"}, host), 1);
  EXPECT_EQ(host.err,
            "exposure: missing.intel: cannot open: No such file or "
            "directory\n");
  host.err.clear();
  EXPECT_EQ(RunCli({"--intel", "kev.json", "intel"}, host), 1);
  EXPECT_EQ(host.err,
            "exposure: kev.json: intel bundle: not an intel bundle (bad magic "
            "bytes)\n");
  EXPECT_EQ(RunCli({"--intel"}, host), 2);
}

TEST_F(IntelCli, ErrorsAndExitCodes) {
  // Usage.
  EXPECT_EQ(Intel({"frobnicate"}), 2);
  IntelBundle empty;
  EXPECT_EQ(Intel({"lookup", "CVE-2021-44228"}, empty), 1);
  EXPECT_EQ(host.err,
            "exposure: intel: no threat-intel bundle to look up in\n");
  EXPECT_EQ(Intel({"lookup"}), 2);
  EXPECT_EQ(Intel({"lookup", "CVE-2021-44228", "log4shell"}), 2);
  EXPECT_EQ(host.err,
            "exposure: intel: not a CVE id: log4shell\n"
            "Run 'exposure intel --help' for usage.\n");
  EXPECT_EQ(host.out, "");
  EXPECT_EQ(Intel({"build", "-o", "x.intel"}), 2);
  EXPECT_EQ(Intel({"build", "--kev", "kev.json"}), 2);
  EXPECT_EQ(Intel({"build", "--kev"}), 2);
  EXPECT_EQ(Intel({"build", "--kev", "kev.json", "--bogus", "-o", "x"}), 2);
  EXPECT_EQ(Intel({"build", "--kev", "kev.json", "extra", "-o", "x"}), 2);
  EXPECT_EQ(Intel({"build", "--kev", "kev.json", "--epss-date", "2026-08-21",
                   "-o", "x"}),
            2);
  EXPECT_EQ(Intel({"build", "--epss", "epss.csv.gz", "--epss-date", "21.08.26",
                   "-o", "x"}),
            2);
  EXPECT_EQ(Intel({"--help"}), 0);
  EXPECT_NE(host.out.find("intel build"), std::string::npos);

  // Unreadable or invalid inputs.
  EXPECT_EQ(Intel({"build", "--kev", "nope.json", "-o", "x"}), 1);
  EXPECT_EQ(host.err,
            "exposure: cannot open nope.json: No such file or directory\n");
  host.files["bad.csv"] =
      "#score_date:2026-08-21\ncve,epss,percentile\nCVE-2021-44228,0.1,x\n";
  EXPECT_EQ(Intel({"build", "--epss", "bad.csv", "-o", "x"}), 1);
  EXPECT_EQ(host.err,
            "exposure: bad.csv: EPSS: CVE-2021-44228: percentile \"x\" is not "
            "a number between 0 and 1 at line 3, column 1 (byte 43)\n");
  host.files["undated.csv"] = "cve,epss,percentile\nCVE-2021-44228,0.1,0.2\n";
  EXPECT_EQ(Intel({"build", "--epss", "undated.csv", "-o", "x"}), 1);
  EXPECT_NE(host.err.find("--epss-date"), std::string::npos);
  EXPECT_EQ(Intel({"build", "--epss", "undated.csv", "--epss-date",
                   "2026-08-21", "-o", "x"}),
            0);
  EXPECT_EQ(host.files.count("nope.intel"), 0u);
}

}  // namespace
}  // namespace exposure
