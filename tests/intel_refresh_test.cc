#include "core/app/intel_refresh.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/import/text_encoding.h"
#include "core/intel/intel_builder.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::Gzip;
using testing::Zstd;

std::string Fixture(const std::string& name) {
  std::string data;
  EXPECT_TRUE(testing::ReadFile(
      testing::SourceDir() + "/tests/fixtures/intel/" + name, &data))
      << name;
  return data;
}

// Reads `data` as file `name` of `kind` in chunks of `chunk` bytes.
Status Read(IntelRefresh* r,
            IntelFileKind kind,
            const std::string& name,
            const std::string& data,
            size_t chunk = 7) {
  Status s = r->Begin(kind, name);
  for (size_t off = 0; s.ok() && off < data.size(); off += chunk)
    s = r->Feed(std::string_view(data).substr(off, chunk));
  return s.ok() ? r->End() : s;
}

IntelBundle SmallBundle() {
  IntelBuilder b;
  EXPECT_TRUE(b.AddKev(Fixture("kev-small.json")).ok());
  EXPECT_TRUE(b.AddEpss(Fixture("epss-small.csv")).ok());
  Result<std::string> bytes = b.Build(false);
  EXPECT_TRUE(bytes.ok());
  Result<IntelBundle> bundle = IntelBundle::Parse(*bytes, "small");
  EXPECT_TRUE(bundle.ok());
  return std::move(*bundle);
}

TEST(IntelRefreshDetect, RecognisesKevAndEpssByContent) {
  std::string kev = Fixture("kev-small.json");
  std::string epss = Fixture("epss-small.csv");
  for (const std::string& data : {kev, Gzip(kev), Zstd(kev)})
    EXPECT_EQ(DetectIntelFile(data, true), IntelFileKind::kKev);
  for (const std::string& data : {epss, Gzip(epss), Zstd(epss)})
    EXPECT_EQ(DetectIntelFile(data, true), IntelFileKind::kEpss);
  // A head cut anywhere after the telling part still decides.
  EXPECT_EQ(DetectIntelFile(kev.substr(0, 120), false), IntelFileKind::kKev);
  EXPECT_EQ(DetectIntelFile(Gzip(epss).substr(0, 60), false),
            IntelFileKind::kEpss);
  // FIRST's header without the comment, and a derived file's columns.
  EXPECT_EQ(
      DetectIntelFile("cve,epss,percentile\nCVE-2021-44228,0.9,0.9\n", true),
      IntelFileKind::kEpss);
  EXPECT_EQ(DetectIntelFile("\xEF\xBB\xBF\"CVE\",\"CVSS3\",\"EPSS\",\"EPSS "
                            "Percentile\"\r\nCVE-2021-44228,10,0.9,0.9\r\n",
                            true),
            IntelFileKind::kEpss);
  // UTF-16 and UTF-32 (PowerShell's `>`), compressed or not, and cut short.
  for (TextEncoding e : {TextEncoding::kUtf16Le, TextEncoding::kUtf16Be,
                         TextEncoding::kUtf32Le, TextEncoding::kUtf32Be}) {
    const std::string wide_kev = testing::EncodeUtf(kev, e, true);
    const std::string wide_epss = testing::EncodeUtf(epss, e, false);
    for (const std::string& data : {wide_kev, Gzip(wide_kev)})
      EXPECT_EQ(DetectIntelFile(data, true), IntelFileKind::kKev);
    EXPECT_EQ(DetectIntelFile(wide_kev.substr(0, 501), false),
              IntelFileKind::kKev)
        << TextEncodingName(e);
    for (const std::string& data : {wide_epss, Zstd(wide_epss)})
      EXPECT_EQ(DetectIntelFile(data, true), IntelFileKind::kEpss);
  }
  // A catalog without catalogVersion still has its entries' cveID.
  EXPECT_EQ(
      DetectIntelFile(R"({"vulnerabilities": [{"cveID": "CVE-1"}]})", true),
      IntelFileKind::kKev);
}

std::string Shared(const std::string& relative) {
  std::string data;
  EXPECT_TRUE(testing::ReadFile(
      testing::SourceDir() + "/../shared/data/" + relative, &data))
      << relative;
  return data;
}

std::string Record(const std::string& cve) {
  return Shared("ssvc/vulnrichment-samples/" + cve + ".json");
}

TEST(IntelRefreshDetect, RecognisesVulnrichmentAndExploitCatalogues) {
  for (const char* cve :
       {"CVE-2024-6498", "CVE-2024-7857", "CVE-2024-4671", "CVE-2024-26609",
        "CVE-2008-4109", "CVE-2024-29204"}) {
    std::string record = Record(cve);
    for (const std::string& data : {record, Gzip(record), Zstd(record)})
      EXPECT_EQ(DetectIntelFile(data, true), IntelFileKind::kVulnrichment)
          << cve;
  }
  // By content: dataType anywhere in the head, in any spacing; or the
  // record's two objects when dataType comes later.
  EXPECT_EQ(DetectIntelFile(R"({"dataVersion":"5.1","dataType" :"CVE_RECORD"})",
                            true),
            IntelFileKind::kVulnrichment);
  EXPECT_EQ(DetectIntelFile(R"({"containers": {"cna": {}}, "cveMetadata": {}})",
                            false),
            IntelFileKind::kVulnrichment);
  EXPECT_EQ(DetectIntelFile(R"({"dataType": "CVE_RECORD_LIST"})", true),
            IntelFileKind::kUnknown);
  struct Table {
    const char* path;
    IntelFileKind kind;
  };
  for (const Table& t :
       {Table{"ssvc/vulnrichment.tsv", IntelFileKind::kVulnrichment},
        Table{"exploits/metasploit.tsv", IntelFileKind::kMetasploit},
        Table{"exploits/exploitdb.tsv", IntelFileKind::kExploitDb},
        Table{"exploits/nuclei.tsv", IntelFileKind::kNuclei}}) {
    std::string head = Shared(t.path).substr(0, 4096);
    EXPECT_EQ(DetectIntelFile(head, false), t.kind) << t.path;
    EXPECT_EQ(DetectIntelFile(Gzip(head), false), t.kind) << t.path;
    EXPECT_EQ(
        DetectIntelFile(testing::EncodeUtf(head, TextEncoding::kUtf16Le, true),
                        false),
        t.kind)
        << t.path;
  }
  // Commas are not tabs.
  EXPECT_EQ(
      DetectIntelFile("cve,edb_id,date\nCVE-2020-0001,1,2020-01-01\n", true),
      IntelFileKind::kUnknown);
  for (IntelFileKind kind :
       {IntelFileKind::kKev, IntelFileKind::kEpss, IntelFileKind::kVulnrichment,
        IntelFileKind::kMetasploit, IntelFileKind::kExploitDb,
        IntelFileKind::kNuclei}) {
    EXPECT_EQ(IntelFileKindFromId(IntelFileKindId(kind)), kind);
  }
  EXPECT_STREQ(IntelFileKindId(IntelFileKind::kVulnrichment), "vulnrichment");
  EXPECT_STREQ(IntelFileKindId(IntelFileKind::kMetasploit), "metasploit");
  EXPECT_STREQ(IntelFileKindId(IntelFileKind::kExploitDb), "exploitdb");
  EXPECT_STREQ(IntelFileKindId(IntelFileKind::kNuclei), "nuclei");
}

TEST(IntelRefreshDetect, ScannerExportsAndOtherFilesAreNotIntel) {
  EXPECT_EQ(DetectIntelFile(Fixture("scan.trivy.json"), true),
            IntelFileKind::kUnknown);
  EXPECT_EQ(DetectIntelFile("", true), IntelFileKind::kUnknown);
  EXPECT_EQ(DetectIntelFile("cve,score\nCVE-2021-44228,9\n", true),
            IntelFileKind::kUnknown);
  EXPECT_EQ(DetectIntelFile("# notes\nhello\n", true), IntelFileKind::kUnknown);
  EXPECT_EQ(
      DetectIntelFile("<?xml version=\"1.0\"?><NessusClientData_v2>", false),
      IntelFileKind::kUnknown);
  EXPECT_EQ(DetectIntelFile(R"({"vulnerabilities": [{"id": "CVE-1"}]})", true),
            IntelFileKind::kUnknown);
  EXPECT_EQ(DetectIntelFile(std::string("\x1f\x8b\x08\x00", 4), false),
            IntelFileKind::kUnknown);
  EXPECT_STREQ(IntelFileKindId(IntelFileKind::kKev), "kev");
  EXPECT_STREQ(IntelFileKindId(IntelFileKind::kUnknown), "");
  EXPECT_EQ(IntelFileKindFromId("epss"), IntelFileKind::kEpss);
  EXPECT_EQ(IntelFileKindFromId("EPSS"), IntelFileKind::kUnknown);
}

TEST(IntelBuilderCopy, CopiedPartsBuildTheSameBytes) {
  IntelBuilder original;
  ASSERT_TRUE(original.AddKev(Fixture("kev-small.json")).ok());
  ASSERT_TRUE(original.AddEpss(Fixture("epss-small.csv")).ok());
  Result<std::string> bytes = original.Build(false);
  ASSERT_TRUE(bytes.ok());
  Result<IntelBundle> bundle = IntelBundle::Parse(*bytes, "x");
  ASSERT_TRUE(bundle.ok());

  IntelBuilder copy;
  EXPECT_TRUE(copy.CopyKev(*bundle));
  EXPECT_TRUE(copy.CopyEpss(*bundle));
  Result<std::string> again = copy.Build(false);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(*again == *bytes);

  // The built-in bundle too: partial coverage and KEV strings survive.
  Result<IntelBundle> builtin = IntelBundle::LoadDefault();
  ASSERT_TRUE(builtin.ok());
  IntelBuilder from_default;
  ASSERT_TRUE(from_default.CopyKev(*builtin));
  ASSERT_TRUE(from_default.CopyEpss(*builtin));
  Result<std::string> d = from_default.Build(false);
  ASSERT_TRUE(d.ok());
  Result<IntelBundle> reloaded = IntelBundle::Parse(*d, "copy");
  ASSERT_TRUE(reloaded.ok());
  EXPECT_EQ(reloaded->kev_size(), builtin->kev_size());
  EXPECT_EQ(reloaded->epss_size(), builtin->epss_size());
  EXPECT_TRUE(reloaded->epss_source().partial);
  EXPECT_EQ(reloaded->kev_source().catalog_version,
            builtin->kev_source().catalog_version);
  std::optional<KevEntry> a = reloaded->FindKev("CVE-2021-44228");
  std::optional<KevEntry> b = builtin->FindKev("CVE-2021-44228");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->product, b->product);
  EXPECT_EQ(a->due_date, b->due_date);
}

TEST(IntelBuilderCopy, MissingPartCopiesNothing) {
  IntelBuilder only_kev;
  ASSERT_TRUE(only_kev.AddKev(Fixture("kev-small.json")).ok());
  Result<std::string> bytes = only_kev.Build(false);
  ASSERT_TRUE(bytes.ok());
  Result<IntelBundle> bundle = IntelBundle::Parse(*bytes, "x");
  ASSERT_TRUE(bundle.ok());
  IntelBuilder b;
  EXPECT_FALSE(b.CopyEpss(*bundle));
  EXPECT_FALSE(b.has_epss());
  EXPECT_FALSE(b.CopyKev(IntelBundle()));
  EXPECT_FALSE(b.has_kev());
}

TEST(IntelRefresh, BothFilesMakeTheBundle) {
  IntelRefresh r;
  ASSERT_TRUE(
      Read(&r, IntelFileKind::kKev, "kev.json", Fixture("kev-small.json"))
          .ok());
  ASSERT_TRUE(Read(&r, IntelFileKind::kEpss, "epss.csv.gz",
                   Gzip(Fixture("epss-small.csv")))
                  .ok());
  Result<IntelRefreshResult> out = r.Build(SmallBundle(), false, "your files");
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->kev_from, "kev.json");
  EXPECT_EQ(out->epss_from, "epss.csv.gz");
  EXPECT_EQ(out->bundle.origin(), "your files");
  EXPECT_FALSE(out->bundle.compressed());
  EXPECT_EQ(out->bundle.stored_bytes(), out->bytes.size());
  EXPECT_TRUE(out->bundle.FindKev("CVE-2024-3094").has_value());
  EXPECT_FALSE(out->bundle.FindKev("CVE-2021-44228").has_value());
  ASSERT_TRUE(out->bundle.FindEpss("CVE-2021-44228").has_value());
  EXPECT_EQ(out->bundle.FindEpss("CVE-2021-44228")->epss, 51234u);
  EXPECT_FALSE(out->bundle.epss_source().partial);

  nlohmann::json j = nlohmann::json::parse(IntelRefreshJson(*out));
  EXPECT_EQ(j["kev_from"], "kev.json");
  EXPECT_EQ(j["bundle"]["origin"], "your files");
  EXPECT_EQ(j["bundle"]["compressed"], false);
  EXPECT_EQ(j["bundle"]["bytes"], out->bytes.size());
  EXPECT_EQ(j["bundle"]["kev"]["catalog_version"], "2026.11.20");
  EXPECT_EQ(j["bundle"]["kev"]["date_released"], "2026-11-20T15:00:00.000Z");
  EXPECT_EQ(j["bundle"]["kev"]["cves"], 2);
  EXPECT_EQ(j["bundle"]["kev"]["ransomware_known"], 0);
  EXPECT_EQ(j["bundle"]["epss"]["model_version"], "v2025.03.14");
  EXPECT_EQ(j["bundle"]["epss"]["score_date"], "2026-11-20T00:00:00+0000");
  EXPECT_EQ(j["bundle"]["epss"]["cves"], 4);
  EXPECT_EQ(j["bundle"]["epss"]["coverage"], "full");
}

TEST(IntelRefresh, OnePartKeepsTheOtherFromTheBase) {
  Result<IntelBundle> builtin = IntelBundle::LoadDefault();
  ASSERT_TRUE(builtin.ok());
  IntelRefresh r;
  ASSERT_TRUE(
      Read(&r, IntelFileKind::kEpss, "epss.csv", Fixture("epss-small.csv"))
          .ok());
  Result<IntelRefreshResult> out = r.Build(*builtin, false, "your files");
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->kev_from, "base");
  EXPECT_EQ(out->epss_from, "epss.csv");
  EXPECT_EQ(out->bundle.kev_size(), builtin->kev_size());
  EXPECT_TRUE(out->bundle.FindKev("CVE-2021-44228").has_value());
  EXPECT_EQ(out->bundle.epss_size(), 4u);

  // With a base lacking the other part, the bundle has only one.
  IntelRefresh alone;
  ASSERT_TRUE(
      Read(&alone, IntelFileKind::kKev, "kev.json", Fixture("kev-small.json"))
          .ok());
  Result<IntelRefreshResult> only = alone.Build(IntelBundle(), false, "x");
  ASSERT_TRUE(only.ok());
  EXPECT_EQ(only->kev_from, "kev.json");
  EXPECT_EQ(only->epss_from, "");
  nlohmann::json j = nlohmann::json::parse(IntelBundleJson(only->bundle));
  EXPECT_TRUE(j["epss"].is_null());
  EXPECT_EQ(j["kev"]["cves"], 2);
}

TEST(IntelRefresh, ErrorsNameTheFileAndTheSpot) {
  IntelRefresh r;
  std::string kev = Fixture("kev-small.json");
  kev.replace(kev.find("\"2026-12-09\""), 12, "\"next week\"");
  Status s = Read(&r, IntelFileKind::kKev, "my-kev.json", kev);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "my-kev.json: KEV catalog: vulnerabilities[0] (CVE-2024-3094): "
            "dueDate \"next week\" is not a YYYY-MM-DD date");
  // The entry's closing brace: an entry is read as one record.
  EXPECT_EQ(s.location().line, 19u);
  // The error sticks; the file adds nothing.
  EXPECT_EQ(r.Feed("x").message(), s.message());
  EXPECT_EQ(r.End().message(), s.message());
  EXPECT_FALSE(r.has_kev());

  std::string epss = Fixture("epss-small.csv");
  epss.replace(epss.find("0.87654"), 7, "1.5");
  s = Read(&r, IntelFileKind::kEpss, "scores.csv.gz", Gzip(epss), 5);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "scores.csv.gz: EPSS: CVE-2024-3094: epss \"1.5\" is not a "
            "number between 0 and 1");
  EXPECT_EQ(s.location().line, 5u);
  nlohmann::json j = nlohmann::json::parse(IntelErrorJson(s));
  EXPECT_EQ(j["error"]["message"], s.message());
  EXPECT_EQ(j["error"]["location"], s.location().ToString());

  Result<IntelRefreshResult> none = r.Build(SmallBundle(), false, "x");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(), "intel: no threat-intel file was read");
  // An error with no place in any file has an empty location, not "byte 0".
  EXPECT_EQ(
      nlohmann::json::parse(IntelErrorJson(none.status()))["error"]["location"],
      "");

  IntelRefresh u;
  s = u.Begin(IntelFileKind::kUnknown, "notes.txt");
  EXPECT_EQ(s.message(),
            "notes.txt: neither a CISA KEV catalog (JSON), an EPSS CSV, CISA "
            "Vulnrichment data nor an exploit catalogue (Metasploit, "
            "Exploit-DB or Nuclei TSV)");
  EXPECT_FALSE(u.Feed("abc").ok());

  IntelRefresh empty;
  s = Read(&empty, IntelFileKind::kEpss, "empty.csv", "");
  EXPECT_EQ(s.message(), "empty.csv: EPSS: the file is empty");
}

TEST(IntelRefresh, AGoodFileSurvivesABadOneOfTheOtherKind) {
  IntelRefresh r;
  ASSERT_TRUE(
      Read(&r, IntelFileKind::kKev, "kev.json", Fixture("kev-small.json"))
          .ok());
  EXPECT_FALSE(Read(&r, IntelFileKind::kEpss, "bad.csv",
                    "cve,epss,percentile\nnot-a-cve,0.1,0.1\n")
                   .ok());
  Result<IntelRefreshResult> out = r.Build(IntelBundle(), false, "x");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->kev_from, "kev.json");
  EXPECT_EQ(out->epss_from, "");
}

TEST(IntelRefresh, VulnrichmentRecordsAndCataloguesJoinTheBase) {
  Result<IntelBundle> builtin = IntelBundle::LoadDefault();
  ASSERT_TRUE(builtin.ok());
  // A later assessment of a CVE the base has, and a rejected record.
  std::string later = Record("CVE-2024-6498");
  later.replace(later.find("\"poc\""), 5, "\"active\"");
  later.replace(later.find("2024-08-20T"), 10, "2024-10-30");
  IntelRefresh r;
  ASSERT_TRUE(
      Read(&r, IntelFileKind::kVulnrichment, "CVE-2024-6498.json", later).ok());
  ASSERT_TRUE(Read(&r, IntelFileKind::kVulnrichment, "CVE-2024-26609.json",
                   Gzip(Record("CVE-2024-26609")))
                  .ok());
  // A broken record adds nothing and keeps nothing from going on.
  Status s = Read(&r, IntelFileKind::kVulnrichment, "broken.json",
                  R"({"dataType": "CVE_RECORD", "cveMetadata": 1})");
  EXPECT_EQ(s.message(),
            "broken.json: Vulnrichment: cveMetadata must be an object");
  ASSERT_TRUE(Read(&r, IntelFileKind::kExploitDb, "edb.tsv",
                   "cve\tedb_id\tdate\nCVE-2024-6498\t52000\t2024-09-01\n")
                  .ok());
  EXPECT_TRUE(r.has_ssvc());
  EXPECT_TRUE(r.has_exploits());
  Result<IntelRefreshResult> out = r.Build(*builtin, false, "your files");
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(out->ssvc_from, "2 files");
  EXPECT_TRUE(out->ssvc_base);
  EXPECT_EQ(out->exploitdb_from, "edb.tsv");
  EXPECT_EQ(out->metasploit_from, "base");
  EXPECT_EQ(out->nuclei_from, "base");
  EXPECT_EQ(out->kev_from, "base");
  EXPECT_EQ(out->epss_from, "base");
  const IntelBundle& b = out->bundle;
  EXPECT_EQ(b.ssvc_size(), builtin->ssvc_size());
  ASSERT_TRUE(b.FindSsvc("CVE-2024-6498").has_value());
  EXPECT_EQ(b.FindSsvc("CVE-2024-6498")->exploitation, 2);
  EXPECT_EQ(b.exploit_exploitdb_cves(), 1u);
  EXPECT_EQ(b.exploit_metasploit_cves(), builtin->exploit_metasploit_cves());
  EXPECT_EQ(b.FindExploits("CVE-2024-6498")->exploitdb_id, 52000u);

  nlohmann::json j = nlohmann::json::parse(IntelRefreshJson(*out));
  EXPECT_EQ(j["ssvc_from"], "2 files");
  EXPECT_EQ(j["ssvc_base"], true);
  EXPECT_EQ(j["metasploit_from"], "base");
  EXPECT_EQ(j["exploitdb_from"], "edb.tsv");
  EXPECT_EQ(j["nuclei_from"], "base");
  EXPECT_EQ(j["bundle"]["ssvc"]["label"], "CISA Vulnrichment");
  EXPECT_EQ(j["bundle"]["ssvc"]["latest_assessed"], "2024-10-30");
  EXPECT_EQ(j["bundle"]["ssvc"]["cves"], builtin->ssvc_size());
  EXPECT_EQ(j["bundle"]["exploits"]["metasploit_date"], "2025-12-19");
  EXPECT_EQ(j["bundle"]["exploits"]["exploitdb_date"], "2024-09-01");
  EXPECT_EQ(j["bundle"]["exploits"]["nuclei_date"], "2026-01-29");
  EXPECT_EQ(j["bundle"]["exploits"]["cves"], b.exploit_size());

  // Without a base: only what the files give; an absent source's date is
  // null.
  IntelRefresh alone;
  ASSERT_TRUE(Read(&alone, IntelFileKind::kNuclei, "nuclei.tsv",
                   "cve\ttemplate\ttemplate_added\n"
                   "CVE-2024-6498\thttp/x.yaml\t\n")
                  .ok());
  Result<IntelRefreshResult> only = alone.Build(IntelBundle(), false, "x");
  ASSERT_TRUE(only.ok());
  EXPECT_EQ(only->ssvc_from, "");
  EXPECT_FALSE(only->ssvc_base);
  j = nlohmann::json::parse(IntelRefreshJson(*only));
  EXPECT_TRUE(j["bundle"]["ssvc"].is_null());
  EXPECT_TRUE(j["bundle"]["kev"].is_null());
  EXPECT_TRUE(j["bundle"]["exploits"]["metasploit_date"].is_null());
  EXPECT_TRUE(j["bundle"]["exploits"]["exploitdb_date"].is_null());
  EXPECT_EQ(j["bundle"]["exploits"]["nuclei_date"], "");
  EXPECT_EQ(j["bundle"]["exploits"]["cves"], 1);
  EXPECT_EQ(j["nuclei_from"], "nuclei.tsv");
}

TEST(IntelRefresh, BuiltInBundleJsonSaysPartial) {
  Result<IntelBundle> builtin = IntelBundle::LoadDefault();
  ASSERT_TRUE(builtin.ok());
  nlohmann::json j = nlohmann::json::parse(IntelBundleJson(*builtin));
  EXPECT_EQ(j["origin"], "built-in");
  EXPECT_EQ(j["format"], "exposure-intel/1");
  EXPECT_EQ(j["compressed"], true);
  EXPECT_EQ(j["bytes"], DefaultIntelBundleBytes().size());
  EXPECT_EQ(j["kev"]["catalog_version"], "2025.08.25");
  EXPECT_EQ(j["kev"]["cves"], builtin->kev_size());
  EXPECT_EQ(j["epss"]["coverage"], "partial");
  EXPECT_EQ(j["epss"]["cves"], 1556);
  EXPECT_EQ(j["epss"]["model_version"], "");
  EXPECT_EQ(j["ssvc"], nlohmann::json::parse(R"({"label": "CISA Vulnrichment",
                "latest_assessed": "2024-10-24", "cves": 44026})"));
  EXPECT_EQ(j["exploits"],
            nlohmann::json::parse(R"({"metasploit_date": "2025-12-19",
                "exploitdb_date": "2024-05-20", "nuclei_date": "2026-01-29",
                "cves": 28560})"));
}

}  // namespace
}  // namespace exposure
