// Threat intelligence for correlating findings with what attackers exploit:
// CISA's Known Exploited Vulnerabilities catalog (KEV), FIRST's Exploit
// Prediction Scoring System (EPSS), CISA's SSVC decision points per CVE
// (Vulnrichment) and the public exploit catalogues (Metasploit modules,
// Exploit-DB entries, Nuclei templates), read from one compact "intel
// bundle".
//
// A bundle is written by IntelBuilder (core/intel/intel_builder.h) from the
// official inputs; one built from ../shared/data is embedded in the core
// (data/intel/default.intel, see cmake/intel.cmake) and a user can point the
// CLI at a newer one. Everything here is pure computation: no I/O, no
// floating point (EPSS numbers are fixed-point integers), so every target
// prints the same bytes.
//
// Bundle format, version 1 (all integers little-endian):
//
//   header, 32 bytes:
//     0  8  magic "EXPINTEL"
//     8  2  format version (1); other versions are refused
//     10 2  flags: bit 0 = payload is one zstd frame; other bits must be 0
//     12 4  reserved, 0
//     16 8  payload size once decompressed (at most kMaxIntelPayloadBytes)
//     24 8  FNV-1a 64 of the decompressed payload
//   payload: the rest of the file, zstd-compressed or raw.
//
// The payload is a sequence of sections: a tag byte, a varint (LEB128) body
// length, the body. Readers skip tags they do not know, so sections can be
// added without a version bump; a changed section needs a new tag or version.
//   tag 1, KEV:  str catalog_version, str date_released, varint n, then
//                column by column: n key deltas, n date_added, n due_date
//                (yyyymmdd, 0 = none), n ransomware bytes (0/1), n
//                vendorProject, n product, n vulnerabilityName strings.
//   tag 2, EPSS: str model_version, str score_date, varint flags (bit 0 =
//                partial coverage), varint n, then n key deltas, n epss, n
//                percentiles (both x100000).
//   tag 3, SSVC (CISA Vulnrichment): str label, varint latest (yyyymmdd,
//                the latest assessment; 0 when n is 0), varint n, then n
//                key deltas, n packed bytes (bits 0-1 exploitation: 0 none,
//                1 poc, 2 active; bit 2 automatable; bit 3 technical impact
//                total; other bits 0), n varints: days from the row's
//                assessment to `latest`.
//   tag 4, exploits: varint sources (bit 0 Metasploit, bit 1 Exploit-DB,
//                bit 2 Nuclei), three varint snapshot dates (yyyymmdd, the
//                latest date in each source's file; 0 = absent or unknown),
//                varint n, then n key deltas, n flags bytes (ExploitFlag
//                bits, at least one, only of sources present), and per
//                source, over the rows it has (in key order):
//                  Metasploit (flag bit 0 or 1): dates, then module strs;
//                  Exploit-DB (bit 2): dates, then the lowest ids (> 0),
//                    each a zigzag varint: the difference from the
//                    previous row's id (the first from 0), since entries
//                    of neighbouring CVEs are often neighbours;
//                  Nuclei (bit 3): dates, then template path strs.
//                A date is a varint: 0 unknown, else 1 + the days from it
//                to the source's snapshot date (which is then not 0).
// "str" is a varint length and the bytes; keys are CveKeys sorted strictly
// ascending, stored as differences from the previous key (the first from 0).
// Columns of small deltas compress far better than rows: a day of EPSS
// (about 300,000 rows) takes about 3 bytes a row after zstd.
#ifndef CORE_INTEL_INTEL_H_
#define CORE_INTEL_INTEL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/epss.h"  // kEpssScale, ParseEpssFixed
#include "core/base/status.h"

namespace exposure {

// ---- values --------------------------------------------------------------

// A CVE id packed into 64 bits: year << 50 | sequence number. Keys order like
// (year, number), so sorted keys allow binary search without strings.
using CveKey = uint64_t;

// Parses a canonical CVE id: "CVE-" (any case), a 4-digit year, "-", and a
// sequence number of 4 to 15 digits, zero-padded to 4 digits and otherwise
// without leading zeros (the CVE program's rule, which makes the spelling of
// an id unique). Surrounding whitespace is not accepted.
bool ParseCveKey(std::string_view id, CveKey* key);
// "CVE-2021-44228"; the sequence number zero-padded to 4 digits.
std::string FormatCveKey(CveKey key);

// Calendar dates as yyyymmdd integers (20250825); 0 = no date.
// ParseIsoDate accepts exactly "YYYY-MM-DD" naming a real day.
bool ParseIsoDate(std::string_view text, uint32_t* yyyymmdd);
std::string FormatIsoDate(uint32_t yyyymmdd);  // "2025-08-25"; "" for 0

struct EpssScore {
  uint32_t epss = 0;        // x kEpssScale
  uint32_t percentile = 0;  // x kEpssScale
};

enum class RansomwareUse : uint8_t { kUnknown = 0, kKnown = 1 };
const char* RansomwareUseName(RansomwareUse r);  // "Known" / "Unknown"

// One KEV entry. The views point into the bundle it came from and stay
// valid while that bundle lives (and is not assigned to).
struct KevEntry {
  CveKey cve = 0;
  uint32_t date_added = 0;  // yyyymmdd
  uint32_t due_date = 0;    // yyyymmdd, 0 = none
  RansomwareUse ransomware = RansomwareUse::kUnknown;
  std::string_view vendor_project;
  std::string_view product;
  std::string_view vulnerability_name;
};

// Where a bundle's data came from, as the source files state it.
struct KevSourceInfo {
  bool present = false;
  std::string catalog_version;  // "2025.08.25"
  std::string date_released;    // "2025-08-25T17:04:19.9796Z"
};
struct EpssSourceInfo {
  bool present = false;
  std::string model_version;  // "v2025.03.14"; "" when the input had none
  std::string score_date;     // "2026-08-21T00:00:00+0000" or "2026-08-21"
  // True when the input was not a complete daily file (only some CVEs are
  // scored: a CVE missing from the bundle may still have a score).
  bool partial = false;
};

// CISA's published SSVC decision points for one CVE (the "CISA ADP
// Vulnrichment" container of its CVE record, SSVC 2.0.3).
struct SsvcEntry {
  CveKey cve = 0;
  uint8_t exploitation = 0;  // 0 none, 1 poc, 2 active
  bool automatable = false;
  bool technical_impact_total = false;  // else partial
  uint32_t assessed = 0;                // yyyymmdd
};
// "none", "poc", "active" (as SSVC and the TSV spell them).
const char* SsvcExploitationName(uint8_t exploitation);

// Public exploit code for one CVE, from the sources a bundle holds.
enum ExploitFlag : uint8_t {
  kExploitMetasploitModule = 1,  // a Metasploit `exploit` module
  kExploitMetasploitAux = 2,     // a Metasploit auxiliary or post module
  kExploitDb = 4,                // an Exploit-DB entry
  kExploitNuclei = 8,            // a Nuclei template
};
struct ExploitEntry {
  CveKey cve = 0;
  uint8_t flags = 0;  // ExploitFlag bits
  // yyyymmdd, the earliest of the dates below; 0 unknown.
  uint32_t first_public = 0;
  // The Metasploit module named for the CVE: an exploit module if there is
  // one, the best ranked, then the first by name; "" without a module.
  // Views into the bundle, valid while it lives.
  std::string_view metasploit_module;
  uint32_t exploitdb_id = 0;  // the lowest Exploit-DB id; 0 none
  // The Nuclei template's path, only when its file name is not just the
  // CVE id ("Nuclei template for CVE-X" says it all then); "" otherwise.
  std::string_view nuclei_template;
  // Per source, yyyymmdd (0 unknown or none): when the first Metasploit
  // module for the CVE was added, the first Exploit-DB entry was public,
  // the first Nuclei template was added.
  uint32_t metasploit_added = 0;
  uint32_t exploitdb_date = 0;
  uint32_t nuclei_added = 0;
};

struct SsvcSourceInfo {
  bool present = false;
  std::string label;            // "CISA Vulnrichment"
  std::string latest_assessed;  // YYYY-MM-DD; "" when there are no rows
  size_t records = 0;           // CVEs assessed (ssvc_size())
};
struct ExploitSourceInfo {
  bool present = false;  // any of the three
  bool metasploit = false, exploitdb = false, nuclei = false;
  // YYYY-MM-DD, the latest date in each source's file (its snapshot); ""
  // when the source is absent or its file had no dates.
  std::string metasploit_date, exploitdb_date, nuclei_date;
};

// ---- the bundle ----------------------------------------------------------

constexpr std::string_view kIntelMagic = "EXPINTEL";
constexpr uint16_t kIntelFormatVersion = 1;
constexpr size_t kIntelHeaderBytes = 32;
// Refused beyond this: a full EPSS day plus KEV is about 2 MB.
constexpr uint64_t kMaxIntelPayloadBytes = uint64_t{256} << 20;

// A loaded bundle: sorted arrays searched in O(log n). Lookups allocate
// nothing. Copyable and movable; an empty (default) bundle has no sources
// and finds nothing.
class IntelBundle {
 public:
  IntelBundle();
  ~IntelBundle();
  IntelBundle(const IntelBundle&);
  IntelBundle& operator=(const IntelBundle&);
  IntelBundle(IntelBundle&&) noexcept;
  IntelBundle& operator=(IntelBundle&&) noexcept;

  // Validates and loads a bundle file (compressed or raw payload). Every
  // structural problem is an error: bad magic or version, size or checksum
  // mismatch, truncated or unsorted tables, out-of-range values. `origin` is
  // only recorded ("built-in", a file name) for display.
  static Result<IntelBundle> Parse(std::string_view bytes, std::string origin);
  // The bundle embedded at build time (DefaultIntelBundleBytes()), origin
  // "built-in". It runs at every CLI start: a few milliseconds natively for
  // 600 KB of payload (decompressing and checksumming it is half of that).
  static Result<IntelBundle> LoadDefault();

  const std::string& origin() const { return origin_; }
  bool compressed() const { return compressed_; }
  uint64_t stored_bytes() const { return stored_bytes_; }  // file size

  const KevSourceInfo& kev_source() const { return kev_source_; }
  const EpssSourceInfo& epss_source() const { return epss_source_; }
  const SsvcSourceInfo& ssvc_source() const { return ssvc_source_; }
  const ExploitSourceInfo& exploit_source() const { return exploit_source_; }

  // Lookups by id (any case of "CVE-"; a non-canonical id finds nothing) or
  // by key.
  std::optional<KevEntry> FindKev(std::string_view cve_id) const;
  std::optional<KevEntry> FindKev(CveKey key) const;
  std::optional<EpssScore> FindEpss(std::string_view cve_id) const;
  std::optional<EpssScore> FindEpss(CveKey key) const;
  std::optional<SsvcEntry> FindSsvc(std::string_view cve_id) const;
  std::optional<SsvcEntry> FindSsvc(CveKey key) const;
  std::optional<ExploitEntry> FindExploits(std::string_view cve_id) const;
  std::optional<ExploitEntry> FindExploits(CveKey key) const;

  // Iteration in key order (tests, reports).
  size_t kev_size() const { return kev_keys_.size(); }
  KevEntry kev_at(size_t i) const;
  size_t kev_ransomware_known() const { return kev_ransomware_known_; }
  size_t epss_size() const { return epss_keys_.size(); }
  CveKey epss_key_at(size_t i) const { return epss_keys_[i]; }
  EpssScore epss_at(size_t i) const { return epss_scores_[i]; }
  size_t ssvc_size() const { return ssvc_keys_.size(); }
  SsvcEntry ssvc_at(size_t i) const;
  size_t exploit_size() const { return exploit_keys_.size(); }
  ExploitEntry exploit_at(size_t i) const;
  // CVEs with an entry of each source (exploit_source() says which exist).
  size_t exploit_metasploit_cves() const { return exploit_counts_[0]; }
  size_t exploit_metasploit_module_cves() const { return exploit_counts_[1]; }
  size_t exploit_exploitdb_cves() const { return exploit_counts_[2]; }
  size_t exploit_nuclei_cves() const { return exploit_counts_[3]; }

 private:
  struct KevRow {
    uint32_t date_added;
    uint32_t due_date;
    RansomwareUse ransomware;
    // Offsets and lengths into payload_, where the strings stay.
    uint32_t text_offset[3];
    uint32_t text_size[3];
  };

  // Dates are kept as day ordinals (bundle_io.h), converted when looked up.
  struct SsvcRow {
    uint8_t packed;  // as stored (bundle_io.h)
    uint32_t assessed_day;
  };
  struct ExploitRow {
    uint8_t flags;
    uint32_t day[3];  // Metasploit, Exploit-DB, Nuclei; ordinal + 1, 0 none
    uint32_t exploitdb_id;
    // Offsets and lengths into payload_.
    uint32_t module_offset, module_size;
    uint32_t template_offset, template_size;
  };

  Status ParsePayload();
  Status ParseKev(std::string_view body, size_t body_offset);
  Status ParseEpss(std::string_view body);
  Status ParseSsvc(std::string_view body);
  Status ParseExploits(std::string_view body, size_t body_offset);

  std::string origin_;
  bool compressed_ = false;
  uint64_t stored_bytes_ = 0;
  std::string payload_;  // decompressed; KEV strings are views into it

  KevSourceInfo kev_source_;
  std::vector<CveKey> kev_keys_;
  std::vector<KevRow> kev_rows_;
  size_t kev_ransomware_known_ = 0;

  EpssSourceInfo epss_source_;
  std::vector<CveKey> epss_keys_;
  std::vector<EpssScore> epss_scores_;

  SsvcSourceInfo ssvc_source_;
  std::vector<CveKey> ssvc_keys_;
  std::vector<SsvcRow> ssvc_rows_;

  ExploitSourceInfo exploit_source_;
  std::vector<CveKey> exploit_keys_;
  std::vector<ExploitRow> exploit_rows_;
  size_t exploit_counts_[4] = {0, 0, 0, 0};
};

// The bytes of data/intel/default.intel, compiled in by cmake/intel.cmake
// (defined in a generated file); empty if that file was missing at
// configure time.
std::string_view DefaultIntelBundleBytes();

}  // namespace exposure

#endif  // CORE_INTEL_INTEL_H_
