// Threat intelligence for correlating findings with what attackers exploit:
// CISA's Known Exploited Vulnerabilities catalog (KEV) and FIRST's Exploit
// Prediction Scoring System (EPSS), read from one compact "intel bundle".
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
  // "built-in". About a millisecond: it runs at every CLI start.
  static Result<IntelBundle> LoadDefault();

  const std::string& origin() const { return origin_; }
  bool compressed() const { return compressed_; }
  uint64_t stored_bytes() const { return stored_bytes_; }  // file size

  const KevSourceInfo& kev_source() const { return kev_source_; }
  const EpssSourceInfo& epss_source() const { return epss_source_; }

  // Lookups by id (any case of "CVE-"; a non-canonical id finds nothing) or
  // by key.
  std::optional<KevEntry> FindKev(std::string_view cve_id) const;
  std::optional<KevEntry> FindKev(CveKey key) const;
  std::optional<EpssScore> FindEpss(std::string_view cve_id) const;
  std::optional<EpssScore> FindEpss(CveKey key) const;

  // Iteration in key order (tests, reports).
  size_t kev_size() const { return kev_keys_.size(); }
  KevEntry kev_at(size_t i) const;
  size_t kev_ransomware_known() const { return kev_ransomware_known_; }
  size_t epss_size() const { return epss_keys_.size(); }
  CveKey epss_key_at(size_t i) const { return epss_keys_[i]; }
  EpssScore epss_at(size_t i) const { return epss_scores_[i]; }

 private:
  struct KevRow {
    uint32_t date_added;
    uint32_t due_date;
    RansomwareUse ransomware;
    // Offsets and lengths into payload_, where the strings stay.
    uint32_t text_offset[3];
    uint32_t text_size[3];
  };

  Status ParsePayload();
  Status ParseKev(std::string_view body, size_t body_offset);
  Status ParseEpss(std::string_view body);

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
};

// The bytes of data/intel/default.intel, compiled in by cmake/intel.cmake
// (defined in a generated file); empty if that file was missing at
// configure time.
std::string_view DefaultIntelBundleBytes();

}  // namespace exposure

#endif  // CORE_INTEL_INTEL_H_
