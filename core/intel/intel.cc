#include "core/intel/intel.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "core/base/strings.h"
#include "core/import/decompress.h"
#include "core/intel/bundle_io.h"

namespace exposure {

using intel_internal::ByteReader;

namespace {

bool ValidYmd(uint32_t yyyymmdd) {
  uint32_t y = yyyymmdd / 10000;
  uint32_t m = yyyymmdd / 100 % 100;
  uint32_t d = yyyymmdd % 100;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
    return false;
  return d <= intel_internal::DaysInMonth(y, m);
}

Status BundleError(const std::string& message) {
  return Status::Error("intel bundle: " + message);
}

}  // namespace

// ---- values --------------------------------------------------------------

bool ParseCveKey(std::string_view id, CveKey* key) {
  // "CVE-" + 4 + "-" + at least 4 digits.
  if (id.size() < 13 || !EqualsIgnoreCase(id.substr(0, 4), "CVE-") ||
      id[8] != '-') {
    return false;
  }
  std::string_view year = id.substr(4, 4);
  std::string_view number = id.substr(9);
  if (!AllAsciiDigits(year) || !AllAsciiDigits(number) || number.size() < 4 ||
      number.size() > 15) {
    return false;
  }
  if (number.size() > 4 && number[0] == '0')
    return false;
  *key =
      DigitsValue(year) << intel_internal::kCveNumberBits | DigitsValue(number);
  return true;
}

std::string FormatCveKey(CveKey key) {
  std::string out = "CVE-";
  AppendZeroPadded(key >> intel_internal::kCveNumberBits, 4, &out);
  out.push_back('-');
  AppendZeroPadded(key & ((uint64_t{1} << intel_internal::kCveNumberBits) - 1),
                   4, &out);
  return out;
}

bool ParseIsoDate(std::string_view text, uint32_t* yyyymmdd) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
      !AllAsciiDigits(text.substr(0, 4)) ||
      !AllAsciiDigits(text.substr(5, 2)) ||
      !AllAsciiDigits(text.substr(8, 2))) {
    return false;
  }
  uint32_t v = static_cast<uint32_t>(DigitsValue(text.substr(0, 4)) * 10000 +
                                     DigitsValue(text.substr(5, 2)) * 100 +
                                     DigitsValue(text.substr(8, 2)));
  if (!ValidYmd(v))
    return false;
  *yyyymmdd = v;
  return true;
}

std::string FormatIsoDate(uint32_t yyyymmdd) {
  if (yyyymmdd == 0)
    return std::string();
  std::string out;
  AppendZeroPadded(yyyymmdd / 10000, 4, &out);
  out.push_back('-');
  AppendZeroPadded(yyyymmdd / 100 % 100, 2, &out);
  out.push_back('-');
  AppendZeroPadded(yyyymmdd % 100, 2, &out);
  return out;
}

const char* RansomwareUseName(RansomwareUse r) {
  return r == RansomwareUse::kKnown ? "Known" : "Unknown";
}

const char* SsvcExploitationName(uint8_t exploitation) {
  switch (exploitation) {
    case 1:
      return "poc";
    case 2:
      return "active";
    default:
      return "none";
  }
}

// ---- IntelBundle ---------------------------------------------------------

IntelBundle::IntelBundle() = default;
IntelBundle::~IntelBundle() = default;
IntelBundle::IntelBundle(const IntelBundle&) = default;
IntelBundle& IntelBundle::operator=(const IntelBundle&) = default;
IntelBundle::IntelBundle(IntelBundle&&) noexcept = default;
IntelBundle& IntelBundle::operator=(IntelBundle&&) noexcept = default;

Result<IntelBundle> IntelBundle::LoadDefault() {
  std::string_view bytes = DefaultIntelBundleBytes();
  if (bytes.empty()) {
    return BundleError(
        "no built-in bundle (data/intel/default.intel was missing when the "
        "core was built; run scripts/build-intel)");
  }
  return Parse(bytes, "built-in");
}

Result<IntelBundle> IntelBundle::Parse(std::string_view bytes,
                                       std::string origin) {
  ByteReader header(bytes);
  std::string_view magic = header.Bytes(kIntelMagic.size());
  if (header.failed() || magic != kIntelMagic)
    return BundleError("not an intel bundle (bad magic bytes)");
  uint16_t version = header.U16();
  uint16_t flags = header.U16();
  uint32_t reserved = header.U32();
  uint64_t payload_size = header.U64();
  uint64_t checksum = header.U64();
  if (header.failed())
    return BundleError("truncated header");
  if (version != kIntelFormatVersion) {
    return BundleError("format version " + std::to_string(version) +
                       " is not supported (this build reads version " +
                       std::to_string(kIntelFormatVersion) + ")");
  }
  if ((flags & ~intel_internal::kFlagZstd) != 0 || reserved != 0)
    return BundleError("unknown header flags");
  if (payload_size > kMaxIntelPayloadBytes)
    return BundleError("payload too large");

  IntelBundle b;
  b.origin_ = std::move(origin);
  b.stored_bytes_ = bytes.size();
  b.compressed_ = (flags & intel_internal::kFlagZstd) != 0;
  std::string_view stored = bytes.substr(kIntelHeaderBytes);
  if (b.compressed_) {
    if (DetectCompression(stored) != Compression::kZstd)
      return BundleError("payload is not a zstd frame");
    DecompressLimits limits;
    limits.max_output_bytes = payload_size;
    std::unique_ptr<Decompressor> zstd =
        Decompressor::Create(Compression::kZstd, limits);
    // The header is untrusted: reserve no more than a plausible ratio.
    b.payload_.reserve(std::min<uint64_t>(payload_size, stored.size() * 64));
    auto sink = [&b](std::string_view piece) {
      b.payload_.append(piece.data(), piece.size());
      return Status::Ok();
    };
    Status s = zstd->Feed(stored, sink);
    if (s.ok())
      s = zstd->Finish(sink);
    if (!s.ok())
      return BundleError(s.message());
  } else {
    b.payload_.assign(stored.data(), stored.size());
  }
  if (b.payload_.size() != payload_size) {
    return BundleError("payload is " + std::to_string(b.payload_.size()) +
                       " bytes, the header says " +
                       std::to_string(payload_size));
  }
  if (Fnv64().Add(b.payload_).value() != checksum)
    return BundleError("checksum mismatch (the file is damaged)");
  EXPOSURE_RETURN_IF_ERROR(b.ParsePayload());
  return b;
}

Status IntelBundle::ParsePayload() {
  ByteReader r(payload_);
  bool seen_kev = false;
  bool seen_epss = false;
  bool seen_ssvc = false;
  bool seen_exploits = false;
  while (!r.at_end()) {
    uint8_t tag = r.U8();
    uint64_t size = r.Varint();
    size_t body_offset = r.offset();
    std::string_view body = r.Bytes(size);
    if (r.failed())
      return BundleError("truncated section list");
    Status s;
    if (tag == intel_internal::kKevSection) {
      if (seen_kev)
        return BundleError("two KEV sections");
      seen_kev = true;
      s = ParseKev(body, body_offset);
    } else if (tag == intel_internal::kEpssSection) {
      if (seen_epss)
        return BundleError("two EPSS sections");
      seen_epss = true;
      s = ParseEpss(body);
    } else if (tag == intel_internal::kSsvcSection) {
      if (seen_ssvc)
        return BundleError("two SSVC sections");
      seen_ssvc = true;
      s = ParseSsvc(body);
    } else if (tag == intel_internal::kExploitSection) {
      if (seen_exploits)
        return BundleError("two exploit sections");
      seen_exploits = true;
      s = ParseExploits(body, body_offset);
    }  // else: a section added by a later writer; skipped
    if (!s.ok())
      return s;
  }
  return Status::Ok();
}

namespace {

// Reads n key deltas into strictly ascending keys; false on overflow,
// disorder, or a key that is no CVE id.
bool ReadKeys(ByteReader& r, uint64_t n, std::vector<CveKey>* keys) {
  keys->resize(n);
  CveKey key = 0;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t delta = r.Varint();
    if ((i > 0 && delta == 0) || delta > ~key)  // ~key: room left
      return false;
    key += delta;
    (*keys)[i] = key;
  }
  if (r.failed())
    return false;
  for (CveKey k : *keys) {
    uint64_t year = k >> intel_internal::kCveNumberBits;
    uint64_t number = k & ((uint64_t{1} << intel_internal::kCveNumberBits) - 1);
    if (year < 1000 || year > 9999 || number > intel_internal::kMaxCveNumber)
      return false;
  }
  return true;
}

// A row count is plausible if each row can still take at least one byte.
bool PlausibleCount(const ByteReader& r, uint64_t n) {
  return n <= r.remaining();
}

// A stored date (yyyymmdd varint, 0 = none) that must be 0 or valid.
bool ReadDate(ByteReader& r, uint32_t* date) {
  uint64_t v = r.Varint();
  *date = static_cast<uint32_t>(v);
  return v == 0 || (v <= 99991231 && ValidYmd(*date));
}

// A row's date stored against the snapshot date whose ordinal + 1 is
// `snapshot_day` (0: no snapshot), as intel.h says: 0 unknown, else 1 + the
// days back from the snapshot. Kept as ordinal + 1 (0 unknown): rows are
// converted to yyyymmdd when looked up, so that loading stays fast. False
// when it reaches before year 1 or there is no snapshot to count from.
bool ReadDaysBack(ByteReader& r, uint32_t snapshot_day, uint32_t* day) {
  uint64_t v = r.Varint();
  if (v == 0) {
    *day = 0;
    return true;
  }
  if (v > snapshot_day)
    return false;
  *day = snapshot_day - static_cast<uint32_t>(v - 1);
  return true;
}

// yyyymmdd of a day kept as ordinal + 1; 0 for 0.
uint32_t DateOfDay(uint32_t day) {
  return day == 0 ? 0 : intel_internal::DateOfOrdinal(day - 1);
}

}  // namespace

Status IntelBundle::ParseKev(std::string_view body, size_t body_offset) {
  ByteReader r(body);
  kev_source_.present = true;
  kev_source_.catalog_version = std::string(r.Str());
  kev_source_.date_released = std::string(r.Str());
  uint64_t n = r.Varint();
  if (r.failed() || !PlausibleCount(r, n))
    return BundleError("truncated KEV section");
  if (!ReadKeys(r, n, &kev_keys_))
    return BundleError("bad KEV keys");
  kev_rows_.assign(n, KevRow{});
  for (KevRow& row : kev_rows_)
    row.date_added = static_cast<uint32_t>(r.Varint());
  for (KevRow& row : kev_rows_)
    row.due_date = static_cast<uint32_t>(r.Varint());
  kev_ransomware_known_ = 0;
  for (KevRow& row : kev_rows_) {
    uint8_t v = r.U8();
    if (v > 1)
      return BundleError("bad KEV ransomware value");
    row.ransomware = static_cast<RansomwareUse>(v);
    kev_ransomware_known_ += v;
  }
  for (int column = 0; column < 3; ++column) {
    for (KevRow& row : kev_rows_) {
      std::string_view s = r.Str();
      row.text_offset[column] =
          static_cast<uint32_t>(body_offset + (s.data() - body.data()));
      row.text_size[column] = static_cast<uint32_t>(s.size());
    }
  }
  if (r.failed() || !r.at_end())
    return BundleError("truncated or oversized KEV section");
  for (const KevRow& row : kev_rows_) {
    if (!ValidYmd(row.date_added) ||
        (row.due_date != 0 && !ValidYmd(row.due_date))) {
      return BundleError("bad KEV date");
    }
  }
  return Status::Ok();
}

Status IntelBundle::ParseEpss(std::string_view body) {
  ByteReader r(body);
  epss_source_.present = true;
  epss_source_.model_version = std::string(r.Str());
  epss_source_.score_date = std::string(r.Str());
  uint64_t flags = r.Varint();
  uint64_t n = r.Varint();
  if (r.failed() || !PlausibleCount(r, n))
    return BundleError("truncated EPSS section");
  if ((flags & ~intel_internal::kEpssPartial) != 0)
    return BundleError("unknown EPSS flags");
  epss_source_.partial = (flags & intel_internal::kEpssPartial) != 0;
  if (!ReadKeys(r, n, &epss_keys_))
    return BundleError("bad EPSS keys");
  epss_scores_.assign(n, EpssScore{});
  bool in_range = true;
  for (EpssScore& s : epss_scores_) {
    uint64_t v = r.Varint();
    in_range = in_range && v <= kEpssScale;
    s.epss = static_cast<uint32_t>(v);
  }
  for (EpssScore& s : epss_scores_) {
    uint64_t v = r.Varint();
    in_range = in_range && v <= kEpssScale;
    s.percentile = static_cast<uint32_t>(v);
  }
  if (r.failed() || !r.at_end())
    return BundleError("truncated or oversized EPSS section");
  if (!in_range)
    return BundleError("EPSS value out of range");
  return Status::Ok();
}

Status IntelBundle::ParseSsvc(std::string_view body) {
  ByteReader r(body);
  ssvc_source_.present = true;
  ssvc_source_.label = std::string(r.Str());
  uint32_t latest = 0;
  bool date_ok = ReadDate(r, &latest);
  uint64_t n = r.Varint();
  if (r.failed() || !PlausibleCount(r, n))
    return BundleError("truncated SSVC section");
  if (!date_ok || (n > 0) != (latest != 0))
    return BundleError("bad SSVC date");
  ssvc_source_.latest_assessed = FormatIsoDate(latest);
  ssvc_source_.records = n;
  if (!ReadKeys(r, n, &ssvc_keys_))
    return BundleError("bad SSVC keys");
  ssvc_rows_.assign(n, SsvcRow{});
  constexpr uint8_t kKnownBits = intel_internal::kSsvcExploitationMask |
                                 intel_internal::kSsvcAutomatable |
                                 intel_internal::kSsvcTotalImpact;
  for (SsvcRow& row : ssvc_rows_) {
    row.packed = r.U8();
    if ((row.packed & ~kKnownBits) != 0 ||
        (row.packed & intel_internal::kSsvcExploitationMask) > 2) {
      return BundleError("bad SSVC value");
    }
  }
  // Every row has a date, days back from the latest, kept as an ordinal.
  const uint32_t latest_day =
      latest == 0 ? 0 : intel_internal::DayOrdinal(latest);
  for (SsvcRow& row : ssvc_rows_) {
    uint64_t back = r.Varint();
    if (r.failed() || back > latest_day)
      return BundleError("bad SSVC date");
    row.assessed_day = latest_day - static_cast<uint32_t>(back);
  }
  if (r.failed() || !r.at_end())
    return BundleError("truncated or oversized SSVC section");
  return Status::Ok();
}

Status IntelBundle::ParseExploits(std::string_view body, size_t body_offset) {
  ByteReader r(body);
  exploit_source_.present = true;
  uint64_t sources = r.Varint();
  uint32_t snapshot[3];
  bool dates_ok = true;
  for (uint32_t& d : snapshot)
    dates_ok = ReadDate(r, &d) && dates_ok;
  uint64_t n = r.Varint();
  if (r.failed() || !PlausibleCount(r, n))
    return BundleError("truncated exploit section");
  constexpr uint64_t kAllSources = intel_internal::kExploitHasMetasploit |
                                   intel_internal::kExploitHasExploitDb |
                                   intel_internal::kExploitHasNuclei;
  if (sources == 0 || (sources & ~kAllSources) != 0)
    return BundleError("bad exploit sources");
  if (!dates_ok)
    return BundleError("bad exploit source date");
  ExploitSourceInfo& info = exploit_source_;
  info.metasploit = (sources & intel_internal::kExploitHasMetasploit) != 0;
  info.exploitdb = (sources & intel_internal::kExploitHasExploitDb) != 0;
  info.nuclei = (sources & intel_internal::kExploitHasNuclei) != 0;
  const bool has[3] = {info.metasploit, info.exploitdb, info.nuclei};
  for (int i = 0; i < 3; ++i) {
    if (!has[i] && snapshot[i] != 0)
      return BundleError("bad exploit source date");
  }
  info.metasploit_date = FormatIsoDate(snapshot[0]);
  info.exploitdb_date = FormatIsoDate(snapshot[1]);
  info.nuclei_date = FormatIsoDate(snapshot[2]);
  if (!ReadKeys(r, n, &exploit_keys_))
    return BundleError("bad exploit keys");
  exploit_rows_.assign(n, ExploitRow{});
  // The flag bits each source's rows carry.
  constexpr uint8_t kSourceFlags[3] = {
      kExploitMetasploitModule | kExploitMetasploitAux, kExploitDb,
      kExploitNuclei};
  constexpr uint8_t kAllFlags = kExploitMetasploitModule |
                                kExploitMetasploitAux | kExploitDb |
                                kExploitNuclei;
  for (size_t& c : exploit_counts_)
    c = 0;
  for (ExploitRow& row : exploit_rows_) {
    row.flags = r.U8();
    if (row.flags == 0 || (row.flags & ~kAllFlags) != 0)
      return BundleError("bad exploit flags");
    for (int i = 0; i < 3; ++i) {
      if ((row.flags & kSourceFlags[i]) != 0 && !has[i])
        return BundleError("exploit flags of a source the bundle lacks");
    }
    exploit_counts_[0] += (row.flags & kSourceFlags[0]) != 0;
    exploit_counts_[1] += (row.flags & kExploitMetasploitModule) != 0;
    exploit_counts_[2] += (row.flags & kExploitDb) != 0;
    exploit_counts_[3] += (row.flags & kExploitNuclei) != 0;
  }
  auto text = [&](uint32_t* offset, uint32_t* size) {
    std::string_view s = r.Str();
    if (r.failed())
      return;  // refused below
    *offset = static_cast<uint32_t>(body_offset + (s.data() - body.data()));
    *size = static_cast<uint32_t>(s.size());
  };
  int64_t previous_id = 0;  // Exploit-DB ids are differences
  for (int source = 0; source < 3; ++source) {
    const uint32_t snapshot_day =
        snapshot[source] == 0
            ? 0
            : intel_internal::DayOrdinal(snapshot[source]) + 1;
    for (ExploitRow& row : exploit_rows_) {
      if ((row.flags & kSourceFlags[source]) != 0 &&
          !ReadDaysBack(r, snapshot_day, &row.day[source])) {
        return BundleError("bad exploit date");
      }
    }
    for (ExploitRow& row : exploit_rows_) {
      if ((row.flags & kSourceFlags[source]) == 0)
        continue;
      if (source == 0) {
        text(&row.module_offset, &row.module_size);
        if (row.module_size == 0 && !r.failed())
          return BundleError("a Metasploit row without a module");
      } else if (source == 1) {
        int64_t id = previous_id + intel_internal::UnZigZag(r.Varint());
        if (!r.failed() && (id <= 0 || id > int64_t{UINT32_MAX}))
          return BundleError("bad Exploit-DB id");
        row.exploitdb_id = static_cast<uint32_t>(id);
        previous_id = id;
      } else {
        text(&row.template_offset, &row.template_size);
      }
    }
  }
  if (r.failed() || !r.at_end())
    return BundleError("truncated or oversized exploit section");
  return Status::Ok();
}

KevEntry IntelBundle::kev_at(size_t i) const {
  const KevRow& row = kev_rows_[i];
  KevEntry e;
  e.cve = kev_keys_[i];
  e.date_added = row.date_added;
  e.due_date = row.due_date;
  e.ransomware = row.ransomware;
  std::string_view text(payload_);
  e.vendor_project = text.substr(row.text_offset[0], row.text_size[0]);
  e.product = text.substr(row.text_offset[1], row.text_size[1]);
  e.vulnerability_name = text.substr(row.text_offset[2], row.text_size[2]);
  return e;
}

std::optional<KevEntry> IntelBundle::FindKev(CveKey key) const {
  auto it = std::lower_bound(kev_keys_.begin(), kev_keys_.end(), key);
  if (it == kev_keys_.end() || *it != key)
    return std::nullopt;
  return kev_at(static_cast<size_t>(it - kev_keys_.begin()));
}

std::optional<KevEntry> IntelBundle::FindKev(std::string_view cve_id) const {
  CveKey key;
  if (!ParseCveKey(cve_id, &key))
    return std::nullopt;
  return FindKev(key);
}

std::optional<EpssScore> IntelBundle::FindEpss(CveKey key) const {
  auto it = std::lower_bound(epss_keys_.begin(), epss_keys_.end(), key);
  if (it == epss_keys_.end() || *it != key)
    return std::nullopt;
  return epss_scores_[static_cast<size_t>(it - epss_keys_.begin())];
}

std::optional<EpssScore> IntelBundle::FindEpss(std::string_view cve_id) const {
  CveKey key;
  if (!ParseCveKey(cve_id, &key))
    return std::nullopt;
  return FindEpss(key);
}

SsvcEntry IntelBundle::ssvc_at(size_t i) const {
  const SsvcRow& row = ssvc_rows_[i];
  SsvcEntry e;
  e.cve = ssvc_keys_[i];
  e.exploitation = row.packed & intel_internal::kSsvcExploitationMask;
  e.automatable = (row.packed & intel_internal::kSsvcAutomatable) != 0;
  e.technical_impact_total =
      (row.packed & intel_internal::kSsvcTotalImpact) != 0;
  e.assessed = intel_internal::DateOfOrdinal(row.assessed_day);
  return e;
}

ExploitEntry IntelBundle::exploit_at(size_t i) const {
  const ExploitRow& row = exploit_rows_[i];
  ExploitEntry e;
  e.cve = exploit_keys_[i];
  e.flags = row.flags;
  e.metasploit_added = DateOfDay(row.day[0]);
  e.exploitdb_date = DateOfDay(row.day[1]);
  e.nuclei_added = DateOfDay(row.day[2]);
  for (uint32_t d : {e.metasploit_added, e.exploitdb_date, e.nuclei_added}) {
    if (d != 0 && (e.first_public == 0 || d < e.first_public))
      e.first_public = d;
  }
  std::string_view text(payload_);
  e.metasploit_module = text.substr(row.module_offset, row.module_size);
  e.exploitdb_id = row.exploitdb_id;
  e.nuclei_template = text.substr(row.template_offset, row.template_size);
  return e;
}

std::optional<SsvcEntry> IntelBundle::FindSsvc(CveKey key) const {
  auto it = std::lower_bound(ssvc_keys_.begin(), ssvc_keys_.end(), key);
  if (it == ssvc_keys_.end() || *it != key)
    return std::nullopt;
  return ssvc_at(static_cast<size_t>(it - ssvc_keys_.begin()));
}

std::optional<SsvcEntry> IntelBundle::FindSsvc(std::string_view cve_id) const {
  CveKey key;
  if (!ParseCveKey(cve_id, &key))
    return std::nullopt;
  return FindSsvc(key);
}

std::optional<ExploitEntry> IntelBundle::FindExploits(CveKey key) const {
  auto it = std::lower_bound(exploit_keys_.begin(), exploit_keys_.end(), key);
  if (it == exploit_keys_.end() || *it != key)
    return std::nullopt;
  return exploit_at(static_cast<size_t>(it - exploit_keys_.begin()));
}

std::optional<ExploitEntry> IntelBundle::FindExploits(
    std::string_view cve_id) const {
  CveKey key;
  if (!ParseCveKey(cve_id, &key))
    return std::nullopt;
  return FindExploits(key);
}

}  // namespace exposure
