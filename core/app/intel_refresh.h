// Refreshing threat intel from files a user hands over (the dashboard's
// "drop the KEV catalog / EPSS CSV here"): recognising such files by their
// content, building a bundle from them in chunks, and describing bundles as
// JSON. Like the rest of core/app it is pure computation; wasm/bridge.cc
// only forwards to it.
#ifndef CORE_APP_INTEL_REFRESH_H_
#define CORE_APP_INTEL_REFRESH_H_

#include <memory>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/intel/intel.h"
#include "core/intel/intel_builder.h"

namespace exposure {

enum class IntelFileKind { kUnknown, kKev, kEpss };

// "kev", "epss", or "" for kUnknown.
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
// is kUnknown. kSniffBytes of head are plenty.
IntelFileKind DetectIntelFile(std::string_view head, bool complete);

// A JSON object (one line) describing `bundle`:
//   {"origin": "built-in", "format": "exposure-intel/1", "compressed": true,
//    "bytes": 41234,
//    "kev": {"catalog_version", "date_released", "cves",
//            "ransomware_known"} | null,
//    "epss": {"model_version", "score_date", "cves",
//             "coverage": "partial" | "full"} | null}
std::string IntelBundleJson(const IntelBundle& bundle);

// {"error": {"message": ..., "location": ...}}; location "" when unknown.
std::string IntelErrorJson(const Status& status);

// What IntelRefresh::Build made.
struct IntelRefreshResult {
  std::string bytes;   // the bundle file
  IntelBundle bundle;  // the same, loaded
  // Where each part came from: the file's name, "base" (kept from the base
  // bundle), or "" (the bundle has no such part).
  std::string kev_from;
  std::string epss_from;
};

// {"kev_from": ..., "epss_from": ..., "bundle": IntelBundleJson(...)}
std::string IntelRefreshJson(const IntelRefreshResult& result);

// Builds a bundle from at most one KEV file and one EPSS file, each read in
// chunks: Begin, Feed..., End per file, then Build. Errors name the file
// and the source ("kev.json: KEV catalog: vulnerabilities[3] (CVE-...): no
// dueDate") and keep the location (line, column, byte) of the problem in
// the decompressed input. After an error in a file, its Feed and End
// return that error again and the file adds nothing; the other file, if
// any, still counts.
class IntelRefresh {
 public:
  IntelRefresh();
  ~IntelRefresh();
  IntelRefresh(const IntelRefresh&) = delete;
  IntelRefresh& operator=(const IntelRefresh&) = delete;

  // Starts a file of `kind` (ends an unfinished one first, discarding it).
  // A second file of the same kind replaces what the first one gave. An
  // error for kUnknown.
  Status Begin(IntelFileKind kind, std::string name);
  Status Feed(std::string_view chunk);
  Status End();

  bool has_kev() const { return builder_.has_kev(); }
  bool has_epss() const { return builder_.has_epss(); }

  // The bundle of the parts read, completed by the other part of `base` when
  // only one was read and `base` has it (pass an empty IntelBundle for
  // none). `compress` as IntelBuilder::Build. The new bundle's origin is
  // `origin`. Call it once, after the last End.
  Result<IntelRefreshResult> Build(const IntelBundle& base,
                                   bool compress,
                                   const std::string& origin);

 private:
  Status Named(const Status& s) const;

  IntelBuilder builder_;
  std::string kev_name_;
  std::string epss_name_;
  // The file being read; declared after builder_, which it points into.
  std::unique_ptr<IntelInput> input_;
  IntelFileKind kind_ = IntelFileKind::kUnknown;
  std::string name_;
  Status error_;
};

}  // namespace exposure

#endif  // CORE_APP_INTEL_REFRESH_H_
