// Helpers shared by the core tests: reading fixture files and feeding
// analyzers in chunks. (Tests may do file I/O; the core may not.)
#ifndef TESTS_TEST_UTIL_H_
#define TESTS_TEST_UTIL_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "core/app/analyzer.h"
#include "core/app/cli.h"
#include "core/base/spill.h"
#include "core/import/text_encoding.h"
#include "core/importers/importer.h"
#include "core/render/export_view.h"

namespace exposure::testing {

inline std::string SourceDir() {
  return EXPOSURE_SOURCE_DIR;
}
inline std::string CorpusDir() {
  return SourceDir() + "/../shared/corpus";
}
// Hand-written samples of formats the corpus has no export of.
inline std::string FixtureDir() {
  return SourceDir() + "/tests/fixtures";
}

inline bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

// Real exports of formats the corpus lacks (inventories, VEX, pentest
// tools), each as published upstream: ../shared/samples/README.md says
// where each comes from.
inline std::string SamplesDir() {
  return SourceDir() + "/../shared/samples";
}

// The files under SamplesDir() whose head `sniff` accepts (as the registry
// asks: the first kSniffBytes, complete when that is all), as paths below
// it in sorted order. A format's own samples must be exactly its folder's:
// it takes no other format's.
inline std::vector<std::string> SamplesAccepted(
    bool (*sniff)(std::string_view head, bool complete)) {
  namespace fs = std::filesystem;
  std::vector<std::string> accepted;
  const fs::path root = SamplesDir();
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file())
      continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string head(kSniffBytes + 1, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    const bool complete = head.size() <= kSniffBytes;
    head.resize(std::min(head.size(), kSniffBytes));
    if (sniff(head, complete))
      accepted.push_back(fs::relative(entry.path(), root).generic_string());
  }
  std::sort(accepted.begin(), accepted.end());
  return accepted;
}

inline bool WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
  return static_cast<bool>(out);
}

// `data` as a gzip member and as a zstd frame (checksummed, content size
// known): the compressed inputs users drop.
std::string Gzip(std::string_view data, int level = 6);
std::string Zstd(std::string_view data, int level = 3);

// `utf8` (valid UTF-8) in UTF-16 or UTF-32 `e`, with a byte order mark
// first when `bom`: the inputs Windows tools write.
inline std::string EncodeUtf(std::string_view utf8, TextEncoding e, bool bom) {
  const bool wide = e == TextEncoding::kUtf32Le || e == TextEncoding::kUtf32Be;
  const bool big = e == TextEncoding::kUtf16Be || e == TextEncoding::kUtf32Be;
  std::string out;
  auto unit = [&](uint32_t u) {
    const int width = wide ? 4 : 2;
    for (int i = 0; i < width; ++i) {
      const int shift = 8 * (big ? width - 1 - i : i);
      out.push_back(static_cast<char>((u >> shift) & 0xFF));
    }
  };
  if (bom)
    unit(0xFEFF);
  for (size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    const size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    uint32_t c = n == 1 ? b : b & (0x3F >> (n - 1));
    for (size_t k = 1; k < n; ++k)
      c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += n;
    if (!wide && c >= 0x10000) {
      unit(0xD800 + ((c - 0x10000) >> 10));
      unit(0xDC00 + ((c - 0x10000) & 0x3FF));
    } else {
      unit(c);
    }
  }
  return out;
}

// How many times `needle` occurs in `hay`, overlapping ones included.
inline size_t CountOccurrences(std::string_view hay, std::string_view needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string_view::npos;
       p = hay.find(needle, p + 1)) {
    ++n;
  }
  return n;
}

// Reads `text` as CSV, strictly by RFC 4180: every record (the last one
// too) ends with CRLF, fields are separated by commas, a quoted field may
// hold commas, doubled quotes and line breaks, an unquoted one none of
// them. False, with `*error` saying what and where, for anything else, so
// that an export test fails on CSV a lenient reader would accept.
inline bool ParseCsv(std::string_view text,
                     std::vector<std::vector<std::string>>* rows,
                     std::string* error = nullptr) {
  rows->clear();
  size_t i = 0;
  auto fail = [&](const char* why) {
    if (error)
      *error = std::string(why) + " at byte " + std::to_string(i);
    return false;
  };
  std::vector<std::string> row;
  while (i < text.size()) {
    std::string field;
    if (text[i] == '"') {
      ++i;
      for (;;) {
        if (i >= text.size())
          return fail("unterminated quoted field");
        const char c = text[i++];
        if (c == '"') {
          if (i < text.size() && text[i] == '"') {
            field.push_back('"');
            ++i;
            continue;
          }
          break;
        }
        field.push_back(c);
      }
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\r') {
        if (text[i] == '"' || text[i] == '\n')
          return fail("quote or line feed in an unquoted field");
        field.push_back(text[i++]);
      }
    }
    row.push_back(std::move(field));
    if (i < text.size() && text[i] == ',') {
      ++i;
      if (i == text.size())
        return fail("record without CRLF");
      continue;
    }
    if (i + 1 < text.size() && text[i] == '\r' && text[i + 1] == '\n') {
      i += 2;
      rows->push_back(std::move(row));
      row.clear();
      continue;
    }
    return fail(i >= text.size() ? "record without CRLF"
                                 : "expected a comma or CRLF after a field");
  }
  return true;
}

// One analysis of in-memory inputs (name, bytes), with `decisions`
// applied and, when `as_of` is given, that reference date (else the
// inputs' latest date), and the export view of its assessment and plan,
// for the export tests: Analyzer a; feed; Assess(); MakePlan(); ExportView.
class ExportedAnalysis {
 public:
  using Inputs = std::vector<std::pair<std::string, std::string>>;
  explicit ExportedAnalysis(const Inputs& inputs,
                            Decisions decisions = {},
                            const std::string& as_of = "")
      : assessment_(Feed(&analyzer_, inputs, std::move(decisions), as_of)),
        plan_(analyzer_.MakePlan(assessment_)),
        view_(analyzer_.store(), assessment_, plan_) {}
  const Analyzer& analyzer() const { return analyzer_; }
  const Assessment& assessment() const { return assessment_; }
  const Plan& plan() const { return plan_; }
  const ExportView& view() const { return view_; }

 private:
  static Assessment Feed(Analyzer* a,
                         const Inputs& inputs,
                         Decisions d,
                         const std::string& as_of) {
    a->SetDecisions(std::move(d));
    if (!as_of.empty()) {
      Policy policy;
      policy.as_of = as_of;
      a->SetPolicy(std::move(policy));
    }
    for (const auto& [name, data] : inputs) {
      a->BeginFile(name);
      a->Feed(data);
      a->EndFile();
    }
    return a->Assess();
  }
  Analyzer analyzer_;
  Assessment assessment_;
  Plan plan_;
  ExportView view_;
};

// `text` as a JSON string, quotes included.
inline std::string JsonQuote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      static const char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out.push_back(kHex[(c >> 4) & 0xF]);
      out.push_back(kHex[c & 0xF]);
    } else {
      out.push_back(c);
    }
  }
  return out + "\"";
}

// One vulnerability of TrivyJson.
struct TrivyVuln {
  std::string id;  // "CVE-2099-0001"
  std::string package;
  std::string installed;
  std::string fixed;  // "" for none
  std::string title;
  std::string severity = "HIGH";
};
// A Trivy JSON report of container image `image` (Alpine packages), made
// on 2024-05-01, with `vulns`: small inputs whose texts a test chooses.
inline std::string TrivyJson(const std::string& image,
                             const std::vector<TrivyVuln>& vulns) {
  std::string doc =
      "{\"SchemaVersion\": 2, \"CreatedAt\": \"2024-05-01T09:00:00Z\", "
      "\"ArtifactName\": " +
      JsonQuote(image) +
      ", \"ArtifactType\": \"container_image\", \"Results\": "
      "[{\"Target\": " +
      JsonQuote(image + " (alpine 3.16.2)") +
      ", \"Class\": \"os-pkgs\", \"Type\": \"alpine\", "
      "\"Vulnerabilities\": [";
  for (size_t i = 0; i < vulns.size(); ++i) {
    const TrivyVuln& v = vulns[i];
    if (i > 0)
      doc += ", ";
    doc += "{\"VulnerabilityID\": " + JsonQuote(v.id) +
           ", \"PkgName\": " + JsonQuote(v.package) +
           ", \"InstalledVersion\": " + JsonQuote(v.installed);
    if (!v.fixed.empty())
      doc += ", \"FixedVersion\": " + JsonQuote(v.fixed);
    doc += ", \"Title\": " + JsonQuote(v.title) +
           ", \"Severity\": " + JsonQuote(v.severity) + "}";
  }
  return doc + "]}]}";
}

// Feeds `data` as input `name` in chunks of `chunk` bytes.
inline void FeedInChunks(Analyzer* a,
                         const std::string& name,
                         std::string_view data,
                         size_t chunk) {
  a->BeginFile(name);
  for (size_t off = 0; off < data.size(); off += chunk) {
    a->Feed(data.substr(off, chunk));
  }
  a->EndFile();
}

// A Nessus export of `hosts` hosts with 20 findings each.
// Feeds `doc` to `importer` `chunk` bytes at a time and finishes it: the
// first error (the importer is still finished), or Ok.
inline Status FeedImporter(Importer* importer,
                           std::string_view doc,
                           size_t chunk) {
  for (size_t at = 0; at < doc.size(); at += chunk) {
    Status s = importer->Feed(doc.substr(at, chunk));
    if (!s.ok()) {
      (void)importer->Finish();
      return s;
    }
  }
  return importer->Finish();
}

inline bool HasTag(const Asset& a, const std::string& tag) {
  return std::find(a.tags.begin(), a.tags.end(), tag) != a.tags.end();
}

inline std::string BigNessus(int hosts) {
  std::string big = "<NessusClientData_v2><Report name=\"r\">";
  for (int h = 0; h < hosts; ++h) {
    big += "<ReportHost name=\"10.0." + std::to_string(h / 250) + "." +
           std::to_string(h % 250) + "\">";
    for (int i = 0; i < 20; ++i) {
      big += "<ReportItem port=\"443\" protocol=\"tcp\" severity=\"" +
             std::to_string(i % 5) + "\" pluginID=\"" +
             std::to_string(1000 + i) +
             "\" pluginName=\"Plugin\"><plugin_output>" +
             std::string(300 + h % 7, 'x') + "</plugin_output></ReportItem>";
    }
    big += "</ReportHost>";
  }
  return big + "</Report></NessusClientData_v2>";
}

// The report for one in-memory input.
inline std::string ReportFor(const std::string& name,
                             std::string_view data,
                             size_t chunk = 1 << 20) {
  Analyzer a;
  FeedInChunks(&a, name, data, chunk);
  return a.ReportJson();
}

// The same with a memory budget of `budget` bytes and spill space in
// memory: small enough to spill blocks of findings, fill the dictionary and
// sort the report in several runs (every spilling path), for reports that
// must be the same bytes as without. `*spilled` (if given) receives the
// bytes that went to the spill space.
std::string SpilledReportFor(const std::string& name,
                             std::string_view data,
                             size_t budget = 64 * 1024,
                             uint64_t* spilled = nullptr);

// The ReportDetail::kTable report for one in-memory input.
std::string TableReportFor(const std::string& name, std::string_view data);

// Whether `table` is the ReportDetail::kTable report of the same analysis
// as the full report `full`: one compact line holding exactly the members
// the table documents, with the full report's values, in its order.
::testing::AssertionResult IsTableOf(const std::string& table,
                                     const std::string& full);

// The threat intel every golden report is made with: the bundle pinned in
// tests/fixtures/intel/golden.intel, so that refreshing the shipped KEV and
// EPSS data (data/intel/default.intel, the analyzer's built-in) rewrites no
// golden. A missing or broken file fails the test that asks for it and
// gives a lookup that knows nothing.
const IntelLookup& GoldenIntel();

// What MatchesGolden compares: the full report of one input fed in 64 KiB
// chunks, indented (golden files are read in review), the same made while
// spilling (SpilledReportFor's budget), the table report, and the full
// report in its default layout (ReportLayout::kLines), all assessed with
// `intel` and never with the built-in bundle.
struct GoldenReports {
  std::string full;
  std::string spilled;
  std::string table;
  std::string lines;
};

// `json` without the whitespace between its tokens (strings kept whole):
// two layouts of one report are the same bytes once stripped.
std::string StripJsonSpace(std::string_view json);
GoldenReports MakeGoldenReports(const std::string& report_name,
                                std::string_view data,
                                const IntelLookup& intel);

// Compares the report of `input_path` (read whole and named `report_name`,
// see MakeGoldenReports, with GoldenIntel()) with the golden file
// `golden_rel` under tests/golden/, and the spilled report with it, and
// checks the table report (IsTableOf). With EXPOSURE_UPDATE_GOLDEN=1 in the
// environment the golden file is rewritten instead; review the diff before
// committing it.
::testing::AssertionResult MatchesGolden(const std::string& input_path,
                                         const std::string& report_name,
                                         const std::string& golden_rel);

// True if the report for `path` is the same whether the file is fed whole
// or in chunks of 1, 7 and 4096 bytes.
::testing::AssertionResult SameReportForAnyChunking(const std::string& path);

// A corpus file (relative to the corpus) and the findings it must give.
struct CorpusCase {
  const char* file;
  size_t findings;
};

// Imports `path` (fed in 4 KiB chunks, named after its last component) and
// checks that it is read as `format`, without error, giving `findings`.
::testing::AssertionResult ImportsAs(const std::string& path,
                                     const std::string& format,
                                     size_t findings);

// Of the findings of one corpus or fixture file: how many, and how many
// carry every evidence bit asked for (or are false positives).
struct EvidenceCount {
  size_t findings = 0;
  size_t with = 0;
  size_t false_positives = 0;
};

// Imports `path` (fed in 4 KiB chunks) as `format`, without error, and
// counts its findings whose evidence_flags (their rule's included) hold
// every bit of `flags`. A file read as another format, or with an error,
// fails the test and counts nothing.
EvidenceCount CountEvidence(const std::string& path,
                            const std::string& format,
                            uint16_t flags);

// Spill space in memory whose reads fail ("device gone") once `reads_left`
// reads are used up, or from the moment `broken` is set.
class FailingReadsSpill : public MemorySpill {
 public:
  explicit FailingReadsSpill(size_t reads_left = SIZE_MAX)
      : reads_left_(reads_left) {}
  Status Read(uint64_t offset, size_t size, char* out) override {
    if (broken || reads_left_ == 0)
      return Status::Error("device gone");
    --reads_left_;
    return MemorySpill::Read(offset, size, out);
  }
  bool broken = false;

 private:
  size_t reads_left_;
};

// An in-memory CliHost: inputs are read from `files`, written files land
// there too, and stdout/stderr are captured.
class FakeHost : public CliHost {
 public:
  class Stream : public InputStream {
   public:
    explicit Stream(std::string data) : data_(std::move(data)) {}
    Result<size_t> Read(char* buffer, size_t capacity) override {
      size_t n = std::min(capacity, data_.size() - pos_);
      data_.copy(buffer, n, pos_);
      pos_ += n;
      return n;
    }

   private:
    std::string data_;
    size_t pos_ = 0;
  };

  Result<std::unique_ptr<InputStream>> Open(const std::string& path) override {
    auto it = files.find(path);
    if (it == files.end())
      return Status::Error("No such file or directory");
    return std::unique_ptr<InputStream>(std::make_unique<Stream>(it->second));
  }
  Status WriteFile(const std::string& path, std::string_view data) override {
    files[path] = std::string(data);
    return Status::Ok();
  }
  // Pieces land in `files[path]` as they are written.
  class Output : public OutputStream {
   public:
    explicit Output(std::string* file) : file_(file) {}
    Status Write(std::string_view data) override {
      file_->append(data);
      return Status::Ok();
    }
    Status Close() override { return Status::Ok(); }

   private:
    std::string* file_;
  };
  Result<std::unique_ptr<OutputStream>> Create(
      const std::string& path) override {
    std::string& file = files[path];
    file.clear();
    return std::unique_ptr<OutputStream>(std::make_unique<Output>(&file));
  }
  // A directory is a prefix of file names ("dir" holds "dir/a/b.json").
  bool IsDirectory(const std::string& path) override {
    auto it = files.lower_bound(path + "/");
    return it != files.end() &&
           it->first.compare(0, path.size() + 1, path + "/") == 0;
  }
  Result<std::vector<std::string>> ListFiles(const std::string& path,
                                             std::string_view suffix) override {
    if (!IsDirectory(path))
      return Status::Error(path + ": not a directory");
    std::vector<std::string> names;
    for (auto it = files.lower_bound(path + "/");
         it != files.end() &&
         it->first.compare(0, path.size() + 1, path + "/") == 0;
         ++it) {
      if (it->first.size() >= suffix.size() &&
          it->first.compare(it->first.size() - suffix.size(), suffix.size(),
                            suffix) == 0) {
        names.push_back(it->first);
      }
    }
    return names;
  }
  void Out(std::string_view t) override { out += t; }
  bool Interactive() const override { return interactive; }
  bool ErrInteractive() const override { return err_interactive; }
  void Err(std::string_view t) override { err += t; }

  std::map<std::string, std::string> files;
  bool interactive = false;      // stdout a terminal
  bool err_interactive = false;  // stderr a terminal
  std::string out;
  std::string err;
};

}  // namespace exposure::testing

#endif  // TESTS_TEST_UTIL_H_
