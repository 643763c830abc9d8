// Refreshing threat intel from files a user hands over (the dashboard's
// "drop the KEV catalog / EPSS CSV / Vulnrichment records / exploit
// catalogues here"): recognising such files by their content, building a
// bundle from them in chunks, and describing bundles as JSON. Like the rest of
// core/app it is pure computation; wasm/bridge.cc only forwards to it.
#ifndef CORE_APP_INTEL_REFRESH_H_
#define CORE_APP_INTEL_REFRESH_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/intel/intel.h"
#include "core/intel/intel_builder.h"

namespace exposure {

enum class IntelFileKind {
  kUnknown,
  kKev,
  kEpss,
  kVulnrichment,
  kMetasploit,
  kExploitDb,
  kNuclei,
};

// "kev", "epss", "vulnrichment", "metasploit", "exploitdb", "nuclei", or ""
// for kUnknown.
const char* IntelFileKindId(IntelFileKind kind);
// The kind for an id from IntelFileKindId; kUnknown for anything else.
IntelFileKind IntelFileKindFromId(std::string_view id);

// What the file whose first bytes are `head` is (`complete` when that is the
// whole file), decided from content only; gzip and zstd files are looked
// into, and UTF-16 and UTF-32 text converted, as IntelBuilder reads them. kKev:
// a JSON object naming "catalogVersion", or "vulnerabilities" with "cveID"
// entries (CISA's catalog). kEpss: a CSV starting with FIRST's
// "#model_version:...,score_date:..." comment, or whose first line names the
// columns cve, epss and a percentile. Anything else, scanner exports included,
// is kUnknown. kVulnrichment: a CVE JSON 5 record (a JSON object naming
// "dataType": "CVE_RECORD", or both "cveMetadata" and "containers"), or a
// tab-separated table whose first line names Vulnrichment's columns;
// kMetasploit, kExploitDb, kNuclei: tables whose first line names those
// catalogues' columns (IntelTableOfHeader). kSniffBytes of head are
// plenty.
IntelFileKind DetectIntelFile(std::string_view head, bool complete);

// A JSON object (one line) describing `bundle`:
//   {"origin": "built-in", "format": "exposure-intel/1", "compressed": true,
//    "bytes": 41234,
//    "kev": {"catalog_version", "date_released", "cves",
//            "ransomware_known"} | null,
//    "epss": {"model_version", "score_date", "cves",
//             "coverage": "partial" | "full"} | null,
//    "ssvc": {"label", "latest_assessed", "cves"} | null,
//    "exploits": {"metasploit_date", "exploitdb_date", "nuclei_date",
//                 "cves"} | null}
// An exploit source's date is null when the bundle lacks that source, ""
// when its file had no dates.
std::string IntelBundleJson(const IntelBundle& bundle);

// {"error": {"message": ..., "location": ...}}; location "" when unknown.
std::string IntelErrorJson(const Status& status);

// What IntelRefresh::Build made.
struct IntelRefreshResult {
  std::string bytes;   // the bundle file
  IntelBundle bundle;  // the same, loaded
  // Where each part came from: the file's name, "base" (kept from the base
  // bundle), or "" (the bundle has no such part). Several Vulnrichment
  // files: "N files".
  std::string kev_from;
  std::string epss_from;
  std::string ssvc_from;
  std::string metasploit_from;
  std::string exploitdb_from;
  std::string nuclei_from;
  // Vulnrichment files were read and the base's assessments of other CVEs
  // (and older ones) were kept with theirs.
  bool ssvc_base = false;
};

// {"kev_from": ..., "epss_from": ..., "ssvc_from": ..., "ssvc_base": bool,
//  "metasploit_from": ..., "exploitdb_from": ..., "nuclei_from": ...,
//  "bundle": IntelBundleJson(...)}
std::string IntelRefreshJson(const IntelRefreshResult& result);

// Builds a bundle from files of the kinds above, each read in chunks:
// Begin, Feed..., End per file, then Build. Errors name the file and the
// source ("kev.json: KEV catalog: vulnerabilities[3] (CVE-...): no
// dueDate") and keep the location (line, column, byte) of the problem in
// the decompressed input. After an error in a file, its Feed and End
// return that error again and the file adds nothing; the other files still
// count.
class IntelRefresh {
 public:
  IntelRefresh();
  ~IntelRefresh();
  IntelRefresh(const IntelRefresh&) = delete;
  IntelRefresh& operator=(const IntelRefresh&) = delete;

  // Starts a file of `kind` (ends an unfinished one first, discarding it).
  // A second file of the same kind replaces what the first one gave, except
  // Vulnrichment files, which add up (a directory's worth of CVE records).
  // An error for kUnknown.
  Status Begin(IntelFileKind kind, std::string name);
  Status Feed(std::string_view chunk);
  Status End();

  bool has_kev() const { return builder_.has_kev(); }
  bool has_epss() const { return builder_.has_epss(); }
  bool has_ssvc() const { return builder_.has_ssvc(); }
  bool has_exploits() const { return builder_.has_exploits(); }

  // The bundle of the parts read, completed by the parts of `base` no file
  // gave (pass an empty IntelBundle for none): KEV, EPSS, each exploit
  // source, and the SSVC assessments (IntelBuilder::MergeSsvc: a file's
  // assessment of a CVE replaces the base's unless that one is later).
  // `compress` as IntelBuilder::Build. The new bundle's origin is `origin`.
  // Call it once, after the last End.
  Result<IntelRefreshResult> Build(const IntelBundle& base,
                                   bool compress,
                                   const std::string& origin);

 private:
  Status Named(const Status& s) const;

  IntelBuilder builder_;
  std::string kev_name_;
  std::string epss_name_;
  std::vector<std::string> vulnrichment_names_;
  std::string metasploit_name_;
  std::string exploitdb_name_;
  std::string nuclei_name_;
  // The file being read; declared after builder_, which it points into.
  std::unique_ptr<IntelInput> input_;
  IntelFileKind kind_ = IntelFileKind::kUnknown;
  std::string name_;
  Status error_;
};

}  // namespace exposure

#endif  // CORE_APP_INTEL_REFRESH_H_
