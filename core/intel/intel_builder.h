// Builds intel bundles (format in intel.h) from the official inputs:
//   - CISA's KEV catalog JSON (known_exploited_vulnerabilities.json);
//   - FIRST's daily EPSS CSV (epss_scores-YYYY-MM-DD.csv): one or two
//     leading `#` comment lines carrying model_version and score_date, then
//     the header `cve,epss,percentile`;
//   - any other CSV whose header names columns CVE, EPSS and a percentile
//     ("EPSS Percentile", "percentile"), such as the KEV-only join at
//     github.com/jgamblin/KEV_EPSS. Other columns are never read (they may
//     hold anything, including bytes that are not UTF-8). Such a file is
//     marked as partial coverage;
//   - CISA's SSVC decision points per CVE (Vulnrichment,
//     github.com/cisagov/vulnrichment), as a tab-separated table with the
//     header `cve exploitation automatable technical_impact assessed` (names
//     and values in any case) or as CVE JSON 5 records, one record an input:
//     the SSVC entry (metrics[].other of type "ssvc") of the record's
//     CISA-ADP container. A REJECTED record, or one without that entry, adds
//     nothing and is no error;
//   - public exploit catalogues, as tab-separated tables (one row per CVE
//     and exploit, with a header; other columns are not read):
//     Metasploit modules (cve, module, type, rank, module_added), Exploit-DB
//     entries (cve, edb_id, date) and Nuclei templates (cve, template,
//     template_added); dates YYYY-MM-DD or empty (unknown).
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

// Which of the tables above a header line (tab-separated column names, any
// case, spaces around them ignored) is: the first whose columns it names.
enum class IntelTable {
  kNone,
  kVulnrichment,
  kMetasploit,
  kExploitDb,
  kNuclei
};
IntelTable IntelTableOfHeader(std::string_view line);
// "Vulnrichment", "Metasploit", "Exploit-DB", "Nuclei"; "" for kNone.
const char* IntelTableName(IntelTable table);

class IntelBuilder {
 public:
  IntelBuilder();
  ~IntelBuilder();
  IntelBuilder(const IntelBuilder&) = delete;
  IntelBuilder& operator=(const IntelBuilder&) = delete;

  // Readers whose successful Finish() sets (replaces) the KEV or EPSS data.
  // They (and the readers below) must not outlive the builder.
  std::unique_ptr<IntelInput> KevInput();
  std::unique_ptr<IntelInput> EpssInput(EpssInputOptions options = {});
  // The same for a whole file in memory.
  Status AddKev(std::string_view file);
  Status AddEpss(std::string_view file, EpssInputOptions options = {});

  // Vulnrichment inputs add up: each one's successful Finish() adds its
  // assessments, and for a CVE assessed twice the later assessment wins (on
  // the same day, the later input). A TSV that lists a CVE twice is refused.
  std::unique_ptr<IntelInput> VulnrichmentInput();
  // Each exploit catalogue sets (replaces) its own part of the exploit data;
  // the bundle merges the parts per CVE.
  std::unique_ptr<IntelInput> MetasploitInput();
  std::unique_ptr<IntelInput> ExploitDbInput();
  std::unique_ptr<IntelInput> NucleiInput();
  Status AddVulnrichment(std::string_view file);
  Status AddMetasploit(std::string_view file);
  Status AddExploitDb(std::string_view file);
  Status AddNuclei(std::string_view file);

  bool has_kev() const { return has_kev_; }
  bool has_epss() const { return has_epss_; }
  // True once a Vulnrichment input was read (even one adding nothing).
  bool has_ssvc() const { return has_ssvc_; }
  bool has_metasploit() const { return has_metasploit_; }
  bool has_exploitdb() const { return has_exploitdb_; }
  bool has_nuclei() const { return has_nuclei_; }
  bool has_exploits() const {
    return has_metasploit_ || has_exploitdb_ || has_nuclei_;
  }

  // Set (replace) the KEV or EPSS data with a copy of that part of a loaded
  // bundle, sources and coverage included, so that a refresh of one part can
  // keep the other. false (and nothing changes) when `bundle` has no such
  // part.
  bool CopyKev(const IntelBundle& bundle);
  bool CopyEpss(const IntelBundle& bundle);
  // The same for the SSVC set (replaced by the bundle's), and for each
  // exploit source (CopyExploits: every one the bundle has).
  bool CopySsvc(const IntelBundle& bundle);
  bool CopyMetasploit(const IntelBundle& bundle);
  bool CopyExploitDb(const IntelBundle& bundle);
  bool CopyNuclei(const IntelBundle& bundle);
  bool CopyExploits(const IntelBundle& bundle);
  // Adds the bundle's SSVC assessments under the ones read: one of a CVE the
  // builder has no assessment of, or an older one, is taken (so files given
  // for a refresh update the bundle's set rather than replace it). false
  // (and nothing changes) when `bundle` has no SSVC part.
  bool MergeSsvc(const IntelBundle& bundle);

  // True where libzstd's compressor is linked (native builds); the wasm core
  // has only the decoder.
  static bool CanCompress();
  // The bundle: zstd level 19 when `compress` (an error where CanCompress()
  // is false), else a raw payload. Needs at least one source. The sections
  // follow the order of intel.h's tags.
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
  // Assessments in any order, a CVE possibly more than once (see
  // VulnrichmentInput for which one wins).
  void AddSsvc(const std::vector<SsvcEntry>& rows);

  // One source's data for one CVE. Parts are sorted by cve, unique.
  struct MetasploitPart {
    CveKey cve = 0;
    uint8_t flags = 0;   // kExploitMetasploitModule and/or ...Aux
    uint32_t added = 0;  // yyyymmdd, the earliest module_added; 0 unknown
    std::string module;  // as ExploitEntry::metasploit_module
  };
  struct ExploitDbPart {
    CveKey cve = 0;
    uint32_t date = 0;  // yyyymmdd, the earliest entry's; 0 unknown
    uint32_t id = 0;    // the lowest id
  };
  struct NucleiPart {
    CveKey cve = 0;
    uint32_t added = 0;         // yyyymmdd, the earliest template_added
    std::string template_path;  // as ExploitEntry::nuclei_template
  };
  // `snapshot`: the latest date of the source's file (yyyymmdd, 0 unknown),
  // at least every date of the parts.
  void SetMetasploit(uint32_t snapshot, std::vector<MetasploitPart> parts);
  void SetExploitDb(uint32_t snapshot, std::vector<ExploitDbPart> parts);
  void SetNuclei(uint32_t snapshot, std::vector<NucleiPart> parts);

 private:
  // Sorts assessments by CVE, keeping the one that wins for each CVE.
  static void NormalizeSsvc(std::vector<SsvcEntry>* rows);
  void WriteSsvc(std::string* payload) const;
  void WriteExploits(std::string* payload) const;

  bool has_kev_ = false;
  KevSourceInfo kev_info_;
  std::vector<KevRow> kev_rows_;  // sorted by cve, unique
  bool has_epss_ = false;
  EpssSourceInfo epss_info_;
  std::vector<EpssRow> epss_rows_;  // sorted by cve, unique
  bool has_ssvc_ = false;
  // In the order added; NormalizeSsvc() sorts them and keeps the winners.
  std::vector<SsvcEntry> ssvc_rows_;
  bool has_metasploit_ = false;
  uint32_t metasploit_snapshot_ = 0;
  std::vector<MetasploitPart> metasploit_;
  bool has_exploitdb_ = false;
  uint32_t exploitdb_snapshot_ = 0;
  std::vector<ExploitDbPart> exploitdb_;
  bool has_nuclei_ = false;
  uint32_t nuclei_snapshot_ = 0;
  std::vector<NucleiPart> nuclei_;
};

}  // namespace exposure

#endif  // CORE_INTEL_INTEL_BUILDER_H_
