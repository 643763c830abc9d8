// Builds intel bundles (format in intel.h) from the official inputs:
//   - CISA's KEV catalog JSON (known_exploited_vulnerabilities.json);
//   - FIRST's daily EPSS CSV (epss_scores-YYYY-MM-DD.csv): one or two
//     leading `#` comment lines carrying model_version and score_date, then
//     the header `cve,epss,percentile`;
//   - any other CSV whose header names columns CVE, EPSS and a percentile
//     ("EPSS Percentile", "percentile"), such as the KEV-only join at
//     github.com/jgamblin/KEV_EPSS. Other columns are never read (they may
//     hold anything, including bytes that are not UTF-8). Such a file is
//     marked as partial coverage.
// Every input may be gzip- or zstd-compressed, and UTF-16 or UTF-32 text
// (as PowerShell saves files) rather than UTF-8; both are detected from its
// content, as for scanner inputs (core/import/stage.h). Inputs stream in chunks
// of any size: memory holds the extracted rows, not the file.
//
// Deterministic: the same inputs and options give the same bundle bytes
// (rows are sorted by CVE; nothing depends on time, paths or chunking). With
// compression, the bytes also depend on the libzstd version.
#ifndef CORE_INTEL_INTEL_BUILDER_H_
#define CORE_INTEL_INTEL_BUILDER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/intel/intel.h"

namespace exposure {

// One input being read. Feed chunks, then Finish once; the builder takes the
// rows only when Finish succeeds. Errors carry the line (and column for
// JSON) of the decompressed UTF-8 text in Status::location(); decompression
// errors name their compressed byte in the message. After an error every
// call returns it again.
class IntelInput {
 public:
  virtual ~IntelInput();
  virtual Status Feed(std::string_view chunk) = 0;
  virtual Status Finish() = 0;
};

struct EpssInputOptions {
  // "YYYY-MM-DD": the scores' date when the file has no score_date comment
  // (a file without one and without this option is refused). When the file
  // has one, it must be the same day.
  std::string score_date;
  // Marks the coverage partial even for a file in FIRST's layout (e.g. one
  // filtered down to some CVEs).
  bool partial = false;
};

class IntelBuilder {
 public:
  IntelBuilder();
  ~IntelBuilder();
  IntelBuilder(const IntelBuilder&) = delete;
  IntelBuilder& operator=(const IntelBuilder&) = delete;

  // Readers whose successful Finish() sets (replaces) the KEV or EPSS data.
  // They must not outlive the builder.
  std::unique_ptr<IntelInput> KevInput();
  std::unique_ptr<IntelInput> EpssInput(EpssInputOptions options = {});
  // The same for a whole file in memory.
  Status AddKev(std::string_view file);
  Status AddEpss(std::string_view file, EpssInputOptions options = {});

  bool has_kev() const { return has_kev_; }
  bool has_epss() const { return has_epss_; }

  // Set (replace) the KEV or EPSS data with a copy of that part of a loaded
  // bundle, sources and coverage included, so that a refresh of one part can
  // keep the other. false (and nothing changes) when `bundle` has no such
  // part.
  bool CopyKev(const IntelBundle& bundle);
  bool CopyEpss(const IntelBundle& bundle);

  // True where libzstd's compressor is linked (native builds); the wasm core
  // has only the decoder.
  static bool CanCompress();
  // The bundle: zstd level 19 when `compress` (an error where CanCompress()
  // is false), else a raw payload. Needs at least one source.
  Result<std::string> Build(bool compress) const;

  // Internal: what the readers hand over.
  struct KevRow {
    CveKey cve = 0;
    uint32_t date_added = 0;
    uint32_t due_date = 0;
    RansomwareUse ransomware = RansomwareUse::kUnknown;
    std::string vendor_project;
    std::string product;
    std::string vulnerability_name;
  };
  struct EpssRow {
    CveKey cve = 0;
    EpssScore score;
  };
  void SetKev(KevSourceInfo info, std::vector<KevRow> rows);
  void SetEpss(EpssSourceInfo info, std::vector<EpssRow> rows);

 private:
  bool has_kev_ = false;
  KevSourceInfo kev_info_;
  std::vector<KevRow> kev_rows_;  // sorted by cve, unique
  bool has_epss_ = false;
  EpssSourceInfo epss_info_;
  std::vector<EpssRow> epss_rows_;  // sorted by cve, unique
};

}  // namespace exposure

#endif  // CORE_INTEL_INTEL_BUILDER_H_
